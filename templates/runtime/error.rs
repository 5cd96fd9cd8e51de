//! [`Error`]: everything a request can fail with, and Stripe's error object.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Boxed underlying cause of a transport error.
type Source = Box<dyn std::error::Error + Send + Sync + 'static>;

/// An error from a Stripe request.
///
/// API errors are sorted by HTTP status as Stripe's SDKs do, so that callers can match on the kind
/// of failure; each carries the full [`ApiError`].
#[non_exhaustive]
#[derive(Debug)]
pub enum Error {
    /// 402: the card was declined or could not be charged (`card_error`).
    Card(ApiError),
    /// 400 and 404, and any other 4xx without its own variant: the request was invalid.
    InvalidRequest(ApiError),
    /// 401: no, wrong or expired API key.
    Authentication(ApiError),
    /// 403: the key lacks the permission for this request.
    Permission(ApiError),
    /// 429: too many requests.
    RateLimit(ApiError),
    /// Error type `idempotency_error` (any status): the idempotency key was reused with different
    /// parameters, or is in use by a concurrent request.
    Idempotency(ApiError),
    /// 5xx (or any unexpected status): an error on Stripe's side.
    Api(ApiError),
    /// The request did not get through: connection refused or reset, DNS failure, TLS failure, or
    /// the connection broke before a response arrived.
    Connection {
        /// What went wrong.
        message: String,
        /// The transport's error.
        source: Source,
    },
    /// No complete response within the configured timeout (per attempt, after all retries).
    Timeout {
        /// What went wrong.
        message: String,
        /// The transport's error.
        source: Source,
    },
    /// A response arrived, but the connection closed (or broke) before the whole body did, on
    /// every attempt. Retried like a connection error.
    IncompleteBody {
        /// HTTP status of the response.
        status: u16,
        /// The `Request-Id` response header.
        request_id: Option<String>,
        /// How many bytes of the body arrived.
        received: u64,
        /// The `Content-Length` the response announced, if it did.
        expected: Option<u64>,
        /// The transport's error.
        source: Source,
    },
    /// The response body is larger than the client accepts
    /// ([`ClientBuilder::max_response_size`](super::ClientBuilder::max_response_size)): refused
    /// as soon as its `Content-Length` says so, or once that many bytes have arrived. Not retried.
    ResponseTooLarge {
        /// HTTP status of the response.
        status: u16,
        /// The `Request-Id` response header.
        request_id: Option<String>,
        /// The limit, in bytes.
        limit: u64,
        /// The `Content-Length` the response announced, if it did.
        content_length: Option<u64>,
    },
    /// A response body that is not the JSON expected: a success body that does not match the
    /// response type, or an error body that is not `{"error": {...}}`.
    ///
    /// It keeps a bounded excerpt of the body, not the body: a 10 MB body does not make a 10 MB
    /// error.
    Decode {
        /// HTTP status of the response.
        status: u16,
        /// The `Request-Id` response header.
        request_id: Option<String>,
        /// At most about 1 KiB of the body (invalid UTF-8 replaced): the whole body when it is that
        /// short, else the part around where decoding failed, cut at `…`.
        body: String,
        /// The length of the whole body, in bytes.
        body_len: usize,
        /// The JSON pointer (RFC 6901) of the value that failed to decode, such as
        /// `/card/exp_month` (`""`: the body itself).
        path: String,
        /// Why it could not be decoded, with the line and column.
        message: String,
    },
    /// Invalid client configuration (base URL, header values such as the API key), or a request that
    /// cannot be sent (a path with an empty or `.`/`..` segment, as from an empty object id).
    Config(String),
}

