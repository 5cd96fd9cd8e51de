//! `cargo xtask compile-time [--cold] [--runs N]`: how long the generated crate takes to compile, each
//! figure beside its floor (see BENCHMARKS.md).
//!
//! * default (warm): the debug build of `stripe-client` alone, its dependencies already built
//!   (`cargo build -p stripe-client` after `cargo clean -p stripe-client`), beside the same for a
//!   synthetic crate holding one 5,000-line file of plain serde structs
//!   (generated into `target/compile-time-floor/`). Best and median of `--runs` (default 3).
//! * `--cold`: a new user's first `cargo build` of a binary depending on the generated crate, into a
//!   fresh target directory, beside the same for a binary depending on serde + serde_json + reqwest
//!   with the generated crate's own reqwest line (so the same TLS setup). One run each (`--runs`
//!   repeats them). Downloads are not timed: the crates must already be in Cargo's cache, as the
//!   versions come from the workspace's Cargo.lock.
//!
//! * `--versus [--spec PATH]`: the cases of issues 14 and 23 (whole API, app subset, tokens,
//!   release app subset, peak memory) beside async-stripe's newest release, ours generated from
//!   the newest spec in `../shared` unless `--spec` says otherwise, each side's API version, crates
//!   and lines printed first, in alternating rounds (`--runs`, default 3): see `compile_versus.rs`.
//!
//! Every build uses its own target directory under `target/compile-time*/`, so the workspace's
//! `target/` (and whoever is building in it) is left alone. Builds share the machine: run this on
//! an otherwise idle machine; the load average before each build is printed beside its figure.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, ensure, Context, Result};

use crate::cargo_build::{build_command, cargo, cargo_program, load_average, run_timed};

/// Lines of the synthetic floor file.
const FLOOR_LINES: usize = 5_000;

struct Options {
    cold: bool,
    versus: bool,
    runs: usize,
    spec: Option<PathBuf>,
}

pub fn run(root: &Path, args: impl Iterator<Item = String>) -> Result<()> {
    let mut options = Options {
        cold: false,
        versus: false,
        runs: 0,
        spec: None,
    };
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--cold" => options.cold = true,
            "--versus" => options.versus = true,
            "--spec" => options.spec = Some(args.next().context("--spec needs a value")?.into()),
            "--runs" | "--rounds" => {
                let value = args.next().context("--runs needs a value")?;
                options.runs = value
                    .parse()
                    .with_context(|| format!("--runs {value}: not a number"))?;
                ensure!(options.runs > 0, "--runs must be at least 1");
            }
            other => bail!(
                "unknown argument `{other}`\nusage: cargo xtask compile-time [--cold | --versus [--spec PATH]] [--runs N]"
            ),
        }
    }
    if options.runs == 0 {
        options.runs = if options.cold { 1 } else { 3 };
    }
    if options.versus {
        return crate::compile_versus::run(
            root,
            crate::compile_versus::Options {
                rounds: options.runs,
                spec: options.spec,
            },
        );
    }
    if options.cold {
        cold(root, options.runs)
    } else {
        warm(root, options.runs)
    }
}

/// One line of the final table.
struct Row {
    what: String,
    times: Vec<Duration>,
    loads: Vec<String>,
}

impl Row {
    fn new(what: String) -> Row {
        Row {
            what,
            times: vec![],
            loads: vec![],
        }
    }

    fn best(&self) -> Duration {
        self.times.iter().copied().min().unwrap_or_default()
    }

    fn median(&self) -> Duration {
        let mut sorted = self.times.clone();
        sorted.sort();
        sorted[sorted.len() / 2]
    }
}

fn warm(root: &Path, runs: usize) -> Result<()> {
    let target = root.join("target/compile-time/warm");
    let floor_dir = root.join("target/compile-time-floor");
    write_floor_crate(&floor_dir, root)?;

    eprintln!("building the dependencies of stripe-client and of the floor crate (not timed)...");
    cargo(root, &target, &["build", "--locked", "-p", "stripe-client"])?;
    let floor_target = floor_dir.join("target");
    cargo(&floor_dir, &floor_target, &["build"])?;

    let (lines, types) = rust_lines(&root.join("generated/src"))?;
    let mut generated = Row::new(format!(
        "stripe-client alone ({lines} lines, {types} types)"
    ));
    let (lines, types) = rust_lines(&floor_dir.join("src"))?;
    let mut floor = Row::new(format!(
        "floor: plain serde structs ({lines} lines, {types} types)"
    ));
    for i in 1..=runs {
        eprintln!("run {i}/{runs}");
        cargo(root, &target, &["clean", "-p", "stripe-client"])?;
        generated.loads.push(load_average());
        generated.times.push(timed(
            root,
            &target,
            &["build", "--locked", "-p", "stripe-client"],
        )?);
        cargo(
            &floor_dir,
            &floor_target,
            &["clean", "-p", "compile-time-floor"],
        )?;
        floor.loads.push(load_average());
        floor
            .times
            .push(timed(&floor_dir, &floor_target, &["build"])?);
    }
    print_table(
        "debug build of one crate, its dependencies already built",
        &generated,
        &floor,
        Some(("under 5 s", Duration::from_secs(5))),
    );
    Ok(())
}

