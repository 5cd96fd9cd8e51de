//! The whole upstream Stripe API of each spec version through the whole
//! chain: generate its crate with `spec/full-api.config.yaml` (the shared
//! `workspace_tests::whole_api` crate), then compile it warning-free. To keep
//! CI affordable, the newest version gets `cargo clippy -D warnings`, the
//! oldest `cargo build` (failing on any warning), the build the decoding and
//! stripe-mock tests use too, and the ones between are generated only (the
//! decoding test builds them); all share one target dir, so dependencies build
//! once. The oldest version's build then runs every doc example of the crate
//! (`cargo test --doc`: the README, the crate docs, the runtime's), so the
//! paths and crate name they use are the whole-API crate's. Prints, per
//! version, operations / types / files / lines and how long each step took.

use std::time::Instant;

use workspace_tests::whole_api::WholeApi;

/// Generate the whole API of `version` and run `cargo <step>` on it.
fn generate_and_compile(version: &'static str, step: &str) -> Option<WholeApi> {
    let api = WholeApi::generate(version)?;
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
    Some(api)
}

/// `cargo test --doc` on a crate `cargo build` has built: every doc example
/// compiles (and those not marked `no_run` run and pass).
fn doc_tests(api: &WholeApi) {
    let started = Instant::now();
    let output = api
        .cargo(&["test", "--doc", "--all-features"])
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let passed = stdout
        .lines()
        .filter(|l| l.starts_with("test ") && l.ends_with(" ok"))
        .count();
    eprintln!(
        "whole API {}: cargo test --doc {:.2?}, {passed} doc examples pass",
        api.version,
        started.elapsed()
    );
    assert!(
        output.status.success() && passed > 0,
        "the doc examples of the whole-API crate of {} fail:\n{}\n{}",
        api.version,
        stdout
            .lines()
            .filter(|l| !l.ends_with(" ok"))
            .take(120)
            .collect::<Vec<_>>()
            .join("\n"),
        stderr.lines().take(40).collect::<Vec<_>>().join("\n")
    );
}

/// One test, the versions in turn: they share a target dir, and cargo would
/// only make the second wait for the first's lock.
#[test]
fn whole_api_of_every_spec_version_generates_and_compiles_without_warnings() {
    let [oldest, between @ .., newest] = workspace_tests::UPSTREAM_VERSIONS;
    generate_and_compile(newest, "clippy");
    if let Some(api) = generate_and_compile(oldest, "build") {
        doc_tests(&api);
    }
    for version in between {
        if let Some(api) = WholeApi::generate(version) {
            eprintln!(
                "whole API {version}: {} operations, {} types, {} files, {} lines; generate \
                 {:.2?} (debug build), not compiled here",
                api.model.operations.len(),
                api.model.types.types.len(),
                api.files.len(),
                api.lines(),
                api.generate,
            );
        }
    }
}
