//! `cargo xtask fuzz [--cases N] [--seed S] [--jobs J] [--timeout SECS] [--budget-per-mib SECS]
//! [--replay CASE_SEED]`
//!
//! Mutates `spec/tokens.yaml` and excerpts of the upstream spec (from
//! `../shared`, when present) and runs the whole generator on each case in
//! a child process (a release build of this binary, `fuzz-case`), with a
//! fixed stack and a timeout, so an abort or a hang is counted, not fatal.
//! For a success every emitted `.rs` file must parse with syn. Each case
//! also has a time budget proportional to its size ([`budget`]): a case
//! that finishes past it is `slow`, a failure like a hang, since no input
//! may take much longer than the real spec of its size. Prints the counts
//! and the seed of every failing case (its spec is kept under
//! `target/fuzz/failures/`); exits non-zero when any case panicked,
//! aborted, hung, was slow or emitted unparsable Rust. Same seed, same
//! cases.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

pub mod case;
mod corpus;
mod mutate;
mod rng;

use rng::Rng;

struct Options {
    cases: u64,
    seed: u64,
    jobs: usize,
    timeout: Duration,
    budget_per_mib: Duration,
    replay: Option<u64>,
}

/// The time budget of a case before its size counts.
const BUDGET_FLOOR: Duration = Duration::from_secs(2);
/// The time budget of a case per MiB of spec text. The whole 2023 spec (4.0 MiB) takes 2.8 s as a
/// case in release (load, model, emit, syn-parse every file; BENCHMARKS.md, "`$ref` chains"), so
/// its budget, 10 s, is about 3.6 times that: room for a loaded machine, not for a quadratic
/// walk (40,000 chained aliases, 2.3 MiB, took 5.6 s before they were resolved once; the budget
/// for that size is 6.5 s, and 100,000 of them, 5.6 MiB, about 35 s against 13 s).
const BUDGET_PER_MIB: Duration = Duration::from_secs(2);

/// How long a case of `len` bytes may take: [`BUDGET_FLOOR`] plus `per_mib` per MiB.
fn budget(len: usize, per_mib: Duration) -> Duration {
    BUDGET_FLOOR + per_mib.mul_f64(len as f64 / (1024.0 * 1024.0))
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Options> {
    let mut o = Options {
        cases: 1000,
        seed: 1,
        jobs: 2,
        timeout: Duration::from_secs(20),
        budget_per_mib: BUDGET_PER_MIB,
        replay: None,
    };
    while let Some(arg) = args.next() {
        let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--cases" => o.cases = value()?.parse().context("--cases")?,
            "--seed" => o.seed = number(&value()?).context("--seed")?,
            "--jobs" => o.jobs = value()?.parse().context("--jobs")?,
            "--timeout" => o.timeout = Duration::from_secs(value()?.parse().context("--timeout")?),
            "--budget-per-mib" => {
                o.budget_per_mib =
                    Duration::from_secs_f64(value()?.parse().context("--budget-per-mib")?)
            }
            "--replay" => o.replay = Some(number(&value()?).context("--replay")?),
            other => bail!("unknown argument `{other}` for fuzz"),
        }
    }
    o.jobs = o.jobs.max(1);
    Ok(o)
}

/// Decimal, or hex with `0x`.
fn number(s: &str) -> Result<u64> {
    Ok(match s.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16)?,
        None => s.parse()?,
    })
}

/// How one case ended.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Success,
    /// The error's kind and message.
    Typed(String, String),
    Unparsable(String),
    Panic(String),
    Abort(String),
    Hang,
    /// Finished (either way), but past its time budget: took, budget.
    Slow(Duration, Duration),
}

impl Outcome {
    fn failed(&self) -> bool {
        matches!(
            self,
            Outcome::Unparsable(_)
                | Outcome::Panic(_)
                | Outcome::Abort(_)
                | Outcome::Hang
                | Outcome::Slow(..)
        )
    }
}

/// One case: its text and what was done to it.
struct Case {
    seed: u64,
    text: String,
    what: String,
}

struct Corpus {
    tokens: String,
    upstream: Option<corpus::Upstream>,
}

impl Corpus {
    fn case(&self, seed: u64) -> Case {
        let mut rng = Rng::new(seed);
        let (mut text, mut what) = match &self.upstream {
            Some(up) if rng.chance(2) => (up.excerpt(&mut rng), vec!["excerpt"]),
            _ => (self.tokens.clone(), vec!["tokens"]),
        };
        // One case in twenty is left as it is: the baseline must succeed.
        let n = if rng.chance(20) { 0 } else { rng.range(1, 3) };
        for _ in 0..n {
            let which = rng.below(mutate::MUTATIONS.len());
            text = mutate::apply(which, &text, &mut rng);
            what.push(mutate::MUTATIONS[which]);
        }
        Case {
            seed,
            text,
            what: what.join(" + "),
        }
    }
}

