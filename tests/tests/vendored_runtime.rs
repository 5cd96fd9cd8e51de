//! The config's `runtime: vendored` keeps the runtime inside the generated
//! crate (one crate to ship): the tokens crate is generated that way into
//! `target/vendored-runtime` and must pass clippy without warnings and its
//! tests (the runtime's own unit and loopback tests, run through the copy,
//! and the README's examples).

use std::path::Path;
use std::process::Command;

#[test]
fn the_tokens_crate_with_a_vendored_runtime_builds_and_passes_its_tests() {
    let root = workspace_tests::root();
    let input = root.join("target/vendored-runtime-input");
    std::fs::create_dir_all(&input).expect("target/ is writable");
    let config = std::fs::read_to_string(root.join("spec/tokens.config.yaml"))
        .expect("spec/tokens.config.yaml reads");
    assert!(
        !config.contains("\nruntime:"),
        "the tokens config names no runtime mode"
    );
    std::fs::write(
        input.join("config.yaml"),
        format!("{config}\nruntime: vendored\n"),
    )
    .expect("config written");
    let out = root.join("target/vendored-runtime");
    let files = generator::pipeline::generate(
        &root.join("spec/tokens.yaml"),
        &input.join("config.yaml"),
        &root.join("templates"),
        &out,
    )
    .unwrap_or_else(|e| panic!("the vendored tokens crate generates: {e}"));

    // Every file of the runtime crate's `src/` is copied, `lib.rs` as `mod.rs`.
    let runtime_src = root.join("runtime/src");
    for entry in std::fs::read_dir(&runtime_src).expect("runtime/src lists") {
        let name = entry.expect("an entry").file_name();
        let name = name.to_string_lossy();
        let copied = if name == "lib.rs" { "mod.rs" } else { &name };
        let file = files
            .iter()
            .find(|f| f.path == Path::new("src/runtime").join(copied))
            .unwrap_or_else(|| panic!("src/runtime/{copied} is in the crate"));
        assert_eq!(
            file.contents,
            std::fs::read_to_string(runtime_src.join(&*name)).expect("reads"),
            "{name} is copied verbatim"
        );
    }
    let manifest = files
        .iter()
        .find(|f| f.path == Path::new("Cargo.toml"))
        .expect("Cargo.toml");
    assert!(
        !manifest.contents.contains("stripe-runtime"),
        "{}",
        manifest.contents
    );
    assert!(manifest.contents.contains("tracing = [\"dep:tracing\"]"));

    generator::output::write(&out, &files).expect("target/vendored-runtime is writable");
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).expect("Cargo.lock copies");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let run = |args: &[&str]| {
        let output = Command::new(&cargo)
            .args(args)
            .arg("--manifest-path")
            .arg(out.join("Cargo.toml"))
            .args(if args[0] == "clippy" {
                &["--all-targets", "--", "-D", "warnings"][..]
            } else {
                &[][..]
            })
            // The whole-API builds' target directory: the same dependencies, built once.
            .env("CARGO_TARGET_DIR", workspace_tests::whole_api::target_dir())
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "`cargo {}` fails on the vendored crate:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
                .lines()
                .rev()
                .take(80)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<Vec<_>>()
                .join("\n")
        );
    };
    run(&["clippy", "--offline", "--quiet"]);
    run(&["test", "--offline", "--quiet"]);
}
