//! syn nodes parsed once per shape, handed out as filled-in clones.
//!
//! Parsing the generated tokens is most of emission's cost, and most of what
//! a struct emits repeats: the same field type on hundreds of fields, the same
//! setter for every `Option<String>` field, the same statement for every form
//! field. [`Syntax`] parses each such shape once, with the placeholder
//! identifier [`FIELD`] (and string literal [`WIRE`]) where the names go, and
//! [`fill`] puts the names in a clone. The output is the same as parsing the
//! tokens written out with the names in place.
//!
//! syn's nodes cannot cross threads, so each emitting thread has its own
//! `Syntax`, for one run of the emitter (the model's type names are in it).

use std::collections::HashMap;
use std::hash::Hash;

use proc_macro2::{Ident, Span, TokenStream};
use syn::visit_mut::VisitMut;

use crate::error::Result;
use crate::ir;

/// The identifier a template has where the field's identifier goes.
pub(crate) const FIELD: &str = "__field";

/// The string literal a template has where the field's wire name goes.
pub(crate) const WIRE: &str = "__wire";

/// The parsed shapes, by the key their tokens are a function of.
#[derive(Default)]
pub(crate) struct Syntax {
    types: HashMap<TypeShape, syn::Type>,
    functions: HashMap<FunctionKey, syn::ImplItemFn>,
    statements: HashMap<&'static str, syn::Stmt>,
    impls: HashMap<&'static str, syn::ItemImpl>,
}

/// What a field's Rust type (and its setter) is made from: the model type,
/// how the field wraps it (the shape the model settled), and whether it is
/// boxed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct TypeShape {
    pub ty: crate::ir::TypeRef,
    pub wrap: ir::FieldShape,
    pub boxed: bool,
    /// The alias the type is named by (`ir::Field::place`), if any.
    pub shown: Option<String>,
}

/// What a method template is for: the setter of a field shape, or a fixed
/// method named by the caller.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum FunctionKey {
    Setter(TypeShape),
    Fixed(&'static str),
}

impl Syntax {
    /// The type for `shape`, from `make`'s tokens the first time.
    pub(crate) fn ty(
        &mut self,
        file: &str,
        shape: &TypeShape,
        make: impl FnOnce() -> Result<TokenStream>,
    ) -> Result<syn::Type> {
        cached(&mut self.types, shape, file, make)
    }

    /// The method for `key` (a template; a setter names its field
    /// [`FIELD`]), from `make`'s tokens the first time.
    pub(crate) fn function(
        &mut self,
        file: &str,
        key: FunctionKey,
        make: impl FnOnce() -> Result<TokenStream>,
    ) -> Result<syn::ImplItemFn> {
        cached(&mut self.functions, &key, file, make)
    }

    /// The statement named `key` (a template), from `make`'s tokens the first
    /// time.
    pub(crate) fn statement(
        &mut self,
        file: &str,
        key: &'static str,
        make: impl FnOnce() -> TokenStream,
    ) -> Result<syn::Stmt> {
        cached(&mut self.statements, &key, file, || Ok(make()))
    }

    /// The impl block named `key` for the type `name`: `make`'s tokens for
    /// the type [`FIELD`] the first time, filled in.
    pub(crate) fn named_impl(
        &mut self,
        file: &str,
        key: &'static str,
        name: &Ident,
        make: impl FnOnce(&Ident) -> TokenStream,
    ) -> Result<syn::ItemImpl> {
        let mut item = cached(&mut self.impls, &key, file, || {
            Ok(make(&Ident::new(FIELD, Span::call_site())))
        })?;
        fill(&mut item, name, "");
        Ok(item)
    }
}

/// The clone of `map[key]`, parsed from `make`'s tokens if missing.
fn cached<K: Clone + Eq + Hash, T: Clone + syn::parse::Parse>(
    map: &mut HashMap<K, T>,
    key: &K,
    file: &str,
    make: impl FnOnce() -> Result<TokenStream>,
) -> Result<T> {
    if let Some(hit) = map.get(key) {
        return Ok(hit.clone());
    }
    let parsed: T = parse(file, make()?)?;
    map.insert(key.clone(), parsed.clone());
    Ok(parsed)
}

/// Puts `ident` where `node` has [`FIELD`] and `wire` where it has the
/// string literal [`WIRE`].
pub(crate) fn fill<T: Template>(node: &mut T, ident: &Ident, wire: &str) {
    node.visit(&mut Fill { ident, wire });
}

