//! The whole pipeline in one call: spec + config + templates → files.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::emit::{emit_crate, EmitOptions, GeneratedFile};
use crate::error::Result;
use crate::ir::Model;
use crate::load::Spec;

/// How long each stage took.
#[derive(Clone, Copy, Debug, Default)]
pub struct Timings {
    pub load: Duration,
    pub model: Duration,
    pub emit: Duration,
}

impl std::fmt::Display for Timings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "load {:.2?}, model {:.2?}, emit {:.2?}",
            self.load, self.model, self.emit
        )
    }
}

/// Load, model: the model `cargo xtask ir` prints.
pub fn model(spec: &Path, config: &Path) -> Result<(Model, Config)> {
    let (model, config, _) = model_timed(spec, config)?;
    Ok((model, config))
}

fn model_timed(spec: &Path, config: &Path) -> Result<(Model, Config, Timings)> {
    let started = Instant::now();
    let spec = Spec::from_path(spec)?;
    let config = Config::from_path(config)?;
    let load = started.elapsed();
    let started = Instant::now();
    let model = crate::model::build(&spec, &config)?;
    let timings = Timings {
        load,
        model: started.elapsed(),
        ..Timings::default()
    };
    Ok((model, config, timings))
}

/// Load, model, emit: the files of the client crate that will be written to
/// the folder `out` (its `Cargo.toml` names the runtime crate relative to it).
pub fn generate(
    spec: &Path,
    config: &Path,
    templates: &Path,
    out: &Path,
) -> Result<Vec<GeneratedFile>> {
    generate_timed(spec, config, templates, out).map(|generated| generated.files)
}

/// What [`generate_timed`] gives: the files, how long each stage took, and
/// the warning naming the operations the crate leaves out
/// ([`Model::skipped_warning`]), for the caller to print.
#[derive(Debug)]
pub struct Generated {
    pub files: Vec<GeneratedFile>,
    pub timings: Timings,
    pub warning: Option<String>,
}

/// [`generate`], with how long each stage took and what was skipped.
pub fn generate_timed(
    spec: &Path,
    config: &Path,
    templates: &Path,
    out: &Path,
) -> Result<Generated> {
    let (model, config, mut timings) = model_timed(spec, config)?;
    let started = Instant::now();
    let files = emit(&model, &config, templates, out)?;
    timings.emit = started.elapsed();
    Ok(Generated {
        files,
        timings,
        warning: model.skipped_warning(),
    })
}

/// Emit: the files of the client crate for a model built under `config`
/// (with the conformance exerciser when the config asks for it), sorted, to
/// be written to `out`. The runtime crate is `runtime/` beside `templates/`.
pub fn emit(
    model: &Model,
    config: &Config,
    templates: &Path,
    out: &Path,
) -> Result<Vec<GeneratedFile>> {
    let runtime_dir = crate::paths::normalized(&templates.join("..").join("runtime"));
    let options = EmitOptions {
        crate_name: config.krate.name.clone(),
        crate_version: config.krate.version.clone(),
        description: config.krate.description.clone(),
        templates_dir: templates.to_owned(),
        runtime_path: crate::paths::relative(out, &runtime_dir),
        runtime_dir,
        runtime: config.runtime,
    };
    let mut files = emit_crate(model, &options)?;
    if config.conformance {
        files.push(crate::emit::conformance::exerciser_file(model, &options)?);
        files.sort_by(|a, b| a.path.cmp(&b.path));
    }
    Ok(files)
}
