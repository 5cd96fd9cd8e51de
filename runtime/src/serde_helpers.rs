//! Helpers of generated enums and unions (structs decode through [`object`](super::object)).

// Used by generated enums and tagged unions: a crate without either leaves
// them unused.
#[allow(unused_imports)]
pub use super::drift::{serialize_unknown_object, serialize_unknown_value};

/// Reads the tag of a (possibly polymorphic) Stripe object: its `object` string, and whether its
/// `deleted` member is `true` (deleted objects share the `object` value of the live ones).
///
/// Returns `(None, false)` for anything that is not a JSON object with those members.
pub fn object_tag(value: &serde_json::Value) -> (Option<&str>, bool) {
    let object = value.get("object").and_then(serde_json::Value::as_str);
    let deleted = value.get("deleted").and_then(serde_json::Value::as_bool) == Some(true);
    (object, deleted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
