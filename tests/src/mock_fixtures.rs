//! A fixtures file for stripe-mock with an object for every resource of the
//! spec. stripe-mock answers a request with the fixture of the response's
//! resource (its `resources` map is keyed by a schema's `x-resourceId`); when
//! Stripe's fixtures file has none for a resource, stripe-mock accepts the
//! request, then fails to answer it (it logs `Missing fixture for: <id>` and
//! closes the connection). [`augment`] adds, for each resource the fixtures
//! lack, an object made from that resource's component schema: its required
//! properties filled by type, format and enum, `object` set to the resource's
//! tag and `id` a prefixed id. It is written under `target/` at test time:
//! nothing of the upstream files enters the repository.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// From this depth of references and nested objects on, a nullable value is
/// `null` and an array empty (an expandable field is always an id).
pub const SOFT_DEPTH: usize = 8;
/// Deeper than this is an error: the input never drives the recursion
/// further.
pub const MAX_DEPTH: usize = 32;

/// What went wrong, with the JSON pointer into the spec (or the file) where.
#[derive(Debug, thiserror::Error)]
pub enum FixtureError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not JSON: {source}")]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("the fixtures have no object `resources`")]
    NoResources,
    #[error("the spec has no object at /components/schemas")]
    NoSchemas,
    #[error("{pointer}: `$ref` {target} does not name a component schema")]
    BadRef { pointer: String, target: String },
    #[error("{pointer}: a required value nests deeper than {MAX_DEPTH}")]
    TooDeep { pointer: String },
    #[error("{pointer}: `{keyword}` is empty")]
    EmptyAlternatives {
        pointer: String,
        keyword: &'static str,
    },
    #[error("{pointer}: type `{kind}` is not one a fixture can be made of")]
    UnknownType { pointer: String, kind: String },
}

/// The fixtures file written by [`augment`].
#[derive(Debug)]
pub struct Augmented {
    /// `<dir>/fixtures.json`.
    pub path: PathBuf,
    /// The resources that got a synthesised object, sorted.
    pub synthesised: Vec<String>,
}

/// Writes `<dir>/fixtures.json`: `fixtures` (Stripe's file) plus an object
/// for every resource of `spec` (JSON) that it lacks.
pub fn augment(spec: &Path, fixtures: &Path, dir: &Path) -> Result<Augmented, FixtureError> {
    let spec = read_json(spec)?;
    let mut fixtures = read_json(fixtures)?;
    let synthesised = add_missing(&spec, &mut fixtures)?;
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| FixtureError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let path = dir.join("fixtures.json");
    // Written under a name of its own and renamed: a test running at the same
    // time never reads a half-written file.
    let partial = dir.join(format!("fixtures.json.{}", std::process::id()));
    let text = serde_json::to_vec(&fixtures).expect("a JSON value serialises");
    std::fs::write(&partial, text).map_err(io(&partial))?;
    std::fs::rename(&partial, &path).map_err(io(&path))?;
    Ok(Augmented { path, synthesised })
}

/// Adds to `fixtures["resources"]` an object for every `x-resourceId` of
/// `spec`'s component schemas that it lacks; returns those ids, sorted.
pub fn add_missing(spec: &Value, fixtures: &mut Value) -> Result<Vec<String>, FixtureError> {
    let schemas = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .ok_or(FixtureError::NoSchemas)?;
    let resources = fixtures
        .get_mut("resources")
        .and_then(Value::as_object_mut)
        .ok_or(FixtureError::NoResources)?;
    let mut missing = BTreeMap::new();
    for (name, schema) in schemas {
        if let Some(id) = schema.get("x-resourceId").and_then(Value::as_str) {
            if !resources.contains_key(id) {
                missing.insert(id.to_owned(), name.clone());
            }
        }
    }
    let synth = Synth { schemas };
    let mut made = Vec::new();
    for (id, name) in missing {
        let object = synth.resource(&name)?;
        resources.insert(id.clone(), object);
        made.push(id);
    }
    Ok(made)
}

