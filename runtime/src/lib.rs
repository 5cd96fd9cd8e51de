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
mod excerpt;
mod execute;
mod expandable;
mod extra;
mod failure;
pub mod form;
mod has_id;
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
mod redacted;
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
pub use datetime::{DateTime, ParseDateTimeError, Timestamp};
pub use decimal::{Decimal, ParseDecimalError};
pub use drift::Drift;
pub use error::{ApiError, Error, ErrorObject};
pub use events_v2::{
    EventNotification, EventNotificationReason, EventNotificationReasonRequest,
    EventNotificationRelatedObject,
};
pub use expandable::Expandable;
pub use extra::Extra;
pub use has_id::HasId;
pub use int64::{Int64String, ParseInt64StringError};
pub use options::RequestOptions;
#[cfg(feature = "blocking")]
pub use pagination::BlockingIter;
pub use pagination::{List, Paginator, SearchResult};
pub use pagination_v2::{V2List, V2Paginator};
pub use redacted::Redacted;
pub use request::{ApiRequest, Method};
pub use reqwest_transport::ReqwestTransport;
pub use response::Response;
pub use transport::{
    BodyFailure, HttpRequest, HttpResponse, SendFailure, Transport, TransportError,
    TransportFuture, TransportSource,
};
pub use webhook::{EventVerifier, Webhook, WebhookError, WebhookSignature, WebhookVerifier};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_send_sync_static() {
        fn check<T: Send + Sync + 'static>() {}
        check::<Error>();
        check::<Client>();
        check::<RequestOptions>();
    }
}
