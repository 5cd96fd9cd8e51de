//! `cargo xtask features [--spec PATH] [--config PATH] [--sample N] [--seed S]`:
//! generate the whole-API crate (default: the newest shared spec, v1 and v2)
//! into `target/full-api-features` and `cargo check` it with each
//! operation-group feature alone (or a seeded sample of them), sharing
//! `target/full-api-target`. Each check's own artifacts are removed after it
//! (see `workspace_tests::features::check`), so a full run needs the space of
//! the dependencies and one check. Prints one line per feature and fails
//! naming every group that does not compile alone.

use std::path::Path;

use anyhow::{bail, Context, Result};
use workspace_tests::features;

pub fn run(root: &Path, mut args: impl Iterator<Item = String>) -> Result<()> {
    let mut spec = workspace_tests::newest_spec_path(root);
    let mut config = root.join("spec/full-api.config.yaml");
    let mut sample: Option<usize> = None;
    let mut seed: u64 = 14;
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().with_context(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--spec" => spec = value("--spec")?.into(),
            "--config" => config = value("--config")?.into(),
            "--sample" => sample = Some(value("--sample")?.parse().context("--sample N")?),
            "--seed" => seed = value("--seed")?.parse().context("--seed S")?,
            other => bail!("unknown argument `{other}` to `cargo xtask features`"),
        }
    }
    let out = root.join("target/full-api-features");
    let files = generator::pipeline::generate(&spec, &config, &root.join("templates"), &out)
        .with_context(|| {
            format!(
                "generating from {} with {}",
                spec.display(),
                config.display()
            )
        })?;
    generator::output::write(&out, &files).with_context(|| format!("writing {}", out.display()))?;
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"))
        .context("copying Cargo.lock beside the generated crate")?;
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).context("reading Cargo.toml")?;
    let groups = features::groups(&manifest);
    let chosen = match sample {
        Some(n) => features::sample(&groups, n, seed),
        None => groups,
    };
    let target = root.join("target/full-api-target");
    let started = std::time::Instant::now();
    let mut failed = Vec::new();
    for (i, group) in chosen.iter().enumerate() {
        let checked = features::check(&out.join("Cargo.toml"), &target, group);
        let verdict = if checked.failure.is_some() {
            "FAILED"
        } else {
            "ok"
        };
        println!(
            "[{}/{}] {group}: {verdict} in {:.1?} ({:.0} MB of its artifacts removed; load {})",
            i + 1,
            chosen.len(),
            checked.elapsed,
            checked.removed_bytes as f64 / 1e6,
            load_average()
        );
        if let Some(failure) = checked.failure {
            eprintln!("{failure}");
            failed.push(group.clone());
        }
    }
    println!(
        "{} of {} features compile alone, in {:.1?}",
        chosen.len() - failed.len(),
        chosen.len(),
        started.elapsed()
    );
    if !failed.is_empty() {
        bail!("features that do not compile alone: {}", failed.join(", "));
    }
    Ok(())
}

/// The 1-minute load average, as text ("?" where /proc/loadavg is absent).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".to_owned())
}
