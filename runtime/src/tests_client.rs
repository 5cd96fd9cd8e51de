//! Loopback tests of what the client adds around a request: raw requests, per-request options,
//! telemetry, app info, tracing spans, `Paginator` as a `Stream`, the response-size limit and
//! truncated bodies. Most run against wiremock; the malformed responses come from a small raw
//! TCP server, since a well-behaved HTTP server cannot send them.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures_core::Stream;
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use super::random::is_uuid_v4;
use super::tests_http::TEST_API_VERSION;
use super::{ApiRequest, Client, ClientBuilder, Error, Method, Paginator, RequestOptions};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// A builder pointed at `base` with 1–2 ms backoff, so retries cost nothing.
pub(super) fn fast(builder: ClientBuilder, base: &str) -> ClientBuilder {
    builder.base_url(base).retry_backoff(ms(1), ms(2))
}

fn client(server: &MockServer) -> Client {
    fast(Client::builder("sk_test_123"), &server.uri())
        .api_version(TEST_API_VERSION)
        .build()
        .unwrap()
}

fn ok(request_id: &str, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("Request-Id", request_id)
        .set_body_json(body)
}

fn server_error() -> ResponseTemplate {
    ResponseTemplate::new(503)
        .insert_header("Request-Id", "req_503")
        .set_body_json(json!({"error": {"type": "api_error", "message": "try again"}}))
}

/// Answers `verb route` with `first` up to `times` times, then with `then`.
async fn mount_sequence(
    server: &MockServer,
    verb: &str,
    route: &str,
    first: ResponseTemplate,
    times: u64,
    then: ResponseTemplate,
) {
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(then)
        .with_priority(2)
        .mount(server)
        .await;
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

// --- Raw requests ---

#[tokio::test]
async fn raw_get_sends_params_in_the_query_and_retries() {
    let server = MockServer::start().await;
    mount_sequence(
        &server,
        "GET",
        "/v1/customers",
        server_error(),
        1,
        ok("req_list", json!({"object": "list", "data": []})),
    )
    .await;
    let response = client(&server)
        .request::<Value>(
            Method::Get,
            "/v1/customers",
            &[("limit", "3"), ("email", "a+b@c.d")],
        )
        .await
        .unwrap();
    assert_eq!(response["object"], "list");
    assert_eq!(response.request_id(), Some("req_list"));
    assert_eq!(response.idempotency_key(), None);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2, "the 503 is retried");
    for r in &requests {
        assert_eq!(r.url.query(), Some("limit=3&email=a%2Bb%40c.d"));
        assert!(r.body.is_empty());
        assert_eq!(header(r, "authorization"), Some("Bearer sk_test_123"));
        assert_eq!(header(r, "stripe-version"), Some(TEST_API_VERSION));
        assert_eq!(header(r, "idempotency-key"), None);
        assert_eq!(header(r, "content-type"), None);
    }
}

#[tokio::test]
async fn raw_post_sends_a_form_body_with_one_idempotency_key_across_retries() {
    let server = MockServer::start().await;
    mount_sequence(
        &server,
        "POST",
        "/v1/customers",
        server_error(),
        2,
        ok("req_cus", json!({"id": "cus_1", "object": "customer"})),
    )
    .await;

    #[derive(serde::Deserialize)]
    struct Customer {
        id: String,
    }
    let params = json!({"email": "jenny@example.com", "metadata": {"order_id": "6735"}});
    let response = client(&server)
        .request::<Customer>(Method::Post, "/v1/customers", &params)
        .await
        .unwrap();
    assert_eq!(response.id, "cus_1");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    let key = header(&requests[0], "idempotency-key").unwrap();
    assert!(is_uuid_v4(key), "{key}");
    assert_eq!(response.idempotency_key(), Some(key));
    for r in &requests {
        assert_eq!(
            header(r, "idempotency-key"),
            Some(key),
            "the same on every retry"
        );
        assert_eq!(r.body, b"email=jenny%40example.com&metadata[order_id]=6735");
        assert_eq!(r.url.query(), None);
        assert_eq!(
            header(r, "content-type"),
            Some("application/x-www-form-urlencoded")
        );
    }
}

