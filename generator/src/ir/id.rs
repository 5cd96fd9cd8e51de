//! The identity of a type, a leaf every part of the model refers to.

use serde::Serialize;

/// Identity of a type: the JSON pointer of the schema that defines it
/// (`#/components/schemas/token`, or the pointer of an inline schema).
/// When structurally identical shapes are merged, the survivor keeps its id
/// and lists the others in [`TypeDef::merged`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct TypeId(pub String);

impl TypeId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for TypeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
