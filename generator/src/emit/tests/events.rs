//! `src/webhooks.rs` and the `webhooks` feature, for a model with an event.

use super::fixture::*;
use crate::ir::*;

/// The fixture model with an event: envelope `Event` (its `type` an `EventType` enum, its
/// `data` holding an `EventObject` union of `Token` and `Card`).
fn model_with_event() -> Model {
    let mut model = model();
    let event = schema("event");
    let data = schema("event_data");
    let types = id("#/components/schemas/event/properties/type");
    let object = id("#/components/schemas/event_data/properties/object");
    let defs = [
        def(
            event.clone(),
            "Event",
            "resources/event",
            Usage::Response,
            strukt(
                vec![
                    field("id", TypeRef::String, true, false),
                    field("type", named(&types), true, false),
                    field("data", named(&data), true, false),
                ],
                Some("event"),
            ),
        ),
        def(
            types.clone(),
            "EventType",
            "resources/event",
            Usage::Response,
            enumeration(&[("customer.created", "CustomerCreated")]),
        ),
        def(
            data.clone(),
            "EventData",
            "resources/event",
            Usage::Response,
            strukt(
                vec![
                    field("object", named(&object), true, false),
                    field("previous_attributes", TypeRef::Json, false, false),
                ],
                None,
            ),
        ),
        def(
            object.clone(),
            "EventObject",
            "resources/event",
            Usage::Response,
            TypeKind::Union(UnionDef::Tagged {
                variants: vec![TaggedVariant {
                    rust_name: "Token".to_owned(),
                    object: "token".to_owned(),
                    deleted: false,
                    ty: schema("token"),
                    boxed: true,
                }],
            }),
        ),
    ];
    for d in defs {
        model.types.types.insert(d.id.clone(), d);
    }
    model.events = Some(Events {
        envelope: event,
        types,
        related: object.clone(),
        object,
    });
    model
}

#[test]
fn webhooks_file_types_the_entry_points_with_the_envelope() {
    let files = emit(&model_with_event(), "events-file").unwrap();
    let webhooks = file(&files, "src/webhooks.rs");
    assert_contains(webhooks, "pub fn construct_event(");
    assert_contains(webhooks, "pub fn parse_event(");
    assert_contains(webhooks, "impl crate::Webhook {");
    assert_lacks(webhooks, "impl crate::runtime::");
    assert_contains(
        webhooks,
        "-> ::std::result::Result<crate::resources::Event, crate::runtime::WebhookError>",
    );
    assert_contains(
        webhooks,
        "pub type WebhookVerifier = crate::runtime::EventVerifier<crate::resources::Event>;",
    );
    assert_contains(
        webhooks,
        "WebhookVerifier::new(secret).construct_event(payload, sig_header)",
    );
    let lib = file(&files, "src/lib.rs");
    assert_contains(lib, "#[cfg(feature = \"webhooks\")]\nmod webhooks;");
    // The crate's own `Webhook` (the runtime's cannot take its methods).
    assert_contains(lib, "pub struct Webhook;");
    // The event's module compiles with the webhooks feature; the token it reaches with either.
    let resources = file(&files, "src/resources/mod.rs");
    assert_contains(resources, "#[cfg(feature = \"webhooks\")]\nmod event;");
    assert_lacks(resources, "#[cfg(feature = \"tokens\")]\nmod token;");
    let event = file(&files, "src/resources/event.rs");
    assert_contains(event, "Token(::std::boxed::Box<crate::resources::Token>)");
}

#[test]
fn no_event_no_webhooks_file() {
    let files = emit(&model(), "events-none").unwrap();
    assert!(files
        .iter()
        .all(|f| f.path != std::path::Path::new("src/webhooks.rs")));
    assert_lacks(file(&files, "src/lib.rs"), "mod webhooks;");
    assert_lacks(file(&files, "src/resources/mod.rs"), "webhooks");
}

#[test]
fn a_dangling_envelope_is_an_emit_error() {
    let mut model = model();
    model.events = Some(Events {
        envelope: schema("nowhere"),
        types: schema("nowhere_type"),
        object: schema("nowhere_object"),
        related: schema("nowhere_related"),
    });
    let err = emit(&model, "events-dangling").unwrap_err();
    assert!(err.to_string().contains("nowhere"), "{err}");
}
