//! Webhooks through the committed crate: signatures made here by the documented algorithm
//! (HMAC-SHA256 of `{t}.{payload}` with the endpoint secret, hex, using hmac/sha2 directly),
//! checked by `Webhook::construct_event` / `WebhookVerifier`, and the typed event they decode to.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use sha2::Sha256;
use stripe_client::{
    resources::{EventObject, EventType},
    Webhook, WebhookError, WebhookSignature, WebhookVerifier,
};

const SECRET: &str = "whsec_test_5ecret";

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn sign(payload: &str, secret: &str, t: i64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{payload}").as_bytes());
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("t={t},v1={hex}")
}

fn event(kind: &str, object: serde_json::Value) -> String {
    serde_json::json!({
        "id": "evt_1",
        "object": "event",
        "api_version": "2023-08-16",
        "created": 1_700_000_000,
        "data": { "object": object, "previous_attributes": { "used": false, "metadata": { "a": 1 } } },
        "livemode": false,
        "pending_webhooks": 1,
        "request": { "id": "req_1", "idempotency_key": null },
        "type": kind,
    })
    .to_string()
}

fn token() -> serde_json::Value {
    serde_json::json!({
        "id": "tok_1", "object": "token", "created": 1_700_000_000,
        "livemode": false, "type": "card", "used": true, "client_ip": null,
    })
}

