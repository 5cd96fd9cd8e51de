//! An event destination endpoint on axum (API v2 thin events): verify the `Stripe-Signature`
//! header against the raw body, decode the thin notification, then fetch the object it is about.
//!
//! ```sh
//! STRIPE_API_KEY=sk_test_... STRIPE_EVENT_SECRET=whsec_... \
//!     cargo run -p workspace-tests --example event_destination_handler
//! # then, with the Stripe CLI:
//! stripe listen --thin-events '*' --forward-thin-to localhost:4243/events
//! ```
//!
//! A thin notification carries no object, only a reference (`related_object`): the handler fetches
//! what it needs, in the event's context. The body must reach the verifier exactly as received:
//! take it as `Bytes`. A snapshot event (a v1 webhook, `"object": "event"`) sent here is refused
//! with an error naming the parser it needs (see `webhook_handler.rs`).

use std::process::ExitCode;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use stripe_client::resources::RelatedObject;
use stripe_client::{Client, EventNotification, WebhookVerifier};

/// What the handler shares: the verifier with the destination's secret, and the client that
/// fetches related objects.
#[derive(Clone)]
struct AppState {
    verifier: Arc<WebhookVerifier>,
    client: Client,
}

fn app(state: AppState) -> Router {
    Router::new()
        .route("/events", post(events))
        .with_state(state)
}

