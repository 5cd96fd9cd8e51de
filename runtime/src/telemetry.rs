//! `X-Stripe-Client-Telemetry`: the request id and duration of the client's previous request,
//! sent with the next one, as Stripe's official SDKs do.
//!
//! The header is the JSON object
//! `{"last_request_metrics":{"request_id":"req_…","request_duration_ms":42}}`. A measurement is
//! taken for each attempt whose response carries a `Request-Id` (from sending until the whole body
//! is read) and sent once, with the next request that starts. It carries nothing but that id and
//! that duration. [`ClientBuilder::telemetry`](super::ClientBuilder::telemetry) turns it off.

use std::sync::Mutex;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};

pub(super) const CLIENT_TELEMETRY: HeaderName =
    HeaderName::from_static("x-stripe-client-telemetry");

/// One measured request.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Metrics {
    request_id: String,
    duration_ms: u64,
}

/// The client's last measurement, not yet sent. Shared by every clone of a client.
#[derive(Debug, Default)]
pub(crate) struct Telemetry {
    last: Mutex<Option<Metrics>>,
}

impl Telemetry {
    /// Keeps the measurement of an attempt that `request_id` answered in `duration`, replacing
    /// one not yet sent.
    pub(crate) fn record(&self, request_id: &str, duration: Duration) {
        let metrics = Metrics {
            request_id: request_id.to_owned(),
            duration_ms: u64::try_from(duration.as_millis()).unwrap_or(u64::MAX),
        };
        // A panic elsewhere while the lock was held leaves a value that is still whole.
        let mut last = self
            .last
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *last = Some(metrics);
    }

    /// The header value for the next request, taking the measurement (each is sent once); `None`
    /// when there is none.
    pub(crate) fn take_header(&self) -> Option<HeaderValue> {
        let metrics = self
            .last
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take()?;
        header_value(&metrics)
    }
}

/// `{"last_request_metrics":{"request_id":…,"request_duration_ms":…}}`. The id came from a header
/// value, so its JSON string is one too; anything else is dropped rather than sent malformed.
fn header_value(metrics: &Metrics) -> Option<HeaderValue> {
    // Written directly (one allocation for the id's JSON string, one for the whole), as the
    // header is built for every request.
    let id = serde_json::to_string(&metrics.request_id).ok()?;
    let mut json = String::with_capacity(id.len() + 80);
    json.push_str(r#"{"last_request_metrics":{"request_id":"#);
    json.push_str(&id);
    json.push_str(r#","request_duration_ms":"#);
    json.push_str(&metrics.duration_ms.to_string());
    json.push_str("}}");
    HeaderValue::from_str(&json).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(value: &HeaderValue) -> serde_json::Value {
        serde_json::from_str(value.to_str().unwrap()).unwrap()
    }

    #[test]
    fn nothing_before_the_first_measurement() {
        assert_eq!(Telemetry::default().take_header(), None);
    }

    #[test]
    fn the_last_measurement_is_sent_once() {
        let t = Telemetry::default();
        t.record("req_1", Duration::from_millis(12));
        t.record("req_2", Duration::from_micros(34_999));
        let header = t.take_header().unwrap();
        assert_eq!(
            parsed(&header),
            serde_json::json!({"last_request_metrics": {
                "request_id": "req_2", "request_duration_ms": 34
            }})
        );
        assert_eq!(t.take_header(), None, "each measurement is sent once");
    }

    #[test]
    fn odd_ids_stay_valid_json_in_a_valid_header() {
        let t = Telemetry::default();
        t.record("req_\"quoted\"\\", Duration::from_secs(1));
        let header = t.take_header().unwrap();
        assert_eq!(
            parsed(&header)["last_request_metrics"]["request_id"],
            "req_\"quoted\"\\"
        );
        assert_eq!(
            parsed(&header)["last_request_metrics"]["request_duration_ms"],
            1000
        );
    }
}
