//! [`Error`]: everything a request can fail with, and Stripe's error object.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Boxed underlying cause of a transport error.
type Source = Box<dyn std::error::Error + Send + Sync + 'static>;

/// An error from a Stripe request.
///
/// API errors are sorted by HTTP status as Stripe's SDKs do, so that callers can match on the kind
/// of failure; each carries the full [`ApiError`]. Every answer outside 2xx is one of them, whatever
/// its body: one that is not Stripe's error JSON (an HTML page from a proxy or load balancer, a
/// truncated or empty body) is [`Error::Api`] with its status, request id and the start of the body
/// ([`ApiError::body`]), as stripe-python and stripe-node raise their `APIError` for it; so
/// [`Error::status`] and [`Error::api_error`] answer for every failed call that got a response head
/// and body.
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
    /// 5xx (or any unexpected status): an error on Stripe's side; and any non-2xx answer whose
    /// body is not Stripe's error JSON (then [`ApiError::error`] is `None` and [`ApiError::body`]
    /// holds the start of the body).
    Api(ApiError),
    /// No response head arrived: no connection could be made (connection refused, DNS or TLS
    /// failure), or the connection was reset or closed before a response, or what came back was
    /// not an HTTP response head (a garbage status line, conflicting `Content-Length` headers).
    Connection {
        /// What happened, then the transport's chain of causes. It starts with `could not connect
        /// to Stripe` only when no connection was made; after connecting it says what happened
        /// instead (`the connection to Stripe was reset before a response arrived`, `the connection
        /// to Stripe closed before a response arrived`, `the response from Stripe is not valid
        /// HTTP`).
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
    /// A response arrived, but the connection closed (or was reset) before the whole body did, on
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
    /// A response arrived, but its body's HTTP framing is invalid, on every attempt: a chunked body
    /// whose chunk-size line is not a hexadecimal size, or another violation of the chunked
    /// encoding. The server (or a proxy) sent a broken message; it was not cut short. Retried like
    /// a connection error (another attempt may reach a sound server).
    MalformedBody {
        /// HTTP status of the response.
        status: u16,
        /// The `Request-Id` response header.
        request_id: Option<String>,
        /// How many bytes of the body arrived before the invalid framing.
        received: u64,
        /// What was wrong, as the transport reports it (such as `Invalid chunk size line: missing
        /// size digit`).
        message: String,
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
    /// A success (2xx) body that is not the JSON expected: not JSON, or not of the response type.
    /// (An error body that is not `{"error": {...}}` is an [`Error::Api`].)
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
            | Error::MalformedBody { request_id, .. }
            | Error::ResponseTooLarge { request_id, .. } => request_id.as_deref(),
            _ => self.api_error().and_then(|e| e.request_id.as_deref()),
        }
    }

    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Decode { status, .. }
            | Error::IncompleteBody { status, .. }
            | Error::MalformedBody { status, .. }
            | Error::ResponseTooLarge { status, .. } => Some(*status),
            _ => self.api_error().map(|e| e.status),
        }
    }

    /// Classifies an error response (non-2xx) from its status and body: by status (and the
    /// `idempotency_error` type) when the body is Stripe's error JSON, else [`Error::Api`] keeping
    /// the start of the body.
    pub(crate) fn from_response(status: u16, request_id: Option<String>, body: &[u8]) -> Error {
        #[derive(Deserialize)]
        struct Envelope {
            error: ErrorObject,
        }
        let error = match serde_json::from_slice::<Envelope>(body) {
            Ok(envelope) => envelope.error,
            Err(_) => {
                return Error::Api(ApiError {
                    status,
                    request_id,
                    error: None,
                    body: Some(super::excerpt::excerpt(body, 0)),
                    raw: None,
                })
            }
        };
        let idempotency = error.error_type == "idempotency_error";
        let api = ApiError {
            status,
            request_id,
            error: Some(Box::new(error)),
            body: None,
            // Error JSON is UTF-8 (serde_json checked it): the text is the body, byte for byte.
            raw: Some(String::from_utf8_lossy(body).into_owned()),
        };
        if idempotency {
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
}

/// An error and its causes, joined with `: ` (reqwest's own message hides the root cause, such as
/// "Connection refused").
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
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
            Error::Connection { message, .. } => f.write_str(message),
            Error::Timeout { message, .. } => write!(f, "request to Stripe timed out: {message}"),
            Error::IncompleteBody {
                status,
                request_id,
                received,
                expected,
                source,
            } => {
                let how = if super::failure::was_reset(source.as_ref()) {
                    "was reset"
                } else {
                    "closed"
                };
                write!(
                    f,
                    "the connection {how} before the whole response body arrived (HTTP {status}"
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
            Error::MalformedBody {
                status,
                request_id,
                received,
                message,
                ..
            } => {
                write!(
                    f,
                    "the response body's HTTP framing is invalid (HTTP {status}"
                )?;
                if let Some(id) = request_id {
                    write!(f, ", request id {id}")?;
                }
                write!(f, "; after {received} bytes): {message}")
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
            | Error::IncompleteBody { source, .. }
            | Error::MalformedBody { source, .. } => Some(source.as_ref()),
            _ => self.api_error().map(|e| e as _),
        }
    }
}

/// An error answer of the Stripe API (any status outside 2xx): the response status, its request id,
/// and Stripe's error object when the body was one, else the start of the body.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// HTTP status of the response.
    pub status: u16,
    /// The `Request-Id` response header.
    pub request_id: Option<String>,
    /// The `error` member of the response body, when the body was Stripe's error JSON
    /// (`{"error": {...}}`; boxed, so that [`Error`] stays small). `None` for any other body: an
    /// HTML page from a proxy or load balancer, a truncated or empty body; [`ApiError::body`] then
    /// holds it.
    pub error: Option<Box<ErrorObject>>,
    /// When the body was not Stripe's error JSON: its start, at most [`ApiError::BODY_EXCERPT`]
    /// bytes (1 KiB; invalid UTF-8 replaced, `…` where cut; empty for an empty body). `None` when
    /// [`ApiError::error`] holds the error object.
    pub body: Option<String>,
    /// When the body was Stripe's error JSON (v1 or v2): the whole body, as received, to decode
    /// an operation's specific error shape from ([`ApiError::error_as`]). `None` otherwise.
    pub raw: Option<String>,
}

