//! Unions. `Tagged` (responses only): the `object` (+ `deleted`) member picks
//! the variant, an unlisted tag keeps the raw JSON in `Unknown`. `Untagged`:
//! serde's untagged decoding for responses, `FormEncode` by variant for
//! requests, and `From` each distinct variant type.

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::features::Features;
use super::{docs, idents, namespaces, type_ref};
use crate::error::Result;
use crate::ir::{self, TypeRef};

/// The variant holding an unlisted tagged object.
pub(crate) const UNKNOWN: &str = crate::naming::UNION_FALLBACK;

pub(crate) fn emit(
    model: &ir::Model,
    features: &Features,
    file: &str,
    def: &ir::TypeDef,
    u: &ir::UnionDef,
) -> Result<TokenStream> {
    match u {
        ir::UnionDef::Tagged { variants } => tagged(model, features, file, def, variants),
        ir::UnionDef::Untagged { variants } => untagged(model, file, def, variants),
    }
}

/// A variant with its payload type (`T` or `Box<T>`).
struct Variant {
    ident: Ident,
    /// The payload type without the box.
    inner: TokenStream,
    boxed: bool,
    /// `#[cfg(..)]` on the variant and on every arm naming it (a gated
    /// union's: `emit/features.rs`), or nothing.
    cfg: TokenStream,
}

impl Variant {
    fn payload(&self) -> TokenStream {
        let inner = &self.inner;
        if self.boxed {
            quote!(::std::boxed::Box<#inner>)
        } else {
            inner.clone()
        }
    }

    /// `value` (of the inner type) as this variant.
    fn construct(&self, union: &Ident, value: TokenStream) -> TokenStream {
        let ident = &self.ident;
        if self.boxed {
            quote!(#union::#ident(::std::boxed::Box::new(#value)))
        } else {
            quote!(#union::#ident(#value))
        }
    }
}

// ---------------------------------------------------------------------------
// Tagged

fn tagged(
    model: &ir::Model,
    features: &Features,
    file: &str,
    def: &ir::TypeDef,
    tagged: &[ir::TaggedVariant],
) -> Result<TokenStream> {
    // Responses only, distinct names and tags, parts that decode: checked by the model.
    let mut variants = Vec::new();
    for v in tagged {
        let ty = TypeRef::Named(v.ty.clone());
        variants.push(Variant {
            ident: idents::ident(&v.rust_name, file)?,
            inner: type_ref::type_tokens(model, file, &ty, &type_ref::Root::Crate)?,
            boxed: v.boxed,
            cfg: features.variant_cfg(&def.id, &v.ty),
        });
    }
    let name = idents::ident(&def.name, file)?;
    let unknown = Ident::new(UNKNOWN, proc_macro2::Span::call_site());
    let doc = docs::doc_attrs(def.docs.as_deref());
    let items = variants.iter().zip(tagged).map(|(v, t)| {
        let ident = &v.ident;
        let payload = v.payload();
        let doc = format!(
            " An object with {}{}.",
            docs::code_span(&format!("\"object\": \"{}\"", t.object)),
            if t.deleted {
                " and `\"deleted\": true`"
            } else {
                ""
            }
        );
        let cfg = &v.cfg;
        quote! {
            #[doc = #doc]
            #cfg
            #ident(#payload),
        }
    });
    let mut out = quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#items)*
            /// An object of a kind this crate does not know, kept as raw JSON.
            #unknown(::serde_json::Value),
        }
    };
    out.extend(quote! {
        /// `Unknown(null)`: what a required field of this type a body lacks decodes as.
        impl ::std::default::Default for #name {
            fn default() -> Self {
                #name::#unknown(::serde_json::Value::Null)
            }
        }
    });
    out.extend(tagged_deserialize(&name, &unknown, &variants, tagged));
    out.extend(tagged_serialize(&name, &unknown, &variants));
    out.extend(tagged_has_id(
        model, file, &name, &unknown, &variants, tagged,
    )?);
    Ok(out)
}

