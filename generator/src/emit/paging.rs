//! `<method>_auto_paging`: every item of a paginated list operation, page
//! after page, through the runtime's `Paginator`. Built in three steps: find
//! the query's cursor fields ([`Cursor::of`]), say how the walk starts and
//! how a cursor goes into the next page's query ([`Walk::of`]), and write
//! the method ([`method`]), with its plain variant when the call shape says
//! so (ARCHITECTURE.md, "Call shapes").

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::request::{CallShape, REQUEST_SUFFIX, WITH_SUFFIX};
use super::{emit_err, idents, type_ref};
use crate::error::Result;
use crate::ir::{self, Pagination, TypeKind};

/// The suffix of an auto-paging method's name.
pub(crate) const SUFFIX: &str = "_auto_paging";

/// The auto-paging method(s) of `op`, when it paginates.
pub(crate) fn auto_paging(
    model: &ir::Model,
    file: &str,
    op: &ir::Operation,
    shape: CallShape,
) -> Result<Option<TokenStream>> {
    let (Some(pagination), Some(query)) = (&op.pagination, &op.query) else {
        return Ok(None);
    };
    if op.body.is_some() {
        return Err(emit_err(
            file,
            format!(
                "operation {}: a paginated operation with a request body",
                op.operation_id
            ),
        ));
    }
    if let Pagination::NextPageUrl { item } = pagination {
        return next_page_url(model, file, op, query, item, shape).map(Some);
    }
    let cursor = Cursor::of(model, file, op, query)?;
    let walk = Walk::of(pagination, &cursor)?;
    method(model, file, op, query, &walk, shape).map(Some)
}

/// The query's fields a cursor can go to.
struct Cursor<'a> {
    file: &'a str,
    op: &'a ir::Operation,
    fields: &'a [ir::Field],
}

impl<'a> Cursor<'a> {
    fn of(
        model: &'a ir::Model,
        file: &'a str,
        op: &'a ir::Operation,
        query: &ir::ParamSet,
    ) -> Result<Self> {
        let def = type_ref::lookup(model, file, &query.ty)?;
        let TypeKind::Struct(s) = &def.kind else {
            return Err(emit_err(
                file,
                format!(
                    "operation {}: query parameters are not a struct",
                    op.operation_id
                ),
            ));
        };
        Ok(Self {
            file,
            op,
            fields: &s.fields,
        })
    }

    /// The field named `wire` on the wire, which must be an optional string.
    fn field(&self, wire: &str) -> Result<Option<Ident>> {
        self.fields
            .iter()
            .find(|f| f.wire_name == wire)
            .map(|f| {
                if f.ty != ir::TypeRef::String || f.required {
                    return Err(self.err(format!("cursor `{wire}` is not an optional string")));
                }
                idents::ident(&f.rust_name, self.file)
            })
            .transpose()
    }

    /// The field named `wire`, which the pagination needs.
    fn needed(&self, wire: &str) -> Result<Ident> {
        self.field(wire)?
            .ok_or_else(|| self.err(format!("no `{wire}`")))
    }

    fn err(&self, message: String) -> crate::error::Error {
        emit_err(
            self.file,
            format!("operation {}: {message}", self.op.operation_id),
        )
    }
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
    fn of(pagination: &'a Pagination, cursor: &Cursor<'_>) -> Result<Self> {
        let some = quote!(::std::option::Option::Some(cursor.to_owned()));
        Ok(match pagination {
            Pagination::Cursor { item } => {
                let after = cursor.needed("starting_after")?;
                let (backward, set_cursor) = match cursor.field("ending_before")? {
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
            Pagination::Page { item } => {
                let page = cursor.needed("page")?;
                Walk {
                    item,
                    constructor: quote!(crate::runtime::Paginator::pages),
                    direction: TokenStream::new(),
                    set_cursor: quote!(params.#page = #some;),
                }
            }
            // API v2 pages follow `next_page_url` (`next_page_url`, below).
            Pagination::NextPageUrl { .. } => {
                return Err(cursor.err("API v2 pages have no cursor".into()))
            }
        })
    }
}

/// `name_auto_paging(path.., &params)`; with [`CallShape::PlainAndWith`],
/// `name_auto_paging(path..)` (no parameters) and
/// `name_auto_paging_with(path.., &params)`.
fn method(
    model: &ir::Model,
    file: &str,
    op: &ir::Operation,
    query: &ir::ParamSet,
    walk: &Walk<'_>,
    shape: CallShape,
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
    let request_fn = format_ident!("{bare}{REQUEST_SUFFIX}");
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
         [`{bare}{REQUEST_SUFFIX}`](Self::{bare}{REQUEST_SUFFIX}) builds."
    );
    let plain = format_ident!("{bare}{SUFFIX}");
    let sending = match shape {
        CallShape::One => plain.clone(),
        CallShape::PlainAndWith => format_ident!("{bare}{SUFFIX}{WITH_SUFFIX}"),
    };
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
    Ok(match shape {
        CallShape::One => quote! {
            #[doc = #doc]
            #walk_fn
        },
        CallShape::PlainAndWith => {
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
    shape: CallShape,
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
    let request_fn = format_ident!("{bare}{REQUEST_SUFFIX}");
    let doc = format!(
        " Every item of [`{bare}`](Self::{bare}), page after page: call `next().await` on the \
         result until it gives `None`. The first page is the request \
         [`{bare}{REQUEST_SUFFIX}`](Self::{bare}{REQUEST_SUFFIX}) builds; each next one is \
         its page's `next_page_url`, requested when its first item is needed."
    );
    let plain = format_ident!("{bare}{SUFFIX}");
    let sending = match shape {
        CallShape::One => plain.clone(),
        CallShape::PlainAndWith => format_ident!("{bare}{SUFFIX}{WITH_SUFFIX}"),
    };
    let walk_fn = quote! {
        pub fn #sending(&self, #(#path_names: &str,)* params: &#params_ty) -> crate::runtime::V2Paginator<#item_ty> {
            crate::runtime::V2Paginator::new(
                ::std::clone::Clone::clone(self.client),
                ::std::clone::Clone::clone(&self.options),
                Self::#request_fn(#(#path_names,)* params),
            )
        }
    };
    Ok(match shape {
        CallShape::One => quote! {
            #[doc = #doc]
            #walk_fn
        },
        CallShape::PlainAndWith => {
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
