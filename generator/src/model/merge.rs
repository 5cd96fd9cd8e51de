//! Merge structurally identical inline shapes into one type.
//!
//! Two inline types are identical when their kinds are equal with docs left
//! out and with references compared after earlier merges. Repeats until
//! nothing changes, since merging children can make parents identical. The
//! survivor keeps the id, module, docs and own name of the member whose own
//! name is the shortest (then the smallest name and id); every other member's
//! own name becomes an alias of it ([`TypeDef::aliases`]), so each place keeps
//! the name its path gives it whichever shapes are identical. A parameter
//! struct several operations share is named by its content instead
//! (`merged_names.rs`): its members' names are the operations' own names for
//! their parameters, aliases already.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Namespace, Operation, Origin, TypeDef, TypeId, TypeKind, TypeSpace};

use crate::ir::TypeAlias;

use super::merged_names::{derive, Derived};
use super::walk;

/// Merge identical inline shapes of `types`, rewriting every reference (in
/// types and operations), and give each merged type its members' names as
/// aliases.
pub fn merge_identical(types: &mut TypeSpace, operations: &mut [Operation]) {
    // The shape key of every inline type, recomputed only for the types a
    // round of merging rewrote.
    let mut keys: BTreeMap<TypeId, String> = types
        .types
        .values()
        .filter(|def| matches!(def.origin, Origin::Inline { .. }))
        .map(|def| (def.id.clone(), shape_key(&def.id, &def.kind)))
        .collect();
    // Names as converted, before any merge renamed them.
    let own: BTreeMap<TypeId, String> = types
        .types
        .values()
        .map(|def| (def.id.clone(), def.name.clone()))
        .collect();
    loop {
        let mut groups: BTreeMap<&str, Vec<&TypeDef>> = BTreeMap::new();
        for (id, key) in &keys {
            if let Some(def) = types.types.get(id) {
                groups.entry(key).or_default().push(def);
            }
        }
        let users = param_users(operations);
        let named: Vec<Named> = groups
            .values()
            .filter(|g| g.len() > 1)
            .map(|group| Named::of(group, &own, &users))
            .collect();
        if named.is_empty() {
            add_aliases(types, operations, &own);
            return;
        }
        let held: BTreeSet<&str> = types.types.values().map(|d| d.name.as_str()).collect();
        let names = settle(&named, &held);
        let mut alias: BTreeMap<TypeId, TypeId> = BTreeMap::new();
        for group in &named {
            for gone in &group.gone {
                alias.insert(gone.clone(), group.survivor.clone());
            }
        }
        for (gone, survivor) in &alias {
            keys.remove(gone);
            if let Some(def) = types.types.remove(gone) {
                if let Some(s) = types.types.get_mut(survivor) {
                    s.merged.push(def.id);
                    s.merged.extend(def.merged);
                    s.merged.sort();
                    s.usage = s.usage.union(def.usage);
                }
            }
        }
        for (group, name) in named.iter().zip(names) {
            if let Some(def) = types.types.get_mut(&group.survivor) {
                def.name = name;
                if let Some(docs) = &group.docs {
                    def.docs = Some(docs.clone());
                }
            }
        }
        rewrite(types, operations, &alias, &mut keys);
    }
}

/// How many operations take each type as their parameters.
fn param_users(operations: &[Operation]) -> BTreeMap<TypeId, usize> {
    let mut users: BTreeMap<TypeId, usize> = BTreeMap::new();
    let sets = operations
        .iter()
        .flat_map(|op| op.query.iter().chain(op.body.iter().map(|b| &b.params)));
    for set in sets {
        *users.entry(set.ty.clone()).or_default() += 1;
    }
    users
}

/// One group of identical shapes about to be merged.
struct Named {
    /// The member that stays: the one whose own name is the shortest (then
    /// the smallest name and id).
    survivor: TypeId,
    /// The other members.
    gone: Vec<TypeId>,
    /// Its name: the survivor's own name, or for a shared parameter struct
    /// its content name when free.
    derived: Derived,
    /// The members' current names (a wanted name one of them has is free).
    current: BTreeSet<String>,
    /// How many schemas it holds, merged ones included.
    size: usize,
    /// New docs, for a parameter struct several operations share.
    docs: Option<String>,
}

