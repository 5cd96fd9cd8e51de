//! Merge structurally identical inline shapes into one type.
//!
//! Two inline types are identical when their kinds are equal with docs left
//! out and with references compared after earlier merges. Repeats until
//! nothing changes, since merging children can make parents identical. The
//! survivor keeps the id of the member with the shortest name (then the
//! smallest name and id) and is named by what all the members' names share:
//! their common leading and trailing words (`CreateToken…Address` for the
//! five `address_specs` under a token's person and account gives
//! `CreateTokenAddress`), when that is two words or more and free; else it
//! keeps the shortest member name.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Operation, Origin, TypeDef, TypeId, TypeKind, TypeSpace};

use super::walk;

pub fn merge_identical(types: &mut TypeSpace, operations: &mut [Operation]) {
    // The shape key of every inline type, recomputed only for the types a
    // round of merging rewrote.
    let mut keys: BTreeMap<TypeId, String> = types
        .types
        .values()
        .filter(|def| matches!(def.origin, Origin::Inline { .. }))
        .map(|def| (def.id.clone(), shape_key(&def.kind)))
        .collect();
    loop {
        let mut groups: BTreeMap<&str, Vec<&TypeDef>> = BTreeMap::new();
        for (id, key) in &keys {
            if let Some(def) = types.types.get(id) {
                groups.entry(key).or_default().push(def);
            }
        }
        let mut alias: BTreeMap<TypeId, TypeId> = BTreeMap::new();
        let mut renames: BTreeMap<TypeId, String> = BTreeMap::new();
        let taken: BTreeSet<&str> = types.types.values().map(|d| d.name.as_str()).collect();
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
                let names: Vec<&str> = group.iter().map(|d| d.name.as_str()).collect();
                if let Some(shared) = shared_name(&names) {
                    if !taken.contains(shared.as_str()) && renames.values().all(|n| n != &shared) {
                        renames.insert(survivor, shared);
                    }
                }
            }
        }
        if alias.is_empty() {
            return;
        }
        for (gone, survivor) in &alias {
            keys.remove(gone);
            if let Some(def) = types.types.remove(gone) {
                if let Some(s) = types.types.get_mut(survivor) {
                    s.merged.push(def.id);
                    s.merged.extend(def.merged);
                    s.merged.sort();
                    s.usage = s.usage.union(def.usage);
                }
            }
        }
        for (id, name) in renames {
            if let Some(def) = types.types.get_mut(&id) {
                def.name = name;
            }
        }
        let rewrote = std::cell::Cell::new(false);
        let f = |id: &TypeId| {
            let to = alias.get(id).cloned();
            if to.is_some() {
                rewrote.set(true);
            }
            to
        };
        for def in types.types.values_mut() {
            rewrote.set(false);
            walk::rewrite_def(def, &f);
            if rewrote.get() {
                if let Some(key) = keys.get_mut(&def.id) {
                    *key = shape_key(&def.kind);
                }
            }
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

/// UpperCamelCase words: `CreateTokenPersonAddress` → `Create`, `Token`, ….
fn words(name: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            out.push(&name[start..i]);
            start = i;
        }
    }
    out.push(&name[start..]);
    out
}

/// The words every name starts with plus the words every name ends with
/// (without overlap), when that makes two words or more and differs from
/// the names themselves.
fn shared_name(names: &[&str]) -> Option<String> {
    let split: Vec<Vec<&str>> = names.iter().map(|n| words(n)).collect();
    let shortest = split.iter().map(Vec::len).min()?;
    let prefix = (0..shortest)
        .take_while(|&i| split.iter().all(|w| w[i] == split[0][i]))
        .count();
    let suffix = (0..shortest - prefix)
        .take_while(|&i| {
            split
                .iter()
                .all(|w| w[w.len() - 1 - i] == split[0][split[0].len() - 1 - i])
        })
        .count();
    if prefix + suffix < 2
        || (prefix + suffix == shortest && split.iter().any(|w| w.len() == shortest))
    {
        return None;
    }
    let first = &split[0];
    let mut name: String = first[..prefix].concat();
    name.push_str(&first[first.len() - suffix..].concat());
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::shared_name;

    #[test]
    fn shared_words_name_a_merged_shape() {
        let addresses = [
            "CreateTokenAccountCompanyAddress",
            "CreateTokenAccountIndividualRegisteredAddress",
            "CreateTokenPersonAddress",
        ];
        assert_eq!(
            shared_name(&addresses).as_deref(),
            Some("CreateTokenAddress")
        );
        let payouts = [
            "CardAvailablePayoutMethods",
            "BankAccountAvailablePayoutMethods",
        ];
        assert_eq!(
            shared_name(&payouts).as_deref(),
            Some("AvailablePayoutMethods")
        );
        // Nothing shared but one word: keep the shortest member name.
        assert_eq!(shared_name(&["CardBrand", "SourceBrand"]), None);
        // Identical names are not a new name.
        assert_eq!(
            shared_name(&["CustomerOrDeletedCustomer", "CustomerOrDeletedCustomer"]),
            None
        );
    }
}
