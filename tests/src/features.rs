//! Feature subsets of a generated crate: its operation-group features, a
//! seeded sample of them, and `cargo check` of the crate with only a subset
//! enabled. Used by `tests/tests/full_api_features.rs` (a sample) and by
//! `cargo xtask features` (every group).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// The operation-group features of a generated crate's `Cargo.toml`: the
/// entries of its `[features]` table that enable nothing else (`name = []`),
/// in file order (the generator writes them sorted). `default`, `full` and
/// the runtime's features (`tracing = ["dep:tracing"]`) are not groups.
pub fn groups(manifest_text: &str) -> Vec<String> {
    let mut in_features = false;
    let mut out = Vec::new();
    for line in manifest_text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_features = line == "[features]";
            continue;
        }
        if !in_features {
            continue;
        }
        if let Some((name, list)) = line.split_once('=') {
            let name = name.trim();
            if !name.is_empty() && list.trim() == "[]" {
                out.push(name.to_owned());
            }
        }
    }
    out
}

/// `n` distinct groups picked by `seed` (all of them when `n` is larger):
/// the same seed always picks the same ones, in the order of `groups`.
pub fn sample(groups: &[String], n: usize, seed: u64) -> Vec<String> {
    let mut state = seed;
    let mut picked: Vec<usize> = Vec::new();
    let mut left: Vec<usize> = (0..groups.len()).collect();
    while picked.len() < n && !left.is_empty() {
        let at = (splitmix64(&mut state) % left.len() as u64) as usize;
        picked.push(left.swap_remove(at));
    }
    picked.sort_unstable();
    picked.into_iter().map(|i| groups[i].clone()).collect()
}

/// One step of SplitMix64: a small, well-mixed generator for picking samples.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// What `cargo check` said of one feature subset.
#[derive(Debug)]
pub struct Checked {
    /// The features, comma-separated, as passed to `--features`.
    pub features: String,
    pub elapsed: Duration,
    /// `None` when it compiled; else the first lines cargo printed.
    pub failure: Option<String>,
    /// Bytes of the crate's own artifacts of this subset, removed after the check.
    pub removed_bytes: u64,
}

/// `cargo check --no-default-features --features <features>` of the crate at
/// `manifest`, building into `target_dir` (shared between calls, so the
/// dependencies are built once). Incremental compilation is off, and the
/// artifacts of the crate itself that this check produced (its metadata and
/// fingerprint: each feature subset is another build of the crate, with a hash
/// of its own) are removed afterwards, so checking every group takes the space
/// of one check, not one per group. Only files carrying that hash are removed:
/// other builds sharing the directory keep theirs.
pub fn check(manifest: &Path, target_dir: &Path, features: &str) -> Checked {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let started = Instant::now();
    let output = Command::new(cargo)
        .args([
            "check",
            "--offline",
            "--quiet",
            "--lib",
            "--no-default-features",
            "--message-format=json-render-diagnostics",
        ])
        .args(["--features", features, "--manifest-path"])
        .arg(manifest)
        .env("CARGO_TARGET_DIR", target_dir)
        // The profile of every other whole-API build (`whole_api::WholeApi::cargo`), so the
        // dependencies' metadata is shared.
        .env("CARGO_PROFILE_DEV_DEBUG", "false")
        .env("CARGO_INCREMENTAL", "0")
        .output();
    let elapsed = started.elapsed();
    let (mut failure, stdout) = match output {
        Ok(out) => (
            (!out.status.success()).then(|| {
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .take(60)
                    .collect::<Vec<_>>()
                    .join("\n")
            }),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        ),
        Err(e) => (Some(format!("cargo could not run: {e}")), String::new()),
    };
    let mut removed_bytes = 0;
    match std::fs::read_to_string(manifest)
        .ok()
        .as_deref()
        .and_then(package_name)
    {
        Some(package) => {
            for hash in own_hashes(&stdout, &package) {
                match remove_build(&target_dir.join("debug"), &package, &hash) {
                    Ok(bytes) => removed_bytes += bytes,
                    Err(e) => {
                        failure = Some(format!(
                            "removing the artifacts of --features {features}: {e}"
                        ))
                    }
                }
            }
        }
        None => failure = Some(format!("{} names no package", manifest.display())),
    }
    Checked {
        features: features.to_owned(),
        elapsed,
        failure,
        removed_bytes,
    }
}