fn read_json(path: &Path) -> Result<Value, FixtureError> {
    let text = std::fs::read(path).map_err(|source| FixtureError::Io {
        path: path.to_owned(),
        source,
    })?;
    serde_json::from_slice(&text).map_err(|source| FixtureError::Json {
        path: path.to_owned(),
        source,
    })
}

/// Makes values from the component schemas.
struct Synth<'a> {
    schemas: &'a Map<String, Value>,
}

impl Synth<'_> {
    /// The object of the resource schema `name`.
    fn resource(&self, name: &str) -> Result<Value, FixtureError> {
        let pointer = format!("/components/schemas/{}", escape(name));
        self.resource_value(name, &self.schemas[name], &pointer, "", 0)
    }

    /// A value of the component schema `name`: a resource (one with an
    /// `x-resourceId`) gets its tag as `object` and a prefixed `id`.
    fn resource_value(
        &self,
        name: &str,
        schema: &Value,
        pointer: &str,
        property: &str,
        depth: usize,
    ) -> Result<Value, FixtureError> {
        let mut value = self.value(schema, pointer, property, depth)?;
        if schema.get("x-resourceId").is_none() {
            return Ok(value);
        }
        let tag = tag_of(schema).unwrap_or(name).to_owned();
        if let Value::Object(fields) = &mut value {
            if fields.contains_key("id") || has_property(schema, "id") {
                fields.insert("id".into(), prefixed_id(&tag).into());
            }
            fields.insert("object".into(), tag.into());
        }
        Ok(value)
    }

    /// A value of `schema` (at `pointer`; `name` is the property it fills).
    fn value(
        &self,
        schema: &Value,
        pointer: &str,
        name: &str,
        depth: usize,
    ) -> Result<Value, FixtureError> {
        if depth > MAX_DEPTH {
            return Err(FixtureError::TooDeep {
                pointer: pointer.to_owned(),
            });
        }
        if depth >= SOFT_DEPTH && schema.get("nullable") == Some(&Value::Bool(true)) {
            return Ok(Value::Null);
        }
        if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
            let (name_of, target_schema) = self.deref(target, pointer)?;
            let at = format!("/components/schemas/{}", escape(name_of));
            return self.resource_value(name_of, target_schema, &at, name, depth + 1);
        }
        if let Some(first) = schema
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|e| e.first())
        {
            return Ok(first.clone());
        }
        for keyword in ["anyOf", "oneOf"] {
            if let Some(alternatives) = schema.get(keyword).and_then(Value::as_array) {
                if let Some(resource) = id_alternative(schema) {
                    return Ok(self.id_for(resource).into());
                }
                let first =
                    alternatives
                        .first()
                        .ok_or_else(|| FixtureError::EmptyAlternatives {
                            pointer: format!("{pointer}/{keyword}"),
                            keyword,
                        })?;
                return self.value(first, &format!("{pointer}/{keyword}/0"), name, depth + 1);
            }
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            let mut merged = Map::new();
            for (i, part) in parts.iter().enumerate() {
                match self.value(part, &format!("{pointer}/allOf/{i}"), name, depth + 1)? {
                    Value::Object(fields) => merged.extend(fields),
                    // A part that is not an object is the value itself.
                    other => return Ok(other),
                }
            }
            return Ok(Value::Object(merged));
        }
        let kind = schema.get("type").and_then(Value::as_str);
        let format = schema.get("format").and_then(Value::as_str);
        Ok(match kind {
            Some("string") => Value::String(string_value(schema, name, format)),
            Some("integer") if format == Some("unix-time") => 1_700_000_000.into(),
            Some("integer") => 1.into(),
            Some("number") => 1.5.into(),
            Some("boolean") => false.into(),
            Some("array") => match schema.get("items") {
                Some(items) if depth < SOFT_DEPTH => {
                    vec![self.value(items, &format!("{pointer}/items"), name, depth + 1)?].into()
                }
                _ => Value::Array(Vec::new()),
            },
            Some("object") | None => self.object(schema, pointer, depth)?,
            Some(other) => {
                return Err(FixtureError::UnknownType {
                    pointer: pointer.to_owned(),
                    kind: other.to_owned(),
                })
            }
        })
    }

    /// An object with every required property of `schema` (a map gets no
    /// keys).
    fn object(&self, schema: &Value, pointer: &str, depth: usize) -> Result<Value, FixtureError> {
        let mut fields = Map::new();
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            return Ok(Value::Object(fields));
        };
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for (key, property) in properties {
            if required.contains(&key.as_str()) {
                let at = format!("{pointer}/properties/{}", escape(key));
                fields.insert(key.clone(), self.value(property, &at, key, depth + 1)?);
            }
        }
        Ok(Value::Object(fields))
    }

    /// The schema `#/components/schemas/<name>` names.
    fn deref<'s>(
        &'s self,
        target: &str,
        pointer: &str,
    ) -> Result<(&'s str, &'s Value), FixtureError> {
        target
            .strip_prefix("#/components/schemas/")
            .map(unescape)
            .and_then(|name| self.schemas.get_key_value(name.as_str()))
            .map(|(name, schema)| (name.as_str(), schema))
            .ok_or_else(|| FixtureError::BadRef {
                pointer: format!("{pointer}/$ref"),
                target: target.to_owned(),
            })
    }

    /// The id of an object of the schema `target` (a `$ref`) names.
    fn id_for(&self, target: &str) -> String {
        let tag = target
            .strip_prefix("#/components/schemas/")
            .map(unescape)
            .and_then(|name| {
                self.schemas
                    .get(name.as_str())
                    .and_then(tag_of)
                    .map(str::to_owned)
                    .or(Some(name))
            })
            .unwrap_or_else(|| target.to_owned());
        prefixed_id(&tag)
    }
}

