//! The Rust shapes emission writes, settled once the type space is final
//! (after usage, cycles and names), and checked here so that emission trusts
//! them: module names, each field's [`FieldShape`] and clear method, each operation's path
//! segments, call shape, paging cursor fields and method names. Clashes
//! between the names of one item (a struct's fields, a builder's methods, a
//! group's methods) are typed errors naming the spec location.

use std::collections::BTreeMap;

use crate::error::{Error, Location, Result};
use crate::ir::{
    Call, CallShape, FieldShape, Model, Namespace, Operation, Pagination, PathSegment, TypeDef,
    TypeKind, TypeRef, TypeSpace,
};
use crate::naming;

/// The member of a response struct that keeps what no field has (the
/// runtime's `Extra`): no field may take its name.
pub const EXTRA_FIELD: &str = "extra";

/// Settle every shape and method name of `model` (run by `model::build`;
/// hand-made models call it before emission).
pub fn settle(model: &mut Model) -> Result<()> {
    super::crate_names::check(model)?;
    super::kinds::check(model)?;
    for def in model.types.types.values_mut() {
        check_module(&def.id.0, &def.module.file)?;
        settle_struct(def)?;
    }
    // A group is its namespace's (`accounts` of v1 and `v2::core` are two groups).
    let mut groups: BTreeMap<(Namespace, String), BTreeMap<String, String>> = BTreeMap::new();
    for op in &mut model.operations {
        check_module(&op.location, &op.group)?;
        op.segments = segments(op)?;
        op.call = call(&model.types, op)?;
        let methods = groups
            .entry((op.namespace.clone(), op.group.clone()))
            .or_insert_with(|| {
                naming::GROUP_METHODS
                    .iter()
                    .map(|m| (m.to_string(), "the accessor's own method".to_owned()))
                    .collect()
            });
        let names = [op.method_name.as_str(), op.call.request.as_str()]
            .into_iter()
            .chain(
                [
                    &op.call.with,
                    &op.call.auto_paging,
                    &op.call.auto_paging_with,
                ]
                .into_iter()
                .flatten()
                .map(String::as_str),
            );
        for name in names {
            let name = naming::bare(name);
            if let Some(other) = methods.insert(name.to_owned(), op.operation_id.clone()) {
                return Err(Error::MethodClash {
                    location: Location::new(&op.location),
                    owner: match op.namespace.is_root() {
                        true => format!("group `{}`", op.group),
                        false => format!("group `{}::{}`", op.namespace, op.group),
                    },
                    name: name.to_owned(),
                    other,
                });
            }
        }
    }
    Ok(())
}

/// A module name (a type's file, a group's module) must be one.
fn check_module(location: &str, name: &str) -> Result<()> {
    if naming::is_module_ident(name) {
        Ok(())
    } else {
        Err(Error::InvalidModule {
            location: Location::new(location),
            name: name.to_owned(),
        })
    }
}

/// Field shapes and clear methods of a struct; its field names and builder
/// methods unique.
fn settle_struct(def: &mut TypeDef) -> Result<()> {
    let TypeKind::Struct(s) = &mut def.kind else {
        return Ok(());
    };
    let location = || Location::new(def.id.as_str());
    let mut rust = BTreeMap::new();
    let mut wire = BTreeMap::new();
    if def.usage.is_response() {
        rust.insert(EXTRA_FIELD.to_owned(), ());
    }
    let mut methods = BTreeMap::from([(naming::BUILDER_CONSTRUCTOR.to_owned(), ())]);
    for field in &mut s.fields {
        field.shape = FieldShape::of(def.usage, field.required, field.nullable);
        field.clear = (def.usage.is_request() && matches!(field.ty, TypeRef::Clearable(_)))
            .then(|| naming::clear_method(&field.rust_name));
        for (names, name) in [(&mut rust, &field.rust_name), (&mut wire, &field.wire_name)] {
            if names.insert(name.clone(), ()).is_some() {
                return Err(Error::DuplicateField {
                    location: location(),
                    owner: def.name.clone(),
                    name: name.clone(),
                });
            }
        }
    }
    if def.usage.is_request() {
        let setters = s
            .fields
            .iter()
            .filter(|f| !f.shape.is_plain())
            .map(|f| naming::bare(&f.rust_name));
        let clears = s.fields.iter().filter_map(|f| f.clear.as_deref());
        for name in setters.chain(clears) {
            if methods.insert(name.to_owned(), ()).is_some() {
                return Err(Error::MethodClash {
                    location: location(),
                    owner: format!("the builder of `{}`", def.name),
                    name: name.to_owned(),
                    other: "a setter, clearer or `new`".to_owned(),
                });
            }
        }
    }
    Ok(())
}