/// A node kind [`fill`] works on.
pub(crate) trait Template {
    fn visit(&mut self, fill: &mut Fill<'_>);
}

impl Template for syn::Stmt {
    fn visit(&mut self, fill: &mut Fill<'_>) {
        fill.visit_stmt_mut(self);
    }
}

impl Template for syn::ItemImpl {
    fn visit(&mut self, fill: &mut Fill<'_>) {
        fill.visit_item_impl_mut(self);
    }
}

impl Template for syn::ImplItemFn {
    fn visit(&mut self, fill: &mut Fill<'_>) {
        fill.visit_impl_item_fn_mut(self);
    }
}

/// The visitor behind [`fill`].
pub(crate) struct Fill<'a> {
    ident: &'a Ident,
    wire: &'a str,
}

impl VisitMut for Fill<'_> {
    fn visit_ident_mut(&mut self, ident: &mut Ident) {
        if ident == FIELD {
            *ident = self.ident.clone();
        }
    }

    fn visit_lit_str_mut(&mut self, lit: &mut syn::LitStr) {
        if lit.value() == WIRE {
            *lit = syn::LitStr::new(self.wire, lit.span());
        }
    }
}

/// `#[doc = "<text>"]`, built directly.
pub(crate) fn doc_attribute(text: &str) -> syn::Attribute {
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta: syn::Meta::NameValue(syn::MetaNameValue {
            path: Ident::new("doc", Span::call_site()).into(),
            eq_token: Default::default(),
            value: syn::Expr::Lit(syn::ExprLit {
                attrs: Vec::new(),
                lit: syn::Lit::Str(syn::LitStr::new(text, Span::call_site())),
            }),
        }),
    }
}

/// `#[<name>(<tokens>)]`, built directly (syn keeps an attribute's
/// arguments as tokens, so a template could not be filled in).
pub(crate) fn list_attribute(name: &str, tokens: TokenStream) -> syn::Attribute {
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta: syn::Meta::List(syn::MetaList {
            path: Ident::new(name, Span::call_site()).into(),
            delimiter: syn::MacroDelimiter::Paren(Default::default()),
            tokens,
        }),
    }
}

/// `pub <ident>: <ty>` with `attrs`, built directly.
pub(crate) fn named_field(attrs: Vec<syn::Attribute>, ident: Ident, ty: syn::Type) -> syn::Field {
    syn::Field {
        attrs,
        vis: syn::Visibility::Public(Default::default()),
        mutability: syn::FieldMutability::None,
        ident: Some(ident),
        colon_token: Some(Default::default()),
        ty,
    }
}

/// `tokens` parsed as items (whole items: structs, impls, ...).
pub(crate) fn items(file: &str, tokens: TokenStream) -> Result<Vec<syn::Item>> {
    syn::parse2::<syn::File>(tokens)
        .map(|parsed| parsed.items)
        .map_err(|e| generated_code(file, e))
}

/// `tokens` parsed as one `T`.
pub(crate) fn parse<T: syn::parse::Parse>(file: &str, tokens: TokenStream) -> Result<T> {
    syn::parse2(tokens).map_err(|e| generated_code(file, e))
}

/// The error of the generator's own code failing to parse (a bug).
pub(crate) fn generated_code(file: &str, message: impl std::fmt::Display) -> crate::Error {
    crate::Error::GeneratedCode {
        file: file.to_owned(),
        message: message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use quote::{quote, ToTokens};

    use super::*;

    fn text(node: &impl ToTokens) -> String {
        node.to_token_stream().to_string()
    }

    #[test]
    fn a_filled_template_prints_as_the_written_out_code() {
        let mut syntax = Syntax::default();
        let stmt = syntax
            .statement(
                "src/x.rs",
                "write",
                || quote!(w.write(&self.__field, "__wire");),
            )
            .unwrap();
        let mut filled = stmt.clone();
        let ident = Ident::new_raw("type", Span::call_site());
        fill(&mut filled, &ident, "type");
        let written: syn::Stmt = syn::parse2(quote!(w.write(&self.r#type, "type");)).unwrap();
        assert_eq!(text(&filled), text(&written));
        // The template itself is untouched, and a second request is served from the cache.
        let again = syntax
            .statement("src/x.rs", "write", || quote!(unreachable_tokens!();))
            .unwrap();
        assert_eq!(text(&again), text(&stmt));
    }

    #[test]
    fn a_template_that_does_not_parse_is_an_error_naming_the_file() {
        let mut syntax = Syntax::default();
        let Err(err) = syntax.statement("src/y.rs", "broken", || quote!(fn fn)) else {
            panic!("`fn fn` parsed as a statement");
        };
        assert!(err.to_string().contains("src/y.rs"), "{err}");
    }

    #[test]
    fn a_built_doc_attribute_equals_a_parsed_one() {
        let parsed = syn::parse::Parser::parse2(
            syn::Attribute::parse_outer,
            quote!(#[doc = " Sets `card`. \"quoted\""]),
        )
        .unwrap();
        assert_eq!(parsed.len(), 1);
        assert_eq!(
            text(&doc_attribute(" Sets `card`. \"quoted\"")),
            text(&parsed[0])
        );
    }
}