fn tagged_deserialize(
    name: &Ident,
    unknown: &Ident,
    variants: &[Variant],
    tagged: &[ir::TaggedVariant],
) -> TokenStream {
    // Each arm is a closure of its own, called through a function pointer:
    // one match arm per variant in a single body would give that body a
    // stack slot for every variant's value (unoptimised builds do not share
    // them), megabytes for the union of every resource.
    let arms = variants.iter().zip(tagged).map(|(v, t)| {
        let object = &t.object;
        let deleted = t.deleted;
        let ident = &v.ident;
        let build = if v.boxed {
            let build = v.construct(name, quote!(inner));
            quote!(|inner| #build)
        } else {
            quote!(#name::#ident)
        };
        let cfg = &v.cfg;
        quote! {
            #cfg
            (::std::option::Option::Some(#object), #deleted) => {
                |json| ::serde_json::from_value(json).map(#build)
            }
        }
    });
    // A gated union compiled with none of its variants decodes everything as
    // `Unknown`: the match always returns, and the call after it is never
    // reached.
    let allow = variants
        .iter()
        .any(|v| !v.cfg.is_empty())
        .then(|| quote!(#[allow(unreachable_code)]));
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            #allow
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let decode: fn(
                    ::serde_json::Value,
                ) -> ::std::result::Result<#name, ::serde_json::Error> =
                    match crate::runtime::serde_helpers::object_tag(&value) {
                        #(#arms)*
                        _ => return ::std::result::Result::Ok(#name::#unknown(value)),
                    };
                decode(value).map_err(::serde::de::Error::custom)
            }
        }
    }
}

fn tagged_serialize(name: &Ident, unknown: &Ident, variants: &[Variant]) -> TokenStream {
    let idents = variants.iter().map(|v| &v.ident);
    let cfgs = variants.iter().map(|v| &v.cfg);
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#cfgs #name::#idents(inner) => ::serde::Serialize::serialize(inner, serializer),)*
                    #name::#unknown(value) => {
                        crate::runtime::serde_helpers::serialize_unknown_object(value, serializer)
                    }
                }
            }
        }
    }
}

/// `HasId` delegating to each variant that has an id (`None` for the others).
fn tagged_has_id(
    model: &ir::Model,
    file: &str,
    name: &Ident,
    unknown: &Ident,
    variants: &[Variant],
    tagged: &[ir::TaggedVariant],
) -> Result<TokenStream> {
    let mut arms = Vec::new();
    for (v, t) in variants.iter().zip(tagged) {
        let (ident, cfg) = (&v.ident, &v.cfg);
        let target = type_ref::lookup(model, file, &t.ty)?;
        arms.push(if has_id(target) {
            let inner = if v.boxed {
                quote!(&**inner)
            } else {
                quote!(inner)
            };
            quote!(#cfg #name::#ident(inner) => crate::runtime::HasId::id(#inner),)
        } else {
            quote!(#cfg #name::#ident(_) => ::std::option::Option::None,)
        });
    }
    Ok(quote! {
        impl crate::runtime::HasId for #name {
            fn id(&self) -> ::std::option::Option<&str> {
                match self {
                    #(#arms)*
                    #name::#unknown(value) => crate::runtime::HasId::id(value),
                }
            }
        }
    })
}

/// Whether the emitted type implements `HasId`.
pub(crate) fn has_id(def: &ir::TypeDef) -> bool {
    match &def.kind {
        ir::TypeKind::Struct(s) => {
            def.usage.is_response()
                && s.fields
                    .iter()
                    .any(|f| f.wire_name == "id" && f.ty == TypeRef::String && !f.boxed)
        }
        ir::TypeKind::Opaque(_) => true,
        ir::TypeKind::Union(ir::UnionDef::Tagged { .. }) => true,
        ir::TypeKind::Union(ir::UnionDef::Untagged { .. }) | ir::TypeKind::Enum(_) => false,
    }
}

// ---------------------------------------------------------------------------
// Untagged

fn untagged(
    model: &ir::Model,
    file: &str,
    def: &ir::TypeDef,
    untagged: &[ir::UntaggedVariant],
) -> Result<TokenStream> {
    // A variant at least, distinct names, parts that travel: checked by the model.
    let mut variants = Vec::new();
    for v in untagged {
        variants.push(Variant {
            ident: idents::ident(&v.rust_name, file)?,
            inner: type_ref::type_tokens(model, file, &v.ty, &type_ref::Root::Crate)?,
            boxed: v.boxed,
            cfg: TokenStream::new(),
        });
    }
    let name = idents::ident(&def.name, file)?;
    let doc = docs::doc_attrs(def.docs.as_deref());
    let json_request = def.usage.is_request() && def.sent_as_json();
    let serde = if def.usage.is_response() {
        Some(quote! {
            #[derive(::serde::Serialize, ::serde::Deserialize)]
            #[serde(untagged)]
        })
    } else {
        // An API v2 request's union is written as JSON only.
        json_request.then(|| {
            quote! {
                #[derive(::serde::Serialize)]
                #[serde(untagged)]
            }
        })
    };
    let items = variants.iter().map(|v| {
        let ident = &v.ident;
        let payload = v.payload();
        quote!(#ident(#payload),)
    });
    let mut out = quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #serde
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#items)*
        }
    };
    if def.usage.is_response() {
        // The first variant's default: what a required field of this type a body lacks
        // decodes as.
        let first = variants[0].construct(&name, quote!(::std::default::Default::default()));
        out.extend(quote! {
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    #first
                }
            }
        });
    }
    out.extend(untagged_from(&name, &variants, untagged));
    // v2 request unions too when a v2 query reaches them (a query is a form).
    if def.usage.is_request() && (!json_request || namespaces::form_encoded(model, def)) {
        out.extend(untagged_form_encode(&name, &variants));
    }
    Ok(out)
}

