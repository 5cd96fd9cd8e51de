//! [`Drift`]: what a response body carried that the generated types did not expect.
//!
//! Decoding is lenient so that a body from a newer API version still decodes: a required field
//! that is absent takes its type's `Default` (an empty string, `0`, `false`, an empty list, a
//! struct of such defaults), an unknown member is skipped, an object of an unknown kind is kept as
//! raw JSON, an unknown enum value is kept as sent. None of that costs anything when decoding.
//! [`Drift`] is worked out only on demand ([`Response::drift`](super::Response::drift)), from the
//! raw body the response keeps and the decoded value serialised again: a member the types filled
//! in is one the body lacked, a member the body has and the types dropped is one they do not know.

use std::cell::Cell;
use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

/// How a body differed from the types it was decoded into. Each entry is a JSON pointer
/// (RFC 6901, such as `/data/0/billing_details`) into the raw body; each list is sorted.
///
/// Log it to learn that Stripe sent something the types do not know:
///
/// ```ignore
/// let drift = response.drift();
/// if !drift.is_empty() {
///     tracing::warn!(%drift, "Stripe sent something our types do not know");
/// }
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Drift {
    /// Fields the types require that the body lacked, or sent as `null` where the types do not
    /// allow it: each was decoded as its type's `Default` (or `None` for a required field that
    /// may be `null`).
    pub missing: Vec<String>,
    /// Members the types do not model. Their values are in the raw body
    /// ([`Response::raw_body`](super::Response::raw_body)) at these pointers.
    pub unknown_fields: Vec<String>,
    /// Objects whose `object` tag no variant of their union lists: kept as raw JSON in the
    /// union's `Unknown` variant.
    pub unknown_objects: Vec<String>,
    /// Enum values the types do not list: kept as sent in the enum's `Unrecognized` variant.
    pub unknown_values: Vec<String>,
}

impl Drift {
    /// Whether the body matched the types exactly.
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty()
            && self.unknown_fields.is_empty()
            && self.unknown_objects.is_empty()
            && self.unknown_values.is_empty()
    }

    /// The drift of `raw` (a JSON body) against `decoded`, the value decoded from it.
    ///
    /// A body that is not JSON has no drift to tell (it could not have been decoded).
    pub fn of<T: Serialize>(raw: &[u8], decoded: &T) -> Drift {
        let Ok(raw) = serde_json::from_slice::<Value>(raw) else {
            return Drift::default();
        };
        Drift::between(&raw, decoded)
    }

    /// Decodes `body` as `T` exactly as the client decodes a response body (see
    /// [`Response::drift`](super::Response::drift)), and tells its drift: for JSON that did not
    /// come through the client, such as a webhook's payload.
    ///
    /// # Errors
    ///
    /// serde_json's error when `body` does not decode as `T` even so.
    pub fn decode<T: DeserializeOwned + Serialize>(
        body: &[u8],
    ) -> Result<(T, Drift), serde_json::Error> {
        let value = super::decode::from_slice::<T>(body)?;
        let drift = Drift::of(body, &value);
        Ok((value, drift))
    }

    /// The drift of the JSON value `raw` against `decoded`, the value decoded from it.
    pub fn between<T: Serialize>(raw: &Value, decoded: &T) -> Drift {
        let _marking = Marking::start();
        let mut drift = Drift::default();
        // Serialising into a `Value` fails only for maps with non-string keys, which generated
        // types do not have; then there is nothing to compare.
        if let Ok(decoded) = serde_json::to_value(decoded) {
            let mut pointer = String::new();
            drift.walk(raw, &decoded, &mut pointer);
        }
        for list in [
            &mut drift.missing,
            &mut drift.unknown_fields,
            &mut drift.unknown_objects,
            &mut drift.unknown_values,
        ] {
            list.sort_unstable();
        }
        drift
    }

    /// Compares `raw` with `decoded` below `pointer`. Recursion follows the raw body, whose depth
    /// serde_json bounds when parsing (128 levels).
    fn walk(&mut self, raw: &Value, decoded: &Value, pointer: &mut String) {
        // A `null` the types have a value for: decoded as the default, like a missing field.
        if raw.is_null() && !decoded.is_null() {
            self.missing.push(pointer.clone());
            return;
        }
        if let Some(mark) = marked(decoded) {
            match mark {
                Mark::Object => self.unknown_objects.push(pointer.clone()),
                Mark::Value => self.unknown_values.push(pointer.clone()),
            }
            return;
        }
        match (raw, decoded) {
            (Value::Object(raw), Value::Object(decoded)) => {
                for (key, value) in raw {
                    let len = pointer.len();
                    push_token(pointer, key);
                    match decoded.get(key) {
                        Some(decoded) => self.walk(value, decoded, pointer),
                        // A `null` the types skipped (absent and `null` decode alike) loses
                        // nothing.
                        None if value.is_null() => {}
                        None => self.unknown_fields.push(pointer.clone()),
                    }
                    pointer.truncate(len);
                }
                for key in decoded.keys().filter(|key| !raw.contains_key(*key)) {
                    let len = pointer.len();
                    push_token(pointer, key);
                    self.missing.push(pointer.clone());
                    pointer.truncate(len);
                }
            }
            (Value::Array(raw), Value::Array(decoded)) => {
                for (i, (raw, decoded)) in raw.iter().zip(decoded).enumerate() {
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&i.to_string());
                    self.walk(raw, decoded, pointer);
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
    }
}

impl fmt::Display for Drift {
    /// `missing: /a, /b; unknown fields: /c` (only the kinds present), or `no drift`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("no drift");
        }
        let kinds = [
            ("missing", &self.missing),
            ("unknown fields", &self.unknown_fields),
            ("unknown objects", &self.unknown_objects),
            ("unknown values", &self.unknown_values),
        ];
        let mut first = true;
        for (label, pointers) in kinds {
            if pointers.is_empty() {
                continue;
            }
            if !first {
                f.write_str("; ")?;
            }
            first = false;
            write!(f, "{label}: {}", pointers.join(", "))?;
        }
        Ok(())
    }
}

