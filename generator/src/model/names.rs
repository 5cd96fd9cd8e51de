//! Final name checks: one crate-wide namespace for types and the runtime's
//! re-exports; one for the API group types (they live in `crate::api` only);
//! one per group for its methods.

use std::collections::BTreeMap;

use crate::error::Result;
use crate::ir::{Operation, TypeSpace};
use crate::naming::NameScope;

pub fn check(types: &TypeSpace, operations: &[Operation]) -> Result<()> {
    let mut scope = NameScope::new();
    for name in crate::ir::RUNTIME_EXPORTS {
        scope.claim(name, "the runtime (re-exported at the crate root)")?;
    }
    for def in types.iter() {
        scope.claim(&def.name, def.id.as_str())?;
    }
    let mut group_types = NameScope::new();
    let mut groups: BTreeMap<&str, NameScope> = BTreeMap::new();
    for op in operations {
        group_types.claim(
            &op.group_type,
            &format!("the `{}` operations group", op.group),
        )?;
        groups
            .entry(op.group.as_str())
            .or_default()
            .claim(&op.method_name, &op.location)?;
    }
    Ok(())
}
