//! `<method>_auto_paging`: every item of a paginated list operation, page
//! after page, through the runtime's `Paginator`. Built in two steps from
//! what the model settled (the cursor fields, the method names): say how the
//! walk starts and how a cursor goes into the next page's query
//! ([`Walk::of`]), and write the method ([`method`]), with its plain variant
//! when the call shape says so (ARCHITECTURE.md, "Call shapes").

use proc_macro2::TokenStream;
use quote::quote;

use super::{idents, type_ref};
use crate::error::Result;
use crate::ir::{self, Pagination};

/// The auto-paging method(s) of `op`, when it paginates (the model names them).
pub(crate) fn auto_paging(
    model: &ir::Model,
    file: &str,
    op: &ir::Operation,
) -> Result<Option<TokenStream>> {
    let (Some(pagination), Some(query), Some(name)) =
        (&op.pagination, &op.query, &op.call.auto_paging)
    else {
        return Ok(None);
    };
    if op.body.is_some() {
        return Err(crate::Error::Unsettled {
            file: file.to_owned(),
            message: format!(
                "operation {}: a paginated operation with a request body",
                op.operation_id
            ),
        });
    }
    if let Pagination::NextPageUrl { item } = pagination {
        return next_page_url(model, file, op, query, item, name).map(Some);
    }
    let walk = Walk::of(pagination, file)?;
    method(model, file, op, query, &walk, name).map(Some)
}

/// How the walk goes: the item type, the `Paginator` constructor, whether it
/// walks backward, and how a cursor is put in the query.
struct Walk<'a> {
    item: &'a ir::TypeRef,
    constructor: TokenStream,
    /// `let backward = ..;` for cursor pages; nothing for numbered pages.
    direction: TokenStream,
    set_cursor: TokenStream,
}

