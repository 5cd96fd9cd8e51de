//! Structs: the definition, and for responses their decoding (`DecodeFields`: one
//! `match` on the member's name, and a `Deserialize` that runs the runtime's one
//! visitor, so that a body lacking a required field still decodes) and `HasId` for
//! objects with a string `id`; for requests the builder (`new` + setters) and
//! `FormEncode`; a redacting `Debug` when a field is secret.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::syntax::{self, FunctionKey, Syntax, TypeShape};
use super::{docs, idents, namespaces, type_ref};
use crate::error::Result;
use crate::ir::{self, FieldShape, TypeRef};

/// A field with its Rust shape worked out.
struct FieldPlan<'f> {
    field: &'f ir::Field,
    ident: Ident,
    /// The shape the model settled.
    wrap: FieldShape,
    /// What the field's type and setter are made from.
    shape: TypeShape,
    /// The full field type (`Option<Box<T>>`).
    ty: syn::Type,
    /// The field's docs as clean lines (shared by the field and its setter).
    docs: Vec<String>,
}

/// The struct `def` with all its impls. The parts every field repeats (its
/// type, setter and form statement) come from `syntax`'s parsed shapes.
pub(crate) fn emit(
    model: &ir::Model,
    file: &str,
    def: &ir::TypeDef,
    s: &ir::StructDef,
    syntax: &mut Syntax,
) -> Result<Vec<syn::Item>> {
    let name = idents::ident(&def.name, file)?;
    let fields = s
        .fields
        .iter()
        .map(|f| plan_field(model, file, f, syntax))
        .collect::<Result<Vec<_>>>()?;
    let mut items = vec![syn::Item::Struct(definition(file, def, &name, &fields)?)];
    if def.usage.is_request() {
        items.push(syn::Item::Impl(builder(
            model, file, def, &name, &fields, syntax,
        )?));
        // v1 sends it as a form; API v2 sends bodies as JSON (its `Serialize`)
        // and queries as a form (its arrays repeated: `include=a&include=b`).
        if namespaces::form_encoded(model, def) {
            items.push(syn::Item::Impl(form_encode(
                file,
                &name,
                &fields,
                def.sent_as_json(),
                syntax,
            )?));
        }
    }
    let mut rest = TokenStream::new();
    if fields.iter().any(|f| f.field.secret) {
        rest.extend(redacting_debug(def, &name, &fields));
    }
    if def.usage.is_response() {
        rest.extend(decode_fields(def, &name, &fields));
        rest.extend(has_id(&name, &fields));
    }
    if !rest.is_empty() {
        items.extend(syntax::items(file, rest)?);
    }
    Ok(items)
}

