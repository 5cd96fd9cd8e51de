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
//! [`Drift`](super::Drift) lists it), each member decodes into its field, and a field's own type
//! decides what it accepts, except that a `null` for a field that may not be null ([`value`]: a
//! field a newer API version made nullable) leaves the field at its default, as if the member
//! were absent (drift lists it as missing). This is done where the member is decoded, so it
//! holds at any depth, also inside objects a union decodes from a buffered `Value`. A member no
//! field has is kept as raw JSON in the struct's [`Extra`] ([`keep`]). A member sent twice keeps
//! its last value, as in `serde_json::Value`. Depth is bounded by the deserializer (serde_json
//! stops at 128 levels).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;

use super::extra::Extra;

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

/// Reads the value of a member no field has, and drops it (a struct without an [`Extra`]).
///
/// # Errors
///
/// The deserializer's error when the value is not well-formed.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// Reads the value of the member `key` no field has into `extra`, as raw JSON.
///
/// # Errors
///
/// The deserializer's error when the value is not well-formed.
pub fn keep<'de, A: MapAccess<'de>>(
    extra: &mut Extra,
    key: &str,
    map: &mut A,
) -> Result<(), A::Error> {
    let value = map.next_value::<Value>()?;
    extra.insert(key.to_owned(), value);
    Ok(())
}

/// Reads the value of a member into `field`, a field that may not be `null`: a `null` sets it to
/// its default instead of failing (what an absent member gives; [`Drift`](super::Drift) lists
/// the `null` as missing, since the raw body has `null` where the decoded value has none).
///
/// # Errors
///
/// The deserializer's error when the value is neither `null` nor a `T`.
pub fn value<'de, A: MapAccess<'de>, T: Deserialize<'de> + Default>(
    map: &mut A,
    field: &mut T,
) -> Result<(), A::Error> {
    map.next_value_seed(OrNull(field))
}

/// Reads a map field's value (`additionalProperties`, such as `metadata`): a `null` for the whole
/// map is an empty one, and a `null` entry is left out (as if absent: a map of values that may
/// not be `null` has no place for it; drift does not count it, `null` and absent being alike).
///
/// # Errors
///
/// The deserializer's error when the value is not a map of `V`.
pub fn entries<'de, A: MapAccess<'de>, V: Deserialize<'de>>(
    map: &mut A,
) -> Result<BTreeMap<String, V>, A::Error> {
    Ok(optional_entries(map)?.unwrap_or_default())
}

/// [`entries`] for a map field that may be absent or `null` (`None`).
///
/// # Errors
///
/// The deserializer's error when the value is neither `null` nor a map of `V`.
pub fn optional_entries<'de, A: MapAccess<'de>, V: Deserialize<'de>>(
    map: &mut A,
) -> Result<Option<BTreeMap<String, V>>, A::Error> {
    Ok(map.next_value::<Option<Entries<V>>>()?.map(|e| e.0))
}

/// A map whose `null` entries are left out.
struct Entries<V>(BTreeMap<String, V>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Entries<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EntriesVisitor(PhantomData))
    }
}

struct EntriesVisitor<V>(PhantomData<fn() -> V>);

impl<'de, V: Deserialize<'de>> Visitor<'de> for EntriesVisitor<V> {
    type Value = Entries<V>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries<V>, A::Error> {
        let mut entries = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            match map.next_value::<Option<V>>()? {
                Some(value) => {
                    entries.insert(key, value);
                }
                None => {
                    entries.remove(&key);
                }
            }
        }
        Ok(Entries(entries))
    }
}

/// `deserialize_with` for the runtime's own structs (`List`, `SearchResult`): a `null` is the
/// field's default, as [`value`] does for generated ones.
///
/// # Errors
///
/// The deserializer's error when the value is neither `null` nor a `T`.
pub(crate) fn or_default<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    deserializer: D,
) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Decodes into the field it holds, `null` as the default.
struct OrNull<'f, T>(&'f mut T);