impl<'a> Walk<'a> {
    fn of(pagination: &'a Pagination, file: &str) -> Result<Self> {
        let some = quote!(::std::option::Option::Some(cursor.to_owned()));
        Ok(match pagination {
            Pagination::Cursor {
                item,
                starting_after,
                ending_before,
            } => {
                let after = idents::ident(starting_after, file)?;
                let before = ending_before
                    .as_deref()
                    .map(|name| idents::ident(name, file))
                    .transpose()?;
                let (backward, set_cursor) = match before {
                    Some(before) => (
                        quote!(params.#before.is_some()),
                        quote! {
                            if backward {
                                params.#before = #some;
                            } else {
                                params.#after = #some;
                            }
                        },
                    ),
                    None => (quote!(false), quote!(params.#after = #some;)),
                };
                Walk {
                    item,
                    constructor: quote!(crate::runtime::Paginator::cursor),
                    direction: quote!(let backward = #backward;),
                    set_cursor,
                }
            }
            Pagination::Page { item, page } => {
                let page = idents::ident(page, file)?;
                Walk {
                    item,
                    constructor: quote!(crate::runtime::Paginator::pages),
                    direction: TokenStream::new(),
                    set_cursor: quote!(params.#page = #some;),
                }
            }
            // API v2 pages follow `next_page_url` (`next_page_url`, below).
            Pagination::NextPageUrl { .. } => {
                return Err(crate::Error::Unsettled {
                    file: file.to_owned(),
                    message: "API v2 pages have no cursor".into(),
                })
            }
        })
    }
}

/// `name_auto_paging(path.., &params)`; with [`ir::CallShape::PlainAndWith`],
/// `name_auto_paging(path..)` (no parameters) and
/// `name_auto_paging_with(path.., &params)`.
fn method(
    model: &ir::Model,
    file: &str,
    op: &ir::Operation,
    query: &ir::ParamSet,
    walk: &Walk<'_>,
    name: &str,
) -> Result<TokenStream> {
    let root = type_ref::Root::Crate;
    let params_ty = type_ref::params_path(model, file, query, &root)?;
    let item_ty = type_ref::type_tokens(model, file, walk.item, &root)?;
    let bare = idents::bare(&op.method_name);
    let path_names = op
        .path_params
        .iter()
        .map(|p| idents::ident(&p.rust_name, file))
        .collect::<Result<Vec<_>>>()?;
    let path_args = path_names
        .iter()
        .map(|p| quote!(#p: &str))
        .collect::<Vec<_>>();
    let group = idents::ident(&op.group_type, file)?;
    let request_fn = idents::ident(&op.call.request, file)?;
    let Walk {
        constructor,
        direction,
        set_cursor,
        ..
    } = walk;
    let lead = if direction.is_empty() {
        TokenStream::new()
    } else {
        quote!(backward,)
    };
    let doc = format!(
        " Every item of [`{bare}`](Self::{bare}), page after page: call `next().await` on the \
         result until it gives `None`. Each page is requested when its first item is \
         needed, with the previous page's cursor, by the request \
         [`{request}`](Self::{request}) builds.",
        request = op.call.request
    );
    let plain = idents::ident(name, file)?;
    let with = op
        .call
        .auto_paging_with
        .as_deref()
        .map(|with| idents::ident(with, file))
        .transpose()?;
    let sending = with.clone().unwrap_or_else(|| plain.clone());
    let walk_fn = quote! {
        pub fn #sending(&self, #(#path_args,)* params: &#params_ty) -> crate::runtime::Paginator<#item_ty> {
            #(let #path_names = ::std::borrow::ToOwned::to_owned(#path_names);)*
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
                    crate::api::#group::#request_fn(#(&#path_names,)* &params)
                },
            )
        }
    };
    Ok(match with {
        None => quote! {
            #[doc = #doc]
            #walk_fn
        },
        Some(_) => {
            let with_doc = format!(" [`{plain}`](Self::{plain}), sending `params`.");
            quote! {
                #[doc = #doc]
                pub fn #plain(&self, #(#path_args),*) -> crate::runtime::Paginator<#item_ty> {
                    self.#sending(#(#path_names,)* &<#params_ty>::new())
                }

                #[doc = #with_doc]
                #walk_fn
            }
        }
    })
}

/// API v2: the walk is the runtime's `V2Paginator`, which asks for the first
/// page with the operation's request and then follows each page's
/// `next_page_url` (same server and options).
fn next_page_url(
    model: &ir::Model,
    file: &str,
    op: &ir::Operation,
    query: &ir::ParamSet,
    item: &ir::TypeRef,
    name: &str,
) -> Result<TokenStream> {
    let root = type_ref::Root::Crate;
    let params_ty = type_ref::params_path(model, file, query, &root)?;
    let item_ty = type_ref::type_tokens(model, file, item, &root)?;
    let bare = idents::bare(&op.method_name);
    let path_names = op
        .path_params
        .iter()
        .map(|p| idents::ident(&p.rust_name, file))
        .collect::<Result<Vec<_>>>()?;
    let request_fn = idents::ident(&op.call.request, file)?;
    let doc = format!(
        " Every item of [`{bare}`](Self::{bare}), page after page: call `next().await` on the \
         result until it gives `None`. The first page is the request \
         [`{request}`](Self::{request}) builds; each next one is \
         its page's `next_page_url`, requested when its first item is needed.",
        request = op.call.request
    );
    let plain = idents::ident(name, file)?;
    let with = op
        .call
        .auto_paging_with
        .as_deref()
        .map(|with| idents::ident(with, file))
        .transpose()?;
    let sending = with.clone().unwrap_or_else(|| plain.clone());
    let walk_fn = quote! {
        pub fn #sending(&self, #(#path_names: &str,)* params: &#params_ty) -> crate::runtime::V2Paginator<#item_ty> {
            crate::runtime::V2Paginator::new(
                ::std::clone::Clone::clone(self.client),
                ::std::clone::Clone::clone(&self.options),
                Self::#request_fn(#(#path_names,)* params),
            )
        }
    };
    Ok(match with {
        None => quote! {
            #[doc = #doc]
            #walk_fn
        },
        Some(_) => {
            let with_doc = format!(" [`{plain}`](Self::{plain}), sending `params`.");
            quote! {
                #[doc = #doc]
                pub fn #plain(&self, #(#path_names: &str),*) -> crate::runtime::V2Paginator<#item_ty> {
                    self.#sending(#(#path_names,)* &<#params_ty>::new())
                }

                #[doc = #with_doc]
                #walk_fn
            }
        }
    })
}
