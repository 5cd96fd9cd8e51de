//! `<method>_auto_paging`: every item of a paginated list operation, page
//! after page, through the runtime's `Paginator`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{emit_err, idents, type_ref};
use crate::error::Result;
use crate::ir::{self, Pagination, TypeKind};

/// The auto-paging method of `op`, when it paginates.
pub(crate) fn auto_paging(
    model: &ir::Model,
    file: &str,
    op: &ir::Operation,
    path: &TokenStream,
    segments: &TokenStream,
) -> Result<Option<TokenStream>> {
    let (Some(pagination), Some(query)) = (&op.pagination, &op.query) else {
        return Ok(None);
    };
    let def = type_ref::lookup(model, file, &query.ty)?;
    let TypeKind::Struct(fields) = &def.kind else {
        return Err(emit_err(
            file,
            format!(
                "operation {}: query parameters are not a struct",
                op.operation_id
            ),
        ));
    };
    let field = |wire: &str| -> Result<Option<proc_macro2::Ident>> {
        fields
            .fields
            .iter()
            .find(|f| f.wire_name == wire)
            .map(|f| {
                if f.ty != ir::TypeRef::String || f.required {
                    return Err(emit_err(
                        file,
                        format!(
                            "operation {}: cursor `{wire}` is not an optional string",
                            op.operation_id
                        ),
                    ));
                }
                idents::ident(&f.rust_name, file)
            })
            .transpose()
    };
    let root = type_ref::Root::Crate;
    let params_ty = type_ref::params_path(model, file, query, &root)?;
    let name = format_ident!("{}_auto_paging", idents::bare(&op.method_name));
    let path_args = op
        .path_params
        .iter()
        .map(|p| {
            let ident = idents::ident(&p.rust_name, file)?;
            Ok(quote!(#ident: &str))
        })
        .collect::<Result<Vec<_>>>()?;
    let (item, constructor, direction, set_cursor) = match pagination {
        Pagination::Cursor { item } => {
            let after = field("starting_after")?.ok_or_else(|| {
                emit_err(
                    file,
                    format!("operation {}: no `starting_after`", op.operation_id),
                )
            })?;
            let backward = match field("ending_before")? {
                Some(before) => quote!(params.#before.is_some()),
                None => quote!(false),
            };
            let set = match field("ending_before")? {
                Some(before) => quote! {
                    if backward {
                        params.#before = ::std::option::Option::Some(cursor.to_owned());
                    } else {
                        params.#after = ::std::option::Option::Some(cursor.to_owned());
                    }
                },
                None => quote!(params.#after = ::std::option::Option::Some(cursor.to_owned());),
            };
            (
                item,
                quote!(crate::runtime::Paginator::cursor),
                quote!(let backward = #backward;),
                set,
            )
        }
        Pagination::Page { item } => {
            let page = field("page")?.ok_or_else(|| {
                emit_err(file, format!("operation {}: no `page`", op.operation_id))
            })?;
            (
                item,
                quote!(crate::runtime::Paginator::pages),
                TokenStream::new(),
                quote!(params.#page = ::std::option::Option::Some(cursor.to_owned());),
            )
        }
    };
    let item_ty = type_ref::type_tokens(model, file, item, &root)?;
    let lead = if direction.is_empty() {
        TokenStream::new()
    } else {
        quote!(backward,)
    };
    let http = super::api::method_tokens(op.http_method);
    let template = super::api::path_template(op);
    let doc = format!(
        " Every item of [`{m}`](Self::{m}), page after page: call `next().await` on the \
         result until it gives `None`. Each page is requested when its first item is \
         needed, with the previous page's cursor.",
        m = idents::bare(&op.method_name)
    );
    Ok(Some(quote! {
        #[doc = #doc]
        pub fn #name(&self, #(#path_args,)* params: &#params_ty) -> crate::runtime::Paginator<#item_ty> {
            #segments
            let path: ::std::string::String = ::std::convert::Into::into(#path);
            let params = ::std::clone::Clone::clone(params);
            #direction
            #constructor(
                ::std::clone::Clone::clone(self.client),
                ::std::clone::Clone::clone(&self.options),
                #lead
                move |cursor: ::std::option::Option<&str>| {
                    let mut params = ::std::clone::Clone::clone(&params);
                    if let ::std::option::Option::Some(cursor) = cursor {
                        #set_cursor
                    }
                    crate::runtime::ApiRequest::new(#http, ::std::clone::Clone::clone(&path))
                        #template
                        .query(crate::runtime::form::to_form_string(&params))
                },
            )
        }
    }))
}
