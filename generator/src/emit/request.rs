//! The parts of a request every generated method builds the same way (the
//! plain call, its `_with` variant and the auto-paging walk): the HTTP
//! method, the path with its encoded segments, the path template for tracing,
//! and the call shape rule. Used by `api.rs` and `paging.rs`; imports neither.

use proc_macro2::TokenStream;
use quote::quote;

use super::{emit_err, idents, type_ref, types_struct};
use crate::error::Result;
use crate::ir;

/// How an operation is called (ARCHITECTURE.md, "Call shapes").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CallShape {
    /// `name(path.., &params..)`: some parameter is required (or there are
    /// no parameter structs at all, when `name(path..)` is the only shape).
    One,
    /// Every parameter struct of the operation has only optional fields:
    /// `name(path..)` sends none of them, `name_with(path.., &params..)`
    /// sends them.
    PlainAndWith,
}

/// The suffix of the method that takes the parameters when the plain
/// method takes none.
pub(crate) const WITH_SUFFIX: &str = "_with";

/// The suffix of the function that builds an operation's request.
pub(crate) const REQUEST_SUFFIX: &str = "_request";

/// The call shape of `op`: [`CallShape::PlainAndWith`] when it has at least
/// one parameter struct and none of them has a field its constructor takes.
pub(crate) fn call_shape(model: &ir::Model, file: &str, op: &ir::Operation) -> Result<CallShape> {
    let sets = op
        .query
        .iter()
        .chain(op.body.as_ref().map(|b| &b.params))
        .collect::<Vec<_>>();
    if sets.is_empty() {
        return Ok(CallShape::One);
    }
    for set in sets {
        let def = type_ref::lookup(model, file, &set.ty)?;
        let ir::TypeKind::Struct(s) = &def.kind else {
            return Err(emit_err(
                file,
                format!(
                    "operation {}: parameters `{}` are not a struct",
                    op.operation_id, def.name
                ),
            ));
        };
        if s.fields
            .iter()
            .any(|f| types_struct::is_constructor_arg(f, def.usage))
        {
            return Ok(CallShape::One);
        }
    }
    Ok(CallShape::PlainAndWith)
}

pub(crate) fn method_tokens(method: ir::HttpMethod) -> TokenStream {
    match method {
        ir::HttpMethod::Get => quote!(crate::runtime::Method::Get),
        ir::HttpMethod::Post => quote!(crate::runtime::Method::Post),
        ir::HttpMethod::Delete => quote!(crate::runtime::Method::Delete),
    }
}

/// `.path_template("/v1/tokens/{token}")` for a path with parameters, so that
/// tracing names the operation rather than one object's path; nothing for a
/// literal path, which names itself.
pub(crate) fn path_template(op: &ir::Operation) -> TokenStream {
    if op.path.contains('{') {
        let template = &op.path;
        quote!(.path_template(#template))
    } else {
        TokenStream::new()
    }
}

/// The request path: a literal, or `format!` over locals holding each path
/// parameter percent-encoded as one segment (`let token = encode(token);`).
pub(crate) fn path_expr(file: &str, op: &ir::Operation) -> Result<(TokenStream, TokenStream)> {
    let mut template = String::new();
    let mut segments = Vec::new();
    let mut encoded: Vec<String> = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map(|c| open + c).ok_or_else(|| {
            emit_err(
                file,
                format!(
                    "operation {}: unclosed `{{` in path `{}`",
                    op.operation_id, op.path
                ),
            )
        })?;
        let wire = &rest[open + 1..close];
        let param = op
            .path_params
            .iter()
            .find(|p| p.wire_name == wire)
            .ok_or_else(|| {
                emit_err(
                    file,
                    format!(
                        "operation {}: path `{}` names `{wire}`, which is not a path parameter",
                        op.operation_id, op.path
                    ),
                )
            })?;
        let arg = idents::ident(&param.rust_name, file)?;
        // Raw identifiers cannot be inline format arguments: `type` → `type_`.
        let local = if param.rust_name.starts_with("r#") {
            idents::ident(&format!("{}_", idents::bare(&param.rust_name)), file)?
        } else {
            arg.clone()
        };
        template.push_str(&rest[..open]);
        template.push_str(&format!("{{{local}}}"));
        if !encoded.contains(&param.wire_name) {
            encoded.push(param.wire_name.clone());
            segments.push(quote! {
                let #local = crate::runtime::form::encode_path_segment(#arg);
            });
        }
        rest = &rest[close + 1..];
    }
    if rest.contains('}') {
        return Err(emit_err(
            file,
            format!(
                "operation {}: stray `}}` in path `{}`",
                op.operation_id, op.path
            ),
        ));
    }
    template.push_str(rest);
    if let Some(unused) = op
        .path_params
        .iter()
        .find(|p| !encoded.contains(&p.wire_name))
    {
        return Err(emit_err(
            file,
            format!(
                "operation {}: path parameter `{}` is not in path `{}`",
                op.operation_id, unused.wire_name, op.path
            ),
        ));
    }
    let literal = encoded.is_empty();
    let segments = segments.into_iter().collect();
    if literal {
        Ok((segments, quote!(#template)))
    } else {
        Ok((segments, quote!(::std::format!(#template))))
    }
}
