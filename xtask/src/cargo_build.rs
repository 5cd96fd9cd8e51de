//! Running cargo for the timed builds of `compile_time.rs` and `compile_versus.rs`: one way to
//! set up a build (target directory, no incremental compilation, no caller flags), to run it
//! untimed or timed, and the load average printed beside each figure. A leaf: both use it, it
//! uses neither.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context, Result};

/// Runs `cargo ARGS` in `dir` with `CARGO_TARGET_DIR=target`, quietly; fails if cargo fails.
pub(crate) fn cargo<S: AsRef<str>>(dir: &Path, target: &Path, args: &[S]) -> Result<()> {
    let args: Vec<&str> = args.iter().map(AsRef::as_ref).collect();
    let output = build_command(cargo_program(), dir, target)
        .args(&args)
        .output()
        .context("running cargo")?;
    if !output.status.success() {
        bail!(
            "`cargo {}` in {} failed:\n{}",
            args.join(" "),
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

/// Runs `command` (cargo, or a wrapper of it) with the cargo arguments `args` and returns its
/// wall time; it must succeed and must have compiled something.
pub(crate) fn run_timed<S: AsRef<str>>(
    mut command: Command,
    dir: &Path,
    args: &[S],
) -> Result<Duration> {
    let args: Vec<&str> = args.iter().map(AsRef::as_ref).collect();
    let started = Instant::now();
    let output = command.args(&args).output().context("running cargo")?;
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        bail!(
            "`cargo {}` in {} failed:\n{stderr}",
            args.join(" "),
            dir.display()
        );
    }
    let compiled = stderr
        .lines()
        .filter(|l| l.trim_start().starts_with("Compiling"))
        .count();
    ensure!(
        compiled > 0,
        "`cargo {}` in {} compiled nothing:\n{stderr}",
        args.join(" "),
        dir.display()
    );
    eprintln!(
        "  {:>7.2}s  cargo {} ({compiled} crates) in {}",
        elapsed.as_secs_f64(),
        args.join(" "),
        dir.display()
    );
    Ok(elapsed)
}

/// The cargo that runs this xtask.
pub(crate) fn cargo_program() -> std::ffi::OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// `program` (cargo, or a wrapper such as `/usr/bin/time` given cargo next) set up as every
/// timed build runs: in `dir`, into `target`, without the caller's flags, and without incremental
/// compilation. A crate an app depends on is built that way: registry crates (async-stripe's) are
/// never built incrementally, while a path package (our generated crates here) would be, and a
/// fresh incremental build of the whole API costs a quarter more (writing the query cache), which
/// no user of the crate pays.
pub(crate) fn build_command(
    program: impl AsRef<std::ffi::OsStr>,
    dir: &Path,
    target: &Path,
) -> Command {
    let mut command = Command::new(program);
    command
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never")
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
    command
}

/// The 1-minute load average, as text ("?" where /proc/loadavg is absent).
pub(crate) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".to_owned())
}
