//! A webhook endpoint on axum: verify the `Stripe-Signature` header against the raw body, decode
//! the typed event, and dispatch on what it is about.
//!
//! ```sh
//! STRIPE_WEBHOOK_SECRET=whsec_... cargo run -p workspace-tests --example webhook_handler
//! # then, with the Stripe CLI:
//! stripe listen --forward-to localhost:4242/webhook
//! ```
//!
//! The body must reach the verifier exactly as received: take it as `Bytes`, never as a
//! re-serialized `Json<…>`.

use std::process::ExitCode;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use stripe_client::{
    resources::{Event, EventObject, EventType},
    WebhookVerifier,
};

/// What the handler shares: the verifier with the endpoint's secret(s).
#[derive(Clone)]
struct AppState {
    verifier: Arc<WebhookVerifier>,
}

fn app(state: AppState) -> Router {
    Router::new()
        .route("/webhook", post(webhook))
        .with_state(state)
}

/// Verifies, decodes and dispatches one delivery. A rejected delivery gets 400, so that Stripe
/// does not count it as handled.
async fn webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, String) {
    let Some(signature) = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok())
    else {
        return (StatusCode::BAD_REQUEST, "no Stripe-Signature header".into());
    };
    match state.verifier.construct_event(&body, signature) {
        Ok(event) => (StatusCode::OK, dispatch(&event)),
        // The error names what failed (never the secret): fine to log.
        Err(e) => (StatusCode::BAD_REQUEST, e.to_string()),
    }
}

/// The app's own handling, by event type and object.
fn dispatch(event: &Event) -> String {
    match (&event.r#type, &event.data.object) {
        (EventType::CustomerCreated, EventObject::Customer(customer)) => {
            format!("welcome {}", customer.0["id"])
        }
        (_, EventObject::Token(token)) => format!("token {} used: {}", token.id, token.used),
        (kind, EventObject::Unknown(raw)) => format!("{kind}: untyped {}", raw["object"]),
        (kind, _) => format!("{kind}: ignored"),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let Ok(secret) = std::env::var("STRIPE_WEBHOOK_SECRET") else {
        eprintln!("set STRIPE_WEBHOOK_SECRET (the endpoint's whsec_… secret)");
        return ExitCode::from(2);
    };
    let state = AppState {
        verifier: Arc::new(WebhookVerifier::new(secret)),
    };
    let listener = match tokio::net::TcpListener::bind("127.0.0.1:4242").await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("cannot listen on 127.0.0.1:4242: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("listening on http://127.0.0.1:4242/webhook");
    match axum::serve(listener, app(state)).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("server failed: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{SystemTime, UNIX_EPOCH};
    use stripe_client::WebhookSignature;

    const SECRET: &str = "whsec_example";

    fn state() -> State<AppState> {
        State(AppState {
            verifier: Arc::new(WebhookVerifier::new(SECRET)),
        })
    }

    fn delivery(object: serde_json::Value, kind: &str, secret: &str) -> (HeaderMap, Bytes) {
        let body = serde_json::json!({
            "id": "evt_1", "object": "event", "created": 1, "livemode": false,
            "pending_webhooks": 1, "type": kind, "data": { "object": object },
        })
        .to_string();
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let mut headers = HeaderMap::new();
        headers.insert(
            "stripe-signature",
            WebhookSignature::generate_header(&body, secret, now)
                .parse()
                .unwrap(),
        );
        (headers, Bytes::from(body))
    }

    #[tokio::test]
    async fn verified_events_are_dispatched_by_object() {
        let customer = serde_json::json!({ "id": "cus_1", "object": "customer" });
        let (headers, body) = delivery(customer, "customer.created", SECRET);
        let (status, said) = webhook(state(), headers, body).await;
        assert_eq!(status, StatusCode::OK, "{said}");
        assert_eq!(said, "welcome \"cus_1\"");

        let charge = serde_json::json!({ "id": "ch_1", "object": "charge" });
        let (headers, body) = delivery(charge, "charge.succeeded", SECRET);
        let (status, said) = webhook(state(), headers, body).await;
        assert_eq!(
            (status, said.as_str()),
            (StatusCode::OK, "charge.succeeded: untyped \"charge\"")
        );
    }

    #[tokio::test]
    async fn forged_or_unsigned_deliveries_get_400() {
        let customer = serde_json::json!({ "id": "cus_1", "object": "customer" });
        let (headers, body) = delivery(customer, "customer.created", "whsec_forged");
        let (status, said) = webhook(state(), headers, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(said.contains("matches"), "{said}");
        let (status, _) = webhook(state(), HeaderMap::new(), Bytes::from_static(b"{}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }

    #[test]
    fn the_router_builds() {
        let _ = app(state().0);
    }
}
