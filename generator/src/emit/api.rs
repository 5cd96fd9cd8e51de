//! `src/api/<group>.rs`: one accessor struct per operation group, its
//! accessor on `Client`, and one `async fn` per operation.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{docs, emit_err, examples, idents, rust_file, type_ref, EmitOptions, GeneratedFile};
use crate::error::Result;
use crate::ir::{self, TypeRef};

/// The file of `group` with its operations (in model order).
pub(crate) fn group_file(
    model: &ir::Model,
    opts: &EmitOptions,
    group: &str,
    ops: &[&ir::Operation],
) -> Result<GeneratedFile> {
    let file = format!("src/api/{group}.rs");
    let Some(first) = ops.first() else {
        return Err(emit_err(
            &file,
            format!("group `{group}` has no operations"),
        ));
    };
    let accessor = idents::ident(group, &file)?;
    let ty = idents::ident(&first.group_type, &file)?;
    let krate = idents::crate_ident(&opts.crate_name)?;
    let mut names = BTreeSet::from(["with_options".to_owned()]);
    let mut methods = Vec::new();
    for op in ops {
        if !names.insert(idents::bare(&op.method_name).to_owned()) {
            return Err(emit_err(
                &file,
                format!(
                    "group `{group}` has two operations named `{}` ({})",
                    op.method_name, op.operation_id
                ),
            ));
        }
        methods.push(operation(model, &krate, &file, op)?);
        let (segments, path) = path_expr(&file, op)?;
        if let Some(paging) = super::paging::auto_paging(model, &file, op, &path, &segments)? {
            if !names.insert(format!("{}_auto_paging", idents::bare(&op.method_name))) {
                return Err(emit_err(
                    &file,
                    format!(
                        "group `{group}`: `{}_auto_paging` is taken ({})",
                        op.method_name, op.operation_id
                    ),
                ));
            }
            methods.push(paging);
        }
    }
    let struct_doc = format!(
        " The {} operations, reached with {}.",
        docs::code_span(group),
        docs::code_span(&format!("client.{group}()"))
    );
    let accessor_doc = format!(" The {} operations.", docs::code_span(group));
    let tokens = quote! {
        #[doc = #struct_doc]
        pub struct #ty<'a> {
            client: &'a crate::runtime::Client,
            options: crate::runtime::RequestOptions,
        }

        impl crate::runtime::Client {
            #[doc = #accessor_doc]
            pub fn #accessor(&self) -> crate::api::#ty<'_> {
                crate::api::#ty {
                    client: self,
                    options: ::std::default::Default::default(),
                }
            }
        }

        impl<'a> #ty<'a> {
            /// Uses `options` (idempotency key, account, API version, ...) for
            /// the requests made through this value.
            pub fn with_options(mut self, options: crate::runtime::RequestOptions) -> Self {
                self.options = options;
                self
            }

            #(#methods)*
        }
    };
    rust_file(file, tokens)
}

