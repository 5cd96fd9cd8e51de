//! What a transport failure was, for the error's message: found by typed checks on reqwest's error
//! and its chain of causes (reqwest's `is_connect`, hyper's error kinds, the OS error's
//! [`io::ErrorKind`]), never by matching their text.
//!
//! Retrying does not read this: every failure before a response head is retried as a connection
//! error (`attempt.rs`), as before; this only says in words what happened.

use std::error::Error as StdError;
use std::io;

/// What went wrong before a response head arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BeforeResponse {
    /// No connection was made: refused, DNS, TLS, or the connect timed out.
    NotConnected,
    /// The connection was made, then reset by the other side (or the write found it broken).
    Reset,
    /// The connection was made, then closed by the other side without a response.
    Closed,
    /// What came back is not an HTTP response head: a garbage status line, an invalid or
    /// conflicting `Content-Length`, a head past hyper's size limit.
    NotHttp,
    /// Anything else after the request was handed to the connection.
    Other,
}

impl BeforeResponse {
    /// The opening words of the [`Error::Connection`](super::Error::Connection) message.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            BeforeResponse::NotConnected => "could not connect to Stripe",
            BeforeResponse::Reset => "the connection to Stripe was reset before a response arrived",
            BeforeResponse::Closed => "the connection to Stripe closed before a response arrived",
            BeforeResponse::NotHttp => "the response from Stripe is not valid HTTP",
            BeforeResponse::Other => "the request to Stripe failed before a response arrived",
        }
    }
}

/// Classifies a failure of sending a request (no response head arrived).
pub(crate) fn before_response(e: &reqwest::Error) -> BeforeResponse {
    if e.is_connect() {
        return BeforeResponse::NotConnected;
    }
    if was_reset(e) {
        return BeforeResponse::Reset;
    }
    match find::<hyper::Error>(e) {
        Some(h) if h.is_incomplete_message() => BeforeResponse::Closed,
        Some(h) if h.is_parse() => BeforeResponse::NotHttp,
        _ => BeforeResponse::Other,
    }
}

/// Whether the chain of `e` holds an OS error saying the connection was reset or aborted (or
/// found broken on writing).
pub(crate) fn was_reset(e: &(dyn StdError + 'static)) -> bool {
    chain(e).any(|cause| {
        cause.downcast_ref::<io::Error>().is_some_and(|io| {
            matches!(
                io.kind(),
                io::ErrorKind::ConnectionReset
                    | io::ErrorKind::ConnectionAborted
                    | io::ErrorKind::BrokenPipe
            )
        })
    })
}

/// When a body failed because its HTTP framing is invalid (hyper's chunked decoder: an invalid
/// chunk-size line, chunk end or trailer, a chunk size past `u64`), what was wrong. hyper reports
/// these as an [`io::Error`] of kind `InvalidInput` or `InvalidData` inside its body error; a body
/// cut short is `UnexpectedEof` instead, and a reset is `ConnectionReset`.
pub(crate) fn malformed_body(e: &reqwest::Error) -> Option<String> {
    let hyper = find::<hyper::Error>(e)?;
    chain(hyper).find_map(|cause| {
        let io = cause.downcast_ref::<io::Error>()?;
        matches!(
            io.kind(),
            io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData
        )
        .then(|| match io.get_ref() {
            Some(inner) => inner.to_string(),
            None => io.to_string(),
        })
    })
}

/// The first error of type `T` in the chain of `e` (itself included).
fn find<'e, T: StdError + 'static>(e: &'e (dyn StdError + 'static)) -> Option<&'e T> {
    chain(e).find_map(|cause| cause.downcast_ref::<T>())
}

/// `e`, then each of its causes in turn.
fn chain<'e>(
    e: &'e (dyn StdError + 'static),
) -> impl Iterator<Item = &'e (dyn StdError + 'static)> {
    std::iter::successors(Some(e), |&cause| cause.source())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Wrapper(io::Error);

    impl std::fmt::Display for Wrapper {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("wrapper")
        }
    }

    impl StdError for Wrapper {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn a_reset_is_found_anywhere_in_the_chain() {
        for kind in [
            io::ErrorKind::ConnectionReset,
            io::ErrorKind::ConnectionAborted,
            io::ErrorKind::BrokenPipe,
        ] {
            assert!(was_reset(&Wrapper(io::Error::from(kind))), "{kind:?}");
            assert!(was_reset(&io::Error::from(kind)), "{kind:?}");
        }
        for kind in [
            io::ErrorKind::UnexpectedEof,
            io::ErrorKind::ConnectionRefused,
            io::ErrorKind::InvalidData,
        ] {
            assert!(!was_reset(&Wrapper(io::Error::from(kind))), "{kind:?}");
        }
    }

    #[test]
    fn descriptions_say_could_not_connect_only_without_a_connection() {
        let all = [
            BeforeResponse::NotConnected,
            BeforeResponse::Reset,
            BeforeResponse::Closed,
            BeforeResponse::NotHttp,
            BeforeResponse::Other,
        ];
        for what in all {
            assert_eq!(
                what.describe().starts_with("could not connect"),
                what == BeforeResponse::NotConnected,
                "{what:?}"
            );
        }
    }
}
