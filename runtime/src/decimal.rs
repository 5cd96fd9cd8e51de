//! [`Decimal`]: an exact decimal number, for Stripe's `format: decimal` fields
//! (`unit_amount_decimal`, `flat_amount_decimal`, `percentage_decimal`, ...).
//!
//! Stripe sends and accepts these as JSON strings (`"12.50"`), never as JSON numbers: a float
//! would round them. A [`Decimal`] is a [`rust_decimal::Decimal`] (a 96-bit integer and a scale of
//! 0 to 28 digits after the point) that reads and writes exactly the text of the wire:
//!
//! * **Accepted text** is a plain decimal: an optional `-`, the integer digits (`0`, or digits not
//!   starting with `0`), and optionally `.` followed by at least one digit. Nothing else: no `+`,
//!   no exponent (`1e5`), no underscore (`1_000`), no spaces, no leading zeros (`007`), no bare
//!   point (`1.`, `.5`). `rust_decimal`'s own parser accepts several of these; the text is checked
//!   here first.
//! * **Precision**: at most 28 digits after the point and an integer of at most 96 bits (every
//!   number of 28 digits, some of 29). A longer value is an error, never rounded.
//! * **Written back** digit for digit: the scale is kept (`"1.50"` stays `"1.50"`, `"0.0"` stays
//!   `"0.0"`), and so is the sign of a negative zero (`"-0.00"`). In JSON it is a string; in a form,
//!   the text itself (`unit_amount_decimal=12.50`).
//! * **A JSON number is not accepted** when decoding: serde_json hands a fractional number over as
//!   an `f64`, already rounded, so no decimal read from it could be trusted to be what was sent;
//!   Stripe's spec types these fields as strings, and so do its SDKs' wire formats. A number (or
//!   any text above that is not a plain decimal) is a decode error, which the client reports as
//!   [`Error::Decode`](super::Error::Decode) with the JSON pointer of the value.
//!
//! Equality and ordering are numeric (`1.5 == 1.50`), as for [`rust_decimal::Decimal`]; the text
//! written back is the one read. For arithmetic, take the [`rust_decimal::Decimal`] out
//! ([`Decimal::value`] or `From`) and put the result back with `From`.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::{Serialize, Serializer};

use super::form::{FormEncode, FormWriter, Key};

/// An exact decimal number as Stripe writes it (`"12.50"`): see the module documentation for the
/// text it accepts and how it is written back.
///
/// ```ignore
/// let price: Decimal = "12.50".parse()?;
/// assert_eq!(price.to_string(), "12.50");
/// assert!("1e3".parse::<Decimal>().is_err());
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Decimal(rust_decimal::Decimal);

impl Decimal {
    /// The number, for arithmetic.
    pub fn value(self) -> rust_decimal::Decimal {
        self.0
    }
}

impl From<rust_decimal::Decimal> for Decimal {
    fn from(value: rust_decimal::Decimal) -> Self {
        Decimal(value)
    }
}

impl From<Decimal> for rust_decimal::Decimal {
    fn from(value: Decimal) -> Self {
        value.0
    }
}

/// A whole number (scale 0: written without a point).
impl From<i64> for Decimal {
    fn from(value: i64) -> Self {
        Decimal(rust_decimal::Decimal::from(value))
    }
}

/// A whole number (scale 0: written without a point).
impl From<i32> for Decimal {
    fn from(value: i32) -> Self {
        Decimal(rust_decimal::Decimal::from(value))
    }
}

/// The text written back: the digits read, with their scale.
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// The number's text, as `Display` writes it.
impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// Why a text is not a [`Decimal`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseDecimalError {
    kind: Problem,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Problem {
    Empty,
    /// A byte that is not a digit, or `-`/`.` out of place (`+`, `e`, `_`, a space, ...).
    Unexpected(u8),
    /// `007`: the integer part starts with a zero and goes on.
    LeadingZero,
    /// `1.`, `.5`, `-`: a part without digits.
    MissingDigits,
    /// More digits than a 96-bit decimal with at most 28 after the point holds.
    TooPrecise,
}

impl fmt::Display for ParseDecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a plain decimal (")?;
        match self.kind {
            Problem::Empty => f.write_str("empty")?,
            Problem::Unexpected(b) if b.is_ascii_graphic() => {
                write!(f, "unexpected `{}`", char::from(b))?;
            }
            Problem::Unexpected(b) => write!(f, "unexpected byte 0x{b:02x}")?,
            Problem::LeadingZero => f.write_str("leading zero")?,
            Problem::MissingDigits => f.write_str("a part without digits")?,
            Problem::TooPrecise => {
                f.write_str("more digits than 96 bits with at most 28 after the point hold")?;
            }
        }
        f.write_str("; expected digits with an optional `-` and `.`, such as `-12.50`)")
    }
}

impl std::error::Error for ParseDecimalError {}