impl Named {
    fn of(
        group: &[&TypeDef],
        own: &BTreeMap<TypeId, String>,
        users: &BTreeMap<TypeId, usize>,
    ) -> Named {
        let own_name = |id: &TypeId| own.get(id).map_or("", String::as_str);
        let survivor = group
            .iter()
            .map(|d| &d.id)
            .min_by_key(|id| (own_name(id).len(), own_name(id), *id))
            .cloned()
            .unwrap_or_else(|| group[0].id.clone());
        let members: Vec<&str> = group
            .iter()
            .flat_map(|d| std::iter::once(&d.id).chain(&d.merged))
            .map(own_name)
            .collect();
        let users: usize = group.iter().filter_map(|d| users.get(&d.id)).sum();
        let fields: Vec<&str> = match &group[0].kind {
            TypeKind::Struct(s) if users > 0 => {
                s.fields.iter().map(|f| f.wire_name.as_str()).collect()
            }
            _ => Vec::new(),
        };
        let derived = if fields.is_empty() {
            Derived {
                wanted: None,
                fallback: own_name(&survivor).to_owned(),
            }
        } else {
            derive(&members, &fields)
        };
        Named {
            gone: group
                .iter()
                .map(|d| d.id.clone())
                .filter(|id| *id != survivor)
                .collect(),
            survivor,
            derived,
            current: group.iter().map(|d| d.name.clone()).collect(),
            size: members.len(),
            docs: (users > 1).then(|| {
                format!(
                    "Parameters {users} operations share; each names them under its own name, \
                     an alias of this struct."
                )
            }),
        }
    }
}

/// Give every merged type the own names of its members that differ from its
/// name as aliases (sorted by id, one per name), leaving out the names
/// operations give their parameters (`ParamSet::name`, aliased by the
/// emitter already).
fn add_aliases(types: &mut TypeSpace, operations: &[Operation], own: &BTreeMap<TypeId, String>) {
    let param_names: BTreeSet<&str> = operations
        .iter()
        .flat_map(|op| op.query.iter().chain(op.body.iter().map(|b| &b.params)))
        .map(|set| set.name.as_str())
        .collect();
    for def in types.types.values_mut() {
        let mut seen: BTreeSet<&str> = BTreeSet::from([def.name.as_str()]);
        let mut aliases = Vec::new();
        for id in std::iter::once(&def.id).chain(&def.merged) {
            let Some(name) = own.get(id) else { continue };
            if param_names.contains(name.as_str()) || !seen.insert(name.as_str()) {
                continue;
            }
            aliases.push(TypeAlias {
                id: id.clone(),
                name: name.clone(),
            });
        }
        aliases.sort();
        def.aliases = aliases;
    }
}

/// The name of each group: its wanted name when it is the group with the
/// most members that wants it (then the smallest id) and no other type holds
/// it, else its fallback.
fn settle(named: &[Named], held: &BTreeSet<&str>) -> Vec<String> {
    let mut claims: BTreeMap<&str, (std::cmp::Reverse<usize>, &TypeId)> = BTreeMap::new();
    for group in named {
        if let Some(name) = group.derived.wanted.as_deref() {
            if held.contains(name) && !group.current.contains(name) {
                continue;
            }
            let claim = (std::cmp::Reverse(group.size), &group.survivor);
            let best = claims.entry(name).or_insert(claim);
            *best = (*best).min(claim);
        }
    }
    named
        .iter()
        .map(|group| {
            let won = |n: &&str| claims.get(n).is_some_and(|(_, s)| **s == group.survivor);
            let wanted = group.derived.wanted.as_deref().filter(won);
            wanted.unwrap_or(&group.derived.fallback).to_owned()
        })
        .collect()
}

/// Point every reference to a merged-away type at its survivor, and refresh
/// the shape key of every type whose references changed.
fn rewrite(
    types: &mut TypeSpace,
    operations: &mut [Operation],
    alias: &BTreeMap<TypeId, TypeId>,
    keys: &mut BTreeMap<TypeId, String>,
) {
    let rewrote = std::cell::Cell::new(false);
    let f = |id: &TypeId| {
        let to = alias.get(id).cloned();
        if to.is_some() {
            rewrote.set(true);
        }
        to
    };
    for def in types.types.values_mut() {
        if let TypeKind::Struct(s) = &mut def.kind {
            for field in &mut s.fields {
                let target = walk::innermost_named(&field.ty);
                if field.place.is_none() && target.is_some_and(|id| alias.contains_key(id)) {
                    field.place = target.cloned();
                }
            }
        }
        rewrote.set(false);
        walk::rewrite_def(def, &f);
        if rewrote.get() {
            if let Some(key) = keys.get_mut(&def.id) {
                *key = shape_key(&def.id, &def.kind);
            }
        }
    }
    for op in operations.iter_mut() {
        walk::rewrite_operation(op, &f);
    }
}

/// The shape of a kind: everything but docs and where fields' types sat,
/// after the namespace of the type (`ir/namespace.rs`): shapes of v1 and API
/// v2 never merge, since each namespace names (and encodes) its own.
fn shape_key(id: &TypeId, kind: &TypeKind) -> String {
    let mut kind = kind.clone();
    if let TypeKind::Struct(s) = &mut kind {
        for f in &mut s.fields {
            f.docs = None;
            f.place = None;
        }
    }
    format!(
        "{}|{}",
        Namespace::of_type(id),
        serde_json::to_string(&kind).unwrap_or_default()
    )
}
