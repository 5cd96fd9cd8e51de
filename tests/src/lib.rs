//! Shared helpers for the workspace tests in `tests/`.

use std::path::PathBuf;

pub mod seeds;
pub mod stripe_mock;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace root")
        .to_owned()
}

/// `../shared/upstream/stripe-openapi-2023-08-16/<file>` beside the repository,
/// or `None` (with a notice) when it is absent. Under `CI=true` absence fails.
pub fn upstream(file: &str) -> Option<PathBuf> {
    let path = root()
        .join("../shared/upstream/stripe-openapi-2023-08-16")
        .join(file);
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
