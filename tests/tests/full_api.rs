//! The whole upstream Stripe API of each spec version through the whole
//! chain: generate its crate with `spec/full-api.config.yaml` (the shared
//! `workspace_tests::whole_api` crate), then compile it warning-free. To keep
//! CI cheap, the newest version gets `cargo clippy -D warnings` and the older
//! one `cargo build` (failing on any warning), the build the decoding and
//! stripe-mock tests use too; all share one target dir, so dependencies build
//! once. Prints, per version, operations / types / files / lines and how long
//! each step took.

use std::time::Instant;

use workspace_tests::whole_api::WholeApi;

/// Generate the whole API of `version` and run `cargo <step>` on it.
fn generate_and_compile(version: &'static str, step: &str) {
    let Some(api) = WholeApi::generate(version) else {
        return;
    };
    api.write(Vec::new());

    let started = Instant::now();
    let args: &[&str] = if step == "clippy" {
        &[
            "clippy",
            "--quiet",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ]
    } else {
        // No `-D warnings` by RUSTFLAGS (that would rebuild every dependency
        // apart from the other tests' builds): warnings are read from stderr,
        // where cargo replays them also when the crate is already built.
        &["build", "--quiet", "--all-features"]
    };
    let output = api.cargo(args).output().expect("cargo runs");
    let compile = started.elapsed();
    eprintln!(
        "whole API {version}: {} operations, {} types, {} files, {} lines; generate {:.2?} \
         (debug build), cargo {step} {compile:.2?}",
        api.model.operations.len(),
        api.model.types.types.len(),
        api.files.len(),
        api.lines(),
        api.generate,
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && !stderr.lines().any(|l| l.starts_with("warning")),
        "the generated whole-API crate of {version} does not pass cargo {step}:\n{}",
        stderr.lines().take(80).collect::<Vec<_>>().join("\n")
    );
}

/// One test, the versions in turn: they share a target dir, and cargo would
/// only make the second wait for the first's lock.
#[test]
fn whole_api_of_every_spec_version_generates_and_compiles_without_warnings() {
    let [older, newest] = workspace_tests::UPSTREAM_VERSIONS;
    generate_and_compile(newest, "clippy");
    generate_and_compile(older, "build");
}
