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

/// What [`write`] did to the output directory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Files that were not there before.
    pub new: Vec<PathBuf>,
    /// Files that were there with other contents.
    pub changed: Vec<PathBuf>,
    /// Files left as they were.
    pub unchanged: usize,
    /// Files no longer generated, deleted.
    pub removed: Vec<PathBuf>,
}

/// Up to this many changed or removed files are named in [`Written::summary`]
/// (a spec update's handful); more are only counted.
const NAMED: usize = 10;

impl Written {
    /// One line of counts (`1648 files: 1648 new, 0 changed, 0 unchanged`),
    /// then the changed and removed files when there are few of them (new
    /// files are only counted: a first run makes all of them).
    pub fn summary(&self) -> String {
        let total = self.new.len() + self.changed.len() + self.unchanged;
        let mut out = format!(
            "{total} files: {} new, {} changed, {} unchanged",
            self.new.len(),
            self.changed.len(),
            self.unchanged
        );
        if !self.removed.is_empty() {
            out.push_str(&format!(", {} removed", self.removed.len()));
        }
        for (what, list) in [("changed", &self.changed), ("removed", &self.removed)] {
            if !list.is_empty() && list.len() <= NAMED {
                for path in list {
                    out.push_str(&format!("\n  {what}: {}", path.display()));
                }
            }
        }
        out
    }
}

/// Make `out` hold exactly `files`: write what changed, delete what is stale.
/// Returns what it did.
pub fn write(out: &Path, files: &[GeneratedFile]) -> Result<Written> {
    let drifts = drift(out, files)?;
    let mut written = Written {
        unchanged: files.len(),
        ..Written::default()
    };
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
                written.unchanged -= 1;
                if matches!(d, Drift::Changed(_)) {
                    written.changed.push(rel.clone());
                } else {
                    written.new.push(rel.clone());
                }
            }
            Drift::Stale(rel) => {
                let path = out.join(rel);
                std::fs::remove_file(&path).map_err(io(&path))?;
                written.removed.push(rel.clone());
            }
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: PathBuf::from(path),
            contents: contents.to_owned(),
        }
    }

    #[test]
    fn write_counts_new_changed_unchanged_and_removed() {
        let dir = std::env::temp_dir().join(format!("output-write-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let first = [file("a.rs", "a"), file("src/b.rs", "b"), file("c.rs", "c")];
        let written = write(&dir, &first).unwrap();
        assert_eq!(written.new.len(), 3);
        assert_eq!((written.changed.len(), written.unchanged), (0, 0));
        assert_eq!(
            written.summary(),
            "3 files: 3 new, 0 changed, 0 unchanged",
            "a first run names no file"
        );
        let second = [file("a.rs", "a"), file("src/b.rs", "B"), file("d.rs", "d")];
        let written = write(&dir, &second).unwrap();
        assert_eq!(written.new, [PathBuf::from("d.rs")]);
        assert_eq!(written.changed, [PathBuf::from("src/b.rs")]);
        assert_eq!(written.removed, [PathBuf::from("c.rs")]);
        assert_eq!(written.unchanged, 1);
        assert_eq!(
            written.summary(),
            "3 files: 1 new, 1 changed, 1 unchanged, 1 removed\n  changed: src/b.rs\n  removed: c.rs"
        );
        assert!(drift(&dir, &second).unwrap().is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
