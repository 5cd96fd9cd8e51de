//! Stripe's mock server (`../shared/tools/stripe-mock/stripe-mock`) as a child
//! process for one test: started on free loopback ports (both its HTTP and its
//! HTTPS listener on 127.0.0.1, never on every interface), waited for until it
//! answers, and killed when the guard is dropped, also when the test panics.

use std::io::{Read as _, Write as _};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long start-up may take: stripe-mock parses the whole spec first.
const START_TIMEOUT: Duration = Duration::from_secs(120);
/// How many times a start is retried when another process took a port.
const START_ATTEMPTS: usize = 3;

/// The upstream release folders beside the repository.
pub const RELEASE_2023: &str = "stripe-openapi-2023-08-16";
pub const RELEASE_2024: &str = "stripe-openapi-2024-04-10";
pub const RELEASE_2026: &str = "stripe-openapi-2026-01-28";

/// `../shared/upstream/<release>/<file>`, as [`crate::shared`].
pub fn upstream_file(release: &str, file: &str) -> Option<PathBuf> {
    crate::shared(&format!("upstream/{release}/{file}"))
}

/// The stripe-mock binary, as [`crate::shared`].
pub fn binary() -> Option<PathBuf> {
    crate::shared("tools/stripe-mock/stripe-mock")
}

/// A spec stripe-mock can read: JSON, and only the v1 API. `spec` itself when
/// it is JSON and has no v2 path; else its v1 view, written once into
/// `target/stripe-mock/<release>.json`: YAML converted, and the v2 paths and
/// the `v2.*` component schemas left out (stripe-mock knows no v2, and stops
/// at the `oneOf` of v2's error responses: `unsupported field in JSON schema:
/// 'oneOf'`). Panics, naming it, when a v1 part refers to a schema left out.
pub fn json_spec(spec: &Path) -> PathBuf {
    let text = std::fs::read_to_string(spec)
        .unwrap_or_else(|e| panic!("{} is readable: {e}", spec.display()));
    let is_json = spec.extension().is_some_and(|e| e == "json");
    if is_json && !text.contains("\"/v2/") {
        return spec.to_owned();
    }
    let mut value: serde_json::Value = if is_json {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is JSON: {e}", spec.display()))
    } else {
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{} is YAML: {e}", spec.display()))
    };
    v1_view(&mut value);
    let dir = crate::root().join("target/stripe-mock");
    std::fs::create_dir_all(&dir).expect("target/stripe-mock is writable");
    let release = spec
        .parent()
        .and_then(Path::file_name)
        .map_or("spec".into(), |n| n.to_string_lossy().into_owned());
    let out = dir.join(format!("{release}.json"));
    let json = serde_json::to_vec(&value).expect("a parsed spec is JSON");
    // Written under a name of its own and renamed: tests running at the same
    // time never read a half-written file.
    let partial = dir.join(format!("{release}.json.{}", std::process::id()));
    std::fs::write(&partial, json).expect("target/stripe-mock is writable");
    std::fs::rename(&partial, &out).expect("target/stripe-mock is writable");
    out
}

/// Leaves out of `spec` the paths under `/v2/` and the component schemas
/// named `v2.*`. Panics when what stays refers to a schema left out.
pub fn v1_view(spec: &mut serde_json::Value) {
    if let Some(paths) = spec.get_mut("paths").and_then(|p| p.as_object_mut()) {
        paths.retain(|path, _| !path.starts_with("/v2/"));
    }
    let mut left_out = Vec::new();
    if let Some(schemas) = spec
        .pointer_mut("/components/schemas")
        .and_then(|s| s.as_object_mut())
    {
        schemas.retain(|name, _| {
            let v2 = name.starts_with("v2.");
            if v2 {
                left_out.push(format!("#/components/schemas/{name}"));
            }
            !v2
        });
    }
    let mut dangling = Vec::new();
    find_refs(spec, "", &left_out, &mut dangling);
    assert!(
        dangling.is_empty(),
        "the v1 view refers to v2 schemas it left out: {dangling:?}"
    );
}

/// Where under `value` (JSON pointers) a `$ref` names one of `targets`.
fn find_refs(value: &serde_json::Value, at: &str, targets: &[String], out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                if key == "$ref" && v.as_str().is_some_and(|r| targets.iter().any(|t| t == r)) {
                    out.push(format!("{at}/$ref"));
                }
                let key = key.replace('~', "~0").replace('/', "~1");
                find_refs(v, &format!("{at}/{key}"), targets, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                find_refs(v, &format!("{at}/{i}"), targets, out);
            }
        }
        _ => {}
    }
}

/// A running stripe-mock; killed on drop.
pub struct StripeMock {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    log: PathBuf,
}