/// One operation as an `async fn`.
fn operation(
    model: &ir::Model,
    krate: &Ident,
    file: &str,
    op: &ir::Operation,
) -> Result<TokenStream> {
    let name = idents::ident(&op.method_name, file)?;
    let doc = docs::lines_to_attrs(&operation_doc(model, krate, file, op)?);
    let args = Args::of(model, file, op)?;
    let binary = op.success.media == ir::ResponseMedia::Binary;
    let success = if binary {
        quote!(::std::vec::Vec<u8>)
    } else {
        type_ref::check_usage(
            model,
            file,
            &format!("the response of {}", op.operation_id),
            &op.success.ty,
            ir::Usage::Response,
        )?;
        type_ref::type_tokens(model, file, &op.success.ty, &type_ref::Root::Crate)?
    };
    let method = method_tokens(op.http_method);
    let (segments, path) = path_expr(file, op)?;
    let template = path_template(op);
    let params = &args.params;
    let query = args
        .query
        .as_ref()
        .map(|q| quote!(.query(crate::runtime::form::to_form_string(#q))));
    let multipart = op
        .body
        .as_ref()
        .is_some_and(|b| b.media == ir::BodyMedia::Multipart);
    let body = args.body.as_ref().map(|b| {
        if multipart {
            quote!(.multipart(crate::runtime::form::to_multipart(#b)))
        } else {
            quote!(.form(crate::runtime::form::to_form_string(#b)))
        }
    });
    let server = op.server.as_ref().map(|url| quote!(.server(#url)));
    let (accept, execute) = if binary {
        let content_type = &op.success.content_type;
        (Some(quote!(.accept(#content_type))), quote!(execute_bytes))
    } else {
        (None, quote!(execute))
    };
    Ok(quote! {
        #doc
        pub async fn #name(
            &self,
            #(#params),*
        ) -> ::std::result::Result<crate::runtime::Response<#success>, crate::runtime::Error> {
            #segments
            let request = crate::runtime::ApiRequest::new(#method, #path) #template #server #query #body #accept;
            self.client.#execute(request, &self.options).await
        }
    })
}

/// The parameter list: path params, then the query struct, then the body.
struct Args {
    params: Vec<TokenStream>,
    /// The query struct's argument name.
    query: Option<Ident>,
    /// The body struct's argument name.
    body: Option<Ident>,
}

impl Args {
    fn of(model: &ir::Model, file: &str, op: &ir::Operation) -> Result<Self> {
        let mut names = BTreeSet::new();
        let mut params = Vec::new();
        for p in &op.path_params {
            if p.ty != TypeRef::String {
                return Err(emit_err(
                    file,
                    format!(
                        "operation {}: path parameter `{}` is not a string",
                        op.operation_id, p.wire_name
                    ),
                ));
            }
            let ident = idents::ident(&p.rust_name, file)?;
            names.insert(ident.to_string());
            params.push(quote!(#ident: &str));
        }
        let (query_name, body_name) = match (&op.query, &op.body) {
            (Some(_), Some(_)) => ("query", "params"),
            _ => ("params", "params"),
        };
        let mut struct_arg = |set: &ir::ParamSet, arg: &str| -> Result<Ident> {
            let ident = idents::ident(arg, file)?;
            if !names.insert(arg.to_owned()) {
                return Err(emit_err(
                    file,
                    format!(
                        "operation {}: a path parameter is named `{arg}`",
                        op.operation_id
                    ),
                ));
            }
            check_param_set(model, file, op, set)?;
            let ty = type_ref::params_path(model, file, set, &type_ref::Root::Crate)?;
            params.push(quote!(#ident: &#ty));
            Ok(ident)
        };
        let query = op
            .query
            .as_ref()
            .map(|q| struct_arg(q, query_name))
            .transpose()?;
        let body = op
            .body
            .as_ref()
            .map(|b| struct_arg(&b.params, body_name))
            .transpose()?;
        Ok(Args {
            params,
            query,
            body,
        })
    }
}

/// A parameter set must be a request struct.
fn check_param_set(
    model: &ir::Model,
    file: &str,
    op: &ir::Operation,
    set: &ir::ParamSet,
) -> Result<()> {
    let def = type_ref::lookup(model, file, &set.ty)?;
    let is_struct = matches!(def.kind, ir::TypeKind::Struct(_));
    if !is_struct || !def.usage.is_request() {
        return Err(emit_err(
            file,
            format!(
                "operation {}: parameters `{}` are not a request struct",
                op.operation_id, def.name
            ),
        ));
    }
    Ok(())
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
pub(super) fn path_template(op: &ir::Operation) -> TokenStream {
    if op.path.contains('{') {
        let template = &op.path;
        quote!(.path_template(#template))
    } else {
        TokenStream::new()
    }
}

/// The request path: a literal, or `format!` over locals holding each path
/// parameter percent-encoded as one segment (`let token = encode(token);`).
fn path_expr(file: &str, op: &ir::Operation) -> Result<(TokenStream, TokenStream)> {
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

/// Operation docs, the HTTP line, and the examples.
fn operation_doc(
    model: &ir::Model,
    krate: &Ident,
    file: &str,
    op: &ir::Operation,
) -> Result<Vec<String>> {
    let mut lines = op.docs.as_deref().map(docs::sanitize).unwrap_or_default();
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(docs::code_span(&format!(
        "{} {}",
        op.http_method.as_str(),
        op.path
    )));
    for example in &op.examples {
        lines.push(String::new());
        let title = docs::sanitize(&example.title).join(" ");
        lines.push(format!("# Example: {title}"));
        lines.push(String::new());
        lines.extend(examples::code_block(model, krate, file, op, example)?);
    }
    Ok(lines)
}
