//! What `cargo xtask compile-time --versus` compares, printed before its table: each side's Stripe
//! API version, its crates and their lines of Rust. Ours are read from the generated crate and
//! `runtime/`; async-stripe's crates are found with `cargo metadata` (the registry's copies cargo
//! builds), and its API version is the one async-stripe-shared pins (`src/version.rs`). A leaf:
//! `compile_versus.rs` uses it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::cargo_build::cargo_program;

/// Where async-stripe pins the API version it was generated from.
const THEIR_VERSION_FILE: &str = "src/version.rs";
const THEIR_SHARED_CRATE: &str = "async-stripe-shared";

/// A crate built in every case, and its lines of Rust.
struct Crate {
    name: String,
    lines: u64,
}

/// The two lines describing both sides. `ours` is the generated whole-API crate's folder (package
/// `our_package`), `theirs` the scratch package depending on async-stripe's crates at
/// `their_release`.
pub(crate) fn describe(
    root: &Path,
    ours: &Path,
    our_package: &str,
    our_version: &str,
    theirs: &Path,
    their_release: &str,
) -> Result<String> {
    let our_crates = vec![
        crate_of(our_package, ours)?,
        crate_of("stripe-runtime", &root.join("runtime"))?,
    ];
    let their_dirs = their_crates(theirs)?;
    let mut their_crates = Vec::with_capacity(their_dirs.len());
    for (name, dir) in &their_dirs {
        their_crates.push(crate_of(name, dir)?);
    }
    let Some((_, shared)) = their_dirs.iter().find(|(n, _)| n == THEIR_SHARED_CRATE) else {
        bail!(
            "{THEIR_SHARED_CRATE} is not among async-stripe's crates in {}",
            theirs.display()
        );
    };
    let their_version = pinned_version(&shared.join(THEIR_VERSION_FILE))?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nours: Stripe API {our_version}, {}",
        crates_line(&our_crates)
    );
    let _ = writeln!(
        out,
        "async-stripe {their_release}: Stripe API {their_version}, {}",
        crates_line(&their_crates)
    );
    Ok(out)
}

fn crates_line(crates: &[Crate]) -> String {
    let total: u64 = crates.iter().map(|c| c.lines).sum();
    let each: Vec<String> = crates
        .iter()
        .map(|c| format!("{} {}", c.name, thousands(c.lines)))
        .collect();
    format!(
        "{} crate(s), {} lines of Rust ({})",
        crates.len(),
        thousands(total),
        each.join(", ")
    )
}

fn crate_of(name: &str, dir: &Path) -> Result<Crate> {
    Ok(Crate {
        name: name.to_owned(),
        lines: rust_lines(&dir.join("src"))?,
    })
}

/// Every package of the scratch package's graph whose name starts with `async-stripe`, with its
/// folder, sorted by name.
fn their_crates(theirs: &Path) -> Result<Vec<(String, PathBuf)>> {
    let output = Command::new(cargo_program())
        .current_dir(theirs)
        .args(["metadata", "--format-version", "1"])
        .output()
        .context("running cargo metadata")?;
    if !output.status.success() {
        bail!(
            "`cargo metadata` in {} failed:\n{}",
            theirs.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).context("reading cargo metadata's JSON")?;
    let Some(packages) = metadata["packages"].as_array() else {
        bail!("cargo metadata's JSON has no `packages` array");
    };
    let mut crates = Vec::new();
    for (i, package) in packages.iter().enumerate() {
        let (Some(name), Some(manifest)) =
            (package["name"].as_str(), package["manifest_path"].as_str())
        else {
            bail!("cargo metadata: /packages/{i} has no `name` or `manifest_path`");
        };
        if !name.starts_with("async-stripe") || name == "async-stripe-compile-time" {
            continue;
        }
        let Some(dir) = Path::new(manifest).parent() else {
            bail!("cargo metadata: /packages/{i}/manifest_path `{manifest}` has no folder");
        };
        crates.push((name.to_owned(), dir.to_owned()));
    }
    crates.sort();
    if crates.is_empty() {
        bail!(
            "cargo metadata in {} lists no async-stripe crate",
            theirs.display()
        );
    }
    Ok(crates)
}

/// The API version in `pub const VERSION: crate::ApiVersion = crate::ApiVersion::V2026_09_30_endive;`
/// as Stripe writes it: `2026-09-30.endive`.
fn pinned_version(file: &Path) -> Result<String> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let variant = text
        .split("ApiVersion::V")
        .nth(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|v| !v.is_empty());
    let Some(variant) = variant else {
        bail!("{}: no `ApiVersion::V...` found", file.display());
    };
    version_of_variant(&variant).with_context(|| {
        format!(
            "{}: `V{variant}` is not `V<yyyy>_<mm>_<dd>[_<name>]`",
            file.display()
        )
    })
}

/// `2026_09_30_endive` → `2026-09-30.endive`; `2020_08_27` → `2020-08-27`.
fn version_of_variant(variant: &str) -> Option<String> {
    let mut parts = variant.splitn(4, '_');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(year, 4) && digits(month, 2) && digits(day, 2)) {
        return None;
    }
    Some(match parts.next() {
        Some(name) if !name.is_empty() => format!("{year}-{month}-{day}.{name}"),
        Some(_) => return None,
        None => format!("{year}-{month}-{day}"),
    })
}

/// Lines of every `.rs` file under `dir`, walked with a stack (no recursion).
fn rust_lines(dir: &Path) -> Result<u64> {
    let mut lines = 0;
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        let entries =
            std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
            let path = entry.path();
            let kind = entry
                .file_type()
                .with_context(|| format!("reading {}", path.display()))?;
            if kind.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let bytes =
                    std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
                lines += bytes.iter().filter(|b| **b == b'\n').count() as u64;
            }
        }
    }
    Ok(lines)
}

/// `432965` → `432,965`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_api_version_variant_reads_as_stripe_writes_it() {
        assert_eq!(
            version_of_variant("2026_09_30_endive").as_deref(),
            Some("2026-09-30.endive")
        );
        assert_eq!(
            version_of_variant("2020_08_27").as_deref(),
            Some("2020-08-27")
        );
        for wrong in [
            "",
            "2026_09",
            "26_09_30",
            "2026_9_30",
            "2026_09_30_",
            "x_09_30_a",
        ] {
            assert_eq!(version_of_variant(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn the_pinned_version_is_found_in_the_file() {
        let dir = std::env::temp_dir().join(format!("compile-sides-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("src/inner")).unwrap();
        let file = dir.join("src/version.rs");
        std::fs::write(
            &file,
            "pub const VERSION: crate::ApiVersion = crate::ApiVersion::V2026_09_30_endive;\n",
        )
        .unwrap();
        assert_eq!(pinned_version(&file).unwrap(), "2026-09-30.endive");
        std::fs::write(&file, "pub const VERSION: &str = \"2026-09-30\";\n").unwrap();
        let error = format!("{:#}", pinned_version(&file).unwrap_err());
        assert!(error.contains("no `ApiVersion::V"), "{error}");
        // Lines are counted in every `.rs` file under `src/`, nested ones too, and nothing else.
        std::fs::write(dir.join("src/inner/a.rs"), "a\nb\n").unwrap();
        std::fs::write(dir.join("src/notes.md"), "x\ny\nz\n").unwrap();
        assert_eq!(rust_lines(&dir.join("src")).unwrap(), 3);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(432_965), "432,965");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