fn cold(root: &Path, runs: usize) -> Result<()> {
    let base = root.join("target/compile-time/cold");
    let user_dir = base.join("user");
    let floor_dir = base.join("floor");
    let reqwest = reqwest_line(root)?;
    let generated_path = root.join("generated");
    write_bin_crate(
        &user_dir,
        root,
        "compile-time-user",
        &format!(
            "stripe-client = {{ path = {:?} }}\n",
            generated_path.display().to_string()
        ),
        "fn main() {\n    let client = stripe_client::Client::new(\"sk_test_...\");\n    \
         println!(\"{client:?}\");\n}\n",
    )?;
    write_bin_crate(
        &floor_dir,
        root,
        "compile-time-cold-floor",
        &format!(
            "serde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n{reqwest}\n"
        ),
        "fn main() {\n    let client = reqwest::Client::new();\n    \
         let value = serde_json::json!({\"client\": format!(\"{client:?}\")});\n    \
         println!(\"{value}\");\n}\n",
    )?;
    // Resolve (and, if need be, download) outside the timing.
    cargo(&user_dir, &user_dir.join("target"), &["fetch"])?;
    cargo(&floor_dir, &floor_dir.join("target"), &["fetch"])?;

    let mut generated = Row::new("binary using stripe-client, all dependencies".to_owned());
    let mut floor = Row::new("floor: serde + serde_json + reqwest (same features)".to_owned());
    for i in 1..=runs {
        eprintln!("run {i}/{runs}");
        for (row, dir) in [(&mut generated, &user_dir), (&mut floor, &floor_dir)] {
            let target = dir.join("target");
            if target.exists() {
                std::fs::remove_dir_all(&target)
                    .with_context(|| format!("removing {}", target.display()))?;
            }
            row.loads.push(load_average());
            row.times.push(timed(dir, &target, &["build"])?);
        }
    }
    print_table(
        "cold debug build, fresh target directory (a new user's first `cargo build`)",
        &generated,
        &floor,
        Some(("within 1.1x of the floor", Duration::ZERO)),
    );
    eprintln!("the generated crate's reqwest: {reqwest}");
    Ok(())
}

fn print_table(title: &str, generated: &Row, floor: &Row, target: Option<(&str, Duration)>) {
    let ratio = generated.best().as_secs_f64() / floor.best().as_secs_f64();
    let mut out = String::new();
    let _ = writeln!(out, "\n{title}");
    let _ = writeln!(
        out,
        "{:<52} {:>8} {:>8}  {:<5}  load average before each run",
        "crate", "best", "median", "runs"
    );
    for row in [generated, floor] {
        let _ = writeln!(
            out,
            "{:<52} {:>7.2}s {:>7.2}s  {:<5}  {}",
            row.what,
            row.best().as_secs_f64(),
            row.median().as_secs_f64(),
            row.times.len(),
            row.loads.join(" | ")
        );
    }
    let _ = writeln!(out, "ratio (best / best): {ratio:.2}x");
    if let Some((text, limit)) = target {
        let met = if limit.is_zero() {
            ratio <= 1.1
        } else {
            generated.best() < limit
        };
        let _ = writeln!(
            out,
            "target: {text}: {}",
            if met { "met" } else { "missed" }
        );
    }
    print!("{out}");
}

/// The wall time of `cargo ARGS` (which must succeed and must have compiled something).
fn timed(dir: &Path, target: &Path, args: &[&str]) -> Result<Duration> {
    run_timed(build_command(cargo_program(), dir, target), dir, args)
}

