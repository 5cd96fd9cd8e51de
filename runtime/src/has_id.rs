//! [`HasId`]: the identifier of an object that may carry one.

/// An object that may carry an identifier, such as a Stripe resource (`ch_…`, `cus_…`).
///
/// Implemented by generated objects that have an `id` field, and used by [`Expandable::id`].
pub trait HasId {
    /// The object's identifier, when it has one.
    fn id(&self) -> Option<&str>;
}

/// Raw JSON: the `"id"` member when the value is an object whose `id` is a string.
impl HasId for serde_json::Value {
    fn id(&self) -> Option<&str> {
        self.get("id").and_then(serde_json::Value::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::HasId;
    use serde_json::json;

    #[test]
    fn value_has_id() {
        assert_eq!(json!({"id": "ch_1", "object": "charge"}).id(), Some("ch_1"));
        assert_eq!(json!({"id": 5}).id(), None);
        assert_eq!(json!({"object": "charge"}).id(), None);
        assert_eq!(json!("ch_1").id(), None);
    }
}