/// Appends `/key` to a JSON pointer, escaping `~` and `/` as RFC 6901 says.
fn push_token(pointer: &mut String, key: &str) {
    pointer.push('/');
    for c in key.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

// ---------------------------------------------------------------------------
// Marking what the types kept without knowing it

/// The member that marks, while [`Drift`] serialises, an object of an unknown kind.
const OBJECT_MARK: &str = "$stripe_client::drift::unknown_object";
/// The member that marks, while [`Drift`] serialises, an unknown enum value.
const VALUE_MARK: &str = "$stripe_client::drift::unknown_value";

thread_local! {
    /// Whether this thread is serialising for [`Drift::between`].
    static MARKING: Cell<bool> = const { Cell::new(false) };
}

/// Marking on for the current thread while it lives (restored on drop, also on panic).
struct Marking(bool);

impl Marking {
    fn start() -> Marking {
        Marking(MARKING.with(|m| m.replace(true)))
    }
}

impl Drop for Marking {
    fn drop(&mut self) {
        MARKING.with(|m| m.set(self.0));
    }
}

enum Mark {
    Object,
    Value,
}

/// What `decoded` marks, if it is a mark.
fn marked(decoded: &Value) -> Option<Mark> {
    let Value::Object(map) = decoded else {
        return None;
    };
    if map.len() != 1 {
        return None;
    }
    if map.contains_key(OBJECT_MARK) {
        Some(Mark::Object)
    } else if map.contains_key(VALUE_MARK) {
        Some(Mark::Value)
    } else {
        None
    }
}

pub(crate) fn is_marking() -> bool {
    MARKING.with(Cell::get)
}

/// Serialises the raw JSON of a tagged union's `Unknown` variant: as it is, except while
/// [`Drift`] looks for what the types do not know.
pub fn serialize_unknown_object<S: Serializer>(
    value: &Value,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if is_marking() {
        let mut mark = Map::new();
        mark.insert(OBJECT_MARK.to_owned(), Value::Null);
        return Value::Object(mark).serialize(serializer);
    }
    value.serialize(serializer)
}

/// Serialises an enum's `Unrecognized` value: as sent, except while [`Drift`] looks for what the
/// types do not know.
pub fn serialize_unknown_value<S: Serializer>(
    value: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if is_marking() {
        let mut mark = Map::new();
        mark.insert(VALUE_MARK.to_owned(), Value::Null);
        return Value::Object(mark).serialize(serializer);
    }
    serializer.serialize_str(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    /// A stand-in for a generated response type: a required field with a default, an optional
    /// one, a nested struct, a list, an open value.
    #[derive(Debug, Default, Deserialize, Serialize)]
    struct Charge {
        #[serde(default)]
        id: String,
        #[serde(default)]
        amount: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
        #[serde(default)]
        billing: Billing,
        #[serde(default)]
        refunds: Vec<Billing>,
        #[serde(default)]
        kind: Kind,
        #[serde(default)]
        source: Source,
    }

    #[derive(Debug, Default, Deserialize, Serialize)]
    struct Billing {
        #[serde(default)]
        name: String,
        #[serde(default)]
        email: Option<String>,
    }

    /// Like a generated open enum.
    #[derive(Debug, Deserialize)]
    #[serde(from = "String")]
    enum Kind {
        Card,
        Unrecognized(String),
    }

    impl Default for Kind {
        fn default() -> Self {
            Kind::Unrecognized(String::new())
        }
    }

    impl From<String> for Kind {
        fn from(value: String) -> Self {
            match value.as_str() {
                "card" => Kind::Card,
                _ => Kind::Unrecognized(value),
            }
        }
    }

    impl Serialize for Kind {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            match self {
                Kind::Card => serializer.serialize_str("card"),
                Kind::Unrecognized(value) => serialize_unknown_value(value, serializer),
            }
        }
    }

    /// Like a generated tagged union.
    #[derive(Debug, Deserialize)]
    #[serde(untagged)]
    enum Source {
        Unknown(Value),
    }

    impl Default for Source {
        fn default() -> Self {
            Source::Unknown(Value::Null)
        }
    }

    impl Serialize for Source {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let Source::Unknown(value) = self;
            serialize_unknown_object(value, serializer)
        }
    }

    fn drift_of(body: Value) -> Drift {
        let raw = serde_json::to_vec(&body).unwrap();
        let decoded: Charge = serde_json::from_slice(&raw).unwrap();
        Drift::of(&raw, &decoded)
    }

    fn conforming() -> Value {
        json!({
            "id": "ch_1",
            "amount": 5,
            "billing": {"name": "Jenny", "email": null},
            "refunds": [{"name": "a", "email": "a@b.c"}],
            "kind": "card",
            "source": {"object": "future_source", "id": "src_1"},
        })
    }

    #[test]
    fn a_conforming_body_has_only_what_is_unknown() {
        let drift = drift_of(conforming());
        assert_eq!(drift.unknown_objects, ["/source"]);
        assert!(drift.missing.is_empty() && drift.unknown_fields.is_empty());
        assert!(drift.unknown_values.is_empty());
        assert_eq!(drift.to_string(), "unknown objects: /source");
    }

    #[test]
    fn missing_required_fields_are_listed_by_pointer() {
        let mut body = conforming();
        body.as_object_mut().unwrap().remove("id");
        body["billing"].as_object_mut().unwrap().remove("name");
        // A required field that may be null, absent.
        body["refunds"][0].as_object_mut().unwrap().remove("email");
        let drift = drift_of(body);
        assert_eq!(drift.missing, ["/billing/name", "/id", "/refunds/0/email"]);
        assert!(drift.unknown_fields.is_empty());
        // A null where the types have a value counts as missing.
        let mut body = conforming();
        body["billing"] = Value::Null;
        body["id"] = Value::Null;
        let raw = serde_json::to_vec(&body).unwrap();
        let (decoded, drift) = Drift::decode::<Charge>(&raw).unwrap();
        assert_eq!(decoded.id, "");
        assert_eq!(drift.missing, ["/billing", "/id"]);
        // A whole nested object absent is one entry, not one per member.
        let mut body = conforming();
        body.as_object_mut().unwrap().remove("billing");
        assert_eq!(drift_of(body).missing, ["/billing"]);
    }

    #[test]
    fn unknown_fields_and_values_are_listed_by_pointer() {
        let mut body = conforming();
        body["new_thing"] = json!({"deep": 1});
        body["billing"]["a/b~c"] = json!(true);
        body["refunds"][0]["later"] = json!([1]);
        // Optional, skipped when absent: a null for it loses nothing.
        body["description"] = Value::Null;
        body["kind"] = json!("crypto");
        let drift = drift_of(body);
        assert_eq!(
            drift.unknown_fields,
            ["/billing/a~1b~0c", "/new_thing", "/refunds/0/later"]
        );
        assert_eq!(drift.unknown_values, ["/kind"]);
        assert!(drift.missing.is_empty());
        assert_eq!(
            drift.to_string(),
            "unknown fields: /billing/a~1b~0c, /new_thing, /refunds/0/later; \
             unknown objects: /source; unknown values: /kind"
        );
    }

    #[test]
    fn marks_appear_only_while_drift_serialises() {
        let decoded: Charge = serde_json::from_value(conforming()).unwrap();
        let mut value = serde_json::to_value(&decoded).unwrap();
        assert_eq!(value["source"]["object"], "future_source");
        value["kind"] = json!("crypto");
        let decoded: Charge = serde_json::from_value(value).unwrap();
        assert_eq!(serde_json::to_value(&decoded).unwrap()["kind"], "crypto");
        let _ = Drift::of(b"{}", &decoded);
        assert!(!is_marking());
        assert_eq!(Drift::of(b"not json", &decoded), Drift::default());
        assert_eq!(Drift::default().to_string(), "no drift");
    }
}
