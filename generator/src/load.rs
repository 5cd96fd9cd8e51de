//! Load an OpenAPI document (YAML or JSON) into `openapiv3` types.
//!
//! The source text is kept beside the parsed document so that errors found
//! later (an unresolved `$ref`, an unsupported construct) can name the YAML
//! line of the JSON pointer they are about.

use std::path::Path;

use openapiv3::OpenAPI;

use crate::error::{Error, Location, Result};

mod depth;
mod keys;

pub use depth::MAX_NESTING;

/// A parsed spec and the text it came from.
pub struct Spec {
    pub api: OpenAPI,
    /// Display name of the source (a path, or a label for in-memory text).
    pub file: String,
    source: String,
}

impl Spec {
    /// Read and parse the file at `path`.
    pub fn from_path(path: &Path) -> Result<Spec> {
        let source = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        Spec::from_str(source, &path.display().to_string())
    }

    /// Parse spec text; `file` names it in error messages.
    ///
    /// Three passes, each bounded: a linear scan for nesting deeper than
    /// [`MAX_NESTING`]; a walk that rejects duplicated keys and values JSON
    /// cannot hold (the input on which openapiv3 would panic); then openapiv3,
    /// with a panic there still turned into [`Error::ParserPanic`].
    pub fn from_str(source: String, file: &str) -> Result<Spec> {
        if let Some(line) = depth::too_deep(&source, MAX_NESTING) {
            return Err(Error::TooDeeplyNested {
                file: file.to_owned(),
                line,
                limit: MAX_NESTING,
            });
        }
        let yaml_error = |e: serde_yaml::Error| Error::Yaml {
            file: file.to_owned(),
            line: e.location().map(|l| l.line()),
            message: e.to_string(),
        };
        let checker = keys::Checker::default();
        if let Err(e) = checker.check(&source) {
            let line = e.location().map(|l| l.line());
            return Err(match checker.problem() {
                Some(keys::Problem::DuplicateKey { pointer, key }) => Error::DuplicateKey {
                    location: Location { pointer, line },
                    key,
                },
                Some(keys::Problem::NotJson { pointer, what }) => Error::NotJson {
                    location: Location { pointer, line },
                    what,
                },
                None => yaml_error(e),
            });
        }
        let parsed = std::panic::catch_unwind(|| serde_yaml::from_str::<OpenAPI>(&source));
        let api = match parsed {
            Ok(api) => api.map_err(yaml_error)?,
            Err(panic) => {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a panic".to_owned());
                return Err(Error::ParserPanic {
                    file: file.to_owned(),
                    message,
                });
            }
        };
        Ok(Spec {
            api,
            file: file.to_owned(),
            source,
        })
    }

    /// A [`Location`] for `pointer`, with its YAML line when it can be found.
    pub fn locate(&self, pointer: &str) -> Location {
        Location {
            pointer: pointer.to_owned(),
            line: line_of(&self.source, pointer),
        }
    }
}

/// Find the 1-based line where the node at a JSON pointer starts in block-style
/// YAML, by following keys (and `- ` list items for numeric segments) down
/// the indentation. Returns `None` when the text does not have that shape
/// (e.g. flow style or JSON input).
pub fn line_of(source: &str, pointer: &str) -> Option<usize> {
    // Normalise to (line number, indent, text), splitting `- key: v` into a
    // dash entry and a key entry two columns to the right.
    let mut entries: Vec<(usize, usize, &str)> = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut indent = line.len() - trimmed.len();
        let mut text = trimmed;
        while text == "-" || text.starts_with("- ") {
            entries.push((n + 1, indent, "-"));
            let rest = text[1..].trim_start();
            indent += text.len() - rest.len();
            text = rest;
            if text.is_empty() {
                break;
            }
        }
        if !text.is_empty() {
            entries.push((n + 1, indent, text));
        }
    }
    let mut start = 0usize;
    let mut parent_indent: isize = -1;
    let mut found = None;
    for seg in pointer.trim_start_matches('#').split('/').skip(1) {
        let seg = seg.replace("~1", "/").replace("~0", "~");
        let index: Option<usize> = seg.parse().ok();
        let mut child_indent = None;
        let mut item = 0usize;
        let mut hit = None;
        for (i, &(line, indent, text)) in entries.iter().enumerate().skip(start) {
            if (indent as isize) <= parent_indent {
                break;
            }
            if *child_indent.get_or_insert(indent) != indent {
                continue;
            }
            let matched = match index {
                Some(want) if text == "-" => {
                    item += 1;
                    item - 1 == want
                }
                _ => {
                    let key = text.split(':').next().unwrap_or("");
                    let bare = key.trim_matches(|c| c == '\'' || c == '"');
                    bare == seg && text.len() > key.len()
                }
            };
            if matched {
                hit = Some((i, line, indent));
                break;
            }
        }
        let (i, line, indent) = hit?;
        found = Some(line);
        start = i + 1;
        parent_indent = indent as isize;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "paths:\n  /v1/a:\n    post:\n      operationId: A\n      anyOf:\n        - type: string\n        - type: object\n          title: x\ncomponents:\n  schemas:\n    token:\n      type: object\n";

    #[test]
    fn finds_lines_of_pointers() {
        assert_eq!(line_of(DOC, "#/paths/~1v1~1a/post"), Some(3));
        assert_eq!(line_of(DOC, "#/components/schemas/token"), Some(11));
        assert_eq!(line_of(DOC, "#/paths/~1v1~1a/post/anyOf/1"), Some(7));
        assert_eq!(line_of(DOC, "#/paths/~1v1~1a/post/anyOf/1/title"), Some(8));
        assert_eq!(line_of(DOC, "#/paths/~1v1~1a/post/anyOf/0/type"), Some(6));
        assert_eq!(line_of(DOC, "#/components/schemas/nope"), None);
    }

    #[test]
    fn malformed_yaml_names_the_line() {
        let err = Spec::from_str("openapi: 3.0.0\ninfo: [\n".into(), "broken.yaml")
            .err()
            .unwrap();
        match err {
            Error::Yaml { line, .. } => assert!(line.is_some()),
            other => panic!("unexpected {other}"),
        }
    }
}
