//! The crate-wide names of a finished model, checked once (emission trusts
//! them): type names and aliases unique, an operation's name for its
//! parameters naming only its own struct, one accessor type per group, and no
//! group named as a module of the crate root. `names.rs` settles clashes by
//! its rule; this is the check that the result (or a hand-made model) has none.

use std::collections::BTreeMap;

use crate::error::{Error, Location, NameClash, Result};
use crate::ir::Model;
use crate::naming;

pub(super) fn check(model: &Model) -> Result<()> {
    let collision = |name: &str, first: String, second: String| Error::NameCollision {
        clashes: vec![NameClash {
            name: name.to_owned(),
            first,
            second,
        }],
    };
    let mut seen: BTreeMap<&str, String> = BTreeMap::new();
    for def in model.types.iter() {
        for name in def.names() {
            if let Some(first) = seen.insert(name, def.id.to_string()) {
                return Err(collision(name, first, def.id.to_string()));
            }
        }
    }
    let mut group_types: BTreeMap<&str, &str> = BTreeMap::new();
    for op in &model.operations {
        let sets = op.query.iter().chain(op.body.iter().map(|b| &b.params));
        for set in sets {
            // An alias's name is its own, or the struct's it names.
            if let Some(other) = seen
                .get(set.name.as_str())
                .filter(|o| **o != set.ty.to_string())
            {
                return Err(collision(&set.name, other.clone(), op.location.clone()));
            }
        }
        if naming::ROOT_MODULES.contains(&op.group.as_str()) {
            return Err(collision(
                &op.group,
                "a module of the crate root".to_owned(),
                format!("the group of {}", op.location),
            ));
        }
        let ty = group_types.entry(&op.group).or_insert(&op.group_type);
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
