//! [`DateTime`]: an RFC 3339 timestamp, for the `format: date-time` fields of Stripe's API v2
//! (`created`, `expires_at`, the `created[gt]` filters of lists).
//!
//! A [`DateTime`] is a [`jiff::Timestamp`] (an instant with nanosecond precision) **and the text it
//! was read from**:
//!
//! * **Read** from a JSON string (or a `FromStr` text) in RFC 3339 form with an offset:
//!   `2024-09-17T06:20:52.246Z`, `2024-09-17T08:20:52+02:00`. Text without an offset (a civil
//!   time, which names no instant), or that is no date-time at all, is an error; so is a JSON
//!   number.
//! * **Written back** exactly as read, digit for digit (`.246Z` stays `.246Z`, `+02:00` stays
//!   `+02:00`): decoding and serialising again gives back the body Stripe sent.
//! * **Made from a [`jiff::Timestamp`]** ([`DateTime::from_timestamp`], `From`): written in the
//!   canonical form, UTC with `Z` and the fraction only as long as needed
//!   (`2024-09-17T06:20:52.246Z`).
//!
//! Equality, ordering and hashing are those of the instant: `…T06:20:52Z` and `…T08:20:52+02:00`
//! are equal, although they are written back differently. [`DateTime::as_str`] gives the text.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::{Serialize, Serializer};

use super::form::{FormEncode, FormWriter, Key};

/// A Unix timestamp: whole seconds since 1970-01-01T00:00:00Z, as Stripe sends and accepts them
/// (OpenAPI `format: unix-time`).
pub type Timestamp = i64;

/// An instant as Stripe's API v2 writes it (RFC 3339, such as `2024-09-17T06:20:52.246Z`), kept
/// with its text: see the module documentation.
///
/// ```ignore
/// let created: DateTime = "2024-09-17T08:20:52.246+02:00".parse()?;
/// assert_eq!(created.as_str(), "2024-09-17T08:20:52.246+02:00");
/// assert_eq!(created.timestamp().as_second(), 1_726_554_052);
/// let now = DateTime::from_timestamp(jiff::Timestamp::now());
/// assert!(created < now);
/// ```
#[derive(Clone)]
pub struct DateTime {
    timestamp: jiff::Timestamp,
    /// The text read, or the canonical form of `timestamp`.
    text: Box<str>,
}

impl DateTime {
    /// The instant, written canonically: UTC with `Z`, the fraction of a second only as long as
    /// needed (`2024-09-17T06:20:52.246Z`, `2024-09-17T06:20:52Z`).
    pub fn from_timestamp(timestamp: jiff::Timestamp) -> Self {
        DateTime {
            timestamp,
            text: timestamp.to_string().into_boxed_str(),
        }
    }

    /// The instant, for arithmetic, comparison and formatting (`jiff`'s [`jiff::Timestamp`]).
    pub fn timestamp(&self) -> jiff::Timestamp {
        self.timestamp
    }

    /// Whole seconds since 1970-01-01T00:00:00Z (rounded towards the past), as v1's Unix
    /// timestamps count.
    pub fn unix_seconds(&self) -> i64 {
        let seconds = self.timestamp.as_second();
        if self.timestamp.subsec_nanosecond() < 0 {
            seconds - 1
        } else {
            seconds
        }
    }

    /// The text: as read, or the canonical form of an instant given with
    /// [`DateTime::from_timestamp`].
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// The Unix epoch, `1970-01-01T00:00:00Z`: what a generated response struct holds for a
/// `date-time` member the body left out (or sent as `null` where the spec says it is never null),
/// as `0` for a Unix timestamp; [`Drift`](super::Drift) lists such a member.
impl Default for DateTime {
    fn default() -> Self {
        DateTime::from_timestamp(jiff::Timestamp::UNIX_EPOCH)
    }
}

impl From<jiff::Timestamp> for DateTime {
    fn from(timestamp: jiff::Timestamp) -> Self {
        DateTime::from_timestamp(timestamp)
    }
}

impl From<DateTime> for jiff::Timestamp {
    fn from(value: DateTime) -> Self {
        value.timestamp
    }
}

impl PartialEq for DateTime {
    fn eq(&self, other: &Self) -> bool {
        self.timestamp == other.timestamp
    }
}

impl Eq for DateTime {}

impl PartialOrd for DateTime {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DateTime {
    fn cmp(&self, other: &Self) -> Ordering {
        self.timestamp.cmp(&other.timestamp)
    }
}

impl Hash for DateTime {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.timestamp.hash(state);
    }
}

/// The text, as [`DateTime::as_str`].
impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// `DateTime("2024-09-17T06:20:52.246Z")`.
impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("DateTime").field(&&*self.text).finish()
    }
}

