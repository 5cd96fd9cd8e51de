//! Doc examples: an [`ir::Example`] (wire values as JSON) → a `rust,no_run`
//! block calling the operation, its parameters built by walking the JSON
//! against the parameter types (`Type::new(required..).setter(value)`).

use heck::ToSnakeCase;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{quote, ToTokens as _};
use serde_json::Value;

use super::file::render;
use super::type_ref::{self, Root};
use super::{idents, namespaces, types_union};
use crate::error::{Error, Result};
use crate::ir::{self, TypeRef};

/// The placeholder key in examples.
const SECRET_KEY: &str = "sk_test_...";

/// The doc lines of a code block running `example` of `op`.
pub(crate) fn code_block(
    model: &ir::Model,
    krate: &Ident,
    file: &str,
    op: &ir::Operation,
    example: &ir::Example,
) -> Result<Vec<String>> {
    let walker = Walker {
        model,
        krate,
        file,
        op,
        example,
    };
    let call = walker.call()?;
    let binding = result_binding(model, op);
    let body = quote! {
        let client = #krate::Client::new(#SECRET_KEY);
        let #binding = #call.await?;
    };
    block(krate, file, body)
}

/// A code block that only makes a client (for a crate without examples).
pub(crate) fn client_only_block(krate: &Ident, file: &str) -> Result<Vec<String>> {
    block(
        krate,
        file,
        quote!(let client = #krate::Client::new(#SECRET_KEY);),
    )
}

/// `body` inside a hidden `async fn` returning `Result<(), Error>`, as the
/// lines of a `rust,no_run` block (hidden lines start with `# `).
fn block(krate: &Ident, file: &str, body: TokenStream) -> Result<Vec<String>> {
    let source = render(
        file,
        quote! {
            async fn run() -> Result<(), #krate::Error> {
                #body
                Ok(())
            }
        },
    )?;
    let mut lines = vec!["```rust,no_run".to_owned()];
    let mut in_header = true;
    // Skip the generated-file header; the rest is the function.
    for line in source.lines().skip(1) {
        if in_header {
            lines.push(format!("# {line}"));
            in_header = !line.ends_with('{');
        } else if line == "}" || line.trim() == "Ok(())" {
            lines.push(format!("# {}", line.trim()));
        } else {
            lines.push(line.strip_prefix("    ").unwrap_or(line).to_owned());
        }
    }
    lines.push("```".to_owned());
    Ok(lines)
}

/// `token` for an operation returning `Token`; `response` otherwise.
fn result_binding(model: &ir::Model, op: &ir::Operation) -> Ident {
    let name = match &op.success.ty {
        TypeRef::Named(id) => model.types.get(id).map(|def| def.name.to_snake_case()),
        _ => None,
    };
    name.and_then(|n| syn::parse_str::<Ident>(&n).ok())
        .unwrap_or_else(|| Ident::new("response", proc_macro2::Span::call_site()))
}

/// Walks one example's JSON against the operation's parameter types.
struct Walker<'a> {
    model: &'a ir::Model,
    krate: &'a Ident,
    file: &'a str,
    op: &'a ir::Operation,
    example: &'a ir::Example,
}

