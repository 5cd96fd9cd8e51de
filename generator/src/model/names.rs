//! Names that depend on more than one place in the spec, settled by one rule
//! (ARCHITECTURE.md, "Name clashes"): the claimant that sorts first keeps the
//! name it derives; a later one is qualified. A clash no rule settles is
//! gathered, and all of them are reported together.
//!
//! * Operations, over the whole spec in (path, method) order, so that the
//!   config's selection never renames one: their type base (`CreateAccount`)
//!   is crate-wide, their method is per group. A later operation whose names
//!   are held is qualified by its distinguishing path segment
//!   ([`qualified_op_names`]).
//! * Types: the runtime's re-exports, then component schemas (by pointer),
//!   then the operations' own names for their parameters (in operation
//!   order; the alias of a shared struct, `model/merge.rs`), then inline
//!   shapes (by pointer). Two components wanting one name have no rule (the
//!   config's `rename` settles them); a parameter name or inline shape whose
//!   name is held takes the suffix `Inline`.
//! * API group types are one namespace (they live in `crate::api` only).
//!
//! Each of these is settled within a namespace (`ir/namespace.rs`): v1's
//! names are the crate root's, API v2's are `v2::core`'s, `v2::billing`'s,
//! ..., so v2 never renames v1, nor v1 v2.

use std::collections::BTreeMap;

use crate::error::NameClash;
use crate::ir::{HttpMethod, Namespace, Operation, Origin, TypeId, TypeSpace, RUNTIME_EXPORTS};
use crate::naming::{camel_ident, singular, NameScope};
use crate::resolve::{qualified_op_names, OpNames};

/// The suffix of an inline shape whose derived name is already held.
pub const INLINE_SUFFIX: &str = "Inline";

/// One operation's derived names, with where it is.
pub struct OpClaim<'a> {
    pub method: HttpMethod,
    /// The namespace its names are claimed in.
    pub namespace: Namespace,
    /// Its path without the namespace segment (`Namespace::of_path`).
    pub path: &'a str,
    pub pointer: String,
    pub names: OpNames,
}

/// `names` with the method the config gives (`cancel`), and the operation's
/// type base named after it (`CancelSubscription`).
pub fn renamed_method(names: OpNames, method: String) -> OpNames {
    OpNames {
        type_base: camel_ident(&[method.as_str(), singular(&names.group).as_str()]),
        method,
        ..names
    }
}

