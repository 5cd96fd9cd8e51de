//! Break cycles of directly contained types with `Box`.
//!
//! A type contains another directly through a field or variant that is not
//! already behind a heap indirection (`Vec`, map, `Expandable`). Within a
//! strongly connected component of that graph every such edge is boxed.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{TypeId, TypeKind, TypeRef, TypeSpace, UnionDef};

fn direct(ty: &TypeRef) -> Option<&TypeId> {
    match ty {
        TypeRef::Named(id) => Some(id),
        TypeRef::Clearable(inner) => direct(inner),
        _ => None,
    }
}

fn edges(types: &TypeSpace) -> BTreeMap<TypeId, Vec<TypeId>> {
    types
        .iter()
        .map(|def| {
            let out = match &def.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .filter_map(|f| direct(&f.ty).cloned())
                    .collect(),
                TypeKind::Union(UnionDef::Untagged { variants }) => variants
                    .iter()
                    .filter_map(|v| direct(&v.ty).cloned())
                    .collect(),
                TypeKind::Union(UnionDef::Tagged { variants }) => {
                    variants.iter().map(|v| v.ty.clone()).collect()
                }
                TypeKind::Enum(_) | TypeKind::Opaque(_) => Vec::new(),
            };
            (def.id.clone(), out)
        })
        .collect()
}

/// Strongly connected components: Tarjan's algorithm over sorted ids, with
/// an explicit stack (a chain of thousands of types must not recurse).
fn components(graph: &BTreeMap<TypeId, Vec<TypeId>>) -> BTreeMap<TypeId, usize> {
    let mut index: BTreeMap<&TypeId, usize> = BTreeMap::new();
    let mut low: BTreeMap<&TypeId, usize> = BTreeMap::new();
    let mut stack: Vec<&TypeId> = Vec::new();
    let mut on_stack: BTreeSet<&TypeId> = BTreeSet::new();
    let mut comp: BTreeMap<TypeId, usize> = BTreeMap::new();
    let (mut next, mut comps) = (0usize, 0usize);
    for root in graph.keys() {
        if index.contains_key(root) {
            continue;
        }
        // Each frame: a node and how many of its edges are done.
        let mut frames: Vec<(&TypeId, usize)> = vec![(root, 0)];
        index.insert(root, next);
        low.insert(root, next);
        next += 1;
        stack.push(root);
        on_stack.insert(root);
        while let Some(&mut (v, ref mut done)) = frames.last_mut() {
            let out = graph.get(v).map(Vec::as_slice).unwrap_or_default();
            if let Some(w) = out.get(*done) {
                *done += 1;
                let Some((w, _)) = graph.get_key_value(w) else {
                    continue;
                };
                if !index.contains_key(w) {
                    index.insert(w, next);
                    low.insert(w, next);
                    next += 1;
                    stack.push(w);
                    on_stack.insert(w);
                    frames.push((w, 0));
                } else if on_stack.contains(w) {
                    let iw = index[w];
                    if let Some(lv) = low.get_mut(v) {
                        *lv = (*lv).min(iw);
                    }
                }
                continue;
            }
            // Every edge of `v` done: close its component, report to the parent.
            frames.pop();
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack.remove(w);
                    comp.insert(w.clone(), comps);
                    if w == v {
                        break;
                    }
                }
                comps += 1;
            }
            if let Some(&(parent, _)) = frames.last() {
                let lv = low[v];
                if let Some(lp) = low.get_mut(parent) {
                    *lp = (*lp).min(lv);
                }
            }
        }
    }
    comp
}

pub fn box_cycles(types: &mut TypeSpace) {
    let graph = edges(types);
    let comp = components(&graph);
    let same = |a: &TypeId, b: &TypeId| comp.get(a).is_some_and(|ca| comp.get(b) == Some(ca));
    for def in types.types.values_mut() {
        let me = def.id.clone();
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    f.boxed = direct(&f.ty).is_some_and(|t| same(&me, t));
                }
            }
            TypeKind::Union(UnionDef::Untagged { variants }) => {
                for v in variants {
                    v.boxed = direct(&v.ty).is_some_and(|t| same(&me, t));
                }
            }
            TypeKind::Union(UnionDef::Tagged { variants }) => {
                for v in variants {
                    v.boxed = same(&me, &v.ty);
                }
            }
            TypeKind::Enum(_) | TypeKind::Opaque(_) => {}
        }
    }
}
