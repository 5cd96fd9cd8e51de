//! Emission: [`ir::Model`] → the files of the generated crate.
//!
//! Code is built with `quote!`, parsed into a [`syn::File`] and printed with
//! `prettyplease`. The runtime and the crate files come from `templates/`.
//! Everything here reads only the model (never the spec), and the output is
//! the same bytes for the same model.
//!
//! Files:
//! * `mod.rs` (this file): entry point and file assembly; it trusts the
//!   model, which `model::settle` checked (names, shapes, kinds).
//! * `file`: the options, an output file, rendering, the generic error (a
//!   leaf every emitter uses; `layout`: where each type and group goes).
//! * `templates`: `Cargo.toml`, `README.md`, the runtime copy.
//! * `lib_rs`: `src/lib.rs` and the `mod.rs` of each folder.
//! * `types_struct`, `types_enum`, `types_union`, `types_opaque`: one
//!   type definition each.
//! * `type_ref`: [`ir::TypeRef`] → Rust type tokens.
//! * `api`: the operation groups; `examples`: their doc examples.
//! * `aliases`: an operation's own name for a parameter struct it shares.
//! * `events`: `src/webhooks.rs`, the typed webhook entry points.
//! * `conformance`: `examples/conformance.rs`, every operation called with
//!   synthesised parameters (when the configuration asks for it).
//! * `docs`: spec text → rustdoc-clean doc attributes.
//! * `idents`: identifiers.
//! * `modules`: what each operation group's public module re-exports.
//!
//! Imports go one way, from the files that assemble to the ones they use:
//! `lib_rs` → `examples` → `types_struct`/`types_union` → `type_ref` →
//! `idents`, `docs` → `syntax`, and from every file to `file`; this file
//! uses the others and none of them uses it (no import circle). Shared
//! constants live in `ir` (`ir::RUNTIME_EXPORTS`, the root's re-exports) and
//! `naming` (the names emission writes).

mod aliases;
mod api;
mod client;
pub mod conformance;
mod docs;
mod error_code;
mod events;
mod examples;
mod features;
mod file;
mod idents;
mod layout;
mod lib_rs;
mod modules;
mod namespaces;
mod paging;
mod request;
mod syntax;
mod templates;
mod type_ref;
mod types_enum;
mod types_opaque;
mod types_struct;
mod types_union;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::PathBuf;

use proc_macro2::TokenStream;

pub use crate::config::RuntimeMode;
use crate::error::{Error, Result};
use crate::ir;

use file::unparse;
pub use file::{EmitOptions, GeneratedFile, GENERATED_HEADER};
use layout::Layout;

/// Emits every file of the generated crate, sorted by path. The same model
/// and options always give the same files, byte for byte.
///
/// # Errors
///
/// A model `model::settle` accepts is one this emitter can write: what it
/// refuses (a dangling type id, clashing names, a tagged union or binary data
/// in a request, ...) is the model's typed error, found before emission.
/// Emission's own: [`Error::Example`] for a config example that does not fit
/// its parameter types, [`Error::Io`] when a template cannot be read,
/// [`Error::Unsettled`] for a hand-made model that skipped `model::settle`,
/// [`Error::Emit`] naming the file for what is left.
pub fn emit_crate(model: &ir::Model, opts: &EmitOptions) -> Result<Vec<GeneratedFile>> {
    let layout = Layout::of(model)?;
    let features = features::Features::of(model);
    // Every file is independent of the others: each job writes one (or, for
    // the crate-level job, a few), and they run on every core.
    let mut jobs: Vec<Job<'_>> = Vec::new();
    let (layout_ref, features_ref) = (&layout, &features);
    jobs.push(Job {
        weight: usize::MAX,
        run: Box::new(move |_| crate_level_files(model, opts, layout_ref, features_ref)),
    });
    for (folder, modules) in &layout.folders {
        for (module, types) in modules {
            let aliases = layout
                .aliases
                .get(format!("{folder}/{module}").as_str())
                .map_or(&[][..], Vec::as_slice);
            jobs.push(Job {
                weight: types.iter().map(|def| type_weight(def)).sum::<usize>() + aliases.len(),
                run: Box::new(move |syntax| {
                    type_module_file(model, features_ref, folder, module, types, aliases, syntax)
                        .map(|f| vec![f])
                }),
            });
        }
    }
    for (group, ops) in &layout.groups {
        jobs.push(Job {
            weight: ops.len() * 64,
            run: Box::new(move |_| api::group_file(model, opts, group, ops).map(|f| vec![f])),
        });
    }
    let mut files: Vec<GeneratedFile> = run_parallel(jobs)?.into_iter().flatten().collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The files that look at the crate as a whole: `Cargo.toml`, `README.md`,
/// the runtime, `src/lib.rs` and the `mod.rs` of each folder (whose `cfg`s
/// come from the Cargo features).
fn crate_level_files(
    model: &ir::Model,
    opts: &EmitOptions,
    layout: &Layout<'_>,
    features: &features::Features,
) -> Result<Vec<GeneratedFile>> {
    let mut files = templates::crate_files(model, opts, features)?;
    if opts.runtime == RuntimeMode::Vendored {
        files.extend(templates::runtime_files(&opts.runtime_dir)?);
    }
    let readme = files
        .iter()
        .any(|f| f.path == std::path::Path::new("README.md"));
    files.push(lib_rs::lib_file(model, opts, layout, features, readme)?);
    files.push(client::client_file()?);
    files.extend(events::webhooks_file(model)?);
    for (folder, modules) in &layout.folders {
        let cfgs = modules
            .keys()
            .map(|m| features.module_cfg(&format!("{folder}/{m}")));
        files.push(lib_rs::folder_mod_file(folder, modules.keys().zip(cfgs))?);
    }
    // One `api` folder per namespace with groups, holding its groups' files.
    // The root's always (empty without groups: `lib.rs` declares it).
    let mut api_folders: BTreeMap<String, Vec<(String, TokenStream)>> =
        BTreeMap::from([("api".to_owned(), Vec::new())]);
    for key in layout.groups.keys() {
        api_folders
            .entry(format!("{}api", namespaces::prefix_of(key)))
            .or_default()
            .push((namespaces::last_of(key).to_owned(), features.group_cfg(key)));
    }
    for (folder, groups) in &api_folders {
        files.push(lib_rs::folder_mod_file(
            folder,
            groups.iter().map(|(g, cfg)| (g, cfg.clone())),
        )?);
    }
    for (prefix, space) in &lib_rs::namespaces(layout, features)? {
        files.push(namespaces::mod_file(prefix, space, lib_rs::folder_summary)?);
    }
    Ok(files)
}

/// A rough measure of the work of emitting `def`, to start the biggest jobs
/// first.
fn type_weight(def: &ir::TypeDef) -> usize {
    match &def.kind {
        ir::TypeKind::Struct(s) => 4 + s.fields.len(),
        ir::TypeKind::Enum(e) => 4 + e.values.len() / 2,
        ir::TypeKind::Union(ir::UnionDef::Tagged { variants }) => 4 + 2 * variants.len(),
        ir::TypeKind::Union(ir::UnionDef::Untagged { variants }) => 4 + 2 * variants.len(),
        ir::TypeKind::Opaque(_) => 2,
    }
}

/// One unit of parallel work: what it produces, and how big it is.
struct Job<'a> {
    weight: usize,
    run: Box<JobFn<'a>>,
}

