//! Break cycles of directly contained types with `Box`.
//!
//! A type contains another directly through a field or variant that is not
//! already behind a heap indirection (`Vec`, map, `Expandable`). Within a
//! strongly connected component of that graph every such edge is boxed.

use std::collections::BTreeMap;

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

/// Strongly connected components (Tarjan, iterative over sorted ids).
fn components(graph: &BTreeMap<TypeId, Vec<TypeId>>) -> BTreeMap<TypeId, usize> {
    struct State<'g> {
        graph: &'g BTreeMap<TypeId, Vec<TypeId>>,
        index: BTreeMap<&'g TypeId, usize>,
        low: BTreeMap<&'g TypeId, usize>,
        stack: Vec<&'g TypeId>,
        on_stack: std::collections::BTreeSet<&'g TypeId>,
        comp: BTreeMap<TypeId, usize>,
        next: usize,
        comps: usize,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g TypeId) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        let graph = s.graph;
        for w in graph.get(v).into_iter().flatten() {
            let Some((w, _)) = graph.get_key_value(w) else {
                continue;
            };
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                if let Some(lv) = s.low.get_mut(v) {
                    *lv = (*lv).min(lw);
                }
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                if let Some(lv) = s.low.get_mut(v) {
                    *lv = (*lv).min(iw);
                }
            }
        }
        if s.low[v] == s.index[v] {
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                s.comp.insert(w.clone(), s.comps);
                if w == v {
                    break;
                }
            }
            s.comps += 1;
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: Default::default(),
        comp: BTreeMap::new(),
        next: 0,
        comps: 0,
    };
    for v in graph.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.comp
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
