//! Cargo features: which groups compile which module.

use super::fixture::*;
use crate::ir::*;

/// Group `a` returns `Shared`; the module `resources/shared` also holds
/// `Other`, which only group `b` returns and which refers to `Only` in a
/// module of its own. Enabling `a` compiles `resources/shared` whole, so it
/// must compile `resources/only` too.
#[test]
fn a_module_brings_what_all_its_types_refer_to() {
    let shared = schema("shared");
    let other = schema("other");
    let only = schema("only");
    let mut model = model_of(vec![
        def(
            shared.clone(),
            "Shared",
            "resources/shared",
            Usage::Response,
            strukt(vec![], None),
        ),
        def(
            other.clone(),
            "Other",
            "resources/shared",
            Usage::Response,
            strukt(vec![field("only", named(&only), true, false)], None),
        ),
        def(
            only.clone(),
            "Only",
            "resources/only",
            Usage::Response,
            strukt(vec![], None),
        ),
    ]);
    let mut first = operation("GetA", "retrieve", HttpMethod::Get, "/v1/a", named(&shared));
    first.group = "a".to_owned();
    let mut second = operation("GetB", "retrieve", HttpMethod::Get, "/v1/b", named(&other));
    second.group = "b".to_owned();
    model.operations = vec![first, second];

    let features = crate::emit::features::Features::of(&model);
    // Both groups compile both modules, so neither needs a cfg.
    assert!(features.module_cfg("resources/shared").is_empty());
    assert!(features.module_cfg("resources/only").is_empty());
}

