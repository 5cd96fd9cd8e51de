//! Identifiers and module paths. Names in the model are final: they are used
//! as given, only turned into tokens (`r#type` becomes a raw identifier).

use proc_macro2::Ident;

use super::emit_err;
use crate::error::Result;

/// Folders of `src/` that are not type folders.
const RESERVED_FOLDERS: &[&str] = &["api", "runtime"];

/// `name` as an identifier token; `r#kw` (or a bare keyword) becomes a raw
/// identifier. Anything that is not an identifier is an error, not a panic.
pub(crate) fn ident(name: &str, file: &str) -> Result<Ident> {
    if let Ok(ident) = syn::parse_str::<Ident>(name) {
        return Ok(ident);
    }
    syn::parse_str::<Ident>(&format!("r#{name}"))
        .map_err(|_| emit_err(file, format!("`{name}` is not a valid Rust identifier")))
}

/// The name without a raw prefix (`r#type` → `type`), to build other names
/// (`clear_type`) and strings (`Debug` field names).
pub(crate) fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// `resources/token` → (`resources`, `token`); in a namespace,
/// `v2/core/resources/account` → (`v2/core/resources`, `account`). The folder
/// is the last segment but one, after any namespace segments; every segment
/// is a snake_case module name.
pub(crate) fn module_parts(module: &str, owner: &str) -> Result<(String, String)> {
    let file = format!("src/{module}.rs");
    let parts: Vec<&str> = module.split('/').collect();
    match parts.as_slice() {
        [namespace @ .., folder, stem] => {
            for segment in namespace.iter().chain([folder, stem]) {
                check_module_ident(segment, owner)?;
            }
            // Only a type of a namespace (API v2, by its id) sits in one.
            let own = crate::ir::Namespace::of_type(&crate::ir::TypeId(owner.to_owned()));
            if namespace != own.segments() {
                return Err(emit_err(
                    &file,
                    format!(
                        "{owner}: module `{module}` is not `{}<folder>/<file>`",
                        own.module_prefix()
                    ),
                ));
            }
            if RESERVED_FOLDERS.contains(folder) {
                return Err(emit_err(
                    &file,
                    format!("{owner}: module `{module}` is in reserved folder `{folder}`"),
                ));
            }
            let folder_path = &module[..module.len() - stem.len() - 1];
            Ok((folder_path.to_owned(), (*stem).to_owned()))
        }
        _ => Err(emit_err(
            &file,
            format!("{owner}: module `{module}` is not `<folder>/<file>`"),
        )),
    }
}

/// A module or file name: plain snake_case, usable as `mod x;` and a file stem.
pub(crate) fn check_module_ident(name: &str, owner: &str) -> Result<()> {
    let ok = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && syn::parse_str::<Ident>(name).is_ok();
    if ok {
        Ok(())
    } else {
        Err(emit_err(
            &format!("src/{name}"),
            format!("{owner}: `{name}` is not a usable module name"),
        ))
    }
}

/// The package name as a crate identifier (`stripe-client` → `stripe_client`).
pub(crate) fn crate_ident(crate_name: &str) -> Result<Ident> {
    let name = crate_name.replace('-', "_");
    syn::parse_str::<Ident>(&name).map_err(|_| {
        emit_err(
            "Cargo.toml",
            format!("crate name `{crate_name}` does not make a Rust identifier"),
        )
    })
}