#[tokio::test]
async fn raw_delete_and_errors_with_options() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/customers/cus_1"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("Request-Id", "req_missing")
                .set_body_json(json!({"error": {
                    "type": "invalid_request_error",
                    "code": "resource_missing",
                    "message": "No such customer"
                }})),
        )
        .mount(&server)
        .await;
    let options = RequestOptions::new()
        .stripe_account("acct_1")
        .idempotency_key("del-1");
    let err = client(&server)
        .request_with_options::<Value>(Method::Delete, "/v1/customers/cus_1", &(), &options)
        .await
        .unwrap_err();
    let Error::InvalidRequest(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.code(), Some("resource_missing"));
    assert_eq!(err.request_id(), Some("req_missing"));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1, "a 404 is not retried");
    assert_eq!(header(&requests[0], "stripe-account"), Some("acct_1"));
    assert_eq!(header(&requests[0], "idempotency-key"), Some("del-1"));
    assert_eq!(requests[0].url.query(), None, "no params, no query");
}

// --- Per-request options ---

#[tokio::test]
async fn per_request_timeout_and_retries_override_the_client() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/slow"))
        .respond_with(ok("req_slow", json!({})).set_delay(ms(3000)))
        .mount(&server)
        .await;
    // The client would wait 60 s and retry twice; this request waits 100 ms and is sent once.
    let client = fast(Client::builder("sk_test_123"), &server.uri())
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let options = RequestOptions::new()
        .timeout(ms(100))
        .max_network_retries(0);
    let err = client
        .request_with_options::<Value>(Method::Get, "/v1/slow", &(), &options)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_eq!(received(&server).await.len(), 1);

    // The other way round: a client that never retries, a request that may twice.
    let server = MockServer::start().await;
    mount_sequence(
        &server,
        "POST",
        "/v1/flaky",
        server_error(),
        3,
        ok("req_ok", json!({"ok": true})),
    )
    .await;
    let client = fast(Client::builder("sk_test_123"), &server.uri())
        .max_network_retries(0)
        .build()
        .unwrap();
    let err = client
        .request::<Value>(Method::Post, "/v1/flaky", &())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    let options = RequestOptions::new().max_network_retries(2);
    let response = client
        .request_with_options::<Value>(Method::Post, "/v1/flaky", &(), &options)
        .await
        .unwrap();
    assert_eq!(response["ok"], true);
    // One 503 for the first request; two 503s and the 200 for the second.
    assert_eq!(received(&server).await.len(), 1 + 3);
}

#[tokio::test]
async fn per_request_headers_and_stripe_context() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/balance"))
        .respond_with(ok("req_bal", json!({"object": "balance"})))
        .mount(&server)
        .await;
    let options = RequestOptions::new()
        .stripe_context("acct_parent/acct_child")
        .header("X-Request-Source", "checkout")
        .header("Stripe-Version", "2099-01-01.preview");
    client(&server)
        .request_with_options::<Value>(Method::Get, "/v1/balance", &(), &options)
        .await
        .unwrap();
    let r = &received(&server).await[0];
    assert_eq!(header(r, "stripe-context"), Some("acct_parent/acct_child"));
    assert_eq!(header(r, "x-request-source"), Some("checkout"));
    assert_eq!(header(r, "stripe-version"), Some("2099-01-01.preview"));
    assert_eq!(header(r, "authorization"), Some("Bearer sk_test_123"));

    // A bad header fails before anything is sent.
    let bad = RequestOptions::new().header("Content-Length", "0");
    let err = client(&server)
        .request_with_options::<Value>(Method::Get, "/v1/balance", &(), &bad)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert_eq!(received(&server).await.len(), 1);
}

// --- Telemetry and app info ---

fn telemetry_of(request: &Request) -> Option<Value> {
    header(request, "x-stripe-client-telemetry").map(|h| serde_json::from_str(h).unwrap())
}

