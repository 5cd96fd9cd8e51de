//! End-to-end tests of error handling against a loopback mock server (wiremock): each Stripe error
//! class from a realistic error body, error answers whose body is not Stripe's error JSON (an HTML
//! page, a truncated or empty body: still API errors with their status), and transport failures
//! (timeout, refused connection, a success body that is not JSON).

use std::net::TcpListener;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use stripe_client::{
    tokens::{CreateToken, CreateTokenCardDetails, CreateTokenCvcUpdate},
    ApiError, Client, Error, RequestOptions,
};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// A client for `base` with 2 retries and 1–5 ms backoff.
fn client_for(base: &str, retries: u32) -> Client {
    Client::builder("sk_test_123")
        .base_url(base)
        .max_network_retries(retries)
        .retry_backoff(ms(1), ms(5))
        .timeout(Duration::from_secs(10))
        .build()
        .expect("valid client configuration")
}

/// A card that is declined for insufficient funds (set by field name: the order of
/// `CreateTokenCardDetails::new`'s string arguments is not what the README says).
fn card_params() -> CreateToken {
    let mut card = CreateTokenCardDetails::new("5", "2026", "4000000000009995");
    card.number = "4000000000009995".to_owned();
    card.exp_month = "5".to_owned();
    card.exp_year = "2026".to_owned();
    CreateToken::new().card(card.cvc("314"))
}

fn stripe_error(status: u16, request_id: &str, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("Request-Id", request_id)
        .set_body_json(body)
}

async fn received(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

/// Creates a card token against a server that always answers `response`; the error and the
/// number of requests the server saw.
async fn create_failing(response: ResponseTemplate) -> (Error, usize) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(response)
        .mount(&server)
        .await;
    let err = client_for(&server.uri(), 2)
        .tokens()
        .create_with(&card_params())
        .await
        .expect_err("the server answers an error");
    (err, received(&server).await.len())
}

/// The API error of `err`, checking the status and request id every variant carries.
fn api_error<'e>(err: &'e Error, status: u16, request_id: &str) -> &'e ApiError {
    assert_eq!(err.status(), Some(status), "{err:?}");
    assert_eq!(err.request_id(), Some(request_id), "{err:?}");
    let api = err.api_error().expect("an API error");
    assert_eq!(api.status, status);
    assert_eq!(api.request_id.as_deref(), Some(request_id));
    api
}

