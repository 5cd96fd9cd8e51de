//! End-to-end tests of the transport against a loopback HTTP server (wiremock).

use std::net::TcpListener;
use std::time::Duration;

use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use super::form::{to_multipart, FileUpload, FormEncode, FormWriter, Key};
use super::random::is_uuid_v4;
use super::{ApiRequest, Client, ClientBuilder, Error, Method, RequestOptions};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// A builder pointed at `base` with 1–2 ms backoff, so retries cost nothing.
/// The `Stripe-Version` the test clients send.
pub(super) const TEST_API_VERSION: &str = "2024-04-10";

fn fast(builder: ClientBuilder, base: &str) -> ClientBuilder {
    builder.base_url(base).retry_backoff(ms(1), ms(2))
}

fn client(server: &MockServer) -> Client {
    fast(Client::builder("sk_test_123"), &server.uri())
        .api_version(TEST_API_VERSION)
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
    assert_eq!(header(r, "stripe-version"), Some(TEST_API_VERSION));
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
async fn undecodable_bodies_are_decode_errors_and_error_pages_api_errors() {
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
    match &err {
        Error::Decode {
            status: 200,
            path,
            body_len,
            message,
            ..
        } => {
            assert_eq!(path, "/id", "{err}");
            assert_eq!(*body_len, r#"{"id":5}"#.len());
            assert!(message.contains("line 1 column"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let err = client
        .execute::<Value>(get("/v1/gateway"), &RequestOptions::new())
        .await
        .unwrap_err();
    match &err {
        Error::Api(api) => {
            assert_eq!(api.status, 502);
            assert_eq!(api.error, None);
            assert_eq!(api.body.as_deref(), Some("Bad Gateway"));
        }
        other => panic!("a non-2xx is an API error whatever its body: {other:?}"),
    }
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

/// `POST /v1/files` parameters: a file, a nested object and an expand array.
struct FileParams {
    file: FileUpload,
    purpose: &'static str,
    create_link: bool,
    expand: Vec<&'static str>,
}

impl FormEncode for FileParams {
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
        self.expand.encode_form(w, &key.field("expand"));
        self.file.encode_form(w, &key.field("file"));
        self.create_link
            .encode_form(w, &key.field("file_link_data").field("create"));
        self.purpose.encode_form(w, &key.field("purpose"));
    }
}

fn file_params() -> FileParams {
    FileParams {
        file: FileUpload::new("receipt.png", b"\x89PNG\r\n\x1a\n\x00\x01".to_vec())
            .content_type("image/png"),
        purpose: "dispute_evidence",
        create_link: true,
        expand: vec!["links"],
    }
}

const FILES_SERVER: &str = "https://files.stripe.com/";

#[tokio::test]
async fn multipart_upload_sends_its_content_type_and_bytes_to_the_explicit_base_url() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v1/files",
        ok(json!({"id": "file_1", "object": "file"})),
        None,
    )
    .await;
    let body = to_multipart(&file_params());
    let content_type = body.content_type().to_owned();
    let bytes = body.bytes().to_vec();
    // `.server` names files.stripe.com, but the base URL set on the builder takes precedence.
    let request = ApiRequest::new(Method::Post, "/v1/files")
        .server(FILES_SERVER)
        .multipart(body);
    let response = client(&server)
        .execute::<Value>(request, &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(response["id"], "file_1");

    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert!(
        content_type.starts_with("multipart/form-data; boundary=----stripe-rust-"),
        "{content_type}"
    );
    assert_eq!(header(r, "content-type"), Some(content_type.as_str()));
    assert_eq!(r.body, bytes);
    assert_eq!(header(r, "accept"), Some("application/json"));
    assert!(is_uuid_v4(header(r, "idempotency-key").unwrap()));

    // The body as a server sees it: parts split at the boundary, named by bracketed keys.
    let boundary = content_type.rsplit("boundary=").next().unwrap();
    let text = String::from_utf8_lossy(&r.body);
    let parts: Vec<&str> = text.split(&format!("--{boundary}")).collect();
    assert_eq!(parts.len(), 6, "{text}"); // "", 4 parts, "--\r\n"
    assert_eq!(parts[0], "");
    assert_eq!(parts[5], "--\r\n");
    assert_eq!(
        parts[1],
        "\r\nContent-Disposition: form-data; name=\"expand[0]\"\r\n\r\nlinks\r\n"
    );
    assert!(parts[2].starts_with(
        "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"receipt.png\"\r\n\
         Content-Type: image/png\r\n\r\n"
    ));
    assert_eq!(
        parts[3],
        "\r\nContent-Disposition: form-data; name=\"file_link_data[create]\"\r\n\r\ntrue\r\n"
    );
    assert_eq!(
        parts[4],
        "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\ndispute_evidence\r\n"
    );
}

#[tokio::test]
async fn multipart_retries_resend_the_same_body() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v1/files",
        stripe_error(503, "api_error"),
        Some(1),
    )
    .await;
    mount(
        &server,
        "POST",
        "/v1/files",
        ok(json!({"id": "file_1"})),
        None,
    )
    .await;
    let mut w = FormWriter::multipart_with_boundary("fixed");
    file_params().encode_form(&mut w, &Key::root());
    let body = w.finish_multipart().unwrap();
    let request = ApiRequest::new(Method::Post, "/v1/files").multipart(body.clone());
    client(&server)
        .execute::<Value>(request, &RequestOptions::new())
        .await
        .unwrap();
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    for r in &requests {
        assert_eq!(r.body, body.bytes());
        assert_eq!(
            header(r, "content-type"),
            Some("multipart/form-data; boundary=fixed")
        );
        assert_eq!(
            header(r, "idempotency-key"),
            header(&requests[0], "idempotency-key")
        );
    }
}

#[tokio::test]
async fn server_is_overridden_by_an_explicit_base_url_with_a_prefix() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        "/gw/v1/files/file_1",
        ok(json!({"id": "file_1"})),
        None,
    )
    .await;
    let client = fast(Client::builder("sk"), &format!("{}/gw/", server.uri()))
        .build()
        .unwrap();
    let request = ApiRequest::new(Method::Get, "/v1/files/file_1").server(FILES_SERVER);
    let response = client
        .execute::<Value>(request, &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(response["id"], "file_1");
    assert_eq!(received(&server).await.len(), 1);
}

/// Not valid UTF-8, nor JSON: must come back byte for byte.
const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n\x00\xff%%EOF\n";

#[tokio::test]
async fn execute_bytes_returns_the_raw_body() {
    let server = MockServer::start().await;
    let pdf = ResponseTemplate::new(200)
        .insert_header("Request-Id", "req_pdf")
        .set_body_raw(PDF, "application/pdf");
    mount(&server, "GET", "/v1/quotes/qt_1/pdf", pdf, None).await;
    let request = ApiRequest::new(Method::Get, "/v1/quotes/qt_1/pdf").accept("application/pdf");
    let response = client(&server)
        .execute_bytes(request, &RequestOptions::new().stripe_account("acct_1"))
        .await
        .unwrap();
    assert_eq!(response.as_slice(), PDF);
    assert_eq!(response.status(), 200);
    assert_eq!(response.request_id(), Some("req_pdf"));
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert_eq!(response.idempotency_key(), None);
    let r = &received(&server).await[0];
    assert_eq!(header(r, "accept"), Some("application/pdf"));
    assert_eq!(header(r, "authorization"), Some("Bearer sk_test_123"));
    assert_eq!(header(r, "stripe-account"), Some("acct_1"));
    assert_eq!(header(r, "stripe-version"), Some(TEST_API_VERSION));

    // Without `.accept`, JSON is accepted as usual, and a JSON body is returned undecoded too.
    let request = ApiRequest::new(Method::Get, "/v1/balance");
    mount(&server, "GET", "/v1/balance", ok(json!({"a": 1})), None).await;
    let response = client(&server)
        .execute_bytes(request, &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(response.into_inner(), br#"{"a":1}"#);
    let requests = received(&server).await;
    assert_eq!(header(&requests[1], "accept"), Some("application/json"));
}

#[tokio::test]
async fn execute_bytes_classifies_errors_and_retries() {
    let server = MockServer::start().await;
    let body = json!({"error": {
        "type": "invalid_request_error",
        "code": "resource_missing",
        "param": "quote",
        "message": "No such quote: 'qt_404'"
    }});
    let not_found = ResponseTemplate::new(404)
        .insert_header("Request-Id", "req_404")
        .set_body_json(body);
    mount(&server, "GET", "/v1/quotes/qt_404/pdf", not_found, None).await;
    mount(
        &server,
        "GET",
        "/v1/quotes/qt_1/pdf",
        stripe_error(500, "api_error"),
        Some(1),
    )
    .await;
    mount(
        &server,
        "GET",
        "/v1/quotes/qt_1/pdf",
        ResponseTemplate::new(200).set_body_raw(PDF, "application/pdf"),
        None,
    )
    .await;
    let client = client(&server);
    let pdf = |id: &str| {
        ApiRequest::new(Method::Get, format!("/v1/quotes/{id}/pdf")).accept("application/pdf")
    };

    let err = client
        .execute_bytes(pdf("qt_404"), &RequestOptions::new())
        .await
        .unwrap_err();
    let Error::InvalidRequest(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.code(), Some("resource_missing"));
    assert_eq!(api.param(), Some("quote"));
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.request_id(), Some("req_404"));
    assert_eq!(received(&server).await.len(), 1, "a 404 is not retried");

    // A 500 is retried, then the PDF comes through.
    let response = client
        .execute_bytes(pdf("qt_1"), &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(response.as_slice(), PDF);
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn execute_bytes_non_json_error_is_an_api_error() {
    let server = MockServer::start().await;
    let forbidden = ResponseTemplate::new(403).set_body_raw(PDF, "application/pdf");
    mount(&server, "GET", "/v1/x", forbidden, None).await;
    let err = client(&server)
        .execute_bytes(
            ApiRequest::new(Method::Get, "/v1/x"),
            &RequestOptions::new(),
        )
        .await
        .unwrap_err();
    match &err {
        Error::Api(api) => {
            assert_eq!(api.status, 403);
            assert_eq!(api.error, None);
            let body = api.body.as_deref().expect("the start of the body");
            assert_eq!(body, String::from_utf8_lossy(PDF));
        }
        other => panic!("{other:?}"),
    }
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
    assert_send(client.execute_bytes(
        ApiRequest::new(Method::Get, "/v1/quotes/qt_1/pdf").accept("application/pdf"),
        &options,
    ));
}

/// Answers a list request by its `starting_after` (or `page`) query value.
struct PageResponder;

impl wiremock::Respond for PageResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let query = request.url.query().unwrap_or("");
        let body = match query {
            "limit=2" => json!({"object": "list", "url": "/v1/things", "has_more": true,
                "data": [{"id": "th_1"}, {"id": "th_2"}]}),
            "limit=2&starting_after=th_2" => {
                json!({"object": "list", "url": "/v1/things", "has_more": false,
                "data": [{"id": "th_3"}]})
            }
            "query=x" => {
                json!({"object": "search_result", "url": "/v1/things/search", "has_more": true,
                "next_page": "pg_2", "data": [{"id": "th_1"}]})
            }
            "query=x&page=pg_2" => {
                json!({"object": "search_result", "url": "/v1/things/search", "has_more": false,
                "next_page": null, "data": [{"id": "th_2"}]})
            }
            other => {
                return ResponseTemplate::new(400).set_body_json(json!({"error": {
                    "type": "invalid_request_error",
                    "message": format!("unexpected query {other}"),
                }}))
            }
        };
        ResponseTemplate::new(200).set_body_json(body)
    }
}

#[tokio::test]
async fn cursor_paginator_walks_every_page_with_starting_after() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/things"))
        .respond_with(PageResponder)
        .mount(&server)
        .await;
    let make = |cursor: Option<&str>| {
        let query = match cursor {
            Some(c) => format!("limit=2&starting_after={c}"),
            None => "limit=2".to_owned(),
        };
        ApiRequest::new(Method::Get, "/v1/things").query(query)
    };
    let pages =
        super::Paginator::<Value>::cursor(client(&server), RequestOptions::new(), false, make);
    let ids: Vec<String> = pages
        .collect_all()
        .await
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["th_1", "th_2", "th_3"]);
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        2,
        "one request per page"
    );
}

#[tokio::test]
async fn page_paginator_follows_next_page_and_reports_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/things/search"))
        .respond_with(PageResponder)
        .mount(&server)
        .await;
    let make = |page: Option<&str>| {
        let query = match page {
            Some(p) => format!("query=x&page={p}"),
            None => "query=x".to_owned(),
        };
        ApiRequest::new(Method::Get, "/v1/things/search").query(query)
    };
    let mut pages = super::Paginator::<Value>::pages(client(&server), RequestOptions::new(), make);
    assert_eq!(pages.next().await.unwrap().unwrap()["id"], "th_1");
    assert_eq!(pages.next().await.unwrap().unwrap()["id"], "th_2");
    assert!(pages.next().await.is_none());

    // A page that fails is an error item, not a silent end.
    let broken =
        |_: Option<&str>| ApiRequest::new(Method::Get, "/v1/things/search").query("query=bad");
    let mut pages =
        super::Paginator::<Value>::pages(client(&server), RequestOptions::new(), broken);
    assert!(matches!(
        pages.next().await,
        Some(Err(Error::InvalidRequest(_)))
    ));
}