/// The `name` of the `[package]` table of a manifest.
pub fn package_name(manifest_text: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest_text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            if let Some(("name", value)) = line.split_once('=').map(|(k, v)| (k.trim(), v)) {
                return Some(value.trim().trim_matches('"').to_owned());
            }
        }
    }
    None
}

/// The hashes of `package`'s own library artifacts (`lib<crate>-<hash>.rmeta`)
/// named in cargo's JSON messages.
pub fn own_hashes(messages: &str, package: &str) -> BTreeSet<String> {
    let prefix = format!("/lib{}-", package.replace('-', "_"));
    let mut out = BTreeSet::new();
    for line in messages.lines() {
        let mut rest = line;
        while let Some(at) = rest.find(&prefix) {
            rest = &rest[at + prefix.len()..];
            let hash: String = rest
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            if !hash.is_empty() && rest[hash.len()..].starts_with('.') {
                out.insert(hash);
            }
        }
    }
    out
}

/// Removes one build of `package` (the files of `deps` ending in `-<hash>.*`
/// and its `.fingerprint` directory); returns the bytes freed.
fn remove_build(debug: &Path, package: &str, hash: &str) -> std::io::Result<u64> {
    let krate = package.replace('-', "_");
    let mut doomed = vec![debug.join(".fingerprint").join(format!("{package}-{hash}"))];
    for entry in std::fs::read_dir(debug.join("deps"))? {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let stem = name.split('.').next().unwrap_or_default();
        if stem == format!("lib{krate}-{hash}") || stem == format!("{krate}-{hash}") {
            doomed.push(path);
        }
    }
    let mut bytes = 0;
    for path in doomed {
        if !path.exists() {
            continue;
        }
        bytes += size_of(&path)?;
        if path.is_dir() {
            std::fs::remove_dir_all(&path)?;
        } else {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(bytes)
}

fn size_of(path: &Path) -> std::io::Result<u64> {
    let meta = std::fs::symlink_metadata(path)?;
    if !meta.is_dir() {
        return Ok(meta.len());
    }
    let mut total = 0;
    for entry in std::fs::read_dir(path)? {
        total += size_of(&entry?.path())?;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = "[package]\nname = \"x\"\n\n[features]\ndefault = [\"full\", \"tracing\"]\nfull = [\"a\", \"b\", \"c\"]\ntracing = [\"dep:tracing\"]\na = []\nb = []\nc = []\n\n[dependencies]\nserde = \"1\"\n";

    #[test]
    fn groups_are_the_features_that_enable_nothing_else() {
        assert_eq!(groups(MANIFEST), ["a", "b", "c"]);
    }

    #[test]
    fn a_sample_is_distinct_sorted_and_repeatable() {
        let all = groups(MANIFEST);
        let first = sample(&all, 2, 7);
        assert_eq!(first.len(), 2);
        assert_ne!(first[0], first[1]);
        assert!(first
            .windows(2)
            .all(|w| all.iter().position(|g| g == &w[0]) < all.iter().position(|g| g == &w[1])));
        assert_eq!(first, sample(&all, 2, 7));
        assert_eq!(sample(&all, 10, 7), all);
        // Different seeds reach different samples.
        let seen: std::collections::BTreeSet<Vec<String>> =
            (0..20).map(|seed| sample(&all, 1, seed)).collect();
        assert!(seen.len() > 1);
    }

    #[test]
    fn the_package_name_is_read_from_the_package_table() {
        assert_eq!(package_name(MANIFEST).as_deref(), Some("x"));
        assert_eq!(
            package_name("[dependencies]\nname = \"y\"\n[package]\nname = \"stripe-full\"\n")
                .as_deref(),
            Some("stripe-full")
        );
        assert_eq!(package_name("[workspace]\n"), None);
    }

    #[test]
    fn own_hashes_are_read_from_the_artifact_messages() {
        let messages = concat!(
            r#"{"reason":"compiler-artifact","filenames":["/t/debug/deps/libserde-0a1b.rmeta"]}"#,
            "\n",
            r#"{"reason":"compiler-artifact","filenames":["/t/debug/deps/libstripe_full-9f3e2d.rmeta"]}"#,
            "\n",
            r#"{"reason":"build-finished","success":true}"#,
        );
        let hashes: Vec<String> = own_hashes(messages, "stripe-full").into_iter().collect();
        assert_eq!(hashes, ["9f3e2d"]);
        assert!(own_hashes(messages, "other").is_empty());
    }
}
