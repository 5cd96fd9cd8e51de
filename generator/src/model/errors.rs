//! The specific errors an operation declares (API v2). Its `default`
//! response is a `oneOf` of the generic `v2.error` and, in operations that
//! declare them, `v2.error.*` schemas that each pin `error.code` to one value.
//! The runtime decodes every error into `Error::Api` whatever its schema, so
//! nothing here is converted: the model records the codes, so an operation
//! can offer an open enum of the errors it may answer with.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use std::collections::BTreeMap;

use heck::ToSnakeCase;

use crate::error::{Error, Location, Result};
use crate::ir::{
    EnumDef, EnumValue, ErrorCase, ModuleFolder, ModulePath, Namespace, Operation, Origin, TypeDef,
    TypeId, TypeKind, TypeSpace, Usage,
};
use crate::naming::{enum_value_idents, NameScope, ENUM_FALLBACK};
use crate::resolve::child;

use super::operations::{Found, Site};
use super::schema::TypeBuilder;

impl<'a> TypeBuilder<'a> {
    /// The `$ref` alternatives of the `default` response's JSON schema (or the
    /// schema itself when it is a `$ref`) whose `error.code` is a one-value
    /// enum, sorted by code. Two schemas pinning one code are an error: the
    /// code is what tells them apart.
    pub(super) fn error_cases(&self, found: &Found<'a>, site: &Site) -> Result<Vec<ErrorCase>> {
        let Some(ReferenceOr::Item(response)) = &found.op.responses.default else {
            return Ok(Vec::new());
        };
        let Some(schema) = response
            .content
            .get("application/json")
            .and_then(|m| m.schema.as_ref())
        else {
            return Ok(Vec::new());
        };
        let sptr = child(
            &child(&child(&child(&site.ptr, "responses"), "default"), "content"),
            "application/json",
        );
        let sptr = child(&sptr, "schema");
        let alternatives: Vec<(String, &ReferenceOr<Schema>)> = match schema {
            ReferenceOr::Reference { .. } => vec![(sptr, schema)],
            ReferenceOr::Item(s) => match &s.schema_kind {
                SchemaKind::OneOf { one_of: list } | SchemaKind::AnyOf { any_of: list } => {
                    let key = if matches!(s.schema_kind, SchemaKind::OneOf { .. }) {
                        "oneOf"
                    } else {
                        "anyOf"
                    };
                    list.iter()
                        .enumerate()
                        .map(|(i, alt)| (child(&child(&sptr, key), &i.to_string()), alt))
                        .collect()
                }
                _ => Vec::new(),
            },
        };
        let mut cases: Vec<(ErrorCase, String)> = Vec::new();
        for (at, alternative) in alternatives {
            let ReferenceOr::Reference { reference } = alternative else {
                continue;
            };
            let (name, target) = self.resolver.component(reference, &at)?;
            let Some((code, members)) = pinned_code(target) else {
                continue;
            };
            if let Some((held, _)) = cases.iter().find(|(c, _)| c.code == code) {
                if held.schema != name {
                    return Err(self.unsupported_at(
                        &at,
                        format!(
                            "error code `{code}` is pinned by both `{}` and `{name}`",
                            held.schema
                        ),
                    ));
                }
                continue;
            }
            cases.push((
                ErrorCase {
                    code,
                    schema: name.to_owned(),
                    members,
                },
                at,
            ));
        }
        let mut cases: Vec<ErrorCase> = cases.into_iter().map(|(c, _)| c).collect();
        cases.sort();
        Ok(cases)
    }
}