impl ApiError {
    /// The most of a body that is not Stripe's error JSON that [`ApiError::body`] keeps, in bytes
    /// (plus `…` where it was cut): a 10 MB error page does not make a 10 MB error.
    pub const BODY_EXCERPT: usize = super::excerpt::EXCERPT;

    /// The error type: `api_error`, `card_error`, `idempotency_error`, `invalid_request_error`
    /// (empty when the body was not Stripe's error JSON, or the object had none).
    pub fn error_type(&self) -> &str {
        self.error.as_ref().map_or("", |e| &e.error_type)
    }

    /// The error code, such as `card_declined` or `resource_missing`.
    pub fn code(&self) -> Option<&str> {
        self.error.as_ref()?.code.as_deref()
    }

    /// For card errors from a decline, the issuer's reason, such as `insufficient_funds`.
    pub fn decline_code(&self) -> Option<&str> {
        self.error.as_ref()?.decline_code.as_deref()
    }

    /// The parameter the error relates to, such as `card[number]`.
    pub fn param(&self) -> Option<&str> {
        self.error.as_ref()?.param.as_deref()
    }

    /// The human-readable message.
    pub fn message(&self) -> Option<&str> {
        self.error.as_ref()?.message.as_deref()
    }

    /// A link to the documentation of the error code.
    pub fn doc_url(&self) -> Option<&str> {
        self.error.as_ref()?.doc_url.as_deref()
    }
}

