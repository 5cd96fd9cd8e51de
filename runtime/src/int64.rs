//! [`Int64String`]: a 64-bit integer that travels as a JSON string (OpenAPI `type: string,
//! format: int64`, as newer specs type some v2 amounts and counts).
//!
//! JSON numbers past 2^53 lose digits in JavaScript and in every parser that reads them as
//! doubles, so Stripe writes such integers as strings (`"9007199254740993"`). An [`Int64String`]
//! is the `i64` in Rust and that string on the wire:
//!
//! * **Read** from a JSON string holding a plain integer: an optional `-`, then `0` or digits not
//!   starting with `0`, within `i64`. No `+`, no spaces, no leading zeros, no fraction or exponent:
//!   such a text could not be written back as it came. A JSON number is refused too, as the spec
//!   says string (a number there is drift worth seeing, not something to guess about).
//! * **Written** as the decimal text in a JSON string, and as the text itself in a query.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::{Serialize, Serializer};

use super::form::{FormEncode, FormWriter, Key};

/// An `i64` sent and read as a JSON string (`"9007199254740993"`): see the module documentation.
///
/// ```ignore
/// let count = Int64String::from(9_007_199_254_740_993);
/// assert_eq!(serde_json::to_string(&count)?, "\"9007199254740993\"");
/// assert_eq!(i64::from(count), 9_007_199_254_740_993);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Int64String(pub i64);

impl Int64String {
    /// The integer.
    pub fn get(self) -> i64 {
        self.0
    }
}

impl From<i64> for Int64String {
    fn from(value: i64) -> Self {
        Int64String(value)
    }
}

impl From<Int64String> for i64 {
    fn from(value: Int64String) -> Self {
        value.0
    }
}

impl fmt::Display for Int64String {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// Why a text is not a plain 64-bit integer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseInt64StringError {
    /// At most the first 40 characters of the text.
    shown: String,
}

impl fmt::Display for ParseInt64StringError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a plain 64-bit integer (digits with an optional `-`, no leading zeros, \
             from -9223372036854775808 to 9223372036854775807)",
            self.shown
        )
    }
}

impl std::error::Error for ParseInt64StringError {}

impl FromStr for Int64String {
    type Err = ParseInt64StringError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let digits = text.strip_prefix('-').unwrap_or(text);
        let plain = !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && (digits.len() == 1 || !digits.starts_with('0'))
            && text != "-0";
        match text.parse::<i64>() {
            Ok(value) if plain => Ok(Int64String(value)),
            _ => {
                let mut shown: String = text.chars().take(40).collect();
                if shown.len() < text.len() {
                    shown.push('…');
                }
                Err(ParseInt64StringError { shown })
            }
        }
    }
}

/// A JSON string of the decimal text.
impl Serialize for Int64String {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

/// From a JSON string holding a plain integer (see the module documentation).
impl<'de> Deserialize<'de> for Int64String {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(Int64Visitor)
    }
}

struct Int64Visitor;

impl Visitor<'_> for Int64Visitor {
    type Value = Int64String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a 64-bit integer in a string, such as \"9007199254740993\"")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Int64String, E> {
        text.parse().map_err(E::custom)
    }
}

/// The decimal text: `limit=9007199254740993`.
impl FormEncode for Int64String {
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
        w.pair_display(key, &self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::super::form::to_form_string;
    use super::*;

    #[test]
    fn round_trips_as_a_string() {
        for value in [0, 1, -1, 9_007_199_254_740_993, i64::MAX, i64::MIN] {
            let json = serde_json::to_string(&Int64String(value)).unwrap();
            assert_eq!(json, format!("\"{value}\""));
            let back: Int64String = serde_json::from_str(&json).unwrap();
            assert_eq!(back.get(), value);
            assert_eq!(back.to_string(), value.to_string());
        }
        assert_eq!(i64::from(Int64String::from(7)), 7);
    }

    #[test]
    fn only_plain_integers_in_strings_are_read() {
        for text in [
            "",
            "-",
            "+1",
            "01",
            "-0",
            " 1",
            "1 ",
            "1.0",
            "1e3",
            "9223372036854775808",
            "-9223372036854775809",
            "0x10",
        ] {
            let e = text.parse::<Int64String>().unwrap_err();
            assert!(e.to_string().contains("64-bit integer"), "{text}: {e}");
        }
        for json in ["5", "5.0", "null", "true", "\"1_000\""] {
            assert!(serde_json::from_str::<Int64String>(json).is_err(), "{json}");
        }
        assert_eq!("-42".parse::<Int64String>(), Ok(Int64String(-42)));
        assert_eq!("0".parse::<Int64String>(), Ok(Int64String(0)));
    }

    struct Amount(Int64String);

    impl FormEncode for Amount {
        fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
            self.0.encode_form(w, &key.field("amount"));
        }
    }

    #[test]
    fn in_a_query_it_is_the_text() {
        assert_eq!(
            to_form_string(&Amount(Int64String(-9_007_199_254_740_993))),
            "amount=-9007199254740993"
        );
    }
}
