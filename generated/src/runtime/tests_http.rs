//! End-to-end tests of the transport against a loopback HTTP server (wiremock).

use std::net::TcpListener;
use std::time::Duration;

use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use super::random::is_uuid_v4;
use super::{ApiRequest, Client, ClientBuilder, Error, Method, RequestOptions};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// A builder pointed at `base` with 1–2 ms backoff, so retries cost nothing.
fn fast(builder: ClientBuilder, base: &str) -> ClientBuilder {
    builder.base_url(base).retry_backoff(ms(1), ms(2))
}

fn client(server: &MockServer) -> Client {
    fast(Client::builder("sk_test_123"), &server.uri())
        .build()
        .unwrap()
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("Request-Id", "req_ok")
        .set_body_json(body)
}

fn stripe_error(status: u16, error_type: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("Request-Id", "req_err")
        .set_body_json(json!({"error": {"type": error_type, "message": "boom"}}))
}

async fn mount(
    server: &MockServer,
    verb: &str,
    route: &str,
    response: ResponseTemplate,
    times: Option<u64>,
) {
    let mock = Mock::given(method(verb))
        .and(path(route))
        .respond_with(response);
    match times {
        Some(n) => mock.up_to_n_times(n).mount(server).await,
        None => mock.mount(server).await,
    }
}

async fn received(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

fn post_token() -> ApiRequest {
    ApiRequest::new(Method::Post, "/v1/tokens".to_owned())
        .form("card[number]=4242424242424242&card[exp_month]=8".to_owned())
}

#[tokio::test]
async fn post_sends_stripe_headers_and_form_body() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v1/tokens",
        ok(json!({"id": "tok_1", "object": "token"})),
        None,
    )
    .await;

    let response = client(&server)
        .execute::<Value>(post_token(), &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(response["id"], "tok_1");
    assert_eq!(response.status(), 200);
    assert_eq!(response.request_id(), Some("req_ok"));

    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.body, b"card[number]=4242424242424242&card[exp_month]=8");
    assert_eq!(header(r, "authorization"), Some("Bearer sk_test_123"));
    assert_eq!(header(r, "stripe-version"), Some(crate::API_VERSION));
    assert_eq!(
        header(r, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(header(r, "accept"), Some("application/json"));
    assert_eq!(header(r, "stripe-account"), None);
    let key = header(r, "idempotency-key").unwrap();
    assert!(is_uuid_v4(key), "{key}");
    assert_eq!(response.idempotency_key(), Some(key));
    let ua = header(r, "user-agent").unwrap();
    assert!(ua.starts_with("Stripe/v1 RustBindings/"), "{ua}");
    assert!(ua.contains(env!("CARGO_PKG_NAME")), "{ua}");
    let client_ua: Value =
        serde_json::from_str(header(r, "x-stripe-client-user-agent").unwrap()).unwrap();
    assert_eq!(client_ua["lang"], "rust");
}

#[tokio::test]
async fn get_and_delete_with_options() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        "/v1/customers/cus_1",
        ok(json!({"id": "cus_1"})),
        None,
    )
    .await;
    mount(
        &server,
        "DELETE",
        "/v1/customers/cus_1",
        ok(json!({"id": "cus_1", "deleted": true})),
        None,
    )
    .await;
    let client = client(&server);
    let options = RequestOptions::new()
        .stripe_account("acct_1")
        .api_key("pk_test_456")
        .stripe_version("2020-08-27");

    let get = ApiRequest::new(Method::Get, "/v1/customers/cus_1".to_owned())
        .query("expand[0]=default_source&email=a%2Bb%40c.d".to_owned());
    let response = client.execute::<Value>(get, &options).await.unwrap();
    assert_eq!(response.idempotency_key(), None);
    let delete = ApiRequest::new(Method::Delete, "/v1/customers/cus_1".to_owned());
    let deleted = client.execute::<Value>(delete, &options).await.unwrap();
    assert_eq!(deleted.into_inner()["deleted"], true);

    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    for r in &requests {
        assert_eq!(header(r, "authorization"), Some("Bearer pk_test_456"));
        assert_eq!(header(r, "stripe-account"), Some("acct_1"));
        assert_eq!(header(r, "stripe-version"), Some("2020-08-27"));
        assert_eq!(header(r, "idempotency-key"), None);
        assert_eq!(header(r, "content-type"), None);
        assert!(r.body.is_empty());
    }
    assert_eq!(
        requests[0].url.query(),
        Some("expand[0]=default_source&email=a%2Bb%40c.d")
    );
    assert_eq!(requests[1].url.query(), None);
}

