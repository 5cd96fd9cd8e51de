//! The excerpt of a body an error keeps: bounded, so a huge body does not make a huge error.

/// The most of a body an error (`Error::Decode`, `ApiError::body`) keeps, in bytes (plus `…` where it was cut).
pub(crate) const EXCERPT: usize = 1024;

/// At most [`EXCERPT`] bytes of `body` around `offset` (the whole body when it is that short),
/// cut at UTF-8 boundaries and marked `…` where cut; invalid UTF-8 replaced.
pub(crate) fn excerpt(body: &[u8], offset: usize) -> String {
    if body.len() <= EXCERPT {
        return String::from_utf8_lossy(body).into_owned();
    }
    let mut start = offset.saturating_sub(EXCERPT / 2).min(body.len() - EXCERPT);
    let mut end = start + EXCERPT;
    let continuation = |b: u8| b & 0xC0 == 0x80;
    while start < end && continuation(body[start]) {
        start += 1;
    }
    while end < body.len() && end > start && continuation(body[end]) {
        end -= 1;
    }
    let mut out = String::with_capacity(EXCERPT + 8);
    if start > 0 {
        out.push('…');
    }
    out.push_str(&String::from_utf8_lossy(&body[start..end]));
    if end < body.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_bounded_and_centred() {
        assert_eq!(excerpt(b"short", 2), "short");
        let mut body = vec![b'a'; 10 * 1024 * 1024];
        body[5_000_000..5_000_005].copy_from_slice(b"HERE!");
        let e = excerpt(&body, 5_000_002);
        assert!(e.len() <= EXCERPT + 2 * '…'.len_utf8(), "{}", e.len());
        assert!(e.starts_with('…') && e.ends_with('…'));
        assert!(e.contains("HERE!"));
        assert!(excerpt(&body, 0).starts_with("aaa"));
        assert!(excerpt(&body, body.len()).ends_with("aaa"));
        // Multi-byte characters are not split.
        let body = "é".repeat(2000);
        let e = excerpt(body.as_bytes(), 1001);
        assert!(!e.contains('\u{FFFD}'), "{e}");
    }
}