/// Lines of the `.rs` files below `dir`, and how many of them start a type (`pub struct`,
/// `pub enum`).
fn rust_lines(dir: &Path) -> Result<(usize, usize)> {
    let (mut lines, mut types) = (0, 0);
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            let (l, t) = rust_lines(&path)?;
            lines += l;
            types += t;
        } else if path.extension().is_some_and(|e| e == "rs") {
            for line in std::fs::read_to_string(&path)?.lines() {
                lines += 1;
                if line.starts_with("pub struct ") || line.starts_with("pub enum ") {
                    types += 1;
                }
            }
        }
    }
    Ok((lines, types))
}

/// The `reqwest = ...` line of generated/Cargo.toml.
fn reqwest_line(root: &Path) -> Result<String> {
    let manifest = std::fs::read_to_string(root.join("generated/Cargo.toml"))
        .context("reading generated/Cargo.toml")?;
    manifest
        .lines()
        .find(|l| l.trim_start().starts_with("reqwest ") || l.trim_start().starts_with("reqwest="))
        .map(|l| l.trim().to_owned())
        .context("generated/Cargo.toml has no `reqwest = ...` line")
}

/// Writes `path` only if its contents differ, so that rebuilding is not forced needlessly.
fn write_if_changed(path: &Path, contents: &str) -> Result<()> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(contents) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, contents).with_context(|| format!("writing {}", path.display()))
}

/// A standalone package (its own `[workspace]`) with the workspace's Cargo.lock, so that it builds
/// the same dependency versions.
fn write_package(dir: &Path, root: &Path, manifest: &str, file: &str, source: &str) -> Result<()> {
    write_if_changed(&dir.join("Cargo.toml"), manifest)?;
    write_if_changed(&dir.join("src").join(file), source)?;
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
    if !dir.join("Cargo.lock").exists() {
        write_if_changed(&dir.join("Cargo.lock"), &lock)?;
    }
    Ok(())
}

fn write_bin_crate(dir: &Path, root: &Path, name: &str, deps: &str, main: &str) -> Result<()> {
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [workspace]\n\n[dependencies]\n{deps}"
    );
    // A fresh lock each time: the workspace's may have changed since.
    let _ = std::fs::remove_file(dir.join("Cargo.lock"));
    write_package(dir, root, &manifest, "main.rs", main)
}

fn write_floor_crate(dir: &Path, root: &Path) -> Result<PathBuf> {
    let manifest =
        "[package]\nname = \"compile-time-floor\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
                    publish = false\n\n[workspace]\n\n[dependencies]\n\
                    serde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\n";
    write_package(dir, root, manifest, "lib.rs", &floor_source(FLOOR_LINES))?;
    Ok(dir.to_owned())
}

/// `lines` lines of plain serde structs in the style of the generated resources: a doc comment,
/// `#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]`, one field per line (strings,
/// integers, booleans, optional fields with `#[serde(default, skip_serializing_if)]`, metadata
/// maps, and a field of one of the first ten structs' types).
pub fn floor_source(lines: usize) -> String {
    let mut out = String::from(
        "//! Compile-time floor: plain serde structs (generated by `cargo xtask compile-time`).\n\
         #![allow(dead_code)]\n\nuse std::collections::BTreeMap;\n\nuse serde::{Deserialize, Serialize};\n\n",
    );
    let mut n = 0;
    while out.lines().count() < lines {
        n += 1;
        let _ = writeln!(out, "/// Plain object number {n}.");
        let _ = writeln!(
            out,
            "#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]\npub struct Object{n} {{"
        );
        let _ = writeln!(out, "    pub id: String,\n    pub object: String,");
        let _ = writeln!(out, "    pub created: i64,\n    pub livemode: bool,");
        let _ = writeln!(out, "    pub amount: i64,\n    pub currency: String,");
        for name in ["description", "status", "email"] {
            let _ = writeln!(
                out,
                "    #[serde(default, skip_serializing_if = \"Option::is_none\")]\n    pub {name}: Option<String>,"
            );
        }
        let _ = writeln!(
            out,
            "    #[serde(default, skip_serializing_if = \"Option::is_none\")]\n    \
             pub metadata: Option<BTreeMap<String, String>>,"
        );
        // Nesting one level deep, into one of the first ten (flat) structs: a chain of nested
        // types would be no plain set of API objects (and overflows the drop-check).
        if n > 10 {
            let _ = writeln!(
                out,
                "    #[serde(default, skip_serializing_if = \"Option::is_none\")]\n    \
                 pub nested: Option<Object{}>,",
                n % 10 + 1
            );
        }
        let _ = writeln!(out, "}}\n");
    }
    out
}
