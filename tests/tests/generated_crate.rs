//! The generated crate: every spec-dependent file snapshotted (so a spec
//! change is reviewed as a diff), and the committed `generated/` checked
//! against a fresh generation (drift).

use std::path::PathBuf;

fn generate() -> Vec<generator::emit::GeneratedFile> {
    let root = workspace_tests::root();
    generator::pipeline::generate(
        &root.join("spec/tokens.yaml"),
        &root.join("spec/tokens.config.yaml"),
        &root.join("templates"),
        &root.join("generated"),
    )
    .expect("spec/ generates")
}

#[test]
fn generated_files_snapshots() {
    for file in generate() {
        // The runtime is copied from templates/ verbatim; it is reviewed there.
        if file.path.starts_with("src/runtime") {
            continue;
        }
        let name = file.path.display().to_string().replace(['/', '.'], "_");
        insta::assert_snapshot!(name, file.contents);
    }
}

#[test]
fn generation_is_byte_identical_across_runs() {
    let (a, b) = (generate(), generate());
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.path, y.path);
        assert!(
            x.contents == y.contents,
            "{} differs between runs",
            x.path.display()
        );
    }
}

#[test]
fn committed_crate_is_current() {
    let out: PathBuf = workspace_tests::root().join("generated");
    let drift = generator::output::drift(&out, &generate()).expect("generated/ is readable");
    let list: Vec<String> = drift.iter().map(ToString::to_string).collect();
    assert!(
        drift.is_empty(),
        "generated/ is stale; run `cargo xtask codegen`:\n{}",
        list.join("\n")
    );
}

/// The README's API v2 section shows the generated crate's own v2 section (compiled by
/// `v2_conformance` in the whole-API crate), with `stripe_full` for the crate and `ignore` for
/// `no_run` (this README's doc tests build against the tokens crate).
#[test]
fn readme_v2_examples_are_the_compiled_ones() {
    let root = workspace_tests::root();
    let template = std::fs::read_to_string(root.join("templates/crate/README.v2.md.in"))
        .expect("the v2 README template reads");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md reads");
    let blocks = |text: &str| -> Vec<String> {
        text.split("```")
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    };
    let expected: Vec<String> = blocks(&template)
        .iter()
        .map(|b| {
            b.replace("{{crate_ident}}", "stripe_full")
                .replacen("rust,no_run", "rust,ignore", 1)
        })
        .collect();
    let start = readme
        .find("## Stripe API v2")
        .expect("the README has an API v2 section");
    let end = readme[start..]
        .find("\n## ")
        .map_or(readme.len(), |i| start + i);
    assert!(!expected.is_empty());
    assert_eq!(blocks(&readme[start..end]), expected);
}
