//! Pair the two models' operations and types and list what differs.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{
    Field, Model, Operation, Origin, ParamSet, TypeDef, TypeId, TypeKind, TypeRef, TypeSpace,
    UnionDef, Usage,
};

use super::{Change, ChangeKind, Side};

/// Every change from `old` to `new`, sorted.
pub fn changes(old: &Model, new: &Model) -> Vec<Change> {
    let mut walker = Walker {
        old: &old.types,
        new: &new.types,
        new_names: public_names(new),
        new_places: places(&new.types),
        seen: BTreeSet::new(),
        found: BTreeMap::new(),
    };
    let key = |op: &Operation| (op.path.clone(), op.http_method.as_str());
    let olds: BTreeMap<_, &Operation> = old.operations.iter().map(|o| (key(o), o)).collect();
    let news: BTreeMap<_, &Operation> = new.operations.iter().map(|o| (key(o), o)).collect();
    for (k, op) in &olds {
        if !news.contains_key(k) {
            walker.record(
                subject(op),
                ChangeKind::OperationRemoved,
                accessor(op),
                Side::Operation,
                true,
            );
        }
    }
    for (k, op) in &news {
        match olds.get(k) {
            None => walker.record(
                subject(op),
                ChangeKind::OperationAdded,
                accessor(op),
                Side::Operation,
                false,
            ),
            Some(before) => walker.operation(before, op),
        }
    }
    let mut out: Vec<Change> = walker
        .found
        .into_iter()
        .map(|((subject, kind, detail), (side, breaking))| Change {
            subject,
            kind,
            detail,
            breaking,
            side,
        })
        .collect();
    out.sort();
    out
}

fn subject(op: &Operation) -> String {
    format!("{} {}", op.http_method.as_str(), op.path)
}

/// `` `accounts().create` ``; an API v2 operation through its namespace,
/// `` `v2().core().accounts().create` ``.
fn accessor(op: &Operation) -> String {
    let namespace: String = op
        .namespace
        .segments()
        .iter()
        .map(|s| format!("{s}()."))
        .collect();
    format!("`{namespace}{}().{}`", op.group, op.method_name)
}

/// How a field reads in Rust, following the emitter's rule
/// (`emit/types_struct.rs`): on a type that is received, a required
/// non-nullable field is plain, an optional nullable one tells absent from
/// `null`; on a type only sent, a required field is plain (an argument of
/// `new`). A change of shape changes the field's Rust type.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Plain,
    Option,
    OptionOption,
}

fn shape(field: &Field, usage: Usage) -> Shape {
    match (usage.is_response(), field.required, field.nullable) {
        (true, true, false) | (false, true, _) => Shape::Plain,
        (true, false, true) => Shape::OptionOption,
        _ => Shape::Option,
    }
}

/// Every type name the crate of `model` has: types, the aliases of merged
/// shapes' members, and the operations' names for their parameters.
fn public_names(model: &Model) -> BTreeSet<&str> {
    let types = model.types.iter().flat_map(TypeDef::names);
    let params = model
        .operations
        .iter()
        .flat_map(|op| op.query.iter().chain(op.body.iter().map(|b| &b.params)))
        .map(|set| set.name.as_str());
    types.chain(params).collect()
}

/// The name at each place (the schema a type or a merged member sits at):
/// the type's own, or the member's alias.
fn places(space: &TypeSpace) -> BTreeMap<&TypeId, &str> {
    let mut out = BTreeMap::new();
    for def in space.iter() {
        out.insert(&def.id, def.name.as_str());
        for id in &def.merged {
            out.insert(id, def.name.as_str());
        }
        for alias in &def.aliases {
            out.insert(&alias.id, alias.name.as_str());
        }
    }
    out
}

struct Walker<'m> {
    old: &'m TypeSpace,
    new: &'m TypeSpace,
    /// [`public_names`] of the newer model.
    new_names: BTreeSet<&'m str>,
    /// [`places`] of the newer model.
    new_places: BTreeMap<&'m TypeId, &'m str>,
    /// Type pairs already compared, per side.
    seen: BTreeSet<(TypeId, TypeId, Side)>,
    /// (subject, kind, detail) → (sides, breaking on any side).
    found: BTreeMap<(String, ChangeKind, String), (Side, bool)>,
}

