//! Build the model: operations and the type space, from a loaded spec and a
//! config. Steps, in order: convert the selected operations (naming every
//! schema as it is reached), merge identical inline shapes, work out usage
//! and secrets, box cycles, settle type names (operation names are
//! settled first, over every operation of the spec), then settle the Rust
//! shapes emission writes and check them (`settle.rs`). With an
//! `events` config, the typed webhook event is added after merging
//! (`events.rs`).

mod crate_names;
mod cycles;
mod errors;
mod events;
mod kinds;
mod merge;
mod merged_names;
mod names;
mod operations;
mod parameters;
mod request_body;
mod responses;
mod schema;
mod settle;
mod usage;
pub(crate) mod walk;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::ir::{ApiInfo, Model, Namespace, SkipReason, Skipped, TypeSpace};
use crate::load::Spec;
use crate::resolve::Resolver;

pub use schema::{ENUM_FALLBACK, MAX_SCHEMA_DEPTH, MAX_TYPE_NESTING};
pub use settle::{settle, EXTRA_FIELD};

/// The stack of the thread the model is built on: conversion recurses as
/// deep as the spec nests (up to [`MAX_SCHEMA_DEPTH`]), whatever the
/// caller's own stack (a test thread has 2 MiB).
pub const STACK_SIZE: usize = 64 << 20;

/// Build the model of `spec` for the operations `config` selects, on a
/// thread with a [`STACK_SIZE`] stack (on this one if none can be started).
pub fn build(spec: &Spec, config: &Config) -> Result<Model> {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("model".into())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, || build_here(spec, config));
        match worker {
            Ok(worker) => worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => build_here(spec, config),
        }
    })
}

fn build_here(spec: &Spec, config: &Config) -> Result<Model> {
    let mut builder = schema::TypeBuilder::new(Resolver::new(spec), config);
    let (all, unsupported) = builder.all_operations()?;
    // The config's method names replace derived ones before clashes are
    // settled, so they go through the same rule.
    let mut method_names = config.method_names()?;
    // Each operation's namespace and its path inside it (API v2: `v2::core`,
    // `/v2/accounts`; v1: the root and the path as it is).
    let places: Vec<(Namespace, String)> = all.iter().map(|f| Namespace::of_path(f.path)).collect();
    // Names are settled over the whole spec, so the selection renames nothing.
    let claims: Vec<names::OpClaim<'_>> = all
        .iter()
        .zip(&places)
        .map(|(found, (namespace, path))| {
            let mut derived = builder.derived_names(found);
            if let Some(method) = method_names.remove(&found.key()) {
                derived = names::renamed_method(derived, method);
            }
            names::OpClaim {
                method: found.method,
                namespace: namespace.clone(),
                path,
                pointer: found.pointer(),
                names: derived,
            }
        })
        .collect();
    if let Some(key) = method_names.into_keys().next() {
        return Err(Error::MissingOperation {
            file: config.file.clone(),
            operation: key.to_string(),
        });
    }
    let (settled, mut clashes) = names::settle_operations(&claims);
    let all: Vec<_> = all.into_iter().zip(settled).collect();
    let mut skipped: Vec<Skipped> = unsupported
        .into_iter()
        .map(|operation| Skipped {
            operation,
            reason: SkipReason::UnsupportedMethod,
        })
        .collect();
    let selected: Vec<_> = match config.selected()? {
        None => all,
        Some(keys) => {
            for key in &keys {
                if skipped.iter().any(|s| s.operation == key.to_string()) {
                    return Err(Error::Config {
                        file: config.file.clone(),
                        message: format!(
                            "operations: {key}: the client sends only GET, POST and DELETE"
                        ),
                    });
                }
                if !all.iter().any(|(f, _)| &f.key() == key) {
                    return Err(Error::MissingOperation {
                        file: config.file.clone(),
                        operation: key.to_string(),
                    });
                }
            }
            all.into_iter()
                .filter(|(f, _)| keys.contains(&f.key()))
                .collect()
        }
    };
    // The config's `exclude` leaves out what it names, and says so.
    let selected: Vec<_> = selected
        .into_iter()
        .filter(|(found, _)| match config.excluded_by(found.path) {
            Some(prefix) => {
                skipped.push(Skipped {
                    operation: found.key().to_string(),
                    reason: SkipReason::Excluded {
                        prefix: prefix.to_owned(),
                    },
                });
                false
            }
            None => true,
        })
        .collect();
    skipped.sort_by(|a, b| {
        let split = |k: &str| k.split_once(' ').map(|(m, p)| (p.to_owned(), m.to_owned()));
        split(&a.operation).cmp(&split(&b.operation))
    });
    // An unsettled clash matters only when it involves a selected operation.
    clashes.retain(|c| {
        selected
            .iter()
            .any(|(f, _)| f.pointer() == c.first || f.pointer() == c.second)
    });
    let mut operations = Vec::with_capacity(selected.len());
    for (found, op_names) in selected {
        operations.push(builder.operation(&found, op_names)?);
    }
    let pending = events::convert(&mut builder, config)?;
    let mut types = TypeSpace {
        types: builder.types,
    };
    merge::merge_identical(&mut types, &mut operations);
    let events = match pending {
        Some(pending) => Some(events::attach(&mut types, &operations, config, pending)?),
        None => None,
    };
    let error_code = errors::attach_codes(&mut types, &operations)?;
    let extra_roots: Vec<_> = events
        .iter()
        .flat_map(|e| [e.envelope.clone(), e.related.clone()])
        .chain(error_code.clone())
        .collect();
    usage::assign(&mut types, &operations, &extra_roots, config);
    cycles::box_cycles(&mut types);
    names::settle_types(&mut types, &mut operations, &mut clashes);
    if !clashes.is_empty() {
        clashes.sort();
        clashes.dedup();
        return Err(Error::NameCollision { clashes });
    }
    let mut model = Model {
        api: api_info(spec),
        operations,
        types,
        events,
        error_code,
        skipped,
    };
    settle::settle(&mut model)?;
    Ok(model)
}

fn api_info(spec: &Spec) -> ApiInfo {
    let base_url = spec
        .api
        .servers
        .first()
        .map(|s| s.url.trim_end_matches('/').to_owned())
        .unwrap_or_default();
    ApiInfo {
        version: spec.api.info.version.clone(),
        base_url,
    }
}
