//! Identifiers. Names in the model are final (module names checked there):
//! they are used as given, only turned into tokens (`r#type` becomes a raw
//! identifier).

use proc_macro2::Ident;

use crate::error::Result;

/// `name` as an identifier token; `r#kw` (or a bare keyword) becomes a raw
/// identifier. Anything that is not an identifier is an error, not a panic.
pub(crate) fn ident(name: &str, file: &str) -> Result<Ident> {
    if let Ok(ident) = syn::parse_str::<Ident>(name) {
        return Ok(ident);
    }
    syn::parse_str::<Ident>(&format!("r#{name}")).map_err(|_| crate::Error::InvalidIdent {
        file: file.to_owned(),
        name: name.to_owned(),
    })
}

/// The name without a raw prefix (`r#type` → `type`), for strings (`Debug`
/// field names); the names built from it are the model's (`naming::bare`).
pub(crate) use crate::naming::bare;

/// The package name as a crate identifier (`stripe-client` → `stripe_client`).
pub(crate) fn crate_ident(crate_name: &str) -> Result<Ident> {
    let name = crate_name.replace('-', "_");
    syn::parse_str::<Ident>(&name).map_err(|_| crate::Error::CrateName {
        name: crate_name.to_owned(),
    })
}
