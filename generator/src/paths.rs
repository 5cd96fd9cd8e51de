//! Lexical path arithmetic: the runtime crate's folder as a generated
//! crate's `Cargo.toml` names it (relative, `/`-separated), deterministic
//! whatever the machine's absolute paths.

use std::path::{Component, Path, PathBuf};

/// `path` made absolute (against the current directory) with `.` and `..`
/// resolved by their text, not by the file system (the folders need not
/// exist yet).
pub fn normalized(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_owned()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `to` relative to the folder `from`, with `/` between segments
/// (`../runtime`); `.` when they are the same folder.
pub fn relative(from: &Path, to: &Path) -> String {
    let (from, to) = (normalized(from), normalized(to));
    let from = from.components().collect::<Vec<_>>();
    let to = to.components().collect::<Vec<_>>();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let segments = std::iter::repeat("..".to_owned())
        .take(from.len() - common)
        .chain(
            to[common..]
                .iter()
                .map(|c| c.as_os_str().to_string_lossy().into_owned()),
        )
        .collect::<Vec<_>>();
    if segments.is_empty() {
        ".".to_owned()
    } else {
        segments.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative(Path::new("/r/generated"), Path::new("/r/runtime")),
            "../runtime"
        );
        assert_eq!(
            relative(
                Path::new("/r/target/whole-api/v1"),
                Path::new("/r/templates/../runtime")
            ),
            "../../../runtime"
        );
        assert_eq!(relative(Path::new("/r/x/./y"), Path::new("/r/x/y")), ".");
        assert_eq!(relative(Path::new("/r"), Path::new("/r/a/b")), "a/b");
    }
}
