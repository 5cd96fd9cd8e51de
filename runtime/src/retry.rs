//! Retry policy and backoff, as in Stripe's official SDKs. Both are pure functions: the transport
//! feeds them what an attempt produced and a random jitter factor.

use std::time::Duration;

/// Default number of retries after the first attempt.
pub(crate) const DEFAULT_MAX_NETWORK_RETRIES: u32 = 2;
/// Delay before the first retry (before jitter), doubled for each further retry.
pub(crate) const DEFAULT_INITIAL_DELAY: Duration = Duration::from_millis(500);
/// Upper bound of the exponential delay (before jitter).
pub(crate) const DEFAULT_MAX_DELAY: Duration = Duration::from_secs(5);
/// A `Retry-After` longer than this is ignored (the plain backoff applies).
pub(crate) const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// What one attempt produced, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// No response: connection refused or reset, DNS failure, broken body.
    Connection,
    /// No (complete) response within the timeout.
    Timeout,
    /// A response, with its `Stripe-Should-Retry` header when that was `true` or `false`.
    Status {
        status: u16,
        should_retry: Option<bool>,
    },
}

/// When and how long to retry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RetryPolicy {
    pub(crate) max_retries: u32,
    pub(crate) initial_delay: Duration,
    pub(crate) max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: DEFAULT_MAX_NETWORK_RETRIES,
            initial_delay: DEFAULT_INITIAL_DELAY,
            max_delay: DEFAULT_MAX_DELAY,
        }
    }
}

impl RetryPolicy {
    /// Whether to retry after an attempt, given how many retries were already made.
    ///
    /// Never past `max_retries`, never after a success. Connection errors and timeouts are
    /// retried. For an error response, a `Stripe-Should-Retry` header decides when present (so a
    /// 429 marked `true` is retried, a 500 marked `false` is not); otherwise 409 Conflict and 5xx
    /// are retried, and every other status (400, 401, 402, 403, 404, 429, …) is not.
    pub(crate) fn should_retry(&self, retries_done: u32, outcome: &Outcome) -> bool {
        if retries_done >= self.max_retries {
            return false;
        }
        match *outcome {
            Outcome::Connection | Outcome::Timeout => true,
            Outcome::Status { status, .. } if status < 400 => false,
            Outcome::Status {
                should_retry: Some(header),
                ..
            } => header,
            Outcome::Status { status, .. } => status == 409 || (500..=599).contains(&status),
        }
    }

    /// The delay before retry number `retry` (1 for the first retry).
    ///
    /// `initial_delay × 2^(retry−1)`, capped at `max_delay`, multiplied by `jitter` (clamped to
    /// `[0.5, 1.0]`), and never below `initial_delay` (stripe-ruby's formula). A `Retry-After` of
    /// at most [`MAX_RETRY_AFTER`] raises the delay to itself: `max(backoff, retry_after)`.
    pub(crate) fn delay(&self, retry: u32, jitter: f64, retry_after: Option<Duration>) -> Duration {
        let factor = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        let exponential = self
            .initial_delay
            .saturating_mul(factor)
            .min(self.max_delay);
        let jitter = if jitter.is_nan() {
            1.0
        } else {
            jitter.clamp(0.5, 1.0)
        };
        let backoff = exponential.mul_f64(jitter).max(self.initial_delay);
        match retry_after {
            Some(after) if after <= MAX_RETRY_AFTER => backoff.max(after),
            _ => backoff,
        }
    }
}

