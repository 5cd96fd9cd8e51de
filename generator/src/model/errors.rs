//! The specific errors an operation declares (API v2). Its `default`
//! response is a `oneOf` of the generic `v2.error` and, in operations that
//! declare them, `v2.error.*` schemas that each pin `error.code` to one value.
//! The runtime decodes every error into `Error::Api` whatever its schema, so
//! nothing here is converted: the model records the codes, so an operation
//! can offer an open enum of the errors it may answer with.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use crate::error::Result;
use crate::ir::ErrorCase;
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
