//! Schema → type space. Each named node is registered under its id (its JSON
//! pointer) and name *before* its children are converted, so a `$ref` back to
//! a type being built (a cycle) finds it already there.

use std::collections::BTreeMap;

use openapiv3::{
    AdditionalProperties, ObjectType, ReferenceOr, Schema, SchemaKind, StringType, Type,
    VariantOrUnknownOrEmpty,
};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::ir::{
    EnumDef, EnumValue, Field, Namespace, OpaqueDef, Origin, StructDef, TaggedVariant, TypeDef,
    TypeId, TypeKind, TypeRef, UnionDef, UntaggedVariant, Usage,
};
use crate::naming::{
    camel_ident, enum_value_idents, is_ident, module_ident, snake_ident, NameScope,
};
use crate::resolve::{child, component_name, variant_name, Node, Resolver};

/// Wraps a page's item type: `TypeRef::List` or `TypeRef::SearchResult`.
type PageWrapper = fn(Box<TypeRef>) -> TypeRef;

pub use crate::naming::ENUM_FALLBACK;
use crate::naming::{unreserved, UNION_FALLBACK, UNION_RESERVED_SUFFIX};

/// A union's variant names, in order: one named as the fallback
/// [`UNION_FALLBACK`] is suffixed (`naming::unreserved`), then each is
/// claimed under its pointer (`sources`), so two variants wanting one name
/// are a `NameCollision` naming both.
fn claim_variants(names: &mut [String], sources: &[String]) -> Result<()> {
    unreserved(names, UNION_FALLBACK, UNION_RESERVED_SUFFIX);
    let mut scope = NameScope::new();
    scope.claim(UNION_FALLBACK, "the fallback variant for unlisted objects")?;
    for (name, source) in names.iter().zip(sources) {
        scope.claim(name, source)?;
    }
    Ok(())
}

/// Where a node sits: the name parts its inline types are named from, the
/// module they are emitted into, and whether it is sent or received.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub name: Vec<String>,
    pub module: String,
    pub resource: Option<String>,
    pub request: bool,
    /// The description of the property (or operation) holding this node,
    /// for an inline type that has none of its own.
    pub docs: Option<String>,
}

impl Ctx {
    pub fn child(&self, part: &str) -> Ctx {
        let mut next = self.clone();
        next.name.push(part.to_owned());
        next
    }
}

/// How deep conversion may nest, counting every schema entered on the way
/// down (inline children and `$ref` targets alike). Stripe's specs go 37
/// deep. Conversion runs on its own thread with a [`super::STACK_SIZE`]
/// stack, which this depth stays well inside even in a debug build (about
/// 10 KiB a level there).
pub const MAX_SCHEMA_DEPTH: usize = 1024;

/// How deep one field's type may nest without a named type in between
/// (`Vec<Vec<…>>`, maps, wrappers): emission and the Rust compiler recurse
/// on it. Stripe's specs go 3 deep.
pub const MAX_TYPE_NESTING: usize = 32;

pub struct TypeBuilder<'a> {
    pub resolver: Resolver<'a>,
    pub config: &'a Config,
    pub types: BTreeMap<TypeId, TypeDef>,
    /// Schemas being converted, outermost first: (depth now).
    depth: usize,
    /// Components being converted, outermost first, each with the number of
    /// types registered when it was entered. Entering one again with no new
    /// type registered since is a cycle no type breaks.
    converting: Vec<(&'a str, usize)>,
}

impl<'a> TypeBuilder<'a> {
    pub fn new(resolver: Resolver<'a>, config: &'a Config) -> Self {
        TypeBuilder {
            resolver,
            config,
            types: BTreeMap::new(),
            depth: 0,
            converting: Vec::new(),
        }
    }

    fn unsupported(&self, ptr: &str, what: impl Into<String>) -> Error {
        Error::Unsupported {
            location: self.resolver.spec.locate(ptr),
            what: what.into(),
        }
    }

