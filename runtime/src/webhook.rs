//! Webhook signatures: checking the `Stripe-Signature` header of an incoming event.
//!
//! Stripe signs each delivery with the endpoint's secret (`whsec_…`): the header carries the time
//! of signing (`t=…`) and one or more signatures (`v1=…`), each the hex HMAC-SHA256 of
//! `"{t}.{payload}"` keyed with the secret. Other schemes (`v0=…`) and unknown elements are ignored,
//! elements may come in any order. A delivery is genuine when one `v1` signature matches one of the
//! configured secrets (several during a secret rotation), and fresh when `t` is at most the
//! tolerance (300 s by default) before the current time.
//!
//! Two choices differ in form from Stripe's SDKs, so that code ported from them cannot trip:
//!
//! * **No age check is spelled `None`, not `0`.** In stripe-python and stripe-node a tolerance of
//!   0 turns the age check off; here [`WebhookVerifier::tolerance`] takes an
//!   `Option<Duration>`: `None` turns it off, and `Some(Duration::ZERO)` means zero seconds (only
//!   an event signed in the current second passes), so "off" is never a number that reads as
//!   "strictest".
//! * **A signing time ahead of the clock is accepted by default**, as in the SDKs: `t` is covered
//!   by the signature, so only Stripe can set it, and a time ahead of ours means our clock runs
//!   late; rejecting it would refuse genuine events on a receiver whose clock is a few minutes
//!   behind (it used to be refused past the tolerance). To bound it anyway, set a separate
//!   allowance with [`WebhookVerifier::clock_skew`]; past it, the error is
//!   [`WebhookError::TimestampInFuture`]. Replays are stopped by the age check, whatever this
//!   allowance.
//!
//! Verification is separate from parsing: [`WebhookVerifier::verify`] checks the bytes as received;
//! the generated `Webhook::construct_event` verifies and then parses the typed event, and
//! `Webhook::parse_event` parses without verifying (for tests, or for events from a trusted
//! source).

use std::fmt;
use std::marker::PhantomData;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

use super::datetime::Timestamp;
use super::redacted::Redacted;

type HmacSha256 = Hmac<Sha256>;

/// The signature scheme Stripe signs events with.
const SCHEME: &str = "v1";

/// Entry point for incoming webhook events.
///
/// A generated crate with events defines its own `Webhook` with
/// `Webhook::construct_event(payload, sig_header, secret)` (verify, then parse the typed event) and
/// `Webhook::parse_event(payload)` (parse only), built on [`EventVerifier::construct_event`] and
/// [`Webhook::parse_event_as`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Webhook;

impl Webhook {
    /// How far the signing time may lie from the current time, unless configured otherwise.
    pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

    /// Decodes an event payload as `T` without verifying any signature (for tests, or for an
    /// event whose signature was checked already), as the client decodes a response body.
    ///
    /// # Errors
    ///
    /// [`WebhookError::Parse`] for a payload that is not a `T`.
    pub fn parse_event_as<T: serde::de::DeserializeOwned>(
        payload: impl AsRef<[u8]>,
    ) -> Result<T, WebhookError> {
        parse(payload.as_ref())
    }
}

