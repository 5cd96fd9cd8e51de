//! Thin event notifications (API v2 event destinations): [`EventNotification`],
//! [`Webhook::parse_event_notification`], and fetching the event and its related object.
//!
//! An event destination delivers a *thin* notification, signed like a webhook (the same
//! `Stripe-Signature` header, checked by the same [`WebhookVerifier`]): the event's id, type,
//! time, mode, context, reason and a reference to the object concerned
//! (`related_object {id, type, url}`), without the object itself. The handler fetches what it
//! needs: the full event ([`EventNotification::fetch_event`], `GET /v2/core/events/{id}`) and the
//! current state of the object ([`EventNotification::fetch_related_object`], `GET` of its `url`),
//! both sent in the event's context (`Stripe-Context`) with `Stripe-Request-Trigger: event=<id>`,
//! as Stripe's SDKs send them.
//!
//! The two kinds of event are never confused: a snapshot event (`"object": "event"`, v1's
//! webhooks) given to the notification parser, or a notification given to the snapshot parser
//! (`Webhook::construct_event`), is [`WebhookError::WrongEventKind`], saying which parser to use.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::client::Client;
use super::datetime::DateTime;
use super::error::Error;
use super::form::encode_path_segment;
use super::options::RequestOptions;
use super::request::{ApiRequest, Method};
use super::response::Response;
use super::webhook::{
    expect_kind, EventVerifier, Webhook, WebhookError, WebhookVerifier, THIN_EVENT,
};

/// The header naming the event a fetch follows.
const REQUEST_TRIGGER: &str = "Stripe-Request-Trigger";

/// A thin event notification, as an event destination delivers it (`"object": "v2.core.event"`).
///
/// Members it has no field for are kept in `extra`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EventNotification {
    /// The event's id (`evt_…`).
    pub id: String,
    /// Always `v2.core.event`.
    pub object: String,
    /// The event's type, such as `v1.billing.meter.error_report_triggered`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// When the event happened.
    pub created: DateTime,
    /// Whether the event happened in live mode.
    pub livemode: bool,
    /// The context (account, or chain of accounts) the event happened in: what fetching the
    /// event or its object needs as `Stripe-Context`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// Why the event happened (an API request), when Stripe says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<EventNotificationReason>,
    /// The object the event is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub related_object: Option<EventNotificationRelatedObject>,
    /// Every other member, as raw JSON.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The object a thin event is about ([`EventNotification::related_object`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EventNotificationRelatedObject {
    /// The object's id.
    pub id: String,
    /// The object's type, such as `billing.meter` or `v2.core.account`.
    #[serde(rename = "type")]
    pub object_type: String,
    /// The path (below the API's base URL) that retrieves the object.
    pub url: String,
}

/// Why a thin event happened ([`EventNotification::reason`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EventNotificationReason {
    /// The kind of reason: `request`.
    #[serde(rename = "type")]
    pub reason_type: String,
    /// The API request that caused the event, when the reason is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<EventNotificationReasonRequest>,
}

/// The API request that caused a thin event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EventNotificationReasonRequest {
    /// The request's id (`req_…`).
    pub id: String,
    /// The idempotency key the request was sent with.
    #[serde(default)]
    pub idempotency_key: String,
}

impl Webhook {
    /// Verifies that `sig_header` (the request's `Stripe-Signature` header) signs `payload` (the
    /// body exactly as received) with the event destination's secret `secret`, within the default
    /// tolerance of now, then decodes the thin event notification.
    ///
    /// # Errors
    ///
    /// A [`WebhookError`]: the signature checks of [`WebhookVerifier::verify`],
    /// [`WebhookError::WrongEventKind`] for a snapshot event (`"object": "event"`: use
    /// `Webhook::construct_event`), [`WebhookError::Parse`] for anything else that is not a
    /// notification.
    pub fn parse_event_notification(
        payload: impl AsRef<[u8]>,
        sig_header: &str,
        secret: &str,
    ) -> Result<EventNotification, WebhookError> {
        WebhookVerifier::new(secret).parse_event_notification(payload, sig_header)
    }
}

// Any verifier, whatever snapshot event type it decodes: a generated crate's typed
// `WebhookVerifier` (`EventVerifier<Event>`) parses notifications too.
impl<E> EventVerifier<E> {
    /// Verifies `payload` against `sig_header` with this verifier's secrets and tolerance, then
    /// decodes the thin event notification.
    ///
    /// # Errors
    ///
    /// As [`Webhook::parse_event_notification`].
    pub fn parse_event_notification(
        &self,
        payload: impl AsRef<[u8]>,
        sig_header: &str,
    ) -> Result<EventNotification, WebhookError> {
        let payload = payload.as_ref();
        self.verify(payload, sig_header)?;
        EventNotification::from_payload(payload)
    }
}