    /// Convert the schema (or reference) at `ptr`.
    pub fn node(&mut self, node: Node<'a>, ptr: &str, ctx: &Ctx) -> Result<TypeRef> {
        if self.depth >= MAX_SCHEMA_DEPTH {
            return Err(Error::SchemaTooDeep {
                location: self.resolver.spec.locate(ptr),
                limit: MAX_SCHEMA_DEPTH,
            });
        }
        self.depth += 1;
        let converted = match node {
            Node::Ref(reference) => self.component(reference, ptr, ctx.request),
            Node::Inline(schema) => self.schema(schema, ptr, ctx),
        };
        self.depth -= 1;
        let ty = converted?;
        if nesting(&ty) > MAX_TYPE_NESTING {
            return Err(Error::TypeTooDeep {
                location: self.resolver.spec.locate(ptr),
                limit: MAX_TYPE_NESTING,
            });
        }
        Ok(ty)
    }

    /// A `$ref` to a component schema: converted once, under its own pointer.
    pub fn component(&mut self, reference: &str, at: &str, request: bool) -> Result<TypeRef> {
        let (name, schema) = self.resolver.component(reference, at)?;
        let ptr = child("#/components/schemas", name);
        let id = TypeId(ptr.clone());
        if self.types.contains_key(&id) {
            return Ok(TypeRef::Named(id));
        }
        let registered = self.types.len();
        if let Some(from) = self
            .converting
            .iter()
            .rposition(|&(n, count)| n == name && count == registered)
        {
            let mut chain: Vec<String> = self.converting[from..]
                .iter()
                .map(|(n, _)| (*n).to_owned())
                .collect();
            chain.push(name.to_owned());
            return Err(Error::RefCycle {
                location: self.resolver.spec.locate(at),
                chain,
            });
        }
        self.converting.push((name, registered));
        let converted = self.component_schema(name, schema, &ptr, request);
        self.converting.pop();
        converted
    }

    /// The component `name`'s schema, converted under its own pointer.
    fn component_schema(
        &mut self,
        name: &'a str,
        schema: &'a Schema,
        ptr: &str,
        request: bool,
    ) -> Result<TypeRef> {
        let id = TypeId(ptr.to_owned());
        let rust_name = self.component_type_name(name);
        // `v2.core.account` lives in `v2::core` as `Account`.
        let (namespace, local) = Namespace::of_component(name);
        let ctx = Ctx {
            name: vec![rust_name],
            module: format!(
                "{}resources/{}",
                namespace.module_prefix(),
                module_ident(local)
            ),
            resource: schema
                .schema_data
                .extensions
                .get("x-resourceId")
                .and_then(|v| v.as_str())
                .map(str::to_owned),
            request,
            docs: None,
        };
        if self.config.opaque.contains(name) {
            let (object, deleted) = object_tag(schema);
            self.insert(
                ptr,
                &ctx,
                schema,
                TypeKind::Opaque(OpaqueDef { object, deleted }),
            )?;
            return Ok(TypeRef::Named(id));
        }
        self.schema(schema, ptr, &ctx)
    }

