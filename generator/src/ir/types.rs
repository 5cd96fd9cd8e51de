//! The type space: every named type the selected operations reach.

use std::collections::BTreeMap;

use serde::Serialize;

use super::id::TypeId;
use super::namespace::Namespace;

/// All named types, ordered by id.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct TypeSpace {
    pub types: BTreeMap<TypeId, TypeDef>,
}

impl TypeSpace {
    pub fn get(&self, id: &TypeId) -> Option<&TypeDef> {
        self.types.get(id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &TypeDef> {
        self.types.values()
    }
}

/// One named type.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TypeDef {
    pub id: TypeId,
    /// Rust type name (UpperCamelCase), unique in the crate.
    pub name: String,
    /// Where it comes from: a component schema or an inline schema.
    pub origin: Origin,
    /// The module the type is emitted into: `resources/token` (types owned
    /// by a component schema), `params/create_token` (types owned by an
    /// operation).
    pub module: ModulePath,
    /// `x-resourceId` of the owning component, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// Whether the type travels in requests (form-encoded), responses (JSON), or both.
    pub usage: Usage,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
    pub kind: TypeKind,
    /// Ids of the other schemas that had exactly this shape and were merged into this one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub merged: Vec<TypeId>,
    /// The names of merged members whose own (path-derived) name is not
    /// [`TypeDef::name`], sorted by id: each is a `pub type` alias beside
    /// the type, so every place keeps its name whichever member the type is
    /// emitted under (ARCHITECTURE.md, "Merged shapes").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<TypeAlias>,
}

/// The module a type is emitted into: a folder of the crate's `src/` and a
/// file in it. Written (and dumped) as `folder/file`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ModulePath {
    /// The namespace whose folder holds it (`v2/core/`), empty for v1 (ARCHITECTURE.md,
    /// "API v2: namespaces").
    pub namespace: Namespace,
    pub folder: ModuleFolder,
    /// The file stem, a snake_case module name (checked by the model).
    pub file: String,
}

/// The folders of `src/` that hold types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ModuleFolder {
    /// Parameter structs and what they nest.
    Params,
    /// Objects the API returns (and request types a component schema owns).
    Resources,
}

impl ModuleFolder {
    pub fn as_str(self) -> &'static str {
        match self {
            ModuleFolder::Params => "params",
            ModuleFolder::Resources => "resources",
        }
    }
}

impl ModulePath {
    pub fn new(folder: ModuleFolder, file: impl Into<String>) -> Self {
        ModulePath {
            namespace: Namespace::root(),
            folder,
            file: file.into(),
        }
    }

    /// The folder below `src/` with its namespace's segments: `resources`,
    /// `v2/core/resources`.
    pub fn folder_path(&self) -> String {
        format!("{}{}", self.namespace.module_prefix(), self.folder.as_str())
    }

    /// The same module inside `namespace`'s folder.
    pub fn in_namespace(mut self, namespace: &Namespace) -> Self {
        self.namespace = namespace.clone();
        self
    }
}

impl std::fmt::Display for ModulePath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}{}/{}",
            self.namespace.module_prefix(),
            self.folder.as_str(),
            self.file
        )
    }
}

impl Serialize for ModulePath {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A merged member's own name for the type it was merged into.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct TypeAlias {
    /// The member's schema (its JSON pointer).
    pub id: TypeId,
    pub name: String,
}

impl TypeDef {
    /// Whether the type travels as JSON in requests too (API v2's bodies),
    /// rather than as a form (v1): its namespace decides, since shapes of two
    /// namespaces are never merged (`model/merge.rs`).
    pub fn sent_as_json(&self) -> bool {
        Namespace::of_type(&self.id).is_v2()
    }