#[tokio::test]
async fn card_declined_402_is_a_card_error() {
    let (err, requests) = create_failing(stripe_error(
        402,
        "req_card_declined",
        json!({
            "error": {
                "charge": "ch_3NkXGx2eZvKYlo2C0h9iFa5d",
                "code": "card_declined",
                "decline_code": "insufficient_funds",
                "doc_url": "https://stripe.com/docs/error-codes/card-declined",
                "message": "Your card has insufficient funds.",
                "param": "number",
                "request_log_url": "https://dashboard.stripe.com/test/logs/req_card_declined?t=1693334608",
                "type": "card_error"
            }
        }),
    ))
    .await;
    assert_eq!(requests, 1, "a 402 is not retried");
    let Error::Card(e) = &err else {
        panic!("expected Error::Card, got {err:?}")
    };
    assert_eq!(e.code(), Some("card_declined"));
    assert_eq!(e.decline_code(), Some("insufficient_funds"));
    assert_eq!(e.param(), Some("number"));
    assert_eq!(e.message(), Some("Your card has insufficient funds."));
    assert_eq!(e.error_type(), "card_error");
    assert_eq!(
        e.doc_url(),
        Some("https://stripe.com/docs/error-codes/card-declined")
    );
    assert_eq!(
        e.error.as_ref().and_then(|object| object.charge.as_deref()),
        Some("ch_3NkXGx2eZvKYlo2C0h9iFa5d")
    );
    api_error(&err, 402, "req_card_declined");
    let shown = err.to_string();
    for part in [
        "card error",
        "402",
        "Your card has insufficient funds.",
        "card_declined",
        "insufficient_funds",
        "req_card_declined",
    ] {
        assert!(shown.contains(part), "{shown:?} lacks {part:?}");
    }
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn invalid_request_400_carries_the_param() {
    let (err, requests) = create_failing(stripe_error(
        400,
        "req_invalid",
        json!({
            "error": {
                "code": "parameter_missing",
                "doc_url": "https://stripe.com/docs/error-codes/parameter-missing",
                "message": "Missing required param: card[exp_year].",
                "param": "card[exp_year]",
                "request_log_url": "https://dashboard.stripe.com/test/logs/req_invalid",
                "type": "invalid_request_error"
            }
        }),
    ))
    .await;
    assert_eq!(requests, 1);
    let Error::InvalidRequest(e) = &err else {
        panic!("expected Error::InvalidRequest, got {err:?}")
    };
    assert_eq!(e.param(), Some("card[exp_year]"));
    assert_eq!(e.code(), Some("parameter_missing"));
    assert_eq!(e.decline_code(), None);
    assert_eq!(e.error_type(), "invalid_request_error");
    api_error(&err, 400, "req_invalid");
}

#[tokio::test]
async fn missing_token_404_is_an_invalid_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(stripe_error(
            404,
            "req_missing",
            json!({
                "error": {
                    "code": "resource_missing",
                    "doc_url": "https://stripe.com/docs/error-codes/resource-missing",
                    "message": "No such token: 'tok_missing'",
                    "param": "token",
                    "request_log_url": "https://dashboard.stripe.com/test/logs/req_missing",
                    "type": "invalid_request_error"
                }
            }),
        ))
        .mount(&server)
        .await;
    let err = client_for(&server.uri(), 2)
        .tokens()
        .retrieve("tok_missing")
        .await
        .expect_err("404");
    assert_eq!(received(&server).await.len(), 1, "a 404 is not retried");
    let Error::InvalidRequest(e) = &err else {
        panic!("expected Error::InvalidRequest, got {err:?}")
    };
    assert_eq!(e.code(), Some("resource_missing"));
    assert_eq!(e.param(), Some("token"));
    assert_eq!(e.message(), Some("No such token: 'tok_missing'"));
    api_error(&err, 404, "req_missing");
}

#[tokio::test]
async fn bad_key_401_is_an_authentication_error() {
    let (err, requests) = create_failing(stripe_error(
        401,
        "req_auth",
        json!({
            "error": {
                "message": "Invalid API Key provided: sk_test_****0123",
                "type": "invalid_request_error"
            }
        }),
    ))
    .await;
    assert_eq!(requests, 1);
    assert!(matches!(err, Error::Authentication(_)), "{err:?}");
    let e = api_error(&err, 401, "req_auth");
    assert_eq!(
        e.message(),
        Some("Invalid API Key provided: sk_test_****0123")
    );
    assert_eq!(e.code(), None);
}

#[tokio::test]
async fn restricted_key_403_is_a_permission_error() {
    let (err, requests) = create_failing(stripe_error(
        403,
        "req_perm",
        json!({
            "error": {
                "message": "The provided key 'rk_test_****abcd' does not have the required permissions for this endpoint on account 'acct_1032D82eZvKYlo2C'.",
                "type": "invalid_request_error"
            }
        }),
    ))
    .await;
    assert_eq!(requests, 1);
    assert!(matches!(err, Error::Permission(_)), "{err:?}");
    api_error(&err, 403, "req_perm");
}

#[tokio::test]
async fn too_many_requests_429_is_a_rate_limit_error() {
    let (err, requests) = create_failing(stripe_error(
        429,
        "req_rate",
        json!({
            "error": {
                "code": "rate_limit",
                "doc_url": "https://stripe.com/docs/error-codes/rate-limit",
                "message": "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.",
                "type": "invalid_request_error"
            }
        }),
    ))
    .await;
    assert_eq!(
        requests, 1,
        "a 429 without Stripe-Should-Retry is not retried"
    );
    let Error::RateLimit(e) = &err else {
        panic!("expected Error::RateLimit, got {err:?}")
    };
    assert_eq!(e.code(), Some("rate_limit"));
    api_error(&err, 429, "req_rate");
}