/// `From<T>` for each variant type no other variant shares, and `From<&str>`
/// when a variant holds a `String`.
fn untagged_from(
    name: &Ident,
    variants: &[Variant],
    untagged: &[ir::UntaggedVariant],
) -> TokenStream {
    let mut out = TokenStream::new();
    for ((v, u), distinct) in variants.iter().zip(untagged).zip(distinct(variants)) {
        if !distinct {
            continue;
        }
        let inner = &v.inner;
        let build = v.construct(name, quote!(value));
        out.extend(quote! {
            impl ::std::convert::From<#inner> for #name {
                fn from(value: #inner) -> Self {
                    #build
                }
            }
        });
        if u.ty == TypeRef::String {
            let build = v.construct(name, quote!(value.to_owned()));
            out.extend(quote! {
                impl ::std::convert::From<&str> for #name {
                    fn from(value: &str) -> Self {
                        #build
                    }
                }
            });
        }
    }
    out
}

/// For each variant: whether no other variant has its type (so it gets `From`).
fn distinct(variants: &[Variant]) -> Vec<bool> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for v in variants {
        *counts.entry(v.inner.to_string()).or_default() += 1;
    }
    variants
        .iter()
        .map(|v| counts.get(&v.inner.to_string()) == Some(&1))
        .collect()
}

/// For each variant of an untagged union: whether the union implements
/// `From` its type (and `From<&str>` for a `String` variant).
pub(crate) fn has_from(
    model: &ir::Model,
    file: &str,
    untagged: &[ir::UntaggedVariant],
) -> Result<Vec<bool>> {
    let variants = untagged
        .iter()
        .map(|v| {
            Ok(Variant {
                ident: idents::ident(&v.rust_name, file)?,
                inner: type_ref::type_tokens(model, file, &v.ty, &type_ref::Root::Crate)?,
                boxed: v.boxed,
                cfg: TokenStream::new(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(distinct(&variants))
}

fn untagged_form_encode(name: &Ident, variants: &[Variant]) -> TokenStream {
    let arms = variants.iter().map(|v| {
        let ident = &v.ident;
        let inner = if v.boxed { quote!(&**inner) } else { quote!(inner) };
        quote!(#name::#ident(inner) => crate::runtime::form::FormEncode::encode_form(#inner, w, key),)
    });
    quote! {
        impl crate::runtime::form::FormEncode for #name {
            fn encode_form(
                &self,
                w: &mut crate::runtime::form::FormWriter,
                key: &crate::runtime::form::Key<'_>,
            ) {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}