    /// The type's name, then its aliases' names.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(|a| a.name.as_str()))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum Origin {
    /// `#/components/schemas/<schema>`.
    Component { schema: String },
    /// An inline schema; `title` is the spec's `title`, when it has one.
    Inline {
        #[serde(skip_serializing_if = "Option::is_none")]
        title: Option<String>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Usage {
    /// Sent by the client: needs form encoding and builders.
    Request,
    /// Received by the client: needs JSON decoding.
    Response,
    /// Both.
    Both,
}

impl Usage {
    pub fn union(self, other: Usage) -> Usage {
        if self == other {
            self
        } else {
            Usage::Both
        }
    }
    pub fn is_request(self) -> bool {
        matches!(self, Usage::Request | Usage::Both)
    }
    pub fn is_response(self) -> bool {
        matches!(self, Usage::Response | Usage::Both)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    Struct(StructDef),
    Enum(EnumDef),
    Union(UnionDef),
    Opaque(OpaqueDef),
}

/// An object with known properties.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StructDef {
    /// In spec order (Stripe sorts properties by name).
    pub fields: Vec<Field>,
    /// `object` discriminator value (`enum: [token]`), when the object has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Field {
    /// Name on the wire (JSON key, or form key segment).
    pub wire_name: String,
    /// Rust identifier, keyword-escaped (`r#type`).
    pub rust_name: String,
    pub ty: TypeRef,
    /// In the schema's `required` list.
    pub required: bool,
    /// `nullable: true`: `null` is a valid value, distinct from absence.
    pub nullable: bool,
    /// How the Rust field wraps its value, settled by the model from
    /// `required`, `nullable` and the type's usage (`model/settle.rs`).
    pub shape: FieldShape,
    /// The builder method that sends `''` to clear the field (`clear_tax_id`):
    /// on request types, for a [`TypeRef::Clearable`] field. The setter is
    /// named as the field ([`Field::rust_name`]) when the shape is not plain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clear: Option<String>,
    /// Stored behind a `Box` to break a cycle of directly contained types.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub boxed: bool,
    /// Redacted from `Debug` output (configured secret field names).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub secret: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
    /// The schema this field's type sat at before merging made it another
    /// member's type (`model/merge.rs`): the field names that member's
    /// alias ([`TypeDef::aliases`]), so a place's type reads as its own
    /// name. `None` when the field names the type's own item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<TypeId>,
}

/// How a field's Rust type wraps its value (ARCHITECTURE.md, "The model"). On a
/// type that is received, a required non-nullable field is plain and an optional
/// nullable one tells absent from `null`; on a type only sent, a required field
/// is plain (an argument of the builder's `new`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldShape {
    /// `T`: always present (a request type's constructor argument).
    Plain,
    /// `Option<T>`. Conversion gives every field this shape; the model then settles it.
    Option,
    /// `Option<Option<T>>`: absent, `null`, or a value.
    OptionOption,
}

impl FieldShape {
    /// The shape of a field that is `required` and `nullable` on a type of `usage`.
    pub fn of(usage: Usage, required: bool, nullable: bool) -> FieldShape {
        match (usage.is_response(), required, nullable) {
            (true, true, false) | (false, true, _) => FieldShape::Plain,
            (true, false, true) => FieldShape::OptionOption,
            _ => FieldShape::Option,
        }
    }

    /// `T`: the field is given to the builder's `new`, never absent.
    pub fn is_plain(self) -> bool {
        self == FieldShape::Plain
    }
}

/// A string enum. Always open: the emitter adds a fallback variant that keeps
/// any value the spec did not list.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EnumDef {
    pub values: Vec<EnumValue>,
    /// `x-stripeBypassValidation`: Stripe accepts values beyond the list.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub bypass_validation: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EnumValue {
    pub wire: String,
    /// UpperCamelCase variant name.
    pub rust_name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "union", rename_all = "snake_case")]
