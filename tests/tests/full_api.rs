//! The whole upstream Stripe API of each spec version through the whole
//! chain: generate a crate with `spec/full-api.config.yaml` into
//! `target/full-api-<version>`, then compile it warning-free. To keep CI
//! cheap, the newest version gets `cargo clippy -D warnings` and the older
//! one `cargo check` (failing on any warning); both share one target dir
//! (`target/full-api-target`), so their dependencies build once. Prints, per
//! version, operations / types / files / lines and how long each step took.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use generator::emit::{emit_crate, EmitOptions};

/// Generate the whole API of `version` and run `cargo <lint>` on it.
fn generate_and_compile(version: &str, lint: &str) {
    let file = workspace_tests::upstream_spec_file(version);
    let Some(spec_path) = workspace_tests::upstream_of(version, file) else {
        return;
    };
    let root = workspace_tests::root();
    let out = root.join(format!("target/full-api-{version}"));

    let started = Instant::now();
    let spec = generator::load::Spec::from_path(&spec_path).expect("upstream parses");
    let config = generator::config::Config::from_path(&root.join("spec/full-api.config.yaml"))
        .expect("the config parses");
    let model = generator::model::build(&spec, &config)
        .unwrap_or_else(|e| panic!("the whole API of {version} must build its model: {e}"));
    let options = EmitOptions {
        crate_name: config.krate.name.clone(),
        crate_version: config.krate.version.clone(),
        description: config.krate.description.clone(),
        templates_dir: root.join("templates"),
    };
    let files = emit_crate(&model, &options)
        .unwrap_or_else(|e| panic!("the whole API of {version} must emit: {e}"));
    let generate = started.elapsed();
    generator::output::write(&out, &files).expect("target/ is writable");
    // Pin the dependency versions the workspace already uses (and has downloaded).
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).expect("Cargo.lock copies");
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();

    let started = Instant::now();
    let output = cargo(
        lint,
        &out.join("Cargo.toml"),
        &root.join("target/full-api-target"),
    );
    let compile = started.elapsed();
    eprintln!(
        "whole API {version}: {} operations, {} types, {} files, {lines} lines; generate {generate:.2?} (debug build), cargo {lint} {compile:.2?}",
        model.operations.len(),
        model.types.types.len(),
        files.len(),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && !stderr.lines().any(|l| l.starts_with("warning")),
        "the generated whole-API crate of {version} does not pass cargo {lint}:\n{}",
        stderr.lines().take(80).collect::<Vec<_>>().join("\n")
    );
}

fn cargo(lint: &str, manifest: &Path, target: &Path) -> std::process::Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command
        .args([
            lint,
            "--offline",
            "--quiet",
            "--all-features",
            "--manifest-path",
        ])
        .arg(manifest)
        .env("CARGO_TARGET_DIR", target);
    if lint == "clippy" {
        command.args(["--", "-D", "warnings"]);
    }
    // `check` gets no `-D warnings` by RUSTFLAGS (that would rebuild every
    // dependency apart from clippy's): its warnings are read from stderr.
    command.output().expect("cargo runs")
}

/// One test, the versions in turn: they share a target dir, and cargo would
/// only make the second wait for the first's lock.
#[test]
fn whole_api_of_every_spec_version_generates_and_compiles_without_warnings() {
    let [older, newest] = workspace_tests::UPSTREAM_VERSIONS;
    generate_and_compile(newest, "clippy");
    generate_and_compile(older, "check");
}
