//! Hand-written runtime of the generated Stripe clients: the crate `stripe-runtime`.
//!
//! A generated crate depends on it (`pub use stripe_runtime as runtime;`), or, with the config's
//! `runtime: vendored`, carries these files verbatim as its module `src/runtime/` (`pub mod
//! runtime;`). So the modules refer to each other with `super::`, never `crate::`.
//! It provides the HTTP transport ([`Client`]), retries, errors ([`Error`]), Stripe's form encoding
//! ([`form`]) and the serde helpers generated code relies on. It never names a generated type:
//! generated code depends on it, never the other way round.
//!
//! It needs a Tokio runtime with the time driver enabled (`#[tokio::main]` enables it) to sleep
//! between retries.

mod attempt;
#[cfg(feature = "blocking")]
mod blocking;
mod body;
mod call;
mod clearable;
mod client;
mod context;
mod datetime;
mod decimal;
mod decode;
mod drift;
mod error;
mod error_v2;
mod events_v2;
mod execute;
mod expandable;
mod extra;
mod failure;
pub mod form;
mod headers;
mod idempotency;
mod int64;
mod json_body;
#[doc(hidden)] // generated code's decoding helpers
pub mod object;
mod options;
mod pagination;
mod pagination_v2;
mod random;
mod raw;
mod request;
mod reqwest_transport;
mod response;
mod retry;
pub mod serde_helpers;
mod telemetry;
#[cfg(feature = "test-util")]
pub mod testing;
#[cfg(test)]
mod tests_client;
#[cfg(test)]
mod tests_http;
#[cfg(test)]
mod tests_transport;
#[cfg(test)]
mod tests_v2_http;
mod trace;
mod transport;
mod webhook;

pub use call::{Call, CallFuture, Decoding, Json, Raw};
pub use clearable::Clearable;
pub use client::{Client, ClientBuilder, STRIPE_API_BASE};
pub use datetime::{DateTime, ParseDateTimeError};
pub use decimal::{Decimal, ParseDecimalError};
pub use drift::Drift;
pub use error::{ApiError, Error, ErrorObject};
pub use events_v2::{
    EventNotification, EventNotificationReason, EventNotificationReasonRequest,
    EventNotificationRelatedObject,
};
pub use expandable::Expandable;
pub use extra::Extra;
pub use int64::{Int64String, ParseInt64StringError};
pub use options::RequestOptions;
#[cfg(feature = "blocking")]
pub use pagination::BlockingIter;
pub use pagination::{List, Paginator, SearchResult};
pub use pagination_v2::{V2List, V2Paginator};
pub use request::{ApiRequest, Method};
pub use reqwest_transport::ReqwestTransport;
pub use response::Response;
pub use transport::{
    BodyFailure, HttpRequest, HttpResponse, SendFailure, Transport, TransportError,
    TransportFuture, TransportSource,
};
pub use webhook::{EventVerifier, Webhook, WebhookError, WebhookSignature, WebhookVerifier};

/// A Unix timestamp: whole seconds since 1970-01-01T00:00:00Z, as Stripe sends and accepts them
/// (OpenAPI `format: unix-time`).
pub type Timestamp = i64;

/// An object that may carry an identifier, such as a Stripe resource (`ch_…`, `cus_…`).
///
/// Implemented by generated objects that have an `id` field, and used by [`Expandable::id`].
pub trait HasId {
    /// The object's identifier, when it has one.
    fn id(&self) -> Option<&str>;
}

/// Raw JSON: the `"id"` member when the value is an object whose `id` is a string.
impl HasId for serde_json::Value {
    fn id(&self) -> Option<&str> {
        self.get("id").and_then(serde_json::Value::as_str)
    }
}

/// Stand-in for a secret in `Debug` output: prints `[REDACTED]`.
///
/// Generated `Debug` impls write `Redacted` in place of secret fields (card numbers, CVCs, keys), and
/// the runtime does the same for API keys.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[REDACTED]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn redacted_debug() {
        assert_eq!(format!("{:?}", Redacted), "[REDACTED]");
        assert_eq!(format!("{:?}", Some(Redacted)), "Some([REDACTED])");
    }

    #[test]
    fn value_has_id() {
        assert_eq!(json!({"id": "ch_1", "object": "charge"}).id(), Some("ch_1"));
        assert_eq!(json!({"id": 5}).id(), None);
        assert_eq!(json!({"object": "charge"}).id(), None);
        assert_eq!(json!("ch_1").id(), None);
    }

    #[test]
    fn error_is_send_sync_static() {
        fn check<T: Send + Sync + 'static>() {}
        check::<Error>();
        check::<Client>();
        check::<RequestOptions>();
    }
}