#[tokio::test]
async fn reused_key_is_an_idempotency_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(stripe_error(
            400,
            "req_idem",
            json!({
                "error": {
                    "message": "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'order-6735' if you meant to execute a different request.",
                    "type": "idempotency_error"
                }
            }),
        ))
        .mount(&server)
        .await;
    let err = client_for(&server.uri(), 2)
        .tokens()
        .with_options(RequestOptions::new().idempotency_key("order-6735"))
        .create_with(&CreateToken::new().cvc_update(CreateTokenCvcUpdate::new("123")))
        .await
        .expect_err("400");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].headers["idempotency-key"], "order-6735");
    let Error::Idempotency(e) = &err else {
        panic!("expected Error::Idempotency, got {err:?}")
    };
    assert_eq!(e.error_type(), "idempotency_error");
    assert!(e.message().is_some_and(|m| m.contains("order-6735")));
    api_error(&err, 400, "req_idem");
}

#[tokio::test]
async fn server_error_500_is_an_api_error_after_retries() {
    let server = MockServer::start().await;
    // Each attempt gets its own request id; the error reports the last one.
    for (i, id) in ["req_500_a", "req_500_b"].into_iter().enumerate() {
        Mock::given(method("POST"))
            .respond_with(stripe_error(
                500,
                id,
                json!({"error": {"message": "An unknown error occurred", "type": "api_error"}}),
            ))
            .up_to_n_times(1)
            .with_priority(u8::try_from(i + 1).expect("small"))
            .mount(&server)
            .await;
    }
    Mock::given(method("POST"))
        .respond_with(stripe_error(
            500,
            "req_500_c",
            json!({"error": {"message": "An unknown error occurred", "type": "api_error"}}),
        ))
        .mount(&server)
        .await;
    let err = client_for(&server.uri(), 2)
        .tokens()
        .create_with(&card_params())
        .await
        .expect_err("500");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3, "1 attempt + 2 retries");
    let keys: Vec<_> = requests
        .iter()
        .map(|r| r.headers["idempotency-key"].clone())
        .collect();
    assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
    let Error::Api(e) = &err else {
        panic!("expected Error::Api, got {err:?}")
    };
    assert_eq!(e.error_type(), "api_error");
    assert_eq!(e.message(), Some("An unknown error occurred"));
    api_error(&err, 500, "req_500_c");
}

#[tokio::test]
async fn unknown_error_members_are_kept() {
    let (err, _) = create_failing(stripe_error(
        402,
        "req_pi",
        json!({
            "error": {
                "code": "card_declined",
                "decline_code": "generic_decline",
                "message": "Your card was declined.",
                "type": "card_error",
                "payment_method": {"id": "pm_1", "object": "payment_method"},
                "some_new_member": [1, 2]
            }
        }),
    ))
    .await;
    let e = err.api_error().expect("API error");
    let object = e.error.as_deref().expect("Stripe's error object");
    assert_eq!(object.extra["payment_method"]["id"], "pm_1");
    assert_eq!(object.extra["some_new_member"], json!([1, 2]));
    assert_eq!(
        e.body, None,
        "the body is kept only when it is not an error object"
    );
}

#[tokio::test]
async fn timeout_is_a_timeout_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({}))
                .set_delay(Duration::from_secs(10)),
        )
        .mount(&server)
        .await;
    let client = Client::builder("sk_test_123")
        .base_url(server.uri())
        .max_network_retries(0)
        .timeout(ms(150))
        .build()
        .expect("client");
    let started = Instant::now();
    let err = client
        .tokens()
        .create_with(&card_params())
        .await
        .expect_err("times out");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_eq!(err.status(), None);
    assert_eq!(err.request_id(), None);
    assert!(std::error::Error::source(&err).is_some());
    assert!(err.to_string().contains("timed out"), "{err}");
    assert_eq!(received(&server).await.len(), 1, "retries 0: one attempt");
}

