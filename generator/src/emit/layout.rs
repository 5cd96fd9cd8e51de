//! Where everything goes: the type folders and files, the groups, the
//! aliases beside their types and each group's public module.

use std::collections::BTreeMap;

use super::{aliases, modules, namespaces};
use crate::error::Result;
use crate::ir;

/// Where everything goes: types by folder and file, operations by group.
pub(crate) struct Layout<'m> {
    /// folder (`resources`, `v2/core/resources`) → file stem (`token`) → types sorted by name.
    pub folders: BTreeMap<String, BTreeMap<String, Vec<&'m ir::TypeDef>>>,
    /// group key (`tokens`, `v2/core/accounts`: `namespaces::group_key`) →
    /// operations in model order.
    pub groups: BTreeMap<String, Vec<&'m ir::Operation>>,
    /// module (`params/retrieve_account`) → the parameter aliases beside its types.
    pub aliases: BTreeMap<String, Vec<aliases::Alias<'m>>>,
    /// group (`tokens`) → the names its public module re-exports.
    pub modules: modules::GroupModules,
}

impl<'m> Layout<'m> {
    pub(crate) fn of(model: &'m ir::Model) -> Result<Self> {
        let mut folders: BTreeMap<String, BTreeMap<String, Vec<&ir::TypeDef>>> = BTreeMap::new();
        for def in model.types.iter() {
            folders
                .entry(def.module.folder_path())
                .or_default()
                .entry(def.module.file.clone())
                .or_default()
                .push(def);
        }
        for types in folders.values_mut().flat_map(|m| m.values_mut()) {
            types.sort_by(|a, b| a.name.cmp(&b.name));
        }
        let mut groups: BTreeMap<String, Vec<&ir::Operation>> = BTreeMap::new();
        for op in &model.operations {
            groups
                .entry(namespaces::group_key(op))
                .or_default()
                .push(op);
        }
        let aliases = aliases::of(model)?;
        let modules = modules::of(model)?;
        Ok(Layout {
            folders,
            groups,
            aliases,
            modules,
        })
    }
}