impl StripeMock {
    /// Starts `binary` on `spec` (JSON) and `fixtures`, with `extra` flags
    /// (`-strict-version-check`), and waits until it answers HTTP.
    ///
    /// Panics when it cannot start or does not answer in time, with its log.
    pub fn start(binary: &Path, spec: &Path, fixtures: &Path, extra: &[&str]) -> StripeMock {
        let dir = crate::root().join("target/stripe-mock");
        std::fs::create_dir_all(&dir).expect("target/stripe-mock is writable");
        let mut last_log = String::new();
        for attempt in 0..START_ATTEMPTS {
            let http = free_port();
            let https = free_port();
            let log = dir.join(format!("stripe-mock-{}-{http}.log", std::process::id()));
            let log_file = std::fs::File::create(&log).expect("the log file is writable");
            let child = Command::new(binary)
                .arg("-http-addr")
                .arg(http.to_string())
                .arg("-https-addr")
                .arg(https.to_string())
                .arg("-spec")
                .arg(spec)
                .arg("-fixtures")
                .arg(fixtures)
                .args(extra)
                .stdin(Stdio::null())
                .stdout(log_file.try_clone().expect("the log file is shareable"))
                .stderr(log_file)
                .spawn()
                .unwrap_or_else(|e| panic!("{} starts: {e}", binary.display()));
            // The guard exists from here on: a panic below still kills it.
            let mut mock = StripeMock {
                child,
                base_url: format!("http://{http}"),
                log,
            };
            match mock.wait_until_answering(http) {
                Ok(()) => return mock,
                Err(why) => {
                    last_log = format!("{why}\n{}", mock.log_text());
                    eprintln!("stripe-mock attempt {} failed: {why}", attempt + 1);
                }
            }
        }
        panic!("stripe-mock did not start after {START_ATTEMPTS} attempts:\n{last_log}");
    }

    /// What stripe-mock has written so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn wait_until_answering(&mut self, addr: SocketAddr) -> Result<(), String> {
        let started = Instant::now();
        while started.elapsed() < START_TIMEOUT {
            if let Some(status) = self.child.try_wait().map_err(|e| e.to_string())? {
                return Err(format!("it exited with {status}"));
            }
            if answers(addr) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!("it did not answer within {START_TIMEOUT:?}"))
    }
}