#[tokio::test]
async fn telemetry_reports_the_previous_request_on_the_next_one() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/balance"))
        .and(query_param("n", "1"))
        .respond_with(ok("req_first", json!({})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/balance"))
        .and(query_param("n", "2"))
        .respond_with(ok("req_second", json!({})))
        .mount(&server)
        .await;
    let client = client(&server);
    for n in ["1", "2"] {
        client
            .request::<Value>(Method::Get, "/v1/balance", &[("n", n)])
            .await
            .unwrap();
    }
    let requests = received(&server).await;
    assert_eq!(telemetry_of(&requests[0]), None, "nothing to report yet");
    let telemetry = telemetry_of(&requests[1]).expect("the second request reports the first");
    let metrics = &telemetry["last_request_metrics"];
    assert_eq!(metrics["request_id"], "req_first");
    assert!(metrics["request_duration_ms"].is_u64(), "{telemetry}");
    assert_eq!(
        metrics.as_object().unwrap().len(),
        2,
        "nothing but the id and the duration: {telemetry}"
    );
}

#[tokio::test]
async fn telemetry_is_off_when_disabled() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/balance"))
        .respond_with(ok("req_1", json!({})))
        .mount(&server)
        .await;
    let client = fast(Client::builder("sk_test_123"), &server.uri())
        .telemetry(false)
        .build()
        .unwrap();
    for _ in 0..3 {
        client
            .request::<Value>(Method::Get, "/v1/balance", &())
            .await
            .unwrap();
    }
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|r| telemetry_of(r).is_none()));
}

#[tokio::test]
async fn app_info_is_in_both_user_agents() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/balance"))
        .respond_with(ok("req_1", json!({})))
        .mount(&server)
        .await;
    let client = fast(Client::builder("sk_test_123"), &server.uri())
        .app_info("MyPlugin", Some("1.2.0"), Some("https://myplugin.example"))
        .build()
        .unwrap();
    client
        .request::<Value>(Method::Get, "/v1/balance", &())
        .await
        .unwrap();
    let r = &received(&server).await[0];
    let ua = header(r, "user-agent").unwrap();
    assert!(ua.starts_with("Stripe/v1 RustBindings/"), "{ua}");
    assert!(
        ua.ends_with(" MyPlugin/1.2.0 (https://myplugin.example)"),
        "{ua}"
    );
    let client_ua: Value =
        serde_json::from_str(header(r, "x-stripe-client-user-agent").unwrap()).unwrap();
    assert_eq!(
        client_ua["application"],
        json!({"name": "MyPlugin", "version": "1.2.0", "url": "https://myplugin.example"})
    );
    assert_eq!(client_ua["lang"], "rust");
}

// --- Paginator as a Stream ---

/// The next item of any stream, through the `Stream` trait alone.
async fn next_of<S: Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    std::future::poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
}

#[tokio::test]
async fn paginator_is_a_stream_over_every_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/things"))
        .and(query_param("starting_after", "th_2"))
        .respond_with(ok(
            "req_p2",
            json!({"object": "list", "url": "/v1/things", "has_more": false,
                "data": [{"id": "th_3"}]}),
        ))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/things"))
        .respond_with(ok(
            "req_p1",
            json!({"object": "list", "url": "/v1/things", "has_more": true,
                "data": [{"id": "th_1"}, {"id": "th_2"}]}),
        ))
        .with_priority(2)
        .mount(&server)
        .await;
    let make = |cursor: Option<&str>| {
        let query = match cursor {
            Some(c) => format!("limit=2&starting_after={c}"),
            None => "limit=2".to_owned(),
        };
        ApiRequest::new(Method::Get, "/v1/things").query(query)
    };
    let mut pages = Paginator::<Value>::cursor(client(&server), RequestOptions::new(), false, make);
    assert_eq!(Stream::size_hint(&pages), (0, None));
    let mut ids = Vec::new();
    while let Some(item) = next_of(&mut pages).await {
        ids.push(item.unwrap()["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(ids, ["th_1", "th_2", "th_3"]);
    assert_eq!(Stream::size_hint(&pages), (0, Some(0)));
    assert!(next_of(&mut pages).await.is_none(), "stays finished");
    assert_eq!(received(&server).await.len(), 2, "one request per page");

    // The same through a combinator library, mixing `next().await` and the stream.
    let mut pages = Paginator::<Value>::cursor(client(&server), RequestOptions::new(), false, make);
    assert_eq!(pages.next().await.unwrap().unwrap()["id"], "th_1");
    let rest: Vec<Value> = futures_util::TryStreamExt::try_collect(pages)
        .await
        .unwrap();
    assert_eq!(rest.len(), 2);
    assert_eq!(rest[1]["id"], "th_3");
}

#[test]
fn paginator_is_send_and_unpin() {
    fn check<T: Send + Unpin + 'static>() {}
    check::<Paginator<Value>>();
}

// --- Response-size limit and truncated bodies ---

/// A raw HTTP/1.1 server on 127.0.0.1 for responses a well-behaved server cannot send: it
/// answers each of up to `connections` connections with `response`, after reading the request,
/// then closes the connection. The counter says how many requests it answered.
pub(super) fn raw_server(response: Vec<u8>, connections: usize) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let answered = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&answered);
    std::thread::spawn(move || {
        for _ in 0..connections {
            let Ok((mut stream, _)) = listener.accept() else {
                return;
            };
            read_request(&mut stream);
            count.fetch_add(1, Ordering::SeqCst);
            // The client may hang up first (a body past its limit): that is the point.
            let _ = stream.write_all(&response);
            let _ = stream.flush();
        }
    });
    (url, answered)
}