#[tokio::test]
async fn post_without_form_sends_empty_body_and_given_idempotency_key() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v1/payment_intents/pi_1/cancel",
        ok(json!({"id": "pi_1"})),
        None,
    )
    .await;
    let request = ApiRequest::new(Method::Post, "/v1/payment_intents/pi_1/cancel".to_owned());
    let options = RequestOptions::new().idempotency_key("order-6735");
    let response = client(&server)
        .execute::<Value>(request, &options)
        .await
        .unwrap();
    assert_eq!(response.idempotency_key(), Some("order-6735"));
    let r = &received(&server).await[0];
    assert!(r.body.is_empty());
    assert_eq!(
        header(r, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(header(r, "idempotency-key"), Some("order-6735"));
}

#[tokio::test]
async fn retries_500_with_the_same_idempotency_key() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v1/tokens",
        stripe_error(500, "api_error"),
        None,
    )
    .await;
    let err = client(&server)
        .execute::<Value>(post_token(), &RequestOptions::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert_eq!(err.request_id(), Some("req_err"));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3, "first attempt + 2 retries");
    let key = header(&requests[0], "idempotency-key").unwrap();
    assert!(is_uuid_v4(key));
    for r in &requests {
        assert_eq!(header(r, "idempotency-key"), Some(key));
        assert_eq!(r.body, requests[0].body);
    }
}

#[tokio::test]
async fn recovers_after_a_503_and_a_409() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v1/tokens",
        stripe_error(503, "api_error"),
        Some(1),
    )
    .await;
    mount(
        &server,
        "POST",
        "/v1/tokens",
        stripe_error(409, "invalid_request_error"),
        Some(1),
    )
    .await;
    mount(
        &server,
        "POST",
        "/v1/tokens",
        ok(json!({"id": "tok_1"})),
        None,
    )
    .await;
    let response = client(&server)
        .execute::<Value>(post_token(), &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(response["id"], "tok_1");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    assert_eq!(
        header(&requests[0], "idempotency-key"),
        header(&requests[2], "idempotency-key")
    );
}

#[tokio::test]
async fn stripe_should_retry_false_stops_retries() {
    let server = MockServer::start().await;
    let response = stripe_error(500, "api_error").insert_header("Stripe-Should-Retry", "false");
    mount(&server, "POST", "/v1/tokens", response, None).await;
    let err = client(&server)
        .execute::<Value>(post_token(), &RequestOptions::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn bad_request_is_not_retried() {
    let server = MockServer::start().await;
    let body = json!({"error": {
        "type": "invalid_request_error",
        "code": "parameter_missing",
        "param": "card[number]",
        "message": "Missing required param: card[number]."
    }});
    let response = ResponseTemplate::new(400)
        .insert_header("Request-Id", "req_400")
        .set_body_json(body);
    mount(&server, "POST", "/v1/tokens", response, None).await;
    let err = client(&server)
        .execute::<Value>(post_token(), &RequestOptions::new())
        .await
        .unwrap_err();
    let Error::InvalidRequest(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.code(), Some("parameter_missing"));
    assert_eq!(api.param(), Some("card[number]"));
    assert_eq!(err.status(), Some(400));
    assert_eq!(err.request_id(), Some("req_400"));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn rate_limit_retried_only_when_stripe_says_so() {
    let server = MockServer::start().await;
    let lock_timeout =
        stripe_error(429, "invalid_request_error").insert_header("Stripe-Should-Retry", "true");
    mount(&server, "POST", "/v1/tokens", lock_timeout, Some(1)).await;
    mount(
        &server,
        "POST",
        "/v1/tokens",
        ok(json!({"id": "tok_1"})),
        Some(1),
    )
    .await;
    mount(
        &server,
        "POST",
        "/v1/tokens",
        stripe_error(429, "invalid_request_error"),
        None,
    )
    .await;
    let client = client(&server);

    let response = client
        .execute::<Value>(post_token(), &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(response["id"], "tok_1");
    assert_eq!(received(&server).await.len(), 2);

    // Without the header, a 429 is final.
    let err = client
        .execute::<Value>(post_token(), &RequestOptions::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::RateLimit(_)), "{err:?}");
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn timeout_gives_timeout_error_after_retries() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        "/v1/balance",
        ok(json!({})).set_delay(ms(2000)),
        None,
    )
    .await;
    let client = fast(Client::builder("sk_test_123"), &server.uri())
        .timeout(ms(100))
        .max_network_retries(1)
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = client
        .execute::<Value>(
            ApiRequest::new(Method::Get, "/v1/balance".to_owned()),
            &RequestOptions::new(),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(started.elapsed() < ms(1500), "{:?}", started.elapsed());
    assert!(std::error::Error::source(&err).is_some());
    assert_eq!(received(&server).await.len(), 2, "a timeout is retried");
}

#[tokio::test]
async fn refused_connection_gives_connection_error() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = fast(
        Client::builder("sk_test_123"),
        &format!("http://127.0.0.1:{port}"),
    )
    .build()
    .unwrap();
    let err = client
        .execute::<Value>(post_token(), &RequestOptions::new())
        .await
        .unwrap_err();
    match &err {
        Error::Connection { message, .. } => assert!(!message.is_empty()),
        other => panic!("{other:?}"),
    }
    assert_eq!(err.status(), None);
    assert!(
        err.to_string().starts_with("could not connect to Stripe: "),
        "{err}"
    );
}

#[tokio::test]
async fn keyless_client_sends_no_authorization_unless_given_per_request() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        "/v1/balance",
        ok(json!({"object": "balance"})),
        None,
    )
    .await;
    let client = fast(Client::builder_without_key(), &server.uri())
        .build()
        .unwrap();
    let get = || ApiRequest::new(Method::Get, "/v1/balance".to_owned());
    client
        .execute::<Value>(get(), &RequestOptions::new())
        .await
        .unwrap();
    client
        .execute::<Value>(get(), &RequestOptions::new().api_key("sk_test_789"))
        .await
        .unwrap();
    let requests = received(&server).await;
    assert_eq!(header(&requests[0], "authorization"), None);
    assert_eq!(
        header(&requests[1], "authorization"),
        Some("Bearer sk_test_789")
    );
}

