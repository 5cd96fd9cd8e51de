//! [`ir::TypeRef`] → Rust type tokens.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::idents;
use crate::error::Result;
use crate::ir::{self, TypeRef};

/// How paths are written: from inside the crate (`crate::resources::Token`,
/// `crate::runtime::Expandable`), or as a user of the crate would: by a
/// type's home folder (`stripe_client::resources::Token`), or through an
/// operation group's module (`stripe_client::tokens::CreateToken`, for the
/// types `emit/modules.rs` puts there: a doc example's parameters). Runtime
/// items are at the root either way (`stripe_client::Expandable`).
#[derive(Clone, Debug)]
pub(crate) enum Root {
    Crate,
    Public(Ident),
    /// The crate, and the path of the group module that re-exports every
    /// type named (`tokens`, `v2::core::accounts`).
    Group(Ident, TokenStream),
}

/// The Rust type of `ty`.
pub(crate) fn type_tokens(
    model: &ir::Model,
    file: &str,
    ty: &TypeRef,
    root: &Root,
) -> Result<TokenStream> {
    type_tokens_as(model, file, ty, root, None)
}

/// [`type_tokens`], naming the named type `ty` holds `shown` when given: an
/// alias of it, beside it in its folder (a field's own place, `ir::Field::place`).
pub(crate) fn type_tokens_as(
    model: &ir::Model,
    file: &str,
    ty: &TypeRef,
    root: &Root,
    shown: Option<&str>,
) -> Result<TokenStream> {
    Ok(match ty {
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Integer => quote!(i64),
        TypeRef::Number => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Timestamp => runtime_item(root, "Timestamp"),
        TypeRef::Decimal => runtime_item(root, "Decimal"),
        TypeRef::DateTime => runtime_item(root, "DateTime"),
        TypeRef::Int64String => runtime_item(root, "Int64String"),
        // Binary data inside a schema is a file to upload (Stripe's
        // `format: binary`); binary responses are handled by the operation.
        TypeRef::Binary => match root {
            Root::Crate => quote!(crate::runtime::form::FileUpload),
            Root::Public(krate) | Root::Group(krate, _) => quote!(#krate::form::FileUpload),
        },
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::Named(id) => match shown {
            Some(name) => item_path(file, lookup(model, file, id)?, name, root)?,
            None => named_path(model, file, id, root)?,
        },
        TypeRef::Array(inner) => {
            let inner = type_tokens_as(model, file, inner, root, shown)?;
            quote!(::std::vec::Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens_as(model, file, inner, root, shown)?;
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
        TypeRef::Expandable(inner) => {
            let inner = type_tokens_as(model, file, inner, root, shown)?;
            let wrapper = runtime_item(root, "Expandable");
            quote!(#wrapper<#inner>)
        }
        TypeRef::Clearable(inner) => {
            let inner = type_tokens_as(model, file, inner, root, shown)?;
            let wrapper = runtime_item(root, "Clearable");
            quote!(#wrapper<#inner>)
        }
        TypeRef::List(inner) => {
            let inner = type_tokens_as(model, file, inner, root, shown)?;
            let wrapper = runtime_item(root, "List");
            quote!(#wrapper<#inner>)
        }
        TypeRef::SearchResult(inner) => {
            let inner = type_tokens_as(model, file, inner, root, shown)?;
            let wrapper = runtime_item(root, "SearchResult");
            quote!(#wrapper<#inner>)
        }
        TypeRef::V2List(inner) => {
            let inner = type_tokens_as(model, file, inner, root, shown)?;
            let wrapper = runtime_item(root, "V2List");
            quote!(#wrapper<#inner>)
        }
    })
}

/// A runtime item re-exported at the crate root (`Expandable`, `Timestamp`).
/// `name` is one of this module's fixed identifiers.
pub(crate) fn runtime_item(root: &Root, name: &'static str) -> TokenStream {
    let name = Ident::new(name, proc_macro2::Span::call_site());
    match root {
        Root::Crate => quote!(crate::runtime::#name),
        Root::Public(krate) | Root::Group(krate, _) => quote!(#krate::#name),
    }
}

/// The alias a field names for its type: the one of the member at the
/// field's own place (`ir::Field::place`), when merging gave it one.
pub(crate) fn shown_alias<'m>(model: &'m ir::Model, field: &ir::Field) -> Option<&'m str> {
    let place = field.place.as_ref()?;
    let target = crate::model::walk::innermost_named(&field.ty)?;
    model
        .types
        .get(target)?
        .aliases
        .iter()
        .find(|a| &a.id == place)
        .map(|a| a.name.as_str())
}

/// The path of a named type: `crate::<folder>::<Name>`, publicly
/// `<crate>::<folder>::<Name>` or `<crate>::<group>::<Name>`.
pub(crate) fn named_path(
    model: &ir::Model,
    file: &str,
    id: &ir::TypeId,
    root: &Root,
) -> Result<TokenStream> {
    let def = lookup(model, file, id)?;
    item_path(file, def, &def.name, root)
}

/// The path of an operation's parameter struct under the operation's own
/// name: the struct's, or the alias of it beside the struct (`emit/aliases.rs`).
pub(crate) fn params_path(
    model: &ir::Model,
    file: &str,
    set: &ir::ParamSet,
    root: &Root,
) -> Result<TokenStream> {
    let def = lookup(model, file, &set.ty)?;
    item_path(file, def, &set.name, root)
}

/// `name`, defined in the folder of `def` (the type itself or an alias of it).
fn item_path(file: &str, def: &ir::TypeDef, name: &str, root: &Root) -> Result<TokenStream> {
    let folder = super::namespaces::module_path(&def.module.folder_path(), file)?;
    let name = idents::ident(name, file)?;
    Ok(match root {
        Root::Crate => quote!(crate::#folder::#name),
        Root::Public(krate) => quote!(#krate::#folder::#name),
        Root::Group(krate, group) => quote!(#krate::#group::#name),
    })
}

/// The definition of `id`; a dangling id is an error.
pub(crate) fn lookup<'m>(
    model: &'m ir::Model,
    file: &str,
    id: &ir::TypeId,
) -> Result<&'m ir::TypeDef> {
    model.types.get(id).ok_or_else(|| crate::Error::Unsettled {
        file: file.to_owned(),
        message: format!("type `{id}` is not in the model"),
    })
}