/// Checks `Stripe-Signature` headers against one or more endpoint secrets.
///
/// `WebhookVerifier::new("whsec_new").secret("whsec_old")` accepts either secret while a rotation
/// lasts; [`tolerance`](Self::tolerance) sets how old a signature may be (`None`: any age), and
/// [`clock_skew`](Self::clock_skew) how far ahead of the clock its time may be (any, by default).
/// `Debug` shows how many secrets there are, never their values.
///
/// ```ignore
/// use std::time::Duration;
///
/// // The defaults: at most 300 s old, any time ahead (as Stripe's SDKs).
/// let default = WebhookVerifier::new("whsec_test");
/// // At most 60 s old, and at most 30 s ahead of this machine's clock.
/// let strict = WebhookVerifier::new("whsec_test")
///     .tolerance(Duration::from_secs(60))
///     .clock_skew(Duration::from_secs(30));
/// // No age check (what `tolerance=0` means in stripe-python and stripe-node): say so with `None`.
/// let any_age = WebhookVerifier::new("whsec_test").tolerance(None);
/// ```
///
/// (The crate's README has this example compiled.)
///
/// `E` is the event type [`construct_event`](Self::construct_event) decodes: raw JSON here
/// ([`WebhookVerifier`]); a generated crate with events names its own `WebhookVerifier =
/// EventVerifier<Event>`, so its verifier returns typed events.
pub struct EventVerifier<E> {
    secrets: Vec<String>,
    /// How old the signing time may be; `None`: no age check.
    tolerance: Option<Duration>,
    /// How far ahead of the clock the signing time may be; `None`: any amount.
    clock_skew: Option<Duration>,
    event: PhantomData<fn() -> E>,
}

/// A verifier whose [`construct_event`](EventVerifier::construct_event) gives raw JSON.
pub type WebhookVerifier = EventVerifier<serde_json::Value>;

impl<E> Clone for EventVerifier<E> {
    fn clone(&self) -> Self {
        EventVerifier {
            secrets: self.secrets.clone(),
            tolerance: self.tolerance,
            clock_skew: self.clock_skew,
            event: PhantomData,
        }
    }
}

impl<E> PartialEq for EventVerifier<E> {
    fn eq(&self, other: &Self) -> bool {
        (&self.secrets, self.tolerance, self.clock_skew)
            == (&other.secrets, other.tolerance, other.clock_skew)
    }
}

impl<E> Eq for EventVerifier<E> {}

impl<E> fmt::Debug for EventVerifier<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookVerifier")
            .field("secrets", &vec![Redacted; self.secrets.len()])
            .field("tolerance", &self.tolerance)
            .field("clock_skew", &self.clock_skew)
            .finish()
    }
}

impl<E> EventVerifier<E> {
    /// A verifier for the endpoint secret `secret` (`whsec_…`), with the default tolerance
    /// ([`Webhook::DEFAULT_TOLERANCE`], 300 s) and no bound on a signing time ahead of the clock.
    pub fn new(secret: impl Into<String>) -> Self {
        EventVerifier {
            secrets: vec![secret.into()],
            tolerance: Some(Webhook::DEFAULT_TOLERANCE),
            clock_skew: None,
            event: PhantomData,
        }
    }

    /// Accept signatures made with `secret` as well: during a rotation, the new and the old secret.
    #[must_use]
    pub fn secret(mut self, secret: impl Into<String>) -> Self {
        self.secrets.push(secret.into());
        self
    }

    /// How long before the current time the signing time may lie (default 300 s): an older
    /// signature is [`WebhookError::TimestampTooOld`] (a possible replay).
    ///
    /// Takes a `Duration` or an `Option<Duration>`. `None` turns the age check off: that is what
    /// a tolerance of `0` means in stripe-python and stripe-node. Here
    /// `Duration::ZERO` is zero seconds: only an event signed in the current second passes.
    #[must_use]
    pub fn tolerance(mut self, tolerance: impl Into<Option<Duration>>) -> Self {
        self.tolerance = tolerance.into();
        self
    }

    /// How far after the current time the signing time may lie, for a clock that runs late:
    /// later is [`WebhookError::TimestampInFuture`]. Takes a `Duration` or an
    /// `Option<Duration>`; `None`, the default, accepts any signing time ahead of the clock, as
    /// Stripe's SDKs do (the time is signed, so only Stripe can set it; the age check above is
    /// what stops replays).
    #[must_use]
    pub fn clock_skew(mut self, clock_skew: impl Into<Option<Duration>>) -> Self {
        self.clock_skew = clock_skew.into();
        self
    }

