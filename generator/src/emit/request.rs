//! The parts of a request every generated method builds the same way (the
//! plain call, its `_with` variant and the auto-paging walk): the HTTP
//! method, the path with its encoded segments (parsed by the model), and the
//! path template for tracing. Used by `api.rs` and `paging.rs`; imports neither.

use proc_macro2::TokenStream;
use quote::quote;

use super::idents;
use crate::error::Result;
use crate::ir;

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
/// parameter percent-encoded as one segment (`let token = encode(token);`),
/// from the segments the model parsed.
pub(crate) fn path_expr(file: &str, op: &ir::Operation) -> Result<(TokenStream, TokenStream)> {
    let mut template = String::new();
    let mut segments = Vec::new();
    let mut encoded = vec![false; op.path_params.len()];
    for segment in &op.segments {
        let index = match segment {
            ir::PathSegment::Literal(text) => {
                template.push_str(text);
                continue;
            }
            ir::PathSegment::Param(index) => *index,
        };
        let param = op
            .path_params
            .get(index)
            .ok_or_else(|| crate::Error::Unsettled {
                file: file.to_owned(),
                message: format!("{}: no path parameter {index}", op.operation_id),
            })?;
        let arg = idents::ident(&param.rust_name, file)?;
        // Raw identifiers cannot be inline format arguments: `type` → `type_`.
        let local = if param.rust_name.starts_with("r#") {
            idents::ident(&format!("{}_", idents::bare(&param.rust_name)), file)?
        } else {
            arg.clone()
        };
        template.push_str(&format!("{{{local}}}"));
        if !std::mem::replace(&mut encoded[index], true) {
            segments.push(quote! {
                let #local = crate::runtime::form::encode_path_segment(#arg);
            });
        }
    }
    let literal = segments.is_empty();
    let segments = segments.into_iter().collect();
    if literal {
        Ok((segments, quote!(#template)))
    } else {
        Ok((segments, quote!(::std::format!(#template))))
    }
}