pub fn run(root: &Path, args: impl Iterator<Item = String>) -> Result<()> {
    let o = parse(args)?;
    let exe = build_child(root)?;
    let tokens = std::fs::read_to_string(root.join("spec/tokens.yaml"))
        .context("reading spec/tokens.yaml")?;
    let upstream_path = root.join("../shared/upstream/stripe-openapi-2023-08-16/spec3.yaml");
    let upstream = match std::fs::read_to_string(&upstream_path) {
        Ok(text) => corpus::Upstream::index(text),
        Err(_) => {
            eprintln!(
                "notice: {} is absent; fuzzing spec/tokens.yaml only",
                upstream_path.display()
            );
            None
        }
    };
    let corpus = Corpus { tokens, upstream };
    let work = root.join("target/fuzz");
    let failures = work.join("failures");
    std::fs::create_dir_all(&failures).context("creating target/fuzz/failures")?;
    std::fs::write(work.join("config.yaml"), corpus::CONFIG).context("writing the config")?;

    let seeds: Vec<u64> = match o.replay {
        Some(seed) => vec![seed],
        None => (0..o.cases).map(|i| rng::case_seed(o.seed, i)).collect(),
    };
    println!(
        "fuzz: {} cases, seed {:#x}, {} jobs, {:?} timeout, budget {:?} + {:?} per MiB",
        seeds.len(),
        o.seed,
        o.jobs,
        o.timeout,
        BUDGET_FLOOR,
        o.budget_per_mib
    );
    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Case, Outcome, Duration)>> = Mutex::new(Vec::new());
    let templates = root.join("templates");
    std::thread::scope(|scope| {
        for job in 0..o.jobs {
            let (next, results, corpus, seeds) = (&next, &results, &corpus, &seeds);
            let (exe, work, templates, timeout) = (&exe, &work, &templates, o.timeout);
            let budget_per_mib = o.budget_per_mib;
            scope.spawn(move || loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(&seed) = seeds.get(index) else {
                    return;
                };
                let case = corpus.case(seed);
                let began = Instant::now();
                let outcome = run_case(exe, work, templates, job, &case, timeout);
                let took = began.elapsed();
                let allowed = budget(case.text.len(), budget_per_mib);
                let outcome = match outcome {
                    Outcome::Hang | Outcome::Slow(..) => outcome,
                    _ if took > allowed => Outcome::Slow(took, allowed),
                    _ => outcome,
                };
                let done = {
                    let mut all = results.lock().unwrap_or_else(|p| p.into_inner());
                    all.push((index, case, outcome, took));
                    all.len()
                };
                if done % 500 == 0 {
                    eprintln!("fuzz: {done} cases done");
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|p| p.into_inner());
    results.sort_by_key(|(index, ..)| *index);
    report(&results, &failures, started.elapsed())
}

/// Builds the release binary the cases run in, and returns its path.
fn build_child(root: &Path) -> Result<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .args(["build", "--release", "--locked", "--quiet", "-p", "xtask"])
        .current_dir(root)
        .status()
        .context("running cargo build --release -p xtask")?;
    if !status.success() {
        bail!("building the release xtask failed");
    }
    let exe = root
        .join("target/release/xtask")
        .with_extension(std::env::consts::EXE_EXTENSION);
    Ok(exe)
}

/// Runs one case in a child, killing it at `timeout`.
fn run_case(
    exe: &Path,
    work: &Path,
    templates: &Path,
    job: usize,
    case: &Case,
    timeout: Duration,
) -> Outcome {
    let spec = work.join(format!("case-{job}.yaml"));
    let out = work.join(format!("case-{job}.out"));
    let err = work.join(format!("case-{job}.err"));
    let files = (|| -> std::io::Result<_> {
        std::fs::write(&spec, &case.text)?;
        Ok((std::fs::File::create(&out)?, std::fs::File::create(&err)?))
    })();
    let (stdout, stderr) = match files {
        Ok(files) => files,
        Err(e) => return Outcome::Abort(format!("cannot write the case: {e}")),
    };
    let child = Command::new(exe)
        .arg("fuzz-case")
        .arg(&spec)
        .arg(work.join("config.yaml"))
        .arg(templates)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => return Outcome::Abort(format!("cannot start the child: {e}")),
    };
    let began = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if began.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Outcome::Hang;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(e) => return Outcome::Abort(format!("waiting for the child: {e}")),
        }
    };
    let line = std::fs::read_to_string(&out).unwrap_or_default();
    let line = line.lines().next().unwrap_or_default().to_owned();
    let stderr_tail = || {
        let text = std::fs::read_to_string(&err).unwrap_or_default();
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .take(3)
            .collect::<Vec<_>>()
            .join(" / ")
    };
    match status.code() {
        Some(0) => {
            if let Some(error) = line.strip_prefix("ERR ") {
                let (kind, message) = error.split_once(' ').unwrap_or((error, ""));
                Outcome::Typed(kind.to_owned(), message.to_owned())
            } else if let Some(what) = line.strip_prefix("UNPARSABLE ") {
                Outcome::Unparsable(what.to_owned())
            } else if line.starts_with("OK") {
                Outcome::Success
            } else {
                Outcome::Abort(format!("unexpected output `{line}`"))
            }
        }
        Some(101) => Outcome::Panic(format!("{line}: {}", stderr_tail())),
        Some(code) => Outcome::Abort(format!("exit status {code}: {}", stderr_tail())),
        None => Outcome::Abort(format!("killed by a signal ({status}): {}", stderr_tail())),
    }
}

