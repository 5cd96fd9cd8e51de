//! Per-request overhead: N create-token calls against a loopback HTTP server, with the generated
//! client versus raw reqwest sending the same bytes and headers (reqwest with the same version and
//! features as generated/Cargo.toml).
//!
//! What each side does per call:
//! * generated: `client.tokens().create_with(&params)`: form-encode the params, build the headers
//!   (a fresh UUID v4 idempotency key, the telemetry header), send, read the body up to the size
//!   limit, check the status, decode a `Token`; tracing spans (no subscriber installed) around the
//!   request and the attempt.
//! * floor: `reqwest::Client::post` with the header map and body the server captured from the
//!   generated client's second call (so: the same bytes as every call after the first, telemetry
//!   header included), send, read the body, check the status, decode the same
//!   `stripe_client::tokens::Token` with serde_json.
//!
//! Both run on one current-thread Tokio runtime with the server, over one kept-alive HTTP/1.1
//! connection each. After criterion's two measurements, a paired one alternates the sides round by
//! round and prints the median ratio, which a change of the machine's load between criterion's
//! two runs does not skew. Every loop is bounded (N calls per iteration, criterion's sample count,
//! PAIRED_ROUNDS) and the server listens on 127.0.0.1 only.
//! `cargo bench --bench request_overhead`.

use std::future::IntoFuture;
use std::time::Duration;

use benches::loopback::Server;
use criterion::{Criterion, Throughput};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

/// Calls per measured iteration.
const N: u64 = 200;

/// Rounds of the paired measurement (each: N calls of either side, in alternating order).
const PAIRED_ROUNDS: usize = 31;

/// The body of every response: the upstream `token` fixture (a card token).
const TOKEN_JSON: &str = r#"{"card":{"address_city":null,"address_country":null,"address_line1":null,"address_line1_check":null,"address_line2":null,"address_state":null,"address_zip":null,"address_zip_check":null,"brand":"Visa","country":"US","cvc_check":"pass","dynamic_last4":null,"exp_month":8,"exp_year":2024,"fingerprint":"gK0qksXq136kiXut","funding":"credit","id":"card_1NnmX8GPxmnHQRkJFJOwfapK","last4":"4242","metadata":{},"name":null,"object":"card","tokenization_method":null,"wallet":null},"client_ip":null,"created":1234567890,"id":"tok_1NnmX8GPxmnHQRkJHYqjxlSx","livemode":false,"object":"token","type":"card","used":false}"#;

/// The timeout the generated client sets on every attempt by default.
const TIMEOUT: Duration = Duration::from_secs(80);

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(10))
        .sample_size(20)
        .configure_from_args();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    let server = rt
        .block_on(Server::start(TOKEN_JSON.as_bytes()))
        .expect("a loopback server");

    let client = stripe_client::Client::builder("sk_test_bench_0123456789")
        .base_url(server.url())
        .build()
        .expect("the client builds");
    let params = stripe_client::tokens::CreateToken::new().card(
        stripe_client::tokens::CreateTokenCardDetails::new("5", "2026", "4242424242424242")
            .cvc("314"),
    );

    // The generated client's second call tells the floor what to send: from the second call on,
    // every call carries `X-Stripe-Client-Telemetry` (the previous call's request id and
    // duration), so the floor sends that header too, with the value it had then.
    rt.block_on(client.tokens().create_with(&params).into_future())
        .expect("the loopback call succeeds");
    server.capture_next();
    rt.block_on(client.tokens().create_with(&params).into_future())
        .expect("the loopback call succeeds");
    let captured = server.captured().expect("the server saw the request");
    let mut headers = HeaderMap::new();
    for (name, value) in captured.headers() {
        if matches!(name.as_str(), "host" | "content-length") {
            continue; // reqwest writes these itself
        }
        headers.insert(
            HeaderName::from_bytes(name.as_bytes()).expect("a header name"),
            HeaderValue::from_str(&value).expect("a header value"),
        );
    }
    let body = String::from_utf8(captured.body).expect("a form body is ASCII");
    let url = format!("{}/v1/tokens", server.url());
    eprintln!(
        "request_overhead: {} calls per iteration; request head:\n{}\n\nbody: {body}",
        N, captured.head
    );
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("reqwest builds");

    let generated_calls = || {
        rt.block_on(async {
            for _ in 0..N {
                let token = client.tokens().create_with(&params).await.unwrap();
                assert!(!token.used);
            }
        })
    };
    let raw_calls = || {
        rt.block_on(async {
            for _ in 0..N {
                let response = http
                    .post(&url)
                    .headers(headers.clone())
                    .timeout(TIMEOUT)
                    .body(body.clone())
                    .send()
                    .await
                    .unwrap();
                assert!(response.status().is_success());
                let bytes = response.bytes().await.unwrap();
                let token: stripe_client::tokens::Token = serde_json::from_slice(&bytes).unwrap();
                assert!(!token.used);
            }
        })
    };

    let mut g = c.benchmark_group("request_overhead");
    g.throughput(Throughput::Elements(N));
    g.bench_function("generated_client", |b| b.iter(generated_calls));
    g.bench_function("floor_raw_reqwest", |b| b.iter(raw_calls));
    g.finish();

    let ratio = benches::paired::ratio(PAIRED_ROUNDS, generated_calls, raw_calls);
    println!(
        "request_overhead/paired: generated / raw over {PAIRED_ROUNDS} alternating rounds of {N} \
         calls each: {ratio}"
    );
    drop(server);
    c.final_summary();
}