impl<'de, T: Deserialize<'de> + Default> DeserializeSeed<'de> for OrNull<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, T: Deserialize<'de> + Default> Visitor<'de> for OrNull<'_, T> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a value or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        *self.0 = T::default();
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        *self.0 = T::deserialize(deserializer)?;
        Ok(())
    }
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
    /// absent from `null`, a nested struct, and the members no field has.
    #[derive(Debug, Default, PartialEq, serde::Serialize)]
    struct Thing {
        id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        amount: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        description: Option<Option<String>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        inner: Option<Box<Thing>>,
        #[serde(flatten)]
        extra: Extra,
    }

    impl DecodeFields for Thing {
        fn decode_field<'de, A: MapAccess<'de>>(
            &mut self,
            key: &str,
            map: &mut A,
        ) -> Result<(), A::Error> {
            match key {
                "id" => value(map, &mut self.id)?,
                "amount" => self.amount = map.next_value()?,
                "description" => self.description = Some(map.next_value()?),
                "inner" => self.inner = map.next_value()?,
                _ => keep(&mut self.extra, key, map)?,
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
    fn unknown_members_of_any_shape_are_kept_and_serialised_again() {
        let text =
            r#"{"new": {"deep": [1, {"x": null}]}, "id": "t_1", "other": "s", "gone": null}"#;
        let thing: Thing = serde_json::from_str(text).unwrap();
        assert_eq!(thing.id, "t_1");
        assert_eq!(thing.extra.len(), 3);
        assert_eq!(thing.extra.get("other"), Some(&json!("s")));
        assert_eq!(
            serde_json::to_value(&thing).unwrap(),
            serde_json::from_str::<serde_json::Value>(text).unwrap()
        );
        // Nested structs keep theirs.
        let thing: Thing =
            serde_json::from_str(r#"{"id": "a", "inner": {"id": "b", "later": [true]}}"#).unwrap();
        assert!(thing.extra.is_empty());
        assert_eq!(
            thing.inner.unwrap().extra.get("later"),
            Some(&json!([true]))
        );
        // A conforming body allocates no map.
        let thing: Thing = serde_json::from_str(r#"{"id": "a"}"#).unwrap();
        assert!(thing.extra.as_map().is_none());
    }

    /// A struct with map fields, decoded as emitted.
    #[derive(Debug, Default, PartialEq)]
    struct Maps {
        plain: BTreeMap<String, i64>,
        optional: Option<BTreeMap<String, String>>,
        both: Option<Option<BTreeMap<String, String>>>,
    }

    impl DecodeFields for Maps {
        fn decode_field<'de, A: MapAccess<'de>>(
            &mut self,
            key: &str,
            map: &mut A,
        ) -> Result<(), A::Error> {
            match key {
                "plain" => self.plain = entries(map)?,
                "optional" => self.optional = optional_entries(map)?,
                "both" => self.both = Some(optional_entries(map)?),
                _ => skip(map)?,
            }
            Ok(())
        }
    }

    impl<'de> Deserialize<'de> for Maps {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            decode(deserializer, "Maps")
        }
    }

    #[test]
    fn null_map_entries_are_left_out_and_a_null_map_is_empty_or_none() {
        let maps: Maps = serde_json::from_str(
            r#"{"plain": {"eur": null, "usd": 5}, "optional": {"a": "x", "b": null}, "both": null}"#,
        )
        .unwrap();
        assert_eq!(maps.plain, BTreeMap::from([("usd".to_owned(), 5)]));
        assert_eq!(
            maps.optional,
            Some(BTreeMap::from([("a".to_owned(), "x".to_owned())]))
        );
        assert_eq!(maps.both, Some(None));
        let maps: Maps = serde_json::from_str(r#"{"plain": null, "optional": null}"#).unwrap();
        assert_eq!(maps, Maps::default());
        // A value of the wrong type is still an error.
        assert!(serde_json::from_str::<Maps>(r#"{"plain": {"eur": "x"}}"#).is_err());
        assert!(serde_json::from_str::<Maps>(r#"{"plain": [1]}"#).is_err());
        // An entry sent twice, the last null: left out.
        let maps: Maps = serde_json::from_str(r#"{"plain": {"a": 1, "a": null}}"#).unwrap();
        assert!(maps.plain.is_empty());
    }

    #[test]
    fn a_null_where_a_value_belongs_is_the_default_at_any_depth() {
        let thing: Thing = serde_json::from_str(r#"{"id": null, "amount": 3}"#).unwrap();
        assert_eq!((thing.id.as_str(), thing.amount), ("", Some(3)));
        let raw = br#"{"id": "a", "inner": {"id": null, "inner": {"id": null}}}"#;
        let (thing, drift) = super::super::Drift::decode::<Thing>(raw).unwrap();
        assert_eq!(thing.inner.as_ref().unwrap().id, "");
        assert_eq!(drift.missing, ["/inner/id", "/inner/inner/id"]);
        // Through a buffered `Value` too (what a tagged union decodes from).
        let value: serde_json::Value = serde_json::from_slice(raw).unwrap();
        let thing = Thing::deserialize(value).unwrap();
        assert_eq!(thing.inner.unwrap().inner.unwrap().id, "");
        // A member sent twice, the last `null`: the default, as if the first were not there.
        let thing: Thing = serde_json::from_str(r#"{"id": "a", "id": null}"#).unwrap();
        assert_eq!(thing.id, "");
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
        let wrong = serde_json::from_str::<Thing>(r#"{"id": 5}"#).unwrap_err();
        assert!(
            wrong.to_string().starts_with("invalid type: integer"),
            "{wrong}"
        );
        assert_eq!((wrong.line(), wrong.column()), (1, 8));
        let bad = serde_json::from_str::<Thing>(r#"{"amount": "five"}"#).unwrap_err();
        assert!(bad.to_string().contains("invalid type: string"), "{bad}");
    }
}
