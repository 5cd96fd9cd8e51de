//! [`Clearable`]: a request parameter that can be set to a value or explicitly emptied.

/// A request parameter that can be set, or cleared.
///
/// Stripe unsets many fields when they are sent as an empty string (`metadata=`,
/// `default_source=`). Combined with `Option`, a field has three states:
///
/// * `None`: left out of the request (the field keeps its value),
/// * `Some(Clearable::Set(v))`: sent as `v`,
/// * `Some(Clearable::Clear)`: sent as `field=` (the field is emptied).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Clearable<T> {
    /// Send this value.
    Set(T),
    /// Send an empty value, which clears the field on Stripe's side.
    Clear,
}

impl<T> From<T> for Clearable<T> {
    fn from(value: T) -> Self {
        Clearable::Set(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_value_sets() {
        let c: Clearable<i64> = 5.into();
        assert_eq!(c, Clearable::Set(5));
        assert_ne!(c, Clearable::Clear);
    }
}
