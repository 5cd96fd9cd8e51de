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

/// The event's union of every object is gated: group `events` (which lists
/// `Event`s) compiles the event's module but not every object for it. A
/// variant carries its type's module `cfg`: `First`, which group `a` also
/// returns, exists with `a` or `webhooks`; `Second`, which only the event
/// holds, with `webhooks` alone. Without its feature an object decodes as
/// `Unknown` (the union's fallback).
#[test]
fn an_event_union_variant_compiles_with_its_own_groups() {
    let event = schema("event");
    let event_type = id("#/components/schemas/event/properties/type");
    let union = id("#/components/schemas/event/properties/object");
    let (first_ty, second_ty) = (schema("first"), schema("second"));
    let mut model = model_of(vec![
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
            tagged(&[
                ("First", "first", false, &first_ty),
                ("Second", "second", false, &second_ty),
            ]),
        ),
        def(
            first_ty.clone(),
            "First",
            "resources/first",
            Usage::Response,
            strukt(vec![], Some("first")),
        ),
        def(
            second_ty.clone(),
            "Second",
            "resources/second",
            Usage::Response,
            strukt(vec![], Some("second")),
        ),
    ]);
    let mut get_first = operation(
        "GetA",
        "retrieve",
        HttpMethod::Get,
        "/v1/a",
        named(&first_ty),
    );
    get_first.group = "a".to_owned();
    let mut list_events = operation(
        "GetEvents",
        "list",
        HttpMethod::Get,
        "/v1/events",
        named(&event),
    );
    list_events.group = "events".to_owned();
    model.operations = vec![get_first, list_events];
    model.events = Some(Events {
        envelope: event,
        types: event_type,
        object: union.clone(),
        related: union.clone(),
    });

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
        cfg(features.variant_cfg(&union, &first_ty)),
        cfg(features.module_cfg("resources/first"))
    );
    assert_eq!(
        cfg(features.variant_cfg(&union, &second_ty)),
        cfg(features.module_cfg("resources/second"))
    );
    // Another union's variants are never gated.
    assert!(features.variant_cfg(&first_ty, &second_ty).is_empty());

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
    let event = schema("event");
    let event_type = id("#/components/schemas/event/properties/type");
    let union = id("#/components/schemas/event/properties/object");
    let first_ty = schema("first");
    let mut model = model_of(vec![
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
            tagged(&[("First", "first", false, &first_ty)]),
        ),
        def(
            first_ty.clone(),
            "First",
            "resources/first",
            Usage::Response,
            strukt(vec![], Some("first")),
        ),
    ]);
    let mut get_first = operation(
        "GetA",
        "retrieve",
        HttpMethod::Get,
        "/v1/a",
        named(&first_ty),
    );
    get_first.group = "a".to_owned();
    model.operations = vec![get_first];
    model.events = Some(Events {
        envelope: event,
        types: event_type,
        object: union.clone(),
        related: union.clone(),
    });
    let features = crate::emit::features::Features::of(&model);
    assert_eq!(
        features.module_cfg("resources/event").to_string(),
        quote::quote!(#[cfg(feature = "webhooks")]).to_string()
    );
    assert!(features.variant_cfg(&union, &first_ty).is_empty());
}
