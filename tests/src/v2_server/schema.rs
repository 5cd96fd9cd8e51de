//! OpenAPI 3.0 schemas as JSON Schema (draft 2020-12) documents the
//! `jsonschema` crate compiles: every component schema reached through `$ref`
//! is copied under `$defs` (so a document stands alone and cycles stay
//! references), `nullable: true` becomes a `null` type or a `null` branch, and
//! OpenAPI-only keywords are dropped.
//!
//! Request schemas are closed: an object that declares `properties` and says
//! nothing of `additionalProperties` refuses members it does not declare, as
//! Stripe refuses unknown parameters. Response schemas stay open.

use serde_json::{Map, Value};

use super::spec::{escape, COMPONENT_PREFIX};

/// Which way a schema is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Request,
    Response,
}

/// A stand-alone JSON Schema document for `schema`, whose `$ref`s name
/// `schemas` (the spec's component schemas).
pub fn document(schema: &Value, schemas: &Map<String, Value>, side: Side) -> Value {
    let mut converter = Converter {
        schemas,
        side,
        queue: Vec::new(),
        defs: Map::new(),
    };
    let mut root = converter.convert(schema);
    while let Some(name) = converter.queue.pop() {
        if converter.defs.contains_key(&name) {
            continue;
        }
        // Reserve the name first: a schema that refers to itself is queued once.
        converter.defs.insert(name.clone(), Value::Null);
        let converted = match schemas.get(&name) {
            Some(target) => converter.convert(target),
            // A dangling reference validates nothing rather than everything.
            None => Value::Bool(false),
        };
        converter.defs.insert(name, converted);
    }
    if !converter.defs.is_empty() {
        let defs = std::mem::take(&mut converter.defs);
        match &mut root {
            Value::Object(map) => {
                map.insert("$defs".into(), Value::Object(defs));
            }
            other => {
                let inner = std::mem::take(other);
                *other = serde_json::json!({ "allOf": [inner], "$defs": defs });
            }
        }
    }
    root
}

/// A compiled validator of a [`document`].
pub fn compile(document: &Value) -> Result<jsonschema::Validator, String> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(document)
        .map_err(|e| e.to_string())
}

/// Every reason `instance` fails `validator`, each led by the JSON pointer of
/// the failing value under `prefix` (e.g. `body`), in the validator's order.
pub fn reasons(validator: &jsonschema::Validator, instance: &Value, prefix: &str) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|error| {
            let pointer = error.instance_path().to_string();
            let pointer = if pointer.is_empty() { "/" } else { &pointer };
            format!("{prefix} {pointer}: {error}")
        })
        .collect()
}

struct Converter<'a> {
    schemas: &'a Map<String, Value>,
    side: Side,
    queue: Vec<String>,
    defs: Map<String, Value>,
}

impl Converter<'_> {
    fn convert(&mut self, schema: &Value) -> Value {
        let Value::Object(source) = schema else {
            return schema.clone();
        };
        let mut out = Map::new();
        for (key, value) in source {
            match key.as_str() {
                "$ref" => {
                    let reference = value.as_str().unwrap_or_default();
                    match reference.strip_prefix(COMPONENT_PREFIX) {
                        Some(name) if self.schemas.contains_key(name) => {
                            self.queue.push(name.to_owned());
                            out.insert(key.clone(), format!("#/$defs/{}", escape(name)).into());
                        }
                        _ => {
                            out.insert("not".into(), serde_json::json!({}));
                        }
                    }
                }
                "properties" => {
                    let properties = value
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(name, member)| (name.clone(), self.convert(member)))
                        .collect();
                    out.insert(key.clone(), Value::Object(properties));
                }
                "items" | "not" => {
                    out.insert(key.clone(), self.convert(value));
                }
                "additionalProperties" => {
                    let converted = if value.is_object() {
                        self.convert(value)
                    } else {
                        value.clone()
                    };
                    out.insert(key.clone(), converted);
                }
                "oneOf" | "anyOf" | "allOf" => {
                    let list = value
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|alternative| self.convert(alternative))
                        .collect();
                    out.insert(key.clone(), Value::Array(list));
                }
                // OpenAPI's own keywords: annotations JSON Schema does not know.
                "nullable" | "discriminator" | "example" | "xml" | "externalDocs"
                | "description" | "title" => {}
                _ if key.starts_with("x-") => {}
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        // OpenAPI 3.0's boolean exclusive bounds.
        for (exclusive, bound) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            if let Some(Value::Bool(on)) = out.get(exclusive).cloned() {
                out.remove(exclusive);
                if on {
                    if let Some(limit) = out.remove(bound) {
                        out.insert(exclusive.into(), limit);
                    }
                }
            }
        }
        let declares_members = out.contains_key("properties");
        if self.side == Side::Request
            && declares_members
            && !out.contains_key("additionalProperties")
        {
            out.insert("additionalProperties".into(), Value::Bool(false));
        }
        if source.get("nullable").and_then(Value::as_bool) == Some(true) {
            return nullable(out);
        }
        Value::Object(out)
    }
}

