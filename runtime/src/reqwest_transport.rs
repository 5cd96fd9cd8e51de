//! [`ReqwestTransport`]: the default [`Transport`], reqwest with rustls on Tokio.

use super::body::{self, BodyError};
use super::error::Error;
use super::failure;
use super::transport::{
    BodyFailure, HttpRequest, HttpResponse, Transport, TransportError, TransportFuture,
};

/// The default transport: a `reqwest::Client` (rustls, HTTP/1.1 and HTTP/2, its connection pool),
/// reading bodies piece by piece, never past the size limit. It leaves the attempt's timeout to
/// the client, which bounds every transport's exchange; sent on its own, it waits as long as the
/// `reqwest::Client`'s own timeout allows.
#[derive(Clone, Debug)]
pub struct ReqwestTransport {
    http: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport with reqwest's defaults and no redirects (Stripe does not redirect; a `POST`
    /// must never be replayed elsewhere).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] if the HTTP client cannot be built (the TLS backend).
    pub fn new() -> Result<ReqwestTransport, Error> {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map(ReqwestTransport::from_client)
            .map_err(|e| Error::Config(format!("could not build the HTTP client: {e}")))
    }

    /// A transport sending through `http` (its proxy, TLS and pool settings).
    pub fn from_client(http: reqwest::Client) -> ReqwestTransport {
        ReqwestTransport { http }
    }
}

impl Transport for ReqwestTransport {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        Box::pin(async move {
            // No reqwest timeout: the client bounds the whole exchange itself (`attempt.rs`), and
            // a second timer per attempt would only cost.
            let mut builder = self
                .http
                .request(request.method.to_reqwest(), request.url)
                .headers(request.headers);
            if let Some(body) = request.body {
                // `Bytes` into a body: shared, not copied.
                builder = builder.body(body);
            }
            let mut response = builder.send().await.map_err(|e| TransportError::Send {
                kind: failure::before_response(&e),
                source: Box::new(e),
            })?;
            let status = response.status().as_u16();
            let headers = std::mem::take(response.headers_mut());
            match body::read(&mut response, request.max_response_size).await {
                Ok(body) => Ok(HttpResponse {
                    status,
                    headers,
                    body,
                }),
                Err(BodyError::Broken { received, source }) => Err(TransportError::Body {
                    status,
                    headers,
                    received,
                    kind: if source.is_timeout() {
                        BodyFailure::Timeout
                    } else {
                        failure::malformed_body(&source)
                            .map_or(BodyFailure::Incomplete, BodyFailure::Malformed)
                    },
                    source: Box::new(source),
                }),
                Err(BodyError::TooLarge) => Err(TransportError::TooLarge { status, headers }),
            }
        })
    }
}
