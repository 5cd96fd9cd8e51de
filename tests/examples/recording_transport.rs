//! Your own transport: every attempt goes through `Recording`, which logs the method, the URL
//! (never the headers: they hold the API key), the status and how long the exchange took, then
//! hands the request to the default reqwest transport. Retries, idempotency keys, timeouts,
//! size limits and decoding stay the client's, so they apply to this transport unchanged; a
//! team's own HTTP stack (hyper, a proxy, a service mesh client) plugs in the same way.
//!
//! ```sh
//! STRIPE_SECRET_KEY=sk_test_123 STRIPE_BASE_URL=http://127.0.0.1:12111 \
//!     cargo run -p workspace-tests --example recording_transport
//! ```

use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use stripe_client::runtime::{HttpRequest, ReqwestTransport, Transport, TransportFuture};
use stripe_client::Client;

/// Logs each exchange and keeps a line per exchange for the summary.
struct Recording {
    inner: ReqwestTransport,
    log: Arc<Mutex<Vec<String>>>,
}

impl Transport for Recording {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        let line = format!("{} {}", request.method.as_str(), request.url);
        let log = Arc::clone(&self.log);
        let started = Instant::now();
        let exchange = self.inner.send(request);
        Box::pin(async move {
            let result = exchange.await;
            let outcome = match &result {
                Ok(response) => format!("HTTP {}", response.status),
                Err(e) => format!("failed: {e:?}"),
            };
            let entry = format!("{line} -> {outcome} in {:?}", started.elapsed());
            eprintln!("{entry}");
            log.lock().unwrap_or_else(|p| p.into_inner()).push(entry);
            result
        })
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let Ok(key) = std::env::var("STRIPE_SECRET_KEY") else {
        eprintln!("set STRIPE_SECRET_KEY (and optionally STRIPE_BASE_URL)");
        return ExitCode::from(2);
    };
    let log = Arc::new(Mutex::new(Vec::new()));
    let inner = match ReqwestTransport::new() {
        Ok(inner) => inner,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let mut builder = Client::builder(key).transport(Recording {
        inner,
        log: Arc::clone(&log),
    });
    if let Ok(base_url) = std::env::var("STRIPE_BASE_URL") {
        builder = builder.base_url(base_url);
    }
    let client = match builder.build() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let result = client.tokens().retrieve("tok_visa").await;
    let exchanges = log.lock().unwrap_or_else(|p| p.into_inner()).len();
    match result {
        Ok(token) => {
            println!("retrieved {} in {exchanges} exchange(s)", token.id);
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("{e} after {exchanges} exchange(s)");
            ExitCode::FAILURE
        }
    }
}
