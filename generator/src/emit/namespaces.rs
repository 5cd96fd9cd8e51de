//! Namespaces in the generated crate (API v2, ARCHITECTURE.md "API v2"): a
//! namespace (`v2::core`) is a module folder (`src/v2/core/`) holding what
//! the crate root holds for v1: its type folders (`params`, `resources`), its
//! `api` folder of group structs, its groups' public modules, and an accessor
//! struct reached from the parent (`client.v2().core()`; `Core` has the group
//! accessors, `.accounts()`). v1 is the root and unchanged.
//!
//! Groups are keyed by their namespace's module prefix and name
//! (`v2/core/accounts`; `tokens` at the root), so a v2 group never meets the
//! v1 group of its name; its Cargo feature is that key with `-` for `/`
//! (`v2-core-accounts`), which no v1 group (a module identifier) can be.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::file::{rust_file, GeneratedFile};
use super::{docs, idents};
use crate::error::Result;
use crate::ir;

/// The key of an operation's group: `{namespace prefix}{group}`
/// (`v2/core/accounts`, `tokens`).
pub(crate) fn group_key(op: &ir::Operation) -> String {
    format!("{}{}", op.namespace.module_prefix(), op.group)
}

/// The namespace prefix of a group key or folder (`v2/core/` of
/// `v2/core/accounts`), empty at the root.
pub(crate) fn prefix_of(key: &str) -> &str {
    key.rfind('/').map_or("", |i| &key[..=i])
}

/// The last segment of a group key or folder (`accounts`).
pub(crate) fn last_of(key: &str) -> &str {
    key.rfind('/').map_or(key, |i| &key[i + 1..])
}

/// The Cargo feature of a group key: `v2/core/accounts` → `v2-core-accounts`.
pub(crate) fn feature_name(key: &str) -> String {
    key.replace('/', "-")
}

