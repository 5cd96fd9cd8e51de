//! `cargo xtask compile-time --versus [--rounds N] [--spec PATH]`: the cases of issues 14 and 23,
//! ours beside async-stripe's newest release (1.0.0-rc.10, checked on crates.io on 2026-12-06),
//! in the same run.
//!
//! Ours: the whole-API crate generated from `--spec` (default: the newest upstream spec in
//! `../shared`, v1 and v2) with `spec/full-api.config.yaml` into
//! `target/compile-time/versus/ours`, and the committed tokens crate (`generated/`), each with the
//! runtime crate `stripe-runtime`. Theirs: a scratch package in
//! `target/compile-time/versus/theirs` depending on the 16 async-stripe crates, fetched by cargo
//! from the registry like any dependency, with one feature per case. Each side builds into its own
//! target directory under `target/compile-time/versus/`, so the workspace's `target/` is left
//! alone. Before the table, each side's Stripe API version (ours: the spec's `info.version`;
//! theirs: the version async-stripe-shared pins), its crates and their lines of Rust.
//!
//! Every case is timed with the dependencies already built: each side's client crates (ours: the
//! generated crate and `stripe-runtime`; theirs: all 16) are removed
//! (`cargo clean -p ...`) before each timed build, and built as a dependency is, without
//! incremental compilation (`cargo_build::build_command`). Rounds alternate (ours, theirs; then theirs,
//! ours; ...); the table holds medians, the load average before each build, and theirs / ours. The
//! peak memory is the largest resident set of any process of the whole-API build (rustc), read by
//! `/usr/bin/time -v` when it is installed (else the row says so).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};

use crate::cargo_build::{build_command, cargo, cargo_program, load_average, run_timed};
use crate::compile_sides as sides;

/// async-stripe's newest release (crates.io's index, 2026-12-06).
const ASYNC_STRIPE: &str = "1.0.0-rc.10";

/// Our runtime crate: rebuilt in every case, as async-stripe's client crates are.
const RUNTIME: &str = "stripe-runtime";

/// The API crates of async-stripe (each with a `full` feature and per-resource features).
const THEIR_API_CRATES: [&str; 11] = [
    "billing", "checkout", "connect", "core", "fraud", "issuing", "misc", "payment", "product",
    "terminal", "treasury",
];

/// Their crates besides the API ones: client, shared types, client core, webhooks.
const THEIR_OTHER_CRATES: [&str; 5] = [
    "async-stripe",
    "async-stripe-types",
    "async-stripe-shared",
    "async-stripe-client-core",
    "async-stripe-webhook",
];

/// The app subset of the issue: customers, payment intents, checkout, subscriptions, events.
const OUR_APP: &str = "customers,payment_intents,checkout,subscriptions,events";
const THEIR_APP: &[&str] = &[
    "async-stripe-core/customer",
    "async-stripe-core/payment_intent",
    "async-stripe-core/event",
    "async-stripe-checkout/checkout_session",
    "async-stripe-billing/subscription",
];

pub struct Options {
    pub rounds: usize,
    pub spec: Option<PathBuf>,
}

/// One case: how each side builds it.
struct Case {
    name: &'static str,
    ours: Build,
    theirs: Build,
}

struct Build {
    dir: PathBuf,
    target: PathBuf,
    /// Packages removed before each timed build.
    clean: Vec<String>,
    args: Vec<String>,
    /// Read the peak resident set too.
    memory: bool,
}

#[derive(Default)]
struct Samples {
    times: Vec<Duration>,
    loads: Vec<String>,
    peak_kib: Vec<u64>,
}

impl Samples {
    fn median_time(&self) -> Duration {
        let mut sorted = self.times.clone();
        sorted.sort();
        sorted[sorted.len() / 2]
    }

    fn median_peak(&self) -> Option<u64> {
        let mut sorted = self.peak_kib.clone();
        sorted.sort_unstable();
        sorted.get(sorted.len() / 2).copied()
    }
}

