//! Unit behaviour of the model on small specs: merging identical shapes,
//! the three-state `''` union, expandable fields, tagged unions, cycles.

use generator::ir::{Model, TypeKind, TypeRef, UnionDef};
use workspace_tests::model_of_str;

const CONFIG: &str = "crate: {name: x, version: 0.1.0, description: d}\noperations: [POST /v1/things]\nopaque: [customer, deleted_customer]\n";

/// A spec with one POST whose form body and response are given (YAML
/// fragments at 14 and 16 spaces of indent), plus some components.
fn spec(body_props: &str, response: &str) -> String {
    format!(
        "openapi: 3.0.0
info:
  title: t
  version: '1'
servers:
  - url: 'https://api.example.com/'
paths:
  /v1/things:
    post:
      operationId: PostThings
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
{body_props}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
{response}
components:
  schemas:
    thing:
      type: object
      properties:
        id:
          type: string
        object:
          type: string
          enum: [thing]
        parent:
          anyOf:
            - $ref: '#/components/schemas/thing'
          nullable: true
        customer:
          anyOf:
            - type: string
            - $ref: '#/components/schemas/customer'
            - $ref: '#/components/schemas/deleted_customer'
          x-expansionResources:
            oneOf:
              - $ref: '#/components/schemas/customer'
              - $ref: '#/components/schemas/deleted_customer'
      required: [id, object]
    customer:
      type: object
      properties:
        id: {{type: string}}
        object: {{type: string, enum: [customer]}}
    deleted_customer:
      type: object
      properties:
        id: {{type: string}}
        object: {{type: string, enum: [customer]}}
        deleted: {{type: boolean, enum: [true]}}
"
    )
}

const THING: &str = "                $ref: '#/components/schemas/thing'";

fn build(body: &str) -> Model {
    model_of_str(&spec(body, THING), CONFIG).expect("builds")
}

fn field<'m>(model: &'m Model, type_name: &str, wire: &str) -> &'m generator::ir::Field {
    let def = model
        .types
        .iter()
        .find(|d| d.name == type_name)
        .unwrap_or_else(|| panic!("no type {type_name}"));
    let TypeKind::Struct(s) = &def.kind else {
        panic!("{type_name} is not a struct")
    };
    s.fields
        .iter()
        .find(|f| f.wire_name == wire)
        .unwrap_or_else(|| panic!("no field {wire}"))
}

const ADDRESS: &str = "type: object\n                  title: address_specs\n                  properties:\n                    city: {type: string}\n                    line1: {type: string}";

#[test]
fn identical_inline_shapes_merge_under_the_shortest_name() {
    let body = format!(
        "                home:\n                  {ADDRESS}\n                billing_address:\n                  {ADDRESS}\n                other:\n                  type: object\n                  properties:\n                    city: {{type: string}}"
    );
    let model = build(&body);
    let home = field(&model, "CreateThing", "home");
    let billing = field(&model, "CreateThing", "billing_address");
    assert_eq!(home.ty, billing.ty, "both addresses share one type");
    let TypeRef::Named(id) = &home.ty else {
        panic!()
    };
    let def = model.types.get(id).unwrap();
    assert_eq!(def.name, "CreateThingHome");
    assert_eq!(def.merged.len(), 1);
    // A different shape stays apart.
    assert_ne!(field(&model, "CreateThing", "other").ty, home.ty);
}

#[test]
fn empty_string_alternative_makes_a_clearable_field() {
    let body = "                metadata:\n                  anyOf:\n                    - type: object\n                      additionalProperties: {type: string}\n                    - type: string\n                      enum: ['']\n                structure:\n                  type: string\n                  enum: ['', llc, sole_proprietorship]";
    let model = build(body);
    assert_eq!(
        field(&model, "CreateThing", "metadata").ty.to_string(),
        "clearable<map<string>>"
    );
    let structure = &field(&model, "CreateThing", "structure").ty;
    let TypeRef::Clearable(inner) = structure else {
        panic!("{structure}")
    };
    let TypeRef::Named(id) = inner.as_ref() else {
        panic!()
    };
    let TypeKind::Enum(e) = &model.types.get(id).unwrap().kind else {
        panic!()
    };
    let values: Vec<_> = e.values.iter().map(|v| v.wire.as_str()).collect();
    assert_eq!(
        values,
        ["llc", "sole_proprietorship"],
        "'' is the clear marker, not a value"
    );
}

#[test]
fn expandable_fields_hold_an_id_or_the_objects() {
    let model = build("                name: {type: string}");
    let customer = field(&model, "Thing", "customer");
    let TypeRef::Expandable(inner) = &customer.ty else {
        panic!("{}", customer.ty)
    };
    let TypeRef::Named(id) = inner.as_ref() else {
        panic!()
    };
    let def = model.types.get(id).unwrap();
    assert_eq!(def.name, "CustomerOrDeletedCustomer");
    let TypeKind::Union(UnionDef::Tagged { variants }) = &def.kind else {
        panic!("{:?}", def.kind)
    };
    let tags: Vec<_> = variants
        .iter()
        .map(|v| (v.rust_name.as_str(), v.object.as_str(), v.deleted))
        .collect();
    assert_eq!(
        tags,
        [
            ("Customer", "customer", false),
            ("DeletedCustomer", "customer", true)
        ]
    );
}

