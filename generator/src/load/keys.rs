//! A checking pass over the parsed YAML, run before openapiv3 sees it: every
//! mapping's keys are distinct, and every value is one JSON can hold (no
//! `.nan` or `.inf`, no YAML tags). openapiv3 parses `$ref`-or-schema nodes
//! twice, once through serde's buffered content (which keeps a duplicated key
//! and so fails) and once through `serde_json::Value` (which keeps the last
//! one and succeeds), and panics when the two disagree.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::pointer::escape;

/// What the pass found wrong, and the JSON pointer of where.
pub enum Problem {
    DuplicateKey { pointer: String, key: String },
    NotJson { pointer: String, what: String },
}

/// The pass's state: the path to the current node, and the problem found.
#[derive(Default)]
pub struct Checker {
    path: RefCell<Vec<String>>,
    problem: RefCell<Option<Problem>>,
}

impl Checker {
    /// Walks the document; `Err` is serde_yaml's error (with its line), and
    /// [`Checker::problem`] then says what was wrong when it was this pass.
    pub fn check(&self, source: &str) -> Result<(), serde_yaml::Error> {
        Node { checker: self }.deserialize(serde_yaml::Deserializer::from_str(source))
    }

    pub fn problem(self) -> Option<Problem> {
        self.problem.into_inner()
    }

    fn pointer(&self, last: Option<&str>) -> String {
        let mut out = String::from("#");
        for seg in self.path.borrow().iter().map(String::as_str).chain(last) {
            out.push('/');
            out.push_str(&escape(seg));
        }
        out
    }

    fn fail<E: de::Error>(&self, problem: Problem) -> E {
        let message = match &problem {
            Problem::DuplicateKey { key, .. } => format!("duplicate key `{key}`"),
            Problem::NotJson { what, .. } => what.clone(),
        };
        *self.problem.borrow_mut() = Some(problem);
        E::custom(message)
    }

    fn not_json<E: de::Error>(&self, what: impl Into<String>) -> E {
        self.fail(Problem::NotJson {
            pointer: self.pointer(None),
            what: what.into(),
        })
    }
}

/// Any node: checks its children.
struct Node<'c> {
    checker: &'c Checker,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML node JSON can hold")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        if v.is_finite() {
            Ok(())
        } else {
            Err(self
                .checker
                .not_json(format!("`{v}` is not a number JSON can hold")))
        }
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0usize;
        loop {
            self.checker.path.borrow_mut().push(index.to_string());
            let more = seq.next_element_seed(Node {
                checker: self.checker,
            })?;
            self.checker.path.borrow_mut().pop();
            if more.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key_seed(Key {
            checker: self.checker,
            seen: &mut seen,
        })? {
            self.checker.path.borrow_mut().push(key);
            map.next_value_seed(Node {
                checker: self.checker,
            })?;
            self.checker.path.borrow_mut().pop();
        }
        Ok(())
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(self
            .checker
            .not_json("a YAML tag (`!name`), which JSON cannot hold"))
    }
}

/// A mapping key: a scalar not seen before in its mapping. Raised here, an
/// error carries the line of the key itself.
struct Key<'c, 's> {
    checker: &'c Checker,
    seen: &'s mut HashSet<String>,
}

impl Key<'_, '_> {
    fn claim<E: de::Error>(self, key: String) -> Result<String, E> {
        if self.seen.contains(&key) {
            let pointer = self.checker.pointer(Some(&key));
            return Err(self.checker.fail(Problem::DuplicateKey { pointer, key }));
        }
        self.seen.insert(key.clone());
        Ok(key)
    }
}

impl<'de> DeserializeSeed<'de> for Key<'_, '_> {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Key<'_, '_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scalar mapping key")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        self.claim(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        self.claim(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        self.claim(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        self.claim(v.to_string())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        self.claim(v.to_owned())
    }
    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        self.claim("null".to_owned())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(self
            .checker
            .not_json("a mapping key that is a sequence, which JSON cannot hold"))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(self
            .checker
            .not_json("a mapping key that is a mapping, which JSON cannot hold"))
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(self
            .checker
            .not_json("a YAML tag (`!name`), which JSON cannot hold"))
    }
}