#[tokio::test]
async fn timeouts_are_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    let client = Client::builder("sk_test_123")
        .base_url(server.uri())
        .max_network_retries(1)
        .retry_backoff(ms(1), ms(2))
        .timeout(ms(100))
        .build()
        .expect("client");
    let err = client
        .tokens()
        .retrieve("tok_slow")
        .await
        .expect_err("times out");
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_eq!(received(&server).await.len(), 2);
}

/// A loopback port nothing listens on: bound, then released.
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let port = listener.local_addr().expect("local address").port();
    drop(listener);
    port
}

#[tokio::test]
async fn refused_connection_is_a_connection_error() {
    let base = format!("http://127.0.0.1:{}", closed_port());
    for retries in [0, 2] {
        let err = client_for(&base, retries)
            .tokens()
            .create_with(&card_params())
            .await
            .expect_err("nothing listens");
        assert!(matches!(err, Error::Connection { .. }), "{err:?}");
        assert_eq!(err.status(), None);
        assert_eq!(err.request_id(), None);
        assert!(err.api_error().is_none());
        assert!(std::error::Error::source(&err).is_some());
        assert!(
            err.to_string().starts_with("could not connect to Stripe"),
            "{err}"
        );
    }
}

#[tokio::test]
async fn invalid_json_on_200_is_a_decode_error() {
    let server = MockServer::start().await;
    let body = r#"{"id": "tok_1", "object": "token", "#;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("Request-Id", "req_garbled")
                .set_body_raw(body, "application/json"),
        )
        .mount(&server)
        .await;
    let err = client_for(&server.uri(), 2)
        .tokens()
        .create_with(&card_params())
        .await
        .expect_err("garbled body");
    assert_eq!(received(&server).await.len(), 1, "a 200 is not retried");
    let Error::Decode {
        status,
        request_id,
        body: got,
        body_len,
        path,
        message,
    } = &err
    else {
        panic!("expected Error::Decode, got {err:?}")
    };
    assert_eq!(*status, 200);
    assert_eq!(request_id.as_deref(), Some("req_garbled"));
    assert_eq!(got, body);
    assert_eq!(*body_len, body.len());
    // The body ends inside the token object.
    assert_eq!(path, "");
    assert!(message.contains("EOF while parsing"), "{message}");
    assert_eq!(err.status(), Some(200));
    assert_eq!(err.request_id(), Some("req_garbled"));
}

#[tokio::test]
async fn json_of_the_wrong_shape_on_200_is_a_decode_error() {
    let server = MockServer::start().await;
    // `created` is a string (and `id` is missing, which alone would decode, as drift).
    let body = json!({"object": "token", "created": "yesterday", "livemode": false, "type": "card", "used": false});
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .mount(&server)
        .await;
    let err = client_for(&server.uri(), 0)
        .tokens()
        .retrieve("tok_1")
        .await
        .expect_err("wrong shape");
    let Error::Decode {
        status,
        body: got,
        path,
        ..
    } = &err
    else {
        panic!("expected Error::Decode, got {err:?}")
    };
    assert_eq!(*status, 200);
    assert_eq!(path, "/created", "{err}");
    assert_eq!(serde_json::from_str::<Value>(got).expect("JSON"), body);
    assert_eq!(err.request_id(), None);
}

/// Answers each request with `status` and `body` (as `content_type`), a request id per request
/// (`req_page_1`, `req_page_2`, ...), and the number of requests seen.
async fn create_answered_with(
    status: u16,
    body: &'static [u8],
    content_type: &str,
    retries: u32,
) -> (Error, usize) {
    let server = MockServer::start().await;
    for i in 1..=retries + 1 {
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("Request-Id", format!("req_page_{i}").as_str())
                    .set_body_raw(body, content_type),
            )
            .up_to_n_times(1)
            .with_priority(u8::try_from(i).expect("small"))
            .mount(&server)
            .await;
    }
    let err = client_for(&server.uri(), retries)
        .tokens()
        .create_with(&card_params())
        .await
        .expect_err("an error status");
    (err, received(&server).await.len())
}

