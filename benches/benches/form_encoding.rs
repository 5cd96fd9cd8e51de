//! Form encoding of create-token params by the generated crate, beside the floor:
//! `serde_json::to_string` of a plain serde struct with the same fields and values.
//!
//! `cargo bench --bench form_encoding`. Allocations per encode: `cargo bench --bench form_allocs`.

use std::hint::black_box;
use std::time::Duration;

use benches::floor::form_cases;
use criterion::{Criterion, Throughput};
use stripe_client::form::to_form_string;

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
    }
    c.final_summary();
}
