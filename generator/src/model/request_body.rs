//! An operation's request body: one form, multipart or (API v2) JSON struct,
//! with each top-level form field's encoding.

use std::collections::BTreeMap;

use openapiv3::{QueryStyle, ReferenceOr, SchemaKind, Type};

use crate::error::Result;
use crate::ir::{BodyMedia, ParamSet, ParamStyle, RequestBody, TypeRef, WireStyle};
use crate::resolve::{child, Node};

use super::operations::{Found, Site};
use super::schema::TypeBuilder;

impl<'a> TypeBuilder<'a> {
    /// The request body (form or multipart) as one struct with each
    /// top-level field's encoding; none for an object with no properties.
    pub(super) fn body(&mut self, found: &Found<'a>, site: &Site) -> Result<Option<RequestBody>> {
        let Some(body) = &found.op.request_body else {
            return Ok(None);
        };
        let bptr = child(&site.ptr, "requestBody");
        let ReferenceOr::Item(body) = body else {
            return Err(self.unsupported_at(&bptr, "a request body given as a $ref"));
        };
        let Some((media_name, media)) = body.content.iter().next() else {
            return Ok(None);
        };
        if body.content.len() > 1 {
            return Err(self.unsupported_at(&bptr, "a request body with several media types"));
        }
        let kind = match media_name.as_str() {
            "application/x-www-form-urlencoded" => BodyMedia::Form,
            "multipart/form-data" => BodyMedia::Multipart,
            // API v2. An `encoding` object applies to form and multipart
            // bodies only (OpenAPI 3.0), so a JSON body's styles stay empty.
            "application/json" => BodyMedia::Json,
            other => {
                return Err(self.unsupported_at(&bptr, format!("request body media type `{other}`")))
            }
        };
        let mptr = child(&child(&bptr, "content"), media_name);
        let Some(schema) = &media.schema else {
            return Ok(None);
        };
        // An object with no properties is no parameter at all (Stripe gives GETs one).
        if let ReferenceOr::Item(s) = schema {
            if let SchemaKind::Type(Type::Object(o)) = &s.schema_kind {
                if o.properties.is_empty() {
                    return Ok(None);
                }
            }
        }
        let mut ctx = site.ctx(&site.type_base, true);
        ctx.docs = Some(format!(
            "Parameters of `{} {}`.",
            found.method.as_str(),
            found.path
        ));
        let ty = self.node(Node::from(schema), &child(&mptr, "schema"), &ctx)?;
        let TypeRef::Named(ty) = ty else {
            return Err(self.unsupported_at(&mptr, "a request body that is not an object"));
        };
        let mut styles = BTreeMap::new();
        let encodings = match kind {
            BodyMedia::Json => None,
            BodyMedia::Form | BodyMedia::Multipart => Some(&media.encoding),
        };
        for (field, enc) in encodings.into_iter().flatten() {
            let style = match &enc.style {
                Some(QueryStyle::DeepObject) => ParamStyle::DeepObject,
                Some(QueryStyle::Form) | None => ParamStyle::Form,
                Some(other) => {
                    return Err(self.unsupported_at(
                        &child(&child(&mptr, "encoding"), field),
                        format!("encoding style {other:?}"),
                    ))
                }
            };
            styles.insert(
                field.clone(),
                WireStyle {
                    style,
                    explode: enc.explode,
                },
            );
        }
        // The operation's own name for them: its body type's (a component's
        // name when the body is a `$ref`).
        let name = self
            .types
            .get(&ty)
            .map_or_else(|| site.type_base.clone(), |def| def.name.clone());
        Ok(Some(RequestBody {
            media: kind,
            required: body.required,
            params: ParamSet { name, ty, styles },
        }))
    }
}