fn report(
    results: &[(usize, Case, Outcome, Duration)],
    failures: &Path,
    elapsed: Duration,
) -> Result<()> {
    // Per kind: how many, and the first message (an example).
    let mut typed: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    let (mut success, mut unparsable, mut panics, mut aborts, mut hangs, mut slow) =
        (0, 0, 0, 0, 0, 0);
    let mut largest = 0;
    let mut slowest = Duration::ZERO;
    let mut total = Duration::ZERO;
    for (index, case, outcome, took) in results {
        slowest = slowest.max(*took);
        largest = largest.max(case.text.len());
        total += *took;
        match outcome {
            Outcome::Success => success += 1,
            Outcome::Typed(kind, message) => {
                typed.entry(kind.as_str()).or_insert((0, message)).0 += 1
            }
            Outcome::Unparsable(_) => unparsable += 1,
            Outcome::Panic(_) => panics += 1,
            Outcome::Abort(_) => aborts += 1,
            Outcome::Hang => hangs += 1,
            Outcome::Slow(..) => slow += 1,
        }
        if outcome.failed() {
            let kept = failures.join(format!("{:016x}.yaml", case.seed));
            let _ = std::fs::write(&kept, &case.text);
            println!(
                "FAILED case {index} seed {:#018x} ({}): {outcome:?}\n    replay: cargo xtask fuzz --replay {:#018x}; spec kept in {}",
                case.seed,
                case.what,
                case.seed,
                kept.display()
            );
        }
    }
    let n = results.len().max(1) as u32;
    println!("typed errors by kind:");
    for (kind, (count, example)) in &typed {
        let example: String = example.chars().take(160).collect();
        println!("  {kind:<16} {count:>6}  e.g. {example}");
    }
    println!(
        "cases {}: typed errors {}, successes {success} (every emitted .rs parsed: {} unparsable), panics {panics}, aborts {aborts}, hangs {hangs}, over budget {slow}",
        results.len(),
        typed.values().map(|(n, _)| n).sum::<usize>(),
        unparsable
    );
    println!(
        "time: {elapsed:.2?} in all, {:.2?} per case per job, slowest case {slowest:.2?}, largest case {:.1} MiB",
        total / n,
        largest as f64 / (1024.0 * 1024.0)
    );
    let failed = unparsable + panics + aborts + hangs + slow;
    if failed > 0 {
        bail!(
            "{failed} failing cases (panics {panics}, aborts {aborts}, hangs {hangs}, over budget {slow}, unparsable {unparsable})"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_grows_with_the_size() {
        assert_eq!(budget(0, BUDGET_PER_MIB), BUDGET_FLOOR);
        assert_eq!(budget(4 << 20, BUDGET_PER_MIB), Duration::from_secs(10));
        assert_eq!(
            budget(1 << 19, Duration::from_secs(4)),
            Duration::from_secs(4)
        );
    }

    #[test]
    fn every_mutation_applies_and_the_alias_chain_is_there() {
        let text = "components:\n  schemas:\n    thing:\n      type: object\n      properties:\n        a:\n          $ref: '#/components/schemas/other'\n    other:\n      type: string\n";
        let which = mutate::MUTATIONS
            .iter()
            .position(|m| *m == "long-alias-chain")
            .expect("the mutation is listed");
        let mut rng = Rng::new(7);
        let out = mutate::apply(which, text, &mut rng);
        assert!(
            out.contains("    fz_0:\n      $ref: '#/components/schemas/fz_1'"),
            "{out}"
        );
        assert!(out.contains("#/components/schemas/fz_0'"), "{out}");
    }
}