#[tokio::test]
async fn base_url_prefix_and_trailing_slash() {
    let server = MockServer::start().await;
    mount(&server, "GET", "/stripe/v1/balance", ok(json!({})), None).await;
    let client = fast(Client::builder("sk"), &format!("{}/stripe/", server.uri()))
        .build()
        .unwrap();
    let response = client
        .execute::<Value>(
            ApiRequest::new(Method::Get, "/v1/balance".to_owned()),
            &RequestOptions::new(),
        )
        .await
        .unwrap();
    assert_eq!(*response, json!({}));
}

#[tokio::test]
async fn undecodable_bodies_are_decode_errors() {
    #[derive(serde::Deserialize, Debug)]
    struct Token {
        #[allow(dead_code)]
        id: String,
    }
    let server = MockServer::start().await;
    let not_json = ResponseTemplate::new(200)
        .insert_header("Request-Id", "req_html")
        .set_body_string("<html>hi</html>");
    mount(&server, "GET", "/v1/html", not_json, None).await;
    mount(&server, "GET", "/v1/wrong", ok(json!({"id": 5})), None).await;
    let bad_gateway = ResponseTemplate::new(502).set_body_string("Bad Gateway");
    mount(&server, "GET", "/v1/gateway", bad_gateway, None).await;
    let client = client(&server);
    let get = |p: &str| ApiRequest::new(Method::Get, p.to_owned());

    let err = client
        .execute::<Value>(get("/v1/html"), &RequestOptions::new())
        .await
        .unwrap_err();
    match &err {
        Error::Decode {
            status,
            request_id,
            body,
            ..
        } => {
            assert_eq!(*status, 200);
            assert_eq!(request_id.as_deref(), Some("req_html"));
            assert_eq!(body, "<html>hi</html>");
        }
        other => panic!("{other:?}"),
    }
    let err = client
        .execute::<Token>(get("/v1/wrong"), &RequestOptions::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { status: 200, .. }), "{err:?}");
    let err = client
        .execute::<Value>(get("/v1/gateway"), &RequestOptions::new())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Decode { status: 502, ref body, .. } if body == "Bad Gateway"),
        "{err:?}"
    );
    // 1 + 1 + (1 + 2 retries of the 502)
    assert_eq!(received(&server).await.len(), 5);
}

#[tokio::test]
async fn unusable_path_is_rejected_before_sending() {
    let server = MockServer::start().await;
    let request = ApiRequest::new(Method::Get, "/v1/customers/".to_owned());
    let err = client(&server)
        .execute::<Value>(request, &RequestOptions::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(received(&server).await.is_empty());
}

#[test]
fn execute_future_is_send() {
    fn assert_send<F: Send>(_: F) {}
    let client = Client::new("sk_test");
    let options = RequestOptions::new();
    assert_send(client.execute::<Value>(
        ApiRequest::new(Method::Get, "/v1/balance".to_owned()),
        &options,
    ));
}
