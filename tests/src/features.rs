//! Feature subsets of a generated crate: its operation-group features, a
//! seeded sample of them, and `cargo check` of the crate with only a subset
//! enabled. Used by `tests/tests/full_api_features.rs` (a sample) and by
//! `cargo xtask features` (every group).

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
}

/// `cargo check --no-default-features --features <features>` of the crate at
/// `manifest`, building into `target_dir` (shared between calls, so the
/// dependencies are built once).
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
        ])
        .args(["--features", features, "--manifest-path"])
        .arg(manifest)
        .env("CARGO_TARGET_DIR", target_dir)
        // The profile of every other whole-API build (`whole_api::WholeApi::cargo`), so the
        // dependencies' metadata is shared.
        .env("CARGO_PROFILE_DEV_DEBUG", "false")
        .output();
    let failure = match output {
        Ok(out) if out.status.success() => None,
        Ok(out) => Some(
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .take(60)
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        Err(e) => Some(format!("cargo could not run: {e}")),
    };
    Checked {
        features: features.to_owned(),
        elapsed: started.elapsed(),
        failure,
    }
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
}
