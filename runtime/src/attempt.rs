//! One attempt of a request: send it, read the response head and the whole body (under the
//! attempt's timeout and the client's size limit), and say what a failure means for retrying and
//! which [`Error`] it becomes.

use reqwest::header::{HeaderMap, HeaderName};

use super::body::{self, BodyError};
use super::execute::RawResponse;
use super::retry::Outcome;
use super::transport;
use super::Error;

const REQUEST_ID: HeaderName = HeaderName::from_static("request-id");

/// Why an attempt produced no whole response.
#[derive(Debug)]
pub(crate) enum AttemptError {
    /// Sending failed, or no response head arrived (connection refused or reset, DNS, TLS,
    /// timeout), or the request could not be built.
    Send(reqwest::Error),
    /// A response head arrived, but not its whole body.
    Body {
        status: u16,
        headers: HeaderMap,
        error: BodyError,
    },
}

/// Sends `builder` and reads the whole body, refusing one larger than `limit` bytes.
pub(crate) async fn send(
    builder: reqwest::RequestBuilder,
    limit: u64,
) -> Result<RawResponse, AttemptError> {
    let mut response = builder.send().await.map_err(AttemptError::Send)?;
    let status = response.status().as_u16();
    let headers = std::mem::take(response.headers_mut());
    match body::read(&mut response, limit).await {
        Ok(body) => Ok(RawResponse {
            status,
            headers,
            body,
        }),
        Err(error) => Err(AttemptError::Body {
            status,
            headers,
            error,
        }),
    }
}

impl AttemptError {
    /// What the failure means for retrying: `None` when retrying cannot help (an invalid request,
    /// a body past the size limit, which would come again). Every other failure is a connection
    /// error or a timeout, whatever its cause (refused, reset, closed, not HTTP, a body cut short
    /// or with invalid chunked framing): the policy (`retry.rs`) retries those, and every `POST`
    /// carries an idempotency key, so a request the server did receive is not applied twice.
    pub(crate) fn outcome(&self) -> Option<Outcome> {
        match self {
            AttemptError::Send(e) if e.is_timeout() => Some(Outcome::Timeout),
            AttemptError::Send(e) if e.is_builder() => None,
            AttemptError::Send(_) => Some(Outcome::Connection),
            AttemptError::Body {
                error: BodyError::Broken { source, .. },
                ..
            } if source.is_timeout() => Some(Outcome::Timeout),
            AttemptError::Body {
                error: BodyError::Broken { .. },
                ..
            } => Some(Outcome::Connection),
            AttemptError::Body {
                error: BodyError::TooLarge { .. },
                ..
            } => None,
        }
    }

    /// The failure in a word, for tracing.
    pub(crate) fn what(&self) -> &'static str {
        match self {
            AttemptError::Send(e) if e.is_timeout() => "timeout",
            AttemptError::Send(e) if e.is_builder() => "config",
            AttemptError::Send(_) => "connection",
            AttemptError::Body {
                error: BodyError::Broken { source, .. },
                ..
            } if source.is_timeout() => "timeout",
            AttemptError::Body {
                error: BodyError::Broken { source, .. },
                ..
            } if transport::malformed_body(source).is_some() => "malformed_body",
            AttemptError::Body {
                error: BodyError::Broken { .. },
                ..
            } => "incomplete_body",
            AttemptError::Body {
                error: BodyError::TooLarge { .. },
                ..
            } => "response_too_large",
        }
    }

    /// The response head's status and `Request-Id`, when one arrived.
    pub(crate) fn response(&self) -> Option<(u16, Option<&str>)> {
        match self {
            AttemptError::Send(_) => None,
            AttemptError::Body {
                status, headers, ..
            } => Some((*status, request_id(headers))),
        }
    }

    /// The error the request fails with when this was its last attempt.
    pub(crate) fn into_error(self, limit: u64) -> Error {
        match self {
            AttemptError::Send(e) => Error::from_transport(e),
            AttemptError::Body {
                status,
                headers,
                error,
            } => {
                let request_id = request_id(&headers).map(str::to_owned);
                match error {
                    BodyError::Broken { source, .. } if source.is_timeout() => {
                        Error::from_transport(source)
                    }
                    BodyError::Broken { received, source } => {
                        match transport::malformed_body(&source) {
                            Some(message) => Error::MalformedBody {
                                status,
                                request_id,
                                received,
                                message,
                                source: Box::new(source),
                            },
                            None => Error::IncompleteBody {
                                status,
                                request_id,
                                received,
                                expected: content_length(&headers),
                                source: Box::new(source),
                            },
                        }
                    }
                    BodyError::TooLarge { content_length } => Error::ResponseTooLarge {
                        status,
                        request_id,
                        limit,
                        content_length,
                    },
                }
            }
        }
    }
}

/// The `Request-Id` response header.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<&str> {
    headers.get(&REQUEST_ID).and_then(|v| v.to_str().ok())
}

/// The `Content-Length` response header, when it is a number.
fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(reqwest::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn too_large_is_final_and_names_the_limit() {
        let mut headers = HeaderMap::new();
        headers.insert("request-id", HeaderValue::from_static("req_big"));
        let e = AttemptError::Body {
            status: 200,
            headers,
            error: BodyError::TooLarge {
                content_length: Some(2048),
            },
        };
        assert_eq!(e.outcome(), None, "the same body would come again");
        assert_eq!(e.what(), "response_too_large");
        assert_eq!(e.response(), Some((200, Some("req_big"))));
        let e = e.into_error(1024);
        assert!(
            matches!(
                &e,
                Error::ResponseTooLarge {
                    status: 200,
                    limit: 1024,
                    content_length: Some(2048),
                    ..
                }
            ),
            "{e:?}"
        );
        assert_eq!(e.request_id(), Some("req_big"));
        assert_eq!(e.status(), Some(200));
        assert_eq!(
            e.to_string(),
            "the response body is larger than the limit of 1024 bytes (Content-Length 2048) \
             (HTTP 200, request id req_big)"
        );
    }

    #[test]
    fn content_length_header() {
        let mut headers = HeaderMap::new();
        assert_eq!(content_length(&headers), None);
        headers.insert("content-length", HeaderValue::from_static("100"));
        assert_eq!(content_length(&headers), Some(100));
        headers.insert("content-length", HeaderValue::from_static("lots"));
        assert_eq!(content_length(&headers), None);
    }
}
