//! Merge structurally identical inline shapes into one type.
//!
//! Two inline types are identical when their kinds are equal with docs left
//! out and with references compared after earlier merges. Repeats until
//! nothing changes, since merging children can make parents identical. The
//! survivor is the one with the shortest name (then the smallest name and
//! id), so `address_specs`, written five times under a token's person and
//! account, becomes one `CreateTokenPersonAddress`.

use std::collections::BTreeMap;

use crate::ir::{Operation, Origin, TypeDef, TypeId, TypeKind, TypeSpace};

use super::walk;

pub fn merge_identical(types: &mut TypeSpace, operations: &mut [Operation]) {
    loop {
        let mut groups: BTreeMap<String, Vec<&TypeDef>> = BTreeMap::new();
        for def in types.types.values() {
            if matches!(def.origin, Origin::Inline { .. }) {
                groups.entry(shape_key(&def.kind)).or_default().push(def);
            }
        }
        let mut alias: BTreeMap<TypeId, TypeId> = BTreeMap::new();
        for group in groups.values().filter(|g| g.len() > 1) {
            let survivor = group
                .iter()
                .min_by(|a, b| (a.name.len(), &a.name, &a.id).cmp(&(b.name.len(), &b.name, &b.id)))
                .map(|d| d.id.clone())
                .into_iter()
                .next();
            if let Some(survivor) = survivor {
                for def in group.iter().filter(|d| d.id != survivor) {
                    alias.insert(def.id.clone(), survivor.clone());
                }
            }
        }
        if alias.is_empty() {
            return;
        }
        for (gone, survivor) in &alias {
            if let Some(def) = types.types.remove(gone) {
                if let Some(s) = types.types.get_mut(survivor) {
                    s.merged.push(def.id);
                    s.merged.extend(def.merged);
                    s.merged.sort();
                    s.usage = s.usage.union(def.usage);
                }
            }
        }
        let f = |id: &TypeId| alias.get(id).cloned();
        for def in types.types.values_mut() {
            walk::rewrite_def(def, &f);
        }
        for op in operations.iter_mut() {
            walk::rewrite_operation(op, &f);
        }
    }
}

/// The shape of a kind: everything but docs.
fn shape_key(kind: &TypeKind) -> String {
    let mut kind = kind.clone();
    if let TypeKind::Struct(s) = &mut kind {
        for f in &mut s.fields {
            f.docs = None;
        }
    }
    serde_json::to_string(&kind).unwrap_or_default()
}
