//! `src/lib.rs` and the `mod.rs` of each folder.

use proc_macro2::TokenStream;
use quote::quote;

use super::features::{Features, WEBHOOKS};
use super::{docs, examples, idents, rust_file, EmitOptions, GeneratedFile, Layout, RuntimeMode};
use crate::error::Result;
use crate::ir;

use super::modules::Export;
use crate::ir::RUNTIME_EXPORTS;

const FILE: &str = "src/lib.rs";

/// The crate root: docs, the private runtime, the public folders and
/// their re-exports, and the API constants.
pub(crate) fn lib_file(
    model: &ir::Model,
    opts: &EmitOptions,
    layout: &Layout<'_>,
    features: &Features,
    readme: bool,
) -> Result<GeneratedFile> {
    let doc = docs::inner_attrs(&crate_doc_lines(model, opts, layout)?);
    // Inherent impls on the runtime's `Webhook`: nothing to name, so private.
    // The typed verifier with the feature; the runtime's (raw JSON events) without it.
    let webhooks = model.events.as_ref().map(|_| {
        let cfg = features.group_cfg(WEBHOOKS);
        let without = (!cfg.is_empty()).then(|| {
            quote! {
                #[cfg(not(feature = #WEBHOOKS))]
                pub use runtime::WebhookVerifier;
            }
        });
        // In the order rustfmt sorts `use` items.
        quote! {
            #cfg
            mod webhooks;
            #without
            #cfg
            pub use webhooks::WebhookVerifier;
        }
    });
    // The README's Rust examples run as doctests of the crate.
    let readme = readme.then(|| {
        quote! {
            /// The examples of `README.md`, compiled and run by `cargo test --doc`.
            #[cfg(doctest)]
            #[doc = include_str!("../README.md")]
            pub struct ReadmeDoctests;
        }
    });
    // The crate defines its own `Client` (and, with events, `Webhook`): the
    // runtime's are reached as `runtime::Client`, `runtime::Webhook`.
    let own = |name: &&&str| {
        **name == "Client"
            || (matches!(**name, "Webhook" | "WebhookVerifier") && model.events.is_some())
    };
    let exports = RUNTIME_EXPORTS
        .iter()
        .filter(|name| !own(name))
        .map(|name| idents::ident(name, FILE))
        .collect::<Result<Vec<_>>>()?;
    // `api` sorts before the type folders, as rustfmt orders `mod` items.
    // Folders of a namespace (`v2/core/resources`) are declared in its own
    // `mod.rs`; the root declares the top namespaces (`v2`).
    let root_folders = || {
        std::iter::once("api").chain(
            layout
                .folders
                .keys()
                .map(String::as_str)
                .filter(|f| !f.contains('/')),
        )
    };
    let folders = root_folders()
        .map(|name| idents::ident(name, FILE))
        .collect::<Result<Vec<_>>>()?;
    let folder_docs = root_folders().map(|f| docs::lines_to_attrs(&[folder_summary(f).to_owned()]));
    let spaces = namespaces(layout, features)?
        .into_keys()
        .filter(|p| p.matches('/').count() == 1)
        .map(|p| {
            let ident = idents::ident(p.trim_end_matches('/'), FILE)?;
            let doc = format!(
                " API {}: its namespaces, reached with {}.",
                docs::code_span(p.trim_end_matches('/')),
                docs::code_span(&format!("client.{}()", p.trim_end_matches('/')))
            );
            Ok(quote!(#[doc = #doc] pub mod #ident;))
        })
        .collect::<Result<Vec<_>>>()?;
    let group_modules = layout
        .modules
        .iter()
        .filter(|(group, _)| !group.contains('/'))
        .map(|(group, names)| group_module(group, names, features))
        .collect::<Result<Vec<_>>>()?;
    let webhook = model.events.as_ref().map(|_| {
        quote! {
            /// Entry point for incoming webhook events: `Webhook::construct_event` verifies the
            /// `Stripe-Signature` header and decodes the typed event, `Webhook::parse_event`
            /// only decodes it (feature `webhooks`). [`WebhookVerifier`]
            /// does the same with several secrets or another tolerance.
            #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
            pub struct Webhook;

            impl Webhook {
                /// How far the signing time may lie from the current time, unless configured
                /// otherwise.
                pub const DEFAULT_TOLERANCE: ::std::time::Duration =
                    runtime::Webhook::DEFAULT_TOLERANCE;
            }
        }
    });
    let runtime = match opts.runtime {
        RuntimeMode::Crate => quote! {
            /// The hand-written runtime (the `stripe-runtime` crate) this crate is built on.
            pub use stripe_runtime as runtime;
        },
        RuntimeMode::Vendored => quote! {
            /// The hand-written runtime this crate is built on (a copy of the `stripe-runtime`
            /// crate's source).
            pub mod runtime;
        },
    };
    let version = &model.api.version;
    let base_url = &model.api.base_url;
    let tokens = quote! {
        #doc
        #![forbid(unsafe_code)]

        #runtime

        #[rustfmt::skip]
        mod client;
        pub use client::Client;

        /// Request encoding: `to_form_string` shows the exact form body a
        /// request sends; [`form::FileUpload`] is a file for a multipart upload.
        pub use runtime::form;
        #[rustfmt::skip]
        pub use runtime::{#(#exports),*};

        // prettyplease lays these files out; `cargo fmt` leaves them alone.
        #(#folder_docs #[rustfmt::skip] pub mod #folders;)*

        #(#spaces)*

        #(#group_modules)*

        #webhook

        #webhooks

        #readme

        /// The API version this crate was generated for, sent as the
        /// `Stripe-Version` header unless a request overrides it.
        pub const API_VERSION: &str = #version;

        /// Where requests go unless the client is configured otherwise.
        pub const DEFAULT_BASE_URL: &str = #base_url;
    };
    rust_file(FILE.to_owned(), tokens)
}

/// The crate documentation, as clean doc lines.
fn crate_doc_lines(
    model: &ir::Model,
    opts: &EmitOptions,
    layout: &Layout<'_>,
) -> Result<Vec<String>> {
    let mut lines = docs::sanitize(&opts.description);
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!(
        "Generated by `stripe-codegen` from the OpenAPI spec, API version {}. \
         Requests go to {} unless the client is configured otherwise.",
        docs::code_span(&model.api.version),
        docs::code_span(&model.api.base_url),
    ));
    lines.push(String::new());
    let folders = layout
        .folders
        .keys()
        .map(|f| format!("[`{f}`]"))
        .collect::<Vec<_>>()
        .join(", ");
    let defined = if folders.is_empty() {
        "The operation groups are defined in [`api`].".to_owned()
    } else {
        format!("Every type is defined once, in {folders}; the operation groups in [`api`].")
    };
    lines.push(format!(
        "{defined} Each operation group also has a module of its own (`tokens` for \
         `client.tokens()`) re-exporting its API struct, every type its operations' parameters \
         reach and the types they return. The client, the errors and the wire helpers are at \
         the crate root."
    ));
    if !layout.groups.is_empty() {
        lines.push(String::new());
        lines.push("Operations, by group:".to_owned());
        lines.push(String::new());
        for (group, ops) in &layout.groups {
            lines.push(group_line(group, ops));
        }
    }
    lines.push(String::new());
    lines.push("# Example".to_owned());
    lines.push(String::new());
    lines.extend(crate_example(model, opts, layout)?);
    Ok(lines)
}

/// `* `client.tokens()`: `create` (`POST /v1/tokens`), ...`
fn group_line(group: &str, ops: &[&ir::Operation]) -> String {
    let ops = ops
        .iter()
        .map(|op| {
            format!(
                "{} ({})",
                docs::code_span(idents::bare(&op.method_name)),
                docs::code_span(&format!("{} {}", op.http_method.as_str(), op.path))
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let chain = group.replace('/', "().");
    format!("* {}: {ops}", docs::code_span(&format!("client.{chain}()")))
}

/// The first configured example of any operation, or a bare client.
fn crate_example(
    model: &ir::Model,
    opts: &EmitOptions,
    layout: &Layout<'_>,
) -> Result<Vec<String>> {
    let krate = idents::crate_ident(&opts.crate_name)?;
    let first = layout
        .groups
        .values()
        .flatten()
        .find_map(|op| op.examples.first().map(|ex| (*op, ex)));
    match first {
        Some((op, example)) => examples::code_block(model, &krate, FILE, op, example),
        None => examples::client_only_block(&krate, FILE),
    }
}

/// The namespaces below the root (`v2/`, `v2/core/`), each with its folders,
/// child namespaces and written group modules.
pub(crate) fn namespaces(
    layout: &Layout<'_>,
    features: &Features,
) -> Result<std::collections::BTreeMap<String, super::namespaces::Namespace>> {
    let mut modules = std::collections::BTreeMap::new();
    for (group, names) in &layout.modules {
        if group.contains('/') {
            modules.insert(group.clone(), group_module(group, names, features)?);
        }
    }
    let api = layout
        .groups
        .keys()
        .filter(|g| g.contains('/'))
        .map(|g| format!("{}api", super::namespaces::prefix_of(g)));
    let folders: Vec<String> = layout.folders.keys().cloned().chain(api).collect();
    Ok(super::namespaces::of(
        folders.iter().map(String::as_str),
        modules,
    ))
}

/// `pub mod <group> { pub use crate::api::Tokens; pub use crate::params::{..}; .. }`
/// under the group's feature; in a namespace (`v2/core/accounts`), the
/// namespace's folders (`crate::v2::core::api::Accounts`).
fn group_module(
    group: &str,
    names: &std::collections::BTreeMap<String, Export>,
    features: &Features,
) -> Result<TokenStream> {
    let api = format!("{}api", super::namespaces::prefix_of(group));
    let mut by_folder: std::collections::BTreeMap<&str, Vec<proc_macro2::Ident>> =
        std::collections::BTreeMap::new();
    for (name, export) in names {
        let folder = match export {
            Export::Api => api.as_str(),
            Export::Folder(folder) => folder.as_str(),
        };
        by_folder
            .entry(folder)
            .or_default()
            .push(idents::ident(name, FILE)?);
    }
    let uses = by_folder
        .into_iter()
        .map(|(folder, names)| {
            let folder = super::namespaces::module_path(folder, FILE)?;
            Ok(quote!(pub use crate::#folder::{#(#names),*};))
        })
        .collect::<Result<Vec<_>>>()?;
    let chain = group.replace('/', "().");
    let doc = docs::lines_to_attrs(&[format!(
        "The {} operations: their API struct, the types their parameters reach and \
         the types they return.",
        docs::code_span(&format!("client.{chain}()"))
    )]);
    let cfg = features.group_cfg(group);
    let module = idents::ident(super::namespaces::last_of(group), FILE)?;
    Ok(quote! {
        #doc
        #cfg
        #[rustfmt::skip]
        pub mod #module {
            #(#uses)*
        }
    })
}

/// What a folder holds, by its last segment (`v2/core/resources`: `resources`).
pub(crate) fn folder_summary(folder: &str) -> &'static str {
    match super::namespaces::last_of(folder) {
        "resources" => "Objects the API returns.",
        "params" => "Parameters of the operations.",
        "api" => "Operation groups, reached from the [`Client`](crate::Client).",
        _ => "Generated types.",
    }
}

/// `src/<folder>/mod.rs`: `mod x; pub use x::*;` for each file, each under
/// its feature `cfg` (empty when always compiled).
pub(crate) fn folder_mod_file<'a>(
    folder: &str,
    modules: impl Iterator<Item = (&'a String, TokenStream)>,
) -> Result<GeneratedFile> {
    let path = format!("src/{folder}/mod.rs");
    let mut items = TokenStream::new();
    let summary = docs::inner_attrs(&[folder_summary(folder).to_owned()]);
    items.extend(summary);
    for (module, cfg) in modules {
        let module = idents::ident(module, &path)?;
        items.extend(quote! {
            #cfg
            mod #module;
            #cfg
            pub use #module::*;
        });
    }
    rust_file(path, items)
}
