//! `cargo xtask <command>`: the project's own tasks.
//!
//! * `codegen [--check] [--spec PATH] [--config PATH] [--out DIR]`: regenerate the client crate.
//! * `ir [--spec PATH] [--config PATH]`: print the model the generator builds, as YAML.
//! * `diff --from OLD --to NEW [--config PATH] [--format markdown|yaml]`: what a spec update
//!   changes in the model, each change marked breaking or not.
//! * `compile-time [--cold | --versus [--spec PATH]] [--runs N]`: compile time of the generated
//!   crate beside its floor, or the cases of issues 14 and 23 beside async-stripe's newest release.
//! * `features [--spec PATH] [--config PATH] [--sample N] [--seed S]`: every operation-group feature
//!   of the whole-API crate (default: the newest shared spec, v1 and v2) compiles alone.
//! * `fuzz [--cases N] [--seed S] [--jobs J] [--timeout SECS] [--budget-per-mib SECS]
//!   [--replay CASE_SEED]`: mutated specs through the whole generator, each in a child process
//!   (`fuzz-case`, hidden), each within a time budget proportional to its size.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

mod cargo_build;
mod compile_sides;
mod compile_time;
mod compile_versus;
mod features;
mod fuzz;

/// The generator allocates a node per token and per syntax node, across two
/// threads: mimalloc generates the whole API ~25% faster than glibc's malloc
/// (BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    if let Err(err) = run() {
        eprintln!("error: {err:#}");
        std::process::exit(1);
    }
}

struct Args {
    command: String,
    spec: PathBuf,
    config: PathBuf,
    out: PathBuf,
    check: bool,
    from: Option<PathBuf>,
    to: Option<PathBuf>,
    format: String,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_owned()
}

fn parse_args() -> Result<Args> {
    let root = workspace_root();
    let mut args = std::env::args().skip(1);
    let command = args.next().unwrap_or_default();
    let mut parsed = Args {
        command,
        spec: root.join("spec/tokens.yaml"),
        config: root.join("spec/tokens.config.yaml"),
        out: root.join("generated"),
        check: false,
        from: None,
        to: None,
        format: "markdown".to_owned(),
    };
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().with_context(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--spec" => parsed.spec = value("--spec")?.into(),
            "--config" => parsed.config = value("--config")?.into(),
            "--out" => parsed.out = value("--out")?.into(),
            "--check" => parsed.check = true,
            "--from" => parsed.from = Some(value("--from")?.into()),
            "--to" => parsed.to = Some(value("--to")?.into()),
            "--format" => parsed.format = value("--format")?,
            other => bail!("unknown argument `{other}`\n{USAGE}"),
        }
    }
    Ok(parsed)
}

const USAGE: &str = "usage: cargo xtask codegen [--check] [--spec PATH] [--config PATH] [--out DIR]\n       cargo xtask ir [--spec PATH] [--config PATH]\n       cargo xtask diff --from OLD --to NEW [--config PATH] [--format markdown|yaml]\n       cargo xtask compile-time [--cold | --versus [--spec PATH]] [--runs N]\n       cargo xtask features [--spec PATH] [--config PATH] [--sample N] [--seed S]\n       cargo xtask fuzz [--cases N] [--seed S] [--jobs J] [--timeout SECS] [--budget-per-mib SECS] [--replay CASE_SEED]";

fn run() -> Result<()> {
    match std::env::args().nth(1).as_deref() {
        Some("compile-time") => {
            return compile_time::run(&workspace_root(), std::env::args().skip(2))
        }
        Some("features") => return features::run(&workspace_root(), std::env::args().skip(2)),
        Some("fuzz") => return fuzz::run(&workspace_root(), std::env::args().skip(2)),
        Some("fuzz-case") => fuzz::case::main(std::env::args().skip(2)),
        _ => {}
    }
    let args = parse_args()?;
    match args.command.as_str() {
        "ir" => ir(&args),
        "codegen" => codegen(&args),
        "diff" => diff(&args),
        "" | "help" | "--help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown command `{other}`\n{USAGE}"),
    }
}

fn ir(args: &Args) -> Result<()> {
    let (model, _) = generator::pipeline::model(&args.spec, &args.config).with_context(|| {
        format!(
            "building the model of {} with {}",
            args.spec.display(),
            args.config.display()
        )
    })?;
    if let Some(warning) = model.skipped_warning() {
        eprintln!("{warning}");
    }
    let yaml = serde_yaml::to_string(&model).context("printing the model as YAML")?;
    print_out(&yaml, "the model")
}

fn diff(args: &Args) -> Result<()> {
    let (Some(from), Some(to)) = (&args.from, &args.to) else {
        bail!("diff needs --from OLD and --to NEW\n{USAGE}");
    };
    let diff = generator::diff::between(from, to, &args.config).with_context(|| {
        format!(
            "comparing {} with {} under {}",
            from.display(),
            to.display(),
            args.config.display()
        )
    })?;
    for warning in &diff.warnings {
        eprintln!("{warning}");
    }
    let text = match args.format.as_str() {
        "markdown" | "md" => diff.markdown(),
        "yaml" => diff.yaml().context("printing the diff as YAML")?,
        other => bail!("unknown --format `{other}` (markdown or yaml)"),
    };
    print_out(&text, "the diff")
}

/// Print to stdout; a closed pipe (`... | head`) is the reader's choice, not an error.
fn print_out(text: &str, what: &str) -> Result<()> {
    match std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).with_context(|| format!("writing {what}"))
        }
        _ => Ok(()),
    }
}

fn codegen(args: &Args) -> Result<()> {
    let started = std::time::Instant::now();
    let templates = workspace_root().join("templates");
    let generated =
        generator::pipeline::generate_timed(&args.spec, &args.config, &templates, &args.out)
            .with_context(|| {
                format!(
                    "generating from {} with {}",
                    args.spec.display(),
                    args.config.display()
                )
            })?;
    if let Some(warning) = &generated.warning {
        eprintln!("{warning}");
    }
    let files = &generated.files;
    if args.check {
        let drift = generator::output::drift(&args.out, files)
            .with_context(|| format!("comparing with {}", args.out.display()))?;
        if !drift.is_empty() {
            for d in &drift {
                eprintln!("{d}");
            }
            bail!(
                "{} is stale ({} files differ): run `cargo xtask codegen`",
                args.out.display(),
                drift.len()
            );
        }
        eprintln!(
            "{} is up to date ({} files)",
            args.out.display(),
            files.len()
        );
        return Ok(());
    }
    let written = generator::output::write(&args.out, files)
        .with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!(
        "generated {} files into {} in {:.2?} ({})",
        files.len(),
        args.out.display(),
        started.elapsed(),
        generated.timings
    );
    eprintln!("{}", written.summary());
    Ok(())
}