/// Reads one request: the head, then as many body bytes as its `Content-Length` says.
pub(super) fn read_request(stream: &mut std::net::TcpStream) {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    while !data.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    }
    let head_end = data.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    let head = String::from_utf8_lossy(&data[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let mut body = data.len() - head_end;
    while body < length {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => body += n,
        }
    }
}

#[tokio::test]
async fn a_truncated_body_says_so_after_the_retries() {
    // 100 bytes announced, 17 sent, then the connection closes.
    let response = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\
        request-id: req_cut\r\n\r\n{\"id\": \"tok_1\", "
        .to_vec();
    let (url, answered) = raw_server(response, 3);
    let client = fast(Client::builder("sk_test_123"), &url).build().unwrap();
    let err = client
        .request::<Value>(Method::Post, "/v1/tokens", &())
        .await
        .unwrap_err();
    match &err {
        Error::IncompleteBody {
            status,
            request_id,
            received,
            expected,
            ..
        } => {
            assert_eq!(*status, 200);
            assert_eq!(request_id.as_deref(), Some("req_cut"));
            assert_eq!(*received, 16);
            assert_eq!(*expected, Some(100));
        }
        other => panic!("{other:?}"),
    }
    let text = err.to_string();
    assert!(
        text.starts_with(
            "the connection closed before the whole response body arrived \
             (HTTP 200, request id req_cut; 16 of 100 bytes)"
        ),
        "{text}"
    );
    assert!(!text.contains("could not connect"), "{text}");
    assert_eq!(err.status(), Some(200));
    assert!(std::error::Error::source(&err).is_some());
    assert_eq!(
        answered.load(Ordering::SeqCst),
        3,
        "retried like a broken connection"
    );
}

#[tokio::test]
async fn a_body_announced_past_the_limit_is_refused_before_it_is_read() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/big"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("Request-Id", "req_big")
                .set_body_raw(vec![b' '; 4096], "application/json"),
        )
        .mount(&server)
        .await;
    let client = fast(Client::builder("sk_test_123"), &server.uri())
        .max_response_size(1024)
        .build()
        .unwrap();
    let err = client
        .request::<Value>(Method::Get, "/v1/big", &())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::ResponseTooLarge {
                status: 200,
                limit: 1024,
                content_length: Some(4096),
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.request_id(), Some("req_big"));
    assert_eq!(
        err.to_string(),
        "the response body is larger than the limit of 1024 bytes (Content-Length 4096) \
         (HTTP 200, request id req_big)"
    );
    assert_eq!(received(&server).await.len(), 1, "not retried");

    // At the limit, it is read.
    let client = fast(Client::builder("sk_test_123"), &server.uri())
        .max_response_size(4096)
        .build()
        .unwrap();
    let err = client
        .request::<Value>(Method::Get, "/v1/big", &())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Decode { .. }),
        "read, then not JSON: {err:?}"
    );
}