/// The path template as literal text and path parameters: every `{name}`
/// one of the operation's path parameters, each of them used.
fn segments(op: &Operation) -> Result<Vec<PathSegment>> {
    let err = |problem: String| Error::PathTemplate {
        location: Location::new(&op.location),
        path: op.path.clone(),
        problem,
    };
    let mut out = Vec::new();
    let mut used = vec![false; op.path_params.len()];
    let mut rest = op.path.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            return Err(err("unclosed `{`".to_owned()));
        };
        let wire = &rest[open + 1..close];
        let Some(index) = op.path_params.iter().position(|p| p.wire_name == wire) else {
            return Err(err(format!("`{wire}` is not a path parameter")));
        };
        used[index] = true;
        if open > 0 {
            out.push(PathSegment::Literal(rest[..open].to_owned()));
        }
        out.push(PathSegment::Param(index));
        rest = &rest[close + 1..];
    }
    if rest.contains('}') {
        return Err(err("stray `}`".to_owned()));
    }
    if !rest.is_empty() {
        out.push(PathSegment::Literal(rest.to_owned()));
    }
    if let Some(unused) = used.iter().position(|u| !u) {
        let name = &op.path_params[unused].wire_name;
        return Err(err(format!("path parameter `{name}` is not in it")));
    }
    Ok(out)
}

/// The call shape (ARCHITECTURE.md, "Call shapes") and the method names it
/// and the paging give. Every parameter set must be a request struct, every
/// path parameter a string, and every paging cursor an optional string field.
fn call(types: &TypeSpace, op: &Operation) -> Result<Call> {
    let err = |problem: String| Error::OperationShape {
        location: Location::new(&op.location),
        operation: op.operation_id.clone(),
        problem,
    };
    if let Some(p) = op.path_params.iter().find(|p| p.ty != TypeRef::String) {
        return Err(err(format!(
            "path parameter `{}` is not a string",
            p.wire_name
        )));
    }
    let sets = op.query.iter().chain(op.body.as_ref().map(|b| &b.params));
    let mut shape = None;
    for set in sets {
        let fields = match types.get(&set.ty) {
            Some(def) if def.usage.is_request() => match &def.kind {
                TypeKind::Struct(s) => &s.fields,
                _ => return Err(err(format!("parameters `{}` are not a struct", def.name))),
            },
            Some(def) => {
                return Err(err(format!(
                    "parameters `{}` are not a request type",
                    def.name
                )))
            }
            None => return Err(err(format!("parameters `{}` are not in the model", set.ty))),
        };
        let optional = fields.iter().all(|f| !f.shape.is_plain());
        shape = Some(match shape {
            Some(CallShape::One) => CallShape::One,
            _ if optional => CallShape::PlainAndWith,
            _ => CallShape::One,
        });
    }
    let shape = shape.unwrap_or(CallShape::One);
    let pages = match (&op.pagination, &op.query) {
        (Some(pagination), Some(query)) => {
            check_cursors(types, pagination, &query.ty).map_err(err)?;
            true
        }
        _ => false,
    };
    let with = shape == CallShape::PlainAndWith;
    let auto_paging = pages.then(|| naming::auto_paging_method(&op.method_name));
    Ok(Call {
        shape,
        request: naming::request_function(&op.method_name),
        with: with.then(|| naming::with_method(&op.method_name)),
        auto_paging_with: auto_paging
            .as_deref()
            .filter(|_| with)
            .map(naming::with_method),
        auto_paging,
    })
}

/// Each cursor field named by `pagination` is an optional string of the query.
fn check_cursors(
    types: &TypeSpace,
    pagination: &Pagination,
    query: &crate::ir::TypeId,
) -> std::result::Result<(), String> {
    let names: Vec<&str> = match pagination {
        Pagination::Cursor {
            starting_after,
            ending_before,
            ..
        } => std::iter::once(starting_after.as_str())
            .chain(ending_before.as_deref())
            .collect(),
        Pagination::Page { page, .. } => vec![page.as_str()],
        // API v2 pages are walked by their `next_page_url`: no cursor in the query.
        Pagination::NextPageUrl { .. } => Vec::new(),
    };
    let fields = match types.get(query).map(|def| &def.kind) {
        Some(TypeKind::Struct(s)) => &s.fields,
        _ => return Err("query parameters are not a struct".to_owned()),
    };
    for name in names {
        match fields.iter().find(|f| f.rust_name == name) {
            Some(f) if f.ty == TypeRef::String && !f.required => {}
            Some(f) => {
                return Err(format!(
                    "cursor `{}` is not an optional string",
                    f.wire_name
                ))
            }
            None => return Err(format!("no cursor field `{name}`")),
        }
    }
    Ok(())
}
