//! `tracing` spans of requests and attempts (Cargo feature `tracing`, on by default; without it
//! every item here does nothing and costs nothing).
//!
//! * `stripe.request` (level INFO), one per request: `method`, `path` (the operation's path
//!   template, such as `/v1/tokens/{token}`, or the path of a raw request), `attempts`, and when
//!   it ends `status` and `request_id` of the last response, `elapsed_ms` and, when no response
//!   came, `error` (what went wrong: `connection`, `timeout`, `incomplete_body`,
//!   `response_too_large`, `config`). An error response is a response: its status says what it
//!   is.
//! * `stripe.attempt` (level DEBUG), a child of it for each attempt: `attempt` (1 for the first),
//!   `status`, `request_id`, `elapsed_ms`, `error`, and when it is retried `retry` (why) and
//!   `retry_delay_ms`.
//!
//! Spans never carry a secret: no header (the API key), no query, no body, no account; only the
//! fields listed above.

use std::future::Future;
use std::time::Duration;

use super::error::Error;
use super::retry::Outcome;

/// The span of one request.
pub(crate) struct RequestSpan {
    #[cfg(feature = "tracing")]
    span: tracing::Span,
}

/// The span of one attempt of a request.
pub(crate) struct AttemptSpan {
    #[cfg(feature = "tracing")]
    span: tracing::Span,
}

impl RequestSpan {
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn new(method: &'static str, path: &str) -> Self {
        Self {
            #[cfg(feature = "tracing")]
            span: tracing::info_span!(
                "stripe.request",
                method,
                path,
                status = tracing::field::Empty,
                request_id = tracing::field::Empty,
                attempts = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
                error = tracing::field::Empty,
            ),
        }
    }

    /// The span of attempt number `attempt` (1 for the first), a child of this one.
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn attempt(&self, attempt: u32) -> AttemptSpan {
        #[cfg(feature = "tracing")]
        self.span.record("attempts", attempt);
        AttemptSpan {
            #[cfg(feature = "tracing")]
            span: tracing::debug_span!(
                parent: &self.span,
                "stripe.attempt",
                attempt,
                status = tracing::field::Empty,
                request_id = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
                error = tracing::field::Empty,
                retry = tracing::field::Empty,
                retry_delay_ms = tracing::field::Empty,
            ),
        }
    }

    /// Runs `future` inside this span.
    pub(crate) fn instrument<F: Future>(&self, future: F) -> impl Future<Output = F::Output> {
        #[cfg(feature = "tracing")]
        {
            tracing::Instrument::instrument(future, self.span.clone())
        }
        #[cfg(not(feature = "tracing"))]
        {
            future
        }
    }

    /// Records how the request ended: the last response's status and request id, or the error.
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn finish(&self, elapsed: Duration, result: Result<(u16, Option<&str>), &Error>) {
        #[cfg(feature = "tracing")]
        {
            let span = &self.span;
            span.record("elapsed_ms", millis(elapsed));
            let (status, request_id) = match result {
                Ok((status, request_id)) => (Some(status), request_id),
                Err(error) => {
                    span.record("error", kind(error));
                    (error.status(), error.request_id())
                }
            };
            if let Some(status) = status {
                span.record("status", status);
            }
            if let Some(id) = request_id {
                span.record("request_id", id);
            }
        }
    }
}

impl AttemptSpan {
    /// Runs `future` inside this span.
    pub(crate) fn instrument<F: Future>(&self, future: F) -> impl Future<Output = F::Output> {
        #[cfg(feature = "tracing")]
        {
            tracing::Instrument::instrument(future, self.span.clone())
        }
        #[cfg(not(feature = "tracing"))]
        {
            future
        }
    }

    /// Records a response: its status and request id, and how long the attempt took.
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn response(&self, status: u16, request_id: Option<&str>, elapsed: Duration) {
        #[cfg(feature = "tracing")]
        {
            self.span.record("status", status);
            if let Some(id) = request_id {
                self.span.record("request_id", id);
            }
            self.span.record("elapsed_ms", millis(elapsed));
        }
    }

    /// Records an attempt that got no whole response: what went wrong, and how long it took.
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn failed(&self, what: &'static str, elapsed: Duration) {
        #[cfg(feature = "tracing")]
        {
            self.span.record("error", what);
            self.span.record("elapsed_ms", millis(elapsed));
        }
    }

    /// Records that the attempt is retried, why, and after how long, and closes its span (the
    /// wait before the retry is no part of it).
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn retry(self, outcome: &Outcome, delay: Duration) {
        #[cfg(feature = "tracing")]
        {
            self.span.record("retry", retry_reason(outcome));
            self.span.record("retry_delay_ms", millis(delay));
        }
    }
}

/// Why an attempt with this outcome is retried (see `RetryPolicy::should_retry`).
#[cfg_attr(not(feature = "tracing"), allow(dead_code))] // only span fields use it
fn retry_reason(outcome: &Outcome) -> &'static str {
    match *outcome {
        Outcome::Connection => "connection error",
        Outcome::Timeout => "timeout",
        Outcome::Status {
            should_retry: Some(true),
            ..
        } => "Stripe-Should-Retry: true",
        Outcome::Status { status: 409, .. } => "409 conflict",
        Outcome::Status { .. } => "server error",
    }
}

/// The kind of an error, for the `error` field: the API's error type for an API error, else the
/// transport's failure. Never the message, which may quote the request.
#[cfg_attr(not(feature = "tracing"), allow(dead_code))] // only span fields use it
fn kind(error: &Error) -> &'static str {
    match error {
        Error::Card(_) => "card_error",
        Error::InvalidRequest(_) => "invalid_request_error",
        Error::Authentication(_) => "authentication_error",
        Error::Permission(_) => "permission_error",
        Error::RateLimit(_) => "rate_limit_error",
        Error::Idempotency(_) => "idempotency_error",
        Error::Api(_) => "api_error",
        Error::Connection { .. } => "connection",
        Error::Timeout { .. } => "timeout",
        Error::IncompleteBody { .. } => "incomplete_body",
        Error::MalformedBody { .. } => "malformed_body",
        Error::ResponseTooLarge { .. } => "response_too_large",
        Error::Decode { .. } => "decode",
        Error::Config(_) => "config",
    }
}

/// A duration in whole milliseconds, for span fields.
#[cfg_attr(not(feature = "tracing"), allow(dead_code))] // only span fields use it
fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_reasons() {
        let status = |status, should_retry| Outcome::Status {
            status,
            should_retry,
        };
        assert_eq!(retry_reason(&Outcome::Connection), "connection error");
        assert_eq!(retry_reason(&Outcome::Timeout), "timeout");
        assert_eq!(
            retry_reason(&status(429, Some(true))),
            "Stripe-Should-Retry: true"
        );
        assert_eq!(retry_reason(&status(409, None)), "409 conflict");
        assert_eq!(retry_reason(&status(503, None)), "server error");
    }

    #[test]
    fn error_kinds_never_quote_the_message() {
        let e = Error::Config("card[number]=4242424242424242".to_owned());
        assert_eq!(kind(&e), "config");
        let e = Error::from_response(
            402,
            None,
            br#"{"error": {"type": "card_error", "message": "4242"}}"#,
        );
        assert_eq!(kind(&e), "card_error");
        assert_eq!(millis(Duration::from_micros(1_999)), 1);
    }
}