pub enum UnionDef {
    /// Objects told apart by their `object` property (and `deleted: true` for
    /// deleted objects). Decoding an unlisted tag keeps the raw JSON value.
    Tagged { variants: Vec<TaggedVariant> },
    /// Alternatives told apart by their JSON kind (string, object, number, ...),
    /// e.g. a card given as details or as an id.
    Untagged { variants: Vec<UntaggedVariant> },
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TaggedVariant {
    pub rust_name: String,
    /// Value of the `object` property that selects this variant.
    pub object: String,
    /// The variant is a deleted object (`deleted: true`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    pub ty: TypeId,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub boxed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UntaggedVariant {
    pub rust_name: String,
    pub ty: TypeRef,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub boxed: bool,
}

/// A schema kept as raw JSON by configuration (or because it has no shape).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OpaqueDef {
    /// `object` discriminator value, so unions can still tell it apart.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    /// It is a deleted object (`deleted: true`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

/// A reference to a type: a primitive, a structural wrapper, or a named type.
/// Serialised as its compact text form (`array<expandable<#/components/schemas/card>>`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    String,
    Integer,
    Number,
    Boolean,
    /// `integer` with `format: unix-time`: seconds since the epoch.
    Timestamp,
    /// `string` with `format: decimal` (`unit_amount_decimal`): an exact decimal number that
    /// travels as its text (`"12.50"`), digit for digit; the runtime's `Decimal`.
    Decimal,
    /// Binary content (`format: binary`), e.g. a file upload or download.
    Binary,
    /// `string` with `format: date-time` (API v2): an RFC 3339 timestamp that
    /// keeps the exact text Stripe sent; the runtime's `DateTime`.
    DateTime,
    /// `string` with `format: int64`: an `i64` sent and read as its decimal
    /// text (`"9007199254740993"`); the runtime's 64-bit-integer-as-string type.
    Int64String,
    /// Any JSON value (a schema with no type and no shape).
    Json,
    Named(TypeId),
    Array(Box<TypeRef>),
    /// An object with `additionalProperties`: string keys to values.
    Map(Box<TypeRef>),
    /// Expandable field: an id string, or the object it names when expanded.
    Expandable(Box<TypeRef>),
    /// Request-side `anyOf [T, enum: ['']]`: set to T, or cleared by sending `''`
    /// (form bodies); in an API v2 (JSON) request, a `nullable` value, cleared
    /// by sending `null`.
    Clearable(Box<TypeRef>),
    /// A page of a list (`object: list` with `data`, `has_more`, `url`).
    List(Box<TypeRef>),
    /// A page of search results (`object: search_result`, with `next_page`).
    SearchResult(Box<TypeRef>),
    /// A page of an API v2 list: exactly `data`, `next_page_url` and
    /// `previous_page_url` (the URLs nullable); the runtime's `V2List`.
    V2List(Box<TypeRef>),
}

/// The most digits of a [`TypeRef::Decimal`] value the generator writes into code (doc examples):
/// every number of 28 digits fits the runtime's `Decimal` (a 96-bit integer, at most 28 digits
/// after the point).
pub const DECIMAL_DIGITS: usize = 28;

/// Whether `text` is a value of [`TypeRef::Decimal`] as the runtime's `Decimal` reads it: a plain
/// decimal `-?(0|[1-9][0-9]*)(\.[0-9]+)?` (no `+`, exponent, underscore, space or leading zero) of
/// at most [`DECIMAL_DIGITS`] digits.
pub fn is_plain_decimal(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (integer, fraction) = match unsigned.split_once('.') {
        Some((integer, fraction)) => (integer, Some(fraction)),
        None => (unsigned, None),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    digits(integer)
        && fraction.map_or(true, digits)
        && !(integer.len() > 1 && integer.starts_with('0'))
        && integer.len() + fraction.map_or(0, str::len) <= DECIMAL_DIGITS
}

impl std::fmt::Display for TypeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let wrap = |f: &mut std::fmt::Formatter<'_>, name: &str, inner: &TypeRef| {
            write!(f, "{name}<{inner}>")
        };
        match self {
            TypeRef::String => f.write_str("string"),
            TypeRef::Integer => f.write_str("integer"),
            TypeRef::Number => f.write_str("number"),
            TypeRef::Boolean => f.write_str("boolean"),
            TypeRef::Timestamp => f.write_str("timestamp"),
            TypeRef::Decimal => f.write_str("decimal"),
            TypeRef::Binary => f.write_str("binary"),
            TypeRef::DateTime => f.write_str("date_time"),
            TypeRef::Int64String => f.write_str("int64_string"),
            TypeRef::Json => f.write_str("json"),
            TypeRef::Named(id) => f.write_str(id.as_str()),
            TypeRef::Array(t) => wrap(f, "array", t),
            TypeRef::Map(t) => wrap(f, "map", t),
            TypeRef::Expandable(t) => wrap(f, "expandable", t),
            TypeRef::Clearable(t) => wrap(f, "clearable", t),
            TypeRef::List(t) => wrap(f, "list", t),
            TypeRef::SearchResult(t) => wrap(f, "search_result", t),
            TypeRef::V2List(t) => wrap(f, "v2_list", t),
        }
    }
}

impl Serialize for TypeRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}