#[tokio::test]
async fn a_body_without_a_length_is_cut_off_at_the_limit() {
    // Chunked, 64 chunks of 100 bytes: 6,400 bytes that never announce their size.
    let mut response =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
            .to_vec();
    for _ in 0..64 {
        response.extend_from_slice(b"64\r\n");
        response.extend_from_slice(&[b' '; 100]);
        response.extend_from_slice(b"\r\n");
    }
    response.extend_from_slice(b"0\r\n\r\n");
    let (url, answered) = raw_server(response, 3);
    let client = fast(Client::builder("sk_test_123"), &url)
        .max_response_size(1024)
        .build()
        .unwrap();
    let err = client
        .request::<Value>(Method::Get, "/v1/stream", &())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::ResponseTooLarge {
                status: 200,
                limit: 1024,
                content_length: None,
                request_id: None,
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "the response body is larger than the limit of 1024 bytes (HTTP 200)"
    );
    assert_eq!(answered.load(Ordering::SeqCst), 1, "not retried");
}

// --- Tracing ---

#[cfg(feature = "tracing")]
mod spans {
    use std::collections::BTreeMap;
    use std::fmt;
    use std::sync::Mutex;

    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::subscriber::Interest;
    use tracing::{Event, Metadata, Subscriber};

    use super::*;

    /// A span as the subscriber saw it: its name, parent and every field recorded.
    #[derive(Clone, Debug)]
    struct SpanData {
        name: &'static str,
        parent: Option<u64>,
        fields: BTreeMap<String, String>,
    }

    /// A subscriber that keeps every span and event of the thread it is the default of.
    #[derive(Clone, Default)]
    struct Capture {
        spans: Arc<Mutex<Vec<SpanData>>>,
        events: Arc<Mutex<Vec<BTreeMap<String, String>>>>,
        entered: Arc<Mutex<Vec<u64>>>,
    }