/// The one value of an error schema's `error.code` (`properties.error`, an
/// inline object, whose `code` is a string enum of one value), and the other
/// members of `error` but `message`, in name order.
fn pinned_code(schema: &Schema) -> Option<(String, Vec<String>)> {
    let error = inline_property(schema, "error")?;
    let code = match &inline_property(error, "code")?.schema_kind {
        SchemaKind::Type(Type::String(s)) => match s.enumeration.as_slice() {
            [Some(value)] => value.clone(),
            _ => return None,
        },
        _ => return None,
    };
    let SchemaKind::Type(Type::Object(o)) = &error.schema_kind else {
        return None;
    };
    let mut members: Vec<String> = o
        .properties
        .keys()
        .filter(|k| *k != "code" && *k != "message")
        .cloned()
        .collect();
    members.sort();
    Some((code, members))
}

/// The inline schema of an object's property `name`.
fn inline_property<'s>(schema: &'s Schema, name: &str) -> Option<&'s Schema> {
    let SchemaKind::Type(Type::Object(o)) = &schema.schema_kind else {
        return None;
    };
    match o.properties.get(name)? {
        ReferenceOr::Item(p) => Some(p.as_ref()),
        ReferenceOr::Reference { .. } => None,
    }
}

/// The component every `v2.error.*` schema specialises: the crate-wide
/// enum of error codes takes its id from its `error.code`, so it lives in
/// that component's namespace (`v2`).
const GENERIC_V2_ERROR: &str = "#/components/schemas/v2.error/properties/error/properties/code";

/// The enum's name in its namespace (`v2::ErrorCode`).
pub const ERROR_CODE_TYPE: &str = "ErrorCode";

/// Adds the open enum of every error code the selected operations declare
/// ([`Operation::errors`](crate::ir::Operation::errors)): one value per code,
/// sorted by code, named by [`enum_value_idents`] (the rule of every enum:
/// punctuation spelled out for codes whose plain names collide, a code named
/// as the fallback suffixed). A code pinned by several schemas is one value.
/// `None` when no operation declares one (v1 only). Two codes no rule names
/// apart are a `NameCollision`; a code with nothing to name it by an
/// `InvalidName`.
pub fn attach_codes(types: &mut TypeSpace, operations: &[Operation]) -> Result<Option<TypeId>> {
    let mut codes: BTreeMap<&str, &str> = BTreeMap::new();
    for op in operations {
        for case in &op.errors {
            codes.entry(&case.code).or_insert(&op.location);
        }
    }
    if codes.is_empty() {
        return Ok(None);
    }
    let wires: Vec<&str> = codes.keys().copied().collect();
    let names = enum_value_idents(&wires).map_err(|wire| Error::InvalidName {
        location: Location::new(codes[wire]),
        wire: wire.to_owned(),
        rust: String::new(),
    })?;
    let mut scope = NameScope::new();
    scope.claim(ENUM_FALLBACK, "the fallback variant for unlisted codes")?;
    let mut values = Vec::with_capacity(wires.len());
    for (wire, rust_name) in wires.iter().zip(names) {
        scope.claim(&rust_name, &format!("error code `{wire}`"))?;
        values.push(EnumValue {
            wire: (*wire).to_owned(),
            rust_name,
        });
    }
    let id = TypeId(GENERIC_V2_ERROR.to_owned());
    let namespace = Namespace::of_type(&id);
    types.types.insert(
        id.clone(),
        TypeDef {
            id: id.clone(),
            name: ERROR_CODE_TYPE.to_owned(),
            origin: Origin::Inline { title: None },
            module: ModulePath {
                namespace,
                folder: ModuleFolder::Resources,
                file: ERROR_CODE_TYPE.to_snake_case(),
            },
            resource: None,
            usage: Usage::Response,
            docs: Some(
                "The code of an API v2 error: one value per specific error the operations \
                 declare (`error.code`), read from an `ApiError` with `ErrorCode::of`. Codes \
                 this crate does not list, the generic error's among them, are kept as they \
                 are."
                    .to_owned(),
            ),
            kind: TypeKind::Enum(EnumDef {
                values,
                bypass_validation: false,
            }),
            merged: Vec::new(),
            aliases: Vec::new(),
        },
    );
    Ok(Some(id))
}
