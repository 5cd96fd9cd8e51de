//! Heap allocations per encode, counted by a global allocator: the generated form encoder versus
//! `serde_json::to_string` of the plain struct. Target: one growing output buffer, that is one
//! allocation plus its reallocations, and no other allocation per field.
//!
//! `cargo bench --bench form_allocs` (prints a table; it asserts nothing and times nothing).

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use benches::floor::form_cases;
use stripe_client::form::to_form_string;

struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);
static REALLOCS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; the counters are plain atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size(), Relaxed);
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, which `System` shares.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout` (see `alloc`/`realloc`).
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        REALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(new_size.saturating_sub(layout.size()), Relaxed);
        // SAFETY: as for `dealloc`; the caller upholds `realloc`'s contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// (allocations, reallocations, bytes requested) of one call of `f`, and its output length.
fn count(f: impl Fn() -> String) -> (usize, usize, usize, usize) {
    drop(black_box(f())); // warm: lazily initialised statics, if any
    let (a, r, b) = (
        ALLOCS.load(Relaxed),
        REALLOCS.load(Relaxed),
        BYTES.load(Relaxed),
    );
    let out = black_box(f());
    let counts = (
        ALLOCS.load(Relaxed) - a,
        REALLOCS.load(Relaxed) - r,
        BYTES.load(Relaxed) - b,
        out.len(),
    );
    drop(out);
    counts
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument, if any, selects cases by name.
    let filter = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_default();
    println!("heap allocations per encode (alloc + realloc; bytes requested; output length)");
    println!(
        "{:<18} {:<17} {:>6} {:>8} {:>7} {:>7}",
        "case", "encoder", "allocs", "reallocs", "bytes", "output"
    );
    for case in form_cases() {
        if !case.name.contains(&filter) {
            continue;
        }
        let rows = [
            ("generated_form", count(|| to_form_string(&case.generated))),
            (
                "floor_serde_json",
                count(|| serde_json::to_string(&case.plain).unwrap()),
            ),
        ];
        for (encoder, (allocs, reallocs, bytes, len)) in rows {
            println!(
                "{:<18} {:<17} {allocs:>6} {reallocs:>8} {bytes:>7} {len:>7}",
                case.name, encoder
            );
        }
    }
}
