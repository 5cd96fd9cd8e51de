//! End-to-end tests, through the generated crate's public API only, of what the client offers
//! beside the typed operations: raw requests (with the exported `Method` and `ApiRequest`),
//! per-request options on a generated operation, telemetry, app info, and the errors of oversized
//! responses. The runtime's own loopback tests (`src/runtime/tests_client.rs`) cover the rest.

use std::time::Duration;

use serde_json::{json, Value};
use stripe_client::{
    tokens::{CreateToken, CreateTokenCvcUpdate},
    ApiRequest, Client, Error, Method, RequestOptions,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use workspace_tests::seeds::CARD_TOKEN;

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn client(server: &MockServer) -> Client {
    Client::builder("sk_test_123")
        .base_url(server.uri())
        .retry_backoff(ms(1), ms(2))
        .build()
        .expect("valid client configuration")
}

fn card_token(request_id: &str) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("Request-Id", request_id)
        .set_body_raw(CARD_TOKEN.as_bytes().to_vec(), "application/json")
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().expect("ASCII"))
}

#[tokio::test]
async fn raw_requests_reach_endpoints_the_crate_does_not_generate() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/refunds"))
        .respond_with(
            ResponseTemplate::new(500)
                .set_body_json(json!({"error": {"type": "api_error", "message": "retry me"}})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/refunds"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("Request-Id", "req_refund")
                .set_body_json(json!({"id": "re_1", "object": "refund", "amount": 500})),
        )
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/refunds/re_1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "re_1"})))
        .mount(&server)
        .await;
    let client = client(&server);

    let refund = client
        .request::<Value>(
            Method::Post,
            "/v1/refunds",
            &[("charge", "ch_1"), ("amount", "500")],
        )
        .await
        .expect("the retry succeeds");
    assert_eq!(refund["amount"], 500);
    assert_eq!(refund.request_id(), Some("req_refund"));

    #[derive(serde::Deserialize)]
    struct Refund {
        id: String,
    }
    let options = RequestOptions::new().stripe_account("acct_1");
    let fetched = client
        .request_with_options::<Refund>(
            Method::Get,
            "/v1/refunds/re_1",
            &json!({"expand": ["charge"]}),
            &options,
        )
        .await
        .unwrap();
    assert_eq!(fetched.id, "re_1");

    // A request built by hand goes through the same path.
    let by_hand = ApiRequest::new(Method::Get, "/v1/refunds/re_1").query("expand[0]=charge");
    client
        .execute::<Value>(by_hand, &RequestOptions::new())
        .await
        .unwrap();

    let requests = received(&server).await;
    assert_eq!(requests.len(), 4);
    let key = header(&requests[0], "idempotency-key").expect("a POST has a key");
    assert_eq!(header(&requests[1], "idempotency-key"), Some(key));
    assert_eq!(requests[1].body, b"charge=ch_1&amount=500");
    assert_eq!(requests[2].url.query(), Some("expand[0]=charge"));
    assert_eq!(header(&requests[2], "stripe-account"), Some("acct_1"));
    assert_eq!(requests[3].url.query(), Some("expand[0]=charge"));
    for r in &requests {
        assert_eq!(header(r, "authorization"), Some("Bearer sk_test_123"));
    }
}

#[tokio::test]
async fn a_generated_operation_takes_a_per_request_timeout_retries_headers_and_context() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/tokens/tok_slow"))
        .respond_with(card_token("req_slow").set_delay(ms(3000)))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/tokens"))
        .respond_with(card_token("req_tok"))
        .mount(&server)
        .await;
    let client = client(&server);

    let options = RequestOptions::new()
        .timeout(ms(100))
        .max_network_retries(1);
    let err = client
        .tokens()
        .with_options(options)
        .retrieve("tok_slow")
        .await
        .expect_err("the per-request timeout is far shorter than the delay");
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_eq!(received(&server).await.len(), 2, "one retry, as asked");

    let options = RequestOptions::new()
        .stripe_context("acct_parent/acct_child")
        .header("X-Request-Source", "checkout");
    let token = client
        .tokens()
        .with_options(options)
        .create_with(&CreateToken::new().cvc_update(CreateTokenCvcUpdate::new("123")))
        .await
        .unwrap();
    assert_eq!(token.request_id(), Some("req_tok"));
    let requests = received(&server).await;
    let create = requests.last().unwrap();
    assert_eq!(
        header(create, "stripe-context"),
        Some("acct_parent/acct_child")
    );
    assert_eq!(header(create, "x-request-source"), Some("checkout"));
}

#[tokio::test]
async fn telemetry_and_app_info_ride_along_with_generated_operations() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/tokens"))
        .respond_with(card_token("req_a"))
        .mount(&server)
        .await;
    let params = CreateToken::new().cvc_update(CreateTokenCvcUpdate::new("123"));

    let with = Client::builder("sk_test_123")
        .base_url(server.uri())
        .app_info("Shop", Some("2.0"), None)
        .build()
        .unwrap();
    with.tokens().create_with(&params).await.unwrap();
    with.tokens().create_with(&params).await.unwrap();
    let without = Client::builder("sk_test_123")
        .base_url(server.uri())
        .telemetry(false)
        .build()
        .unwrap();
    without.tokens().create_with(&params).await.unwrap();
    without.tokens().create_with(&params).await.unwrap();

    let requests = received(&server).await;
    let telemetry: Vec<Option<Value>> = requests
        .iter()
        .map(|r| header(r, "x-stripe-client-telemetry").map(|h| serde_json::from_str(h).unwrap()))
        .collect();
    assert_eq!(telemetry[0], None);
    let second = telemetry[1]
        .as_ref()
        .expect("the second request reports the first");
    assert_eq!(second["last_request_metrics"]["request_id"], "req_a");
    assert!(second["last_request_metrics"]["request_duration_ms"].is_u64());
    assert_eq!(telemetry[2], None, "disabled");
    assert_eq!(telemetry[3], None, "disabled");

    let ua = header(&requests[0], "user-agent").unwrap();
    assert!(ua.ends_with(" Shop/2.0"), "{ua}");
    let client_ua: Value =
        serde_json::from_str(header(&requests[0], "x-stripe-client-user-agent").unwrap()).unwrap();
    assert_eq!(
        client_ua["application"],
        json!({"name": "Shop", "version": "2.0"})
    );
    assert!(!header(&requests[2], "user-agent").unwrap().contains("Shop"));
}

#[tokio::test]
async fn an_oversized_response_is_refused_with_its_size() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/tokens"))
        .respond_with(card_token("req_big"))
        .mount(&server)
        .await;
    let client = Client::builder("sk_test_123")
        .base_url(server.uri())
        .max_response_size(64)
        .build()
        .unwrap();
    let err = client
        .tokens()
        .create_with(&CreateToken::new())
        .await
        .expect_err("the token fixture is larger than 64 bytes");
    let Error::ResponseTooLarge {
        limit,
        content_length,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*limit, 64);
    assert_eq!(*content_length, Some(CARD_TOKEN.len() as u64));
    assert_eq!(err.request_id(), Some("req_big"));
    assert_eq!(received(&server).await.len(), 1, "not retried");
}