/// A module only one group reaches is gated on that group alone.
#[test]
fn a_module_one_group_reaches_is_gated_on_it() {
    let first_ty = schema("first");
    let second_ty = schema("second");
    let mut model = model_of(vec![
        def(
            first_ty.clone(),
            "First",
            "resources/first",
            Usage::Response,
            strukt(vec![], None),
        ),
        def(
            second_ty.clone(),
            "Second",
            "resources/second",
            Usage::Response,
            strukt(vec![], None),
        ),
    ]);
    let mut first = operation(
        "GetA",
        "retrieve",
        HttpMethod::Get,
        "/v1/a",
        named(&first_ty),
    );
    first.group = "a".to_owned();
    let mut second = operation(
        "GetB",
        "retrieve",
        HttpMethod::Get,
        "/v1/b",
        named(&second_ty),
    );
    second.group = "b".to_owned();
    model.operations = vec![first, second];

    let features = crate::emit::features::Features::of(&model);
    assert_eq!(
        features.module_cfg("resources/first").to_string(),
        quote::quote!(#[cfg(feature = "a")]).to_string()
    );
    assert_eq!(
        features.module_cfg("resources/second").to_string(),
        quote::quote!(#[cfg(feature = "b")]).to_string()
    );
}

/// An event (`Event` in `resources/event`, with `EventType` and the union
/// `EventObject` beside it) whose union holds one variant per `(name, tag)`,
/// each a struct in `resources/<tag>`; no operations yet. Gives the model,
/// the union's id and the variants' ids.
fn event_model(variants: &[(&str, &str)]) -> (Model, TypeId, Vec<TypeId>) {
    let event = schema("event");
    let event_type = id("#/components/schemas/event/properties/type");
    let union = id("#/components/schemas/event/properties/object");
    let ids: Vec<TypeId> = variants.iter().map(|(_, tag)| schema(tag)).collect();
    let arms: Vec<(&str, &str, bool, &TypeId)> = variants
        .iter()
        .zip(&ids)
        .map(|((name, tag), ty)| (*name, *tag, false, ty))
        .collect();
    let mut defs = vec![
        def(
            event.clone(),
            "Event",
            "resources/event",
            Usage::Response,
            strukt(
                vec![
                    field("type", named(&event_type), true, false),
                    field("object", named(&union), true, false),
                ],
                Some("event"),
            ),
        ),
        def(
            event_type.clone(),
            "EventType",
            "resources/event",
            Usage::Response,
            enumeration(&[("first.created", "FirstCreated")]),
        ),
        def(
            union.clone(),
            "EventObject",
            "resources/event",
            Usage::Response,
            tagged(&arms),
        ),
    ];
    for ((name, tag), ty) in variants.iter().zip(&ids) {
        defs.push(def(
            ty.clone(),
            name,
            &format!("resources/{tag}"),
            Usage::Response,
            strukt(vec![], Some(tag)),
        ));
    }
    let mut model = model_of(defs);
    model.events = Some(Events {
        envelope: event,
        types: event_type,
        object: union.clone(),
        related: union.clone(),
    });
    (model, union, ids)
}

/// `operation` in `group`.
fn in_group(mut op: Operation, group: &str) -> Operation {
    op.group = group.to_owned();
    op
}

/// The event's union of every object is gated: group `events` (which lists
/// `Event`s) compiles the event's module but not every object for it. A
/// variant carries its type's module `cfg`: `First`, which group `a` also
/// returns, exists with `a` or `webhooks`; `Second`, which only the event
/// holds, with `webhooks` alone. Without its feature an object decodes as
/// `Unknown` (the union's fallback).
#[test]
fn an_event_union_variant_compiles_with_its_own_groups() {
    let (mut model, union, ids) = event_model(&[("First", "first"), ("Second", "second")]);
    let (first_ty, second_ty) = (&ids[0], &ids[1]);
    model.operations = vec![
        in_group(
            operation(
                "GetA",
                "retrieve",
                HttpMethod::Get,
                "/v1/a",
                named(first_ty),
            ),
            "a",
        ),
        in_group(
            operation(
                "GetEvents",
                "list",
                HttpMethod::Get,
                "/v1/events",
                named(&schema("event")),
            ),
            "events",
        ),
    ];

    let features = crate::emit::features::Features::of(&model);
    let cfg = |t: proc_macro2::TokenStream| t.to_string();
    assert_eq!(
        cfg(features.module_cfg("resources/event")),
        cfg(quote::quote!(#[cfg(any(feature = "events", feature = "webhooks"))]))
    );
    assert_eq!(
        cfg(features.module_cfg("resources/first")),
        cfg(quote::quote!(#[cfg(any(feature = "a", feature = "webhooks"))]))
    );
    assert_eq!(
        cfg(features.module_cfg("resources/second")),
        cfg(quote::quote!(#[cfg(feature = "webhooks")]))
    );
    assert_eq!(
        cfg(features.variant_cfg(&union, first_ty)),
        cfg(features.module_cfg("resources/first"))
    );
    assert_eq!(
        cfg(features.variant_cfg(&union, second_ty)),
        cfg(features.module_cfg("resources/second"))
    );
    // Another union's variants are never gated.
    assert!(features.variant_cfg(first_ty, second_ty).is_empty());

    // The emitted union: the variant and each arm naming it carry the cfg.
    let files = emit(&model, "features-gated-union").unwrap();
    let text = file(&files, "src/resources/event.rs");
    let webhooks_only = "#[cfg(feature = \"webhooks\")]";
    // The variant, and its decode, encode and `HasId` arms.
    assert_eq!(text.matches(webhooks_only).count(), 4, "{text}");
    let a_or_webhooks = "#[cfg(any(feature = \"a\", feature = \"webhooks\"))]";
    assert_eq!(text.matches(a_or_webhooks).count(), 4, "{text}");
}

/// A variant whose type every group compiling the union also compiles needs
/// no `cfg` of its own: here only `webhooks` reaches the event, and group `a`
/// reaches `First` too.
#[test]
fn a_variant_that_exists_wherever_its_union_does_has_no_cfg() {
    let (mut model, union, ids) = event_model(&[("First", "first")]);
    model.operations = vec![in_group(
        operation("GetA", "retrieve", HttpMethod::Get, "/v1/a", named(&ids[0])),
        "a",
    )];
    let features = crate::emit::features::Features::of(&model);
    assert_eq!(
        features.module_cfg("resources/event").to_string(),
        quote::quote!(#[cfg(feature = "webhooks")]).to_string()
    );
    assert!(features.variant_cfg(&union, &ids[0]).is_empty());
}
