//! The whole pipeline in one call: spec + config + templates → files.

use std::path::Path;

use crate::config::Config;
use crate::emit::{emit_crate, EmitOptions, GeneratedFile};
use crate::error::Result;
use crate::ir::Model;
use crate::load::Spec;

/// Load, model: the model `cargo xtask ir` prints.
pub fn model(spec: &Path, config: &Path) -> Result<(Model, Config)> {
    let spec = Spec::from_path(spec)?;
    let config = Config::from_path(config)?;
    let model = crate::model::build(&spec, &config)?;
    Ok((model, config))
}

/// Load, model, emit: the files of the client crate.
pub fn generate(spec: &Path, config: &Path, templates: &Path) -> Result<Vec<GeneratedFile>> {
    let (model, config) = model(spec, config)?;
    let options = EmitOptions {
        crate_name: config.krate.name.clone(),
        crate_version: config.krate.version.clone(),
        description: config.krate.description.clone(),
        templates_dir: templates.to_owned(),
    };
    emit_crate(&model, &options)
}
