//! Peak resident memory of the generator on the whole upstream spec: runs load, model and emit once,
//! as `cargo xtask codegen` does (without writing files), and prints the process's peak RSS (`VmHWM`
//! in /proc/self/status, Linux only) after each stage. If emission fails, it says so and reports
//! load + model (what `cargo xtask ir` does).
//!
//! `cargo bench --bench memory`. The figure for `cargo xtask codegen` itself (a debug build, which
//! also writes the files) comes from `/usr/bin/time -v`; see BENCHMARKS.md.

use std::time::Instant;

use generator::config::Config;
use generator::emit::{emit_crate, EmitOptions};
use generator::load::Spec;

/// The allocator `cargo xtask codegen` runs with (see xtask/src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn report(stage: &str, started: Instant) {
    match vm_hwm_kib() {
        Some(kib) => println!(
            "memory/full_api: after {stage:<6} peak RSS {:>7.1} MiB ({:.2?})",
            kib as f64 / 1024.0,
            started.elapsed()
        ),
        None => println!("memory/full_api: after {stage:<6} (no /proc/self/status here)"),
    }
}

fn main() {
    let Some(spec_path) = benches::upstream("spec3.yaml") else {
        return;
    };
    let root = benches::root();
    let started = Instant::now();
    report("start", started);
    let config = Config::from_path(&root.join("spec/full-api.config.yaml")).expect("config");
    let spec = Spec::from_path(&spec_path).expect("the upstream spec loads");
    report("load", started);
    let model = generator::model::build(&spec, &config).expect("the model builds");
    report("model", started);
    let options = EmitOptions {
        crate_name: config.krate.name.clone(),
        crate_version: config.krate.version.clone(),
        description: config.krate.description.clone(),
        templates_dir: root.join("templates"),
        runtime_dir: root.join("runtime"),
        runtime: generator::emit::RuntimeMode::Crate,
        runtime_path: "../runtime".to_owned(),
    };
    match emit_crate(&model, &options) {
        Ok(files) => {
            report("emit", started);
            println!(
                "memory/full_api: {} files, {:.1} MiB of Rust held at once",
                files.len(),
                files.iter().map(|f| f.contents.len()).sum::<usize>() as f64 / 1048576.0
            );
        }
        Err(e) => println!(
            "notice: emission of the whole API fails ({e}); the peak above is load + model \
             (what `cargo xtask ir` does)"
        ),
    }
}
