//! `$ref` resolution and JSON pointers.

use openapiv3::{OpenAPI, ReferenceOr, Schema};

use crate::error::{Error, Result};
use crate::load::Spec;

/// A schema position: either a reference or an inline schema.
#[derive(Clone, Copy)]
pub enum Node<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for Node<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(s) => Node::Inline(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for Node<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(s) => Node::Inline(s),
        }
    }
}

/// Escape one JSON pointer segment (RFC 6901).
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// `parent/segment`, escaped.
pub fn child(parent: &str, segment: &str) -> String {
    format!("{parent}/{}", escape(segment))
}

/// `#/components/schemas/<name>` → `<name>`.
pub fn component_name(reference: &str) -> Option<&str> {
    reference
        .strip_prefix("#/components/schemas/")
        .filter(|n| !n.contains('/'))
}

/// Looks up component schemas for references, with spec locations for errors.
pub struct Resolver<'a> {
    pub spec: &'a Spec,
}

impl<'a> Resolver<'a> {
    pub fn api(&self) -> &'a OpenAPI {
        &self.spec.api
    }

    /// The component schema a `$ref` found at `at` names. A component that is
    /// itself only a reference is followed; a chain of them that comes back
    /// to where it started is a [`Error::RefCycle`].
    pub fn component(&self, reference: &str, at: &str) -> Result<(&'a str, &'a Schema)> {
        let mut reference = reference;
        let mut at = at.to_owned();
        let mut chain: Vec<&str> = Vec::new();
        loop {
            let unresolved = || Error::UnresolvedRef {
                location: self.spec.locate(&at),
                reference: reference.to_owned(),
            };
            let name = component_name(reference).ok_or_else(unresolved)?;
            let components = self.api().components.as_ref().ok_or_else(unresolved)?;
            let (key, schema) = components
                .schemas
                .get_key_value(name)
                .ok_or_else(unresolved)?;
            if chain.contains(&key.as_str()) {
                let mut names: Vec<String> = chain.iter().map(|n| (*n).to_owned()).collect();
                names.push(key.clone());
                return Err(Error::RefCycle {
                    location: self.spec.locate(&at),
                    chain: names,
                });
            }
            chain.push(key);
            match schema {
                ReferenceOr::Item(schema) => return Ok((key.as_str(), schema)),
                ReferenceOr::Reference { reference: next } => {
                    reference = next;
                    at = child("#/components/schemas", key);
                }
            }
        }
    }
}
