//! The whole-API crate of each upstream spec, shared by every test that
//! compiles it: generated with `spec/full-api.config.yaml` into
//! `target/whole-api/<version>`, built in `target/full-api-target` without
//! debug info. Cargo tells packages apart by their path, so one directory per
//! version means one library build per version however many tests use it
//! (decoding, stripe-mock conformance, webhook events, warnings); each test
//! adds what it runs (an example, an integration test) with [`WholeApi::write`].
//! The generator writes only files that changed, so a test finding the crate
//! already generated and built rebuilds only its own additions.

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::emit::GeneratedFile;

/// The whole-API crate of one upstream version, generated.
pub struct WholeApi {
    pub version: &'static str,
    /// The upstream spec it was generated from.
    pub spec: PathBuf,
    /// Where the crate is (its `Cargo.toml`).
    pub dir: PathBuf,
    pub model: generator::ir::Model,
    /// The generated files (crate and exerciser), before a test's additions.
    pub files: Vec<GeneratedFile>,
    /// Generating took this long (model and emission).
    pub generate: std::time::Duration,
}

/// The target directory every whole-API build shares.
pub fn target_dir() -> PathBuf {
    crate::root().join("target/full-api-target")
}

impl WholeApi {
    /// Generates the crate of `version` (one of [`crate::UPSTREAM_VERSIONS`]),
    /// or `None` with a notice when the upstream spec is absent (a failure
    /// under `CI=true`). Nothing is written yet: see [`WholeApi::write`].
    pub fn generate(version: &'static str) -> Option<WholeApi> {
        let spec = crate::upstream_of(version, crate::upstream_spec_file(version))?;
        let root = crate::root();
        let started = std::time::Instant::now();
        let (model, config) =
            generator::pipeline::model(&spec, &root.join("spec/full-api.config.yaml"))
                .unwrap_or_else(|e| panic!("the whole API of {version} builds its model: {e}"));
        let dir = root.join("target/whole-api").join(version);
        let files = generator::pipeline::emit(&model, &config, &root.join("templates"), &dir)
            .unwrap_or_else(|e| panic!("the whole API of {version} emits: {e}"));
        Some(WholeApi {
            version,
            spec,
            dir,
            model,
            files,
            generate: started.elapsed(),
        })
    }

    /// Writes the crate with `extra` files (relative paths) and the
    /// workspace's `Cargo.lock` (the versions already downloaded). A file
    /// another test added and this one does not is removed.
    pub fn write(&self, extra: Vec<GeneratedFile>) {
        let mut files = self.files.clone();
        files.extend(extra);
        files.push(GeneratedFile {
            path: "Cargo.lock".into(),
            contents: std::fs::read_to_string(crate::root().join("Cargo.lock"))
                .expect("Cargo.lock reads"),
        });
        generator::output::write(&self.dir, &files)
            .unwrap_or_else(|e| panic!("{} is writable: {e}", self.dir.display()));
    }

    /// `cargo <args> --manifest-path <crate>` offline, in the shared target
    /// directory, without debug info (the crate is large and nothing here is
    /// debugged; every whole-API build uses the same profile, so they share).
    pub fn cargo(&self, args: &[&str]) -> Command {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let mut command = Command::new(cargo);
        let (before, after) = match args.iter().position(|a| *a == "--") {
            Some(at) => args.split_at(at),
            None => (args, &[][..]),
        };
        command
            .args(before)
            .arg("--offline")
            .arg("--manifest-path")
            .arg(self.manifest())
            .args(after)
            .env("CARGO_TARGET_DIR", target_dir())
            .env("CARGO_PROFILE_DEV_DEBUG", "false");
        command
    }

    pub fn manifest(&self) -> PathBuf {
        self.dir.join("Cargo.toml")
    }

    /// A built example of the crate.
    pub fn example(&self, name: &str) -> PathBuf {
        target_dir().join("debug/examples").join(name)
    }

    /// Lines of source the crate has.
    pub fn lines(&self) -> usize {
        self.files.iter().map(|f| f.contents.lines().count()).sum()
    }
}

/// A generated file at `path` (relative to the crate) holding `contents`.
pub fn file(path: impl AsRef<Path>, contents: String) -> GeneratedFile {
    GeneratedFile {
        path: path.as_ref().to_owned(),
        contents,
    }
}
