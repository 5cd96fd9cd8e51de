//! The loopback HTTP server: each request is checked, recorded, and answered
//! with a synthesised body (a 200, a page of a two-page list, or an error
//! when one is asked for), on its own thread and runtime so that blocking and
//! async tests alike can use it.

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::record::{Record, Report};
use super::synth;
use super::validate::{Checker, Request};

/// The header that asks for an error answer: its value is the error code.
pub const ERROR_HEADER: &str = "x-check-error";
/// The `page` token of a list's second page.
pub const SECOND_PAGE: &str = "check_page_2";
/// The code of the error the server answers an invalid request with.
pub const INVALID_CODE: &str = "check_invalid_request";
/// The code of the transient failures [`Handle::fail_next`] asks for.
pub const TRANSIENT_CODE: &str = "check_transient_failure";

struct Shared {
    checker: Arc<Checker>,
    records: Mutex<Vec<Record>>,
    decode_errors: Mutex<Vec<String>>,
    forced_error: Mutex<Option<String>>,
    /// How many valid requests are still to fail, and with which status.
    transient: Mutex<(usize, u16)>,
}

/// A running server; stops when dropped.
pub struct Handle {
    base_url: String,
    shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

/// Starts a server on a free port of 127.0.0.1: its base URL (no trailing
/// slash) and the handle that reports what it saw.
pub fn start(checker: Arc<Checker>) -> std::io::Result<(String, Handle)> {
    let listener = std::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0))?;
    listener.set_nonblocking(true)?;
    let base_url = format!("http://{}", listener.local_addr()?);
    let shared = Arc::new(Shared {
        checker,
        records: Mutex::new(Vec::new()),
        decode_errors: Mutex::new(Vec::new()),
        forced_error: Mutex::new(None),
        transient: Mutex::new((0, 0)),
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    let app = axum::Router::new()
        .fallback(answer)
        .with_state(shared.clone());
    std::thread::Builder::new()
        .name("v2-check-server".into())
        .spawn(move || {
            runtime.block_on(async move {
                let listener = match tokio::net::TcpListener::from_std(listener) {
                    Ok(listener) => listener,
                    Err(e) => return eprintln!("v2 check server: {e}"),
                };
                let serving = axum::serve(listener, app).with_graceful_shutdown(async {
                    let _ = stopped.await;
                });
                if let Err(e) = serving.await {
                    eprintln!("v2 check server: {e}");
                }
            });
        })?;
    let handle = Handle {
        base_url: base_url.clone(),
        shared,
        shutdown: Some(shutdown),
    };
    Ok((base_url, handle))
}

impl Handle {
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Every request so far, counted.
    pub fn report(&self) -> Report {
        let ids: Vec<String> = self
            .shared
            .checker
            .spec()
            .operations
            .iter()
            .map(|op| op.id.clone())
            .collect();
        let records = lock(&self.shared.records).clone();
        let decode_errors = lock(&self.shared.decode_errors).clone();
        Report::new(&ids, records, decode_errors)
    }

    /// From now on every valid request is answered with this error code
    /// (`None`: with success again). The `X-Check-Error` header wins over it.
    pub fn force_error(&self, code: Option<&str>) {
        *lock(&self.shared.forced_error) = code.map(str::to_owned);
    }

    /// The next `count` valid requests fail with `status` (e.g. 500 or 429)
    /// and a generic error of code [`TRANSIENT_CODE`], before and above any
    /// other answer: for retries, whose records then show the keys they sent.
    pub fn fail_next(&self, count: usize, status: u16) {
        *lock(&self.shared.transient) = (count, status);
    }

    /// Notes that the client could not decode an answer: counted in the report.
    pub fn note_decode_error(&self, what: impl Into<String>) {
        lock(&self.shared.decode_errors).push(what.into());
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// A lock that a panicking test thread cannot poison for the others.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

async fn answer(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request = Request {
        method: method.as_str(),
        path: uri.path(),
        query: uri.query().unwrap_or(""),
        content_type: header(&headers, "content-type"),
        authorization: header(&headers, "authorization"),
        body: &body,
    };
    let checker = &shared.checker;
    let mut finding = checker.check(&request);
    let op = finding.operation.map(|i| &checker.spec().operations[i]);
    let page = finding
        .query
        .iter()
        .find(|(name, _)| name == "page")
        .and_then(|(_, v)| v.as_str().map(str::to_owned));
    if let Some(token) = page.as_deref().filter(|t| *t != SECOND_PAGE) {
        finding.reasons.push(format!(
            "query `page`: `{token}` is no page token this server gave"
        ));
    }
    let transient = if finding.reasons.is_empty() {
        take_transient(&shared.transient)
    } else {
        None
    };
    let asked = header(&headers, ERROR_HEADER)
        .map(str::to_owned)
        .or_else(|| lock(&shared.forced_error).clone());
    let (status, body, error_code) = match (op.filter(|_| finding.reasons.is_empty()), transient) {
        (None, _) => {
            let body = serde_json::json!({ "error": {
                "code": INVALID_CODE,
                "type": "invalid_request_error",
                "message": finding.reasons.join("; "),
            }});
            (400, body, Some(INVALID_CODE.to_owned()))
        }
        (Some(_), Some(status)) => {
            let body = synth::error_body("v2.error", TRANSIENT_CODE, &checker.spec().schemas);
            (status, body, Some(TRANSIENT_CODE.to_owned()))
        }
        (Some(op), None) => match asked {
            Some(code) => {
                let alternative = op
                    .errors
                    .iter()
                    .find(|alt| alt.code.as_deref() == Some(code.as_str()))
                    .or_else(|| op.errors.iter().find(|alt| alt.code.is_none()));
                let name = alternative.map_or("v2.error", |alt| alt.schema_name.as_str());
                let body = synth::error_body(name, &code, &checker.spec().schemas);
                (synth::status_for(&code), body, Some(code))
            }
            None => {
                let mut body = synth::value(&op.ok, &checker.spec().schemas);
                if op.is_list {
                    turn_page(&mut body, uri.path(), page.is_some());
                }
                (200, body, None)
            }
        },
    };
    lock(&shared.records).push(Record {
        method: method.as_str().to_owned(),
        target: uri
            .path_and_query()
            .map_or_else(|| uri.path().to_owned(), |p| p.as_str().to_owned()),
        operation: op.map(|op| op.id.clone()),
        reasons: finding.reasons,
        idempotency_key: header(&headers, "idempotency-key").map(str::to_owned),
        stripe_context: header(&headers, "stripe-context").map(str::to_owned),
        stripe_version: header(&headers, "stripe-version").map(str::to_owned),
        status,
        error_code,
    });
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    let bytes = serde_json::to_vec(&body).unwrap_or_default();
    (
        status,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        bytes,
    )
        .into_response()
}

/// The status of a transient failure still to give, counting it down.
fn take_transient(transient: &Mutex<(usize, u16)>) -> Option<u16> {
    let mut left = lock(transient);
    if left.0 == 0 {
        return None;
    }
    left.0 -= 1;
    Some(left.1)
}

/// Page 1 links to page 2 (a path on this server, as Stripe gives one); page 2
/// links back and ends the walk. Item ids name their page.
fn turn_page(body: &mut Value, path: &str, second: bool) {
    let Some(page) = body.as_object_mut() else {
        return;
    };
    let (next, previous) = if second {
        (Value::Null, Value::String(path.to_owned()))
    } else {
        (
            Value::String(format!("{path}?page={SECOND_PAGE}")),
            Value::Null,
        )
    };
    page.insert("next_page_url".into(), next);
    page.insert("previous_page_url".into(), previous);
    let suffix = if second { "_page2" } else { "_page1" };
    if let Some(items) = page.get_mut("data").and_then(Value::as_array_mut) {
        for item in items {
            if let Some(Value::String(id)) = item.get_mut("id") {
                id.push_str(suffix);
            }
        }
    }
}
