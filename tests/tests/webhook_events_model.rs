//! The model's typed webhook event (config `events`) on a small spec: where the event types come
//! from, which objects the union types, objects no operation reaches, and the typed config
//! errors for what does not fit.

use generator::ir::{Model, TypeKind, TypeRef, UnionDef};
use workspace_tests::model_of_str;

const SPEC: &str = "openapi: 3.0.0
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com/'}]
paths:
  /v1/hooks:
    post:
      operationId: PostHooks
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                enabled_events:
                  type: array
                  items: {type: string, enum: ['*', thing.created, thing.updated]}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/thing'}
components:
  schemas:
    thing:
      type: object
      properties:
        id: {type: string}
        object: {type: string, enum: [thing]}
    gadget:
      type: object
      properties:
        id: {type: string}
        object: {type: string, enum: [gadget]}
    untagged:
      type: object
      properties:
        id: {type: string}
    event:
      type: object
      properties:
        id: {type: string}
        object: {type: string, enum: [event]}
        type: {type: string}
        data: {$ref: '#/components/schemas/event_data'}
      required: [id, object, type, data]
    event_data:
      type: object
      properties:
        object: {type: object}
        previous_attributes: {type: object}
      required: [object]
    bare_event:
      type: object
      properties:
        type: {type: string}
";

fn config(events: &str) -> String {
    format!("crate: {{name: x, version: 0.1.0, description: d}}\noperations: [POST /v1/hooks]\nevents: {events}\n")
}

fn build(events: &str) -> Model {
    model_of_str(SPEC, &config(events)).unwrap_or_else(|e| panic!("{e}"))
}

fn error(events: &str) -> String {
    model_of_str(SPEC, &config(events))
        .expect_err("the config does not fit the spec")
        .to_string()
}

fn variants(model: &Model) -> Vec<(String, String)> {
    let events = model.events.as_ref().expect("events");
    let TypeKind::Union(UnionDef::Tagged { variants }) =
        &model.types.get(&events.object).unwrap().kind
    else {
        panic!("EventObject is not tagged");
    };
    variants
        .iter()
        .map(|v| (v.rust_name.clone(), v.object.clone()))
        .collect()
}

fn type_values(model: &Model) -> Vec<String> {
    let events = model.events.as_ref().expect("events");
    let TypeKind::Enum(e) = &model.types.get(&events.types).unwrap().kind else {
        panic!("EventType is not an enum");
    };
    e.values.iter().map(|v| v.wire.clone()).collect()
}

#[test]
fn types_come_from_the_operation_field_without_the_wildcard() {
    let model = build(
        "{envelope: event, objects: all, types: {operation: POST /v1/hooks, field: enabled_events}}",
    );
    assert_eq!(type_values(&model), ["thing.created", "thing.updated"]);
    let events = model.events.as_ref().unwrap();
    let envelope = model.types.get(&events.envelope).unwrap();
    assert_eq!(envelope.name, "Event");
    assert!(envelope.usage.is_response());
    let TypeKind::Struct(s) = &envelope.kind else {
        panic!()
    };
    let ty = &s.fields.iter().find(|f| f.wire_name == "type").unwrap().ty;
    assert_eq!(ty, &TypeRef::Named(events.types.clone()));
}

#[test]
fn clashing_type_names_are_spelled_out() {
    let model = build("{envelope: event, objects: all, types: [a.b, a_b]}");
    let events = model.events.as_ref().unwrap();
    let TypeKind::Enum(e) = &model.types.get(&events.types).unwrap().kind else {
        panic!()
    };
    let names: Vec<&str> = e.values.iter().map(|v| v.rust_name.as_str()).collect();
    assert_eq!(names, ["ADotB", "AB"]);
}

#[test]
fn all_objects_are_the_tagged_components_the_crate_has() {
    let model = build("{envelope: event, objects: all, types: [thing.created]}");
    // `gadget` is reached by nothing; `untagged` has no tag; the envelope is left out.
    assert_eq!(variants(&model), [("Thing".to_owned(), "thing".to_owned())]);
    let events = model.events.as_ref().unwrap();
    let data = model
        .types
        .iter()
        .find(|d| d.name == "EventData")
        .expect("EventData");
    let TypeKind::Struct(s) = &data.kind else {
        panic!()
    };
    let object = s.fields.iter().find(|f| f.wire_name == "object").unwrap();
    assert_eq!(object.ty, TypeRef::Named(events.object.clone()));
    let previous = s
        .fields
        .iter()
        .find(|f| f.wire_name == "previous_attributes");
    assert_eq!(previous.unwrap().ty, TypeRef::Json);
}

#[test]
fn listed_objects_are_converted_even_when_unreached() {
    let model = build("{envelope: event, objects: [gadget, thing], types: [gadget.created]}");
    assert_eq!(
        variants(&model),
        [
            ("Gadget".to_owned(), "gadget".to_owned()),
            ("Thing".to_owned(), "thing".to_owned())
        ]
    );
    let gadget = model.types.iter().find(|d| d.name == "Gadget").unwrap();
    assert!(gadget.usage.is_response());
    assert_eq!(type_values(&model), ["gadget.created"]);
}

#[test]
fn what_does_not_fit_is_a_config_error() {
    for (events, expected) in [
        (
            "{envelope: nope, objects: all, types: []}",
            "envelope: the spec has no component schema `nope`",
        ),
        (
            "{envelope: event, objects: [untagged], types: []}",
            "object schema `untagged` has no `object` tag",
        ),
        (
            "{envelope: event, objects: [missing], types: []}",
            "objects: the spec has no component schema `missing`",
        ),
        (
            "{envelope: bare_event, objects: all, types: []}",
            "has no field `data`",
        ),
        (
            "{envelope: event, objects: all, types: {operation: GET /v1/hooks, field: x}}",
            "operation `GET /v1/hooks` is not generated",
        ),
        (
            "{envelope: event, objects: all, types: {operation: POST /v1/hooks, field: nothing}}",
            "has no request field `nothing` holding an enum",
        ),
        (
            "{envelope: event, objects: all, types: ['!!']}",
            "`!!` has no letters or digits",
        ),
    ] {
        let err = error(events);
        assert!(err.contains(expected), "{events}: {err}");
        assert!(err.contains("test.config.yaml"), "{events}: {err}");
    }
}
