//! One attempt of a request: hand it to the [`Transport`] under the attempt's timeout, check the
//! response against the size limit, and say what a failure means for retrying and which [`Error`]
//! it becomes. Every transport gets this, whatever it does itself.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName};

use super::error::error_chain;
use super::error::Error;
use super::retry::Outcome;
use super::transport::{
    BodyFailure, HttpRequest, HttpResponse, SendFailure, Transport, TransportError,
};

const REQUEST_ID: HeaderName = HeaderName::from_static("request-id");

/// Sends `request` through `transport`: no longer than `timeout`, and no body larger than its
/// `max_response_size`, whether or not the transport checks them itself.
pub(crate) async fn send(
    transport: &dyn Transport,
    request: HttpRequest,
    timeout: Duration,
) -> Result<HttpResponse, TransportError> {
    let limit = request.max_response_size;
    let response = match tokio::time::timeout(timeout, transport.send(request)).await {
        Ok(result) => result?,
        Err(elapsed) => {
            return Err(TransportError::Send {
                kind: SendFailure::Timeout,
                source: Box::new(elapsed),
            })
        }
    };
    if response.body.len() as u64 > limit {
        return Err(TransportError::TooLarge {
            status: response.status,
            headers: response.headers,
        });
    }
    Ok(response)
}

/// What a failed attempt means for retrying: `None` when retrying cannot help (an invalid request,
/// a body past the size limit, which would come again). Every other failure is a connection error
/// or a timeout, whatever its cause (refused, reset, closed, not HTTP, a body cut short or with
/// invalid chunked framing): the policy (`retry.rs`) retries those, and every `POST` carries an
/// idempotency key, so a request the server did receive is not applied twice.
pub(crate) fn outcome(e: &TransportError) -> Option<Outcome> {
    match e {
        TransportError::Send {
            kind: SendFailure::Invalid,
            ..
        }
        | TransportError::TooLarge { .. } => None,
        TransportError::Send {
            kind: SendFailure::Timeout,
            ..
        }
        | TransportError::Body {
            kind: BodyFailure::Timeout,
            ..
        } => Some(Outcome::Timeout),
        TransportError::Send { .. } | TransportError::Body { .. } => Some(Outcome::Connection),
    }
}

/// The failure in a word, for tracing.
pub(crate) fn what(e: &TransportError) -> &'static str {
    match e {
        TransportError::Send {
            kind: SendFailure::Invalid,
            ..
        } => "config",
        TransportError::Send {
            kind: SendFailure::Timeout,
            ..
        }
        | TransportError::Body {
            kind: BodyFailure::Timeout,
            ..
        } => "timeout",
        TransportError::Send { .. } => "connection",
        TransportError::Body {
            kind: BodyFailure::Malformed(_),
            ..
        } => "malformed_body",
        TransportError::Body { .. } => "incomplete_body",
        TransportError::TooLarge { .. } => "response_too_large",
    }
}

/// The response head's status and `Request-Id`, when one arrived.
pub(crate) fn response(e: &TransportError) -> Option<(u16, Option<&str>)> {
    match e {
        TransportError::Send { .. } => None,
        TransportError::Body {
            status, headers, ..
        }
        | TransportError::TooLarge { status, headers } => Some((*status, request_id(headers))),
    }
}

/// The error the request fails with when this was its last attempt.
pub(crate) fn into_error(e: TransportError, limit: u64) -> Error {
    match e {
        TransportError::Send {
            kind: SendFailure::Invalid,
            source,
        } => Error::Config(error_chain(source.as_ref())),
        TransportError::Send {
            kind: SendFailure::Timeout,
            source,
        } => Error::Timeout {
            message: error_chain(source.as_ref()),
            source,
        },
        TransportError::Send { kind, source } => Error::Connection {
            message: format!("{}: {}", kind.describe(), error_chain(source.as_ref())),
            source,
        },
        TransportError::Body {
            status,
            headers,
            received,
            kind,
            source,
        } => {
            let request_id = request_id(&headers).map(str::to_owned);
            match kind {
                BodyFailure::Timeout => Error::Timeout {
                    message: error_chain(source.as_ref()),
                    source,
                },
                BodyFailure::Malformed(message) => Error::MalformedBody {
                    status,
                    request_id,
                    received,
                    message,
                    source,
                },
                BodyFailure::Incomplete => Error::IncompleteBody {
                    status,
                    request_id,
                    received,
                    expected: content_length(&headers),
                    source,
                },
            }
        }
        TransportError::TooLarge { status, headers } => Error::ResponseTooLarge {
            status,
            request_id: request_id(&headers).map(str::to_owned),
            limit,
            content_length: content_length(&headers),
        },
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
        headers.insert("content-length", HeaderValue::from_static("2048"));
        let e = TransportError::TooLarge {
            status: 200,
            headers,
        };
        assert_eq!(outcome(&e), None, "the same body would come again");
        assert_eq!(what(&e), "response_too_large");
        assert_eq!(response(&e), Some((200, Some("req_big"))));
        let e = into_error(e, 1024);
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