    /// Checks that `header` (the `Stripe-Signature` value) signs `payload` (the request body exactly
    /// as received) with one of the secrets, at a time no older than the tolerance (and no further
    /// ahead than the clock skew allowance, when one is set).
    ///
    /// # Errors
    ///
    /// A [`WebhookError`] saying what did not hold.
    pub fn verify(&self, payload: impl AsRef<[u8]>, header: &str) -> Result<(), WebhookError> {
        self.verify_at(payload, header, now())
    }

    /// Verifies `payload` against `header` with these secrets and this tolerance, then decodes the
    /// event as `E`.
    ///
    /// # Errors
    ///
    /// A [`WebhookError`]: what did not hold (as [`verify`](Self::verify)), or
    /// [`WebhookError::Parse`] for a payload that is not an `E`.
    pub fn construct_event(
        &self,
        payload: impl AsRef<[u8]>,
        header: &str,
    ) -> Result<E, WebhookError>
    where
        E: serde::de::DeserializeOwned,
    {
        let payload = payload.as_ref();
        self.verify(payload, header)?;
        parse(payload)
    }

    /// [`verify`](Self::verify) against the clock reading `now` (seconds since the Unix epoch).
    ///
    /// # Errors
    ///
    /// A [`WebhookError`] saying what did not hold.
    pub fn verify_at(
        &self,
        payload: impl AsRef<[u8]>,
        header: &str,
        now: Timestamp,
    ) -> Result<(), WebhookError> {
        if self.secrets.iter().all(|s| s.trim().is_empty()) {
            return Err(WebhookError::NoSecret);
        }
        let parsed = SignatureHeader::parse(header)?;
        let payload = payload.as_ref();
        let matched = self
            .secrets
            .iter()
            .filter(|s| !s.trim().is_empty())
            .any(|secret| {
                let mac = signed_payload_mac(secret, parsed.timestamp, payload);
                // `verify_slice` compares in constant time.
                parsed
                    .signatures
                    .iter()
                    .any(|sig| mac.clone().verify_slice(sig).is_ok())
            });
        if !matched {
            return Err(WebhookError::SignatureMismatch);
        }
        let seconds = |d: Duration| i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
        if let Some(tolerance) = self.tolerance {
            if parsed.timestamp < now.saturating_sub(seconds(tolerance)) {
                return Err(WebhookError::TimestampTooOld {
                    timestamp: parsed.timestamp,
                    now,
                    tolerance,
                });
            }
        }
        if let Some(skew) = self.clock_skew {
            if parsed.timestamp > now.saturating_add(seconds(skew)) {
                return Err(WebhookError::TimestampInFuture {
                    timestamp: parsed.timestamp,
                    now,
                    tolerance: skew,
                });
            }
        }
        Ok(())
    }
}

/// The signature algorithm itself, for one secret.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WebhookSignature;

impl WebhookSignature {
    /// Checks `header` against `payload` with a single `secret` and the given tolerance (a
    /// `Duration`, or `None` for no age check); the same as
    /// `WebhookVerifier::new(secret).tolerance(tolerance).verify(payload, header)`.
    ///
    /// # Errors
    ///
    /// A [`WebhookError`] saying what did not hold.
    pub fn verify_header(
        payload: impl AsRef<[u8]>,
        header: &str,
        secret: &str,
        tolerance: impl Into<Option<Duration>>,
    ) -> Result<(), WebhookError> {
        WebhookVerifier::new(secret)
            .tolerance(tolerance)
            .verify(payload, header)
    }

    /// The hex HMAC-SHA256 of `"{timestamp}.{payload}"` keyed with `secret`: a `v1` signature.
    pub fn compute_signature(
        payload: impl AsRef<[u8]>,
        secret: &str,
        timestamp: Timestamp,
    ) -> String {
        let mac = signed_payload_mac(secret, timestamp, payload.as_ref());
        hex(&mac.finalize().into_bytes())
    }

    /// A `Stripe-Signature` header value (`t=…,v1=…`) signing `payload` with `secret` at
    /// `timestamp`, as Stripe would send it: for tests of webhook handlers.
    pub fn generate_header(
        payload: impl AsRef<[u8]>,
        secret: &str,
        timestamp: Timestamp,
    ) -> String {
        let signature = WebhookSignature::compute_signature(payload, secret, timestamp);
        format!("t={timestamp},{SCHEME}={signature}")
    }
}