/// For an expandable field (a union of a string and the objects it may
/// expand to): the `$ref` of the object whose id the string is.
fn id_alternative(schema: &Value) -> Option<&str> {
    let alternatives = schema
        .get("anyOf")
        .or_else(|| schema.get("oneOf"))?
        .as_array()?;
    let has_string = alternatives
        .iter()
        .any(|a| a.get("type").and_then(Value::as_str) == Some("string"));
    if !has_string {
        return None;
    }
    alternatives
        .iter()
        .find_map(|a| a.get("$ref").and_then(Value::as_str))
}

/// The value of a resource's `object` field: its only enum value.
fn tag_of(schema: &Value) -> Option<&str> {
    schema
        .pointer("/properties/object/enum/0")
        .and_then(Value::as_str)
        .or_else(|| schema.get("x-resourceId").and_then(Value::as_str))
}

fn has_property(schema: &Value, name: &str) -> bool {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| p.contains_key(name))
}

/// A string for a property `name` of `format`, within `maxLength`.
fn string_value(schema: &Value, name: &str, format: Option<&str>) -> String {
    let mut text = match format {
        Some("decimal") => "1.5".to_owned(),
        Some("date") => "2024-01-01".to_owned(),
        Some("date-time") => "2024-01-01T00:00:00Z".to_owned(),
        Some("uri") | Some("url") => "https://example.com".to_owned(),
        Some("email") => "someone@example.com".to_owned(),
        _ if name.is_empty() => "synthesised".to_owned(),
        _ => format!("synthesised {name}"),
    };
    if let Some(max) = schema.get("maxLength").and_then(Value::as_u64) {
        let max = usize::try_from(max).unwrap_or(usize::MAX);
        if let Some((cut, _)) = text.char_indices().nth(max) {
            text.truncate(cut);
        }
    }
    text
}

