//! The changelog of a spec update: what changed between two models built
//! with the same config, for the operations it selects, and whether each
//! change breaks code written against the crate generated from the older one.
//!
//! Types are paired by walking both models from each operation present in
//! both (same method and path), field by wire name, variant by name, enum
//! value by wire value: a type is compared once per side (request or
//! response) whatever its id, so an inline shape moved or merged between
//! versions is still compared with its counterpart. Only names, types and
//! values are reported, never descriptions.

mod change;
mod render;
mod walk;

pub use change::{Change, ChangeKind, Diff, KindCount, Side, Summary};

use crate::ir::Model;

/// Compare `old` with `new` (both built with the same config).
pub fn diff(old: &Model, new: &Model) -> Diff {
    Diff {
        from: old.api.version.clone(),
        to: new.api.version.clone(),
        changes: walk::changes(old, new),
        warnings: [old, new]
            .iter()
            .filter_map(|m| {
                let warning = m.skipped_warning()?;
                Some(format!("`{}`: {warning}", m.api.version))
            })
            .collect(),
    }
}

/// Build the models of the spec files `from` and `to` with one config file,
/// and compare them.
pub fn between(
    from: &std::path::Path,
    to: &std::path::Path,
    config: &std::path::Path,
) -> crate::Result<Diff> {
    let (old, _) = crate::pipeline::model(from, config)?;
    let (new, _) = crate::pipeline::model(to, config)?;
    Ok(diff(&old, &new))
}

impl Diff {
    /// The whole changelog as Markdown: a summary table, then one row per change.
    pub fn markdown(&self) -> String {
        render::markdown(self, true)
    }

    /// Only the summary, as Markdown.
    pub fn markdown_summary(&self) -> String {
        render::markdown(self, false)
    }

    /// The whole changelog as YAML, for scripts.
    pub fn yaml(&self) -> Result<String, serde_yaml::Error> {
        render::yaml(self)
    }
}

#[cfg(test)]
mod tests;
