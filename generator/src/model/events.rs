//! The typed webhook event (config `events`).
//!
//! Two steps. [`convert`], while the spec is at hand: the envelope and the
//! listed object schemas enter the type space (even when no operation reaches
//! them), and each object's `object` tag (+ `deleted`) is read. [`attach`],
//! after merging: the envelope's `type` field becomes an open enum of the
//! event type names, its `data.object` field a tagged union of the objects
//! (unknown objects stay raw JSON), and `data.previous_attributes` stays JSON.

use std::collections::BTreeMap;

use crate::config::{Config, EventTypes, EventsConfig, ObjectSelection, OperationKey};
use crate::error::{Error, Result};
use crate::ir::{
    EnumDef, EnumValue, Events, Namespace, Operation, TaggedVariant, TypeDef, TypeId, TypeKind,
    TypeRef, TypeSpace, UnionDef, Usage,
};
use crate::naming::{
    camel_ident, enum_value_idents, unreserved, NameScope, UNION_FALLBACK, UNION_RESERVED_SUFFIX,
};
use crate::resolve::child;

use super::schema::{object_tag, TypeBuilder, ENUM_FALLBACK};

/// What [`convert`] found: the envelope, and the tag of every object type.
pub struct Pending {
    envelope: TypeId,
    /// `(type, object tag, deleted)`, in the order the variants take.
    objects: Vec<(TypeId, String, bool)>,
    /// The API v2 resources the crate has (every tagged `v2.*` component
    /// converted), for the related-object union, in id order.
    v2_objects: Vec<(TypeId, String, bool)>,
}

fn config_err(config: &Config, message: String) -> Error {
    Error::Config {
        file: config.file.clone(),
        message: format!("events: {message}"),
    }
}

/// Converts the envelope and the object schemas; `None` without an `events`
/// config. Runs after the operations, so their conversions stand.
pub fn convert(builder: &mut TypeBuilder<'_>, config: &Config) -> Result<Option<Pending>> {
    let Some(events) = &config.events else {
        return Ok(None);
    };
    let envelope = component(builder, config, &events.envelope, "envelope")?;
    let names: Vec<String> = match &events.objects {
        ObjectSelection::List(names) => {
            for name in names {
                component(builder, config, name, "objects")?;
            }
            names.clone()
        }
        // Every tagged component but the envelope: an event is never about an
        // event. The envelope's namespace only: a v1 webhook event never
        // holds an API v2 object (v2 has its own events).
        ObjectSelection::All(_) => builder
            .types
            .values()
            .filter_map(|def| match &def.origin {
                crate::ir::Origin::Component { schema }
                    if schema != &events.envelope
                        && Namespace::of_type(&def.id) == Namespace::of_type(&envelope) =>
                {
                    Some(schema.clone())
                }
                _ => None,
            })
            .collect(),
    };
    let mut objects = Vec::new();
    for name in names {
        let reference = child("#/components/schemas", &name);
        let (_, schema) = builder.resolver.component(&reference, &reference)?;
        match object_tag(schema) {
            (Some(tag), deleted) => objects.push((TypeId(reference), tag, deleted)),
            (None, _) if matches!(events.objects, ObjectSelection::List(_)) => {
                return Err(config_err(
                    config,
                    format!("object schema `{name}` has no `object` tag to decode it by"),
                ))
            }
            (None, _) => {}
        }
    }
    // Every API v2 resource the operations reached: what a thin event's
    // related object may be.
    let mut v2_objects = Vec::new();
    for def in builder.types.values() {
        let crate::ir::Origin::Component { schema: name } = &def.origin else {
            continue;
        };
        if !Namespace::of_type(&def.id).is_v2() {
            continue;
        }
        let reference = child("#/components/schemas", name);
        let (_, schema) = builder.resolver.component(&reference, &reference)?;
        if let (Some(tag), deleted) = object_tag(schema) {
            v2_objects.push((def.id.clone(), tag, deleted));
        }
    }
    Ok(Some(Pending {
        envelope,
        objects,
        v2_objects,
    }))
}

