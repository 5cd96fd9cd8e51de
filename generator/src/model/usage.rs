//! Which types are sent, which received, and which fields are secret.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;

use crate::config::Config;
use crate::ir::{Operation, TypeId, TypeKind, TypeSpace, Usage};

use super::walk;

/// `extra_responses`: response roots besides the operations' (the webhook event).
pub fn assign(
    types: &mut TypeSpace,
    operations: &[Operation],
    extra_responses: &[TypeId],
    config: &Config,
) {
    // One walk from every request root, one from every response root.
    let (mut request, mut response) = (Vec::new(), extra_responses.to_vec());
    for op in operations {
        let (req, resp) = walk::operation_roots(op);
        request.extend(req);
        response.extend(resp);
    }
    let mut usage: BTreeMap<TypeId, Usage> = BTreeMap::new();
    for (roots, kind) in [(request, Usage::Request), (response, Usage::Response)] {
        let mut seen = BTreeSet::new();
        let mut stack = roots;
        while let Some(id) = stack.pop() {
            if seen.contains(&id) {
                continue;
            }
            if let Some(def) = types.get(&id) {
                stack.extend(walk::named_targets(def));
            }
            usage
                .entry(id.clone())
                .and_modify(|u| *u = u.union(kind))
                .or_insert(kind);
            seen.insert(id);
        }
    }
    for def in types.types.values_mut() {
        if let Some(u) = usage.get(&def.id) {
            def.usage = *u;
        }
        // Secrets are redacted wherever they travel: sent (card numbers, ids) or
        // received (client secrets, webhook secrets, tax ids).
        if let TypeKind::Struct(s) = &mut def.kind {
            let owner = def.name.to_snake_case();
            for f in &mut s.fields {
                f.secret = is_secret(&config.secret_fields, &owner, &f.wire_name);
            }
        }
    }
}

/// Whether a configured entry names field `wire` of a type whose snake_case
/// name is `owner`: `cvc` names every field `cvc`; `tax_id.value` names field
/// `value` of a type named `tax_id` or `…_tax_id` (field names have no dots).
fn is_secret(entries: &BTreeSet<String>, owner: &str, wire: &str) -> bool {
    entries.iter().any(|entry| match entry.rsplit_once('.') {
        None => entry == wire,
        Some((qualifier, field)) => {
            field == wire
                && (owner == qualifier
                    || owner
                        .strip_suffix(qualifier)
                        .is_some_and(|rest| rest.ends_with('_')))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_match_bare_or_qualified() {
        let entries: BTreeSet<String> = ["cvc", "tax_id.value"].map(str::to_owned).into();
        assert!(is_secret(&entries, "anything", "cvc"));
        assert!(is_secret(&entries, "tax_id", "value"));
        assert!(is_secret(&entries, "invoice_customer_tax_id", "value"));
        assert!(!is_secret(&entries, "customer_tax_id_data", "value"));
        assert!(!is_secret(&entries, "vat_tax_idx", "value"));
        assert!(!is_secret(&entries, "price", "value"));
        assert!(!is_secret(&entries, "tax_id", "cvc_check"));
    }
}