/// `<prefix>_<14 characters>`: the prefix from the tag's last dotted part
/// (its first four letters for one word, its initials for several), the
/// rest from a hash of the tag, so the same tag always gets the same id.
pub fn prefixed_id(tag: &str) -> String {
    let last = tag.rsplit('.').next().unwrap_or(tag);
    let words: Vec<&str> = last.split('_').filter(|w| !w.is_empty()).collect();
    let prefix: String = match words.as_slice() {
        [] => "obj".to_owned(),
        [one] => one.chars().take(4).collect(),
        many => many.iter().filter_map(|w| w.chars().next()).collect(),
    };
    // FNV-1a, then base 62.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in tag.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut suffix = String::with_capacity(14);
    for _ in 0..14 {
        suffix.push(char::from(DIGITS[(hash % 62) as usize]));
        hash = (hash / 62) ^ hash.rotate_left(29);
    }
    format!("{prefix}_{suffix}")
}

/// A JSON pointer token for `name`.
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Two resources, one with fixtures and one without; the missing one
    /// names the other as an expandable field, nests an object, a nullable
    /// self-reference, a map and an array of enum values.
    fn tiny_spec() -> Value {
        json!({
            "components": { "schemas": {
                "widget": {
                    "type": "object",
                    "x-resourceId": "widget",
                    "required": ["id", "object", "count", "created", "size", "owner",
                                 "labels", "kinds", "parent", "price", "active", "dims"],
                    "properties": {
                        "id": { "type": "string", "maxLength": 5000 },
                        "object": { "type": "string", "enum": ["widget"] },
                        "count": { "type": "integer" },
                        "created": { "type": "integer", "format": "unix-time" },
                        "size": { "type": "string", "maxLength": 4 },
                        "owner": { "anyOf": [
                            { "type": "string", "maxLength": 5000 },
                            { "$ref": "#/components/schemas/gadget" }
                        ] },
                        "labels": { "type": "object",
                                    "additionalProperties": { "type": "string" } },
                        "kinds": { "type": "array",
                                   "items": { "type": "string", "enum": ["round", "square"] } },
                        "parent": { "nullable": true,
                                    "anyOf": [{ "$ref": "#/components/schemas/widget" }] },
                        "price": { "type": "string", "format": "decimal" },
                        "active": { "type": "boolean" },
                        "dims": { "$ref": "#/components/schemas/dims" },
                        "note": { "type": "string" }
                    }
                },
                "deleted_widget": {
                    "type": "object",
                    "x-resourceId": "deleted_widget",
                    "required": ["deleted", "id", "object"],
                    "properties": {
                        "deleted": { "type": "boolean", "enum": [true] },
                        "id": { "type": "string" },
                        "object": { "type": "string", "enum": ["widget"] }
                    }
                },
                "dims": {
                    "type": "object",
                    "required": ["width"],
                    "properties": { "width": { "type": "number" },
                                    "depth": { "type": "number" } }
                },
                "gadget": {
                    "type": "object",
                    "x-resourceId": "gadget",
                    "properties": { "id": { "type": "string" } }
                }
            } }
        })
    }

    #[test]
    fn only_missing_resources_are_made_from_their_schemas() {
        let gadget = json!({ "id": "gad_1", "object": "gadget" });
        let mut fixtures = json!({ "resources": { "gadget": gadget.clone() } });
        let made = add_missing(&tiny_spec(), &mut fixtures).unwrap();
        assert_eq!(made, ["deleted_widget", "widget"]);
        let resources = &fixtures["resources"];
        assert_eq!(resources["gadget"], gadget, "a fixture Stripe has stays");

        let widget = &resources["widget"];
        let parent = &widget["parent"];
        let keys: Vec<&str> = widget
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert!(
            !keys.contains(&"note"),
            "only required properties: {keys:?}"
        );
        assert_eq!(widget["object"], "widget");
        assert_eq!(widget["id"], prefixed_id("widget"));
        assert!(widget["id"].as_str().unwrap().starts_with("widg_"));
        assert_eq!(widget["count"], 1);
        assert_eq!(widget["created"], 1_700_000_000);
        assert_eq!(widget["size"], "synt", "maxLength is kept");
        assert_eq!(
            widget["owner"],
            prefixed_id("gadget"),
            "an expandable field is an id"
        );
        assert_eq!(widget["labels"], json!({}));
        assert_eq!(widget["kinds"], json!(["round"]));
        assert_eq!(widget["price"], "1.5");
        assert_eq!(widget["active"], false);
        assert_eq!(widget["dims"], json!({ "width": 1.5 }));
        assert_eq!(parent["object"], "widget", "a nested resource has its tag");
        assert_eq!(parent["id"], prefixed_id("widget"), "and a prefixed id");
        // The self-reference is followed until the depth bound, then null.
        let mut depth = 0;
        let mut nested = parent;
        while nested.is_object() {
            nested = &nested["parent"];
            depth += 1;
        }
        assert_eq!(nested, &Value::Null);
        assert!(depth > 0 && depth <= SOFT_DEPTH, "{depth}");

        let deleted = &resources["deleted_widget"];
        assert_eq!(
            deleted["object"], "widget",
            "the tag is the `object` enum value"
        );
        assert_eq!(deleted["deleted"], true);
        assert_eq!(deleted["id"], prefixed_id("widget"));
    }

    #[test]
    fn a_required_cycle_is_an_error_naming_where() {
        let spec = json!({ "components": { "schemas": {
            "loop": { "type": "object", "x-resourceId": "loop", "required": ["next"],
                      "properties": { "next": { "$ref": "#/components/schemas/loop" } } }
        } } });
        let mut fixtures = json!({ "resources": {} });
        let err = add_missing(&spec, &mut fixtures).unwrap_err();
        assert!(matches!(err, FixtureError::TooDeep { .. }), "{err}");
        assert!(
            err.to_string()
                .starts_with("/components/schemas/loop/properties/next"),
            "{err}"
        );
    }

    #[test]
    fn a_dangling_ref_and_missing_maps_are_errors() {
        let spec = json!({ "components": { "schemas": {
            "a": { "type": "object", "x-resourceId": "a", "required": ["b"],
                   "properties": { "b": { "$ref": "#/components/schemas/nowhere" } } }
        } } });
        let mut fixtures = json!({ "resources": {} });
        let err = add_missing(&spec, &mut fixtures).unwrap_err();
        assert_eq!(
            err.to_string(),
            "/components/schemas/a/properties/b/$ref: `$ref` #/components/schemas/nowhere \
             does not name a component schema"
        );
        let err = add_missing(&spec, &mut json!({})).unwrap_err();
        assert!(matches!(err, FixtureError::NoResources), "{err}");
        let err = add_missing(&json!({}), &mut fixtures).unwrap_err();
        assert!(matches!(err, FixtureError::NoSchemas), "{err}");
    }

    #[test]
    fn ids_are_prefixed_and_stable() {
        assert!(prefixed_id("entitlements.feature").starts_with("feat_"));
        assert!(prefixed_id("product_feature").starts_with("pf_"));
        assert_eq!(prefixed_id("product_feature").len(), "pf_".len() + 14);
        assert_eq!(prefixed_id("x"), prefixed_id("x"));
        assert_ne!(prefixed_id("widget"), prefixed_id("widgets"));
    }

    #[test]
    fn augment_writes_the_file() {
        let dir = std::env::temp_dir().join(format!("mock-fixtures-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let spec = dir.join("spec.json");
        let fixtures = dir.join("fixtures3.json");
        std::fs::write(&spec, tiny_spec().to_string()).unwrap();
        std::fs::write(&fixtures, r#"{"resources":{}}"#).unwrap();
        let out = augment(&spec, &fixtures, &dir.join("out")).unwrap();
        assert_eq!(out.synthesised, ["deleted_widget", "gadget", "widget"]);
        let written: Value = serde_json::from_slice(&std::fs::read(&out.path).unwrap()).unwrap();
        assert_eq!(written["resources"]["gadget"]["object"], "gadget");
        let err = augment(&dir.join("absent.json"), &fixtures, &dir).unwrap_err();
        assert!(err.to_string().contains("absent.json"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
