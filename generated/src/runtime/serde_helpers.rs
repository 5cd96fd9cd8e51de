//! Deserialization helpers used by generated types.

use serde::{Deserialize, Deserializer};

// Used by generated enums and tagged unions: a crate without either leaves
// them unused.
#[allow(unused_imports)]
pub use super::drift::{serialize_unknown_object, serialize_unknown_value};

/// Deserializes a field that is both optional and nullable into `Option<Option<T>>`.
///
/// * field absent: `None` (needs `#[serde(default)]` on the field),
/// * field present and `null`: `Some(None)`,
/// * field present with a value: `Some(Some(value))`.
///
/// Use as `#[serde(default, deserialize_with = "crate::runtime::serde_helpers::double_option")]`.
#[allow(dead_code)] // only optional nullable fields use it: a crate may have none
pub fn double_option<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Reads the tag of a (possibly polymorphic) Stripe object: its `object` string, and whether its
/// `deleted` member is `true` (deleted objects share the `object` value of the live ones).
///
/// Returns `(None, false)` for anything that is not a JSON object with those members.
#[allow(dead_code)] // only generated tagged unions use it: a crate may have none
pub fn object_tag(value: &serde_json::Value) -> (Option<&str>, bool) {
    let object = value.get("object").and_then(serde_json::Value::as_str);
    let deleted = value.get("deleted").and_then(serde_json::Value::as_bool) == Some(true);
    (object, deleted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Thing {
        #[serde(default, deserialize_with = "double_option")]
        description: Option<Option<String>>,
        #[serde(default, deserialize_with = "double_option")]
        amount: Option<Option<i64>>,
    }

    #[test]
    fn double_option_three_states() {
        let absent: Thing = serde_json::from_str("{}").unwrap();
        assert_eq!(absent.description, None);
        assert_eq!(absent.amount, None);

        let null: Thing = serde_json::from_str(r#"{"description": null, "amount": null}"#).unwrap();
        assert_eq!(null.description, Some(None));
        assert_eq!(null.amount, Some(None));

        let set: Thing = serde_json::from_str(r#"{"description": "x", "amount": 5}"#).unwrap();
        assert_eq!(set.description, Some(Some("x".to_owned())));
        assert_eq!(set.amount, Some(Some(5)));

        assert!(serde_json::from_str::<Thing>(r#"{"amount": "five"}"#).is_err());
    }

    #[test]
    fn object_tag_reads_object_and_deleted() {
        assert_eq!(
            object_tag(&json!({"object": "card", "id": "card_1"})),
            (Some("card"), false)
        );
        assert_eq!(
            object_tag(&json!({"object": "customer", "deleted": true})),
            (Some("customer"), true)
        );
        assert_eq!(
            object_tag(&json!({"object": "customer", "deleted": false})),
            (Some("customer"), false)
        );
        assert_eq!(
            object_tag(&json!({"object": 3, "deleted": "true"})),
            (None, false)
        );
        assert_eq!(object_tag(&json!({"deleted": true})), (None, true));
        assert_eq!(object_tag(&json!("card")), (None, false));
        assert_eq!(object_tag(&json!(null)), (None, false));
    }
}