impl Error {
    /// The Stripe error, for errors returned by the API.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Card(e)
            | Error::InvalidRequest(e)
            | Error::Authentication(e)
            | Error::Permission(e)
            | Error::RateLimit(e)
            | Error::Idempotency(e)
            | Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The `Request-Id` of the response, when there was one (quote it to Stripe support).
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Decode { request_id, .. }
            | Error::IncompleteBody { request_id, .. }
            | Error::ResponseTooLarge { request_id, .. } => request_id.as_deref(),
            _ => self.api_error().and_then(|e| e.request_id.as_deref()),
        }
    }

    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Decode { status, .. }
            | Error::IncompleteBody { status, .. }
            | Error::ResponseTooLarge { status, .. } => Some(*status),
            _ => self.api_error().map(|e| e.status),
        }
    }

    /// Classifies an error response (non-2xx) from its status and body.
    pub(crate) fn from_response(status: u16, request_id: Option<String>, body: &[u8]) -> Error {
        #[derive(Deserialize)]
        struct Envelope {
            error: ErrorObject,
        }
        let error = match serde_json::from_slice::<Envelope>(body) {
            Ok(envelope) => envelope.error,
            Err(e) => {
                let failure = super::decode::Failure::new(body, &e);
                return failure.into_error(
                    status,
                    request_id,
                    body,
                    "error response is not a Stripe error object",
                );
            }
        };
        let api = ApiError {
            status,
            request_id,
            error: Box::new(error),
        };
        if api.error.error_type == "idempotency_error" {
            return Error::Idempotency(api);
        }
        match status {
            401 => Error::Authentication(api),
            402 => Error::Card(api),
            403 => Error::Permission(api),
            429 => Error::RateLimit(api),
            400..=499 => Error::InvalidRequest(api),
            _ => Error::Api(api),
        }
    }

    /// Maps a transport error from reqwest.
    pub(crate) fn from_transport(e: reqwest::Error) -> Error {
        if e.is_timeout() {
            Error::Timeout {
                message: error_chain(&e),
                source: Box::new(e),
            }
        } else if e.is_builder() {
            Error::Config(error_chain(&e))
        } else {
            Error::Connection {
                message: error_chain(&e),
                source: Box::new(e),
            }
        }
    }
}

/// An error and its causes, joined with `: ` (reqwest's own message hides the root cause, such as
/// "Connection refused").
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Card(e) => write!(f, "card error: {e}"),
            Error::InvalidRequest(e) => write!(f, "invalid request: {e}"),
            Error::Authentication(e) => write!(f, "authentication error: {e}"),
            Error::Permission(e) => write!(f, "permission error: {e}"),
            Error::RateLimit(e) => write!(f, "rate limited: {e}"),
            Error::Idempotency(e) => write!(f, "idempotency error: {e}"),
            Error::Api(e) => write!(f, "Stripe API error: {e}"),
            Error::Connection { message, .. } => {
                write!(f, "could not connect to Stripe: {message}")
            }
            Error::Timeout { message, .. } => write!(f, "request to Stripe timed out: {message}"),
            Error::IncompleteBody {
                status,
                request_id,
                received,
                expected,
                source,
            } => {
                write!(
                    f,
                    "the connection closed before the whole response body arrived (HTTP {status}"
                )?;
                if let Some(id) = request_id {
                    write!(f, ", request id {id}")?;
                }
                match expected {
                    Some(expected) => write!(f, "; {received} of {expected} bytes")?,
                    None => write!(f, "; {received} bytes")?,
                }
                write!(f, "): {}", error_chain(source.as_ref()))
            }
            Error::ResponseTooLarge {
                status,
                request_id,
                limit,
                content_length,
            } => {
                write!(
                    f,
                    "the response body is larger than the limit of {limit} bytes"
                )?;
                if let Some(length) = content_length {
                    write!(f, " (Content-Length {length})")?;
                }
                write!(f, " (HTTP {status}")?;
                if let Some(id) = request_id {
                    write!(f, ", request id {id}")?;
                }
                f.write_str(")")
            }
            Error::Decode {
                status,
                request_id,
                message,
                path,
                body_len,
                ..
            } => {
                write!(f, "could not decode Stripe response (HTTP {status}")?;
                if let Some(id) = request_id {
                    write!(f, ", request id {id}")?;
                }
                write!(f, ", {body_len} bytes): ")?;
                if !path.is_empty() {
                    write!(f, "at {path}: ")?;
                }
                f.write_str(message)
            }
            Error::Config(message) => write!(f, "invalid configuration: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Connection { source, .. }
            | Error::Timeout { source, .. }
            | Error::IncompleteBody { source, .. } => Some(source.as_ref()),
            _ => self.api_error().map(|e| e as _),
        }
    }
}

/// An error returned by the Stripe API: the response status, its request id and the error object.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// HTTP status of the response.
    pub status: u16,
    /// The `Request-Id` response header.
    pub request_id: Option<String>,
    /// The `error` member of the response body (boxed, so that [`Error`] stays small).
    pub error: Box<ErrorObject>,
}

impl ApiError {
    /// The error type: `api_error`, `card_error`, `idempotency_error`, `invalid_request_error`.
    pub fn error_type(&self) -> &str {
        &self.error.error_type
    }

    /// The error code, such as `card_declined` or `resource_missing`.
    pub fn code(&self) -> Option<&str> {
        self.error.code.as_deref()
    }