/// How much of an unparsed body [`ApiError`]'s `Display` quotes, in characters.
const DISPLAYED_BODY: usize = 200;

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(body) = &self.body {
            f.write_str(": the response body is not a Stripe error object")?;
            if body.is_empty() {
                f.write_str(" (empty body)")?;
            } else {
                let mut quoted: String = body.chars().take(DISPLAYED_BODY).collect();
                if quoted.len() < body.len() && !quoted.ends_with('…') {
                    quoted.push('…');
                }
                write!(f, ": {quoted:?}")?;
            }
            if let Some(id) = &self.request_id {
                write!(f, " [request_id: {id}]")?;
            }
            return Ok(());
        }
        let error_type = self.error_type();
        if !error_type.is_empty() {
            write!(f, " {error_type}")?;
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
    /// API v2: a message meant for the end user (translated where Stripe can), beside `message`,
    /// which is meant for the developer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_message: Option<String>,
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
        assert_eq!(api.body, None);
        let object = api.error.as_deref().expect("the error object");
        assert_eq!(object.charge.as_deref(), Some("ch_1"));
        assert_eq!(object.payment_method_type, None);
        assert_eq!(object.extra["payment_intent"]["id"], "pi_1");
        assert_eq!(object.extra["future_field"], 7);
        assert_eq!(object.extra.len(), 2);
        assert_eq!(
            e.to_string(),
            "card error: HTTP 402 card_error: Your card has insufficient funds. [code: card_declined, \
             decline_code: insufficient_funds, param: card[number], request_id: req_123]"
        );
        // Round trip keeps everything.
        let value = serde_json::to_value(object).unwrap();
        assert_eq!(value["payment_intent"]["object"], "payment_intent");
        assert_eq!(value["type"], "card_error");
        assert_eq!(
            serde_json::from_value::<ErrorObject>(value).unwrap(),
            *object
        );
    }

    #[test]
    fn minimal_error_object() {
        let e = Error::from_response(500, None, br#"{"error": {}}"#);
        let Error::Api(api) = &e else { panic!("{e:?}") };
        assert_eq!(api.error_type(), "");
        assert!(
            api.error.is_some(),
            "an empty object is still Stripe's error object"
        );
        assert_eq!(api.body, None);
        assert_eq!(e.request_id(), None);
        assert_eq!(e.to_string(), "Stripe API error: HTTP 500: (no message)");
        assert!(std::error::Error::source(&e).is_some());
    }

    /// The `ApiError` of a body that is not Stripe's error JSON, checking it is `Error::Api`.
    fn unparsed(status: u16, request_id: Option<&str>, body: &[u8]) -> (Error, ApiError) {
        let e = Error::from_response(status, request_id.map(str::to_owned), body);
        let Error::Api(api) = &e else {
            panic!("HTTP {status}: {e:?}")
        };
        let api = api.clone();
        assert_eq!(api.status, status);
        assert_eq!(api.request_id.as_deref(), request_id);
        assert_eq!(api.error, None);
        assert_eq!(e.status(), Some(status));
        assert_eq!(e.request_id(), request_id);
        assert_eq!(e.api_error(), Some(&api));
        (e, api)
    }

    #[test]
    fn a_body_that_is_not_an_error_object_is_an_api_error_with_its_start() {
        let html = b"<html><body>502 Bad Gateway</body></html>";
        let (e, api) = unparsed(502, Some("req_9"), html);
        assert_eq!(
            api.body.as_deref(),
            Some("<html><body>502 Bad Gateway</body></html>")
        );
        assert_eq!(api.error_type(), "");
        assert_eq!((api.code(), api.message(), api.param()), (None, None, None));
        assert_eq!(
            e.to_string(),
            "Stripe API error: HTTP 502: the response body is not a Stripe error object: \
             \"<html><body>502 Bad Gateway</body></html>\" [request_id: req_9]"
        );

        // Whatever the status: an app matching on failed calls sees every one as an API error.
        for status in [400, 401, 402, 403, 404, 409, 429, 500, 503, 302] {
            unparsed(status, None, b"upstream connect error");
        }
        // JSON, but not an error envelope; an error object of the wrong shape; truncated; empty.
        unparsed(400, None, br#"{"message": "nope"}"#);
        unparsed(400, None, br#"{"error": {"type": 5}}"#);
        let (_, api) = unparsed(500, None, br#"{"error": {"type": "api_er"#);
        assert_eq!(api.body.as_deref(), Some(r#"{"error": {"type": "api_er"#));
        let (e, api) = unparsed(503, None, b"");
        assert_eq!(api.body.as_deref(), Some(""));
        assert_eq!(
            e.to_string(),
            "Stripe API error: HTTP 503: the response body is not a Stripe error object (empty body)"
        );
        // Not even an idempotency error can be told without the object.
        unparsed(400, None, b"idempotency_error");
    }

    #[test]
    fn a_long_unparsed_body_is_kept_to_the_bound() {
        let mut page = "<html>".to_owned();
        page.push_str(&"é".repeat(4000));
        let (e, api) = unparsed(502, None, page.as_bytes());
        let body = api.body.expect("the excerpt");
        assert!(
            body.starts_with("<html>éé"),
            "the start of the body: {body}"
        );
        assert!(body.ends_with('…'), "marked where cut");
        assert!(
            body.len() <= ApiError::BODY_EXCERPT + '…'.len_utf8(),
            "{}",
            body.len()
        );
        assert!(body.len() >= ApiError::BODY_EXCERPT - 4, "{}", body.len());
        // The message quotes less still.
        let text = e.to_string();
        assert!(text.chars().count() < 320, "{text}");
        assert!(text.ends_with("…\""), "{text}");
        // Invalid UTF-8 is replaced, not refused.
        let (_, api) = unparsed(500, None, b"\xff\xfe oops");
        assert_eq!(api.body.as_deref(), Some("\u{fffd}\u{fffd} oops"));
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
