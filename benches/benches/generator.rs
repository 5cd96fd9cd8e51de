//! The generator's stages (load, model, emit, and the whole pipeline) on `spec/tokens.yaml` and on
//! the whole upstream spec, each beside its floor: parsing the same file alone into
//! `openapiv3::OpenAPI` and into `serde_json::Value` (both through serde_yaml).
//!
//! `cargo bench --bench generator`. The upstream part is skipped, with a notice, when
//! `../shared/upstream/` is absent; emission of the whole API is benched only if it succeeds.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BenchmarkGroup, Criterion, Throughput};
use generator::config::Config;
use generator::emit::{emit_crate, EmitOptions};
use generator::load::Spec;

/// The allocator `cargo xtask codegen` runs with (see xtask/src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .configure_from_args();
    let root = benches::root();
    let templates = root.join("templates");

    // The tokens slice: small and fast, default-ish settings.
    bench_spec(
        &mut c,
        "generator/tokens",
        &root.join("spec/tokens.yaml"),
        &root.join("spec/tokens.config.yaml"),
        &templates,
        20,
        Duration::from_secs(4),
    );

    // The whole API: about a second per iteration, so the fewest samples criterion allows.
    if let Some(spec) = benches::upstream("spec3.yaml") {
        bench_spec(
            &mut c,
            "generator/full_api",
            &spec,
            &root.join("spec/full-api.config.yaml"),
            &templates,
            10,
            Duration::from_secs(15),
        );
    }

    c.final_summary();
}

fn bench_spec(
    c: &mut Criterion,
    group_name: &str,
    spec_path: &Path,
    config_path: &Path,
    templates: &Path,
    samples: usize,
    time: Duration,
) {
    let source = std::fs::read_to_string(spec_path).expect("the spec is readable");
    let config = Config::from_path(config_path).expect("the config loads");
    let spec = Spec::from_path(spec_path).expect("the spec loads");
    let model = generator::model::build(&spec, &config).expect("the model builds");
    let options = EmitOptions {
        crate_name: config.krate.name.clone(),
        crate_version: config.krate.version.clone(),
        description: config.krate.description.clone(),
        templates_dir: templates.to_owned(),
        runtime_dir: templates.join("../runtime"),
        runtime: generator::emit::RuntimeMode::Crate,
        runtime_path: "../runtime".to_owned(),
    };
    let emitted = emit_crate(&model, &options);
    match &emitted {
        Ok(files) => eprintln!(
            "{group_name}: {} bytes of YAML, {} types, {} operations, {} files ({} bytes) emitted",
            source.len(),
            model.types.types.len(),
            model.operations.len(),
            files.len(),
            files.iter().map(|f| f.contents.len()).sum::<usize>()
        ),
        Err(e) => {
            eprintln!("notice: {group_name}: emission fails ({e}); benching load and model only")
        }
    }

    let mut g = c.benchmark_group(group_name);
    g.sample_size(samples).measurement_time(time);
    g.throughput(Throughput::Bytes(source.len() as u64));

    // Floors: the same text parsed alone.
    g.bench_function("floor_parse_openapiv3", |b| {
        b.iter(|| serde_yaml::from_str::<openapiv3::OpenAPI>(black_box(&source)).unwrap())
    });
    g.bench_function("floor_parse_json_value", |b| {
        b.iter(|| serde_yaml::from_str::<serde_json::Value>(black_box(&source)).unwrap())
    });

    // The stages.
    g.bench_function("load", |b| {
        b.iter(|| Spec::from_path(black_box(spec_path)).unwrap())
    });
    g.bench_function("model", |b| {
        b.iter(|| generator::model::build(black_box(&spec), black_box(&config)).unwrap())
    });
    if emitted.is_ok() {
        g.bench_function("emit", |b| {
            b.iter(|| emit_crate(black_box(&model), black_box(&options)).unwrap())
        });
        bench_pipeline(&mut g, spec_path, config_path, templates);
    }
    g.finish();
}

/// Load, model and emit from the paths, as `cargo xtask codegen` does (config included).
fn bench_pipeline(
    g: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>,
    spec: &Path,
    config: &Path,
    templates: &Path,
) {
    let (spec, config, templates): (PathBuf, PathBuf, PathBuf) =
        (spec.to_owned(), config.to_owned(), templates.to_owned());
    g.bench_function("pipeline", |b| {
        b.iter(|| {
            generator::pipeline::generate(
                black_box(&spec),
                black_box(&config),
                &templates,
                &templates,
            )
            .unwrap()
        })
    });
}
