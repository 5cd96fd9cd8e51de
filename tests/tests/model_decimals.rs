//! Every `type: string, format: decimal` property of each upstream spec is a `Decimal` in the
//! whole-API model (`spec/full-api.config.yaml`), and nothing else is: for each struct of the model,
//! its fields are looked up in the spec at the struct's own pointer (its `TypeId`: a schema's
//! `properties`, or an operation's `parameters` for its query struct), and a field
//! holds a decimal (alone, clearable, in an array or a map) exactly when the spec's property is
//! `format: decimal` (alone, in an `anyOf`/`oneOf`, or as array items); fields of merged shapes
//! count once. Skipped with a notice when
//! `../shared/upstream/` is absent (failing under `CI=true`).

use generator::ir::{Model, TypeKind, TypeRef};
use serde_json::Value;

/// Whether `ty` holds a decimal, directly or through `Clearable`, `Array` or `Map`.
fn holds_decimal(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Decimal => true,
        TypeRef::Clearable(inner) | TypeRef::Array(inner) | TypeRef::Map(inner) => {
            holds_decimal(inner)
        }
        _ => false,
    }
}

/// Whether the property schema `schema` is `format: decimal`, alone, as an alternative of
/// `anyOf`/`oneOf`, or as its items.
fn is_decimal(schema: &Value) -> bool {
    if schema.get("format").and_then(Value::as_str) == Some("decimal") {
        return true;
    }
    let alternatives = ["anyOf", "oneOf"]
        .iter()
        .filter_map(|k| schema.get(*k).and_then(Value::as_array))
        .flatten();
    let items = schema.get("items");
    alternatives.chain(items).any(is_decimal)
}

/// `(decimal fields, other fields, structs not found at their pointer)` of `model` in `spec`,
/// and every field whose type and spec disagree.
fn check(model: &Model, spec: &Value) -> (usize, usize, usize, Vec<String>) {
    let (mut decimals, mut others, mut unplaced) = (0, 0, 0);
    let mut wrong = Vec::new();
    for def in model.types.iter() {
        let TypeKind::Struct(s) = &def.kind else {
            continue;
        };
        let pointer = def.id.as_str().trim_start_matches('#');
        // A schema's `properties`, or an operation's `parameters` (its query struct) by name.
        let properties = match spec.pointer(pointer) {
            Some(Value::Array(parameters)) => Some(
                parameters
                    .iter()
                    .filter_map(|p| {
                        Some((
                            p.get("name")?.as_str()?.to_owned(),
                            p.get("schema")?.clone(),
                        ))
                    })
                    .collect::<serde_json::Map<String, Value>>(),
            ),
            Some(schema) => schema.get("properties").and_then(Value::as_object).cloned(),
            None => None,
        };
        let Some(properties) = properties else {
            unplaced += 1;
            eprintln!("not at its pointer: {}", def.id);
            continue;
        };
        for field in &s.fields {
            let Some(property) = properties.get(&field.wire_name) else {
                continue;
            };
            let in_spec = is_decimal(property);
            let in_model = holds_decimal(&field.ty);
            if in_spec != in_model {
                wrong.push(format!(
                    "{}.{} ({}): spec decimal {in_spec}, model {}",
                    def.name, field.wire_name, def.id, field.ty
                ));
            }
            if in_model {
                decimals += 1;
            } else {
                others += 1;
            }
        }
    }
    (decimals, others, unplaced, wrong)
}

#[test]
fn every_decimal_property_of_each_upstream_spec_is_a_decimal_field() {
    let config = workspace_tests::root().join("spec/full-api.config.yaml");
    for version in workspace_tests::UPSTREAM_VERSIONS {
        let Some(path) =
            workspace_tests::upstream_of(version, workspace_tests::upstream_spec_file(version))
        else {
            continue;
        };
        let model = workspace_tests::model_of(&path, &config)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // YAML is a superset of JSON: one reader for both files.
        let text = std::fs::read_to_string(&path).expect("the spec reads");
        let spec: Value = serde_yaml::from_str(&text).expect("the spec parses");
        let (decimals, others, unplaced, wrong) = check(&model, &spec);
        eprintln!(
            "{version}: {decimals} decimal fields, {others} other fields checked; \
             {unplaced} structs not at their pointer"
        );
        assert!(wrong.is_empty(), "{version}:\n{}", wrong.join("\n"));
        assert_eq!(
            unplaced, 0,
            "{version}: every struct is found at its pointer"
        );
        assert!(decimals >= 20, "{version}: only {decimals} decimal fields");
        assert!(others > 10 * decimals, "{version}: {others} other fields");
    }
}

#[test]
fn the_check_tells_decimals_from_strings() {
    let spec = serde_json::json!({"components": {"schemas": {"price": {"properties": {
        "unit_amount_decimal": {"type": "string", "format": "decimal"},
        "flat": {"anyOf": [{"type": "string", "format": "decimal"}, {"type": "string", "enum": [""]}]},
        "tiers": {"type": "array", "items": {"type": "string", "format": "decimal"}},
        "nickname": {"type": "string"}
    }}}}});
    let properties = &spec["components"]["schemas"]["price"]["properties"];
    let decimal: Vec<bool> = ["unit_amount_decimal", "flat", "tiers", "nickname"]
        .iter()
        .map(|name| is_decimal(&properties[name]))
        .collect();
    assert_eq!(decimal, [true, true, true, false]);
    assert!(holds_decimal(&TypeRef::Clearable(Box::new(
        TypeRef::Decimal
    ))));
    assert!(!holds_decimal(&TypeRef::String));
}