/// Why an incoming webhook was not accepted. Never carries a secret.
#[non_exhaustive]
#[derive(Debug)]
pub enum WebhookError {
    /// No secret to check against (empty or blank).
    NoSecret,
    /// The `Stripe-Signature` header is empty or does not have the expected form.
    MalformedHeader {
        /// What is wrong with it.
        reason: String,
    },
    /// The header has no `v1` signature.
    NoSignatures,
    /// No `v1` signature matches the payload under any of the secrets: a wrong secret, a payload
    /// changed on the way (re-serialized JSON included), or a forged request.
    SignatureMismatch,
    /// The signature is genuine but older than the tolerance allows (a possible replay); never when
    /// the tolerance is `None`.
    TimestampTooOld {
        /// The header's `t`.
        timestamp: Timestamp,
        /// The clock reading it was compared with.
        now: Timestamp,
        /// The configured tolerance.
        tolerance: Duration,
    },
    /// The signature is genuine but its time lies further ahead of the clock than the allowance
    /// set with [`WebhookVerifier::clock_skew`] (never without one).
    TimestampInFuture {
        /// The header's `t`.
        timestamp: Timestamp,
        /// The clock reading it was compared with.
        now: Timestamp,
        /// The configured clock skew allowance.
        tolerance: Duration,
    },
    /// The payload is not the JSON of an event.
    Parse(serde_json::Error),
    /// The payload is an event of the other kind: a thin event notification of an event
    /// destination (`"object": "v2.core.event"`) given to the snapshot event parser
    /// (`Webhook::construct_event`), or a snapshot event (`"object": "event"`) given to
    /// [`Webhook::parse_event_notification`].
    WrongEventKind {
        /// The `object` the parser reads.
        expected: &'static str,
        /// The `object` the payload has.
        found: String,
    },
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::NoSecret => f.write_str("no webhook endpoint secret was given"),
            WebhookError::MalformedHeader { reason } => {
                write!(f, "malformed Stripe-Signature header: {reason}")
            }
            WebhookError::NoSignatures => {
                write!(f, "the Stripe-Signature header has no `{SCHEME}` signature")
            }
            WebhookError::SignatureMismatch => f.write_str(
                "no signature in the Stripe-Signature header matches the payload and secret",
            ),
            WebhookError::TimestampTooOld {
                timestamp,
                now,
                tolerance,
            } => write!(
                f,
                "the webhook was signed at {timestamp}, more than {}s before now ({now})",
                tolerance.as_secs()
            ),
            WebhookError::TimestampInFuture {
                timestamp,
                now,
                tolerance,
            } => write!(
                f,
                "the webhook was signed at {timestamp}, more than {}s after now ({now}): is this \
                 machine's clock late?",
                tolerance.as_secs()
            ),
            WebhookError::Parse(e) => write!(f, "the webhook payload is not a valid event: {e}"),
            WebhookError::WrongEventKind { expected, found } => {
                f.write_str(wrong_kind_message(expected, found))
            }
        }
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WebhookError::Parse(e) => Some(e),
            _ => None,
        }
    }
}

/// Decodes an event payload as `T`, as the client decodes a response body (`decode::from_slice`:
/// unknown members kept, a `null` where the types have a value decoded as the default, so an
/// event rendered in another API version decodes; `Drift::of(payload, &event)` lists what did not
/// match).
pub(crate) fn parse<T: serde::de::DeserializeOwned>(payload: &[u8]) -> Result<T, WebhookError> {
    expect_kind(payload, SNAPSHOT_EVENT)?;
    super::decode::from_slice(payload).map_err(WebhookError::Parse)
}

/// The parts of a `Stripe-Signature` header that matter: the time and the `v1` signatures.
#[derive(Debug, PartialEq, Eq)]
struct SignatureHeader {
    timestamp: Timestamp,
    signatures: Vec<Vec<u8>>,
}

