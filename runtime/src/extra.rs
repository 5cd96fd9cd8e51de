//! [`Extra`]: the members of a response object that its generated struct has no field for, kept
//! as sent so that decoding and serialising again gives back every member.

use std::fmt;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

/// Members of a JSON object that the generated struct it decoded into has no field for (a member
/// a newer API version added), kept as raw JSON (sorted by name, as `serde_json::Map` keeps
/// them).
///
/// Every generated response struct has one, its `extra` field, serialised flattened beside the
/// struct's own fields: decode → serialise gives back every member the body had. Empty (no
/// allocation) when the body matched the types. [`Drift`](super::Drift) still lists these
/// members as `unknown_fields`: while it compares, they serialise as nothing.
///
/// `Debug` shows the members' names, not their values: a member the types do not know may be a
/// secret they would have redacted.
#[derive(Clone, Default, PartialEq)]
pub struct Extra(Option<Box<Map<String, Value>>>);

impl Extra {
    /// The value of the unknown member `name`, if the body had one.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.as_ref().and_then(|map| map.get(name))
    }

    /// The unknown members, as a JSON object's map (`None` when there were none).
    pub fn as_map(&self) -> Option<&Map<String, Value>> {
        self.0.as_deref()
    }

    /// The unknown members' names and values, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().flat_map(|map| map.iter())
    }

    /// How many unknown members there were.
    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |map| map.len())
    }

    /// Whether the body had no member the types do not know.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Keeps `value` as the member `name` (a member sent twice keeps its last value).
    pub(crate) fn insert(&mut self, name: String, value: Value) {
        self.0
            .get_or_insert_with(Default::default)
            .insert(name, value);
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set()
            .entries(self.iter().map(|(name, _)| name))
            .finish()
    }
}

/// As a map of the members (flattened into the struct's own by `#[serde(flatten)]`), except
/// while [`Drift`](super::Drift) compares: then as no member, so that it sees them as unknown.
impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let members = if super::drift::is_marking() {
            None
        } else {
            self.0.as_deref()
        };
        let mut map = serializer.serialize_map(Some(members.map_or(0, Map::len)))?;
        for (name, value) in members.into_iter().flatten() {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Default, Serialize)]
    struct Thing {
        id: String,
        #[serde(flatten)]
        extra: Extra,
    }

    #[test]
    fn members_are_kept_and_serialised_beside_the_fields() {
        let mut thing = Thing {
            id: "t_1".into(),
            ..Thing::default()
        };
        assert!(thing.extra.is_empty() && thing.extra.as_map().is_none());
        assert_eq!(serde_json::to_value(&thing).unwrap(), json!({"id": "t_1"}));
        thing.extra.insert("zeta".into(), json!({"deep": [1]}));
        thing.extra.insert("alpha".into(), Value::Null);
        assert_eq!(thing.extra.len(), 2);
        assert_eq!(thing.extra.get("zeta"), Some(&json!({"deep": [1]})));
        assert_eq!(thing.extra.get("id"), None);
        let names: Vec<&String> = thing.extra.iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["alpha", "zeta"]);
        assert_eq!(
            serde_json::to_value(&thing).unwrap(),
            json!({"id": "t_1", "zeta": {"deep": [1]}, "alpha": null})
        );
    }

    #[test]
    fn debug_shows_names_not_values() {
        let mut extra = Extra::default();
        extra.insert("new_secret".into(), json!("sk_live_123"));
        let debug = format!("{extra:?}");
        assert_eq!(debug, r#"{"new_secret"}"#);
        assert!(!debug.contains("sk_live"));
    }

    #[test]
    fn drift_still_sees_them_as_unknown() {
        let mut thing = Thing {
            id: "t_1".into(),
            ..Thing::default()
        };
        thing.extra.insert("later".into(), json!(1));
        let drift = super::super::Drift::of(br#"{"id": "t_1", "later": 1}"#, &thing);
        assert_eq!(drift.unknown_fields, ["/later"]);
        assert!(drift.missing.is_empty());
        // And outside drift they serialise again.
        assert_eq!(serde_json::to_value(&thing).unwrap()["later"], 1);
    }
}
