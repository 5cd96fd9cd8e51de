//! Decoding of generated response structs: one visitor for all of them.
//!
//! `#[derive(Deserialize)]` writes, per struct, a field enum, a visitor for its names and a
//! visitor for the struct (a map and a sequence form, each with a local per field and a check for
//! duplicates): most of what the whole-API crate gave the compiler to check. A generated struct
//! instead implements [`DecodeFields`], one `match` on the member's name that decodes its value
//! into the field, and its `Deserialize` calls [`decode`], the visitor written once here.
//!
//! The rules are those of the derive with `#[serde(default)]` on every field, which the
//! generated types had: the struct starts as its `Default` (a member the body lacks keeps it, and
//! [`Drift`](super::Drift) lists it), each member decodes into its field, a member no field has
//! is skipped, and a field's own type decides what it accepts (a `null` for a field that may not
//! be null is serde's "invalid type" error, which [`from_slice`](super::decode::from_slice)
//! handles). A member sent twice keeps its last value, as in `serde_json::Value`. Depth is bounded
//! by the deserializer (serde_json stops at 128 levels).

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};

/// A generated struct decoded from a JSON object member by member.
pub trait DecodeFields: Default {
    /// Decodes the value of the member named `key` (read next from `map`) into its field, or
    /// skips it when no field has that name.
    ///
    /// # Errors
    ///
    /// The deserializer's error when the value does not decode as the field's type.
    fn decode_field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error>;
}

/// Decodes a `T` from a JSON object: what a generated struct's `Deserialize` does. `name` is the
/// struct's, for the error when the value is not an object (`invalid type: string "x", expected
/// struct Token`).
///
/// # Errors
///
/// The deserializer's error when the value is not an object or a member does not decode.
pub fn decode<'de, T: DecodeFields, D: Deserializer<'de>>(
    deserializer: D,
    name: &'static str,
) -> Result<T, D::Error> {
    deserializer.deserialize_struct(
        name,
        &[],
        ObjectVisitor {
            name,
            marker: PhantomData,
        },
    )
}

/// Reads the value of a member no field has, and drops it.
///
/// # Errors
///
/// The deserializer's error when the value is not well-formed.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

struct ObjectVisitor<T> {
    name: &'static str,
    marker: PhantomData<fn() -> T>,
}

impl<'de, T: DecodeFields> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "struct {}", self.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut value = T::default();
        while let Some(Name(key)) = map.next_key::<Name<'de>>()? {
            value.decode_field(&key, &mut map)?;
        }
        Ok(value)
    }
}

/// A member's name: borrowed from the body when it has no escapes (serde_json's `from_slice`), so
/// reading it allocates nothing.
struct Name<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Name<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(NameVisitor)
    }
}

struct NameVisitor;

impl<'de> Visitor<'de> for NameVisitor {
    type Value = Name<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a member name")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Name<'de>, E> {
        Ok(Name(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Name<'de>, E> {
        Ok(Name(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Name<'de>, E> {
        Ok(Name(Cow::Owned(v)))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Name<'de>, E> {
        match std::str::from_utf8(v) {
            Ok(s) => self.visit_str(s),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(v), &self)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    /// What a generated struct looks like: a required field, an optional one, one that tells
    /// absent from `null`, and a nested struct.
    #[derive(Debug, Default, PartialEq)]
    struct Thing {
        id: String,
        amount: Option<i64>,
        description: Option<Option<String>>,
        inner: Option<Box<Thing>>,
    }

    impl DecodeFields for Thing {
        fn decode_field<'de, A: MapAccess<'de>>(
            &mut self,
            key: &str,
            map: &mut A,
        ) -> Result<(), A::Error> {
            match key {
                "id" => self.id = map.next_value()?,
                "amount" => self.amount = map.next_value()?,
                "description" => self.description = Some(map.next_value()?),
                "inner" => self.inner = map.next_value()?,
                _ => skip(map)?,
            }
            Ok(())
        }
    }

    impl<'de> Deserialize<'de> for Thing {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            decode(deserializer, "Thing")
        }
    }

    #[test]
    fn members_fill_fields_and_absent_ones_keep_the_default() {
        let thing: Thing = serde_json::from_str(r#"{"id": "t_1", "amount": 5}"#).unwrap();
        assert_eq!(
            thing,
            Thing {
                id: "t_1".into(),
                amount: Some(5),
                ..Thing::default()
            }
        );
        assert_eq!(
            serde_json::from_str::<Thing>("{}").unwrap(),
            Thing::default()
        );
    }

    #[test]
    fn null_absent_and_set_are_three_states_for_a_double_option() {
        let parse = |text: &str| serde_json::from_str::<Thing>(text).unwrap().description;
        assert_eq!(parse("{}"), None);
        assert_eq!(parse(r#"{"description": null}"#), Some(None));
        assert_eq!(parse(r#"{"description": "x"}"#), Some(Some("x".into())));
    }

    #[test]
    fn unknown_members_of_any_shape_are_skipped() {
        let thing: Thing = serde_json::from_str(
            r#"{"new": {"deep": [1, {"x": null}]}, "id": "t_1", "other": "s"}"#,
        )
        .unwrap();
        assert_eq!(thing.id, "t_1");
    }

    #[test]
    fn escaped_names_and_nesting_decode() {
        let thing: Thing =
            serde_json::from_str(r#"{"\u0069d": "t_1", "inner": {"id": "t_2"}}"#).unwrap();
        assert_eq!(thing.id, "t_1");
        assert_eq!(thing.inner.unwrap().id, "t_2");
    }

    #[test]
    fn a_member_sent_twice_keeps_its_last_value() {
        let thing: Thing = serde_json::from_str(r#"{"id": "a", "id": "b"}"#).unwrap();
        assert_eq!(thing.id, "b");
    }

    #[test]
    fn decodes_from_a_json_value_too() {
        let thing = Thing::deserialize(json!({"id": "t_1", "description": null})).unwrap();
        assert_eq!(thing.id, "t_1");
        assert_eq!(thing.description, Some(None));
    }

    #[test]
    fn wrong_types_are_serde_errors_with_the_struct_name() {
        let not_object = serde_json::from_str::<Thing>(r#""t_1""#).unwrap_err();
        assert!(
            not_object.to_string().contains("expected struct Thing"),
            "{not_object}"
        );
        let null = serde_json::from_str::<Thing>(r#"{"id": null}"#).unwrap_err();
        assert!(null.to_string().starts_with("invalid type: null"), "{null}");
        assert_eq!((null.line(), null.column()), (1, 11));
        let bad = serde_json::from_str::<Thing>(r#"{"amount": "five"}"#).unwrap_err();
        assert!(bad.to_string().contains("invalid type: string"), "{bad}");
    }
}
