//! Shared helpers for the workspace tests in `tests/`.

use std::path::PathBuf;

pub mod features;
pub mod import_graph;
pub mod mock_fixtures;
pub mod seeds;
pub mod stripe_mock;
#[cfg(feature = "v2-server")]
pub mod v2_server;
pub mod whole_api;

/// The repository's README: its examples are compiled as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct RootReadmeExamples;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace root")
        .to_owned()
}

/// The upstream spec versions in `../shared/upstream/`, oldest first.
pub const UPSTREAM_VERSIONS: [&str; 3] = ["2023-08-16", "2024-04-10", "2026-01-28"];

/// The newest upstream version: the one `spec/` follows and CI tests in full.
pub const NEWEST_VERSION: &str = UPSTREAM_VERSIONS[UPSTREAM_VERSIONS.len() - 1];

/// The spec file of each upstream version (YAML for 2023-08-16, JSON from 2024-04-10 on).
pub fn upstream_spec_file(version: &str) -> &'static str {
    if version == "2023-08-16" {
        "spec3.yaml"
    } else {
        "spec3.json"
    }
}

/// Where the newest upstream spec sits beside the workspace `root`, whether or not it is there:
/// the default of the xtask's whole-API commands, which say so when it is absent.
pub fn newest_spec_path(root: &std::path::Path) -> PathBuf {
    root.join("../shared/upstream")
        .join(format!("stripe-openapi-{NEWEST_VERSION}"))
        .join(upstream_spec_file(NEWEST_VERSION))
}

/// The upstream release `spec/tokens.yaml` follows (its `info.version` is this release's API
/// version): `tests/tests/model_fidelity.rs` holds `spec/` against this copy's `spec3.json`, and
/// `tests/tests/stripe_mock_tokens.rs` gives it to stripe-mock. Older copies stay for the
/// older-spec tests.
pub const SPEC_FOLLOWS: &str = "2026-01-28";

/// `../shared/upstream/stripe-openapi-2023-08-16/<file>` beside the repository,
/// or `None` (with a notice) when it is absent. Under `CI=true` absence fails.
pub fn upstream(file: &str) -> Option<PathBuf> {
    upstream_of("2023-08-16", file)
}

/// [`upstream`] for any version in `../shared/upstream/stripe-openapi-<version>/`.
pub fn upstream_of(version: &str, file: &str) -> Option<PathBuf> {
    shared(&format!("upstream/stripe-openapi-{version}/{file}"))
}

/// `../shared/<relative>` beside the repository, or `None` (with a notice)
/// when it is absent. Under `CI=true` absence fails.
pub fn shared(relative: &str) -> Option<PathBuf> {
    let path = root().join("../shared").join(relative);
    if path.exists() {
        return Some(path);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{} is missing, and CI=true requires it", path.display());
    }
    eprintln!("notice: {} is absent; skipping this test", path.display());
    None
}

/// The model of a spec file under a config file.
pub fn model_of(
    spec: &std::path::Path,
    config: &std::path::Path,
) -> generator::Result<generator::ir::Model> {
    let spec = generator::load::Spec::from_path(spec)?;
    let config = generator::config::Config::from_path(config)?;
    generator::model::build(&spec, &config)
}

/// The model of in-memory spec and config text.
pub fn model_of_str(spec: &str, config: &str) -> generator::Result<generator::ir::Model> {
    let spec = generator::load::Spec::from_str(spec.to_owned(), "test.yaml")?;
    let config = generator::config::Config::from_str(config, "test.config.yaml")?;
    generator::model::build(&spec, &config)
}

/// The tokens spec and config in `spec/`.
pub fn tokens_model() -> generator::ir::Model {
    let root = root();
    model_of(
        &root.join("spec/tokens.yaml"),
        &root.join("spec/tokens.config.yaml"),
    )
    .expect("spec/ builds")
}
