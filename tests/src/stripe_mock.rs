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

/// `../shared/<relative>` beside the repository, or `None` (with a notice)
/// when it is absent. Under `CI=true` absence fails.
pub fn shared(relative: &str) -> Option<PathBuf> {
    let path = crate::root().join("../shared").join(relative);
    if path.exists() {
        return Some(path);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{} is missing, and CI=true requires it", path.display());
    }
    eprintln!("notice: {} is absent; skipping this test", path.display());
    None
}

/// `../shared/upstream/<release>/<file>`, as [`shared`].
pub fn upstream_file(release: &str, file: &str) -> Option<PathBuf> {
    shared(&format!("upstream/{release}/{file}"))
}

/// The stripe-mock binary, as [`shared`].
pub fn binary() -> Option<PathBuf> {
    shared("tools/stripe-mock/stripe-mock")
}

/// A spec stripe-mock can read (JSON): `spec` itself when it is JSON, else
/// its YAML converted once into `target/stripe-mock/<name>.json`.
pub fn json_spec(spec: &Path) -> PathBuf {
    if spec.extension().is_some_and(|e| e == "json") {
        return spec.to_owned();
    }
    let dir = crate::root().join("target/stripe-mock");
    std::fs::create_dir_all(&dir).expect("target/stripe-mock is writable");
    let release = spec
        .parent()
        .and_then(Path::file_name)
        .map_or("spec".into(), |n| n.to_string_lossy().into_owned());
    let out = dir.join(format!("{release}.json"));
    let text = std::fs::read_to_string(spec)
        .unwrap_or_else(|e| panic!("{} is readable: {e}", spec.display()));
    let value: serde_json::Value =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{} is YAML: {e}", spec.display()));
    let json = serde_json::to_vec(&value).expect("a YAML value is JSON");
    // Written under a name of its own and renamed: tests running at the same
    // time never read a half-written file.
    let partial = dir.join(format!("{release}.json.{}", std::process::id()));
    std::fs::write(&partial, json).expect("target/stripe-mock is writable");
    std::fs::rename(&partial, &out).expect("target/stripe-mock is writable");
    out
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