impl EventNotification {
    /// Decodes a notification without verifying any signature: for tests, or for a payload whose
    /// signature was checked already.
    ///
    /// # Errors
    ///
    /// [`WebhookError::WrongEventKind`] for a payload whose `object` is not `v2.core.event`
    /// (a snapshot event), [`WebhookError::Parse`] for one that is not a notification.
    pub fn from_payload(payload: impl AsRef<[u8]>) -> Result<EventNotification, WebhookError> {
        let payload = payload.as_ref();
        expect_kind(payload, THIN_EVENT)?;
        let notification: EventNotification =
            super::decode::from_slice(payload).map_err(WebhookError::Parse)?;
        if notification.object != THIN_EVENT {
            return Err(WebhookError::WrongEventKind {
                expected: THIN_EVENT,
                found: notification.object,
            });
        }
        Ok(notification)
    }

    /// Fetches the full event (`GET /v2/core/events/{id}`) in the event's context, decoded as
    /// `T`: the crate's `v2.core.event` type, or `serde_json::Value`.
    ///
    /// # Errors
    ///
    /// As [`Client::execute`].
    pub async fn fetch_event<T: DeserializeOwned>(
        &self,
        client: &Client,
    ) -> Result<Response<T>, Error> {
        self.fetch_event_with(client, &RequestOptions::new()).await
    }

    /// [`fetch_event`](Self::fetch_event) with `options`; their `Stripe-Context`, when set, wins
    /// over the event's.
    ///
    /// # Errors
    ///
    /// As [`Client::execute`].
    pub async fn fetch_event_with<T: DeserializeOwned>(
        &self,
        client: &Client,
        options: &RequestOptions,
    ) -> Result<Response<T>, Error> {
        let path = format!("/v2/core/events/{}", encode_path_segment(&self.id));
        let request = ApiRequest::new(Method::Get, path).path_template("/v2/core/events/{id}");
        client.execute(request, &self.options(options)).await
    }

    /// Fetches the object the event is about (`GET` of `related_object.url`) in the event's
    /// context, decoded as `T`: the crate's type for
    /// [`related_object.object_type`](EventNotificationRelatedObject::object_type), or
    /// `serde_json::Value`. `None` when the event has no related object.
    ///
    /// # Errors
    ///
    /// As [`Client::execute`]; [`Error::Config`] for a `url` that is no path.
    pub async fn fetch_related_object<T: DeserializeOwned>(
        &self,
        client: &Client,
    ) -> Option<Result<Response<T>, Error>> {
        self.fetch_related_object_with(client, &RequestOptions::new())
            .await
    }

    /// [`fetch_related_object`](Self::fetch_related_object) with `options`; their
    /// `Stripe-Context`, when set, wins over the event's.
    ///
    /// # Errors
    ///
    /// As [`fetch_related_object`](Self::fetch_related_object).
    pub async fn fetch_related_object_with<T: DeserializeOwned>(
        &self,
        client: &Client,
        options: &RequestOptions,
    ) -> Option<Result<Response<T>, Error>> {
        let related = self.related_object.as_ref()?;
        let first = ApiRequest::new(Method::Get, "/");
        let request = match super::pagination_v2::request_for(&first, &related.url) {
            Ok(request) => request,
            Err(e) => return Some(Err(e)),
        };
        Some(client.execute(request, &self.options(options)).await)
    }

    /// `options`, with the event's context unless they set one, and `Stripe-Request-Trigger:
    /// event=<id>` (which tells Stripe the request follows the event, as Stripe's SDKs send it)
    /// unless they set that header.
    fn options(&self, options: &RequestOptions) -> RequestOptions {
        let mut options = options.clone();
        if options.stripe_context.is_none() {
            options.stripe_context.clone_from(&self.context);
        }
        if !options
            .headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case(REQUEST_TRIGGER))
        {
            options.headers.insert(
                0,
                (REQUEST_TRIGGER.to_owned(), format!("event={}", self.id)),
            );
        }
        options
    }
}

#[cfg(test)]
mod tests {
    use super::super::WebhookSignature;
    use super::*;
    use serde_json::json;

    const SECRET: &str = "whsec_thin_test";

    fn now() -> i64 {
        let since = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap();
        i64::try_from(since.as_secs()).unwrap()
    }

    fn notification() -> serde_json::Value {
        json!({
            "id": "evt_test_65R9Ijk8",
            "object": "v2.core.event",
            "type": "v1.billing.meter.error_report_triggered",
            "livemode": false,
            "created": "2024-09-17T06:20:52.246Z",
            "context": "acct_1/acct_2",
            "reason": {"type": "request", "request": {"id": "req_1", "idempotency_key": "ik_1"}},
            "related_object": {
                "id": "mtr_test_61R9",
                "type": "billing.meter",
                "url": "/v1/billing/meters/mtr_test_61R9"
            }
        })
    }

