//! An operation's responses: the success (the lowest 2xx) and the error
//! (`default`), each a JSON type or a binary media type.

use openapiv3::{ReferenceOr, StatusCode};

use crate::error::Result;
use crate::ir::{ResponseDef, ResponseMedia, TypeRef};
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
            Some(status),
            &child(&responses_ptr, &status.to_string()),
            &response_ctx(found, site, "Response"),
        )
    }

    /// The `default` response, its inline types named `{base}Error`.
    pub(super) fn error(&mut self, found: &Found<'a>, site: &Site) -> Result<Option<ResponseDef>> {
        let Some(response) = &found.op.responses.default else {
            return Ok(None);
        };
        let rptr = child(&child(&site.ptr, "responses"), "default");
        let ctx = response_ctx(found, site, "Error");
        self.response(response, None, &rptr, &ctx).map(Some)
    }

    pub(super) fn response(
        &mut self,
        response: &'a ReferenceOr<openapiv3::Response>,
        status: Option<u16>,
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

/// Where a response's inline types go: `resources/{base}_response`, named
/// `{base}{suffix}`.
fn response_ctx(found: &Found<'_>, site: &Site, suffix: &str) -> Ctx {
    Ctx {
        name: vec![format!("{}{suffix}", site.type_base)],
        module: format!(
            "resources/{}",
            snake_ident(&format!("{}_response", site.type_base))
        ),
        resource: None,
        request: false,
        docs: Some(format!(
            "Response of `{} {}`.",
            found.method.as_str(),
            found.path
        )),
    }
}