/// `schema` or `null`: a `null` type beside a single type (and `null` in its
/// enum); else `null`, or if not `null` the schema (an `if`/`else` rather
/// than an `anyOf`, so that a wrong value deep inside is reported where it is).
fn nullable(mut schema: Map<String, Value>) -> Value {
    if let Some(Value::String(kind)) = schema.get("type").cloned() {
        schema.insert("type".into(), serde_json::json!([kind, "null"]));
        if let Some(Value::Array(values)) = schema.get_mut("enum") {
            if !values.contains(&Value::Null) {
                values.push(Value::Null);
            }
        }
        return Value::Object(schema);
    }
    serde_json::json!({ "if": { "type": "null" }, "else": Value::Object(schema) })
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Map, Value};

    use super::{compile, document, reasons, Side};

    fn components() -> Map<String, Value> {
        let spec = json!({
            "node": {"type": "object", "required": ["name"], "properties": {
                "name": {"type": "string"},
                "child": {"$ref": "#/components/schemas/node", "nullable": true},
            }},
            "mood": {"type": "string", "enum": ["calm", "busy"], "nullable": true},
        });
        spec.as_object().cloned().unwrap_or_default()
    }

    fn check(schema: Value, side: Side, instance: Value) -> Vec<String> {
        let validator = compile(&document(&schema, &components(), side)).expect("compiles");
        reasons(&validator, &instance, "body")
    }

    #[test]
    fn nullable_types_enums_and_refs_take_null() {
        let schema = json!({"type": "object", "properties": {
            "count": {"type": "integer", "nullable": true},
            "mood": {"$ref": "#/components/schemas/mood"},
            "tree": {"$ref": "#/components/schemas/node"},
        }});
        let all_null = json!({"count": null, "mood": null, "tree": {"name": "a", "child": null}});
        assert!(check(schema.clone(), Side::Request, all_null).is_empty());
        let wrong = json!({"count": "1", "mood": "sad", "tree": {"child": {"name": 1}}});
        let found = check(schema, Side::Request, wrong);
        for pointer in ["/count", "/mood", "/tree:", "/tree/child/name"] {
            assert!(
                found.iter().any(|r| r.contains(pointer)),
                "{pointer}: {found:#?}"
            );
        }
    }

    #[test]
    fn not_nullable_refuses_null() {
        let schema = json!({"type": "string"});
        assert_eq!(check(schema, Side::Request, Value::Null).len(), 1);
    }

    #[test]
    fn requests_are_closed_and_responses_open() {
        let schema = json!({"type": "object", "properties": {"a": {"type": "string"}}});
        let extra = json!({"a": "x", "b": 1});
        assert_eq!(check(schema.clone(), Side::Request, extra.clone()).len(), 1);
        assert!(check(schema, Side::Response, extra).is_empty());
        let map =
            json!({"type": "object", "additionalProperties": {"type": "string", "nullable": true}});
        assert!(check(map, Side::Request, json!({"k": null, "j": "v"})).is_empty());
    }

    #[test]
    fn a_dangling_ref_validates_nothing() {
        let schema = json!({"$ref": "#/components/schemas/absent"});
        assert_eq!(check(schema, Side::Response, json!({})).len(), 1);
    }
}
