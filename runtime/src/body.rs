//! Reading a response body incrementally, up to a size limit.
//!
//! A body announced (`Content-Length`) as larger than the limit is refused before any of it is
//! read; a body without a length, or with a wrong one, is refused once more bytes than the limit
//! have arrived. Nothing past the limit is ever buffered.

use bytes::Bytes;

/// Default limit of a response body: 64 MiB.
///
/// Stripe's JSON responses are far smaller: a list page holds at most 100 objects, a few hundred
/// kilobytes even with expanded fields. The largest bodies are files (`execute_bytes`), and the
/// largest file Stripe accepts for any purpose is 16 MB, so the default leaves four times that.
pub(crate) const DEFAULT_MAX_RESPONSE_SIZE: u64 = 64 * 1024 * 1024;

/// Why a body could not be read whole.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// The transport failed (the connection closed early, broke, or timed out) after
    /// `received` bytes.
    Broken {
        received: u64,
        source: reqwest::Error,
    },
    /// The body is larger than the limit: announced so (`content_length`), or more bytes arrived.
    TooLarge { content_length: Option<u64> },
}

/// Reads the whole body of `response`, refusing one larger than `limit` bytes.
pub(crate) async fn read(response: &mut reqwest::Response, limit: u64) -> Result<Bytes, BodyError> {
    let content_length = response.content_length();
    let mut collector = Collector::new(limit, content_length)?;
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => collector.push(chunk)?,
            Ok(None) => return Ok(collector.finish()),
            Err(source) => {
                return Err(BodyError::Broken {
                    received: collector.received,
                    source,
                })
            }
        }
    }
}

/// The chunks of one body, with the limit checked at each. A body that arrives as one chunk (the
/// usual case for Stripe's small JSON responses) is returned as it came, without a copy.
#[derive(Debug)]
struct Collector {
    limit: u64,
    content_length: Option<u64>,
    received: u64,
    /// The first chunk, while it is the only one.
    first: Option<Bytes>,
    /// Every chunk so far, once there is more than one.
    joined: Vec<u8>,
}

impl Collector {
    /// A collector for a body of `content_length` bytes (when announced), or the error if that is
    /// more than `limit` already.
    fn new(limit: u64, content_length: Option<u64>) -> Result<Self, BodyError> {
        if content_length.is_some_and(|length| length > limit) {
            return Err(BodyError::TooLarge { content_length });
        }
        Ok(Self {
            limit,
            content_length,
            received: 0,
            first: None,
            joined: Vec::new(),
        })
    }

    fn push(&mut self, chunk: Bytes) -> Result<(), BodyError> {
        self.received = self.received.saturating_add(chunk.len() as u64);
        if self.received > self.limit {
            return Err(BodyError::TooLarge {
                content_length: self.content_length,
            });
        }
        if self.first.is_none() && self.joined.is_empty() {
            self.first = Some(chunk);
            return Ok(());
        }
        if let Some(first) = self.first.take() {
            // The announced length (within the limit) is the best guess of the whole size.
            let expected = self.content_length.unwrap_or(self.received);
            let capacity = usize::try_from(expected.max(self.received)).unwrap_or(usize::MAX);
            self.joined.reserve(capacity);
            self.joined.extend_from_slice(&first);
        }
        self.joined.extend_from_slice(&chunk);
        Ok(())
    }

    fn finish(self) -> Bytes {
        match self.first {
            Some(first) => first,
            None => Bytes::from(self.joined),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(limit: u64, length: Option<u64>, chunks: &[&[u8]]) -> Result<Bytes, BodyError> {
        let mut c = Collector::new(limit, length)?;
        for chunk in chunks {
            c.push(Bytes::copy_from_slice(chunk))?;
        }
        Ok(c.finish())
    }

    fn too_large(result: Result<Bytes, BodyError>) -> Option<u64> {
        match result {
            Err(BodyError::TooLarge { content_length }) => content_length,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn one_chunk_is_kept_without_a_copy() {
        let chunk = Bytes::from_static(b"{\"id\":\"tok_1\"}");
        let mut c = Collector::new(100, Some(14)).unwrap();
        c.push(chunk.clone()).unwrap();
        let body = c.finish();
        assert_eq!(body, chunk);
        assert_eq!(body.as_ptr(), chunk.as_ptr(), "the same buffer");
    }

    #[test]
    fn chunks_are_joined_in_order() {
        let body = collect(100, None, &[b"ab", b"", b"cde", b"f"]).unwrap();
        assert_eq!(&body[..], b"abcdef");
        assert_eq!(&collect(100, Some(0), &[]).unwrap()[..], b"");
        assert_eq!(&collect(0, None, &[b"", b""]).unwrap()[..], b"");
    }

    #[test]
    fn exactly_the_limit_is_accepted() {
        assert_eq!(&collect(4, Some(4), &[b"ab", b"cd"]).unwrap()[..], b"abcd");
        assert_eq!(&collect(4, None, &[b"abcd"]).unwrap()[..], b"abcd");
    }

    #[test]
    fn an_announced_length_past_the_limit_is_refused_before_reading() {
        assert_eq!(too_large(collect(4, Some(5), &[])), Some(5));
        assert_eq!(too_large(collect(4, Some(u64::MAX), &[])), Some(u64::MAX));
    }

    #[test]
    fn bytes_past_the_limit_are_refused_as_they_arrive() {
        // No length announced.
        assert_eq!(too_large(collect(4, None, &[b"abc", b"de"])), None);
        assert_eq!(too_large(collect(4, None, &[b"abcde"])), None);
        // A length that lied.
        assert_eq!(too_large(collect(4, Some(2), &[b"ab", b"cde"])), Some(2));
    }
}