/// The `ApiError` of an `Error::Api` whose body was not Stripe's error JSON.
fn unparsed_api_error<'e>(err: &'e Error, status: u16, request_id: &str) -> &'e ApiError {
    let Error::Api(api) = err else {
        panic!("expected Error::Api, got {err:?}")
    };
    assert_eq!(api_error(err, status, request_id), api);
    assert_eq!(api.error, None, "no error object to give");
    assert_eq!(api.error_type(), "");
    assert_eq!(api.message(), None);
    api
}

#[tokio::test]
async fn html_error_page_is_an_api_error_retried_with_its_status() {
    static PAGE: &[u8] = b"<html><body><h1>502 Bad Gateway</h1></body></html>";
    let (err, requests) = create_answered_with(502, PAGE, "text/html", 1).await;
    assert_eq!(requests, 2, "a 502 is retried as before");
    // The last attempt's status and request id.
    let api = unparsed_api_error(&err, 502, "req_page_2");
    assert_eq!(
        api.body.as_deref(),
        Some("<html><body><h1>502 Bad Gateway</h1></body></html>")
    );
    let shown = err.to_string();
    assert!(
        shown.starts_with(
            "Stripe API error: HTTP 502: the response body is not a Stripe error object: "
        ),
        "{shown}"
    );
    assert!(shown.contains("502 Bad Gateway</h1>"), "{shown}");
    assert!(shown.contains("req_page_2"), "{shown}");
}

#[tokio::test]
async fn truncated_error_body_is_an_api_error_with_its_start() {
    static CUT: &[u8] = br#"{"error": {"message": "Your card was declined.", "type": "card_er"#;
    let (err, requests) = create_answered_with(402, CUT, "application/json", 2).await;
    assert_eq!(requests, 1, "a 402 is not retried, whatever its body");
    let api = unparsed_api_error(&err, 402, "req_page_1");
    assert_eq!(api.body.as_deref().map(str::as_bytes), Some(CUT));
}

#[tokio::test]
async fn empty_error_body_is_an_api_error() {
    let (err, requests) = create_answered_with(503, b"", "text/plain", 2).await;
    assert_eq!(requests, 3, "a 503 is retried as before");
    let api = unparsed_api_error(&err, 503, "req_page_3");
    assert_eq!(api.body.as_deref(), Some(""));
    assert!(err.to_string().contains("(empty body)"), "{err}");
}

#[tokio::test]
async fn large_error_page_is_kept_to_a_bounded_excerpt() {
    static BIG: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let page = BIG.get_or_init(|| {
        let mut page = b"<html><title>Service Unavailable</title>".to_vec();
        page.resize(1 << 20, b'x');
        page
    });
    let (err, _) = create_answered_with(503, page, "text/html", 0).await;
    let api = unparsed_api_error(&err, 503, "req_page_1");
    let body = api.body.as_deref().expect("an excerpt");
    assert!(
        body.starts_with("<html><title>Service Unavailable</title>"),
        "{body}"
    );
    assert!(body.ends_with('…'), "marked where cut");
    assert!(
        body.len() <= ApiError::BODY_EXCERPT + '…'.len_utf8(),
        "{}",
        body.len()
    );
    assert!(err.to_string().len() < 400, "{err}");
}

#[test]
fn invalid_configuration_is_a_config_error() {
    for base in ["", "api.stripe.com", "ftp://example.com", "https://x/?a=1"] {
        let err = Client::builder("sk_test_123")
            .base_url(base)
            .build()
            .expect_err(base);
        assert!(matches!(err, Error::Config(_)), "{base}: {err:?}");
        assert_eq!(err.status(), None);
    }
}

#[tokio::test]
async fn key_with_a_newline_is_a_config_error_and_not_echoed() {
    let server = MockServer::start().await;
    let err = client_for(&server.uri(), 2)
        .tokens()
        .with_options(RequestOptions::new().api_key("sk_test_secret\r\nX-Injected: 1"))
        .create_with(&card_params())
        .await
        .expect_err("bad key");
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(!err.to_string().contains("secret"), "{err}");
    assert!(received(&server).await.is_empty());
}