fn component(
    builder: &mut TypeBuilder<'_>,
    config: &Config,
    name: &str,
    key: &str,
) -> Result<TypeId> {
    let reference = child("#/components/schemas", name);
    if builder.resolver.component(&reference, &reference).is_err() {
        return Err(config_err(
            config,
            format!("{key}: the spec has no component schema `{name}`"),
        ));
    }
    match builder.component(&reference, &reference, false)? {
        TypeRef::Named(id) => Ok(id),
        other => Err(config_err(
            config,
            format!("{key}: `{name}` is not an object type but `{other}`"),
        )),
    }
}

/// Adds the event type enum and the object union to `types`, and points the
/// envelope's fields at them.
pub fn attach(
    types: &mut TypeSpace,
    operations: &[Operation],
    config: &Config,
    pending: Pending,
) -> Result<Events> {
    let Some(events) = &config.events else {
        return Err(config_err(config, "no events configuration".to_owned()));
    };
    let envelope = types
        .get(&pending.envelope)
        .ok_or_else(|| config_err(config, format!("`{}` is not converted", pending.envelope)))?
        .clone();
    let data_id = envelope_field(config, &envelope, "data").and_then(|f| match &f {
        TypeRef::Named(id) => Ok(id.clone()),
        other => Err(config_err(
            config,
            format!("`{}` field `data` is `{other}`, not an object", envelope.id),
        )),
    })?;
    let data = types
        .get(&data_id)
        .ok_or_else(|| config_err(config, format!("`{data_id}` is not converted")))?
        .clone();
    for (def, field) in [(&envelope, "type"), (&data, "object")] {
        let ty = envelope_field(config, def, field)?;
        if !matches!(ty, TypeRef::String | TypeRef::Json | TypeRef::Map(_)) {
            return Err(config_err(
                config,
                format!(
                    "`{}` field `{field}` is `{ty}`, not a plain string or object",
                    def.id
                ),
            ));
        }
    }

    let types_id = TypeId(child(&child(envelope.id.as_str(), "properties"), "type"));
    let values = event_types(types, operations, config, events)?;
    types.types.insert(
        types_id.clone(),
        TypeDef {
            id: types_id.clone(),
            name: format!("{}Type", envelope.name),
            origin: crate::ir::Origin::Inline { title: None },
            module: envelope.module.clone(),
            resource: None,
            usage: Usage::Response,
            docs: Some(
                "What happened: the kind of an event, such as `customer.created`. Values \
                 this crate does not list are kept as they are."
                    .to_owned(),
            ),
            kind: TypeKind::Enum(EnumDef {
                values,
                bypass_validation: false,
            }),
            merged: Vec::new(),
            aliases: Vec::new(),
        },
    );

    let object_id = TypeId(child(&child(data.id.as_str(), "properties"), "object"));
    let variants = object_variants(types, config, &pending.objects)?;
    types.types.insert(
        object_id.clone(),
        TypeDef {
            id: object_id.clone(),
            name: format!("{}Object", envelope.name),
            origin: crate::ir::Origin::Inline { title: None },
            module: envelope.module.clone(),
            resource: None,
            usage: Usage::Response,
            docs: Some(
                "The object an event is about, decoded by its `object` tag; an object of \
                 any other kind is kept as raw JSON."
                    .to_owned(),
            ),
            kind: TypeKind::Union(UnionDef::Tagged {
                variants: variants.clone(),
            }),
            merged: Vec::new(),
            aliases: Vec::new(),
        },
    );

    let related_id = TypeId(child(envelope.id.as_str(), RELATED_OBJECT_KEY));
    let related = related_variants(types, config, &variants, &pending.v2_objects)?;
    types.types.insert(
        related_id.clone(),
        TypeDef {
            id: related_id.clone(),
            name: RELATED_OBJECT.to_owned(),
            origin: crate::ir::Origin::Inline { title: None },
            module: envelope.module.clone(),
            resource: None,
            usage: Usage::Response,
            docs: Some(
                "The object a thin event (API v2) is about, as \
                 `EventNotification::fetch_related_object::<RelatedObject>` fetches it: decoded \
                 by its `object` tag into a v1 object the webhook event knows (variants named \
                 as their types) or an API v2 resource of this crate (variants named after the \
                 whole component name: `v2.core.account` is `V2CoreAccount`); an object of any \
                 other kind is kept as raw JSON in `Unknown`."
                    .to_owned(),
            ),
            kind: TypeKind::Union(UnionDef::Tagged { variants: related }),
            merged: Vec::new(),
            aliases: Vec::new(),
        },
    );

    retype(
        types,
        &envelope.id,
        "type",
        TypeRef::Named(types_id.clone()),
    );
    retype(types, &data.id, "object", TypeRef::Named(object_id.clone()));
    Ok(Events {
        envelope: envelope.id,
        types: types_id,
        object: object_id,
        related: related_id,
    })
}