impl SignatureHeader {
    fn parse(header: &str) -> Result<SignatureHeader, WebhookError> {
        let malformed = |reason: String| WebhookError::MalformedHeader { reason };
        if header.trim().is_empty() {
            return Err(malformed("the header is empty".to_owned()));
        }
        let mut timestamp = None;
        let mut signatures = Vec::new();
        let mut saw_scheme = false;
        for element in header.split(',') {
            // Elements without `=` and other schemes are not ours to judge: ignore them.
            let Some((key, value)) = element.trim().split_once('=') else {
                continue;
            };
            match key {
                "t" => {
                    let t = value.parse::<Timestamp>().map_err(|_| {
                        malformed(format!("the timestamp `{value}` is not a whole number"))
                    })?;
                    if timestamp.replace(t).is_some_and(|first| first != t) {
                        return Err(malformed("two different timestamps".to_owned()));
                    }
                }
                SCHEME => {
                    saw_scheme = true;
                    // A value that is not hex cannot match; it is skipped like a wrong one.
                    if let Some(bytes) = unhex(value) {
                        signatures.push(bytes);
                    }
                }
                _ => {}
            }
        }
        let timestamp = timestamp.ok_or_else(|| malformed("no timestamp (`t=`)".to_owned()))?;
        if !saw_scheme {
            return Err(WebhookError::NoSignatures);
        }
        Ok(SignatureHeader {
            timestamp,
            signatures,
        })
    }
}

/// The HMAC of `"{timestamp}.{payload}"` under `secret`, not yet finalized.
fn signed_payload_mac(secret: &str, timestamp: Timestamp, payload: &[u8]) -> HmacSha256 {
    // HMAC takes a key of any length: `new_from_slice` cannot fail for it.
    let mut mac = match HmacSha256::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC accepts keys of every length"),
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(payload);
    mac
}

