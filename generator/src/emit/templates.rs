//! The hand-written parts: `Cargo.toml` and `README.md` filled from
//! `templates/crate/*.in`, and `templates/runtime/**` copied verbatim.

use std::path::{Path, PathBuf};

use super::features::Features;
use super::file::{emit_err, EmitOptions, GeneratedFile};
use crate::error::{Error, Result};
use crate::ir;

/// `Cargo.toml` (required template) and `README.md` (when its template exists).
/// `{{features}}` in `Cargo.toml.in` becomes the `[features]` entries.
pub(crate) fn crate_files(
    model: &ir::Model,
    opts: &EmitOptions,
    features: &Features,
) -> Result<Vec<GeneratedFile>> {
    let crate_dir = opts.templates_dir.join("crate");
    let cargo = read(&crate_dir.join("Cargo.toml.in"))?;
    let mut files = vec![GeneratedFile {
        path: PathBuf::from("Cargo.toml"),
        contents: fill(&cargo, model, opts, toml_escape).replace("{{features}}", &features.toml()),
    }];
    let readme_path = crate_dir.join("README.md.in");
    if readme_path.is_file() {
        let readme = read(&readme_path)?;
        files.push(GeneratedFile {
            path: PathBuf::from("README.md"),
            contents: fill(&readme, model, opts, str::to_owned),
        });
    }
    Ok(files)
}

/// Replaces `{{crate_name}}`, `{{crate_ident}}` (the name as Rust writes it in
/// paths: `stripe_full`), `{{crate_version}}`, `{{description}}`,
/// `{{api_version}}` and `{{event_objects}}`, each value passed through `escape` for the file's syntax.
pub(crate) fn fill(
    template: &str,
    model: &ir::Model,
    opts: &EmitOptions,
    escape: fn(&str) -> String,
) -> String {
    template
        .replace("{{crate_name}}", &escape(&opts.crate_name))
        .replace(
            "{{crate_ident}}",
            &escape(&opts.crate_name.replace('-', "_")),
        )
        .replace("{{crate_version}}", &escape(&opts.crate_version))
        .replace("{{description}}", &escape(&opts.description))
        .replace("{{api_version}}", &escape(&model.api.version))
        .replace("{{event_objects}}", &escape(&event_objects(model)))
}

/// The typed event objects, as `` `Token`, `Card` `` (or "none").
fn event_objects(model: &ir::Model) -> String {
    let variants = model
        .events
        .as_ref()
        .and_then(|e| model.types.get(&e.object))
        .and_then(|def| match &def.kind {
            ir::TypeKind::Union(ir::UnionDef::Tagged { variants }) => Some(variants),
            _ => None,
        });
    match variants {
        Some(v) if !v.is_empty() => v
            .iter()
            .map(|v| format!("`{}`", v.rust_name))
            .collect::<Vec<_>>()
            .join(", "),
        _ => "none".to_owned(),
    }
}

/// Escapes a value for a TOML basic string (`"..."`).
fn toml_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// Every file under `templates/runtime/`, as `src/runtime/<relative path>`,
/// sorted by path.
pub(crate) fn runtime_files(templates_dir: &Path) -> Result<Vec<GeneratedFile>> {
    let root = templates_dir.join("runtime");
    let mut relative = Vec::new();
    walk(&root, Path::new(""), &mut relative)?;
    relative.sort();
    if !relative.iter().any(|p| p == Path::new("mod.rs")) {
        return Err(emit_err(
            "src/runtime/mod.rs",
            format!("{} has no mod.rs", root.display()),
        ));
    }
    relative
        .into_iter()
        .map(|rel| {
            Ok(GeneratedFile {
                path: Path::new("src/runtime").join(&rel),
                contents: read(&root.join(&rel))?,
            })
        })
        .collect()
}

/// Collects the files below `dir` (paths relative to the walk's root).
fn walk(dir: &Path, prefix: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| io_err(dir, source))?;
    for entry in entries {
        let entry = entry.map_err(|source| io_err(dir, source))?;
        let file_type = entry
            .file_type()
            .map_err(|source| io_err(&entry.path(), source))?;
        let rel = prefix.join(entry.file_name());
        if file_type.is_dir() {
            walk(&entry.path(), &rel, out)?;
        } else {
            out.push(rel);
        }
    }
    Ok(())
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| io_err(path, source))
}

fn io_err(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_owned(),
        source,
    }
}