/// The related-object union's name, beside the envelope.
pub const RELATED_OBJECT: &str = "RelatedObject";
/// The union's id: a key under the envelope's pointer no schema has.
const RELATED_OBJECT_KEY: &str = "x-related-object";

/// The related-object union's variants: the event object's (v1, named as
/// their types), then one per API v2 resource, named after its whole
/// component name (`v2.core.account` → `V2CoreAccount`), so v2 names never
/// meet v1's (`Account`). A variant named as the fallback is suffixed
/// (`naming::unreserved`); two objects with one tag are an error.
fn related_variants(
    types: &TypeSpace,
    config: &Config,
    v1: &[TaggedVariant],
    v2: &[(TypeId, String, bool)],
) -> Result<Vec<TaggedVariant>> {
    let mut seen: BTreeMap<(String, bool), String> = v1
        .iter()
        .map(|v| ((v.object.clone(), v.deleted), v.ty.0.clone()))
        .collect();
    let mut variants = v1.to_vec();
    for (id, object, deleted) in v2 {
        let def = types
            .get(id)
            .ok_or_else(|| config_err(config, format!("related object `{id}` is not converted")))?;
        let crate::ir::Origin::Component { schema } = &def.origin else {
            continue;
        };
        if !matches!(def.kind, TypeKind::Struct(_) | TypeKind::Opaque(_)) {
            continue;
        }
        if let Some(first) = seen.insert((object.clone(), *deleted), id.0.clone()) {
            return Err(config_err(
                config,
                format!("related objects: `{first}` and `{id}` have the same tag `{object}`"),
            ));
        }
        variants.push(TaggedVariant {
            rust_name: camel_ident(&[schema]),
            object: object.clone(),
            deleted: *deleted,
            ty: def.id.clone(),
            boxed: true,
        });
    }
    let mut names: Vec<String> = variants.iter().map(|v| v.rust_name.clone()).collect();
    unreserved(&mut names, UNION_FALLBACK, UNION_RESERVED_SUFFIX);
    for (variant, name) in variants.iter_mut().zip(names) {
        variant.rust_name = name;
    }
    Ok(variants)
}

fn envelope_field(config: &Config, def: &TypeDef, wire: &str) -> Result<TypeRef> {
    let TypeKind::Struct(s) = &def.kind else {
        return Err(config_err(
            config,
            format!("`{}` must be an object with properties", def.id),
        ));
    };
    s.fields
        .iter()
        .find(|f| f.wire_name == wire)
        .map(|f| f.ty.clone())
        .ok_or_else(|| config_err(config, format!("`{}` has no field `{wire}`", def.id)))
}

fn retype(types: &mut TypeSpace, id: &TypeId, wire: &str, ty: TypeRef) {
    if let Some(TypeDef {
        kind: TypeKind::Struct(s),
        ..
    }) = types.types.get_mut(id)
    {
        for f in s.fields.iter_mut().filter(|f| f.wire_name == wire) {
            f.ty = ty.clone();
        }
    }
}