impl Drop for StripeMock {
    fn drop(&mut self) {
        // Our own child, by its handle: nothing else is touched.
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

/// A loopback port nobody listens on right now.
fn free_port() -> SocketAddr {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .expect("a loopback port is free")
}

/// Whether an HTTP server answers a request on `addr` (any status).
fn answers(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(200)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let request = format!("GET /v1/balance HTTP/1.0\r\nHost: {addr}\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.")
}

/// A loopback proxy in front of stripe-mock for auto-paging walks.
/// stripe-mock answers every list and search with one page (`has_more:
/// false`); the proxy says the first page of each walk has more
/// (`has_more: true`, and a `next_page` token for a search), so the walk asks
/// stripe-mock for a second page, whose answer it passes on unchanged.
/// Everything else is passed on as it is. Stopped on drop.
pub struct PagingProxy {
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    addr: SocketAddr,
    stats: std::sync::Arc<std::sync::Mutex<PagingStats>>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// What the proxy saw, by request path.
#[derive(Clone, Debug, Default)]
pub struct PagingStats {
    /// First pages it said have more.
    pub first_pages: std::collections::BTreeMap<String, usize>,
    /// Statuses of the requests for a next page (with a cursor).
    pub next_pages: std::collections::BTreeMap<String, Vec<u16>>,
}

/// The `next_page` token the proxy puts on a first search page.
pub const NEXT_PAGE_TOKEN: &str = "conformance_page_2";

impl PagingProxy {
    /// Starts the proxy in front of `upstream` (`http://127.0.0.1:<port>`).
    pub fn start(upstream: &str) -> PagingProxy {
        let upstream: SocketAddr = upstream
            .trim_start_matches("http://")
            .parse()
            .expect("stripe-mock listens on a loopback address");
        let listener =
            TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("a loopback port is free");
        let addr = listener
            .local_addr()
            .expect("a bound listener has an address");
        let stats = std::sync::Arc::new(std::sync::Mutex::new(PagingStats::default()));
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let thread = {
            let (stats, stop) = (stats.clone(), stop.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(std::sync::atomic::Ordering::SeqCst) {
                        return;
                    }
                    let Ok(stream) = stream else { continue };
                    let stats = stats.clone();
                    std::thread::spawn(move || {
                        if let Err(e) = proxy_one(stream, upstream, &stats) {
                            eprintln!("paging proxy: {e}");
                        }
                    });
                }
            })
        };
        PagingProxy {
            base_url: format!("http://{addr}"),
            addr,
            stats,
            stop,
            thread: Some(thread),
        }
    }

    /// What the proxy has seen so far.
    pub fn stats(&self) -> PagingStats {
        self.stats.lock().expect("no thread panicked").clone()
    }
}

impl Drop for PagingProxy {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        // Wakes the accept loop, which then sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Passes one request (one per connection: the answer says `Connection:
/// close`) to `upstream`, and its answer back, rewriting a first page.
fn proxy_one(
    mut client: TcpStream,
    upstream: SocketAddr,
    stats: &std::sync::Mutex<PagingStats>,
) -> std::io::Result<()> {
    client.set_read_timeout(Some(Duration::from_secs(60)))?;
    let (head, mut body) = read_head(&mut client)?;
    let head_text = String::from_utf8_lossy(&head).into_owned();
    let mut lines = head_text.split("\r\n");
    let request_line = lines.next().unwrap_or_default().to_owned();
    let mut parts = request_line.split(' ');
    let (method, target) = (
        parts.next().unwrap_or_default().to_owned(),
        parts.next().unwrap_or_default().to_owned(),
    );
    let headers: Vec<&str> = lines.filter(|l| !l.is_empty()).collect();
    let length = content_length(&headers);
    while body.len() < length {
        let mut chunk = vec![0u8; length - body.len()];
        let n = client.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    // HTTP/1.0 upstream: the answer is not chunked and ends at close.
    let mut forward = format!("{method} {target} HTTP/1.0\r\nHost: {upstream}\r\n");
    for header in &headers {
        let name = header
            .split(':')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if !matches!(name.as_str(), "host" | "connection" | "keep-alive") {
            forward.push_str(header);
            forward.push_str("\r\n");
        }
    }
    forward.push_str("Connection: close\r\n\r\n");
    let mut server = TcpStream::connect(upstream)?;
    server.write_all(forward.as_bytes())?;
    server.write_all(&body)?;
    let mut answer = Vec::new();
    server.read_to_end(&mut answer)?;
    let split = find(&answer, b"\r\n\r\n").unwrap_or(answer.len());
    let answer_head = String::from_utf8_lossy(&answer[..split]).into_owned();
    let mut answer_body = answer.get(split + 4..).unwrap_or_default().to_vec();
    let mut answer_lines = answer_head.split("\r\n");
    let status_line = answer_lines.next().unwrap_or_default();
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let has_cursor = query.split('&').any(|pair| {
        let key = pair.split('=').next().unwrap_or_default();
        matches!(key, "starting_after" | "ending_before" | "page")
    });
    if method == "GET" && has_cursor {
        let mut stats = stats.lock().expect("no thread panicked");
        stats
            .next_pages
            .entry(path.to_owned())
            .or_default()
            .push(status);
    } else if method == "GET" && status == 200 {
        if let Some(rewritten) = first_page_with_more(&answer_body) {
            answer_body = rewritten;
            let mut stats = stats.lock().expect("no thread panicked");
            *stats.first_pages.entry(path.to_owned()).or_default() += 1;
        }
    }
    let mut reply = format!(
        "HTTP/1.1 {}\r\n",
        status_line.split_once(' ').map_or("502", |s| s.1)
    );
    for header in answer_lines.filter(|l| !l.is_empty()) {
        let name = header
            .split(':')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if !matches!(
            name.as_str(),
            "content-length" | "connection" | "transfer-encoding"
        ) {
            reply.push_str(header);
            reply.push_str("\r\n");
        }
    }
    reply.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        answer_body.len()
    ));
    client.write_all(reply.as_bytes())?;
    client.write_all(&answer_body)?;
    client.flush()
}

/// A list or search page that says it is the last, rewritten to say more
/// follow; `None` for anything else.
fn first_page_with_more(body: &[u8]) -> Option<Vec<u8>> {
    let mut page: serde_json::Value = serde_json::from_slice(body).ok()?;
    let object = page.get("object")?.as_str()?.to_owned();
    if page.get("has_more")? != &serde_json::Value::Bool(false) {
        return None;
    }
    match object.as_str() {
        "list" => {}
        "search_result" => {
            page["next_page"] = NEXT_PAGE_TOKEN.into();
        }
        _ => return None,
    }
    page["has_more"] = true.into();
    serde_json::to_vec(&page).ok()
}

/// The request head (up to the blank line) and what was read after it.
fn read_head(stream: &mut TcpStream) -> std::io::Result<(Vec<u8>, Vec<u8>)> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = find(&buffer, b"\r\n\r\n") {
            let rest = buffer.split_off(end + 4);
            buffer.truncate(end);
            return Ok((buffer, rest));
        }
        let n = stream.read(&mut chunk)?;
        if n == 0 || buffer.len() > 1 << 20 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the request ended before its head did",
            ));
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
}

fn content_length(headers: &[&str]) -> usize {
    headers
        .iter()
        .filter_map(|h| h.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