/// Settle the names of every operation of the spec, given in (path, method)
/// order. Returns the names, in the same order, and the clashes no rule
/// settled (those operations keep their derived names).
pub fn settle_operations(claims: &[OpClaim<'_>]) -> (Vec<OpNames>, Vec<NameClash>) {
    let mut bases_in: BTreeMap<&Namespace, NameScope> = BTreeMap::new();
    let mut methods_in: BTreeMap<&Namespace, BTreeMap<String, NameScope>> = BTreeMap::new();
    let mut path_of: BTreeMap<&str, &str> = BTreeMap::new();
    let mut settled = Vec::with_capacity(claims.len());
    let mut clashes = Vec::new();
    for claim in claims {
        let bases = bases_in.entry(&claim.namespace).or_default();
        let methods = methods_in.entry(&claim.namespace).or_default();
        let ptr = claim.pointer.as_str();
        path_of.insert(ptr, claim.path);
        let free = |n: &OpNames, bases: &NameScope, methods: &BTreeMap<String, NameScope>| {
            bases.is_free(&n.type_base, ptr)
                && methods
                    .get(&n.group)
                    .map_or(true, |m| m.is_free(&n.method, ptr))
        };
        let chosen = if free(&claim.names, bases, methods) {
            Some(claim.names.clone())
        } else {
            let holder = bases
                .holder(&claim.names.type_base)
                .filter(|h| *h != ptr)
                .or_else(|| {
                    methods
                        .get(&claim.names.group)
                        .and_then(|m| m.holder(&claim.names.method))
                })
                .and_then(|h| path_of.get(h).copied())
                .unwrap_or("");
            qualified_op_names(claim.method, claim.path, holder, &claim.names)
                .into_iter()
                .find(|n| free(n, bases, methods))
        };
        let names = chosen.unwrap_or_else(|| claim.names.clone());
        if let Err(clash) = bases.try_claim(&names.type_base, ptr) {
            clashes.push(clash);
        }
        if let Err(clash) = methods
            .entry(names.group.clone())
            .or_default()
            .try_claim(&names.method, ptr)
        {
            let group = match claim.namespace.is_root() {
                true => names.group.clone(),
                false => format!("{}::{}", claim.namespace, names.group),
            };
            clashes.push(NameClash {
                name: format!("{group}().{}", clash.name),
                ..clash
            });
        }
        settled.push(names);
    }
    (settled, clashes)
}

/// The type-name scope of each namespace, each holding the runtime's
/// re-exports first (so generated code anywhere may name them unqualified).
struct Scopes {
    by_namespace: BTreeMap<Namespace, NameScope>,
}

impl Scopes {
    fn of(&mut self, namespace: Namespace, clashes: &mut Vec<NameClash>) -> &mut NameScope {
        self.by_namespace.entry(namespace).or_insert_with(|| {
            let mut scope = NameScope::new();
            for name in RUNTIME_EXPORTS {
                if let Err(clash) =
                    scope.try_claim(name, "the runtime (re-exported at the crate root)")
                {
                    clashes.push(clash);
                }
            }
            scope
        })
    }
}

/// Settle type names, unique within each namespace (renaming inline shapes
/// whose names are held), and check the API group types; push every clash
/// left to `clashes`.
pub fn settle_types(
    types: &mut TypeSpace,
    operations: &mut [Operation],
    clashes: &mut Vec<NameClash>,
) {
    let mut scopes = Scopes {
        by_namespace: BTreeMap::new(),
    };
    scopes.of(Namespace::root(), clashes);
    for def in types.types.values() {
        if matches!(def.origin, Origin::Component { .. }) {
            let scope = scopes.of(Namespace::of_type(&def.id), clashes);
            if let Err(clash) = scope.try_claim(&def.name, def.id.as_str()) {
                clashes.push(clash);
            }
        }
    }
    // A parameter name is held for the struct it names, so that struct (when
    // no other operation shares it) keeps it.
    for op in operations.iter_mut() {
        let sets = op
            .query
            .iter_mut()
            .chain(op.body.iter_mut().map(|b| &mut b.params));
        for set in sets {
            let scope = scopes.of(Namespace::of_type(&set.ty), clashes);
            claim_or_inline(scope, &mut set.name, set.ty.as_str(), clashes);
        }
    }
    // Inline shapes and the aliases of merged types (each member's own
    // name), by the member's pointer, so a place's name does not depend on
    // which member of a merged type is the one emitted. Each is held for the
    // type it names.
    let mut places: Vec<(TypeId, TypeId, Option<usize>)> = Vec::new();
    for def in types.types.values() {
        if !matches!(def.origin, Origin::Component { .. }) {
            places.push((def.id.clone(), def.id.clone(), None));
        }
        for (i, alias) in def.aliases.iter().enumerate() {
            places.push((alias.id.clone(), def.id.clone(), Some(i)));
        }
    }
    places.sort();
    for (_, holder, alias) in places {
        let Some(def) = types.types.get_mut(&holder) else {
            continue;
        };
        let name = match alias {
            None => &mut def.name,
            Some(i) => &mut def.aliases[i].name,
        };
        let scope = scopes.of(Namespace::of_type(&holder), clashes);
        claim_or_inline(scope, name, holder.as_str(), clashes);
    }
    // An alias the suffix made equal to another of the same type's names
    // says nothing more.
    for def in types.types.values_mut() {
        let mut seen = std::collections::BTreeSet::from([def.name.clone()]);
        def.aliases.retain(|a| seen.insert(a.name.clone()));
    }
    let mut group_types: BTreeMap<&Namespace, NameScope> = BTreeMap::new();
    for op in operations.iter() {
        let group_types = group_types.entry(&op.namespace).or_default();
        if let Err(clash) = group_types.try_claim(
            &op.group_type,
            &format!("the `{}` operations group", op.group),
        ) {
            clashes.push(clash);
        }
    }
}

/// Claims `name` for `holder` in `scope`; when it is held, the name with
/// [`INLINE_SUFFIX`] is taken instead if that is free, else the clash is kept.
fn claim_or_inline(
    scope: &mut NameScope,
    name: &mut String,
    holder: &str,
    clashes: &mut Vec<NameClash>,
) {
    if !scope.is_free(name, holder) {
        let qualified = format!("{name}{INLINE_SUFFIX}");
        if scope.is_free(&qualified, holder) {
            *name = qualified;
        }
    }
    if let Err(clash) = scope.try_claim(name, holder) {
        clashes.push(clash);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_renamed_method_names_the_operations_types() {
        let derived = OpNames {
            group: "subscriptions".into(),
            group_type: "Subscriptions".into(),
            method: "delete".into(),
            type_base: "DeleteSubscription".into(),
        };
        let renamed = renamed_method(derived, "cancel".into());
        assert_eq!(renamed.method, "cancel");
        assert_eq!(renamed.type_base, "CancelSubscription");
        assert_eq!(renamed.group, "subscriptions");
    }
}
