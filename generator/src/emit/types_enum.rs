//! String enums, always open: `Unrecognized(String)` keeps any value the spec
//! did not list, so a new value from the API never fails decoding.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::syntax::{self, Syntax};
use super::{docs, idents};
use crate::error::Result;
use crate::ir;

/// The fallback variant's name.
pub(crate) const FALLBACK: &str = crate::naming::ENUM_FALLBACK;

/// Tokens of an impl block for the named type.
type ImplFor = fn(&Ident) -> TokenStream;

/// The impls that differ only by the enum's name (parsed once per thread).
const FIXED_IMPLS: &[(&str, ImplFor)] = &[
    ("enum FromStr", from_str_impl),
    ("enum Display", display_impl),
    ("enum Serialize", serialize_impl),
    ("enum Deserialize", deserialize_impl),
];

/// The enum `def` with its conversions, serde impls and (for requests) `FormEncode`.
/// `form_encoded`: whether a request enum is written in forms too
/// (`namespaces::form_encoded`: v1, and what a v2 query reaches).
pub(crate) fn emit(
    file: &str,
    def: &ir::TypeDef,
    e: &ir::EnumDef,
    form_encoded: bool,
    syntax: &mut Syntax,
) -> Result<Vec<syn::Item>> {
    let name = idents::ident(&def.name, file)?;
    let variants = variants(file, e)?;
    let mut tokens = definition(def, &name, &variants);
    tokens.extend(conversions(&name, &variants));
    let mut items = syntax::items(file, tokens)?;
    for (key, make) in FIXED_IMPLS {
        items.push(syn::Item::Impl(syntax.named_impl(file, key, &name, make)?));
    }
    if def.usage.is_response() {
        items.push(syn::Item::Impl(syntax.named_impl(
            file,
            "enum Default",
            &name,
            default_impl,
        )?));
    }
    // A request's value in a form (v1 bodies, every query); API v2 bodies are
    // JSON, through its `Serialize` (a fixed impl).
    if def.usage.is_request() && form_encoded {
        items.push(syn::Item::Impl(syntax.named_impl(
            file,
            "enum FormEncode",
            &name,
            form_encode,
        )?));
    }
    Ok(items)
}

/// A listed value: its variant and wire string.
struct Variant<'e> {
    ident: Ident,
    wire: &'e str,
}

fn variants<'e>(file: &str, e: &'e ir::EnumDef) -> Result<Vec<Variant<'e>>> {
    // Distinct names and values, the fallback's name free: checked by the model.
    e.values
        .iter()
        .map(|v| {
            Ok(Variant {
                ident: idents::ident(&v.rust_name, file)?,
                wire: &v.wire,
            })
        })
        .collect()
}

fn definition(def: &ir::TypeDef, name: &Ident, variants: &[Variant<'_>]) -> TokenStream {
    let doc = docs::doc_attrs(def.docs.as_deref());
    let items = variants.iter().map(|v| {
        let doc = if v.wire.is_empty() {
            " The empty string.".to_owned()
        } else {
            format!(" {}", docs::code_span(v.wire))
        };
        let ident = &v.ident;
        quote! {
            #[doc = #doc]
            #ident,
        }
    });
    let fallback_doc = " A value this crate does not know yet, kept as sent.";
    let fallback = idents_fallback();
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#items)*
            #[doc = #fallback_doc]
            #fallback(::std::string::String),
        }
    }
}

fn idents_fallback() -> Ident {
    Ident::new(FALLBACK, proc_macro2::Span::call_site())
}

fn conversions(name: &Ident, variants: &[Variant<'_>]) -> TokenStream {
    let fallback = idents_fallback();
    let idents = variants.iter().map(|v| &v.ident).collect::<Vec<_>>();
    let wires = variants.iter().map(|v| v.wire).collect::<Vec<_>>();
    let from_str_body = if variants.is_empty() {
        quote!(#name::#fallback(value.to_owned()))
    } else {
        quote! {
            match value {
                #(#wires => #name::#idents,)*
                other => #name::#fallback(other.to_owned()),
            }
        }
    };
    let from_string_body = if variants.is_empty() {
        quote!(#name::#fallback(value))
    } else {
        quote! {
            match value.as_str() {
                #(#wires => #name::#idents,)*
                _ => #name::#fallback(value),
            }
        }
    };
    quote! {
        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#name::#idents => #wires,)*
                    #name::#fallback(value) => value,
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                #from_str_body
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                #from_string_body
            }
        }
    }
}

fn from_str_impl(name: &Ident) -> TokenStream {
    quote! {
        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(::std::convert::From::from(value))
            }
        }
    }
}

fn display_impl(name: &Ident) -> TokenStream {
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

/// As sent; an unknown value through the runtime, which marks it while `Drift` looks.
fn serialize_impl(name: &Ident) -> TokenStream {
    let fallback = idents_fallback();
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                if let #name::#fallback(value) = self {
                    return crate::runtime::serde_helpers::serialize_unknown_value(value, serializer);
                }
                serializer.serialize_str(self.as_str())
            }
        }
    }
}

/// The empty unknown value: what a required enum field a body lacks decodes as.
fn default_impl(name: &Ident) -> TokenStream {
    let fallback = idents_fallback();
    quote! {
        impl ::std::default::Default for #name {
            fn default() -> Self {
                #name::#fallback(::std::string::String::new())
            }
        }
    }
}

fn deserialize_impl(name: &Ident) -> TokenStream {
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(::std::convert::From::from(value))
            }
        }
    }
}

fn form_encode(name: &Ident) -> TokenStream {
    quote! {
        impl crate::runtime::form::FormEncode for #name {
            fn encode_form(
                &self,
                w: &mut crate::runtime::form::FormWriter,
                key: &crate::runtime::form::Key<'_>,
            ) {
                crate::runtime::form::FormEncode::encode_form(self.as_str(), w, key);
            }
        }
    }
}
