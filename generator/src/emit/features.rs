//! Cargo features: one per operation group, so an app compiles only the
//! groups it uses. A module is compiled when any group that reaches it (from
//! its parameters or responses, through every type reference) is enabled, so
//! features need no dependency lists; a module every group reaches is always
//! compiled.
//!
//! Reachability is closed over modules, not only types: a module holds several
//! types, and once a group compiles it, every type in it is compiled and must
//! find what it refers to. So reaching one type of a module reaches all of
//! them.
//!
//! The typed webhook event, when there is one, is one more such group: the
//! `webhooks` feature.
//!
//! The event's unions of every object (`EventObject`, `RelatedObject`) are
//! *gated*: only `webhooks` reaches their variants through them. Any other
//! group that reaches such a union (`events`, whose list returns `Event`s)
//! does not compile every resource for it: each variant carries its type's
//! module `cfg`, so it exists when a group that reaches its type another way
//! (or `webhooks`) is enabled, and an object of a disabled group decodes as
//! `Unknown` with its JSON. The unions are `#[non_exhaustive]`, so enabling a
//! feature adds variants without breaking code that matches them with a
//! wildcard arm.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::namespaces::{feature_name, group_key};
use crate::ir;
use crate::model::walk;

/// The feature of the typed webhook event: it reaches the event's objects as
/// a group reaches its operations' types.
pub(crate) const WEBHOOKS: &str = "webhooks";

/// Module path (`resources/token`) → the groups that reach it.
pub(crate) struct Features {
    groups: BTreeSet<String>,
    modules: BTreeMap<String, BTreeSet<String>>,
    /// The gated unions (the event's): each one's module, and its variant
    /// types → their modules.
    gated: BTreeMap<ir::TypeId, Gated>,
}

impl Features {
    pub(crate) fn of(model: &ir::Model) -> Features {
        // A group's feature is its key with `-` for `/` (`v2-core-accounts`).
        let feature = |op: &ir::Operation| feature_name(&group_key(op));
        let mut groups: BTreeSet<String> = model.operations.iter().map(feature).collect();
        // One walk per group, from the roots of all its operations.
        let mut roots: BTreeMap<String, Vec<ir::TypeId>> = BTreeMap::new();
        if let Some(events) = &model.events {
            groups.insert(WEBHOOKS.to_owned());
            roots
                .entry(WEBHOOKS.to_owned())
                .or_default()
                .push(events.envelope.clone());
        }
        for op in &model.operations {
            let (request, response) = walk::operation_roots(op);
            // An operation declaring error codes links its docs to the enum of them.
            let codes = model.error_code.iter().filter(|_| !op.errors.is_empty());
            roots
                .entry(feature(op))
                .or_default()
                .extend(request.into_iter().chain(response).chain(codes.cloned()));
        }
        let gated = gated_unions(model);
        let mut members: BTreeMap<&ir::ModulePath, Vec<&ir::TypeId>> = BTreeMap::new();
        for def in model.types.iter() {
            members.entry(&def.module).or_default().push(&def.id);
        }
        let mut modules: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (group, mut stack) in roots {
            let mut seen = BTreeSet::new();
            while let Some(id) = stack.pop() {
                if seen.contains(&id) {
                    continue;
                }
                if let Some(def) = model.types.get(&id) {
                    let groups = modules.entry(def.module.to_string()).or_default();
                    if groups.insert(group.clone()) {
                        // First type of this module the group reaches: the
                        // module's other types come along.
                        let others = members.get(&def.module).into_iter().flatten();
                        stack.extend(others.map(|&other| other.clone()));
                    }
                    // Only `webhooks` reaches a gated union's variants through it.
                    if group == WEBHOOKS || !gated.contains_key(&id) {
                        stack.extend(walk::named_targets(def));
                    }
                }
                seen.insert(id);
            }
        }
        Features {
            groups,
            modules,
            gated,
        }
    }

    /// The `cfg` of a variant of `union` holding `variant`: its type's module
    /// `cfg` when the union is gated and can be compiled without that
    /// module, else nothing.
    pub(crate) fn variant_cfg(&self, union: &ir::TypeId, variant: &ir::TypeId) -> TokenStream {
        let Some(gated) = self.gated.get(union) else {
            return TokenStream::new();
        };
        let Some(module) = gated.variants.get(variant) else {
            return TokenStream::new();
        };
        match (self.modules.get(module), self.modules.get(&gated.module)) {
            // Every group that compiles the union compiles the variant's type.
            (Some(variant), Some(union)) if union.is_subset(variant) => TokenStream::new(),
            _ => self.module_cfg(module),
        }
    }

    /// `#[cfg(any(feature = "a", ...))]` for a module, or nothing when every
    /// group reaches it.
    pub(crate) fn module_cfg(&self, module: &str) -> TokenStream {
        match self.modules.get(module) {
            Some(groups) if groups != &self.groups => cfg(groups.iter()),
            _ => TokenStream::new(),
        }
    }

    /// `#[cfg(feature = "<group>")]` for a group's operations (by its key,
    /// `tokens` or `v2/core/accounts`: `emit/namespaces.rs`), or nothing
    /// when it is the only group.
    pub(crate) fn group_cfg(&self, group: &str) -> TokenStream {
        if self.groups.len() <= 1 {
            return TokenStream::new();
        }
        cfg(std::iter::once(&feature_name(group)))
    }

    /// The `[features]` entries: `default = ["full", "tracing"]` (`tracing`,
    /// the runtime's own feature, is declared in `Cargo.toml.in`), `full` =
    /// every group, and one empty feature per group.
    pub(crate) fn toml(&self) -> String {
        let quoted: Vec<String> = self.groups.iter().map(|g| format!("\"{g}\"")).collect();
        let mut out = String::from("default = [\"full\", \"tracing\"]\n");
        out.push_str(&format!("full = [{}]\n", quoted.join(", ")));
        for group in &self.groups {
            out.push_str(&format!("{group} = []\n"));
        }
        out
    }
}

/// A gated union's module, and its variants' types with their modules.
struct Gated {
    module: String,
    variants: BTreeMap<ir::TypeId, String>,
}

/// The event's unions, each with its variants' types and their modules.
fn gated_unions(model: &ir::Model) -> BTreeMap<ir::TypeId, Gated> {
    let mut gated = BTreeMap::new();
    let Some(events) = &model.events else {
        return gated;
    };
    for union in [&events.object, &events.related] {
        let Some(def) = model.types.get(union) else {
            continue;
        };
        let variants = walk::named_targets(def)
            .into_iter()
            .filter_map(|id| {
                let module = model.types.get(&id)?.module.to_string();
                Some((id, module))
            })
            .collect();
        gated.insert(
            union.clone(),
            Gated {
                module: def.module.to_string(),
                variants,
            },
        );
    }
    gated
}

fn cfg<'a>(groups: impl Iterator<Item = &'a String>) -> TokenStream {
    let features: Vec<TokenStream> = groups.map(|g| quote!(feature = #g)).collect();
    if features.len() == 1 {
        let f = &features[0];
        quote!(#[cfg(#f)])
    } else {
        quote!(#[cfg(any(#(#features),*))])
    }
}
