//! [`Transport`]: the one HTTP exchange below everything else. Retries, idempotency keys,
//! telemetry, tracing, the attempt's timeout, the response size limit and decoding all stay above
//! it (`execute.rs`, `attempt.rs`), so every transport gets them. The default is
//! [`ReqwestTransport`](super::ReqwestTransport) (reqwest + rustls on Tokio); a team plugs its own
//! HTTP stack with [`ClientBuilder::transport`](super::ClientBuilder::transport).

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderMap;

use super::request::Method;

/// A transport's error source.
pub type TransportSource = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The future [`Transport::send`] returns.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

/// Sends one HTTP request and reads its whole response: one attempt, nothing more (no retries,
/// no redirects: Stripe does not redirect, and a `POST` must not be replayed elsewhere).
///
/// ```ignore
/// struct Recording { inner: ReqwestTransport, seen: Mutex<Vec<String>> }
///
/// impl Transport for Recording {
///     fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
///         self.seen.lock().unwrap().push(format!("{} {}", request.method.as_str(), request.url));
///         self.inner.send(request)
///     }
/// }
/// ```
pub trait Transport: Send + Sync + 'static {
    /// Sends `request` and reads the whole response body.
    ///
    /// A transport should stop reading once the body passes [`HttpRequest::max_response_size`]
    /// ([`TransportError::TooLarge`]) and give up after [`HttpRequest::timeout`]; the client
    /// checks both again above it, so one that does not is still bounded.
    fn send(&self, request: HttpRequest) -> TransportFuture<'_>;
}

/// One request as it goes on the wire.
#[derive(Clone, Debug)]
pub struct HttpRequest {
    /// `GET`, `POST` or `DELETE`.
    pub method: Method,
    /// The absolute URL, query included.
    pub url: String,
    /// Every header to send (`Authorization`, `Stripe-Version`, `Idempotency-Key`,
    /// `Content-Type`, ...). Secret values are marked sensitive.
    pub headers: HeaderMap,
    /// The body, when there is one (the same bytes on every attempt, shared, not copied).
    pub body: Option<Bytes>,
    /// How long this attempt may take, from connecting until the whole body is read.
    pub timeout: Duration,
    /// The largest body to accept, in bytes.
    pub max_response_size: u64,
}

/// A whole response.
#[derive(Clone, Debug)]
pub struct HttpResponse {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Bytes,
}

/// Why an exchange gave no whole response. What that means for retrying, and which
/// [`Error`](super::Error) the request fails with, is decided above the transport.
#[derive(Debug)]
pub enum TransportError {
    /// No response head arrived (or the request could not be sent at all).
    Send {
        /// What happened.
        kind: SendFailure,
        /// The transport's error.
        source: TransportSource,
    },
    /// A response head arrived, but not its whole body.
    Body {
        /// The response's status.
        status: u16,
        /// The response's headers.
        headers: HeaderMap,
        /// How many body bytes arrived.
        received: u64,
        /// What happened.
        kind: BodyFailure,
        /// The transport's error.
        source: TransportSource,
    },
    /// The body is larger than [`HttpRequest::max_response_size`].
    TooLarge {
        /// The response's status.
        status: u16,
        /// The response's headers.
        headers: HeaderMap,
    },
}

/// What went wrong before a response head arrived. Every kind but [`Invalid`](Self::Invalid) is
/// retried (a `POST` carries an idempotency key, so a request that did arrive is not done twice).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SendFailure {
    /// The request could not be built or sent as given (not retried).
    Invalid,
    /// The attempt's timeout passed.
    Timeout,
    /// No connection was made: refused, DNS, TLS, or the connect timed out.
    NotConnected,
    /// The connection was made, then reset by the other side (or the write found it broken).
    Reset,
    /// The connection was made, then closed by the other side without a response.
    Closed,
    /// What came back is not an HTTP response head.
    NotHttp,
    /// Anything else after the request was handed to the connection.
    Other,
}

impl SendFailure {
    /// The opening words of the [`Error::Connection`](super::Error::Connection) message.
    pub fn describe(self) -> &'static str {
        match self {
            SendFailure::Invalid => "the request could not be sent",
            SendFailure::Timeout => "the request to Stripe timed out",
            SendFailure::NotConnected => "could not connect to Stripe",
            SendFailure::Reset => "the connection to Stripe was reset before a response arrived",
            SendFailure::Closed => "the connection to Stripe closed before a response arrived",
            SendFailure::NotHttp => "the response from Stripe is not valid HTTP",
            SendFailure::Other => "the request to Stripe failed before a response arrived",
        }
    }
}

/// What went wrong reading a body.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyFailure {
    /// The attempt's timeout passed.
    Timeout,
    /// The connection closed or was reset before the whole body arrived.
    Incomplete,
    /// The body's HTTP framing is invalid (such as a bad chunk size line): what was wrong.
    Malformed(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_say_could_not_connect_only_without_a_connection() {
        let all = [
            SendFailure::Invalid,
            SendFailure::Timeout,
            SendFailure::NotConnected,
            SendFailure::Reset,
            SendFailure::Closed,
            SendFailure::NotHttp,
            SendFailure::Other,
        ];
        for what in all {
            assert_eq!(
                what.describe().starts_with("could not connect"),
                what == SendFailure::NotConnected,
                "{what:?}"
            );
        }
    }
}