/// Why a text is not an RFC 3339 timestamp with an offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseDateTimeError {
    /// At most the first 40 characters of the text.
    shown: String,
    /// `jiff`'s explanation.
    reason: String,
}

impl fmt::Display for ParseDateTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not an RFC 3339 date-time with an offset, such as \
             \"2024-09-17T06:20:52.246Z\" ({})",
            self.shown, self.reason
        )
    }
}

impl std::error::Error for ParseDateTimeError {}

impl FromStr for DateTime {
    type Err = ParseDateTimeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = |reason: String| {
            let mut shown: String = text.chars().take(40).collect();
            if shown.len() < text.len() {
                shown.push('…');
            }
            ParseDateTimeError { shown, reason }
        };
        // jiff also reads RFC 9557 and ISO 8601 variants (a space for `T`, a bracketed time
        // zone, no seconds, `+0200`): the form is checked here first, jiff checks the values.
        if !is_rfc3339(text.as_bytes()) {
            return Err(error(
                "not of the form YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)".to_owned(),
            ));
        }
        let timestamp = text
            .parse::<jiff::Timestamp>()
            .map_err(|e| error(e.to_string()))?;
        Ok(DateTime {
            timestamp,
            text: text.into(),
        })
    }
}

/// Whether `text` has RFC 3339's `date-time` form:
/// `YYYY-MM-DD(T|t)HH:MM:SS[.digits](Z|z|(+|-)HH:MM)` (the values are not checked here).
fn is_rfc3339(text: &[u8]) -> bool {
    /// `pattern` with `d` for a digit, other bytes as themselves (`T` also `t`).
    fn fits(text: &[u8], pattern: &[u8]) -> bool {
        text.len() == pattern.len()
            && text.iter().zip(pattern).all(|(&b, &p)| match p {
                b'd' => b.is_ascii_digit(),
                b'T' => matches!(b, b'T' | b't'),
                _ => b == p,
            })
    }
    if text.len() < 19 {
        return false;
    }
    let (head, rest) = text.split_at(19);
    if !fits(head, b"dddd-dd-ddTdd:dd:dd") {
        return false;
    }
    let rest = match rest.strip_prefix(b".") {
        Some(fraction) => {
            let digits = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits == 0 {
                return false;
            }
            &fraction[digits..]
        }
        None => rest,
    };
    matches!(rest, b"Z" | b"z") || fits(rest, b"+dd:dd") || fits(rest, b"-dd:dd")
}

/// A JSON string of the text.
impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

/// From a JSON string holding an RFC 3339 date-time with an offset.
impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(DateTimeVisitor)
    }
}

struct DateTimeVisitor;

impl Visitor<'_> for DateTimeVisitor {
    type Value = DateTime;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an RFC 3339 date-time in a string, such as \"2024-09-17T06:20:52.246Z\"")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<DateTime, E> {
        text.parse().map_err(E::custom)
    }
}

/// The text itself, in a query: `created[gt]=2024-09-17T06%3A20%3A52Z`.
impl FormEncode for DateTime {
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
        w.pair(key, &self.text);
    }
}

#[cfg(test)]
mod tests {
    use super::super::form::to_form_string;
    use super::*;
    use std::collections::HashSet;

