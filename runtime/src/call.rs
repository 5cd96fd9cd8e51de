//! [`Call`]: one operation's request, ready to send. A generated method builds its request (the
//! one place that does, an emitted `<method>_request` function) and returns it as a `Call`; the
//! caller sends it with `.await` (async), [`Call::send_blocking`] (feature `blocking`), or takes
//! it apart ([`Call::request`], [`Call::into_parts`]) to look at or send otherwise.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;

use serde::de::DeserializeOwned;

use super::client::Client;
use super::error::Error;
use super::options::RequestOptions;
use super::request::ApiRequest;
use super::response::Response;

/// The future a [`Call`] becomes.
pub type CallFuture<T> = Pin<Box<dyn Future<Output = Result<Response<T>, Error>> + Send>>;

/// An operation's request with the client (a clone: it shares the connection pool) and the
/// options to send it with: what every generated method returns. `.await` it (it implements
/// [`IntoFuture`]) for the [`Response`].
///
/// `D` says how a 2xx body becomes the `T`: [`Json`] (decoded, every JSON operation) or
/// [`Raw`] (kept as bytes, `T = Vec<u8>`: files, PDFs).
///
/// Sending is generic code that exists for a `T` only where a call of it is sent: a crate that
/// names a thousand operations compiles the decoding of those its callers send, not of all.
#[must_use = "a call does nothing until it is awaited or sent"]
pub struct Call<T, D = Json> {
    client: Client,
    options: RequestOptions,
    request: ApiRequest,
    decoding: PhantomData<fn() -> (T, D)>,
}

/// A [`Call`] whose 2xx JSON body is decoded as its `T` ([`Client::execute`]).
#[derive(Debug, Clone, Copy)]
pub struct Json;

/// A [`Call`] whose 2xx body is kept as it came ([`Client::execute_bytes`]): files, PDFs.
#[derive(Debug, Clone, Copy)]
pub struct Raw;

/// How a [`Call`] with decoding `Self` is sent and its body becomes a `T`: implemented by
/// [`Json`] (any deserializable `T`) and [`Raw`] (`Vec<u8>`) only.
pub trait Decoding<T>: sealed::Sealed {
    /// Sends `request` with `options` through `client` and decodes the response.
    fn send(client: Client, request: ApiRequest, options: RequestOptions) -> CallFuture<T>;
}

mod sealed {
    pub trait Sealed {}
}

impl sealed::Sealed for Json {}
impl sealed::Sealed for Raw {}

impl<T: DeserializeOwned + Send + 'static> Decoding<T> for Json {
    fn send(client: Client, request: ApiRequest, options: RequestOptions) -> CallFuture<T> {
        Box::pin(async move { client.execute::<T>(request, &options).await })
    }
}

impl Decoding<Vec<u8>> for Raw {
    fn send(client: Client, request: ApiRequest, options: RequestOptions) -> CallFuture<Vec<u8>> {
        Box::pin(async move { client.execute_bytes(request, &options).await })
    }
}

impl<T> Call<T> {
    /// A call whose 2xx JSON body is decoded as `T` ([`Client::execute`]).
    pub fn new(client: Client, options: RequestOptions, request: ApiRequest) -> Self {
        Call::with_decoding(client, options, request)
    }
}

impl Call<Vec<u8>, Raw> {
    /// A call whose 2xx body is kept as it came ([`Client::execute_bytes`]): files, PDFs.
    pub fn bytes(client: Client, options: RequestOptions, request: ApiRequest) -> Self {
        Call::with_decoding(client, options, request)
    }
}

impl<T, D> Call<T, D> {
    fn with_decoding(client: Client, options: RequestOptions, request: ApiRequest) -> Self {
        Call {
            client,
            options,
            request,
            decoding: PhantomData,
        }
    }

    /// The request this call sends.
    pub fn request(&self) -> &ApiRequest {
        &self.request
    }

    /// The options it is sent with.
    pub fn options(&self) -> &RequestOptions {
        &self.options
    }

    /// Sends it with `options` instead (idempotency key, account, API version, ...).
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// The request and the options, to send another way.
    pub fn into_parts(self) -> (ApiRequest, RequestOptions) {
        (self.request, self.options)
    }

    /// Sends the call from synchronous code and waits for the response: the caller needs no
    /// async runtime. The request runs on one background Tokio runtime the runtime crate starts
    /// on first use (one worker thread, shared by every blocking call of the process), so
    /// retries, idempotency keys, timeouts, tracing and decoding are exactly those of `.await`.
    ///
    /// # Errors
    ///
    /// As `.await`. Called from a thread that is running an async runtime, it returns
    /// [`Error::Config`] rather than block that runtime's thread: use `.await` there.
    #[cfg(feature = "blocking")]
    pub fn send_blocking(self) -> Result<Response<T>, Error>
    where
        T: Send + 'static,
        D: Decoding<T>,
    {
        super::blocking::wait(self.into_future())
    }
}

impl<T, D: Decoding<T>> IntoFuture for Call<T, D> {
    type Output = Result<Response<T>, Error>;
    type IntoFuture = CallFuture<T>;

    fn into_future(self) -> Self::IntoFuture {
        D::send(self.client, self.request, self.options)
    }
}

/// Shows the request (its query and body only by length) and the options.
impl<T, D> fmt::Debug for Call<T, D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("request", &self.request)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}