impl Walker<'_> {
    fn record(
        &mut self,
        subject: String,
        kind: ChangeKind,
        detail: String,
        side: Side,
        breaking: bool,
    ) {
        self.found
            .entry((subject, kind, detail))
            .and_modify(|(s, b)| {
                *s = s.union(side);
                *b |= breaking;
            })
            .or_insert((side, breaking));
    }

    fn operation(&mut self, old: &Operation, new: &Operation) {
        let at = subject(new);
        if (&old.group, &old.method_name) != (&new.group, &new.method_name) {
            let detail = format!("{} -> {}", accessor(old), accessor(new));
            self.record(
                at.clone(),
                ChangeKind::OperationRenamed,
                detail,
                Side::Operation,
                true,
            );
        }
        let params = |op: &Operation| {
            op.path_params
                .iter()
                .map(|p| p.rust_name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        if params(old) != params(new) {
            let detail = format!("path parameters `({})` -> `({})`", params(old), params(new));
            self.record(
                at.clone(),
                ChangeKind::TypeChanged,
                detail,
                Side::Operation,
                true,
            );
        }
        self.param_set(&at, "query", old.query.as_ref(), new.query.as_ref());
        self.param_set(
            &at,
            "body",
            old.body.as_ref().map(|b| &b.params),
            new.body.as_ref().map(|b| &b.params),
        );
        self.refs(
            &format!("{at} response"),
            &old.success.ty,
            &new.success.ty,
            Side::Response,
        );
    }

    /// An operation's query or body: compared as a type when both have one;
    /// gaining or losing one changes the method's arguments.
    fn param_set(&mut self, at: &str, what: &str, old: Option<&ParamSet>, new: Option<&ParamSet>) {
        match (old, new) {
            // Signatures name the parameters by the operation's own name (an
            // alias where merging shares the struct): that name is compared,
            // not the shared struct's.
            (Some(a), Some(b)) => {
                if a.name != b.name {
                    let detail = format!("`{}` -> `{}`", a.name, b.name);
                    self.record(
                        a.name.clone(),
                        ChangeKind::TypeRenamed,
                        detail,
                        Side::Request,
                        true,
                    );
                }
                self.pair_as(&a.ty, &b.ty, Side::Request, false);
            }
            (None, None) => {}
            (a, b) => {
                let name = |space: &TypeSpace, set: Option<&ParamSet>| match set {
                    Some(s) => format!("`{}`", type_name(space, &s.ty)),
                    None => "none".to_owned(),
                };
                let detail = format!("{what}: {} -> {}", name(self.old, a), name(self.new, b));
                self.record(
                    at.to_owned(),
                    ChangeKind::TypeChanged,
                    detail,
                    Side::Operation,
                    true,
                );
            }
        }
    }

    /// Compare two field (or variant, or response) types at `at`.
    fn refs(&mut self, at: &str, old: &TypeRef, new: &TypeRef, side: Side) {
        use TypeRef as T;
        match (old, new) {
            (T::Named(a), T::Named(b)) => {
                let kinds = (
                    self.old.get(a).map(|d| kind_word(&d.kind)),
                    self.new.get(b).map(|d| kind_word(&d.kind)),
                );
                if let (Some(ka), Some(kb)) = kinds {
                    if ka != kb {
                        let detail = format!(
                            "`{}` ({ka}) -> `{}` ({kb})",
                            render(self.old, old),
                            render(self.new, new)
                        );
                        self.record(at.to_owned(), ChangeKind::TypeChanged, detail, side, true);
                        return;
                    }
                }
                self.pair(a, b, side);
            }
            (T::Array(a), T::Array(b))
            | (T::Map(a), T::Map(b))
            | (T::Expandable(a), T::Expandable(b))
            | (T::Clearable(a), T::Clearable(b))
            | (T::List(a), T::List(b))
            | (T::SearchResult(a), T::SearchResult(b)) => self.refs(at, a, b, side),
            (a, b) if a == b => {}
            _ => {
                let detail = format!("`{}` -> `{}`", render(self.old, old), render(self.new, new));
                self.record(at.to_owned(), ChangeKind::TypeChanged, detail, side, true);
            }
        }
    }

    /// Compare two named types of the same kind, once per side.
    fn pair(&mut self, a: &TypeId, b: &TypeId, side: Side) {
        self.pair_as(a, b, side, true);
    }

    /// [`Walker::pair`], comparing the types' names only when `names` is set.
    fn pair_as(&mut self, a: &TypeId, b: &TypeId, side: Side, names: bool) {
        if !self.seen.insert((a.clone(), b.clone(), side)) {
            return;
        }
        let (Some(old), Some(new)) = (self.old.get(a), self.new.get(b)) else {
            return;
        };
        if names {
            self.renames(old, new, side);
        }
        match (&old.kind, &new.kind) {
            (TypeKind::Struct(_), TypeKind::Struct(_)) => self.fields(old, new, side),
            (TypeKind::Enum(x), TypeKind::Enum(y)) => {
                let before: BTreeSet<&str> = x.values.iter().map(|v| v.wire.as_str()).collect();
                let after: BTreeSet<&str> = y.values.iter().map(|v| v.wire.as_str()).collect();
                for gone in before.difference(&after) {
                    self.record(
                        old.name.clone(),
                        ChangeKind::EnumValueRemoved,
                        format!("`{gone}`"),
                        side,
                        true,
                    );
                }
                // Enums are open and `#[non_exhaustive]`: a new value breaks no match.
                for added in after.difference(&before) {
                    self.record(
                        old.name.clone(),
                        ChangeKind::EnumValueAdded,
                        format!("`{added}`"),
                        side,
                        false,
                    );
                }
            }
            (TypeKind::Union(x), TypeKind::Union(y)) => {
                let before = variants(x);
                let after = variants(y);
                for (name, ty) in &before {
                    match after.get(name) {
                        None => {
                            let detail = format!("`{name}` (`{}`)", render(self.old, ty));
                            self.record(
                                old.name.clone(),
                                ChangeKind::VariantRemoved,
                                detail,
                                side,
                                true,
                            );
                        }
                        Some(now) => self.refs(&format!("{}::{name}", old.name), ty, now, side),
                    }
                }
                // Unions are `#[non_exhaustive]` with a fallback: a new variant breaks no match.
                for (name, ty) in &after {
                    if !before.contains_key(name) {
                        let detail = format!("`{name}` (`{}`)", render(self.new, ty));
                        self.record(
                            old.name.clone(),
                            ChangeKind::VariantAdded,
                            detail,
                            side,
                            false,
                        );
                    }
                }
            }
            _ => {}
        }
    }

    /// Names compared place by place: every place (the schema a type or a
    /// merged member sits at) keeps its name as the type or an alias of it,
    /// whichever shapes are merged, so a name changes only when the newer
    /// spec names the same place otherwise (an operation renamed) and the old
    /// name is gone from the newer crate, or when
    /// Stripe renamed the component paired here (its old name gone from the
    /// newer crate). A place that is gone went with its operation or field,
    /// reported there.
    fn renames(&mut self, old: &TypeDef, new: &TypeDef, side: Side) {
        let mut old_places: Vec<(&TypeId, &str)> = vec![(&old.id, old.name.as_str())];
        old_places.extend(old.merged.iter().map(|id| {
            let name = old.aliases.iter().find(|a| a.id == *id);
            (id, name.map_or(old.name.as_str(), |a| a.name.as_str()))
        }));
        let component = |def: &TypeDef| matches!(def.origin, Origin::Component { .. });
        let mut renamed: BTreeSet<(&str, &str)> = BTreeSet::new();
        for (place, name) in old_places {
            match self.new_places.get(place) {
                // A parameter's pointer holds its index, which a new
                // parameter before it shifts: a name the newer crate still
                // has is no rename.
                Some(now) if *now != name && !self.new_names.contains(name) => {
                    renamed.insert((name, now));
                }
                Some(_) => {}
                None if *place == old.id
                    && component(old)
                    && component(new)
                    && !self.new_names.contains(name) =>
                {
                    renamed.insert((name, new.name.as_str()));
                }
                None => {}
            }
        }
        for (before, after) in renamed {
            self.record(
                before.to_owned(),
                ChangeKind::TypeRenamed,
                format!("`{before}` -> `{after}`"),
                side,
                true,
            );
        }
    }

    fn fields(&mut self, old: &TypeDef, new: &TypeDef, side: Side) {
        let (TypeKind::Struct(x), TypeKind::Struct(y)) = (&old.kind, &new.kind) else {
            return;
        };
        let after: BTreeMap<&str, &Field> =
            y.fields.iter().map(|f| (f.wire_name.as_str(), f)).collect();
        let before: BTreeMap<&str, &Field> =
            x.fields.iter().map(|f| (f.wire_name.as_str(), f)).collect();
        for (wire, f) in &before {
            let at = format!("{}.{wire}", old.name);
            let Some(g) = after.get(wire) else {
                let detail = format!("`{}`", render(self.old, &f.ty));
                self.record(at, ChangeKind::FieldRemoved, detail, side, true);
                continue;
            };
            let changed_shape = shape(f, old.usage) != shape(g, new.usage);
            let presence = |field: &Field| {
                if field.required {
                    "required"
                } else {
                    "optional"
                }
            };
            if f.required != g.required {
                let kind = if g.required {
                    ChangeKind::OptionalToRequired
                } else {
                    ChangeKind::RequiredToOptional
                };
                let detail = format!(
                    "`{}`, {} -> {}",
                    render(self.new, &g.ty),
                    presence(f),
                    presence(g)
                );
                self.record(at.clone(), kind, detail, side, changed_shape);
            }
            if f.nullable != g.nullable {
                let kind = if g.nullable {
                    ChangeKind::NullableAdded
                } else {
                    ChangeKind::NullableRemoved
                };
                let detail = format!("`{}`, {}", render(self.new, &g.ty), presence(g));
                self.record(at.clone(), kind, detail, side, changed_shape);
            }
            if f.boxed != g.boxed {
                let boxed = |b: bool| if b { "boxed" } else { "not boxed" };
                let detail = format!(
                    "`{}`: {} -> {}",
                    render(self.new, &g.ty),
                    boxed(f.boxed),
                    boxed(g.boxed)
                );
                self.record(at.clone(), ChangeKind::TypeChanged, detail, side, true);
            }
            self.refs(&at, &f.ty, &g.ty, side);
        }
        for (wire, g) in &after {
            if before.contains_key(wire) {
                continue;
            }
            // A new field breaks only a type users build, when `new` takes it.
            let breaking = new.usage.is_request() && shape(g, new.usage) == Shape::Plain;
            let presence = if g.required { "required" } else { "optional" };
            let detail = format!("`{}`, {presence}", render(self.new, &g.ty));
            self.record(
                format!("{}.{wire}", old.name),
                ChangeKind::FieldAdded,
                detail,
                side,
                breaking,
            );
        }
    }
}

/// A union's variants by Rust name, each with its type.
fn variants(union: &UnionDef) -> BTreeMap<String, TypeRef> {
    match union {
        UnionDef::Tagged { variants } => variants
            .iter()
            .map(|v| (v.rust_name.clone(), TypeRef::Named(v.ty.clone())))
            .collect(),
        UnionDef::Untagged { variants } => variants
            .iter()
            .map(|v| (v.rust_name.clone(), v.ty.clone()))
            .collect(),
    }
}

fn kind_word(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Union(_) => "union",
        TypeKind::Opaque(_) => "raw JSON",
    }
}

