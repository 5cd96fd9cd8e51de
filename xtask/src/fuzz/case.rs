//! The child side: `xtask fuzz-case SPEC CONFIG TEMPLATES` runs the whole
//! generator on one case and prints one line saying how it ended. A panic
//! anywhere, even one the generator catches, is reported as one.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

/// The stack the case runs on: fixed, whatever the parent's limits.
const STACK_SIZE: usize = 8 << 20;

static PANICKED: AtomicBool = AtomicBool::new(false);

/// Runs the case and exits: status 0 with `OK …`, `ERR <kind> …` or
/// `UNPARSABLE …` on stdout, or 101 with `PANIC …`.
pub fn main(mut args: impl Iterator<Item = String>) -> ! {
    let mut path = || PathBuf::from(args.next().unwrap_or_default());
    let (spec, config, templates) = (path(), path(), path());
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICKED.store(true, Ordering::SeqCst);
        default_hook(info);
    }));
    let worker = std::thread::Builder::new()
        .name("fuzz-case".into())
        .stack_size(STACK_SIZE)
        .spawn(move || outcome(&spec, &config, &templates));
    let line = match worker.map(|w| w.join()) {
        Ok(Ok(line)) => line,
        Ok(Err(_)) => "PANIC in the generator".to_owned(),
        Err(e) => format!("ERR Spawn {e}"),
    };
    let panicked = PANICKED.load(Ordering::SeqCst);
    // openapiv3's panic, caught at the boundary, is the one panic that is
    // also a typed error: it is reported as that error.
    let caught = line.starts_with("ERR ParserPanic");
    if panicked && !caught && !line.starts_with("PANIC") {
        println!("PANIC caught and reported as: {line}");
        std::process::exit(101);
    }
    println!("{line}");
    std::process::exit(if line.starts_with("PANIC") { 101 } else { 0 });
}

fn outcome(
    spec: &std::path::Path,
    config: &std::path::Path,
    templates: &std::path::Path,
) -> String {
    // Nothing is written: any folder names the runtime's path.
    let files = match generator::pipeline::generate(spec, config, templates, templates) {
        Ok(files) => files,
        Err(e) => {
            let message = e.to_string();
            let first = message.lines().next().unwrap_or_default();
            return format!("ERR {} {}", e.kind(), truncate(first, 300));
        }
    };
    let mut rust = 0;
    for file in &files {
        if file.path.extension().is_some_and(|e| e == "rs") {
            rust += 1;
            if let Err(e) = syn::parse_file(&file.contents) {
                return format!("UNPARSABLE {}: {e}", file.path.display());
            }
        }
    }
    format!("OK {} files, {rust} Rust files parse", files.len())
}

fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((at, _)) => &s[..at],
        None => s,
    }
}
