//! Opaque types: kept as raw JSON (by configuration, or because the schema
//! has no shape), with `HasId` reading the `"id"` member. In requests the JSON
//! is form-encoded member by member (the runtime's `FormEncode for Value`).

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, idents};
use crate::error::Result;
use crate::ir;

pub(crate) fn emit(file: &str, def: &ir::TypeDef, o: &ir::OpaqueDef) -> Result<TokenStream> {
    let name = idents::ident(&def.name, file)?;
    let mut lines = def.docs.as_deref().map(docs::sanitize).unwrap_or_default();
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(match &o.object {
        Some(object) => format!(
            "Kept as raw JSON: this crate does not model the fields of {}{} objects.",
            docs::code_span(object),
            if o.deleted { " (deleted)" } else { "" }
        ),
        None => "Kept as raw JSON: this crate does not model its fields.".to_owned(),
    });
    let doc = docs::lines_to_attrs(&lines);
    let mut out = quote! {
        #doc
        #[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct #name(pub ::serde_json::Value);

        impl crate::runtime::HasId for #name {
            fn id(&self) -> ::std::option::Option<&str> {
                crate::runtime::HasId::id(&self.0)
            }
        }

        impl ::std::convert::From<::serde_json::Value> for #name {
            fn from(value: ::serde_json::Value) -> Self {
                #name(value)
            }
        }
    };
    if def.usage.is_request() {
        out.extend(quote! {
            impl crate::runtime::form::FormEncode for #name {
                fn encode_form(
                    &self,
                    w: &mut crate::runtime::form::FormWriter,
                    key: &crate::runtime::form::Key<'_>,
                ) {
                    crate::runtime::form::FormEncode::encode_form(&self.0, w, key);
                }
            }
        });
    }
    Ok(out)
}
