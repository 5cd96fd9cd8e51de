//! Build the model: operations and the type space, from a loaded spec and a
//! config. Steps, in order: convert the selected operations (naming every
//! schema as it is reached), merge identical inline shapes, work out usage
//! and secrets, box cycles, check names. With an `events` config, the typed
//! webhook event is added after merging (`events.rs`).

mod cycles;
mod events;
mod merge;
mod names;
mod operations;
mod schema;
mod usage;
pub(crate) mod walk;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::ir::{ApiInfo, Model, TypeSpace};
use crate::load::Spec;
use crate::resolve::Resolver;

pub use schema::ENUM_FALLBACK;

/// Build the model of `spec` for the operations `config` selects.
pub fn build(spec: &Spec, config: &Config) -> Result<Model> {
    let mut builder = schema::TypeBuilder::new(Resolver { spec }, config);
    let all = builder.all_operations()?;
    let selected = match config.selected()? {
        None => all,
        Some(keys) => {
            for key in &keys {
                if !all.iter().any(|f| &f.key() == key) {
                    return Err(Error::MissingOperation {
                        file: config.file.clone(),
                        operation: key.to_string(),
                    });
                }
            }
            all.into_iter()
                .filter(|f| keys.contains(&f.key()))
                .collect()
        }
    };
    let mut operations = Vec::with_capacity(selected.len());
    for found in &selected {
        operations.push(builder.operation(found)?);
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
    let extra_roots: Vec<_> = events.iter().map(|e| e.envelope.clone()).collect();
    usage::assign(&mut types, &operations, &extra_roots, config);
    cycles::box_cycles(&mut types);
    names::check(&types, &operations)?;
    Ok(Model {
        api: api_info(spec),
        operations,
        types,
        events,
    })
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
