//! [`Call`]: one operation's request, ready to send. A generated method builds its request (the
//! one place that does, an emitted `<method>_request` function) and returns it as a `Call`; the
//! caller sends it with `.await` (async), [`Call::send_blocking`] (feature `blocking`), or takes
//! it apart ([`Call::request`], [`Call::into_parts`]) to look at or send otherwise.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;

use serde::de::DeserializeOwned;

use super::{ApiRequest, Client, Error, RequestOptions, Response};

/// The future a [`Call`] becomes.
pub type CallFuture<T> = Pin<Box<dyn Future<Output = Result<Response<T>, Error>> + Send>>;

/// How a call is sent and its response body becomes a `T`: decoded as JSON, or kept as bytes.
type Sender<T> = fn(Client, ApiRequest, RequestOptions) -> CallFuture<T>;

/// An operation's request with the client (a clone: it shares the connection pool) and the
/// options to send it with: what every generated method returns. `.await` it (it implements
/// [`IntoFuture`]) for the [`Response`].
#[must_use = "a call does nothing until it is awaited or sent"]
pub struct Call<T> {
    client: Client,
    options: RequestOptions,
    request: ApiRequest,
    send: Sender<T>,
}

impl<T: DeserializeOwned + Send + 'static> Call<T> {
    /// A call whose 2xx JSON body is decoded as `T` ([`Client::execute`]).
    pub fn new(client: Client, options: RequestOptions, request: ApiRequest) -> Self {
        Call {
            client,
            options,
            request,
            send: |client, request, options| {
                Box::pin(async move { client.execute::<T>(request, &options).await })
            },
        }
    }
}

impl Call<Vec<u8>> {
    /// A call whose 2xx body is kept as it came ([`Client::execute_bytes`]): files, PDFs.
    pub fn bytes(client: Client, options: RequestOptions, request: ApiRequest) -> Self {
        Call {
            client,
            options,
            request,
            send: |client, request, options| {
                Box::pin(async move { client.execute_bytes(request, &options).await })
            },
        }
    }
}

impl<T> Call<T> {
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
    {
        super::blocking::wait(self.into_future())
    }
}

impl<T> IntoFuture for Call<T> {
    type Output = Result<Response<T>, Error>;
    type IntoFuture = CallFuture<T>;

    fn into_future(self) -> Self::IntoFuture {
        (self.send)(self.client, self.request, self.options)
    }
}

/// Shows the request (its query and body only by length) and the options.
impl<T> fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("request", &self.request)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}
