//! Decoding a `Token` response into `stripe_client::tokens::Token`, beside the floor: serde_json into a plain
//! `#[derive(Deserialize)]` struct with the same fields (`benches::floor::PlainToken`).
//!
//! Inputs from the upstream fixtures: the `token` fixture (a card token) as it is, and a bank-account
//! token made of it and the `bank_account` fixture. Skipped, with a notice, when
//! `../shared/upstream/` is absent. `cargo bench --bench decoding`.
//!
//! After criterion's two measurements of each case, a paired one alternates the sides round by
//! round ([`benches::paired`]) and prints the median ratio, which a change of the shared machine's
//! load between criterion's runs does not skew. Decoding is from bytes, as the client decodes a
//! response body. `Response::drift` is not on this path (it runs only when called).

use std::hint::black_box;
use std::time::Duration;

use benches::floor::PlainToken;
use criterion::{Criterion, Throughput};

/// Rounds of the paired measurement.
const PAIRED_ROUNDS: usize = 101;
/// Decodes per side and round.
const DECODES: usize = 1_000;

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let Some(fixtures) = benches::upstream_fixtures() else {
        return;
    };
    let cases = [
        ("card_token", benches::card_token_json(&fixtures)),
        (
            "bank_account_token",
            benches::bank_account_token_json(&fixtures),
        ),
    ];
    for (name, json) in &cases {
        // Both decode, and agree on what they decoded.
        let generated: stripe_client::tokens::Token = serde_json::from_str(json).expect("decodes");
        let plain: PlainToken = serde_json::from_str(json).expect("decodes");
        assert_eq!(generated.id, plain.id);
        assert_eq!(generated.card.is_some(), plain.card.is_some());
        assert_eq!(
            generated.bank_account.is_some(),
            plain.bank_account.is_some()
        );
        eprintln!("decoding/{name}: {} bytes of JSON", json.len());

        let mut g = c.benchmark_group(format!("decoding/{name}"));
        g.throughput(Throughput::Bytes(json.len() as u64));
        g.bench_function("generated_token", |b| {
            b.iter(|| {
                serde_json::from_str::<stripe_client::tokens::Token>(black_box(json)).unwrap()
            })
        });
        g.bench_function("floor_plain_struct", |b| {
            b.iter(|| serde_json::from_str::<PlainToken>(black_box(json)).unwrap())
        });
        g.finish();

        let bytes = json.as_bytes();
        let ratio = benches::paired::ratio(
            PAIRED_ROUNDS,
            || {
                for _ in 0..DECODES {
                    black_box(
                        serde_json::from_slice::<stripe_client::tokens::Token>(black_box(bytes))
                            .unwrap(),
                    );
                }
            },
            || {
                for _ in 0..DECODES {
                    black_box(serde_json::from_slice::<PlainToken>(black_box(bytes)).unwrap());
                }
            },
        );
        eprintln!(
            "decoding/{name}/paired: generated / plain struct over {PAIRED_ROUNDS} alternating \
             rounds of {DECODES} decodes each: {ratio}"
        );
    }
    c.final_summary();
}