    fn schema(&mut self, schema: &'a Schema, ptr: &str, ctx: &Ctx) -> Result<TypeRef> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => self.string(schema, s, ptr, ctx),
            SchemaKind::Type(Type::Integer(i)) => Ok(match &i.format {
                VariantOrUnknownOrEmpty::Unknown(f) if f == "unix-time" => TypeRef::Timestamp,
                _ => TypeRef::Integer,
            }),
            SchemaKind::Type(Type::Number(_)) => Ok(TypeRef::Number),
            SchemaKind::Type(Type::Boolean(_)) => Ok(TypeRef::Boolean),
            SchemaKind::Type(Type::Array(a)) => match &a.items {
                Some(items) => {
                    let inner = self.node(items.into(), &child(ptr, "items"), ctx)?;
                    Ok(TypeRef::Array(Box::new(inner)))
                }
                None => Ok(TypeRef::Array(Box::new(TypeRef::Json))),
            },
            SchemaKind::Type(Type::Object(o)) => self.object(schema, o, ptr, ctx),
            SchemaKind::AnyOf { any_of } => self.union(schema, any_of, "anyOf", ptr, ctx),
            SchemaKind::OneOf { one_of } => self.union(schema, one_of, "oneOf", ptr, ctx),
            SchemaKind::AllOf { all_of } => match all_of.as_slice() {
                [only] => self.node(only.into(), &child(&child(ptr, "allOf"), "0"), ctx),
                [] => Err(self.unsupported(ptr, "an empty `allOf`")),
                _ => Err(self.unsupported(ptr, "allOf with more than one schema")),
            },
            SchemaKind::Not { .. } => Err(self.unsupported(ptr, "`not` schemas")),
            SchemaKind::Any(any)
                if any.properties.is_empty()
                    && any.typ.is_none()
                    && any.any_of.is_empty()
                    && any.one_of.is_empty()
                    && any.all_of.is_empty() =>
            {
                Ok(TypeRef::Json)
            }
            SchemaKind::Any(_) => {
                Err(self.unsupported(ptr, "a schema mixing keywords of several types"))
            }
        }
    }

    fn string(
        &mut self,
        schema: &'a Schema,
        s: &StringType,
        ptr: &str,
        ctx: &Ctx,
    ) -> Result<TypeRef> {
        if s.enumeration.is_empty() {
            return Ok(match &s.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary) => TypeRef::Binary,
                VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::DateTime) => {
                    TypeRef::DateTime
                }
                VariantOrUnknownOrEmpty::Unknown(f) if f == "decimal" => TypeRef::Decimal,
                VariantOrUnknownOrEmpty::Unknown(f) if f == "int64" => TypeRef::Int64String,
                _ => TypeRef::String,
            });
        }
        let mut values: Vec<&str> = s.enumeration.iter().flatten().map(String::as_str).collect();
        // In a request, `''` among the values means "clear this field".
        let clearable = ctx.request && values.contains(&"") && values.len() > 1;
        if clearable {
            values.retain(|v| !v.is_empty());
        }
        let mut listed = std::collections::BTreeSet::new();
        if let Some(twice) = values.iter().find(|v| !listed.insert(**v)) {
            return Err(self.unsupported(ptr, format!("enum value `{twice}` is listed twice")));
        }
        // Plain names first; values whose plain names collide are spelled
        // out; a value named as the fallback is suffixed (`naming.rs`).
        let names = enum_value_idents(&values).map_err(|value| {
            self.unsupported(
                ptr,
                format!("enum value `{value}` has no letters or digits to name a variant by"),
            )
        })?;
        let mut scope = NameScope::new();
        scope.claim(ENUM_FALLBACK, "the fallback variant for unlisted values")?;
        let mut out = Vec::new();
        for (value, rust_name) in values.into_iter().zip(names) {
            scope.claim(&rust_name, &format!("{ptr} value `{value}`"))?;
            out.push(EnumValue {
                wire: value.to_owned(),
                rust_name,
            });
        }
        let bypass = flag(schema, "x-stripeBypassValidation");
        let def = TypeKind::Enum(EnumDef {
            values: out,
            bypass_validation: bypass,
        });
        let id = self.insert(ptr, ctx, schema, def)?;
        let named = TypeRef::Named(id);
        Ok(if clearable {
            TypeRef::Clearable(Box::new(named))
        } else {
            named
        })
    }

    fn object(
        &mut self,
        schema: &'a Schema,
        o: &'a ObjectType,
        ptr: &str,
        ctx: &Ctx,
    ) -> Result<TypeRef> {
        if o.properties.is_empty() {
            return Ok(match &o.additional_properties {
                Some(AdditionalProperties::Schema(value)) => {
                    let inner = self.node(
                        value.as_ref().into(),
                        &child(ptr, "additionalProperties"),
                        ctx,
                    )?;
                    let nullable =
                        matches!(value.as_ref(), ReferenceOr::Item(s) if s.schema_data.nullable);
                    TypeRef::Map(Box::new(clears_with_null(ctx, ptr, nullable, inner)))
                }
                Some(AdditionalProperties::Any(true)) => TypeRef::Map(Box::new(TypeRef::Json)),
                _ => TypeRef::Json,
            });
        }
        if let Some(page) = self.page_envelope(o, ptr, ctx)? {
            return Ok(page);
        }
        if o.additional_properties
            .as_ref()
            .is_some_and(|a| !matches!(a, AdditionalProperties::Any(false)))
        {
            return Err(self.unsupported(
                ptr,
                "an object with both `properties` and `additionalProperties`",
            ));
        }
        // Register first: a property that refers back here finds the type.
        let placeholder = TypeKind::Struct(StructDef {
            fields: Vec::new(),
            object: None,
        });
        let id = self.insert(ptr, ctx, schema, placeholder)?;
        let props_ptr = child(ptr, "properties");
        let mut scope = NameScope::new();
        let mut fields = Vec::new();
        let mut object = None;
        for (wire, prop) in &o.properties {
            let fptr = child(&props_ptr, wire);
            let rust_name = snake_ident(wire);
            self.check_ident(&rust_name, wire, &fptr)?;
            scope.claim(&rust_name, &fptr)?;
            let node: Node<'a> = prop.into();
            let (nullable, docs) = match node {
                Node::Inline(s) => (s.schema_data.nullable, s.schema_data.description.clone()),
                // OpenAPI 3.0 ignores siblings of `$ref`: describe the field by its target.
                Node::Ref(r) => (
                    false,
                    self.resolver
                        .component(r, &fptr)
                        .ok()
                        .and_then(|(_, t)| first_paragraph(t)),
                ),
            };
            let ty = match (wire.as_str(), node, ctx.request) {
                // A received object's `object` property with one value is its type tag.
                ("object", Node::Inline(s), false) if single_value(s).is_some() => {
                    object = single_value(s);
                    TypeRef::String
                }
                _ => {
                    let mut inner = ctx.child(wire);
                    inner.docs = docs.clone();
                    self.node(node, &fptr, &inner)?
                }
            };
            let cleared_by_null = ctx.request && nullable && Namespace::of_type(&id).is_v2();
            let ty = clears_with_null(ctx, ptr, nullable, ty);
            fields.push(Field {
                wire_name: wire.clone(),
                rust_name,
                ty,
                required: o.required.iter().any(|r| r == wire),
                // In an API v2 request the `null` is the clear of `Clearable`.
                nullable: nullable && !cleared_by_null,
                boxed: false,
                secret: false,
                place: None,
                docs,
            });
        }
        if let Some(TypeDef { kind, .. }) = self.types.get_mut(&id) {
            *kind = TypeKind::Struct(StructDef { fields, object });
        }
        Ok(TypeRef::Named(id))
    }

    /// Stripe's list and search-result envelopes become the runtime's
    /// generic pages: an object tagged `list` with exactly `data` (an array),
    /// `has_more`, `object` and `url`, all required; or tagged
    /// `search_result` with `next_page` and `total_count` besides.
    fn page_envelope(
        &mut self,
        o: &'a ObjectType,
        ptr: &str,
        ctx: &Ctx,
    ) -> Result<Option<TypeRef>> {
        if ctx.request {
            return Ok(None);
        }
        if let Some(items) = v2_page_items(o) {
            let items_ptr = child(&child(&child(ptr, "properties"), "data"), "items");
            let item = self.node(items.into(), &items_ptr, &ctx.child("data"))?;
            return Ok(Some(TypeRef::V2List(Box::new(item))));
        }
        let Some(ReferenceOr::Item(object)) = o.properties.get("object") else {
            return Ok(None);
        };
        let (names, wrap): (&[&str], PageWrapper) = match single_value(object).as_deref() {
            Some("list") => (&["data", "has_more", "object", "url"], TypeRef::List),
            Some("search_result") => (
                &[
                    "data",
                    "has_more",
                    "next_page",
                    "object",
                    "total_count",
                    "url",
                ],
                TypeRef::SearchResult,
            ),
            _ => return Ok(None),
        };
        let required = ["data", "has_more", "object", "url"];
        let exact = o.properties.len() == names.len()
            && names.iter().all(|n| o.properties.contains_key(*n))
            && required.iter().all(|r| o.required.iter().any(|q| q == r));
        let Some(ReferenceOr::Item(data)) = o.properties.get("data") else {
            return Ok(None);
        };
        let SchemaKind::Type(Type::Array(array)) = &data.schema_kind else {
            return Ok(None);
        };
        let (true, Some(items)) = (exact, &array.items) else {
            return Ok(None);
        };
        let items_ptr = child(&child(&child(ptr, "properties"), "data"), "items");
        let item = self.node(items.into(), &items_ptr, &ctx.child("data"))?;
        Ok(Some(wrap(Box::new(item))))
    }

    fn union(
        &mut self,
        schema: &'a Schema,
        members: &'a [ReferenceOr<Schema>],
        key: &str,
        ptr: &str,
        ctx: &Ctx,
    ) -> Result<TypeRef> {
        let base = child(ptr, key);
        if members.is_empty() {
            return Err(self.unsupported(ptr, format!("an empty `{key}`")));
        }
        let at = |i: usize| child(&base, &i.to_string());
        // `''` alternatives: the value can be cleared.
        let (clear, rest): (Vec<_>, Vec<_>) = members
            .iter()
            .enumerate()
            .partition(|(_, m)| is_empty_string_enum(m));
        if !clear.is_empty() && !rest.is_empty() {
            let inner = if rest.len() == 1 {
                self.node(rest[0].1.into(), &at(rest[0].0), ctx)?
            } else {
                let kept: Vec<(usize, Node<'a>)> =
                    rest.iter().map(|(i, m)| (*i, (*m).into())).collect();
                self.alternatives(schema, &kept, &base, ptr, ctx)?
            };
            return Ok(TypeRef::Clearable(Box::new(inner)));
        }
        let nodes: Vec<(usize, Node<'a>)> = members
            .iter()
            .enumerate()
            .map(|(i, m)| (i, m.into()))
            .collect();
        if nodes.len() == 1 {
            return self.node(nodes[0].1, &at(nodes[0].0), ctx);
        }
        // `anyOf [string, $ref...]`: an expandable id.
        let id_first = matches!(nodes[0].1, Node::Inline(s) if is_plain_string(s));
        let refs_after = nodes[1..].iter().all(|(_, n)| matches!(n, Node::Ref(_)));
        if id_first && refs_after {
            let targets = &nodes[1..];
            let inner = if targets.len() == 1 {
                self.node(targets[0].1, &at(targets[0].0), ctx)?
            } else {
                self.alternatives(schema, targets, &base, ptr, ctx)?
            };
            return Ok(TypeRef::Expandable(Box::new(inner)));
        }
        self.alternatives(schema, &nodes, &base, ptr, ctx)
    }

    /// A union type of several alternatives: tagged by `object` when every
    /// alternative carries a distinct tag, otherwise told apart by JSON kind.
    fn alternatives(
        &mut self,
        schema: &'a Schema,
        nodes: &[(usize, Node<'a>)],
        base: &str,
        ptr: &str,
        ctx: &Ctx,
    ) -> Result<TypeRef> {
        let mut tags = Vec::new();
        for (i, node) in nodes {
            let s = match node {
                Node::Ref(r) => self.resolver.component(r, &child(base, &i.to_string()))?.1,
                Node::Inline(s) => *s,
            };
            tags.push(object_tag(s));
        }
        let distinct = {
            let mut seen: Vec<_> = tags.iter().filter(|(o, _)| o.is_some()).collect();
            seen.sort();
            seen.dedup();
            seen.len() == tags.len()
        };
        let all_refs = nodes.iter().all(|(_, n)| matches!(n, Node::Ref(_)));
        let mut ctx = ctx.clone();
        if all_refs && nodes.len() <= 3 && component_name(ptr).is_none() {
            // Named after its members: `CustomerOrDeletedCustomer`.
            let parts: Vec<String> = nodes
                .iter()
                .filter_map(|(_, n)| match n {
                    Node::Ref(r) => component_name(r).map(|c| self.component_type_name(c)),
                    Node::Inline(_) => None,
                })
                .collect();
            ctx.name = vec![parts.join("Or")];
        }
        let placeholder = TypeKind::Union(UnionDef::Untagged {
            variants: Vec::new(),
        });
        let id = self.insert(ptr, &ctx, schema, placeholder)?;
        let id_or_details = nodes.len() == 2
            && matches!(nodes[0].1, Node::Inline(s) if matches!(s.schema_kind, SchemaKind::Type(Type::Object(_))))
            && matches!(nodes[1].1, Node::Inline(s) if is_plain_string(s));
        let vptrs: Vec<String> = nodes
            .iter()
            .map(|(i, _)| child(base, &i.to_string()))
            .collect();
        let kind = if distinct && nodes.len() > 1 && !ctx.request {
            let mut variants = Vec::new();
            for ((i, node), (object, deleted)) in nodes.iter().zip(tags) {
                let vptr = child(base, &i.to_string());
                let (ty, rust_name) = self.variant(*node, &vptr, &ctx, false)?;
                let TypeRef::Named(ty) = ty else {
                    return Err(
                        self.unsupported(&vptr, "a tagged alternative that is not an object")
                    );
                };
                let rust_name = if deleted && !rust_name.starts_with("Deleted") {
                    format!("Deleted{rust_name}")
                } else {
                    rust_name
                };
                variants.push(TaggedVariant {
                    rust_name,
                    object: object.unwrap_or_default(),
                    deleted,
                    ty,
                    boxed: false,
                });
            }
            let mut names: Vec<String> = variants.iter().map(|v| v.rust_name.clone()).collect();
            claim_variants(&mut names, &vptrs)?;
            for (v, name) in variants.iter_mut().zip(names) {
                v.rust_name = name;
            }
            UnionDef::Tagged { variants }
        } else {
            let mut variants = Vec::new();
            for (i, node) in nodes {
                let vptr = child(base, &i.to_string());
                let (ty, rust_name) = self.variant(*node, &vptr, &ctx, id_or_details)?;
                variants.push(UntaggedVariant {
                    rust_name,
                    ty,
                    boxed: false,
                });
            }
            let mut names: Vec<String> = variants.iter().map(|v| v.rust_name.clone()).collect();
            claim_variants(&mut names, &vptrs)?;
            for (v, name) in variants.iter_mut().zip(names) {
                v.rust_name = name;
            }
            UnionDef::Untagged { variants }
        };
        if let Some(def) = self.types.get_mut(&id) {
            def.kind = TypeKind::Union(kind);
        }
        Ok(TypeRef::Named(id))
    }

    fn variant(
        &mut self,
        node: Node<'a>,
        vptr: &str,
        ctx: &Ctx,
        id_or_details: bool,
    ) -> Result<(TypeRef, String)> {
        let (schema, ref_name) = match node {
            Node::Ref(r) => {
                let name = component_name(r).map(|c| {
                    self.config
                        .rename
                        .get(c)
                        .cloned()
                        .unwrap_or_else(|| Namespace::of_component(c).1.to_owned())
                });
                (None, name)
            }
            Node::Inline(s) => (Some(s), None),
        };
        let name = variant_name(schema, ref_name.as_deref(), id_or_details);
        let wire = ref_name.as_deref().unwrap_or(&name);
        self.check_ident(&name, wire, vptr)?;
        let ty = self.node(node, vptr, &ctx.child(&name))?;
        Ok((ty, name))
    }

    /// The Rust name of the component `name`: the config's `rename`, or its
    /// name inside its namespace (`v2.core.account` → `Account`, beside v1's
    /// `Account` in `v2::core`), UpperCamelCase.
    fn component_type_name(&self, name: &str) -> String {
        match self.config.rename.get(name) {
            Some(renamed) => renamed.clone(),
            None => camel_ident(&[Namespace::of_component(name).1]),
        }
    }

    /// An error naming `ptr` unless `rust` (made from `wire`) is an identifier.
    pub fn check_ident(&self, rust: &str, wire: &str, ptr: &str) -> Result<()> {
        if is_ident(rust) {
            Ok(())
        } else {
            Err(Error::InvalidName {
                location: self.resolver.spec.locate(ptr),
                wire: wire.to_owned(),
                rust: rust.to_owned(),
            })
        }
    }

    /// Add a named type at `ptr` (kept if it is already there).
    fn insert(&mut self, ptr: &str, ctx: &Ctx, schema: &Schema, kind: TypeKind) -> Result<TypeId> {
        let id = TypeId(ptr.to_owned());
        if self.types.contains_key(&id) {
            return Ok(id);
        }
        let name = camel_ident(&ctx.name);
        let wire = component_name(ptr)
            .or(ctx.name.last().map(String::as_str))
            .unwrap_or_default();
        self.check_ident(&name, wire, ptr)?;
        let origin = match component_name(ptr) {
            Some(name) => Origin::Component {
                schema: name.to_owned(),
            },
            None => Origin::Inline {
                title: schema.schema_data.title.clone(),
            },
        };
        self.types.entry(id.clone()).or_insert_with(|| TypeDef {
            id: id.clone(),
            name,
            origin,
            module: ctx.module.clone(),
            resource: ctx.resource.clone(),
            usage: if ctx.request {
                Usage::Request
            } else {
                Usage::Response
            },
            docs: schema
                .schema_data
                .description
                .clone()
                .filter(|d| !d.trim().is_empty())
                .or_else(|| ctx.docs.clone()),
            kind,
            merged: Vec::new(),
            aliases: Vec::new(),
        });
        Ok(id)
    }
}

/// A `nullable` value in an API v2 request (a map's values, a field) is
/// `Clearable`: clearing it sends `null`, as v1's `''` clears a form field
/// (`metadata` values in updates). Anything else is `ty` as it is.
fn clears_with_null(ctx: &Ctx, ptr: &str, nullable: bool, ty: TypeRef) -> TypeRef {
    let v2 = || Namespace::of_type(&TypeId(ptr.to_owned())).is_v2();
    if ctx.request && nullable && !matches!(ty, TypeRef::Clearable(_)) && v2() {
        TypeRef::Clearable(Box::new(ty))
    } else {
        ty
    }
}

/// The items of an API v2 page: an object with exactly `data` (an array),
/// `next_page_url` and `previous_page_url`, all required (the URLs strings,
/// `null` at either end).
fn v2_page_items(o: &ObjectType) -> Option<&ReferenceOr<Box<Schema>>> {
    let names = ["data", "next_page_url", "previous_page_url"];
    let exact = o.properties.len() == names.len()
        && names
            .iter()
            .all(|n| o.properties.contains_key(*n) && o.required.iter().any(|r| r == n));
    let url = |name: &str| matches!(o.properties.get(name), Some(ReferenceOr::Item(s)) if is_plain_string(s));
    if !exact || !url("next_page_url") || !url("previous_page_url") {
        return None;
    }
    let Some(ReferenceOr::Item(data)) = o.properties.get("data") else {
        return None;
    };
    match &data.schema_kind {
        SchemaKind::Type(Type::Array(array)) => array.items.as_ref(),
        _ => None,
    }
}

/// How many types deep `ty` goes before a named type or a primitive.
fn nesting(ty: &TypeRef) -> usize {
    let mut depth = 1;
    let mut ty = ty;
    while let TypeRef::Array(t)
    | TypeRef::Map(t)
    | TypeRef::Expandable(t)
    | TypeRef::Clearable(t)
    | TypeRef::List(t)
    | TypeRef::SearchResult(t)
    | TypeRef::V2List(t) = ty
    {
        depth += 1;
        ty = t;
    }
    depth
}

fn flag(schema: &Schema, extension: &str) -> bool {
    schema
        .schema_data
        .extensions
        .get(extension)
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

fn is_plain_string(s: &Schema) -> bool {
    matches!(&s.schema_kind, SchemaKind::Type(Type::String(st)) if st.enumeration.is_empty())
}

fn is_empty_string_enum(member: &ReferenceOr<Schema>) -> bool {
    matches!(member, ReferenceOr::Item(s) if matches!(&s.schema_kind,
        SchemaKind::Type(Type::String(st)) if st.enumeration.len() == 1 && st.enumeration[0].as_deref() == Some("")))
}

fn single_value(s: &Schema) -> Option<String> {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(st)) if st.enumeration.len() == 1 => {
            st.enumeration[0].clone()
        }
        _ => None,
    }
}

/// The `object` tag and `deleted` flag of an object schema.
pub(crate) fn object_tag(schema: &Schema) -> (Option<String>, bool) {
    let SchemaKind::Type(Type::Object(o)) = &schema.schema_kind else {
        return (None, false);
    };
    let inline = |name: &str| match o.properties.get(name) {
        Some(ReferenceOr::Item(s)) => Some(s.as_ref()),
        _ => None,
    };
    let object = inline("object").and_then(single_value);
    let deleted = inline("deleted").is_some_and(|s| {
        matches!(&s.schema_kind, SchemaKind::Type(Type::Boolean(b)) if b.enumeration == [Some(true)])
    });
    (object, deleted)
}

/// The first paragraph of a schema's description.
fn first_paragraph(schema: &Schema) -> Option<String> {
    let text = schema.schema_data.description.as_deref()?.trim();
    let first = text.split("\n\n").next().unwrap_or(text).trim();
    (!first.is_empty()).then(|| first.to_owned())
}
