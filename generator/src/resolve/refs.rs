//! `$ref` resolution and JSON pointers.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

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

pub use crate::pointer::{child, escape};

/// `#/components/schemas/<name>` → `<name>`.
pub fn component_name(reference: &str) -> Option<&str> {
    reference
        .strip_prefix("#/components/schemas/")
        .filter(|n| !n.contains('/'))
}

/// Looks up component schemas for references, with spec locations for errors.
///
/// A component that is only a `$ref` to another is followed to the schema the chain ends at once:
/// every name the walk passed is remembered with that end, so a later reference to any of them
/// takes one step. A chain of n aliases costs O(n) in all, however many references point into it
/// (a walk that looked each name up in the names before it, again for each reference, was
/// quadratic: 40,000 aliases took 5.6 s; BENCHMARKS.md, "`$ref` chains").
pub struct Resolver<'a> {
    pub spec: &'a Spec,
    /// Component name (one that is a `$ref`) → the component its chain ends at.
    ends: RefCell<HashMap<&'a str, &'a str>>,
}

impl<'a> Resolver<'a> {
    pub fn new(spec: &'a Spec) -> Self {
        Resolver {
            spec,
            ends: RefCell::new(HashMap::new()),
        }
    }

    pub fn api(&self) -> &'a OpenAPI {
        &self.spec.api
    }

    /// The component schema a `$ref` found at `at` names. A component that is
    /// itself only a reference is followed; a chain of them that comes back
    /// to where it started is a [`Error::RefCycle`].
    pub fn component(&self, reference: &str, at: &str) -> Result<(&'a str, &'a Schema)> {
        let mut reference = reference;
        let mut at = at.to_owned();
        // The names walked, in order (for the cycle's message), and as a set (to find it).
        let mut chain: Vec<&'a str> = Vec::new();
        let mut seen: HashSet<&'a str> = HashSet::new();
        loop {
            let unresolved = || Error::UnresolvedRef {
                location: self.spec.locate(&at),
                reference: reference.to_owned(),
            };
            let name = component_name(reference).ok_or_else(unresolved)?;
            let components = self.api().components.as_ref().ok_or_else(unresolved)?;
            let (mut key, mut schema) = components
                .schemas
                .get_key_value(name)
                .ok_or_else(unresolved)?;
            // A chain already walked: jump to its end.
            if let Some(end) = self.ends.borrow().get(key.as_str()) {
                if let Some(found) = components.schemas.get_key_value(*end) {
                    (key, schema) = found;
                }
            }
            if !seen.insert(key.as_str()) {
                let mut names: Vec<String> = chain.iter().map(|n| (*n).to_owned()).collect();
                names.push(key.clone());
                return Err(Error::RefCycle {
                    location: self.spec.locate(&at),
                    chain: names,
                });
            }
            chain.push(key);
            match schema {
                ReferenceOr::Item(schema) => {
                    let mut ends = self.ends.borrow_mut();
                    for name in &chain[..chain.len() - 1] {
                        ends.insert(name, key);
                    }
                    return Ok((key.as_str(), schema));
                }
                ReferenceOr::Reference { reference: next } => {
                    reference = next;
                    at = child("#/components/schemas", key);
                }
            }
        }
    }
}
