//! `src/api/<group>.rs`: one accessor struct per operation group, its
//! accessor on the crate's `Client`, and per operation the one function that
//! builds its request (`<method>_request`) and the method returning it as a
//! runtime `Call` (awaited, or sent blocking).

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::file::{emit_err, rust_file, EmitOptions, GeneratedFile};
use super::request;
use super::{docs, examples, idents, namespaces, paging, type_ref};
use crate::error::Result;
use crate::ir;

/// The file of the group keyed `key` (`tokens`; `v2/core/accounts`, in
/// `src/v2/core/api/`) with its operations (in model order).
pub(crate) fn group_file(
    model: &ir::Model,
    opts: &EmitOptions,
    key: &str,
    ops: &[&ir::Operation],
) -> Result<GeneratedFile> {
    let prefix = namespaces::prefix_of(key);
    let group = namespaces::last_of(key);
    let file = format!("src/{prefix}api/{group}.rs");
    let Some(first) = ops.first() else {
        return Err(emit_err(
            &file,
            format!("group `{group}` has no operations"),
        ));
    };
    let accessor = idents::ident(group, &file)?;
    let ty = idents::ident(&first.group_type, &file)?;
    let krate = idents::crate_ident(&opts.crate_name)?;
    // The model settled every method name and checked the group's for clashes.
    let mut methods = Vec::new();
    for op in ops {
        methods.push(operation(model, &krate, &file, op)?);
        if let Some(paging) = paging::auto_paging(model, &file, op)? {
            methods.push(paging);
        }
    }
    let struct_doc = format!(
        " The {} operations, reached with {}.",
        docs::code_span(group),
        docs::code_span(&format!("client.{}()", key.replace('/', "().")))
    );
    let accessor_doc = format!(" The {} operations.", docs::code_span(group));
    // The accessor is a method of the crate's `Client` (v1) or of the
    // namespace's accessor struct (`client.v2().core()`: `Core<'a>`).
    let api = namespaces::module_path(&format!("{prefix}api"), &file)?;
    let parent = namespaces::accessor_path(prefix, &file)?;
    let accessor_fn = if prefix.is_empty() {
        quote! {
            impl crate::Client {
                #[doc = #accessor_doc]
                pub fn #accessor(&self) -> crate::#api::#ty<'_> {
                    crate::#api::#ty {
                        client: crate::Client::runtime(self),
                        options: ::std::default::Default::default(),
                    }
                }
            }
        }
    } else {
        quote! {
            impl<'a> #parent {
                #[doc = #accessor_doc]
                pub fn #accessor(&self) -> crate::#api::#ty<'a> {
                    crate::#api::#ty {
                        client: crate::Client::runtime(self.client()),
                        options: ::std::default::Default::default(),
                    }
                }
            }
        }
    };
    let tokens = quote! {
        #[doc = #struct_doc]
        pub struct #ty<'a> {
            client: &'a crate::runtime::Client,
            options: crate::runtime::RequestOptions,
        }

        #accessor_fn

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

/// One operation: its request function and the method that returns the
/// request as a `Call`; with [`ir::CallShape::PlainAndWith`], the plain method
/// (no parameters) and its `_with` variant.
fn operation(
    model: &ir::Model,
    krate: &Ident,
    file: &str,
    op: &ir::Operation,
) -> Result<TokenStream> {
    let bare = idents::bare(&op.method_name);
    let doc = docs::lines_to_attrs(&operation_doc(model, krate, file, op)?);
    let args = Args::of(model, file, op)?;
    let call = call_type(model, file, op)?;
    let name = idents::ident(&op.method_name, file)?;
    let request_fn = request_function(file, op, &args)?;
    let sending = match &op.call.with {
        None => sending_method(file, op, &args, &call, &name, doc)?,
        Some(with) => {
            let with = idents::ident(with, file)?;
            let with_doc = format!(
                " [`{bare}`](Self::{bare}), sending `{}` (every field optional).",
                args.names().join("`, `")
            );
            let path_params = args.path_params();
            let path_args = args.path_args();
            let defaults = args.defaults();
            let with_doc = quote!(#[doc = #with_doc]);
            let sending = sending_method(file, op, &args, &call, &with, with_doc)?;
            quote! {
                #doc
                pub fn #name(
                    &self,
                    #(#path_params),*
                ) -> #call {
                    self.#with(#(#path_args,)* #(&#defaults),*)
                }

                #sending
            }
        }
    };
    Ok(quote! {
        #request_fn
        #sending
    })
}