    fn signed(payload: &[u8]) -> String {
        WebhookSignature::generate_header(payload, SECRET, now())
    }

    #[test]
    fn a_signed_notification_is_verified_and_decoded() {
        let payload = notification().to_string();
        let n = Webhook::parse_event_notification(&payload, &signed(payload.as_bytes()), SECRET)
            .unwrap();
        assert_eq!(n.id, "evt_test_65R9Ijk8");
        assert_eq!(n.object, "v2.core.event");
        assert_eq!(n.event_type, "v1.billing.meter.error_report_triggered");
        assert!(!n.livemode);
        assert_eq!(n.created.as_str(), "2024-09-17T06:20:52.246Z");
        assert_eq!(n.context.as_deref(), Some("acct_1/acct_2"));
        let reason = n.reason.as_ref().unwrap();
        assert_eq!(reason.reason_type, "request");
        assert_eq!(reason.request.as_ref().unwrap().idempotency_key, "ik_1");
        let related = n.related_object.as_ref().unwrap();
        assert_eq!(related.object_type, "billing.meter");
        assert_eq!(related.url, "/v1/billing/meters/mtr_test_61R9");
        assert!(n.extra.is_empty());
        // Decoded and serialised again, it is the payload.
        assert_eq!(serde_json::to_value(&n).unwrap(), notification());
    }

    #[test]
    fn a_notification_needs_a_genuine_signature() {
        let payload = notification().to_string();
        let forged = WebhookSignature::generate_header(payload.as_bytes(), "whsec_other", now());
        assert!(matches!(
            Webhook::parse_event_notification(&payload, &forged, SECRET),
            Err(WebhookError::SignatureMismatch)
        ));
        let stale = WebhookSignature::generate_header(payload.as_bytes(), SECRET, 1_600_000_000);
        assert!(matches!(
            Webhook::parse_event_notification(&payload, &stale, SECRET),
            Err(WebhookError::TimestampTooOld { .. })
        ));
        // A verifier's own settings apply: rotation, tolerance.
        let rotated = WebhookVerifier::new("whsec_new")
            .secret(SECRET)
            .tolerance(None);
        rotated.parse_event_notification(&payload, &stale).unwrap();
    }

    #[test]
    fn a_snapshot_event_is_refused_by_the_notification_parser_and_the_reverse() {
        let snapshot = json!({
            "id": "evt_1", "object": "event", "type": "customer.created", "created": 1_700_000_000,
            "livemode": false, "api_version": "2024-04-10", "data": {"object": {"id": "cus_1"}}
        })
        .to_string();
        let e = Webhook::parse_event_notification(&snapshot, &signed(snapshot.as_bytes()), SECRET)
            .unwrap_err();
        assert!(
            matches!(&e, WebhookError::WrongEventKind { expected: "v2.core.event", found } if found == "event"),
            "{e:?}"
        );
        assert!(e.to_string().contains("Webhook::construct_event"), "{e}");

        // The snapshot parser (what the generated `Webhook::construct_event` calls) refuses a
        // notification.
        let thin = notification().to_string();
        let e = super::super::webhook::parse::<serde_json::Value>(thin.as_bytes()).unwrap_err();
        assert!(
            matches!(&e, WebhookError::WrongEventKind { expected: "event", found } if found == "v2.core.event"),
            "{e:?}"
        );
        assert!(e.to_string().contains("parse_event_notification"), "{e}");
        // And still reads a snapshot event.
        super::super::webhook::parse::<serde_json::Value>(snapshot.as_bytes()).unwrap();
    }

    #[test]
    fn anything_else_is_a_parse_error() {
        let mut other = notification();
        other["object"] = json!("v2.core.account");
        let e = EventNotification::from_payload(other.to_string()).unwrap_err();
        assert!(
            matches!(&e, WebhookError::WrongEventKind { found, .. } if found == "v2.core.account"),
            "{e:?}"
        );
        for bad in [
            "{not json".to_owned(),
            json!({"object": "v2.core.event"}).to_string(),
            {
                let mut v = notification();
                v["created"] = json!(1_726_554_052);
                v.to_string()
            },
        ] {
            let e = EventNotification::from_payload(&bad).unwrap_err();
            assert!(matches!(e, WebhookError::Parse(_)), "{bad}: {e:?}");
        }
        // Optional members may be absent; unknown ones are kept.
        let minimal = json!({
            "id": "evt_2", "object": "v2.core.event", "type": "v2.core.account.updated",
            "livemode": true, "created": "2025-01-01T00:00:00Z", "changes": {"a": 1}
        });
        let n = EventNotification::from_payload(minimal.to_string()).unwrap();
        assert_eq!((n.context, n.reason, n.related_object), (None, None, None));
        assert_eq!(n.extra["changes"]["a"], 1);
    }
}