/// Parses a `Retry-After` header given in whole seconds (the HTTP-date form is ignored).
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// Parses `Stripe-Should-Retry`: `true` or `false`, anything else is no advice.
pub(crate) fn parse_should_retry(value: &str) -> Option<bool> {
    match value.trim() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn status(status: u16, should_retry: Option<bool>) -> Outcome {
        Outcome::Status {
            status,
            should_retry,
        }
    }

    #[test]
    fn default_constants() {
        let p = RetryPolicy::default();
        assert_eq!(p.max_retries, 2);
        assert_eq!(p.initial_delay, ms(500));
        assert_eq!(p.max_delay, ms(5000));
        assert_eq!(MAX_RETRY_AFTER, ms(60_000));
    }

    #[test]
    fn should_retry_table() {
        let p = RetryPolicy::default();
        let table: &[(Outcome, bool)] = &[
            (Outcome::Connection, true),
            (Outcome::Timeout, true),
            (status(200, None), false),
            (status(200, Some(true)), false),
            (status(302, None), false),
            (status(400, None), false),
            (status(401, None), false),
            (status(402, None), false),
            (status(403, None), false),
            (status(404, None), false),
            (status(409, None), true),
            (status(409, Some(false)), false),
            (status(429, None), false),
            (status(429, Some(true)), true),
            (status(429, Some(false)), false),
            (status(500, None), true),
            (status(500, Some(false)), false),
            (status(502, None), true),
            (status(503, None), true),
            (status(503, Some(true)), true),
            (status(599, None), true),
        ];
        for (outcome, expected) in table {
            assert_eq!(p.should_retry(0, outcome), *expected, "{outcome:?}");
            assert_eq!(
                p.should_retry(1, outcome),
                *expected,
                "{outcome:?} after one retry"
            );
            // Out of retries: never.
            assert!(!p.should_retry(2, outcome), "{outcome:?}");
        }
        let none = RetryPolicy {
            max_retries: 0,
            ..p
        };
        assert!(!none.should_retry(0, &Outcome::Connection));
        assert!(!none.should_retry(0, &status(500, Some(true))));
    }

    #[test]
    fn backoff_numbers() {
        let p = RetryPolicy::default();
        // (retry, jitter, expected)
        let table: &[(u32, f64, u64)] = &[
            (1, 1.0, 500),
            (1, 0.5, 500), // 250 raised to the initial delay
            (2, 1.0, 1000),
            (2, 0.75, 750),
            (2, 0.5, 500),
            (3, 1.0, 2000),
            (3, 0.5, 1000),
            (4, 1.0, 4000),
            (5, 1.0, 5000), // 8000 capped
            (5, 0.5, 2500),
            (6, 0.6, 3000),
            (40, 1.0, 5000), // no overflow
            (u32::MAX, 1.0, 5000),
            (1, 7.0, 500),   // jitter clamped to 1.0
            (3, -1.0, 1000), // clamped to 0.5
        ];
        for &(retry, jitter, expected) in table {
            assert_eq!(
                p.delay(retry, jitter, None),
                ms(expected),
                "retry {retry} jitter {jitter}"
            );
        }
        assert_eq!(p.delay(2, f64::NAN, None), ms(1000));
    }

    #[test]
    fn retry_after_raises_the_delay_up_to_sixty_seconds() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay(1, 1.0, Some(Duration::from_secs(3))), ms(3000));
        assert_eq!(p.delay(4, 1.0, Some(Duration::from_secs(1))), ms(4000)); // backoff is longer
        assert_eq!(p.delay(1, 1.0, Some(Duration::from_secs(60))), ms(60_000));
        assert_eq!(p.delay(1, 1.0, Some(Duration::from_secs(61))), ms(500)); // too long: ignored
        assert_eq!(p.delay(1, 1.0, Some(Duration::ZERO)), ms(500));
    }

    #[test]
    fn tiny_delays_for_tests() {
        let p = RetryPolicy {
            max_retries: 3,
            initial_delay: ms(1),
            max_delay: ms(2),
        };
        assert_eq!(p.delay(1, 0.5, None), ms(1));
        assert_eq!(p.delay(2, 1.0, None), ms(2));
        assert_eq!(p.delay(3, 1.0, None), ms(2));
    }

    #[test]
    fn header_parsing() {
        assert_eq!(parse_retry_after("5"), Some(Duration::from_secs(5)));
        assert_eq!(parse_retry_after(" 0 "), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("1.5"), None);
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_should_retry("true"), Some(true));
        assert_eq!(parse_should_retry("false"), Some(false));
        assert_eq!(parse_should_retry("yes"), None);
    }
}