    /// For card errors from a decline, the issuer's reason, such as `insufficient_funds`.
    pub fn decline_code(&self) -> Option<&str> {
        self.error.decline_code.as_deref()
    }

    /// The parameter the error relates to, such as `card[number]`.
    pub fn param(&self) -> Option<&str> {
        self.error.param.as_deref()
    }

    /// The human-readable message.
    pub fn message(&self) -> Option<&str> {
        self.error.message.as_deref()
    }

    /// A link to the documentation of the error code.
    pub fn doc_url(&self) -> Option<&str> {
        self.error.doc_url.as_deref()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if !self.error.error_type.is_empty() {
            write!(f, " {}", self.error.error_type)?;
        }
        write!(f, ": {}", self.message().unwrap_or("(no message)"))?;
        let details = [
            ("code", self.code()),
            ("decline_code", self.decline_code()),
            ("param", self.param()),
            ("request_id", self.request_id.as_deref()),
        ];
        let mut first = true;
        for (label, value) in details {
            if let Some(value) = value {
                f.write_str(if first { " [" } else { ", " })?;
                write!(f, "{label}: {value}")?;
                first = false;
            }
        }
        if !first {
            f.write_str("]")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// Stripe's error object (the `error` member of an error response).
///
/// Members without a field of their own (`payment_intent`, `setup_intent`, `source`, …) are kept
/// as raw JSON in `extra`, so nothing is dropped.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct ErrorObject {
    /// `type`: `api_error`, `card_error`, `idempotency_error` or `invalid_request_error` (empty if
    /// absent).
    #[serde(rename = "type", default)]
    pub error_type: String,
    /// Short string identifying the error, such as `card_declined`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// For card declines, the issuer's reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decline_code: Option<String>,
    /// Link to the documentation of the error code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_url: Option<String>,
    /// Human-readable message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The parameter the error relates to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param: Option<String>,
    /// For card errors, the id of the failed charge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge: Option<String>,
    /// For payment method errors, the type of the payment method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method_type: Option<String>,
    /// Link to the request in the Dashboard's logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_log_url: Option<String>,
    /// Every other member, as raw JSON.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn classify(status: u16, body: serde_json::Value) -> Error {
        Error::from_response(
            status,
            Some("req_123".to_owned()),
            body.to_string().as_bytes(),
        )
    }

    fn body(error_type: &str) -> serde_json::Value {
        json!({"error": {"type": error_type, "message": "boom"}})
    }

    #[test]
    fn status_to_variant() {
        type Check = fn(&Error) -> bool;
        let cases: &[(u16, &str, Check)] = &[
            (400, "invalid_request_error", |e| {
                matches!(e, Error::InvalidRequest(_))
            }),
            (404, "invalid_request_error", |e| {
                matches!(e, Error::InvalidRequest(_))
            }),
            (405, "invalid_request_error", |e| {
                matches!(e, Error::InvalidRequest(_))
            }),
            (409, "invalid_request_error", |e| {
                matches!(e, Error::InvalidRequest(_))
            }),
            (401, "invalid_request_error", |e| {
                matches!(e, Error::Authentication(_))
            }),
            (402, "card_error", |e| matches!(e, Error::Card(_))),
            (403, "invalid_request_error", |e| {
                matches!(e, Error::Permission(_))
            }),
            (429, "invalid_request_error", |e| {
                matches!(e, Error::RateLimit(_))
            }),
            (500, "api_error", |e| matches!(e, Error::Api(_))),
            (503, "api_error", |e| matches!(e, Error::Api(_))),
            (302, "api_error", |e| matches!(e, Error::Api(_))),
            (400, "idempotency_error", |e| {
                matches!(e, Error::Idempotency(_))
            }),
            (409, "idempotency_error", |e| {
                matches!(e, Error::Idempotency(_))
            }),
            (500, "idempotency_error", |e| {
                matches!(e, Error::Idempotency(_))
            }),
        ];
        for (status, error_type, check) in cases {
            let e = classify(*status, body(error_type));
            assert!(check(&e), "{status} {error_type}: {e:?}");
            assert_eq!(e.status(), Some(*status));
            assert_eq!(e.request_id(), Some("req_123"));
            assert_eq!(e.api_error().unwrap().error_type(), *error_type);
        }
    }

    #[test]
    fn card_error_fields_and_extra() {
        let e = classify(
            402,
            json!({"error": {
                "type": "card_error",
                "code": "card_declined",
                "decline_code": "insufficient_funds",
                "message": "Your card has insufficient funds.",
                "param": "card[number]",
                "charge": "ch_1",
                "doc_url": "https://stripe.com/docs/error-codes/card-declined",
                "request_log_url": "https://dashboard.stripe.com/test/logs/req_123",
                "payment_intent": {"id": "pi_1", "object": "payment_intent"},
                "future_field": 7
            }}),
        );
        let Error::Card(api) = &e else {
            panic!("{e:?}")
        };
        assert_eq!(api.code(), Some("card_declined"));
        assert_eq!(api.decline_code(), Some("insufficient_funds"));
        assert_eq!(api.param(), Some("card[number]"));
        assert_eq!(api.message(), Some("Your card has insufficient funds."));
        assert_eq!(
            api.doc_url(),
            Some("https://stripe.com/docs/error-codes/card-declined")
        );
        assert_eq!(api.error.charge.as_deref(), Some("ch_1"));
        assert_eq!(api.error.payment_method_type, None);
        assert_eq!(api.error.extra["payment_intent"]["id"], "pi_1");
        assert_eq!(api.error.extra["future_field"], 7);
        assert_eq!(api.error.extra.len(), 2);
        assert_eq!(
            e.to_string(),
            "card error: HTTP 402 card_error: Your card has insufficient funds. [code: card_declined, \
             decline_code: insufficient_funds, param: card[number], request_id: req_123]"
        );
        // Round trip keeps everything.
        let value = serde_json::to_value(&api.error).unwrap();
        assert_eq!(value["payment_intent"]["object"], "payment_intent");
        assert_eq!(value["type"], "card_error");
        assert_eq!(
            serde_json::from_value::<ErrorObject>(value).unwrap(),
            *api.error
        );
    }

    #[test]
    fn minimal_error_object() {
        let e = Error::from_response(500, None, br#"{"error": {}}"#);
        let Error::Api(api) = &e else { panic!("{e:?}") };
        assert_eq!(api.error_type(), "");
        assert_eq!(e.request_id(), None);
        assert_eq!(e.to_string(), "Stripe API error: HTTP 500: (no message)");
        assert!(std::error::Error::source(&e).is_some());
    }

    #[test]
    fn bad_json_is_decode_with_body_kept() {
        let html = b"<html><body>502 Bad Gateway</body></html>";
        let e = Error::from_response(502, Some("req_9".to_owned()), html);
        match &e {
            Error::Decode {
                status,
                request_id,
                body,
                body_len,
                path,
                message,
            } => {
                assert_eq!(*status, 502);
                assert_eq!(request_id.as_deref(), Some("req_9"));
                assert_eq!(body, "<html><body>502 Bad Gateway</body></html>");
                assert_eq!(*body_len, html.len());
                assert_eq!(path, "");
                assert!(message.contains("not a Stripe error object"), "{message}");
                assert!(message.contains("line 1 column 1"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(e.status(), Some(502));
        assert_eq!(e.request_id(), Some("req_9"));
        assert!(e.api_error().is_none());
        assert!(
            e.to_string().starts_with(
                "could not decode Stripe response (HTTP 502, request id req_9, 41 bytes): "
            ),
            "{e}"
        );

        // JSON, but not an error envelope.
        let e = Error::from_response(400, None, br#"{"message": "nope"}"#);
        assert!(matches!(e, Error::Decode { status: 400, .. }), "{e:?}");
        // An error object of the wrong shape: the path names the member.
        let e = Error::from_response(400, None, br#"{"error": {"type": 5}}"#);
        assert!(
            matches!(e, Error::Decode { ref path, .. } if path == "/error/type"),
            "{e:?}"
        );
        assert!(e.to_string().contains("at /error/type: "), "{e}");
        let e = Error::from_response(400, None, b"");
        assert!(
            matches!(e, Error::Decode { ref body, .. } if body.is_empty()),
            "{e:?}"
        );
    }

    #[test]
    fn error_stays_small() {
        // Every `Result<_, Error>` carries it: keep it under clippy's `result_large_err` bound.
        assert!(
            std::mem::size_of::<Error>() <= 128,
            "{}",
            std::mem::size_of::<Error>()
        );
    }

    #[test]
    fn config_display() {
        let e = Error::Config("bad base URL".to_owned());
        assert_eq!(e.to_string(), "invalid configuration: bad base URL");
        assert_eq!(e.status(), None);
        assert_eq!(e.request_id(), None);
    }
}