fn now() -> Timestamp {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => Timestamp::try_from(d.as_secs()).unwrap_or(Timestamp::MAX),
        Err(before) => -Timestamp::try_from(before.duration().as_secs()).unwrap_or(Timestamp::MAX),
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// Lower- or upper-case hex to bytes; `None` for an odd length or a non-hex digit.
fn unhex(text: &str) -> Option<Vec<u8>> {
    let digit = |c: u8| {
        char::from(c)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    };
    let pairs = text.as_bytes().chunks_exact(2);
    if !pairs.remainder().is_empty() {
        return None;
    }
    pairs
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}

/// The `object` of a thin event notification.
pub(crate) const THIN_EVENT: &str = "v2.core.event";
/// The `object` of a snapshot event (v1 webhooks).
pub(crate) const SNAPSHOT_EVENT: &str = "event";

/// Refuses a payload whose `object` is the other kind of event than `expected`
/// ([`THIN_EVENT`] or [`SNAPSHOT_EVENT`]). Anything else (no `object`, not JSON) is left to the
/// decoding, which says what is wrong.
pub(crate) fn expect_kind(payload: &[u8], expected: &'static str) -> Result<(), WebhookError> {
    #[derive(Deserialize)]
    struct Kind {
        #[serde(default)]
        object: Option<String>,
    }
    let other = if expected == THIN_EVENT {
        SNAPSHOT_EVENT
    } else {
        THIN_EVENT
    };
    match serde_json::from_slice::<Kind>(payload) {
        Ok(Kind {
            object: Some(found),
        }) if found == other => Err(WebhookError::WrongEventKind { expected, found }),
        _ => Ok(()),
    }
}

/// The message of [`WebhookError::WrongEventKind`]: what came, and which parser reads it.
pub(crate) fn wrong_kind_message(expected: &str, found: &str) -> &'static str {
    match (expected, found) {
        (SNAPSHOT_EVENT, THIN_EVENT) => {
            "the payload is a thin event notification (\"object\": \"v2.core.event\") from an \
             event destination, not a snapshot event: read it with \
             Webhook::parse_event_notification"
        }
        (THIN_EVENT, SNAPSHOT_EVENT) => {
            "the payload is a snapshot event (\"object\": \"event\"), not a thin event \
             notification: read it with Webhook::construct_event"
        }
        _ => "the payload's \"object\" is not the kind of event this parser reads",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_test_secret";
    const PAYLOAD: &[u8] = br#"{"id":"evt_1","object":"event","type":"account.updated"}"#;
    const T: Timestamp = 1_700_000_000;

    /// The documented algorithm, spelled out here with hmac/sha2 directly.
    fn sign(payload: &[u8], secret: &str, t: Timestamp) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{t}.").as_bytes());
        mac.update(payload);
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    fn verify(header: &str, now: Timestamp) -> Result<(), WebhookError> {
        WebhookVerifier::new(SECRET).verify_at(PAYLOAD, header, now)
    }

    #[test]
    fn computed_signature_follows_the_documented_algorithm() {
        assert_eq!(
            WebhookSignature::compute_signature(PAYLOAD, SECRET, T),
            sign(PAYLOAD, SECRET, T)
        );
        assert_eq!(
            WebhookSignature::generate_header(PAYLOAD, SECRET, T),
            format!("t={T},v1={}", sign(PAYLOAD, SECRET, T))
        );
    }

    #[test]
    fn genuine_header_is_accepted() {
        let header = format!("t={T},v1={}", sign(PAYLOAD, SECRET, T));
        verify(&header, T).unwrap();
        verify(&header, T + 299).unwrap();
        verify(&header, T - 299).unwrap();
        verify(
            &header
                .to_uppercase()
                .replace("T=", "t=")
                .replace("V1=", "v1="),
            T,
        )
        .unwrap();
    }

    #[test]
    fn tampered_payload_is_rejected() {
        let header = format!("t={T},v1={}", sign(PAYLOAD, SECRET, T));
        let tampered = br#"{"id":"evt_1","object":"event","type":"account.deleted"}"#;
        let err = WebhookVerifier::new(SECRET)
            .verify_at(tampered, &header, T)
            .unwrap_err();
        assert!(matches!(err, WebhookError::SignatureMismatch), "{err:?}");
    }

    #[test]
    fn wrong_secret_is_rejected_and_never_printed() {
        let header = format!("t={T},v1={}", sign(PAYLOAD, "whsec_other", T));
        let err = verify(&header, T).unwrap_err();
        assert!(matches!(err, WebhookError::SignatureMismatch), "{err:?}");
        let shown = format!("{err} {err:?} {:?}", WebhookVerifier::new(SECRET));
        assert!(!shown.contains(SECRET), "{shown}");
    }

    #[test]
    fn changed_timestamp_breaks_the_signature() {
        let header = format!("t={},v1={}", T + 1, sign(PAYLOAD, SECRET, T));
        assert!(matches!(
            verify(&header, T),
            Err(WebhookError::SignatureMismatch)
        ));
    }

    #[test]
    fn old_timestamps_are_rejected_and_future_ones_accepted_by_default() {
        let header = format!("t={T},v1={}", sign(PAYLOAD, SECRET, T));
        verify(&header, T + 300).unwrap();
        let err = verify(&header, T + 301).unwrap_err();
        assert!(
            matches!(err, WebhookError::TimestampTooOld { timestamp: T, now, tolerance }
                if now == T + 301 && tolerance == Webhook::DEFAULT_TOLERANCE),
            "{err:?}"
        );
        // A receiver whose clock runs 5 minutes, or a day, late: as in Stripe's SDKs.
        verify(&header, T - 301).unwrap();
        verify(&header, T - 86_400).unwrap();
    }

    #[test]
    fn a_clock_skew_allowance_bounds_future_timestamps() {
        let header = format!("t={T},v1={}", sign(PAYLOAD, SECRET, T));
        let bounded = WebhookVerifier::new(SECRET).clock_skew(Duration::from_secs(60));
        bounded.verify_at(PAYLOAD, &header, T - 60).unwrap();
        let err = bounded.verify_at(PAYLOAD, &header, T - 61).unwrap_err();
        assert!(
            matches!(err, WebhookError::TimestampInFuture { timestamp: T, now, tolerance }
                if now == T - 61 && tolerance == Duration::from_secs(60)),
            "{err:?}"
        );
        assert!(err.to_string().contains("more than 60s after now"), "{err}");
        // The age check is independent of it.
        assert!(matches!(
            bounded.verify_at(PAYLOAD, &header, T + 301),
            Err(WebhookError::TimestampTooOld { .. })
        ));
        // `None` lifts the bound again; zero allows nothing ahead.
        bounded
            .clone()
            .clock_skew(None)
            .verify_at(PAYLOAD, &header, T - 86_400)
            .unwrap();
        let exact = WebhookVerifier::new(SECRET).clock_skew(Duration::ZERO);
        exact.verify_at(PAYLOAD, &header, T).unwrap();
        assert!(exact.verify_at(PAYLOAD, &header, T - 1).is_err());
    }

    #[test]
    fn zero_tolerance_is_zero_seconds_and_none_turns_the_age_check_off() {
        let header = format!("t={T},v1={}", sign(PAYLOAD, SECRET, T));
        // Unlike the SDKs' 0: the strictest check, not none.
        let zero = WebhookVerifier::new(SECRET).tolerance(Duration::ZERO);
        zero.verify_at(PAYLOAD, &header, T).unwrap();
        let err = zero.verify_at(PAYLOAD, &header, T + 1).unwrap_err();
        assert!(
            matches!(err, WebhookError::TimestampTooOld { tolerance, .. } if tolerance.is_zero()),
            "{err:?}"
        );
        // What the SDKs' 0 means is spelled `None`.
        let any_age = WebhookVerifier::new(SECRET).tolerance(None);
        any_age
            .verify_at(PAYLOAD, &header, T + 10 * 365 * 86_400)
            .unwrap();
        any_age.verify_at(PAYLOAD, &header, Timestamp::MAX).unwrap();
        // Still only a genuine signature passes.
        let forged = format!("t={T},v1={}", sign(PAYLOAD, "whsec_other", T));
        assert!(matches!(
            any_age.verify_at(PAYLOAD, &forged, T + 1_000_000),
            Err(WebhookError::SignatureMismatch)
        ));
        // The same through `verify_header`, which takes either form.
        let fresh = WebhookSignature::generate_header(PAYLOAD, SECRET, now() - 1_000_000);
        WebhookSignature::verify_header(PAYLOAD, &fresh, SECRET, None).unwrap();
        assert!(WebhookSignature::verify_header(PAYLOAD, &fresh, SECRET, Duration::ZERO).is_err());
        // Debug shows both settings, never the secret.
        let shown = format!("{:?}", any_age.clock_skew(Duration::from_secs(5)));
        assert!(shown.contains("tolerance: None"), "{shown}");
        assert!(shown.contains("clock_skew: Some(5s)"), "{shown}");
        assert!(!shown.contains(SECRET), "{shown}");
    }

    #[test]
    fn tolerance_is_configurable() {
        let header = format!("t={T},v1={}", sign(PAYLOAD, SECRET, T));
        let strict = WebhookVerifier::new(SECRET).tolerance(Duration::from_secs(10));
        strict.verify_at(PAYLOAD, &header, T + 10).unwrap();
        assert!(strict.verify_at(PAYLOAD, &header, T + 11).is_err());
        let lax = WebhookVerifier::new(SECRET).tolerance(Duration::from_secs(3600));
        lax.verify_at(PAYLOAD, &header, T + 3600).unwrap();
        assert!(lax.verify_at(PAYLOAD, &header, T + 3601).is_err());
    }

    #[test]
    fn extra_and_reordered_elements_are_tolerated() {
        let good = sign(PAYLOAD, SECRET, T);
        for header in [
            format!("v1={good},t={T}"),
            format!("v0=6ffbb59b2300aae63f27240606,t={T},v1={good}"),
            format!("t={T}, v1={good}, x=unknown"),
            format!("junk,t={T},v1={good},"),
            format!("t={T},v1={good},t={T}"),
        ] {
            verify(&header, T).unwrap_or_else(|e| panic!("{header}: {e}"));
        }
    }

    #[test]
    fn any_of_several_signatures_may_match() {
        let good = sign(PAYLOAD, SECRET, T);
        let other = sign(PAYLOAD, "whsec_other", T);
        verify(&format!("t={T},v1={other},v1={good}"), T).unwrap();
        verify(&format!("t={T},v1=nothex,v1={good}"), T).unwrap();
        assert!(matches!(
            verify(&format!("t={T},v1={other},v1=abcd"), T),
            Err(WebhookError::SignatureMismatch)
        ));
    }

    #[test]
    fn rotation_accepts_each_configured_secret() {
        let verifier = WebhookVerifier::new("whsec_new").secret("whsec_old");
        for secret in ["whsec_new", "whsec_old"] {
            let header = format!("t={T},v1={}", sign(PAYLOAD, secret, T));
            verifier.verify_at(PAYLOAD, &header, T).unwrap();
        }
        let header = format!("t={T},v1={}", sign(PAYLOAD, "whsec_retired", T));
        assert!(matches!(
            verifier.verify_at(PAYLOAD, &header, T),
            Err(WebhookError::SignatureMismatch)
        ));
        let shown = format!("{verifier:?}");
        assert!(!shown.contains("whsec"), "{shown}");
        assert!(shown.contains("[REDACTED], [REDACTED]"), "{shown}");
    }

    #[test]
    fn malformed_headers_are_typed_errors() {
        let good = sign(PAYLOAD, SECRET, T);
        let malformed = |h: &str| match verify(h, T) {
            Err(WebhookError::MalformedHeader { reason }) => reason,
            other => panic!("{h}: {other:?}"),
        };
        assert!(malformed("").contains("empty"));
        assert!(malformed(&format!("v1={good}")).contains("no timestamp"));
        assert!(malformed(&format!("t=soon,v1={good}")).contains("`soon`"));
        assert!(malformed(&format!("t={T},t={},v1={good}", T + 1)).contains("two"));
        assert!(matches!(
            verify(&format!("t={T},v0={good}"), T),
            Err(WebhookError::NoSignatures)
        ));
    }

    #[test]
    fn blank_secret_is_refused() {
        let header = format!("t={T},v1={}", sign(PAYLOAD, "", T));
        assert!(matches!(
            WebhookVerifier::new(" ").verify_at(PAYLOAD, &header, T),
            Err(WebhookError::NoSecret)
        ));
    }

    #[test]
    fn verify_header_uses_the_clock() {
        let now = now();
        let header = WebhookSignature::generate_header(PAYLOAD, SECRET, now);
        WebhookSignature::verify_header(PAYLOAD, &header, SECRET, Webhook::DEFAULT_TOLERANCE)
            .unwrap();
        let stale = WebhookSignature::generate_header(PAYLOAD, SECRET, now - 10_000);
        assert!(matches!(
            WebhookSignature::verify_header(PAYLOAD, &stale, SECRET, Webhook::DEFAULT_TOLERANCE),
            Err(WebhookError::TimestampTooOld { .. })
        ));
    }

    #[test]
    fn hex_round_trips() {
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(unhex(&hex(&bytes)), Some(bytes));
        assert_eq!(unhex("abc"), None);
        assert_eq!(unhex("zz"), None);
    }

    #[test]
    fn parse_reports_invalid_json() {
        let err = parse::<serde_json::Value>(b"{not json").unwrap_err();
        assert!(matches!(err, WebhookError::Parse(_)), "{err:?}");
        assert!(err.to_string().contains("line 1"), "{err}");
    }
}
