//! Form encoding of create-token params by the generated crate, beside the floor:
//! `serde_json::to_string` of a plain serde struct with the same fields and values.
//!
//! After criterion's figures, a paired measurement (benches::paired) prints the median ratio of
//! the two over alternating rounds of `PAIRED_ITERATIONS` encodings each.
//!
//! `cargo bench --bench form_encoding`. Allocations per encode: `cargo bench --bench form_allocs`.

use std::hint::black_box;
use std::time::Duration;

use benches::floor::form_cases;
use criterion::{Criterion, Throughput};
use stripe_client::form::to_form_string;

/// Rounds of the paired measurement, and encodings per round and side.
const PAIRED_ROUNDS: usize = 41;
const PAIRED_ITERATIONS: usize = 20_000;

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    for case in form_cases() {
        let form = to_form_string(&case.generated);
        let json = serde_json::to_string(&case.plain).unwrap();
        eprintln!(
            "form_encoding/{}: {} bytes of form, {} bytes of JSON\n  form: {form}\n  json: {json}",
            case.name,
            form.len(),
            json.len()
        );
        let mut g = c.benchmark_group(format!("form_encoding/{}", case.name));
        g.throughput(Throughput::Elements(1));
        g.bench_function("generated_form", |b| {
            b.iter(|| to_form_string(black_box(&case.generated)))
        });
        g.bench_function("floor_serde_json", |b| {
            b.iter(|| serde_json::to_string(black_box(&case.plain)).unwrap())
        });
        g.finish();
        let ratio = benches::paired::ratio(
            PAIRED_ROUNDS,
            || {
                for _ in 0..PAIRED_ITERATIONS {
                    black_box(to_form_string(black_box(&case.generated)));
                }
            },
            || {
                for _ in 0..PAIRED_ITERATIONS {
                    black_box(serde_json::to_string(black_box(&case.plain)).unwrap());
                }
            },
        );
        println!(
            "form_encoding/{}/paired: generated / floor over {PAIRED_ROUNDS} alternating rounds \
             of {PAIRED_ITERATIONS} encodings: {ratio}",
            case.name
        );
    }
    c.final_summary();
}
