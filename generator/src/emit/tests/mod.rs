//! Unit tests of the emitter, on hand-made models (see [`fixture`]).

mod api;
mod docs;
mod errors;
mod files;
mod fixture;
mod types;

use std::path::PathBuf;

/// Writes the fixture crate, with the real templates, to `$EMIT_CHECK_DIR`
/// (default `/tmp/emit-check`) as a standalone package, for
/// `cargo check`, `cargo clippy -- -D warnings` and `cargo test --doc` there.
/// `$EMIT_TEMPLATES` overrides the templates folder.
#[test]
#[ignore = "writes outside the target dir; run by hand for the compile check"]
fn write_check_crate() {
    let templates = std::env::var_os("EMIT_TEMPLATES").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../templates"),
        PathBuf::from,
    );
    let out = std::env::var_os("EMIT_CHECK_DIR")
        .map_or_else(|| PathBuf::from("/tmp/emit-check"), PathBuf::from);
    let files = crate::emit::emit_crate(&fixture::model(), &fixture::options(&templates)).unwrap();
    let _ = std::fs::remove_dir_all(out.join("src"));
    for f in &files {
        let path = out.join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut contents = f.contents.clone();
        if f.path == std::path::Path::new("Cargo.toml") {
            contents.push_str("\n[workspace]\n");
        }
        std::fs::write(path, contents).unwrap();
    }
}
