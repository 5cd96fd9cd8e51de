//! The public module of each operation group (`stripe_client::tokens`): the
//! group's API struct, every type its operations' parameters reach (nested
//! structs, enums and unions, and the aliases of `emit/aliases.rs`: an
//! operation's name for its parameters and a merged type's members' names), and the
//! types its operations return. Each entry is a re-export of the type's one
//! definition in its folder (`params/`, `resources/`), so a type shared by
//! several groups is the same item in each of their modules, and its home is
//! its folder path (`stripe_client::resources::Card`).
//!
//! Type names are unique within their namespace (checked by `model/crate_names.rs`), and an
//! alias names one struct (`emit::aliases`), so inside a module only the
//! group's API struct can meet a type of the same name: the type keeps the
//! name and the struct is reached as `api::<Name>`. A group named as a
//! module of the crate root (`api`, `params`, ...) is a `NameCollision` of
//! the model (`naming::ROOT_MODULES`).

use std::collections::{BTreeMap, BTreeSet};

use super::namespaces::group_key;
use crate::error::Result;
use crate::ir;
use crate::model::walk;

const FILE: &str = "src/lib.rs";

/// One name in a group's module and where its definition is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Export {
    /// The group's API struct, `crate::api::<Name>`.
    Api,
    /// A type or alias defined in `crate::<folder>` (`v2/core/resources` in a namespace).
    Folder(String),
}

/// group key (`tokens`, `v2/core/accounts`) → name (`CreateToken`) → where
/// it is defined.
pub(crate) type GroupModules = BTreeMap<String, BTreeMap<String, Export>>;

/// The public module of every group.
pub(crate) fn of(model: &ir::Model) -> Result<GroupModules> {
    let mut modules: GroupModules = BTreeMap::new();
    for op in &model.operations {
        let module = modules.entry(group_key(op)).or_default();
        let sets = op.query.iter().chain(op.body.iter().map(|b| &b.params));
        let mut roots = Vec::new();
        for set in sets {
            let def = lookup(model, &set.ty, op)?;
            // The operation's own name for its parameters (maybe an alias
            // beside the struct, in the struct's folder).
            insert(module, &op.group, &set.name, folder_of(def)?)?;
            roots.push(set.ty.clone());
        }
        for id in request_closure(model, roots, op)? {
            let def = lookup(model, &id, op)?;
            for name in def.names() {
                insert(module, &op.group, name, folder_of(def)?)?;
            }
        }
        let mut returned = Vec::new();
        walk::collect(&op.success.ty, &mut returned);
        for id in returned {
            let def = lookup(model, &id, op)?;
            for name in def.names() {
                insert(module, &op.group, name, folder_of(def)?)?;
            }
        }
    }
    // The API struct comes last: a type of the module with its name (group
    // `balance`, struct `Balance`, resource `Balance`) keeps the name, and
    // the struct stays reachable as `api::<Name>` (apps reach it through
    // `client.<group>()` and seldom name it).
    for op in &model.operations {
        if let Some(module) = modules.get_mut(&group_key(op)) {
            module.entry(op.group_type.clone()).or_insert(Export::Api);
        }
    }
    Ok(modules)
}

/// Every named type the parameter structs `roots` reach, through fields and
/// variants at any depth (a work list, not recursion), sorted by id.
fn request_closure(
    model: &ir::Model,
    roots: Vec<ir::TypeId>,
    op: &ir::Operation,
) -> Result<BTreeSet<ir::TypeId>> {
    let mut seen = BTreeSet::new();
    let mut stack = roots;
    while let Some(id) = stack.pop() {
        if seen.contains(&id) {
            continue;
        }
        stack.extend(walk::named_targets(lookup(model, &id, op)?));
        seen.insert(id);
    }
    Ok(seen)
}

fn insert(
    module: &mut BTreeMap<String, Export>,
    group: &str,
    name: &str,
    export: Export,
) -> Result<()> {
    match module.get(name) {
        Some(existing) if *existing != export => Err(crate::Error::NameCollision {
            clashes: vec![crate::error::NameClash {
                name: name.to_owned(),
                first: describe(existing),
                second: format!("{} (both in module `{group}`)", describe(&export)),
            }],
        }),
        Some(_) => Ok(()),
        None => {
            module.insert(name.to_owned(), export);
            Ok(())
        }
    }
}

fn describe(export: &Export) -> String {
    match export {
        Export::Api => "the group's API struct".to_owned(),
        Export::Folder(folder) => format!("a type in `{folder}`"),
    }
}

fn folder_of(def: &ir::TypeDef) -> Result<Export> {
    Ok(Export::Folder(def.module.folder_path()))
}

fn lookup<'m>(
    model: &'m ir::Model,
    id: &ir::TypeId,
    op: &ir::Operation,
) -> Result<&'m ir::TypeDef> {
    model.types.get(id).ok_or_else(|| crate::Error::Unsettled {
        file: FILE.to_owned(),
        message: format!("{}: type `{id}` is not in the model", op.operation_id),
    })
}
