//! The whole upstream Stripe API through the whole chain: generate a crate
//! from `spec3.yaml` with `spec/full-api.config.yaml` into `target/full-api`,
//! then `cargo clippy -D warnings` it. Prints how long each step took.

use std::process::Command;
use std::time::Instant;

#[test]
fn whole_api_generates_and_compiles_without_warnings() {
    let Some(spec) = workspace_tests::upstream("spec3.yaml") else {
        return;
    };
    let root = workspace_tests::root();
    let out = root.join("target/full-api");

    let started = Instant::now();
    let files = generator::pipeline::generate(
        &spec,
        &root.join("spec/full-api.config.yaml"),
        &root.join("templates"),
    )
    .unwrap_or_else(|e| panic!("the whole API must generate without errors: {e}"));
    let generate = started.elapsed();
    generator::output::write(&out, &files).expect("target/full-api is writable");
    // Pin the dependency versions the workspace already uses (and has downloaded).
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).expect("Cargo.lock copies");
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();

    let started = Instant::now();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args([
            "clippy",
            "--offline",
            "--quiet",
            "--all-features",
            "--manifest-path",
        ])
        .arg(out.join("Cargo.toml"))
        .args(["--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", root.join("target/full-api-target"))
        .output()
        .expect("cargo runs");
    let check = started.elapsed();
    eprintln!(
        "whole API: {} files, {lines} lines; generate {generate:.2?}, cargo clippy {check:.2?}",
        files.len()
    );
    assert!(
        output.status.success(),
        "the generated whole-API crate does not pass clippy:\n{}",
        String::from_utf8_lossy(&output.stderr)
            .lines()
            .take(80)
            .collect::<Vec<_>>()
            .join("\n")
    );
}