fn type_name(space: &TypeSpace, id: &TypeId) -> String {
    space
        .get(id)
        .map(|d| d.name.clone())
        .unwrap_or_else(|| id.as_str().to_owned())
}

/// A type as Rust code reads it: `Vec<Expandable<Customer>>`.
fn render(space: &TypeSpace, ty: &TypeRef) -> String {
    let wrap = |name: &str, inner: &TypeRef| format!("{name}<{}>", render(space, inner));
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Integer => "i64".to_owned(),
        TypeRef::Number => "f64".to_owned(),
        TypeRef::Boolean => "bool".to_owned(),
        TypeRef::Timestamp => "Timestamp".to_owned(),
        TypeRef::Decimal => "Decimal".to_owned(),
        TypeRef::Binary => "FileUpload".to_owned(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::Named(id) => type_name(space, id),
        TypeRef::Array(t) => wrap("Vec", t),
        TypeRef::Map(t) => format!("BTreeMap<String, {}>", render(space, t)),
        TypeRef::Expandable(t) => wrap("Expandable", t),
        TypeRef::Clearable(t) => wrap("Clearable", t),
        TypeRef::List(t) => wrap("List", t),
        TypeRef::SearchResult(t) => wrap("SearchResult", t),
        TypeRef::DateTime => "DateTime".to_owned(),
        TypeRef::Int64String => "Int64String".to_owned(),
        TypeRef::V2List(t) => wrap("V2List", t),
    }
}
