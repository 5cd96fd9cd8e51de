//! Which types are sent, which received, and which request fields are secret.

use std::collections::{BTreeMap, BTreeSet};

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
        if def.usage.is_request() {
            if let TypeKind::Struct(s) = &mut def.kind {
                for f in &mut s.fields {
                    f.secret = config.secret_fields.contains(&f.wire_name);
                }
            }
        }
    }
}