impl Walker<'_> {
    fn err(&self, pointer: &str, message: impl std::fmt::Display) -> Error {
        let pointer = if pointer.is_empty() { "/" } else { pointer };
        Error::Example {
            operation: format!("{} {}", self.op.http_method.as_str(), self.op.path),
            example: self.example.title.clone(),
            at: pointer.to_owned(),
            message: message.to_string(),
        }
    }

    /// The operation's group module re-exports every type its parameters
    /// reach (`emit/modules.rs`), which is all an example names.
    fn root(&self) -> Result<Root> {
        let group = namespaces::group_module_path(self.op, self.file)?;
        Ok(Root::Group(self.krate.clone(), group))
    }

    /// `client.group().method(path.., &params..)`.
    fn call(&self) -> Result<TokenStream> {
        let mut args = Vec::new();
        for p in &self.op.path_params {
            let value = self.example.path.get(&p.wire_name).ok_or_else(|| {
                self.err("", format!("no value for path parameter `{}`", p.wire_name))
            })?;
            args.push(quote!(#value));
        }
        if let Some(extra) = self
            .example
            .path
            .keys()
            .find(|k| !self.op.path_params.iter().any(|p| &p.wire_name == *k))
        {
            return Err(self.err("", format!("`{extra}` is not a path parameter")));
        }
        // Every parameter optional and none given: the plain method.
        let no_params = match &self.example.params {
            Value::Null => true,
            Value::Object(map) => map.is_empty(),
            _ => false,
        };
        let method = match &self.op.call.with {
            Some(_) if no_params => idents::ident(&self.op.method_name, self.file)?,
            Some(with) => {
                args.extend(self.param_args()?);
                idents::ident(with, self.file)?
            }
            None => {
                args.extend(self.param_args()?);
                idents::ident(&self.op.method_name, self.file)?
            }
        };
        let group = namespaces::accessor_chain(self.op, self.file)?;
        Ok(quote!(client.#group.#method(#(#args),*)))
    }

    /// `&Query::new()..`, `&Body::new()..`: the example's keys go to the
    /// struct that has them.
    fn param_args(&self) -> Result<Vec<TokenStream>> {
        let empty = serde_json::Map::new();
        let params = match &self.example.params {
            Value::Null => &empty,
            Value::Object(map) => map,
            _ => return Err(self.err("", "parameters must be a JSON object")),
        };
        let sets = [
            self.op.query.as_ref(),
            self.op.body.as_ref().map(|b| &b.params),
        ];
        let sets = sets.into_iter().flatten().collect::<Vec<_>>();
        let mut parts = vec![serde_json::Map::new(); sets.len()];
        for (key, value) in params {
            let mut placed = false;
            for (set, part) in sets.iter().zip(parts.iter_mut()) {
                if self
                    .struct_fields(&set.ty)?
                    .iter()
                    .any(|f| &f.wire_name == key)
                {
                    part.insert(key.clone(), value.clone());
                    placed = true;
                    break;
                }
            }
            if !placed {
                return Err(self.err(&pointer("", key), "not a parameter of this operation"));
            }
        }
        sets.iter()
            .zip(parts)
            .map(|(set, part)| {
                let value = self.struct_expr(&set.ty, Some(set), &Value::Object(part), "")?;
                Ok(quote!(&#value))
            })
            .collect()
    }

    fn struct_fields(&self, id: &ir::TypeId) -> Result<&[ir::Field]> {
        let def = type_ref::lookup(self.model, self.file, id)?;
        match &def.kind {
            ir::TypeKind::Struct(s) => Ok(&s.fields),
            _ => Err(self.err("", format!("`{}` is not a struct", def.name))),
        }
    }

    /// `Type::new(required..).optional(value)..`; an operation's parameters
    /// (`set`) under the operation's own name.
    fn struct_expr(
        &self,
        id: &ir::TypeId,
        set: Option<&ir::ParamSet>,
        json: &Value,
        at: &str,
    ) -> Result<TokenStream> {
        let def = type_ref::lookup(self.model, self.file, id)?;
        let ir::TypeKind::Struct(s) = &def.kind else {
            return Err(self.err(at, format!("`{}` is not a struct", def.name)));
        };
        let Value::Object(map) = json else {
            return Err(self.err(at, format!("expected an object for `{}`", def.name)));
        };
        if let Some(key) = map
            .keys()
            .find(|k| !s.fields.iter().any(|f| &f.wire_name == *k))
        {
            return Err(self.err(
                &pointer(at, key),
                format!("`{}` has no such field", def.name),
            ));
        }
        let path = match set {
            Some(set) => type_ref::params_path(self.model, self.file, set, &self.root()?)?,
            None => type_ref::named_path(self.model, self.file, id, &self.root()?)?,
        };
        let mut required = Vec::new();
        let mut setters = Vec::new();
        for f in &s.fields {
            let here = pointer(at, &f.wire_name);
            let value = map.get(&f.wire_name);
            if f.shape.is_plain() {
                let value = value.ok_or_else(|| self.err(&here, "required field is missing"))?;
                required.push(self.arg_expr(&f.ty, value, &here)?);
            } else if let Some(value) = value {
                setters.push(self.setter_call(f, value, &here)?);
            }
        }
        Ok(quote!(#path::new(#(#required),*) #(#setters)*))
    }

    /// `.field(value)`, or `.clear_field()` for `""` on a clearable field.
    fn setter_call(&self, f: &ir::Field, value: &Value, at: &str) -> Result<TokenStream> {
        if let TypeRef::Clearable(inner) = &f.ty {
            if value.as_str() == Some("") && !accepts_empty_string(self.model, inner) {
                let clear = format!("clear_{}", idents::bare(&f.rust_name));
                let clear = idents::ident(&clear, self.file)?;
                return Ok(quote!(.#clear()));
            }
        }
        if value.is_null() {
            return Err(self.err(at, "null values are not supported in examples"));
        }
        let setter = idents::ident(&f.rust_name, self.file)?;
        let arg = self.arg_expr(&f.ty, value, at)?;
        Ok(quote!(.#setter(#arg)))
    }

    /// A builder argument (`impl Into<T>`, or an iterable for collections).
    fn arg_expr(&self, ty: &TypeRef, json: &Value, at: &str) -> Result<TokenStream> {
        match ty {
            TypeRef::Clearable(inner) => self.arg_expr(inner, json, at),
            TypeRef::Array(item) => {
                let Value::Array(items) = json else {
                    return Err(self.err(at, "expected an array"));
                };
                if items.is_empty() {
                    let item = type_ref::type_tokens(self.model, self.file, item, &self.root()?)?;
                    return Ok(quote!(::std::vec::Vec::<#item>::new()));
                }
                let items = items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| self.elem_expr(item, v, &pointer(at, &i.to_string())))
                    .collect::<Result<Vec<_>>>()?;
                Ok(quote!([#(#items),*]))
            }
            TypeRef::Map(item) => {
                let Value::Object(entries) = json else {
                    return Err(self.err(at, "expected an object (a map)"));
                };
                if entries.is_empty() {
                    let item = type_ref::type_tokens(self.model, self.file, item, &self.root()?)?;
                    return Ok(quote!(::std::vec::Vec::<(&str, #item)>::new()));
                }
                let entries = entries
                    .iter()
                    .map(|(k, v)| {
                        let v = self.elem_expr(item, v, &pointer(at, k))?;
                        Ok(quote!((#k, #v)))
                    })
                    .collect::<Result<Vec<_>>>()?;
                Ok(quote!([#(#entries),*]))
            }
            TypeRef::Named(id) => match &type_ref::lookup(self.model, self.file, id)?.kind {
                ir::TypeKind::Union(ir::UnionDef::Untagged { variants }) => {
                    self.union_arg(id, variants, json, at)
                }
                _ => self.elem_expr(ty, json, at),
            },
            _ => self.elem_expr(ty, json, at),
        }
    }

    /// An untagged union argument: the variant's value itself when the union
    /// converts from it (`"tok_123"`, `Details::new(..)`), else the union.
    fn union_arg(
        &self,
        id: &ir::TypeId,
        variants: &[ir::UntaggedVariant],
        json: &Value,
        at: &str,
    ) -> Result<TokenStream> {
        let index = self.pick_variant(id, variants, json, at)?;
        let has_from = types_union::has_from(self.model, self.file, variants)?;
        let variant = &variants[index];
        let direct = has_from[index]
            && matches!(variant.ty, TypeRef::String | TypeRef::Named(_))
            && !is_untagged_union(self.model, &variant.ty);
        if direct {
            self.elem_expr(&variant.ty, json, at)
        } else {
            self.union_expr(id, variants, json, at)
        }
    }

    /// An expression of one type per `ty` (so that array items agree) that
    /// converts `Into` the Rust type of `ty`.
    fn elem_expr(&self, ty: &TypeRef, json: &Value, at: &str) -> Result<TokenStream> {
        match ty {
            TypeRef::String => match json {
                Value::String(s) => Ok(quote!(#s)),
                _ => Err(self.err(at, "expected a string")),
            },
            TypeRef::Integer | TypeRef::Timestamp => self.integer(json, at),
            TypeRef::Decimal => match json {
                Value::String(s) if ir::is_plain_decimal(s) => {
                    let decimal = type_ref::runtime_item(&self.root()?, "Decimal");
                    Ok(quote!(#s.parse::<#decimal>().expect("a plain decimal")))
                }
                _ => Err(self.err(
                    at,
                    "expected a decimal in a string (digits with an optional `-` and `.`, at most 28, such as \"12.50\")",
                )),
            },
            TypeRef::Number => match json.as_f64() {
                Some(n) => Ok(Literal::f64_unsuffixed(n).into_token_stream()),
                None => Err(self.err(at, "expected a number")),
            },
            TypeRef::Boolean => match json {
                Value::Bool(b) => Ok(quote!(#b)),
                _ => Err(self.err(at, "expected a boolean")),
            },
            TypeRef::Json => self.json_expr(json, at),
            TypeRef::Named(id) => self.named_expr(id, json, at),
            TypeRef::Array(_) | TypeRef::Map(_) => self.exact_expr(ty, json, at),
            TypeRef::Binary
            | TypeRef::Expandable(_)
            | TypeRef::Clearable(_)
            | TypeRef::List(_)
            | TypeRef::SearchResult(_)
            | TypeRef::DateTime
            | TypeRef::Int64String
            | TypeRef::V2List(_) => {
                Err(self.err(at, "this kind of value is not supported in examples"))
            }
        }
    }

    /// An expression of exactly the Rust type of `ty`.
    fn exact_expr(&self, ty: &TypeRef, json: &Value, at: &str) -> Result<TokenStream> {
        match ty {
            TypeRef::String => match json {
                Value::String(s) => Ok(quote!(String::from(#s))),
                _ => Err(self.err(at, "expected a string")),
            },
            TypeRef::Array(item) => {
                let Value::Array(items) = json else {
                    return Err(self.err(at, "expected an array"));
                };
                let items = items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| self.exact_expr(item, v, &pointer(at, &i.to_string())))
                    .collect::<Result<Vec<_>>>()?;
                Ok(quote!(vec![#(#items),*]))
            }
            TypeRef::Map(item) => {
                let Value::Object(entries) = json else {
                    return Err(self.err(at, "expected an object (a map)"));
                };
                let entries = entries
                    .iter()
                    .map(|(k, v)| {
                        let v = self.exact_expr(item, v, &pointer(at, k))?;
                        Ok(quote!((String::from(#k), #v)))
                    })
                    .collect::<Result<Vec<_>>>()?;
                Ok(quote!(::std::collections::BTreeMap::from([#(#entries),*])))
            }
            _ => self.elem_expr(ty, json, at),
        }
    }

    fn integer(&self, json: &Value, at: &str) -> Result<TokenStream> {
        let n = json
            .as_i64()
            .ok_or_else(|| self.err(at, "expected an integer"))?;
        Ok(match i32::try_from(n) {
            Ok(small) => Literal::i32_unsuffixed(small).into_token_stream(),
            Err(_) => Literal::i64_suffixed(n).into_token_stream(),
        })
    }

    /// `serde_json::json!(..)` for raw JSON.
    fn json_expr(&self, json: &Value, at: &str) -> Result<TokenStream> {
        let text = json.to_string();
        let tokens = text
            .parse::<TokenStream>()
            .map_err(|_| self.err(at, "this JSON value cannot be written as Rust tokens"))?;
        Ok(quote!(serde_json::json!(#tokens)))
    }

    fn named_expr(&self, id: &ir::TypeId, json: &Value, at: &str) -> Result<TokenStream> {
        let def = type_ref::lookup(self.model, self.file, id)?;
        let path = type_ref::named_path(self.model, self.file, id, &self.root()?)?;
        match &def.kind {
            ir::TypeKind::Struct(_) => self.struct_expr(id, None, json, at),
            ir::TypeKind::Enum(e) => {
                let Value::String(s) = json else {
                    return Err(self.err(at, format!("expected a string for `{}`", def.name)));
                };
                match e.values.iter().find(|v| &v.wire == s) {
                    Some(v) => {
                        let variant = idents::ident(&v.rust_name, self.file)?;
                        Ok(quote!(#path::#variant))
                    }
                    None => Ok(quote!(#path::from(#s))),
                }
            }
            ir::TypeKind::Union(ir::UnionDef::Untagged { variants }) => {
                self.union_expr(id, variants, json, at)
            }
            ir::TypeKind::Opaque(_) => {
                let json = self.json_expr(json, at)?;
                Ok(quote!(#path(#json)))
            }
            ir::TypeKind::Union(ir::UnionDef::Tagged { .. }) => Err(self.err(
                at,
                format!(
                    "`{}` is a tagged union, which requests cannot hold",
                    def.name
                ),
            )),
        }
    }

    /// `Union::Variant(value)` for the variant the JSON's kind selects.
    fn union_expr(
        &self,
        id: &ir::TypeId,
        variants: &[ir::UntaggedVariant],
        json: &Value,
        at: &str,
    ) -> Result<TokenStream> {
        let index = self.pick_variant(id, variants, json, at)?;
        let variant = &variants[index];
        let path = type_ref::named_path(self.model, self.file, id, &self.root()?)?;
        let ident = idents::ident(&variant.rust_name, self.file)?;
        let value = self.exact_expr(&variant.ty, json, at)?;
        Ok(if variant.boxed {
            quote!(#path::#ident(Box::new(#value)))
        } else {
            quote!(#path::#ident(#value))
        })
    }

    /// The variant for `json`: an enum listing the exact string first, then
    /// the first variant whose JSON kind fits.
    fn pick_variant(
        &self,
        id: &ir::TypeId,
        variants: &[ir::UntaggedVariant],
        json: &Value,
        at: &str,
    ) -> Result<usize> {
        let listed = json.as_str().and_then(|s| {
            variants
                .iter()
                .position(|v| enum_lists(self.model, &v.ty, s))
        });
        listed
            .or_else(|| variants.iter().position(|v| fits(self.model, &v.ty, json)))
            .ok_or_else(|| {
                let name = self
                    .model
                    .types
                    .get(id)
                    .map_or(id.as_str(), |d| d.name.as_str());
                self.err(at, format!("no variant of `{name}` takes this value"))
            })
    }
}

/// `/a/b` + `c` → `/a/b/c` (JSON pointer escaping).
fn pointer(at: &str, key: &str) -> String {
    format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"))
}

/// Whether `ty` is an enum that lists `value`.
fn enum_lists(model: &ir::Model, ty: &TypeRef, value: &str) -> bool {
    let TypeRef::Named(id) = ty else {
        return false;
    };
    matches!(
        model.types.get(id).map(|d| &d.kind),
        Some(ir::TypeKind::Enum(e)) if e.values.iter().any(|v| v.wire == value)
    )
}

fn is_untagged_union(model: &ir::Model, ty: &TypeRef) -> bool {
    let TypeRef::Named(id) = ty else {
        return false;
    };
    matches!(
        model.types.get(id).map(|d| &d.kind),
        Some(ir::TypeKind::Union(ir::UnionDef::Untagged { .. }))
    )
}

/// Whether `""` is a real value of `ty` (rather than "clear").
fn accepts_empty_string(model: &ir::Model, ty: &TypeRef) -> bool {
    enum_lists(model, ty, "")
}

/// Whether `json` has a kind `ty` can hold.
fn fits(model: &ir::Model, ty: &TypeRef, json: &Value) -> bool {
    match ty {
        TypeRef::String => json.is_string(),
        TypeRef::Integer | TypeRef::Timestamp => json.is_i64(),
        TypeRef::Decimal => json.as_str().is_some_and(ir::is_plain_decimal),
        TypeRef::Number => json.is_number(),
        TypeRef::Boolean => json.is_boolean(),
        TypeRef::Json => true,
        TypeRef::Binary => false,
        TypeRef::Array(_) => json.is_array(),
        TypeRef::Map(_) => json.is_object(),
        TypeRef::Expandable(_) => json.is_string() || json.is_object(),
        TypeRef::DateTime | TypeRef::Int64String => json.is_string(),
        TypeRef::List(_) | TypeRef::SearchResult(_) | TypeRef::V2List(_) => json.is_object(),
        TypeRef::Clearable(inner) => json.as_str() == Some("") || fits(model, inner, json),
        TypeRef::Named(id) => match model.types.get(id).map(|d| &d.kind) {
            Some(ir::TypeKind::Struct(_) | ir::TypeKind::Opaque(_)) => json.is_object(),
            Some(ir::TypeKind::Enum(_)) => json.is_string(),
            Some(ir::TypeKind::Union(ir::UnionDef::Untagged { variants })) => {
                variants.iter().any(|v| fits(model, &v.ty, json))
            }
            Some(ir::TypeKind::Union(ir::UnionDef::Tagged { .. })) => json.is_object(),
            None => false,
        },
    }
}