/// The `Call` type `op`'s methods return: its body kept as bytes, or decoded as its checked
/// response type.
fn call_type(model: &ir::Model, file: &str, op: &ir::Operation) -> Result<TokenStream> {
    if op.success.media == ir::ResponseMedia::Binary {
        return Ok(quote!(
            crate::runtime::Call<::std::vec::Vec<u8>, crate::runtime::Raw>
        ));
    }
    let success = type_ref::type_tokens(model, file, &op.success.ty, &type_ref::Root::Crate)?;
    Ok(quote!(crate::runtime::Call<#success>))
}

/// The method `name` that sends the parameters: `(&self, path.., params..)`,
/// returning the operation's request as a `Call`.
fn sending_method(
    file: &str,
    op: &ir::Operation,
    args: &Args,
    call: &TokenStream,
    name: &Ident,
    doc: TokenStream,
) -> Result<TokenStream> {
    let binary = op.success.media == ir::ResponseMedia::Binary;
    let request_fn = idents::ident(&op.call.request, file)?;
    let params = &args.params;
    let passed = args.path.iter().chain(&args.query).chain(&args.body);
    let constructor = if binary { quote!(bytes) } else { quote!(new) };
    Ok(quote! {
        #doc
        pub fn #name(
            &self,
            #(#params),*
        ) -> #call {
            crate::runtime::Call::#constructor(
                ::std::clone::Clone::clone(self.client),
                ::std::clone::Clone::clone(&self.options),
                Self::#request_fn(#(#passed),*),
            )
        }
    })
}

/// `<method>_request(path.., params..)`: the one place that builds the
/// operation's request (method, path with its encoded parameters, query,
/// body, server, accepted type). The method, its auto-paging walk and the
/// conformance exerciser all call it.
fn request_function(file: &str, op: &ir::Operation, args: &Args) -> Result<TokenStream> {
    let binary = op.success.media == ir::ResponseMedia::Binary;
    let bare = idents::bare(&op.method_name);
    let name = idents::ident(&op.call.request, file)?;
    let doc = format!(
        " The request [`{bare}`](Self::{bare}) sends (`{} {}`), to send or look at otherwise.",
        op.http_method.as_str(),
        op.path
    );
    let method = request::method_tokens(op.http_method);
    let (segments, path) = request::path_expr(file, op)?;
    let template = request::path_template(op);
    let params = &args.params;
    let query = args
        .query
        .as_ref()
        .map(|q| quote!(.query(crate::runtime::form::to_form_string(#q))));
    let media = op.body.as_ref().map(|b| b.media);
    let body = args.body.as_ref().map(|b| match media {
        Some(ir::BodyMedia::Multipart) => {
            quote!(.multipart(crate::runtime::form::to_multipart(#b)))
        }
        // API v2: the body struct as JSON (its `Serialize`: absent fields left
        // out, cleared ones `null`). Generated request types always serialise
        // (string map keys, derived impls); were one ever to fail, the body
        // would be empty, which Stripe refuses, rather than a panic.
        Some(ir::BodyMedia::Json) => {
            quote!(.json(::serde_json::to_vec(#b).unwrap_or_default()))
        }
        _ => quote!(.form(crate::runtime::form::to_form_string(#b))),
    });
    let server = op.server.as_ref().map(|url| quote!(.server(#url)));
    let accept = binary.then(|| {
        let content_type = &op.success.content_type;
        quote!(.accept(#content_type))
    });
    Ok(quote! {
        #[doc = #doc]
        pub fn #name(#(#params),*) -> crate::runtime::ApiRequest {
            #segments
            crate::runtime::ApiRequest::new(#method, #path) #template #server #query #body #accept
        }
    })
}

/// The parameter list: path params, then the query struct, then the body.
struct Args {
    params: Vec<TokenStream>,
    /// The path parameters' argument names, in order.
    path: Vec<Ident>,
    /// The parameter structs' types, query first.
    set_types: Vec<TokenStream>,
    /// The query struct's argument name.
    query: Option<Ident>,
    /// The body struct's argument name.
    body: Option<Ident>,
}

impl Args {
    fn of(model: &ir::Model, file: &str, op: &ir::Operation) -> Result<Self> {
        let mut names = BTreeSet::new();
        let mut params = Vec::new();
        let mut path = Vec::new();
        let mut set_types = Vec::new();
        // The model checked that path parameters are strings and parameter
        // sets request structs (`model/settle.rs`).
        for p in &op.path_params {
            let ident = idents::ident(&p.rust_name, file)?;
            names.insert(ident.to_string());
            params.push(quote!(#ident: &str));
            path.push(ident);
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
            let ty = type_ref::params_path(model, file, set, &type_ref::Root::Crate)?;
            params.push(quote!(#ident: &#ty));
            set_types.push(ty);
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
            path,
            set_types,
            query,
            body,
        })
    }

    /// `token: &str, ..`: the path parameters alone.
    fn path_params(&self) -> Vec<TokenStream> {
        self.path.iter().map(|p| quote!(#p: &str)).collect()
    }

    /// The path parameters' names, to pass them on.
    fn path_args(&self) -> &[Ident] {
        &self.path
    }

    /// The parameter structs' argument names (`params`, or `query`, `params`).
    fn names(&self) -> Vec<String> {
        self.query
            .iter()
            .chain(&self.body)
            .map(Ident::to_string)
            .collect()
    }

    /// `<Params>::new()` for each parameter struct: every field unset.
    fn defaults(&self) -> Vec<TokenStream> {
        self.set_types
            .iter()
            .map(|ty| quote!(<#ty>::new()))
            .collect()
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
    lines.extend(super::error_code::operation_lines(model, file, op)?);
    for example in &op.examples {
        lines.push(String::new());
        let title = docs::sanitize(&example.title).join(" ");
        lines.push(format!("# Example: {title}"));
        lines.push(String::new());
        lines.extend(examples::code_block(model, krate, file, op, example)?);
    }
    Ok(lines)
}
