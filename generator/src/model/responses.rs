//! An operation's responses: the success (the lowest 2xx), a JSON type or a
//! binary media type; the error (`default`) is checked, not converted: it is
//! Stripe's error envelope, which the runtime decodes into its own
//! `Error::Api` (`ErrorObject`) for every operation.

use openapiv3::{ReferenceOr, StatusCode};

use crate::error::Result;
use crate::ir::{ModuleFolder, ModulePath, ResponseDef, ResponseMedia, TypeRef};
use crate::naming::snake_ident;
use crate::resolve::child;

use super::operations::{Found, Site};
use super::schema::{Ctx, TypeBuilder};

impl<'a> TypeBuilder<'a> {
    /// The lowest 2xx response, its inline types named `{base}Response` in
    /// their own module under `resources/`.
    pub(super) fn success(&mut self, found: &Found<'a>, site: &Site) -> Result<ResponseDef> {
        let responses_ptr = child(&site.ptr, "responses");
        let (status, response) = found
            .op
            .responses
            .responses
            .iter()
            .filter_map(|(code, r)| match code {
                StatusCode::Code(c) if (200..300).contains(c) => Some((*c, r)),
                _ => None,
            })
            .min_by_key(|(c, _)| *c)
            .ok_or_else(|| {
                self.unsupported_at(&responses_ptr, "an operation with no 2xx response")
            })?;
        self.response(
            response,
            status,
            &child(&responses_ptr, &status.to_string()),
            &response_ctx(found, site),
        )
    }

    /// The `default` response is the error envelope the runtime decodes
    /// (`runtime/src/error.rs`), whatever schema the spec gives it, so
    /// its schema is not converted: it must be an inline JSON response.
    pub(super) fn check_error(&self, found: &Found<'a>, site: &Site) -> Result<()> {
        let Some(response) = &found.op.responses.default else {
            return Ok(());
        };
        let rptr = child(&child(&site.ptr, "responses"), "default");
        let ReferenceOr::Item(response) = response else {
            return Err(self.unsupported_at(&rptr, "a response given as a $ref"));
        };
        match response.content.get("application/json") {
            Some(media) if media.schema.is_some() => Ok(()),
            Some(_) => {
                Err(self
                    .unsupported_at(&child(&rptr, "content"), "a JSON response without a schema"))
            }
            None => Err(self.unsupported_at(
                &rptr,
                "a `default` (error) response that is not JSON: the client decodes errors as \
                 Stripe's JSON error envelope",
            )),
        }
    }

    fn response(
        &mut self,
        response: &'a ReferenceOr<openapiv3::Response>,
        status: u16,
        rptr: &str,
        ctx: &Ctx,
    ) -> Result<ResponseDef> {
        let ReferenceOr::Item(response) = response else {
            return Err(self.unsupported_at(rptr, "a response given as a $ref"));
        };
        let cptr = child(rptr, "content");
        if let Some(media) = response.content.get("application/json") {
            let Some(schema) = &media.schema else {
                return Err(self.unsupported_at(&cptr, "a JSON response without a schema"));
            };
            let ty = self.node(
                schema.into(),
                &child(&child(&cptr, "application/json"), "schema"),
                ctx,
            )?;
            return Ok(ResponseDef {
                status,
                media: ResponseMedia::Json,
                content_type: "application/json".to_owned(),
                ty,
            });
        }
        match response.content.keys().next() {
            Some(content_type) => Ok(ResponseDef {
                status,
                media: ResponseMedia::Binary,
                content_type: content_type.clone(),
                ty: TypeRef::Binary,
            }),
            None => Err(self.unsupported_at(rptr, "a response without content")),
        }
    }
}

/// Where a success response's inline types go: `resources/{base}_response`,
/// named `{base}Response`.
fn response_ctx(found: &Found<'_>, site: &Site) -> Ctx {
    Ctx {
        name: vec![format!("{}Response", site.type_base)],
        module: ModulePath::new(
            ModuleFolder::Resources,
            snake_ident(&format!("{}_response", site.type_base)),
        )
        .in_namespace(&site.namespace),
        resource: None,
        request: false,
        docs: Some(format!(
            "Response of `{} {}`.",
            found.method.as_str(),
            found.path
        )),
    }
}
