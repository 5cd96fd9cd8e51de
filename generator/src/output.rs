//! Writing generated files to disk, and comparing them with what is there
//! (the drift check behind `cargo xtask codegen --check` and the test suite).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::emit::GeneratedFile;
use crate::error::{Error, Result};

/// One difference between the generated files and the output directory.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Drift {
    /// On disk with other contents.
    Changed(PathBuf),
    /// Generated but not on disk.
    Missing(PathBuf),
    /// On disk but no longer generated.
    Stale(PathBuf),
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Drift::Changed(p) => write!(f, "changed: {}", p.display()),
            Drift::Missing(p) => write!(f, "missing: {}", p.display()),
            Drift::Stale(p) => write!(f, "stale:   {}", p.display()),
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_owned(),
        source,
    }
}

/// Every file under `dir` (relative paths, sorted), skipping `target/`.
fn existing(dir: &Path) -> Result<BTreeSet<PathBuf>> {
    let mut out = BTreeSet::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_owned()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).map_err(io(&current))? {
            let entry = entry.map_err(io(&current))?;
            let path = entry.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "target") {
                    stack.push(path);
                }
            } else if let Ok(rel) = path.strip_prefix(dir) {
                out.insert(rel.to_owned());
            }
        }
    }
    Ok(out)
}

/// What differs between `files` and the directory `out`.
pub fn drift(out: &Path, files: &[GeneratedFile]) -> Result<Vec<Drift>> {
    let mut drifts = Vec::new();
    let mut on_disk = existing(out)?;
    for file in files {
        let path = out.join(&file.path);
        on_disk.remove(&file.path);
        match std::fs::read(&path) {
            Ok(bytes) if bytes == file.contents.as_bytes() => {}
            Ok(_) => drifts.push(Drift::Changed(file.path.clone())),
            Err(_) => drifts.push(Drift::Missing(file.path.clone())),
        }
    }
    drifts.extend(on_disk.into_iter().map(Drift::Stale));
    drifts.sort();
    Ok(drifts)
}

/// Make `out` hold exactly `files`: write what changed, delete what is stale.
/// Returns what it changed.
pub fn write(out: &Path, files: &[GeneratedFile]) -> Result<Vec<Drift>> {
    let drifts = drift(out, files)?;
    for d in &drifts {
        match d {
            Drift::Changed(rel) | Drift::Missing(rel) => {
                let path = out.join(rel);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(io(parent))?;
                }
                let file = files
                    .iter()
                    .find(|f| &f.path == rel)
                    .map(|f| f.contents.as_bytes())
                    .unwrap_or_default();
                std::fs::write(&path, file).map_err(io(&path))?;
            }
            Drift::Stale(rel) => {
                let path = out.join(rel);
                std::fs::remove_file(&path).map_err(io(&path))?;
            }
        }
    }
    Ok(drifts)
}