/// What a [`Job`] runs, given its thread's parsed shapes.
type JobFn<'a> = dyn Fn(&mut syntax::Syntax) -> Result<Vec<GeneratedFile>> + Sync + 'a;

/// Runs `jobs` on the available cores, heaviest first, each thread taking the
/// next job when it is done with one. Results come back in job order (the
/// first error in that order wins), so output never depends on scheduling.
fn run_parallel(jobs: Vec<Job<'_>>) -> Result<Vec<Vec<GeneratedFile>>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(jobs[i].weight), i));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let worker = || {
        // Each thread parses the shapes it reuses once (syn's nodes stay on
        // their thread).
        let mut syntax = syntax::Syntax::default();
        let mut done = Vec::new();
        loop {
            let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(&index) = order.get(n) else {
                return done;
            };
            done.push((index, (jobs[index].run)(&mut syntax)));
        }
    };
    let mut results: Vec<(usize, Result<Vec<GeneratedFile>>)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(worker)).collect();
        let mut all = worker();
        for helper in helpers {
            match helper.join() {
                Ok(done) => all.extend(done),
                Err(_) => all.push((0, Err(Error::EmitterPanic))),
            }
        }
        all
    });
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}

/// `src/<folder>/<module>.rs`: the types of one module, sorted by name.
fn type_module_file(
    model: &ir::Model,
    features: &features::Features,
    folder: &str,
    module: &str,
    types: &[&ir::TypeDef],
    aliases: &[aliases::Alias<'_>],
    syntax: &mut syntax::Syntax,
) -> Result<GeneratedFile> {
    let path = format!("src/{folder}/{module}.rs");
    let mut items = Vec::new();
    for def in types {
        items.extend(type_def(model, features, &path, def, syntax)?);
    }
    for alias in aliases {
        items.extend(syntax::items(&path, aliases::emit(&path, alias)?)?);
    }
    let contents = unparse(syn::File {
        shebang: None,
        attrs: Vec::new(),
        items,
    });
    Ok(GeneratedFile {
        path: PathBuf::from(path),
        contents,
    })
}

/// One type definition with its impls.
fn type_def(
    model: &ir::Model,
    features: &features::Features,
    file: &str,
    def: &ir::TypeDef,
    syntax: &mut syntax::Syntax,
) -> Result<Vec<syn::Item>> {
    match &def.kind {
        ir::TypeKind::Struct(s) => types_struct::emit(model, file, def, s, syntax),
        ir::TypeKind::Enum(e) => {
            let mut items =
                types_enum::emit(file, def, e, namespaces::form_encoded(model, def), syntax)?;
            if model.error_code.as_ref() == Some(&def.id) {
                items.extend(syntax::items(file, error_code::impls(file, def)?)?);
            }
            Ok(items)
        }
        ir::TypeKind::Union(u) => {
            syntax::items(file, types_union::emit(model, features, file, def, u)?)
        }
        ir::TypeKind::Opaque(o) => syntax::items(file, types_opaque::emit(file, def, o)?),
    }
}