impl FromStr for Decimal {
    type Err = ParseDecimalError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        check_plain(text.as_bytes()).map_err(|kind| ParseDecimalError { kind })?;
        let mut value =
            rust_decimal::Decimal::from_str_exact(text).map_err(|_| ParseDecimalError {
                kind: Problem::TooPrecise,
            })?;
        // rust_decimal drops the sign of a zero; `-0.00` is written back as it came.
        if text.starts_with('-') {
            value.set_sign_negative(true);
        }
        Ok(Decimal(value))
    }
}

/// Checks the grammar `-?(0|[1-9][0-9]*)(\.[0-9]+)?`.
fn check_plain(text: &[u8]) -> Result<(), Problem> {
    if text.is_empty() {
        return Err(Problem::Empty);
    }
    let unsigned = text.strip_prefix(b"-").unwrap_or(text);
    let (integer, fraction) = match unsigned.iter().position(|&b| b == b'.') {
        Some(point) => (&unsigned[..point], Some(&unsigned[point + 1..])),
        None => (unsigned, None),
    };
    for part in [Some(integer), fraction].into_iter().flatten() {
        if let Some(&b) = part.iter().find(|b| !b.is_ascii_digit()) {
            return Err(Problem::Unexpected(b));
        }
        if part.is_empty() {
            return Err(Problem::MissingDigits);
        }
    }
    if integer.len() > 1 && integer[0] == b'0' {
        return Err(Problem::LeadingZero);
    }
    Ok(())
}

/// A JSON string of the text.
impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

/// From a JSON string holding a plain decimal; anything else is an error (see the module docs).
impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(DecimalVisitor)
    }
}

struct DecimalVisitor;

impl Visitor<'_> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number in a string, such as \"12.50\"")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Decimal, E> {
        text.parse().map_err(|e: ParseDecimalError| {
            // The text may be long: the error names at most its first 40 characters.
            let shown: String = text.chars().take(40).collect();
            let more = if shown.len() < text.len() { "…" } else { "" };
            E::custom(format_args!("{e}: {shown:?}{more}"))
        })
    }
}

/// The text itself: `unit_amount_decimal=12.50`.
impl FormEncode for Decimal {
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
        w.pair_display(key, &self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::super::decode::Failure;
    use super::super::form::to_form_string;
    use super::super::{Clearable, Error};
    use super::*;

    /// Parses `text` as JSON and writes it back as JSON and as a form value; both must be
    /// byte-identical to `text`.
    fn round_trip(text: &str) {
        let json = format!("{{\"amount\":\"{text}\",\"list\":[\"{text}\"]}}");
        let decoded: Amounts =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("{text:?} does not decode: {e}"));
        assert_eq!(serde_json::to_string(&decoded).unwrap(), json, "{text:?}");
        assert_eq!(
            to_form_string(&decoded),
            format!("amount={text}&list[0]={text}"),
            "{text:?}"
        );
        assert_eq!(decoded.amount.to_string(), text);
        assert_eq!(format!("{:?}", decoded.amount), text);
    }

    #[derive(Debug, serde::Deserialize, serde::Serialize)]
    struct Amounts {
        amount: Decimal,
        list: Vec<Decimal>,
    }