/// Verifies and decodes one notification, then handles it. A rejected delivery gets 400, so that
/// Stripe does not count it as handled; a failed fetch gets 500, so that Stripe delivers it again.
async fn events(
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
    let notification = match state.verifier.parse_event_notification(&body, signature) {
        Ok(notification) => notification,
        // The error names what failed (never the secret): fine to log.
        Err(e) => return (StatusCode::BAD_REQUEST, e.to_string()),
    };
    match handle(&state.client, &notification).await {
        Ok(said) => (StatusCode::OK, said),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// The app's own handling, by event type: here, the related object's current state, decoded by
/// its `object` tag into the crate's type where it has one, raw JSON otherwise.
async fn handle(
    client: &Client,
    notification: &EventNotification,
) -> Result<String, stripe_client::Error> {
    let Some(related) = notification
        .fetch_related_object::<RelatedObject>(client)
        .await
    else {
        return Ok(format!("{}: no related object", notification.event_type));
    };
    let about = match related?.into_inner() {
        // The tokens config keeps a customer opaque: the variant tells the kind, `.0` is its JSON.
        RelatedObject::Customer(customer) => {
            format!("customer {}", customer.0["id"].as_str().unwrap_or("?"))
        }
        // A kind this crate has no type for, kept as received.
        RelatedObject::Unknown(object) => format!("{} {}", object["object"], object["id"]),
        other => format!("{other:?}"),
    };
    Ok(format!("{} about {about}", notification.event_type))
}

#[tokio::main]
async fn main() -> ExitCode {
    let (Ok(key), Ok(secret)) = (
        std::env::var("STRIPE_API_KEY"),
        std::env::var("STRIPE_EVENT_SECRET"),
    ) else {
        eprintln!("set STRIPE_API_KEY and STRIPE_EVENT_SECRET (the destination's whsec_… secret)");
        return ExitCode::from(2);
    };
    let state = AppState {
        verifier: Arc::new(WebhookVerifier::new(secret)),
        client: Client::new(key),
    };
    let listener = match tokio::net::TcpListener::bind("127.0.0.1:4243").await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("cannot listen on 127.0.0.1:4243: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("listening on http://127.0.0.1:4243/events");
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
    use wiremock::matchers::{header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    const SECRET: &str = "whsec_example";

    fn state(server: &MockServer) -> State<AppState> {
        let client = Client::builder("sk_test_example")
            .base_url(server.uri())
            .max_network_retries(0)
            .build()
            .unwrap();
        State(AppState {
            verifier: Arc::new(WebhookVerifier::new(SECRET)),
            client,
        })
    }

    fn signed(body: serde_json::Value, secret: &str) -> (HeaderMap, Bytes) {
        let body = body.to_string();
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

    fn thin_event() -> serde_json::Value {
        serde_json::json!({
            "id": "evt_test_1", "object": "v2.core.event",
            "type": "v1.billing.meter.error_report_triggered", "livemode": false,
            "created": "2026-01-28T10:00:00.000Z", "context": "acct_1",
            "related_object": {"id": "mtr_1", "type": "billing.meter",
                "url": "/v1/billing/meters/mtr_1"}
        })
    }

    #[tokio::test]
    async fn a_verified_notification_fetches_its_object_in_its_context() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/v1/billing/meters/mtr_1"))
            .and(header("stripe-context", "acct_1"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(serde_json::json!({"id": "mtr_1", "object": "billing.meter"})),
            )
            .expect(1)
            .mount(&server)
            .await;
        let (headers, body) = signed(thin_event(), SECRET);
        let (status, said) = events(state(&server), headers, body).await;
        assert_eq!(status, StatusCode::OK, "{said}");
        assert_eq!(
            said,
            "v1.billing.meter.error_report_triggered about \"billing.meter\" \"mtr_1\""
        );
    }

    #[tokio::test]
    async fn an_object_the_crate_has_a_type_for_comes_typed() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/v1/customers/cus_1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                serde_json::json!({"id": "cus_1", "object": "customer", "email": "jenny@example.com"}),
            ))
            .expect(1)
            .mount(&server)
            .await;
        let mut event = thin_event();
        event["type"] = "v1.customer.updated".into();
        event["related_object"] = serde_json::json!({"id": "cus_1", "type": "customer",
            "url": "/v1/customers/cus_1"});
        let (headers, body) = signed(event, SECRET);
        let (status, said) = events(state(&server), headers, body).await;
        assert_eq!(status, StatusCode::OK, "{said}");
        assert_eq!(said, "v1.customer.updated about customer cus_1");
    }

    #[tokio::test]
    async fn forged_deliveries_and_snapshot_events_get_400() {
        let server = MockServer::start().await;
        let (headers, body) = signed(thin_event(), "whsec_forged");
        let (status, said) = events(state(&server), headers, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(said.contains("matches"), "{said}");

        let snapshot = serde_json::json!({
            "id": "evt_1", "object": "event", "created": 1, "livemode": false,
            "type": "customer.created", "data": {"object": {"id": "cus_1"}}
        });
        let (headers, body) = signed(snapshot, SECRET);
        let (status, said) = events(state(&server), headers, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(said.contains("Webhook::construct_event"), "{said}");
        assert!(server.received_requests().await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_failed_fetch_gets_500_so_that_stripe_retries() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(404).set_body_json(
                serde_json::json!({"error": {"code": "resource_missing", "message": "gone"}}),
            ))
            .mount(&server)
            .await;
        let (headers, body) = signed(thin_event(), SECRET);
        let (status, said) = events(state(&server), headers, body).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(said.contains("resource_missing"), "{said}");
    }

    #[test]
    fn the_snapshot_event_parser_refuses_a_notification() {
        let (headers, body) = signed(thin_event(), SECRET);
        let signature = headers["stripe-signature"].to_str().unwrap();
        let e = stripe_client::Webhook::construct_event(&body, signature, SECRET).unwrap_err();
        assert!(
            matches!(&e, stripe_client::WebhookError::WrongEventKind { found, .. } if found == "v2.core.event"),
            "{e:?}"
        );
        assert!(e.to_string().contains("parse_event_notification"), "{e}");
    }

    #[test]
    fn the_router_builds() {
        let server_less = AppState {
            verifier: Arc::new(WebhookVerifier::new(SECRET)),
            client: Client::new("sk_test_example"),
        };
        let _ = app(server_less);
    }
}