#[test]
fn construct_event_verifies_then_decodes_the_typed_event() {
    let payload = event("customer.updated", token());
    let header = sign(&payload, SECRET, now());
    let event = Webhook::construct_event(&payload, &header, SECRET).unwrap();
    assert_eq!(event.id, "evt_1");
    assert_eq!(event.r#type, EventType::CustomerUpdated);
    let EventObject::Token(token) = &event.data.object else {
        panic!("not a token: {:?}", event.data.object);
    };
    assert_eq!(token.id, "tok_1");
    assert!(token.used);
    assert_eq!(
        event.data.previous_attributes,
        Some(serde_json::json!({ "used": false, "metadata": { "a": 1 } }))
    );
}

#[test]
fn unknown_objects_and_types_are_kept() {
    let charge = serde_json::json!({ "id": "ch_1", "object": "charge", "amount": 100 });
    let payload = event("charge.succeeded", charge.clone());
    let event = Webhook::parse_event(&payload).unwrap();
    assert_eq!(event.r#type.as_str(), "charge.succeeded");
    assert!(matches!(&event.r#type, EventType::Unrecognized(t) if t == "charge.succeeded"));
    assert_eq!(event.data.object, EventObject::Unknown(charge));
    // Nothing is lost: the event serializes back to what was received.
    let back = serde_json::to_value(&event).unwrap();
    assert_eq!(
        back,
        serde_json::from_str::<serde_json::Value>(&payload).unwrap()
    );
}

#[test]
fn opaque_objects_decode_by_their_tag() {
    let customer = serde_json::json!({ "id": "cus_1", "object": "customer", "email": "a@b.c" });
    let event = Webhook::parse_event(event("customer.created", customer.clone())).unwrap();
    assert!(
        matches!(&event.data.object, EventObject::Customer(_)),
        "{:?}",
        event.data.object
    );
    assert_eq!(serde_json::to_value(&event.data.object).unwrap(), customer);
}

#[test]
fn tampered_payload_and_wrong_secret_are_rejected() {
    let payload = event("customer.updated", token());
    let header = sign(&payload, SECRET, now());
    let tampered = payload.replace("\"used\":true", "\"used\":false");
    assert_ne!(tampered, payload);
    assert!(matches!(
        Webhook::construct_event(&tampered, &header, SECRET),
        Err(WebhookError::SignatureMismatch)
    ));
    let err = Webhook::construct_event(&payload, &header, "whsec_wrong").unwrap_err();
    assert!(matches!(err, WebhookError::SignatureMismatch), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("whsec"));
}

#[test]
fn old_timestamps_are_rejected_and_a_late_clock_accepts_genuine_events() {
    let payload = event("customer.updated", token());
    let t = now() - 301;
    let err = Webhook::construct_event(&payload, &sign(&payload, SECRET, t), SECRET).unwrap_err();
    assert!(
        matches!(err, WebhookError::TimestampTooOld { timestamp, .. } if timestamp == t),
        "{err:?}"
    );
    // A wider tolerance accepts what the default rejects.
    let t = now() - 600;
    WebhookVerifier::new(SECRET)
        .tolerance(Duration::from_secs(900))
        .construct_event(&payload, &sign(&payload, SECRET, t))
        .unwrap();
    // Signed 5 minutes and more ahead of this clock (a receiver whose clock runs late): accepted,
    // as stripe-python and stripe-node accept it.
    for ahead in [301, 600, 86_400] {
        let header = sign(&payload, SECRET, now() + ahead);
        let event = Webhook::construct_event(&payload, &header, SECRET)
            .unwrap_or_else(|e| panic!("{ahead} s ahead: {e}"));
        assert_eq!(event.id, "evt_1");
    }
    // Unless a clock-skew allowance is set.
    let t = now() + 600;
    let err = WebhookVerifier::new(SECRET)
        .clock_skew(Duration::from_secs(120))
        .construct_event(&payload, &sign(&payload, SECRET, t))
        .unwrap_err();
    assert!(
        matches!(err, WebhookError::TimestampInFuture { timestamp, tolerance, .. }
            if timestamp == t && tolerance == Duration::from_secs(120)),
        "{err:?}"
    );
}

#[test]
fn the_sdks_zero_tolerance_is_none_here_and_zero_is_zero_seconds() {
    let payload = event("customer.updated", token());
    let day_old = sign(&payload, SECRET, now() - 86_400);
    // stripe-python's `tolerance=0` / stripe-node's `0`: no age check. Here: `None`.
    WebhookVerifier::new(SECRET)
        .tolerance(None)
        .construct_event(&payload, &day_old)
        .unwrap();
    // `Duration::ZERO` is the strictest check, not none.
    let err = WebhookVerifier::new(SECRET)
        .tolerance(Duration::ZERO)
        .construct_event(&payload, &day_old)
        .unwrap_err();
    assert!(
        matches!(err, WebhookError::TimestampTooOld { tolerance, .. } if tolerance.is_zero()),
        "{err:?}"
    );
    // No age check still checks the signature.
    assert!(matches!(
        WebhookVerifier::new(SECRET)
            .tolerance(None)
            .construct_event(&payload, &sign(&payload, "whsec_other", now() - 86_400)),
        Err(WebhookError::SignatureMismatch)
    ));
}

#[test]
fn headers_with_extra_reordered_and_several_signatures() {
    let payload = event("customer.updated", token());
    let t = now();
    let genuine = sign(&payload, SECRET, t);
    let v1 = genuine.split_once(",v1=").unwrap().1;
    let other = sign(&payload, "whsec_other", t);
    let other_v1 = other.split_once(",v1=").unwrap().1;
    for header in [
        format!("v1={v1},t={t}"),
        format!("t={t},v0=deadbeef,v1={v1},foo=bar"),
        format!("t={t},v1={other_v1},v1={v1}"),
    ] {
        Webhook::construct_event(&payload, &header, SECRET)
            .unwrap_or_else(|e| panic!("{header}: {e}"));
    }
}

#[test]
fn rotation_accepts_old_and_new_secrets() {
    let payload = event("customer.updated", token());
    let verifier = WebhookVerifier::new("whsec_new").secret("whsec_old");
    for secret in ["whsec_new", "whsec_old"] {
        verifier
            .construct_event(&payload, &sign(&payload, secret, now()))
            .unwrap();
    }
    assert!(verifier
        .construct_event(&payload, &sign(&payload, "whsec_gone", now()))
        .is_err());
}

#[test]
fn generated_headers_match_the_algorithm() {
    let payload = event("customer.updated", token());
    assert_eq!(
        WebhookSignature::generate_header(&payload, SECRET, 1_700_000_000),
        sign(&payload, SECRET, 1_700_000_000)
    );
}

#[test]
fn a_payload_that_is_not_an_event_is_a_parse_error() {
    for payload in ["not json", r#""evt_1""#, r#"{"id": 5, "object": "event"}"#] {
        let header = sign(payload, SECRET, now());
        let err = Webhook::construct_event(payload, &header, SECRET).unwrap_err();
        assert!(matches!(err, WebhookError::Parse(_)), "{payload}: {err:?}");
    }
}

/// An event from a newer API version that lacks a field this crate's spec
/// requires decodes, as every response does (the field takes its default),
/// and `Drift` says what was missing.
#[test]
fn an_event_lacking_required_fields_decodes_and_shows_its_drift() {
    let payload = r#"{"id": "evt_1", "object": "event"}"#;
    let header = sign(payload, SECRET, now());
    let event = Webhook::construct_event(payload, &header, SECRET).expect("decodes");
    assert_eq!(event.id, "evt_1");
    let (_, drift) =
        stripe_client::Drift::decode::<stripe_client::resources::Event>(payload.as_bytes())
            .expect("decodes");
    assert!(drift.missing.iter().any(|p| p == "/created"), "{drift:?}");
}

/// An event rendered in another API version: `null` where the types have a value, at the top
/// (`pending_webhooks`) and inside the typed object (a token's `created` and `used`, its card's
/// `exp_month`), and members the types do not know. It decodes as a response would, the nulls as
/// defaults that drift names, the unknown members kept for serialising again.
#[test]
fn an_event_from_another_api_version_decodes_with_its_drift() {
    let mut object = token();
    object["created"] = serde_json::Value::Null;
    object["used"] = serde_json::Value::Null;
    object["card"] = serde_json::json!({
        "id": "card_1", "object": "card", "brand": "Visa", "exp_month": null, "exp_year": 2030,
        "funding": "credit", "last4": "4242", "issuer": "Bank",
    });
    object["new_member"] = serde_json::json!({"nested": [1, null]});
    let mut payload: serde_json::Value =
        serde_json::from_str(&event("token.updated", object)).unwrap();
    payload["pending_webhooks"] = serde_json::Value::Null;
    let payload = payload.to_string();
    let event = Webhook::construct_event(&payload, &sign(&payload, SECRET, now()), SECRET)
        .expect("decodes like a response");
    assert_eq!(event.pending_webhooks, 0);
    let EventObject::Token(token) = &event.data.object else {
        panic!("{:?}", event.data.object)
    };
    assert_eq!((token.created, token.used), (0, false));
    assert_eq!(token.card.as_ref().expect("card").exp_month, 0);
    assert_eq!(
        token.extra.get("new_member"),
        Some(&serde_json::json!({"nested": [1, null]}))
    );
    let drift = stripe_client::Drift::of(payload.as_bytes(), &event);
    assert_eq!(
        drift.missing,
        [
            "/data/object/card/exp_month",
            "/data/object/created",
            "/data/object/used",
            "/pending_webhooks"
        ]
    );
    assert_eq!(
        drift.unknown_fields,
        ["/data/object/card/issuer", "/data/object/new_member"]
    );
    // Serialised again: every member the payload had that is not drift, with its value.
    let again = serde_json::to_value(&event).unwrap();
    assert_eq!(again["data"]["object"]["card"]["issuer"], "Bank");
    assert_eq!(
        again["data"]["object"]["new_member"]["nested"][1],
        serde_json::Value::Null
    );
    // The same through `parse_event`.
    assert_eq!(Webhook::parse_event(&payload).unwrap(), event);
}