pub fn run(root: &Path, options: Options) -> Result<()> {
    let base = root.join("target/compile-time/versus");
    let spec = options
        .spec
        .unwrap_or_else(|| workspace_tests::newest_spec_path(root));
    let ours_dir = base.join("ours");
    let ours_target = base.join("ours-target");
    let theirs_dir = base.join("theirs");
    let theirs_target = base.join("theirs-target");

    eprintln!("generating the whole-API crate from {}...", spec.display());
    let (model, config) =
        generator::pipeline::model(&spec, &root.join("spec/full-api.config.yaml"))
            .with_context(|| format!("modelling the whole API from {}", spec.display()))?;
    let files = generator::pipeline::emit(&model, &config, &root.join("templates"), &ours_dir)
        .with_context(|| format!("generating the whole API from {}", spec.display()))?;
    generator::output::write(&ours_dir, &files)
        .with_context(|| format!("writing {}", ours_dir.display()))?;
    std::fs::copy(root.join("Cargo.lock"), ours_dir.join("Cargo.lock"))
        .context("copying Cargo.lock beside the whole-API crate")?;
    let ours_package = package_of(&ours_dir)?;
    write_theirs(&theirs_dir)?;
    let sides = sides::describe(
        root,
        &ours_dir,
        &ours_package,
        &model.api.version,
        &theirs_dir,
        ASYNC_STRIPE,
    )?;

    let their_clean: Vec<String> = THEIR_API_CRATES
        .iter()
        .map(|c| format!("async-stripe-{c}"))
        .chain(THEIR_OTHER_CRATES.iter().map(|c| (*c).to_owned()))
        .collect();
    let ours = |args: &[&str], memory: bool| Build {
        dir: ours_dir.clone(),
        target: ours_target.clone(),
        clean: vec![ours_package.clone(), RUNTIME.to_owned()],
        args: args.iter().map(|a| (*a).to_owned()).collect(),
        memory,
    };
    let theirs = |args: &[&str], memory: bool| Build {
        dir: theirs_dir.clone(),
        target: theirs_target.clone(),
        clean: their_clean.clone(),
        args: args.iter().map(|a| (*a).to_owned()).collect(),
        memory,
    };
    let app = [
        "build",
        "--lib",
        "--no-default-features",
        "--features",
        OUR_APP,
    ];
    let cases = [
        Case {
            name: "whole API, all features (debug)",
            ours: ours(&["build", "--lib"], true),
            theirs: theirs(&["build", "--lib", "--features", "whole"], true),
        },
        Case {
            name: "app subset (debug)",
            ours: ours(&app, false),
            theirs: theirs(&["build", "--lib", "--features", "app"], false),
        },
        Case {
            name: "tokens only (debug)",
            ours: Build {
                dir: root.to_owned(),
                target: base.join("tokens-target"),
                clean: vec!["stripe-client".to_owned(), RUNTIME.to_owned()],
                args: ["build", "--locked", "-p", "stripe-client"]
                    .map(str::to_owned)
                    .to_vec(),
                memory: false,
            },
            theirs: theirs(&["build", "--lib", "--features", "tokens"], false),
        },
        Case {
            name: "app subset (release)",
            ours: ours(
                &[
                    "build",
                    "--release",
                    "--lib",
                    "--no-default-features",
                    "--features",
                    OUR_APP,
                ],
                false,
            ),
            theirs: theirs(&["build", "--release", "--lib", "--features", "app"], false),
        },
    ];

    eprintln!("building every case once, dependencies included (not timed)...");
    for case in &cases {
        for build in [&case.ours, &case.theirs] {
            cargo(&build.dir, &build.target, &build.args)?;
        }
    }

    let mut results: Vec<(Samples, Samples)> = cases
        .iter()
        .map(|_| (Samples::default(), Samples::default()))
        .collect();
    for round in 1..=options.rounds {
        eprintln!("round {round}/{}", options.rounds);
        for (case, (ours, theirs)) in cases.iter().zip(results.iter_mut()) {
            let mut order = [(&case.ours, ours), (&case.theirs, theirs)];
            if round % 2 == 0 {
                order.swap(0, 1);
            }
            for (build, samples) in order {
                let mut clean = vec!["clean".to_owned()];
                if build.args.iter().any(|a| a == "--release") {
                    clean.push("--release".to_owned());
                }
                for package in &build.clean {
                    clean.push("-p".to_owned());
                    clean.push(package.clone());
                }
                cargo(&build.dir, &build.target, &clean)?;
                samples.loads.push(load_average());
                let (elapsed, peak) = timed(build)?;
                samples.times.push(elapsed);
                samples.peak_kib.extend(peak);
            }
        }
    }
    print!("{sides}");
    print!("{}", table(&cases, &results, options.rounds));
    Ok(())
}