#[test]
fn self_reference_is_boxed_and_object_is_a_tag() {
    let model = build("                name: {type: string}");
    let parent = field(&model, "Thing", "parent");
    assert!(parent.boxed && parent.nullable);
    let def = model.types.iter().find(|d| d.name == "Thing").unwrap();
    let TypeKind::Struct(s) = &def.kind else {
        panic!()
    };
    assert_eq!(s.object.as_deref(), Some("thing"));
}

#[test]
fn object_or_id_union_names_its_variants() {
    let body = "                card:\n                  anyOf:\n                    - type: object\n                      properties:\n                        number: {type: string}\n                      required: [number]\n                    - type: string";
    let model = build(body);
    let TypeRef::Named(id) = &field(&model, "CreateThing", "card").ty else {
        panic!()
    };
    let def = model.types.get(id).unwrap();
    assert_eq!(def.name, "CreateThingCard");
    let TypeKind::Union(UnionDef::Untagged { variants }) = &def.kind else {
        panic!()
    };
    let names: Vec<_> = variants.iter().map(|v| v.rust_name.as_str()).collect();
    assert_eq!(names, ["Details", "Id"]);
    assert!(model
        .types
        .iter()
        .any(|d| d.name == "CreateThingCardDetails"));
}

/// `spec` plus a `default` response whose schema is `error`, an envelope
/// around `error_detail`: Stripe's error shape.
fn with_default_error(spec: String) -> String {
    spec.replacen(
        "components:\n  schemas:\n",
        "        default:
          description: failure
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/error'
components:
  schemas:
    error:
      type: object
      properties:
        error:
          $ref: '#/components/schemas/error_detail'
    error_detail:
      type: object
      properties:
        message: {type: string}
",
        1,
    )
}

#[test]
fn default_responses_are_the_runtime_error_not_types() {
    let model = model_of_str(&with_default_error(spec("", THING)), CONFIG)
        .expect("builds without a rename: nothing claims the runtime's `Error`");
    let ids: Vec<&str> = model.types.iter().map(|d| d.id.0.as_str()).collect();
    assert!(ids.contains(&"#/components/schemas/thing"), "{ids:?}");
    for unreached in [
        "#/components/schemas/error",
        "#/components/schemas/error_detail",
    ] {
        assert!(!ids.contains(&unreached), "{unreached} converted: {ids:?}");
    }
}

#[test]
fn a_type_the_error_envelope_shares_is_kept_when_a_success_reaches_it() {
    let response = "                $ref: '#/components/schemas/error_detail'";
    let model = model_of_str(&with_default_error(spec("", response)), CONFIG).expect("builds");
    let names: Vec<&str> = model.types.iter().map(|d| d.name.as_str()).collect();
    assert!(names.contains(&"ErrorDetail"), "{names:?}");
    assert!(!names.contains(&"Error"), "{names:?}");
}

#[test]
fn format_decimal_strings_are_decimals_in_requests_and_responses() {
    let body = "                unit_amount_decimal: {type: string, format: decimal}\n                flat_amount_decimal:\n                  anyOf:\n                    - {type: string, format: decimal}\n                    - type: string\n                      enum: ['']\n                tiers:\n                  type: array\n                  items: {type: string, format: decimal}\n                name: {type: string}";
    let response = "                type: object\n                title: priced\n                properties:\n                  rate: {type: string, format: decimal}\n                  maybe: {type: string, format: decimal, nullable: true}\n                  other: {type: string, format: decimalish}";
    let model = model_of_str(&spec(body, response), CONFIG).expect("builds");
    let ty = |owner: &str, wire: &str| field(&model, owner, wire).ty.to_string();
    assert_eq!(ty("CreateThing", "unit_amount_decimal"), "decimal");
    assert_eq!(
        ty("CreateThing", "flat_amount_decimal"),
        "clearable<decimal>",
        "`''` still clears a decimal"
    );
    assert_eq!(ty("CreateThing", "tiers"), "array<decimal>");
    assert_eq!(ty("CreateThing", "name"), "string");
    let owner = model
        .types
        .iter()
        .find(|d| {
            matches!(&d.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.wire_name == "rate"))
        })
        .expect("the response struct");
    assert!(owner.usage.is_response());
    assert_eq!(ty(&owner.name, "rate"), "decimal");
    assert_eq!(ty(&owner.name, "maybe"), "decimal");
    assert!(field(&model, &owner.name, "maybe").nullable);
    // Only `format: decimal` is a decimal.
    assert_eq!(ty(&owner.name, "other"), "string");
}
