//! Response bodies made from a response schema: every member (required and
//! optional), the first value of each enum, the first alternative of each
//! union, one item per array and per map, and strings shaped by their format
//! (`date-time` as RFC 3339) or their member's name (`id`, `*url`, `*email`).
//! Deterministic: the same schema gives the same bytes. Bounded: a `$ref`
//! already being made, or nesting past [`MAX_DEPTH`], ends in the smallest
//! value of its type (`null` when nullable).

use serde_json::{Map, Value};

use super::spec::{resolve, COMPONENT_PREFIX};

/// How deep schemas nest before synthesis stops descending.
pub const MAX_DEPTH: usize = 24;

/// The timestamp every `date-time` string gets.
pub const DATE_TIME: &str = "2026-01-28T12:34:56.789Z";

/// Which members of an object are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// Every declared member.
    All,
    /// Only the required ones (for the smallest request an operation allows).
    Required,
}

/// A value of `schema`, whose `$ref`s name `schemas`, every member made.
pub fn value(schema: &Value, schemas: &Map<String, Value>) -> Value {
    counted(schema, schemas, Fill::All).0
}

/// A value of `schema` with the members `fill` names, and how many times
/// synthesis stopped descending (a `$ref` cycle or [`MAX_DEPTH`]): 0 means
/// every level is there.
pub fn counted(schema: &Value, schemas: &Map<String, Value>, fill: Fill) -> (Value, usize) {
    let mut synth = Synth {
        schemas,
        fill,
        stack: Vec::new(),
        ids: 0,
        cuts: 0,
    };
    let value = synth.make(schema, "value", 0);
    (value, synth.cuts)
}

/// An error body of the component `schema_name` (a `v2.error*` schema) with
/// `error.code` set to `code` and a message naming it.
pub fn error_body(schema_name: &str, code: &str, schemas: &Map<String, Value>) -> Value {
    let reference = Value::String(format!("{COMPONENT_PREFIX}{schema_name}"));
    let mut body = value(&serde_json::json!({ "$ref": reference }), schemas);
    if let Some(error) = body.get_mut("error").and_then(Value::as_object_mut) {
        error.insert("code".into(), code.into());
        error.insert(
            "message".into(),
            format!("The check server answers `{code}` as asked.").into(),
        );
    }
    body
}

/// The HTTP status an error code is answered with: Stripe's documented
/// classes (not found 404, rate limits 429, idempotency conflicts 409,
/// authentication 401, permissions 403), else 400.
pub fn status_for(code: &str) -> u16 {
    if code == "not_found" || code.ends_with("_not_found") {
        404
    } else if code.contains("rate_limit") {
        429
    } else if code.starts_with("idempotency") {
        409
    } else if code.contains("authentication") || code.ends_with("_expired") {
        401
    } else if code.contains("permission") {
        403
    } else {
        400
    }
}

struct Synth<'a> {
    schemas: &'a Map<String, Value>,
    fill: Fill,
    /// The `$ref`s being made, outermost first.
    stack: Vec<String>,
    /// How many `id`s were made: each gets its own.
    ids: usize,
    /// How many times synthesis stopped descending.
    cuts: usize,
}

impl Synth<'_> {
    fn make(&mut self, schema: &Value, hint: &str, depth: usize) -> Value {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let Some(target) = resolve(self.schemas, reference) else {
                return Value::Null;
            };
            if depth >= MAX_DEPTH || self.stack.iter().any(|r| r == reference) {
                self.cuts += 1;
                return smallest(target);
            }
            self.stack.push(reference.to_owned());
            let made = self.make(target, hint, depth + 1);
            self.stack.pop();
            return made;
        }
        if depth >= MAX_DEPTH {
            self.cuts += 1;
            return smallest(schema);
        }
        for union in ["oneOf", "anyOf"] {
            if let Some(first) = schema
                .get(union)
                .and_then(Value::as_array)
                .and_then(|a| a.first())
            {
                return self.make(first, hint, depth + 1);
            }
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            let mut merged = Map::new();
            for part in parts {
                if let Value::Object(made) = self.make(part, hint, depth + 1) {
                    merged.extend(made);
                }
            }
            return Value::Object(merged);
        }
        if let Some(first) = schema
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|values| values.iter().find(|v| !v.is_null()))
        {
            return first.clone();
        }
        match kind(schema) {
            "object" => self.object(schema, depth),
            "array" => {
                let items = schema.get("items").unwrap_or(&Value::Null);
                Value::Array(vec![self.make(items, hint, depth + 1)])
            }
            "string" => self.string(schema, hint),
            "integer" => schema
                .get("minimum")
                .and_then(Value::as_i64)
                .map_or(Value::from(1), Value::from),
            "number" => Value::from(1.5),
            "boolean" => Value::Bool(true),
            _ => Value::Null,
        }
    }

    fn object(&mut self, schema: &Value, depth: usize) -> Value {
        let mut object = Map::new();
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, member) in properties {
                if self.fill == Fill::Required && !required.contains(&name.as_str()) {
                    continue;
                }
                let made = self.make(member, name, depth + 1);
                object.insert(name.clone(), made);
            }
        }
        if let Some(values @ Value::Object(_)) = schema.get("additionalProperties") {
            let made = self.make(values, "key", depth + 1);
            object.insert("check_key".into(), made);
        }
        Value::Object(object)
    }

    fn string(&mut self, schema: &Value, hint: &str) -> Value {
        let text = match schema.get("format").and_then(Value::as_str) {
            Some("date-time") => DATE_TIME.to_owned(),
            Some("date") => DATE_TIME[..10].to_owned(),
            Some("decimal") => "12.34".to_owned(),
            Some("int64") => "1234567890123".to_owned(),
            _ if hint == "id" => {
                self.ids += 1;
                format!("check_id_{:04}", self.ids)
            }
            _ if hint.ends_with("url") => format!("https://example.com/check/{hint}"),
            _ if hint.contains("email") => "check@example.com".to_owned(),
            _ => format!("check_{hint}"),
        };
        Value::String(text)
    }
}

fn kind(schema: &Value) -> &str {
    match schema.get("type").and_then(Value::as_str) {
        Some(kind) => kind,
        None if schema.get("properties").is_some() => "object",
        None => "",
    }
}

/// The smallest value of a schema, where synthesis stops descending.
fn smallest(schema: &Value) -> Value {
    if schema.get("nullable").and_then(Value::as_bool) == Some(true) {
        return Value::Null;
    }
    match kind(schema) {
        "object" => Value::Object(Map::new()),
        "array" => Value::Array(Vec::new()),
        "string" => Value::String(String::new()),
        "integer" => Value::from(0),
        "number" => Value::from(0.0),
        "boolean" => Value::Bool(false),
        _ => Value::Null,
    }
}
