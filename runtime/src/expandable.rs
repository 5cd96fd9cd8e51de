//! [`Expandable`]: a field that holds an object's id, or the object itself when expanded.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::has_id::HasId;

/// A field that Stripe returns as an id string, or as the full object when the request asked for
/// it with `expand[]`.
///
/// Deserializes from a JSON string (`Id`) or a JSON object (`Object`), and serializes back to the
/// same shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expandable<T> {
    /// Not expanded: the object's id.
    Id(String),
    /// Expanded: the object.
    Object(Box<T>),
}

impl<T> Expandable<T> {
    /// The object's id, whether expanded or not (an expanded object without an id gives `None`).
    pub fn id(&self) -> Option<&str>
    where
        T: HasId,
    {
        match self {
            Expandable::Id(id) => Some(id),
            Expandable::Object(object) => object.id(),
        }
    }

    /// Whether the field holds the expanded object.
    pub fn is_object(&self) -> bool {
        matches!(self, Expandable::Object(_))
    }

    /// The expanded object, if the field was expanded.
    pub fn as_object(&self) -> Option<&T> {
        match self {
            Expandable::Id(_) => None,
            Expandable::Object(object) => Some(object),
        }
    }

    /// Takes the expanded object, if the field was expanded.
    pub fn into_object(self) -> Option<T> {
        match self {
            Expandable::Id(_) => None,
            Expandable::Object(object) => Some(*object),
        }
    }
}

/// An empty id: what a required expandable field that a body lacked decodes as (see `Drift`).
impl<T> Default for Expandable<T> {
    fn default() -> Self {
        Expandable::Id(String::new())
    }
}

impl<T: Serialize> Serialize for Expandable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Expandable::Id(id) => serializer.serialize_str(id),
            Expandable::Object(object) => object.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Expandable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ExpandableVisitor(PhantomData))
    }
}

/// String → `Id`; map → `T` read straight from the map (no intermediate `serde_json::Value`).
struct ExpandableVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ExpandableVisitor<T> {
    type Value = Expandable<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object id string or an expanded object")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Expandable::Id(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Expandable::Id(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map))
            .map(|object| Expandable::Object(Box::new(object)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Deserialize, Serialize, Debug, PartialEq, Clone)]
    struct Customer {
        id: String,
        email: Option<String>,
    }

    impl HasId for Customer {
        fn id(&self) -> Option<&str> {
            Some(&self.id)
        }
    }

    #[derive(Deserialize, Debug)]
    struct Charge {
        customer: Option<Expandable<Customer>>,
    }

    #[test]
    fn string_is_id() {
        let e: Expandable<Customer> = serde_json::from_str(r#""cus_1""#).unwrap();
        assert_eq!(e, Expandable::Id("cus_1".to_owned()));
        assert_eq!(e.id(), Some("cus_1"));
        assert!(!e.is_object());
        assert_eq!(e.as_object(), None);
        assert_eq!(e.into_object(), None);
    }

    #[test]
    fn map_is_object() {
        let e: Expandable<Customer> =
            serde_json::from_str(r#"{"id": "cus_1", "email": "a@b.c"}"#).unwrap();
        assert!(e.is_object());
        assert_eq!(e.id(), Some("cus_1"));
        assert_eq!(e.as_object().unwrap().email.as_deref(), Some("a@b.c"));
        let customer = e.into_object().unwrap();
        assert_eq!(customer.id, "cus_1");
    }

    #[test]
    fn nested_in_struct_with_null_and_errors() {
        let c: Charge = serde_json::from_value(json!({"customer": "cus_1"})).unwrap();
        assert_eq!(c.customer, Some(Expandable::Id("cus_1".to_owned())));
        let c: Charge =
            serde_json::from_value(json!({"customer": {"id": "cus_2", "email": null}})).unwrap();
        assert_eq!(c.customer.unwrap().id(), Some("cus_2"));
        let c: Charge = serde_json::from_value(json!({"customer": null})).unwrap();
        assert_eq!(c.customer, None);
        // Neither a string nor a map.
        let err = serde_json::from_value::<Charge>(json!({"customer": 5})).unwrap_err();
        assert!(
            err.to_string()
                .contains("an object id string or an expanded object"),
            "{err}"
        );
        // A map that is not a valid `T`.
        assert!(serde_json::from_value::<Charge>(json!({"customer": {"email": "x"}})).is_err());
    }

    #[test]
    fn raw_json_object() {
        let e: Expandable<serde_json::Value> =
            serde_json::from_str(r#"{"id": "src_1", "object": "source"}"#).unwrap();
        assert_eq!(e.id(), Some("src_1"));
        assert_eq!(e.as_object().unwrap()["object"], "source");
    }

    #[test]
    fn serialize_round_trip() {
        let id: Expandable<Customer> = Expandable::Id("cus_1".to_owned());
        assert_eq!(serde_json::to_value(&id).unwrap(), json!("cus_1"));
        let object = Expandable::Object(Box::new(Customer {
            id: "cus_1".to_owned(),
            email: None,
        }));
        let value = serde_json::to_value(&object).unwrap();
        assert_eq!(value, json!({"id": "cus_1", "email": null}));
        assert_eq!(
            serde_json::from_value::<Expandable<Customer>>(value).unwrap(),
            object
        );
    }
}