/// The event type names, as enum values (`*`, "every event", is not one).
fn event_types(
    types: &TypeSpace,
    operations: &[Operation],
    config: &Config,
    events: &EventsConfig,
) -> Result<Vec<EnumValue>> {
    let wires: Vec<String> = match &events.types {
        EventTypes::List(list) => list.clone(),
        EventTypes::Field(source) => {
            let key = OperationKey::parse(&source.operation, &config.file)?;
            let op = operations
                .iter()
                .find(|op| op.http_method.as_str() == key.method && op.path == key.path)
                .ok_or_else(|| {
                    config_err(config, format!("types: operation `{key}` is not generated"))
                })?;
            let missing = || {
                config_err(
                    config,
                    format!(
                        "types: `{key}` has no request field `{}` holding an enum",
                        source.field
                    ),
                )
            };
            let body = op.body.as_ref().ok_or_else(missing)?;
            let Some(TypeDef {
                kind: TypeKind::Struct(s),
                ..
            }) = types.get(&body.params.ty)
            else {
                return Err(missing());
            };
            let field = s
                .fields
                .iter()
                .find(|f| f.wire_name == source.field)
                .ok_or_else(missing)?;
            let mut inner = &field.ty;
            while let TypeRef::Array(t) | TypeRef::Clearable(t) = inner {
                inner = t;
            }
            let TypeRef::Named(id) = inner else {
                return Err(missing());
            };
            let Some(TypeDef {
                kind: TypeKind::Enum(e),
                ..
            }) = types.get(id)
            else {
                return Err(missing());
            };
            e.values.iter().map(|v| v.wire.clone()).collect()
        }
    };
    let wires: Vec<String> = wires.into_iter().filter(|w| w != "*").collect();
    let refs: Vec<&str> = wires.iter().map(String::as_str).collect();
    let names = enum_value_idents(&refs).map_err(|wire| {
        config_err(
            config,
            format!("types: `{wire}` has no letters or digits to name a variant by"),
        )
    })?;
    let mut scope = NameScope::new();
    scope.claim(ENUM_FALLBACK, "the fallback variant for unlisted values")?;
    let mut values = Vec::new();
    for (wire, rust_name) in wires.iter().zip(names) {
        scope.claim(&rust_name, &format!("event type `{wire}`"))?;
        values.push(EnumValue {
            wire: wire.clone(),
            rust_name,
        });
    }
    Ok(values)
}

/// One boxed variant per object type, named as its type; a type merged into
/// another is found under the survivor.
fn object_variants(
    types: &TypeSpace,
    config: &Config,
    objects: &[(TypeId, String, bool)],
) -> Result<Vec<TaggedVariant>> {
    let survivor = |id: &TypeId| {
        types
            .get(id)
            .or_else(|| types.iter().find(|def| def.merged.iter().any(|m| m == id)))
    };
    let mut seen: BTreeMap<(String, bool), &str> = BTreeMap::new();
    let mut variants = Vec::new();
    for (id, object, deleted) in objects {
        let def = survivor(id)
            .ok_or_else(|| config_err(config, format!("objects: `{id}` is not converted")))?;
        if !matches!(def.kind, TypeKind::Struct(_) | TypeKind::Opaque(_)) {
            return Err(config_err(
                config,
                format!("objects: `{id}` is not an object type"),
            ));
        }
        if let Some(first) = seen.insert((object.clone(), *deleted), def.id.as_str()) {
            return Err(config_err(
                config,
                format!("objects: `{first}` and `{id}` have the same tag `{object}`"),
            ));
        }
        variants.push(TaggedVariant {
            rust_name: def.name.clone(),
            object: object.clone(),
            deleted: *deleted,
            ty: def.id.clone(),
            boxed: true,
        });
    }
    Ok(variants)
}
