//! A test double for code that calls Stripe (feature `test-util`): [`MockTransport`] answers each
//! request by method and path with a canned body or a typed value, and records what was sent, so
//! an app's tests run without a network or a mock server. It is a [`Transport`]: the client above
//! it (headers, idempotency keys, retries, decoding) is the real one.
//!
//! ```ignore
//! let mock = MockTransport::new();
//! mock.respond(Method::Post, "/v1/tokens", MockResponse::json(&serde_json::json!({"id": "tok_1", "object": "token"})));
//! let client = Client::builder("sk_test_123").transport(mock.clone()).build()?;
//! // ... the code under test calls Stripe through `client` ...
//! let sent = mock.requests();
//! assert_eq!(sent[0].form("card[number]"), Some("4242424242424242"));
//! assert!(sent[0].header("idempotency-key").is_some());
//! ```

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use serde::Serialize;

use super::request::Method;
use super::transport::{HttpRequest, HttpResponse, Transport, TransportFuture};

/// One canned answer: a status, headers and a body.
#[derive(Clone, Debug)]
pub struct MockResponse {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
}

impl MockResponse {
    /// `200` with `value` serialized as the JSON body: a `serde_json::Value`, or a typed value
    /// such as a generated resource.
    ///
    /// # Panics
    ///
    /// If `value` cannot be serialized as JSON (a map with non-string keys): a bug in the test.
    pub fn json(value: &impl Serialize) -> MockResponse {
        let body = serde_json::to_vec(value).expect("the canned value serializes as JSON");
        MockResponse::body(200, body).header("content-type", "application/json")
    }

    /// A status and a raw body (an error object, a PDF, a body that does not decode).
    pub fn body(status: u16, body: impl Into<Bytes>) -> MockResponse {
        MockResponse {
            status,
            headers: HeaderMap::new(),
            body: body.into(),
        }
    }

    /// Stripe's error envelope with this status, type and message (`402`, `card_error`, ...).
    pub fn error(status: u16, error_type: &str, message: &str) -> MockResponse {
        let body = serde_json::json!({"error": {"type": error_type, "message": message}});
        MockResponse::body(status, body.to_string()).header("content-type", "application/json")
    }

    /// The same response with another status.
    pub fn status(mut self, status: u16) -> MockResponse {
        self.status = status;
        self
    }

    /// Adds a response header (`Request-Id`, `Stripe-Should-Retry`, ...).
    ///
    /// # Panics
    ///
    /// If the name or value is not valid in HTTP: a bug in the test.
    pub fn header(mut self, name: &str, value: &str) -> MockResponse {
        self.headers.append(
            HeaderName::from_bytes(name.as_bytes()).expect("a valid header name"),
            HeaderValue::from_str(value).expect("a valid header value"),
        );
        self
    }
}

/// One request as the transport saw it.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    /// The HTTP method.
    pub method: Method,
    /// The URL's path (a base URL's own prefix included), without the query.
    pub path: String,
    /// The whole URL.
    pub url: String,
    /// Every header sent (the API key's value is marked sensitive: `Debug` hides it).
    pub headers: HeaderMap,
    /// The body as sent.
    pub body: Bytes,
    /// The query's parameters, decoded, in order.
    pub query: Vec<(String, String)>,
    /// A form body's parameters, decoded, in order (empty for another body).
    pub form: Vec<(String, String)>,
}

impl RecordedRequest {
    /// The first value of form parameter `key` as Stripe reads it (`card[number]`,
    /// `expand[0]`).
    pub fn form(&self, key: &str) -> Option<&str> {
        find(&self.form, key)
    }

    /// The first value of query parameter `key`.
    pub fn query(&self, key: &str) -> Option<&str> {
        find(&self.query, key)
    }

    /// The value of header `name` (any case), when it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

fn find<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Canned answers by method and path, and every request received. Cheap to clone: clones share
/// the answers and the record, so keep one to inspect and give another to the client.
#[derive(Clone, Debug, Default)]
pub struct MockTransport {
    state: Arc<Mutex<State>>,
}

#[derive(Debug, Default)]
struct State {
    routes: Vec<Route>,
    requests: Vec<RecordedRequest>,
}

#[derive(Debug)]
struct Route {
    method: Method,
    path: String,
    /// Not given yet, in order.
    pending: VecDeque<MockResponse>,
    /// The one given last, repeated when none is pending.
    last: Option<MockResponse>,
}

impl Route {
    fn next(&mut self) -> Option<MockResponse> {
        if let Some(response) = self.pending.pop_front() {
            self.last = Some(response);
        }
        self.last.clone()
    }
}

impl MockTransport {
    /// A transport with no answers yet: every request gets a `404` Stripe error naming it.
    pub fn new() -> MockTransport {
        MockTransport::default()
    }

    /// Answers `method path` (the path without the query, such as `/v1/tokens/tok_1`; a request
    /// matches when its URL's path ends with it, so a base URL's prefix does not matter) with
    /// `response`. Each response is given once, in the order given; when none is left, the last
    /// one given repeats (a `500` then a `200` tests a retry; a later `respond` changes the answer
    /// from then on).
    pub fn respond(&self, method: Method, path: &str, response: MockResponse) -> &MockTransport {
        let mut state = self.lock();
        match state
            .routes
            .iter_mut()
            .find(|r| r.method == method && r.path == path)
        {
            Some(route) => route.pending.push_back(response),
            None => state.routes.push(Route {
                method,
                path: path.to_owned(),
                pending: VecDeque::from([response]),
                last: None,
            }),
        }
        self
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    /// The requests to `method path` (matched as [`respond`](Self::respond) matches), in order.
    pub fn requests_to(&self, method: Method, path: &str) -> Vec<RecordedRequest> {
        self.lock()
            .requests
            .iter()
            .filter(|r| r.method == method && r.path.ends_with(path))
            .cloned()
            .collect()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking test thread leaves the data as it was: keep using it.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn answer(&self, request: HttpRequest) -> HttpResponse {
        let recorded = record(request);
        let mut state = self.lock();
        let response = state
            .routes
            .iter_mut()
            .find(|r| r.method == recorded.method && recorded.path.ends_with(&r.path))
            .and_then(Route::next);
        let response = response.unwrap_or_else(|| {
            MockResponse::error(
                404,
                "invalid_request_error",
                &format!(
                    "MockTransport has no response for {} {}",
                    recorded.method.as_str(),
                    recorded.path
                ),
            )
        });
        state.requests.push(recorded);
        HttpResponse {
            status: response.status,
            headers: response.headers,
            body: response.body,
        }
    }
}

impl Transport for MockTransport {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        let response = self.answer(request);
        Box::pin(async move { Ok(response) })
    }
}

/// The request with its path, query and form decoded.
fn record(request: HttpRequest) -> RecordedRequest {
    let url = reqwest::Url::parse(&request.url).ok();
    let path = url
        .as_ref()
        .map_or_else(|| request.url.clone(), |u| u.path().to_owned());
    let query = url
        .as_ref()
        .map(|u| u.query_pairs().into_owned().collect())
        .unwrap_or_default();
    let body = request.body.unwrap_or_default();
    let is_form = request
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let form = if is_form {
        form_urlencoded::parse(&body).into_owned().collect()
    } else {
        Vec::new()
    };
    RecordedRequest {
        method: request.method,
        path,
        url: request.url,
        headers: request.headers,
        body,
        query,
        form,
    }
}