/// `v2/core/resources` → `v2::core::resources` (each segment an identifier).
pub(crate) fn module_path(folder: &str, file: &str) -> Result<TokenStream> {
    let segments = folder
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| idents::ident(s, file))
        .collect::<Result<Vec<Ident>>>()?;
    Ok(quote!(#(#segments)::*))
}

/// The path of a group's public module from the crate root
/// (`v2::core::accounts`, `tokens`).
pub(crate) fn group_module_path(op: &ir::Operation, file: &str) -> Result<TokenStream> {
    module_path(&group_key(op), file)
}

/// The accessor chain from a `Client` to an operation's group struct:
/// `tokens()`, `v2().core().accounts()`.
pub(crate) fn accessor_chain(op: &ir::Operation, file: &str) -> Result<TokenStream> {
    let segments = op
        .namespace
        .segments()
        .iter()
        .map(String::as_str)
        .chain(std::iter::once(op.group.as_str()))
        .map(|s| idents::ident(s, file))
        .collect::<Result<Vec<Ident>>>()?;
    Ok(quote!(#(#segments()).*))
}

/// The accessor struct of a namespace (`V2`, `Core`): its last segment in
/// UpperCamelCase.
pub(crate) fn accessor_type(namespace_prefix: &str, file: &str) -> Result<Ident> {
    idents::ident(
        &last_of(namespace_prefix.trim_end_matches('/')).to_upper_camel_case(),
        file,
    )
}

/// `crate::v2::core::Core<'a>`: the accessor struct of a namespace; `crate::Client` at the root.
pub(crate) fn accessor_path(namespace_prefix: &str, file: &str) -> Result<TokenStream> {
    if namespace_prefix.is_empty() {
        return Ok(quote!(crate::Client));
    }
    let path = module_path(namespace_prefix, file)?;
    let ty = accessor_type(namespace_prefix, file)?;
    Ok(quote!(crate::#path::#ty<'a>))
}

/// What one namespace folder holds.
#[derive(Default)]
pub(crate) struct Namespace {
    /// Type folders and `api` (their last segment).
    pub folders: BTreeSet<String>,
    /// Child namespaces (their last segment).
    pub children: BTreeSet<String>,
    /// The group modules, each already written (under its feature).
    pub groups: Vec<TokenStream>,
}

/// Every namespace below the root, by its prefix (`v2/`, `v2/core/`), with
/// the folders `folders` (every folder with a `/`) and the groups of
/// `group_keys` put in it. `group_modules` are the written group modules by key.
pub(crate) fn of<'a>(
    folders: impl Iterator<Item = &'a str>,
    group_modules: BTreeMap<String, TokenStream>,
) -> BTreeMap<String, Namespace> {
    let mut spaces: BTreeMap<String, Namespace> = BTreeMap::new();
    let add_chain = |spaces: &mut BTreeMap<String, Namespace>, prefix: &str| {
        // `v2/core/` → `v2/` holds child `core`, and both exist.
        let mut current = String::new();
        for segment in prefix.split('/').filter(|s| !s.is_empty()) {
            if !current.is_empty() {
                spaces
                    .entry(current.clone())
                    .or_default()
                    .children
                    .insert(segment.to_owned());
            }
            current.push_str(segment);
            current.push('/');
            spaces.entry(current.clone()).or_default();
        }
    };
    for folder in folders {
        let prefix = prefix_of(folder);
        if prefix.is_empty() {
            continue;
        }
        add_chain(&mut spaces, prefix);
        if let Some(space) = spaces.get_mut(prefix) {
            space.folders.insert(last_of(folder).to_owned());
        }
    }
    for (key, module) in group_modules {
        let prefix = prefix_of(&key).to_owned();
        if prefix.is_empty() {
            continue;
        }
        add_chain(&mut spaces, &prefix);
        if let Some(space) = spaces.get_mut(&prefix) {
            space.groups.push(module);
        }
    }
    spaces
}

/// `src/<prefix>mod.rs`: the namespace's folders, child namespaces, group
/// modules, its accessor struct and the parent's accessor method for it.
pub(crate) fn mod_file(
    prefix: &str,
    space: &Namespace,
    summary: impl Fn(&str) -> &'static str,
) -> Result<GeneratedFile> {
    let file = format!("src/{prefix}mod.rs");
    let rust_path = prefix.trim_end_matches('/').replace('/', "::");
    let inner = docs::inner_attrs(&[format!(
        "The {} namespace of the API: its operation groups, reached with {}, and their types.",
        docs::code_span(&rust_path),
        docs::code_span(&format!(
            "client.{}()",
            prefix.trim_end_matches('/').replace('/', "().")
        ))
    )]);
    let folders = space
        .folders
        .iter()
        .map(|f| {
            let doc = docs::lines_to_attrs(&[summary(f).to_owned()]);
            let ident = idents::ident(f, &file)?;
            Ok(quote!(#doc #[rustfmt::skip] pub mod #ident;))
        })
        .collect::<Result<Vec<_>>>()?;
    let children = space
        .children
        .iter()
        .map(|c| {
            let ident = idents::ident(c, &file)?;
            Ok(quote!(pub mod #ident;))
        })
        .collect::<Result<Vec<_>>>()?;
    let groups = &space.groups;
    let ty = accessor_type(prefix, &file)?;
    let parent_prefix = prefix_of(prefix.trim_end_matches('/'));
    let parent = accessor_path(parent_prefix, &file)?;
    let accessor = idents::ident(last_of(prefix.trim_end_matches('/')), &file)?;
    let own = accessor_path(prefix, &file)?;
    let (impl_generics, client) = if parent_prefix.is_empty() {
        (quote!(), quote!(self))
    } else {
        (quote!(<'a>), quote!(self.client))
    };
    let ret = if parent_prefix.is_empty() {
        let path = module_path(prefix, &file)?;
        quote!(crate::#path::#ty<'_>)
    } else {
        own
    };
    let struct_doc = format!(" The {} operation groups.", docs::code_span(&rust_path));
    let accessor_doc = format!(" The {} operation groups.", docs::code_span(&rust_path));
    let tokens = quote! {
        #inner

        #(#folders)*

        #(#children)*

        #(#groups)*

        #[doc = #struct_doc]
        #[derive(Clone, Copy, Debug)]
        pub struct #ty<'a> {
            client: &'a crate::Client,
        }

        impl<'a> #ty<'a> {
            /// The client its requests go through.
            pub fn client(&self) -> &'a crate::Client {
                self.client
            }
        }

        impl #impl_generics #parent {
            #[doc = #accessor_doc]
            pub fn #accessor(&self) -> #ret {
                #ty { client: #client }
            }
        }
    };
    rust_file(file, tokens)
}

/// Whether `def`, a request type, is written as a form: every v1 request
/// type; of API v2's (JSON bodies), only what a v2 query reaches (a query
/// string is a form: `limit=2&include=a&include=b`, `created[gt]=...`).
pub(crate) fn form_encoded(model: &ir::Model, def: &ir::TypeDef) -> bool {
    if !def.sent_as_json() {
        return true;
    }
    let mut seen = BTreeSet::new();
    let mut stack: Vec<ir::TypeId> = model
        .operations
        .iter()
        .filter(|op| op.namespace.is_v2())
        .filter_map(|op| op.query.as_ref().map(|q| q.ty.clone()))
        .collect();
    while let Some(id) = stack.pop() {
        if id == def.id {
            return true;
        }
        if !seen.insert(id.clone()) {
            continue;
        }
        if let Some(target) = model.types.get(&id) {
            stack.extend(crate::model::walk::named_targets(target));
        }
    }
    false
}
