//! The hand-written parts: `Cargo.toml` and `README.md` filled from
//! `templates/crate/*.in`, and, with `runtime: vendored`, the runtime crate's
//! `src/**` copied verbatim into `src/runtime/`.

use std::path::{Path, PathBuf};

use super::features::Features;
use super::file::{emit_err, EmitOptions, GeneratedFile};
use crate::config::RuntimeMode;
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
    let runtime = RuntimeToml::of(opts)?;
    let mut files = vec![GeneratedFile {
        path: PathBuf::from("Cargo.toml"),
        contents: fill(&cargo, model, opts, toml_escape)
            .replace("{{features}}", &features.toml())
            .replace("{{runtime_features}}", &runtime.features)
            .replace("{{dependencies}}", &runtime.dependencies)
            .replace("{{dev_dependencies}}", &runtime.dev_dependencies),
    }];
    let readme_path = crate_dir.join("README.md.in");
    if readme_path.is_file() {
        let readme = read(&readme_path)?;
        // `{{api_v2}}`: the API v2 section (`README.v2.md.in`), only in a
        // crate with v2 operations (its examples name them).
        let v2_path = crate_dir.join("README.v2.md.in");
        let has_v2 = model.operations.iter().any(|op| op.namespace.is_v2());
        let v2 = if has_v2 && v2_path.is_file() {
            read(&v2_path)?
        } else {
            String::new()
        };
        files.push(GeneratedFile {
            path: PathBuf::from("README.md"),
            contents: fill(
                &readme.replace("{{api_v2}}", &v2),
                model,
                opts,
                str::to_owned,
            ),
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

/// The runtime's part of the generated `Cargo.toml`: the runtime's features
/// and the `[dependencies]` and `[dev-dependencies]` entries.
struct RuntimeToml {
    features: String,
    dependencies: String,
    dev_dependencies: String,
}

impl RuntimeToml {
    /// A dependency on the runtime crate (its exact version), or, vendored,
    /// the runtime crate's own dependency sections copied: one list of the
    /// runtime's dependencies, in `runtime/Cargo.toml`.
    fn of(opts: &EmitOptions) -> Result<Self> {
        let manifest_path = opts.runtime_dir.join("Cargo.toml");
        let manifest = read(&manifest_path)?;
        let missing = |what: &str| {
            emit_err(
                "Cargo.toml",
                format!("{} has no {what}", manifest_path.display()),
            )
        };
        Ok(match opts.runtime {
            RuntimeMode::Crate => {
                let name = package_value(&manifest, "name").ok_or_else(|| missing("name"))?;
                let version =
                    package_value(&manifest, "version").ok_or_else(|| missing("version"))?;
                let features =
                    section(&manifest, "features").ok_or_else(|| missing("[features]"))?;
                RuntimeToml {
                    features: forwarded_features(&features, &name),
                    dependencies: format!(
                        "# The hand-written runtime (HTTP, retries, errors, form encoding, webhooks): \
                         the exact\n# version this crate was generated against.\n\
                         {name} = {{ version = \"={version}\", path = \"{}\" }}\n\
                         serde = {{ version = \"1\", features = [\"derive\"] }}\n\
                         serde_json = \"1\"\n",
                        toml_escape(&opts.runtime_path)
                    ),
                    dev_dependencies: "tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n\
                         # `TryStreamExt` over a `Paginator` in examples.\n\
                         futures-util = \"0.3\"\n"
                        .to_owned(),
                }
            }
            RuntimeMode::Vendored => RuntimeToml {
                features: section(&manifest, "features").ok_or_else(|| missing("[features]"))?,
                dependencies: section(&manifest, "dependencies")
                    .ok_or_else(|| missing("[dependencies]"))?,
                dev_dependencies: section(&manifest, "dev-dependencies")
                    .ok_or_else(|| missing("[dev-dependencies]"))?,
            },
        })
    }
}

/// The runtime's `[features]` table with each feature forwarded to the
/// runtime crate (`tracing = ["stripe-runtime/tracing"]`), comments kept.
fn forwarded_features(features: &str, runtime: &str) -> String {
    let mut out = String::new();
    for line in features.lines() {
        match line.split_once('=') {
            Some((name, _)) if !line.trim_start().starts_with('#') => {
                let name = name.trim();
                out.push_str(&format!("{name} = [\"{runtime}/{name}\"]\n"));
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// `key = "value"` of the `[package]` table.
fn package_value(manifest: &str, key: &str) -> Option<String> {
    let package = section(manifest, "package")?;
    package.lines().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        (k.trim() == key).then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// The lines of table `[name]`, up to the next table, without trailing
/// blank lines.
fn section(manifest: &str, name: &str) -> Option<String> {
    let header = format!("[{name}]");
    let mut lines = manifest.lines().skip_while(|l| l.trim() != header);
    lines.next()?;
    let body = lines
        .take_while(|l| !l.trim_start().starts_with('['))
        .collect::<Vec<_>>();
    let mut text = body.join("\n").trim_end().to_owned();
    text.push('\n');
    Some(text)
}

/// Every file under the runtime crate's `src/`, as `src/runtime/<relative
/// path>` (`lib.rs` as `mod.rs`), sorted by path.
pub(crate) fn runtime_files(runtime_dir: &Path) -> Result<Vec<GeneratedFile>> {
    let root = runtime_dir.join("src");
    let mut relative = Vec::new();
    walk(&root, Path::new(""), &mut relative)?;
    if !relative.iter().any(|p| p == Path::new("lib.rs")) {
        return Err(emit_err(
            "src/runtime/mod.rs",
            format!("{} has no lib.rs", root.display()),
        ));
    }
    let mut files = relative
        .into_iter()
        .map(|rel| {
            let target = if rel == Path::new("lib.rs") {
                PathBuf::from("mod.rs")
            } else {
                rel.clone()
            };
            Ok(GeneratedFile {
                path: Path::new("src/runtime").join(&target),
                contents: read(&root.join(&rel))?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
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