    impl FormEncode for Amounts {
        fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
            self.amount.encode_form(w, &key.field("amount"));
            self.list.encode_form(w, &key.field("list"));
        }
    }

    #[test]
    fn stripes_values_round_trip() {
        for text in [
            "0",
            "0.0",
            "1.50",
            "9.875",
            "2000",
            "-12.5",
            "-0",
            "-0.00",
            "0.000000000001",
        ] {
            round_trip(text);
        }
        // The widest values: 28 digits after the point; the largest 96-bit integer.
        round_trip("0.1234567890123456789012345678");
        round_trip("79228162514264337593543950335");
        round_trip("-7922816251426433759354395033.5");
    }

    /// SplitMix64: a seeded, dependency-free source, so every run checks the same cases.
    struct SplitMix(u64);

    impl SplitMix {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
        fn digits(&mut self, out: &mut String, count: u64) {
            for _ in 0..count {
                out.push(char::from(b'0' + self.below(10) as u8));
            }
        }
    }

    /// Random plain decimals: signs, zero integer parts, integer parts up to 16 digits, 0 to 12
    /// fractional digits (trailing zeros included), round-trip JSON decoding and form encoding
    /// byte for byte.
    #[test]
    fn random_decimals_round_trip_byte_exactly() {
        let mut rng = SplitMix(0x5EED_DEC1_0000_0001);
        let mut seen_trailing_zero = 0;
        for _ in 0..20_000 {
            let mut text = String::new();
            if rng.below(3) == 0 {
                text.push('-');
            }
            match rng.below(4) {
                0 => text.push('0'),
                _ => {
                    text.push(char::from(b'1' + rng.below(9) as u8));
                    let more = rng.below(16);
                    rng.digits(&mut text, more);
                }
            }
            let fraction = rng.below(13);
            if fraction > 0 {
                text.push('.');
                rng.digits(&mut text, fraction);
                if rng.below(4) == 0 {
                    // Force trailing zeros.
                    text.truncate(text.len() - 1);
                    text.push('0');
                }
                if text.ends_with('0') {
                    seen_trailing_zero += 1;
                }
            }
            round_trip(&text);
        }
        assert!(seen_trailing_zero > 1000, "{seen_trailing_zero}");
    }

    /// A body that holds `text` at `/lines/1/amount`, and the [`Error::Decode`] it gives.
    fn decode_error(value: &str) -> Error {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Line {
            amount: Decimal,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Body {
            lines: Vec<Line>,
        }
        let body = format!("{{\"lines\": [{{\"amount\": \"1\"}}, {{\"amount\": {value}}}]}}");
        let e = serde_json::from_str::<Body>(&body).expect_err(value);
        Failure::new(body.as_bytes(), &e).into_error(200, None, body.as_bytes(), "decoding")
    }

    #[test]
    fn what_is_not_a_plain_decimal_is_a_decode_error_at_its_pointer() {
        let cases = [
            (r#""1e5""#, "unexpected `e`"),
            (r#""1E5""#, "unexpected `E`"),
            (r#""1_000""#, "unexpected `_`"),
            (r#""+1""#, "unexpected `+`"),
            (r#""""#, "empty"),
            (r#"" 1""#, "unexpected byte 0x20"),
            (r#""1 ""#, "unexpected byte 0x20"),
            (r#""1.5.0""#, "unexpected `.`"),
            (r#""--1""#, "unexpected `-`"),
            (r#""007""#, "leading zero"),
            (r#""-00.5""#, "leading zero"),
            (r#""1.""#, "a part without digits"),
            (r#"".5""#, "a part without digits"),
            (r#""-""#, "a part without digits"),
            (r#""NaN""#, "unexpected `N`"),
            (r#""١""#, "unexpected byte 0xd9"),
            // 29 digits after the point; an integer beyond 96 bits.
            (
                r#""0.12345678901234567890123456789""#,
                "more digits than 96 bits",
            ),
            (
                r#""79228162514264337593543950336""#,
                "more digits than 96 bits",
            ),
            (
                r#""7922816251426433759354395033.56""#,
                "more digits than 96 bits",
            ),
            // JSON numbers and other kinds.
            ("12.5", "invalid type: floating point"),
            ("12", "invalid type: integer"),
            ("true", "invalid type: boolean"),
            ("{}", "invalid type: map"),
        ];
        for (value, says) in cases {
            match decode_error(value) {
                Error::Decode { path, message, .. } => {
                    assert_eq!(path, "/lines/1/amount", "{value}: {message}");
                    assert!(message.contains(says), "{value}: {message}");
                }
                other => panic!("{value}: {other:?}"),
            }
        }
    }

    #[test]
    fn parse_errors_name_the_problem() {
        assert_eq!(
            "1e5".parse::<Decimal>().unwrap_err().to_string(),
            "not a plain decimal (unexpected `e`; expected digits with an optional `-` and `.`, \
             such as `-12.50`)"
        );
        let long = "9".repeat(100);
        let e = serde_json::from_str::<Decimal>(&format!("\"{long}\"")).unwrap_err();
        assert!(
            e.to_string().contains(&format!("{:?}…", "9".repeat(40))),
            "{e}"
        );
    }

    #[test]
    fn numeric_equality_textual_output() {
        let a: Decimal = "1.5".parse().unwrap();
        let b: Decimal = "1.50".parse().unwrap();
        assert_eq!(a, b);
        assert_eq!(
            (a.to_string(), b.to_string()),
            ("1.5".into(), "1.50".into())
        );
        assert!(a < "1.51".parse().unwrap());
        assert_eq!(Decimal::default().to_string(), "0");
        assert_eq!(Decimal::from(-3_i64).to_string(), "-3");
        assert_eq!(Decimal::from(7_i32).to_string(), "7");
        let sum = a.value() + rust_decimal::Decimal::new(25, 2);
        assert_eq!(Decimal::from(sum).to_string(), "1.75");
        assert_eq!(rust_decimal::Decimal::from(b).scale(), 2);
    }

    #[test]
    fn clearable_decimals_set_and_clear() {
        let set: Clearable<Decimal> = Clearable::Set("0.50".parse().unwrap());
        let cleared: Clearable<Decimal> = Clearable::Clear;
        assert_eq!(to_form_string(&Field(set)), "unit_amount_decimal=0.50");
        assert_eq!(to_form_string(&Field(cleared)), "unit_amount_decimal=");
        let none: Option<Decimal> = None;
        assert_eq!(to_form_string(&Field(none)), "");
    }

    struct Field<T>(T);

    impl<T: FormEncode> FormEncode for Field<T> {
        fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
            self.0.encode_form(w, &key.field("unit_amount_decimal"));
        }
    }

    #[test]
    fn multipart_parts_hold_the_text() {
        let mut w = FormWriter::multipart_with_boundary("XyZ");
        "12.50"
            .parse::<Decimal>()
            .unwrap()
            .encode_form(&mut w, &Key::root().field("amount"));
        let body = String::from_utf8(w.finish_multipart().unwrap().into_bytes()).unwrap();
        assert!(body.contains("name=\"amount\"\r\n\r\n12.50\r\n"), "{body}");
    }
}
