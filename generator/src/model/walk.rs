//! Visiting the type references held by types and operations.

use crate::ir::{Operation, Pagination, TypeDef, TypeId, TypeKind, TypeRef, UnionDef};

/// Every `TypeRef` a type holds directly, mutably.
pub fn refs_mut(def: &mut TypeDef) -> Vec<&mut TypeRef> {
    match &mut def.kind {
        TypeKind::Struct(s) => s.fields.iter_mut().map(|f| &mut f.ty).collect(),
        TypeKind::Union(UnionDef::Untagged { variants }) => {
            variants.iter_mut().map(|v| &mut v.ty).collect()
        }
        TypeKind::Union(UnionDef::Tagged { .. }) | TypeKind::Enum(_) | TypeKind::Opaque(_) => {
            Vec::new()
        }
    }
}

/// Every named type a type refers to (through any wrapper).
pub fn named_targets(def: &TypeDef) -> Vec<TypeId> {
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().for_each(|f| collect(&f.ty, &mut out)),
        TypeKind::Union(UnionDef::Untagged { variants }) => {
            variants.iter().for_each(|v| collect(&v.ty, &mut out))
        }
        TypeKind::Union(UnionDef::Tagged { variants }) => {
            out.extend(variants.iter().map(|v| v.ty.clone()))
        }
        TypeKind::Enum(_) | TypeKind::Opaque(_) => {}
    }
    out
}

/// Named types inside a reference.
pub fn collect(ty: &TypeRef, out: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => out.push(id.clone()),
        TypeRef::Array(t)
        | TypeRef::Map(t)
        | TypeRef::Expandable(t)
        | TypeRef::Clearable(t)
        | TypeRef::List(t)
        | TypeRef::SearchResult(t)
        | TypeRef::V2List(t) => collect(t, out),
        _ => {}
    }
}

/// Rewrite every id inside a reference.
pub fn rewrite(ty: &mut TypeRef, f: &impl Fn(&TypeId) -> Option<TypeId>) {
    match ty {
        TypeRef::Named(id) => {
            if let Some(new) = f(id) {
                *id = new;
            }
        }
        TypeRef::Array(t)
        | TypeRef::Map(t)
        | TypeRef::Expandable(t)
        | TypeRef::Clearable(t)
        | TypeRef::List(t)
        | TypeRef::SearchResult(t)
        | TypeRef::V2List(t) => rewrite(t, f),
        _ => {}
    }
}

/// Rewrite every id a type or operation holds.
pub fn rewrite_def(def: &mut TypeDef, f: &impl Fn(&TypeId) -> Option<TypeId>) {
    if let TypeKind::Union(UnionDef::Tagged { variants }) = &mut def.kind {
        for v in variants {
            if let Some(new) = f(&v.ty) {
                v.ty = new;
            }
        }
    }
    for r in refs_mut(def) {
        rewrite(r, f);
    }
}

pub fn rewrite_operation(op: &mut Operation, f: &impl Fn(&TypeId) -> Option<TypeId>) {
    for set in op
        .query
        .iter_mut()
        .chain(op.body.iter_mut().map(|b| &mut b.params))
    {
        if let Some(new) = f(&set.ty) {
            set.ty = new;
        }
    }
    rewrite(&mut op.success.ty, f);
    match &mut op.pagination {
        Some(
            Pagination::Cursor { item }
            | Pagination::Page { item }
            | Pagination::NextPageUrl { item },
        ) => rewrite(item, f),
        None => {}
    }
}

/// The named types an operation starts from: (request roots, response roots).
pub fn operation_roots(op: &Operation) -> (Vec<TypeId>, Vec<TypeId>) {
    let request = op
        .query
        .iter()
        .chain(op.body.iter().map(|b| &b.params))
        .map(|s| s.ty.clone())
        .collect();
    let mut response = Vec::new();
    collect(&op.success.ty, &mut response);
    (request, response)
}

/// The named type a field's type holds, through arrays, maps, expandables,
/// clearables and pages (`Option<Vec<Clearable<T>>>` → `T`).
pub fn innermost_named(ty: &TypeRef) -> Option<&TypeId> {
    let mut ty = ty;
    loop {
        match ty {
            TypeRef::Named(id) => return Some(id),
            TypeRef::Array(inner)
            | TypeRef::Map(inner)
            | TypeRef::Expandable(inner)
            | TypeRef::Clearable(inner)
            | TypeRef::List(inner)
            | TypeRef::SearchResult(inner)
            | TypeRef::V2List(inner) => ty = inner,
            _ => return None,
        }
    }
}
