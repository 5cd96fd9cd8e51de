//! Paired measurement: the generated side and its floor timed round by round, alternating which
//! goes first, so that both see the same machine load; the figure is the median of the per-round
//! ratios. Criterion measures the two one after the other, and on a shared machine the load can
//! change in between (seen here: the same floor 10% apart from one run to the next).

use std::time::Instant;

/// The median and quartiles of `generated / floor` over the rounds.
#[derive(Clone, Copy, Debug)]
pub struct Ratio {
    pub median: f64,
    pub lower_quartile: f64,
    pub upper_quartile: f64,
}

impl std::fmt::Display for Ratio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "median {:.3}x (quartiles {:.3}x to {:.3}x)",
            self.median, self.lower_quartile, self.upper_quartile
        )
    }
}

/// Runs `generated` and `floor` once each per round, `rounds` times (at least one), alternating
/// which goes first, and returns the distribution of the ratio of their wall times.
pub fn ratio(rounds: usize, mut generated: impl FnMut(), mut floor: impl FnMut()) -> Ratio {
    let time = |f: &mut dyn FnMut()| {
        let started = Instant::now();
        f();
        started.elapsed().as_secs_f64()
    };
    let mut ratios: Vec<f64> = (0..rounds.max(1))
        .map(|round| {
            let (g, f) = if round % 2 == 0 {
                let g = time(&mut generated);
                (g, time(&mut floor))
            } else {
                let f = time(&mut floor);
                (time(&mut generated), f)
            };
            g / f
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    Ratio {
        median: ratios[ratios.len() / 2],
        lower_quartile: ratios[ratios.len() / 4],
        upper_quartile: ratios[ratios.len() * 3 / 4],
    }
}
