//! The crate-wide names of a finished model, checked once (emission trusts
//! them): type names and aliases unique within their namespace (v1 is the
//! root, API v2's are `v2::core`, ...: a namespace is a module of its own, so
//! `v2::core::Account` and v1's `Account` never meet), an operation's name for its
//! parameters naming only its own struct, one accessor type per group, and no
//! group named as a module of the crate root. `names.rs` settles clashes by
//! its rule; this is the check that the result (or a hand-made model) has none.

use std::collections::BTreeMap;

use crate::error::{Error, Location, NameClash, Result};
use crate::ir::{Model, Namespace, TypeId};
use crate::naming;

pub(super) fn check(model: &Model) -> Result<()> {
    let collision = |name: &str, first: String, second: String| Error::NameCollision {
        clashes: vec![NameClash {
            name: name.to_owned(),
            first,
            second,
        }],
    };
    // name → (type id, whether the name is a merged member's alias).
    let mut seen: BTreeMap<(&Namespace, &str), (&TypeId, bool)> = BTreeMap::new();
    for def in model.types.iter() {
        for (i, name) in def.names().enumerate() {
            if let Some((first, _)) = seen.insert((&def.module.namespace, name), (&def.id, i > 0)) {
                return Err(collision(name, first.to_string(), def.id.to_string()));
            }
        }
    }
    // An operation's name for its parameters: its struct's own name, or an
    // alias emitted beside it that names no other struct.
    let mut params: BTreeMap<(&Namespace, &str), &TypeId> = BTreeMap::new();
    let mut group_types: BTreeMap<(&Namespace, &str), &str> = BTreeMap::new();
    for op in &model.operations {
        let sets = op.query.iter().chain(op.body.iter().map(|b| &b.params));
        for set in sets {
            let name = set.name.as_str();
            let key = (&op.namespace, name);
            let other = match (seen.get(&key), params.get(&key)) {
                (Some((id, false)), _) if **id == set.ty => None,
                (Some((id, _)), _) => Some(*id),
                (None, Some(id)) if **id != set.ty => Some(*id),
                (None, _) => None,
            };
            if let Some(other) = other {
                return Err(collision(name, other.to_string(), op.location.clone()));
            }
            params.insert(key, &set.ty);
        }
        if naming::ROOT_MODULES.contains(&op.group.as_str()) {
            return Err(collision(
                &op.group,
                "a module of the crate root".to_owned(),
                format!("the group of {}", op.location),
            ));
        }
        let ty = group_types
            .entry((&op.namespace, &op.group))
            .or_insert(&op.group_type);
        if *ty != op.group_type {
            return Err(Error::OperationShape {
                location: Location::new(&op.location),
                operation: op.operation_id.clone(),
                problem: format!(
                    "group `{}` has two type names: `{ty}` and `{}`",
                    op.group, op.group_type
                ),
            });
        }
    }
    Ok(())
}
