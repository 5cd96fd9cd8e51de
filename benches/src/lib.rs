//! What the benches in `benches/benches/` share: paths to their inputs (upstream fixtures), the
//! floors (plain serde structs, [`floor`]), the loopback HTTP server of `request_overhead`
//! ([`loopback`]) and the paired ratio measurement ([`paired`]).
//!
//! Run the benches with `cargo bench` (see BENCHMARKS.md); CI only compiles them
//! (`cargo clippy --workspace --all-targets`). Nothing here is timed in tests.

use std::path::PathBuf;

pub mod floor;
pub mod loopback;
pub mod paired;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("benches/ sits in the workspace root")
        .to_owned()
}

/// `../shared/upstream/stripe-openapi-2023-08-16/<file>` beside the workspace, or `None` after
/// printing a notice when it is absent (the benches that need it are then skipped).
pub fn upstream(file: &str) -> Option<PathBuf> {
    let path = root()
        .join("../shared/upstream/stripe-openapi-2023-08-16")
        .join(file);
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "notice: {} is absent; skipping the benches that need it",
            path.display()
        );
        None
    }
}

/// The upstream spec's `fixtures3.json`, parsed, when present.
pub fn upstream_fixtures() -> Option<serde_json::Value> {
    let path = upstream("fixtures3.json")?;
    let text = std::fs::read_to_string(&path).expect("fixtures3.json is readable");
    Some(serde_json::from_str(&text).expect("fixtures3.json is JSON"))
}

/// The JSON of a `token` object wrapping a card: the upstream `token` fixture as it is.
pub fn card_token_json(fixtures: &serde_json::Value) -> String {
    fixtures["resources"]["token"].to_string()
}

/// The JSON of a `token` object wrapping a bank account: the upstream `token` fixture with its
/// `card` replaced by the upstream `bank_account` fixture, and `type: bank_account`.
pub fn bank_account_token_json(fixtures: &serde_json::Value) -> String {
    let mut token = fixtures["resources"]["token"].clone();
    let object = token
        .as_object_mut()
        .expect("the token fixture is an object");
    object.remove("card");
    object.insert(
        "bank_account".to_owned(),
        fixtures["resources"]["bank_account"].clone(),
    );
    object.insert("type".to_owned(), "bank_account".into());
    object.insert("id".to_owned(), "tok_1NnmX8GPxmnHQRkJbAnK0001".into());
    token.to_string()
}
