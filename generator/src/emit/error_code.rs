//! API v2's error codes: what emission adds to the model's `ErrorCode` enum
//! (`ir::Model::error_code`, an ordinary open enum emitted by
//! `types_enum.rs`): `ErrorCode::of` reading an `ApiError`, and the list of
//! codes in each operation's docs. The codes and their names are the
//! model's (`model/errors.rs`); this only reads them.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, idents, type_ref};
use crate::error::Result;
use crate::ir;

/// The constructors of the enum `def`, written beside it.
pub(crate) fn impls(file: &str, def: &ir::TypeDef) -> Result<TokenStream> {
    let name = idents::ident(&def.name, file)?;
    Ok(quote! {
        impl #name {
            /// The code of an API v2 error (`error.code`), `None` when the error has none
            /// (its body was not Stripe's error JSON, or gave no code). A code this crate
            /// does not list, the generic error's among them, is `Unrecognized`.
            pub fn of(error: &crate::runtime::ApiError) -> ::std::option::Option<Self> {
                error.code().map(::std::convert::From::from)
            }

            /// [`of`](Self::of) the API error inside `error`, `None` for any other error.
            pub fn from_error(error: &crate::Error) -> ::std::option::Option<Self> {
                error.api_error().and_then(Self::of)
            }
        }
    })
}

/// Doc lines listing the codes `op` declares, each linked to its variant;
/// none for an operation that declares none.
pub(crate) fn operation_lines(
    model: &ir::Model,
    file: &str,
    op: &ir::Operation,
) -> Result<Vec<String>> {
    let Some(id) = model.error_code.as_ref().filter(|_| !op.errors.is_empty()) else {
        return Ok(Vec::new());
    };
    let def = type_ref::lookup(model, file, id)?;
    let ir::TypeKind::Enum(e) = &def.kind else {
        return Err(crate::Error::Unsettled {
            file: file.to_owned(),
            message: format!("error code type `{id}` is not an enum"),
        });
    };
    let path = format!(
        "crate::{}::{}",
        def.module.folder_path().replace('/', "::"),
        def.name
    );
    let mut lines = vec![
        String::new(),
        "# Errors".to_owned(),
        String::new(),
        format!(
            "Besides the generic error, the specific errors it declares, by their code \
             ([`{}::of`]({path}::of)):",
            def.name
        ),
        String::new(),
    ];
    for case in &op.errors {
        let value = e
            .values
            .iter()
            .find(|v| v.wire == case.code)
            .ok_or_else(|| crate::Error::Unsettled {
                file: file.to_owned(),
                message: format!("error code `{}` is not in `{}`", case.code, def.name),
            })?;
        lines.push(format!(
            "* [`{}::{}`]({path}::{}): {}",
            def.name,
            value.rust_name,
            value.rust_name,
            docs::code_span(&case.code)
        ));
    }
    Ok(lines)
}