    struct Fields<'a>(&'a mut BTreeMap<String, String>);

    impl Visit for Fields<'_> {
        fn record_str(&mut self, field: &Field, value: &str) {
            self.0.insert(field.name().to_owned(), value.to_owned());
        }

        fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
            self.0.insert(field.name().to_owned(), format!("{value:?}"));
        }
    }

    impl Subscriber for Capture {
        fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
            Interest::sometimes()
        }

        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }

        fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
            Some(tracing::level_filters::LevelFilter::TRACE)
        }

        fn new_span(&self, attrs: &Attributes<'_>) -> Id {
            let parent = match attrs.parent() {
                Some(parent) => Some(parent.into_u64()),
                None if attrs.is_contextual() => self.entered.lock().unwrap().last().copied(),
                None => None,
            };
            let mut data = SpanData {
                name: attrs.metadata().name(),
                parent,
                fields: BTreeMap::new(),
            };
            attrs.record(&mut Fields(&mut data.fields));
            let mut spans = self.spans.lock().unwrap();
            spans.push(data);
            Id::from_u64(spans.len() as u64)
        }

        fn record(&self, span: &Id, values: &Record<'_>) {
            let mut spans = self.spans.lock().unwrap();
            let data = &mut spans[span.into_u64() as usize - 1];
            values.record(&mut Fields(&mut data.fields));
        }

        fn record_follows_from(&self, _: &Id, _: &Id) {}

        fn event(&self, event: &Event<'_>) {
            let mut fields = BTreeMap::new();
            event.record(&mut Fields(&mut fields));
            self.events.lock().unwrap().push(fields);
        }

        fn enter(&self, span: &Id) {
            self.entered.lock().unwrap().push(span.into_u64());
        }

        fn exit(&self, span: &Id) {
            let mut entered = self.entered.lock().unwrap();
            if let Some(at) = entered.iter().rposition(|id| *id == span.into_u64()) {
                entered.remove(at);
            }
        }
    }

    impl Capture {
        fn spans(&self) -> Vec<(u64, SpanData)> {
            let spans = self.spans.lock().unwrap();
            (1..).zip(spans.iter().cloned()).collect()
        }
    }

    fn field<'s>(span: &'s SpanData, name: &str) -> Option<&'s str> {
        span.fields.get(name).map(String::as_str)
    }

    #[tokio::test]
    async fn request_and_attempt_spans_say_what_happened_and_no_secret() {
        let server = MockServer::start().await;
        mount_sequence(
            &server,
            "POST",
            "/v1/customers/cus_1",
            server_error(),
            1,
            ok("req_ok", json!({"id": "cus_1"})),
        )
        .await;
        let capture = Capture::default();
        let guard = tracing::subscriber::set_default(capture.clone());
        let client = client(&server);
        let request = ApiRequest::new(Method::Post, "/v1/customers/cus_1")
            .path_template("/v1/customers/{customer}")
            .form("card[number]=4242424242424242&card[cvc]=314");
        let options = RequestOptions::new()
            .stripe_account("acct_secretive")
            .header("X-Api-Token", "tok_header_secret");
        client.execute::<Value>(request, &options).await.unwrap();
        drop(guard);

        let spans = capture.spans();
        let requests: Vec<_> = spans
            .iter()
            .filter(|(_, s)| s.name == "stripe.request")
            .collect();
        assert_eq!(requests.len(), 1, "{spans:#?}");
        let (request_id, request) = requests[0];
        assert_eq!(field(request, "method"), Some("POST"));
        assert_eq!(field(request, "path"), Some("/v1/customers/{customer}"));
        assert_eq!(field(request, "status"), Some("200"));
        assert_eq!(field(request, "request_id"), Some("req_ok"));
        assert_eq!(field(request, "attempts"), Some("2"));
        assert!(field(request, "elapsed_ms").is_some(), "{request:?}");
        assert_eq!(field(request, "error"), None);

        let attempts: Vec<&SpanData> = spans
            .iter()
            .filter(|(_, s)| s.name == "stripe.attempt")
            .map(|(_, s)| s)
            .collect();
        assert_eq!(attempts.len(), 2, "{spans:#?}");
        for attempt in &attempts {
            assert_eq!(attempt.parent, Some(*request_id), "{attempt:?}");
            assert!(field(attempt, "elapsed_ms").is_some(), "{attempt:?}");
        }
        assert_eq!(field(attempts[0], "attempt"), Some("1"));
        assert_eq!(field(attempts[0], "status"), Some("503"));
        assert_eq!(field(attempts[0], "request_id"), Some("req_503"));
        assert_eq!(field(attempts[0], "retry"), Some("server error"));
        assert!(field(attempts[0], "retry_delay_ms").is_some());
        assert_eq!(field(attempts[1], "attempt"), Some("2"));
        assert_eq!(field(attempts[1], "status"), Some("200"));
        assert_eq!(field(attempts[1], "retry"), None);

        // Nothing the subscriber saw, from us or from the transport below, holds a secret.
        let everything = format!("{spans:?} {:?}", capture.events.lock().unwrap());
        for secret in [
            "sk_test_123",
            "4242424242424242",
            "card[cvc]",
            "acct_secretive",
            "tok_header_secret",
            "cus_1\"",
        ] {
            assert!(!everything.contains(secret), "{secret} in {everything}");
        }
    }

    #[tokio::test]
    async fn a_failed_request_records_its_error() {
        let port = {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        let capture = Capture::default();
        let guard = tracing::subscriber::set_default(capture.clone());
        let client = fast(
            Client::builder("sk_test_123"),
            &format!("http://127.0.0.1:{port}"),
        )
        .max_network_retries(1)
        .build()
        .unwrap();
        let err = client
            .request::<Value>(Method::Get, "/v1/balance", &())
            .await
            .unwrap_err();
        drop(guard);
        assert!(matches!(err, Error::Connection { .. }), "{err:?}");
        let spans = capture.spans();
        let request = spans
            .iter()
            .map(|(_, s)| s)
            .find(|s| s.name == "stripe.request")
            .expect("a request span");
        assert_eq!(field(request, "path"), Some("/v1/balance"));
        assert_eq!(field(request, "error"), Some("connection"));
        assert_eq!(field(request, "attempts"), Some("2"));
        assert_eq!(field(request, "status"), None);
        let attempts: Vec<_> = spans
            .iter()
            .map(|(_, s)| s)
            .filter(|s| s.name == "stripe.attempt")
            .collect();
        assert_eq!(attempts.len(), 2);
        assert_eq!(field(attempts[0], "error"), Some("connection"));
        assert_eq!(field(attempts[0], "retry"), Some("connection error"));
        assert_eq!(field(attempts[1], "retry"), None);
    }
}
