//! [`Redacted`]: what `Debug` prints in place of a secret.

/// Stand-in for a secret in `Debug` output: prints `[REDACTED]`.
///
/// Generated `Debug` impls write `Redacted` in place of secret fields (card numbers, CVCs, keys), and
/// the runtime does the same for API keys.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[REDACTED]")
    }
}

#[cfg(test)]
mod tests {
    use super::Redacted;

    #[test]
    fn redacted_debug() {
        assert_eq!(format!("{:?}", Redacted), "[REDACTED]");
        assert_eq!(format!("{:?}", Some(Redacted)), "Some([REDACTED])");
    }
}
