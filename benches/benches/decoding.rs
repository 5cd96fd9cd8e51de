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
//!
//! A third case, `decimal_tiers`, decodes a price-like object of ten tiers with three
//! `format: decimal` fields each into the runtime's exact `stripe_client::Decimal`, beside the
//! same struct with `String` fields (what a plain client keeps them as).

use std::hint::black_box;
use std::time::Duration;

use benches::floor::PlainToken;
use criterion::{Criterion, Throughput};
use serde::Deserialize;

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
    decimal_tiers(&mut c);
    c.final_summary();
}

/// A price with tiers, its decimals as the runtime's `Decimal` (`T`) or as `String`.
#[derive(Deserialize)]
#[allow(dead_code)]
struct Tiered<T> {
    id: String,
    unit_amount_decimal: Option<T>,
    tiers: Vec<Tier<T>>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Tier<T> {
    flat_amount_decimal: Option<T>,
    unit_amount_decimal: Option<T>,
    up_to: Option<i64>,
    percentage_decimal: T,
}

/// Ten tiers of Stripe-like decimals (scales 0 to 12, trailing zeros, a negative).
fn tiers_json() -> String {
    let tiers: Vec<String> = (0..10)
        .map(|i| {
            format!(
                r#"{{"flat_amount_decimal": "{}00.50", "unit_amount_decimal": "0.{i}23456789012", "up_to": {}, "percentage_decimal": "-{i}.875"}}"#,
                i + 1,
                (i + 1) * 100
            )
        })
        .collect();
    format!(
        r#"{{"id": "price_1", "unit_amount_decimal": "1250", "tiers": [{}]}}"#,
        tiers.join(", ")
    )
}

fn decimal_tiers(c: &mut Criterion) {
    type Exact = Tiered<stripe_client::Decimal>;
    type Plain = Tiered<String>;
    let json = tiers_json();
    let exact: Exact = serde_json::from_str(&json).expect("decodes");
    let plain: Plain = serde_json::from_str(&json).expect("decodes");
    for (a, b) in exact.tiers.iter().zip(&plain.tiers) {
        assert_eq!(a.percentage_decimal.to_string(), b.percentage_decimal);
    }
    eprintln!("decoding/decimal_tiers: {} bytes of JSON", json.len());
    let mut g = c.benchmark_group("decoding/decimal_tiers");
    g.throughput(Throughput::Bytes(json.len() as u64));
    g.bench_function("decimal_fields", |b| {
        b.iter(|| serde_json::from_str::<Exact>(black_box(&json)).unwrap())
    });
    g.bench_function("floor_string_fields", |b| {
        b.iter(|| serde_json::from_str::<Plain>(black_box(&json)).unwrap())
    });
    g.finish();
    let bytes = json.as_bytes();
    let ratio = benches::paired::ratio(
        PAIRED_ROUNDS,
        || {
            for _ in 0..DECODES {
                black_box(serde_json::from_slice::<Exact>(black_box(bytes)).unwrap());
            }
        },
        || {
            for _ in 0..DECODES {
                black_box(serde_json::from_slice::<Plain>(black_box(bytes)).unwrap());
            }
        },
    );
    eprintln!(
        "decoding/decimal_tiers/paired: Decimal / String fields over {PAIRED_ROUNDS} alternating \
         rounds of {DECODES} decodes each: {ratio}"
    );
}