    fn dt(text: &str) -> DateTime {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn the_text_read_is_written_back_exactly() {
        for text in [
            "2024-09-17T06:20:52.246Z",
            "2024-09-17T06:20:52Z",
            "2024-09-17T08:20:52.246000+02:00",
            "2024-09-16T21:20:52-09:00",
            "2024-09-17t06:20:52z",
            "1969-12-31T23:59:59.999999999Z",
        ] {
            let value = dt(text);
            assert_eq!(value.as_str(), text);
            assert_eq!(value.to_string(), text);
            let json = serde_json::to_string(&value).unwrap();
            assert_eq!(json, format!("\"{text}\""));
            let back: DateTime = serde_json::from_str(&json).unwrap();
            assert_eq!(back.as_str(), text);
        }
    }

    #[test]
    fn instants_compare_whatever_the_offset() {
        let utc = dt("2024-09-17T06:20:52Z");
        let paris = dt("2024-09-17T08:20:52+02:00");
        assert_eq!(utc, paris);
        assert_ne!(utc.as_str(), paris.as_str());
        let set: HashSet<DateTime> = [utc.clone(), paris].into_iter().collect();
        assert_eq!(set.len(), 1, "equal values hash alike");
        let later = dt("2024-09-17T06:20:52.000000001Z");
        assert!(utc < later);
        assert_eq!(utc.unix_seconds(), 1_726_554_052);
        assert_eq!(utc.timestamp().as_second(), 1_726_554_052);
        assert_eq!(later.timestamp().subsec_nanosecond(), 1);
        // Before 1970 the whole seconds round towards the past.
        assert_eq!(dt("1969-12-31T23:59:59.5Z").unix_seconds(), -1);
    }

    #[test]
    fn made_from_a_timestamp_it_is_written_canonically() {
        let ts = jiff::Timestamp::new(1_726_554_052, 246_000_000).unwrap();
        let value = DateTime::from_timestamp(ts);
        assert_eq!(value.as_str(), "2024-09-17T06:20:52.246Z");
        assert_eq!(jiff::Timestamp::from(value.clone()), ts);
        let whole: DateTime = jiff::Timestamp::from_second(1_726_554_052).unwrap().into();
        assert_eq!(whole.as_str(), "2024-09-17T06:20:52Z");
        assert_eq!(value, dt("2024-09-17T08:20:52.246+02:00"));
        assert_eq!(
            format!("{value:?}"),
            "DateTime(\"2024-09-17T06:20:52.246Z\")"
        );
        let epoch = DateTime::default();
        assert_eq!(epoch.as_str(), "1970-01-01T00:00:00Z");
        assert_eq!(epoch.unix_seconds(), 0);
    }

    #[test]
    fn anything_but_rfc_3339_with_an_offset_is_refused() {
        for text in [
            "",
            "2024-09-17",
            "2024-09-17T06:20:52",
            "2024-09-17 06:20:52Z",
            "2024-09-17T06:20:52Z[Europe/Paris]",
            "2024-09-17T06:20:52+02:00[Europe/Paris]",
            "2024-09-17T06:20+02:00",
            "2024-09-17T06:20:52+0200",
            "2024-09-17T06:20:52+02",
            "2024-09-17T06:20:52,5Z",
            "2024-09-17T06:20:52.Z",
            "+002024-09-17T06:20:52Z",
            "2024-09-17T06:20:52Zjunk",
            "２024-09-17T06:20:52Z",
            "2024-13-17T06:20:52Z",
            "2024-09-17T25:20:52Z",
            "1726554052",
            "yesterday at noon, more or less, give or take a day",
        ] {
            let e = text.parse::<DateTime>().unwrap_err();
            let message = e.to_string();
            assert!(message.contains("RFC 3339"), "{text}: {message}");
            assert!(message.len() < 400, "{message}");
        }
        assert!(serde_json::from_str::<DateTime>("1726554052").is_err());
        assert!(serde_json::from_str::<DateTime>("null").is_err());
        let e = serde_json::from_str::<DateTime>("\"2024-09-17\"").unwrap_err();
        assert!(e.to_string().contains("2024-09-17"), "{e}");
    }

    #[test]
    fn every_prefix_and_one_byte_change_parses_or_is_refused_and_what_parses_is_kept() {
        let valid = "2024-09-17T06:20:52.246+02:00";
        let mut tried = 0;
        for end in 0..=valid.len() {
            for (at, by) in
                (0..end).flat_map(|at| [b'0', b'9', b'Z', b':', b'.', 0xff].map(|b| (at, b)))
            {
                let mut bytes = valid.as_bytes()[..end].to_vec();
                bytes[at] = by;
                let Ok(text) = String::from_utf8(bytes) else {
                    continue;
                };
                tried += 1;
                if let Ok(value) = text.parse::<DateTime>() {
                    assert_eq!(value.as_str(), text);
                }
            }
        }
        assert!(tried > 500, "{tried}");
    }

    /// A `created[gt]` query filter.
    struct CreatedGt(DateTime);

    impl FormEncode for CreatedGt {
        fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
            self.0.encode_form(w, &key.field("created").field("gt"));
        }
    }

    #[test]
    fn in_a_query_it_is_the_text() {
        let value = dt("2024-09-17T06:20:52+02:00");
        assert_eq!(
            to_form_string(&CreatedGt(value)),
            "created[gt]=2024-09-17T06%3A20%3A52%2B02%3A00"
        );
    }
}