fn table(cases: &[Case], results: &[(Samples, Samples)], rounds: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nours beside async-stripe {ASYNC_STRIPE}: medians of {rounds} alternating round(s), \
         dependencies already built, only the client crates rebuilt"
    );
    let _ = writeln!(
        out,
        "| case | ours | async-stripe | theirs / ours | load before each (ours; theirs) |"
    );
    let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
    for (case, (ours, theirs)) in cases.iter().zip(results) {
        let (o, t) = (ours.median_time(), theirs.median_time());
        let _ = writeln!(
            out,
            "| {} | {:.1} s | {:.1} s | {:.2}x | {}; {} |",
            case.name,
            o.as_secs_f64(),
            t.as_secs_f64(),
            t.as_secs_f64() / o.as_secs_f64(),
            ours.loads.join(" "),
            theirs.loads.join(" ")
        );
    }
    let (ours, theirs) = &results[0];
    match (ours.median_peak(), theirs.median_peak()) {
        (Some(o), Some(t)) => {
            let _ = writeln!(
                out,
                "| peak rustc memory, whole API | {} MiB | {} MiB | {:.2}x | |",
                o / 1024,
                t / 1024,
                t as f64 / o as f64
            );
        }
        _ => {
            let _ = writeln!(
                out,
                "| peak rustc memory, whole API | not measured (no /usr/bin/time) | | | |"
            );
        }
    }
    out
}

/// The scratch package depending on every async-stripe crate, with one feature per case.
fn write_theirs(dir: &Path) -> Result<()> {
    let mut deps = String::new();
    for c in THEIR_OTHER_CRATES {
        let _ = writeln!(deps, "{c} = \"={ASYNC_STRIPE}\"");
    }
    for c in THEIR_API_CRATES {
        let _ = writeln!(
            deps,
            "async-stripe-{c} = {{ version = \"={ASYNC_STRIPE}\", default-features = false, \
             features = [\"deserialize\"] }}"
        );
    }
    let whole: Vec<String> = THEIR_API_CRATES
        .iter()
        .flat_map(|c| ["full", "serialize"].map(move |f| format!("\"async-stripe-{c}/{f}\"")))
        .collect();
    let app: Vec<String> = THEIR_APP.iter().map(|f| format!("\"{f}\"")).collect();
    let manifest = format!(
        "[package]\nname = \"async-stripe-compile-time\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
         publish = false\n\n[workspace]\n\n[lib]\npath = \"src/lib.rs\"\n\n[features]\n\
         whole = [{}]\napp = [{}]\ntokens = [\"async-stripe-core/token\"]\n\n[dependencies]\n{deps}",
        whole.join(", "),
        app.join(", ")
    );
    write_if_changed(&dir.join("Cargo.toml"), &manifest)?;
    write_if_changed(
        &dir.join("src/lib.rs"),
        "//! Builds async-stripe's crates for `cargo xtask compile-time --versus`.\n",
    )
}

fn package_of(dir: &Path) -> Result<String> {
    let text = std::fs::read_to_string(dir.join("Cargo.toml"))
        .with_context(|| format!("reading {}/Cargo.toml", dir.display()))?;
    workspace_tests::features::package_name(&text)
        .with_context(|| format!("{}/Cargo.toml names no package", dir.display()))
}

fn write_if_changed(path: &Path, contents: &str) -> Result<()> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(contents) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, contents).with_context(|| format!("writing {}", path.display()))
}

/// The wall time of one build (which must compile something), and its peak resident set in KiB
/// when asked for and `/usr/bin/time` is there.
fn timed(build: &Build) -> Result<(Duration, Option<u64>)> {
    let time = Path::new("/usr/bin/time");
    let report = build.target.join("peak-memory.txt");
    let measure = build.memory && time.exists();
    let command = if measure {
        let mut command = build_command(time, &build.dir, &build.target);
        command
            .arg("-v")
            .arg("-o")
            .arg(&report)
            .arg(cargo_program());
        command
    } else {
        build_command(cargo_program(), &build.dir, &build.target)
    };
    let elapsed = run_timed(command, &build.dir, &build.args)?;
    let peak = if measure && report.exists() {
        let text = std::fs::read_to_string(&report).context("reading /usr/bin/time's report")?;
        let kib = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
            .and_then(|v| v.trim().parse().ok())
            .context("/usr/bin/time's report has no maximum resident set size")?;
        Some(kib)
    } else {
        None
    };
    Ok((elapsed, peak))
}