fn plan_field<'f>(
    model: &ir::Model,
    file: &str,
    field: &'f ir::Field,
    syntax: &mut Syntax,
) -> Result<FieldPlan<'f>> {
    let wrap = field.shape;
    let shown = type_ref::shown_alias(model, field);
    let shape = TypeShape {
        ty: field.ty.clone(),
        wrap,
        boxed: field.boxed,
        shown: shown.map(str::to_owned),
    };
    let ty = syntax.ty(file, &shape, || {
        let core = type_ref::type_tokens_as(model, file, &field.ty, &type_ref::Root::Crate, shown)?;
        let stored = if field.boxed {
            quote!(::std::boxed::Box<#core>)
        } else {
            core
        };
        Ok(match wrap {
            FieldShape::Plain => stored,
            FieldShape::Option => quote!(::std::option::Option<#stored>),
            FieldShape::OptionOption => {
                quote!(::std::option::Option<::std::option::Option<#stored>>)
            }
        })
    })?;
    Ok(FieldPlan {
        field,
        ident: idents::ident(&field.rust_name, file)?,
        wrap,
        shape,
        ty,
        docs: field
            .docs
            .as_deref()
            .map(docs::sanitize)
            .unwrap_or_default(),
    })
}

// ---------------------------------------------------------------------------
// Definition

fn definition(
    file: &str,
    def: &ir::TypeDef,
    name: &Ident,
    fields: &[FieldPlan<'_>],
) -> Result<syn::ItemStruct> {
    let doc = docs::doc_attrs(def.docs.as_deref());
    let serialized = serialized(def);
    let derives = derives(def.usage, serialized, fields);
    let mut item: syn::ItemStruct = syntax::parse(
        file,
        quote! {
            #doc
            #[derive(#(#derives),*)]
            #[non_exhaustive]
            pub struct #name {}
        },
    )?;
    let syn::Fields::Named(named) = &mut item.fields else {
        return Err(syntax::generated_code(
            file,
            format!("`{}` did not parse as a struct with named fields", def.name),
        ));
    };
    for f in fields {
        named.named.push(field_definition(serialized, f));
    }
    if def.usage.is_response() {
        named.named.push(extra_field(file)?);
    }
    Ok(item)
}

/// `pub extra: Extra` (the model keeps the name free: `model::EXTRA_FIELD`), serialised flattened beside the other fields: decode → serialise gives
/// back every member the body had.
fn extra_field(file: &str) -> Result<syn::Field> {
    let item: syn::ItemStruct = syntax::parse(
        file,
        quote! {
            struct S {
                /// Members of the body this type has no field for (from a newer API version),
                /// kept as sent and serialised again with the rest.
                #[serde(flatten)]
                pub extra: crate::runtime::Extra,
            }
        },
    )?;
    item.fields
        .into_iter()
        .next()
        .ok_or_else(|| syntax::generated_code(file, "the `extra` field did not parse"))
}

/// Whether the struct implements `Serialize`: a response (decode → serialise gives the body
/// back), or an API v2 request, whose JSON body it is (absent optional fields left out).
fn serialized(def: &ir::TypeDef) -> bool {
    def.usage.is_response() || (def.usage.is_request() && def.sent_as_json())
}

fn derives(usage: ir::Usage, serialized: bool, fields: &[FieldPlan<'_>]) -> Vec<TokenStream> {
    let mut derives = vec![quote!(Clone)];
    if !fields.iter().any(|f| f.field.secret) {
        derives.push(quote!(Debug));
    }
    // A response type needs `Default`: a required field a body lacks decodes as its default.
    if usage.is_response() || all_optional(fields) {
        derives.push(quote!(Default));
    }
    derives.push(quote!(PartialEq));
    if serialized {
        // `Deserialize` is `decode_fields`, below.
        derives.push(quote!(::serde::Serialize));
    }
    derives
}

fn all_optional(fields: &[FieldPlan<'_>]) -> bool {
    fields.iter().all(|f| f.wrap != FieldShape::Plain)
}

fn field_definition(serialized: bool, f: &FieldPlan<'_>) -> syn::Field {
    let mut lines = f.docs.clone();
    if f.wrap == FieldShape::OptionOption {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push("`None`: the field was absent; `Some(None)`: it was `null`.".to_owned());
    }
    let mut attrs = docs::lines_to_attributes(&lines);
    if serialized {
        attrs.extend(serde_attrs(f));
    }
    syntax::named_field(attrs, f.ident.clone(), f.ty.clone())
}

/// The field's `Serialize` attributes: its wire name, and for an optional field, left
/// out when `None` (decoding is `decode_fields`).
fn serde_attrs(f: &FieldPlan<'_>) -> Vec<syn::Attribute> {
    let wire = &f.field.wire_name;
    let rename = (idents::bare(&f.field.rust_name) != wire.as_str())
        .then(|| syntax::list_attribute("serde", quote!(rename = #wire)));
    let skip = (f.wrap != FieldShape::Plain && !f.field.required).then(|| {
        syntax::list_attribute(
            "serde",
            quote!(skip_serializing_if = "::std::option::Option::is_none"),
        )
    });
    rename.into_iter().chain(skip).collect()
}

// ---------------------------------------------------------------------------
// Builder

/// Setter names clippy expects to implement a std trait.
const TRAIT_METHOD_NAMES: &[&str] = &[
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "neg",
    "next",
    "not",
    "rem",
    "shl",
    "shr",
    "sub",
];

/// Setter prefixes clippy expects to borrow `self` (or take none).
const BORROWING_PREFIXES: &[&str] = &["as_", "from_", "is_", "to_"];

/// Clippy's default `too_many_arguments` threshold.
const MAX_ARGUMENTS: usize = 7;

fn builder(
    model: &ir::Model,
    file: &str,
    def: &ir::TypeDef,
    name: &Ident,
    fields: &[FieldPlan<'_>],
    syntax: &mut Syntax,
) -> Result<syn::ItemImpl> {
    // The model named every method (setters as their fields, `clear_`) and
    // checked that no two share a name.
    let mut item = syntax.named_impl(file, "builder", name, |name| quote!(impl #name {}))?;
    item.items.push(syn::ImplItem::Fn(constructor(
        model, file, def, fields, syntax,
    )?));
    for f in fields.iter().filter(|f| f.wrap != FieldShape::Plain) {
        item.items
            .push(syn::ImplItem::Fn(setter(model, file, f, syntax)?));
    }
    for (f, clear) in fields
        .iter()
        .filter_map(|f| f.field.clear.as_deref().map(|clear| (f, clear)))
    {
        let clear = idents::ident(clear, file)?;
        item.items
            .push(syn::ImplItem::Fn(syntax::parse(file, clearer(f, &clear))?));
    }
    Ok(item)
}

fn constructor(
    model: &ir::Model,
    file: &str,
    def: &ir::TypeDef,
    fields: &[FieldPlan<'_>],
    syntax: &mut Syntax,
) -> Result<syn::ImplItemFn> {
    if all_optional(fields) {
        let key = FunctionKey::Fixed("new, every field unset");
        let mut function = syntax.function(file, key, || {
            Ok(quote! {
                pub fn new() -> Self {
                    ::std::default::Default::default()
                }
            })
        })?;
        function.attrs = vec![syntax::doc_attribute(&format!(
            " Creates `{}` with every field unset.",
            def.name
        ))];
        return Ok(function);
    }
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for f in fields {
        let ident = &f.ident;
        if f.wrap == FieldShape::Plain {
            let (arg_ty, value) =
                conversion(model, file, &f.field.ty, ident, f.shape.shown.as_deref())?;
            let value = store(f, value);
            args.push(quote!(#ident: #arg_ty));
            inits.push(quote!(#ident: #value));
        } else {
            inits.push(quote!(#ident: ::std::option::Option::None));
        }
    }
    if def.usage.is_response() {
        inits.push(quote!(extra: ::std::default::Default::default()));
    }
    let allow = (args.len() > MAX_ARGUMENTS).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let order = fields
        .iter()
        .filter(|f| f.wrap == FieldShape::Plain)
        .map(|f| format!("`{}`", f.field.wire_name))
        .collect::<Vec<_>>()
        .join(", ");
    let doc = format!(
        " Creates `{}` from its required fields, in spec order: {order}. The others start unset.",
        def.name
    );
    syntax::parse(
        file,
        quote! {
            #[doc = #doc]
            #allow
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
        },
    )
}

/// The setter of `f`: its shape's template with the field's name and docs.
fn setter(
    model: &ir::Model,
    file: &str,
    f: &FieldPlan<'_>,
    syntax: &mut Syntax,
) -> Result<syn::ImplItemFn> {
    let mut function = syntax.function(file, FunctionKey::Setter(f.shape.clone()), || {
        let ident = format_ident!("{}", syntax::FIELD);
        let value_ident = format_ident!("value");
        let (arg_ty, value) = conversion(
            model,
            file,
            &f.field.ty,
            &value_ident,
            f.shape.shown.as_deref(),
        )?;
        let value = store(f, value);
        Ok(quote! {
            pub fn #ident(mut self, value: #arg_ty) -> Self {
                self.#ident = #value;
                self
            }
        })
    })?;
    syntax::fill(&mut function, &f.ident, "");
    let mut lines = vec![format!("Sets {}.", docs::code_span(&f.field.wire_name))];
    if !f.docs.is_empty() {
        lines.push(String::new());
        lines.extend(f.docs.iter().cloned());
    }
    function.attrs = docs::lines_to_attributes(&lines);
    let allow = setter_allows(idents::bare(&f.field.rust_name));
    if !allow.is_empty() {
        function.attrs.extend(
            syn::parse::Parser::parse2(syn::Attribute::parse_outer, allow)
                .map_err(|e| syntax::generated_code(file, e))?,
        );
    }
    Ok(function)
}

fn setter_allows(name: &str) -> TokenStream {
    let mut lints = Vec::new();
    if TRAIT_METHOD_NAMES.contains(&name) {
        lints.push(quote!(clippy::should_implement_trait));
    }
    if BORROWING_PREFIXES.iter().any(|p| name.starts_with(p)) {
        lints.push(quote!(clippy::wrong_self_convention));
    }
    if lints.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[allow(#(#lints),*)])
    }
}

fn clearer(f: &FieldPlan<'_>, clear: &Ident) -> TokenStream {
    let ident = &f.ident;
    let value = store(f, quote!(crate::runtime::Clearable::Clear));
    let doc = format!(
        " Clears {}: sends it empty, which unsets it.",
        docs::code_span(&f.field.wire_name)
    );
    quote! {
        #[doc = #doc]
        pub fn #clear(mut self) -> Self {
            self.#ident = #value;
            self
        }
    }
}

/// The argument type a builder takes for `ty`, and the expression turning the
/// argument `var` into a value of `ty`. Collections take any iterable of
/// convertible items; `Clearable` takes the value to set.
fn conversion(
    model: &ir::Model,
    file: &str,
    ty: &TypeRef,
    var: &Ident,
    shown: Option<&str>,
) -> Result<(TokenStream, TokenStream)> {
    let root = &type_ref::Root::Crate;
    Ok(match ty {
        TypeRef::Clearable(inner) => {
            let (arg, value) = conversion(model, file, inner, var, shown)?;
            (arg, quote!(crate::runtime::Clearable::Set(#value)))
        }
        TypeRef::Array(item) => {
            let item = type_ref::type_tokens_as(model, file, item, root, shown)?;
            (
                quote!(impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#item>>),
                quote!(#var.into_iter().map(::std::convert::Into::into).collect()),
            )
        }
        TypeRef::Map(item) => {
            let item = type_ref::type_tokens_as(model, file, item, root, shown)?;
            (
                quote! {
                    impl ::std::iter::IntoIterator<
                        Item = (
                            impl ::std::convert::Into<::std::string::String>,
                            impl ::std::convert::Into<#item>,
                        ),
                    >
                },
                quote!(#var.into_iter().map(|(k, v)| (k.into(), v.into())).collect()),
            )
        }
        _ => {
            let ty = type_ref::type_tokens_as(model, file, ty, root, shown)?;
            (quote!(impl ::std::convert::Into<#ty>), quote!(#var.into()))
        }
    })
}

/// `value` (of the field's core type) boxed and wrapped as the field stores it.
fn store(f: &FieldPlan<'_>, value: TokenStream) -> TokenStream {
    let value = if f.field.boxed {
        quote!(::std::boxed::Box::new(#value))
    } else {
        value
    };
    match f.wrap {
        FieldShape::Plain => value,
        FieldShape::Option => quote!(::std::option::Option::Some(#value)),
        FieldShape::OptionOption => {
            quote!(::std::option::Option::Some(::std::option::Option::Some(#value)))
        }
    }
}

// ---------------------------------------------------------------------------
// Impls

/// `FormEncode`: one statement per field, each the filled-in template.
fn form_encode(
    file: &str,
    name: &Ident,
    fields: &[FieldPlan<'_>],
    v2: bool,
    syntax: &mut Syntax,
) -> Result<syn::ItemImpl> {
    let (key, w, k) = if fields.is_empty() {
        (
            "form encode, no fields",
            format_ident!("_w"),
            format_ident!("_key"),
        )
    } else {
        ("form encode", format_ident!("w"), format_ident!("key"))
    };
    let mut item = syntax.named_impl(file, key, name, |ty| {
        quote! {
            impl crate::runtime::form::FormEncode for #ty {
                fn encode_form(
                    &self,
                    #w: &mut crate::runtime::form::FormWriter,
                    #k: &crate::runtime::form::Key<'_>,
                ) {}
            }
        }
    })?;
    let Some(syn::ImplItem::Fn(function)) = item.items.first_mut() else {
        return Err(syntax::generated_code(
            file,
            "the `FormEncode` template has no method",
        ));
    };
    for f in fields {
        // API v2 repeats an array's key for each item (`include=a&include=b`,
        // ARCHITECTURE.md "API v2"); v1 indexes it (`expand[0]=a`).
        if v2 && matches!(f.field.ty, ir::TypeRef::Array(_)) {
            let ident = &f.ident;
            let wire = &f.field.wire_name;
            let items = match f.wrap {
                FieldShape::Plain => quote!(self.#ident.iter()),
                _ => quote!(self.#ident.iter().flatten()),
            };
            let stmt: syn::Stmt = syn::parse2(quote! {
                for item in #items {
                    crate::runtime::form::FormEncode::encode_form(item, w, &key.map_key(#wire));
                }
            })
            .map_err(|e| {
                syntax::generated_code(file, format!("a repeated form field does not parse: {e}"))
            })?;
            function.block.stmts.push(stmt);
            continue;
        }
        // `Key::field` writes the name as it is; a name that needs escaping goes as a map key.
        let (template, key_method) = if is_literal_name(&f.field.wire_name) {
            ("form field", "field")
        } else {
            ("form field, escaped name", "map_key")
        };
        let mut stmt = syntax.statement(file, template, || {
            let field = format_ident!("{}", syntax::FIELD);
            let key_method = format_ident!("{key_method}");
            let wire = syntax::WIRE;
            quote! {
                crate::runtime::form::FormEncode::encode_form(&self.#field, w, &key.#key_method(#wire));
            }
        })?;
        syntax::fill(&mut stmt, &f.ident, &f.field.wire_name);
        function.block.stmts.push(stmt);
    }
    Ok(item)
}

/// Whether the runtime's `Key::field` may take `name` as it is: ASCII letters,
/// digits and `-._~` (its `is_literal_name`).
fn is_literal_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// `Debug` that prints `[REDACTED]` for present secret values.
fn redacting_debug(def: &ir::TypeDef, name: &Ident, fields: &[FieldPlan<'_>]) -> TokenStream {
    let type_name = &def.name;
    let entries = fields.iter().map(|f| {
        let ident = &f.ident;
        let label = idents::bare(&f.field.rust_name);
        let value = match (f.field.secret, f.wrap) {
            (false, _) => quote!(&self.#ident),
            (true, FieldShape::Plain) => quote!(&crate::runtime::Redacted),
            (true, FieldShape::Option) => {
                quote!(&self.#ident.as_ref().map(|_| crate::runtime::Redacted))
            }
            (true, FieldShape::OptionOption) => quote! {
                &self.#ident.as_ref().map(|v| v.as_ref().map(|_| crate::runtime::Redacted))
            },
        };
        quote!(.field(#label, #value))
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#type_name)
                    #(#entries)*
                    .finish()
            }
        }
    }
}

/// Decoding: `DecodeFields` matches a member's wire name and decodes its value
/// into the field, as the field's type decodes (`Some` around it where `null`
/// and absent differ: `Option<Option<T>>`; through `object::value` where the
/// field may not be `null`, so that a `null` is its default; `object::entries`
/// for a map, whose `null` entries are left out); a member no field has goes to
/// `extra` (`object::keep`). The runtime's `object::decode` is the
/// visitor, so each struct adds only this `match`.
fn decode_fields(def: &ir::TypeDef, name: &Ident, fields: &[FieldPlan<'_>]) -> TokenStream {
    let type_name = &def.name;
    let keep = quote!(crate::runtime::object::keep(&mut self.extra, key, map));
    let body = if fields.is_empty() {
        keep
    } else {
        let arms = fields.iter().map(|f| {
            let wire = &f.field.wire_name;
            let ident = &f.ident;
            // A map (`metadata`): its `null` entries left out, a `null` map empty or `None`.
            if matches!(f.field.ty, TypeRef::Map(_)) && !f.field.boxed {
                return match f.wrap {
                    FieldShape::Plain => quote!(#wire => self.#ident = crate::runtime::object::entries(map)?,),
                    FieldShape::Option => {
                        quote!(#wire => self.#ident = crate::runtime::object::optional_entries(map)?,)
                    }
                    FieldShape::OptionOption => quote! {
                        #wire => self.#ident = ::std::option::Option::Some(
                            crate::runtime::object::optional_entries(map)?,
                        ),
                    },
                };
            }
            match f.wrap {
                FieldShape::OptionOption => quote! {
                    #wire => self.#ident = ::std::option::Option::Some(map.next_value()?),
                },
                FieldShape::Option => quote!(#wire => self.#ident = map.next_value()?,),
                FieldShape::Plain => {
                    quote!(#wire => crate::runtime::object::value(map, &mut self.#ident)?,)
                }
            }
        });
        quote! {
            match key {
                #(#arms)*
                _ => #keep?,
            }
            ::std::result::Result::Ok(())
        }
    };
    quote! {
        impl crate::runtime::object::DecodeFields for #name {
            fn decode_field<'de, A: ::serde::de::MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> ::std::result::Result<(), A::Error> {
                #body
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::object::decode(deserializer, #type_name)
            }
        }
    }
}

/// `HasId` for objects with a string `id` field.
fn has_id(name: &Ident, fields: &[FieldPlan<'_>]) -> TokenStream {
    let Some(f) = fields
        .iter()
        .find(|f| f.field.wire_name == "id" && f.field.ty == TypeRef::String && !f.field.boxed)
    else {
        return TokenStream::new();
    };
    let ident = &f.ident;
    let body = match f.wrap {
        FieldShape::Plain => quote!(::std::option::Option::Some(self.#ident.as_str())),
        FieldShape::Option => quote!(self.#ident.as_deref()),
        FieldShape::OptionOption => {
            quote!(self.#ident.as_ref().and_then(::std::option::Option::as_deref))
        }
    };
    quote! {
        impl crate::runtime::HasId for #name {
            fn id(&self) -> ::std::option::Option<&str> {
                #body
            }
        }
    }
}
