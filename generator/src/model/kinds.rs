//! What every type of a finished model must be for emission to write it,
//! checked once (emission trusts it): every named type it refers to exists
//! and travels the way it is used (a request type's parts are sent, a
//! response's received; binary data is never received as JSON), an enum's
//! variants and values are distinct and leave the fallback's name free, a
//! union's variants are distinct, leave the fallback's name free, and a
//! tagged union (responses only) has one variant per tag; an untagged union
//! has a variant.

use std::collections::BTreeSet;

use crate::error::{Error, Location, Result};
use crate::ir::{Model, TypeDef, TypeKind, TypeRef, TypeSpace, UnionDef, Usage};
use crate::naming;

pub(super) fn check(model: &Model) -> Result<()> {
    for def in model.types.iter() {
        check_type(&model.types, def)?;
    }
    for op in model
        .operations
        .iter()
        .filter(|op| op.success.media == crate::ir::ResponseMedia::Json)
    {
        let owner = format!("the response of {}", op.operation_id);
        usage(
            &model.types,
            &op.location,
            &owner,
            &op.success.ty,
            Usage::Response,
        )?;
    }
    Ok(())
}

fn check_type(space: &TypeSpace, def: &TypeDef) -> Result<()> {
    let at = def.id.as_str();
    let err = |problem: String| Error::InvalidType {
        location: Location::new(at),
        name: def.name.clone(),
        problem,
    };
    match &def.kind {
        TypeKind::Struct(s) => {
            for f in &s.fields {
                let owner = format!("field `{}` of `{}`", f.wire_name, def.name);
                usage(space, at, &owner, &f.ty, def.usage)?;
            }
        }
        TypeKind::Enum(e) => {
            let mut names = BTreeSet::new();
            let mut wires = BTreeSet::new();
            for v in &e.values {
                if v.rust_name == naming::ENUM_FALLBACK || !names.insert(v.rust_name.as_str()) {
                    return Err(err(format!("variant name `{}` is taken", v.rust_name)));
                }
                if !wires.insert(v.wire.as_str()) {
                    return Err(err(format!("value `{}` is listed twice", v.wire)));
                }
            }
        }
        TypeKind::Union(UnionDef::Tagged { variants }) => {
            if def.usage.is_request() {
                return Err(err(
                    "a tagged union used in a request; only responses can be tagged".to_owned(),
                ));
            }
            distinct(variants.iter().map(|v| v.rust_name.as_str())).map_err(&err)?;
            let mut tags = std::collections::BTreeMap::new();
            for v in variants {
                if let Some(first) = tags.insert((v.object.as_str(), v.deleted), &v.rust_name) {
                    return Err(err(format!(
                        "variants `{first}` and `{}` have the same tag",
                        v.rust_name
                    )));
                }
                let owner = format!("variant `{}` of `{}`", v.rust_name, def.name);
                usage(space, at, &owner, &TypeRef::Named(v.ty.clone()), def.usage)?;
            }
        }
        TypeKind::Union(UnionDef::Untagged { variants }) => {
            if variants.is_empty() {
                return Err(err("a union without variants".to_owned()));
            }
            distinct(variants.iter().map(|v| v.rust_name.as_str())).map_err(&err)?;
            for v in variants {
                let owner = format!("variant `{}` of `{}`", v.rust_name, def.name);
                usage(space, at, &owner, &v.ty, def.usage)?;
            }
        }
        TypeKind::Opaque(_) => {}
    }
    Ok(())
}

/// A union's variant names: distinct, and none the fallback's.
fn distinct<'a>(names: impl Iterator<Item = &'a str>) -> std::result::Result<(), String> {
    let mut seen = BTreeSet::new();
    for name in names {
        if name == naming::UNION_FALLBACK || !seen.insert(name) {
            return Err(format!("variant name `{name}` is taken"));
        }
    }
    Ok(())
}

/// Every named type `ty` reaches exists and can travel the way its user
/// (`owner`, at `at`) does.
fn usage(space: &TypeSpace, at: &str, owner: &str, ty: &TypeRef, used: Usage) -> Result<()> {
    let err = |problem: String| Error::InvalidType {
        location: Location::new(at),
        name: owner.to_owned(),
        problem,
    };
    match ty {
        TypeRef::Named(id) => {
            let Some(def) = space.get(id) else {
                return Err(err(format!("refers to `{id}`, which is not in the model")));
            };
            let missing_request = used.is_request() && !def.usage.is_request();
            let missing_response = used.is_response() && !def.usage.is_response();
            if missing_request || missing_response {
                return Err(err(format!(
                    "used as {used:?} but refers to `{}` ({id}), used only as {:?}",
                    def.name, def.usage
                )));
            }
            Ok(())
        }
        TypeRef::Binary if used.is_response() => Err(err(
            "received as JSON but holds binary data, which JSON cannot carry".to_owned(),
        )),
        TypeRef::Array(inner)
        | TypeRef::Map(inner)
        | TypeRef::Expandable(inner)
        | TypeRef::Clearable(inner)
        | TypeRef::List(inner)
        | TypeRef::SearchResult(inner)
        | TypeRef::V2List(inner) => usage(space, at, owner, inner, used),
        _ => Ok(()),
    }
}
