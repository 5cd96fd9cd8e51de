//! Enum values and union variants named as a fallback variant the emitter
//! writes itself (`Unrecognized` for enums, `Unknown` for unions) are settled
//! by the rule of ARCHITECTURE.md, "Name clashes": the value or variant is
//! suffixed (`UnrecognizedValue`, `UnknownVariant`), again while another one
//! holds the suffixed name, and the fallback keeps its name. On a small spec
//! of our own: the 2026-01-28 spec lists `unrecognized` as a dispute reason.

use generator::ir::{Model, TypeKind, UnionDef};
use workspace_tests::model_of_str;

const SPEC: &str = r##"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
  "servers": [{"url": "https://api.example.com/"}],
  "paths": {
    "/v1/things": {"post": {
      "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {
        "type": "object", "properties": {
          "reason": {"type": "string", "enum": ["unrecognized", "other"]}}}}}},
      "responses": {"200": {"description": "ok", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/thing"}}}}}}}
  },
  "components": {"schemas": {
    "thing": {"type": "object", "properties": {
      "reason": {"type": "string", "enum": ["unrecognized", "fraudulent"]},
      "twice": {"type": "string", "enum": ["unrecognized_value", "unrecognized"]},
      "source": {"anyOf": [
        {"$ref": "#/components/schemas/unknown"},
        {"$ref": "#/components/schemas/card"}]},
      "loose": {"anyOf": [
        {"$ref": "#/components/schemas/unknown"},
        {"type": "string"}]}}},
    "unknown": {"type": "object", "properties": {
      "object": {"type": "string", "enum": ["unknown"]}}},
    "card": {"type": "object", "properties": {
      "object": {"type": "string", "enum": ["card"]}}}
  }}}"##;

const CONFIG: &str = "crate: {name: x, version: 0.1.0, description: d}\noperations: all\n";

fn model() -> Model {
    model_of_str(SPEC, CONFIG).unwrap_or_else(|e| panic!("reserved names are settled: {e}"))
}

/// `(wire, rust name)` of the enum at `pointer`.
fn values(model: &Model, pointer: &str) -> Vec<(String, String)> {
    let def = model
        .types
        .types
        .values()
        .find(|d| d.id.0 == pointer || d.merged.iter().any(|m| m.0 == pointer))
        .unwrap_or_else(|| panic!("{pointer} is a type"));
    let TypeKind::Enum(e) = &def.kind else {
        panic!("{pointer} is an enum")
    };
    e.values
        .iter()
        .map(|v| (v.wire.clone(), v.rust_name.clone()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(w, r)| ((*w).to_owned(), (*r).to_owned()))
        .collect()
}

#[test]
fn an_enum_value_named_as_the_fallback_is_suffixed() {
    let model = model();
    assert_eq!(
        values(&model, "#/components/schemas/thing/properties/reason"),
        pairs(&[
            ("unrecognized", "UnrecognizedValue"),
            ("fraudulent", "Fraudulent")
        ])
    );
    // A request enum follows the same rule.
    let request = model
        .types
        .types
        .values()
        .find(
            |d| matches!(&d.kind, TypeKind::Enum(e) if e.values.iter().any(|v| v.wire == "other")),
        )
        .expect("the request's enum");
    let TypeKind::Enum(e) = &request.kind else {
        unreachable!()
    };
    assert_eq!(e.values[0].rust_name, "UnrecognizedValue");
}

#[test]
fn a_suffixed_name_another_value_holds_is_suffixed_again() {
    assert_eq!(
        values(&model(), "#/components/schemas/thing/properties/twice"),
        pairs(&[
            ("unrecognized_value", "UnrecognizedValue"),
            ("unrecognized", "UnrecognizedValueValue"),
        ])
    );
}

#[test]
fn a_union_variant_named_as_the_fallback_is_suffixed() {
    let model = model();
    let union = |field: &str| {
        let pointer = format!("#/components/schemas/thing/properties/{field}");
        let def = model
            .types
            .types
            .values()
            .find(|d| d.id.0 == pointer)
            .unwrap_or_else(|| panic!("{pointer} is a type"));
        match &def.kind {
            TypeKind::Union(u) => u.clone(),
            other => panic!("{pointer} is a union: {other:?}"),
        }
    };
    let UnionDef::Tagged { variants } = union("source") else {
        panic!("`source` is tagged by `object`")
    };
    let names: Vec<_> = variants.iter().map(|v| v.rust_name.as_str()).collect();
    assert_eq!(names, ["UnknownVariant", "Card"]);
    let UnionDef::Untagged { variants } = union("loose") else {
        panic!("`loose` is untagged")
    };
    assert_eq!(variants[0].rust_name, "UnknownVariant");
}

#[test]
fn the_crate_emits_with_both_fallbacks_and_the_suffixed_names() {
    let spec = workspace_tests::root().join("target/reserved-names-input");
    std::fs::create_dir_all(&spec).expect("target/ is writable");
    std::fs::write(spec.join("spec.json"), SPEC).expect("spec written");
    std::fs::write(spec.join("config.yaml"), CONFIG).expect("config written");
    let files = generator::pipeline::generate(
        &spec.join("spec.json"),
        &spec.join("config.yaml"),
        &workspace_tests::root().join("templates"),
        &spec,
    )
    .unwrap_or_else(|e| panic!("the crate emits: {e}"));
    let thing = files
        .iter()
        .find(|f| f.path.ends_with("resources/thing.rs"))
        .expect("the thing module");
    for needle in [
        "UnrecognizedValue,",
        "Unrecognized(",
        "UnknownVariant(",
        "Unknown(",
        "\"unrecognized\"",
    ] {
        assert!(
            thing.contents.contains(needle),
            "`{needle}` in:\n{}",
            thing.contents
        );
    }
}
