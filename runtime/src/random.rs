//! Randomness for idempotency keys (UUID v4), multipart boundaries and retry jitter.
//!
//! Each thread draws from SipHash keyed with 128 random bits that std takes from the OS once per
//! thread (`RandomState`), applied to a counter: unpredictable without the key, never repeated
//! within a thread, and distinct across threads and processes (their keys differ). No system call
//! per request, and no dependency beyond std.

use std::cell::Cell;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;

thread_local! {
    /// The thread's key, and how many 64-bit words it has produced.
    static SOURCE: (RandomState, Cell<u64>) = (RandomState::new(), Cell::new(0));
}

/// Fills `buf` with random bytes.
fn fill(buf: &mut [u8]) {
    SOURCE.with(|(key, counter)| {
        for chunk in buf.chunks_mut(8) {
            let n = counter.get();
            counter.set(n.wrapping_add(1));
            let word = key.hash_one(n).to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
    });
}

/// A new random UUID v4, lowercase hyphenated (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`).
pub(crate) fn uuid_v4() -> String {
    let mut bytes = [0u8; 16];
    fill(&mut bytes);
    format_uuid_v4(bytes)
}

/// Formats 16 random bytes as a UUID v4: sets the version (4) and variant (RFC 4122, `10xx`) bits.
pub(crate) fn format_uuid_v4(mut bytes: [u8; 16]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 0x0f)] as char);
    }
    out
}

/// 128 random bits as 32 lowercase hex digits (a multipart boundary).
pub(crate) fn hex_128() -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut bytes = [0u8; 16];
    fill(&mut bytes);
    let mut out = String::with_capacity(32);
    for b in bytes {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    out
}

/// A random jitter factor, uniform in `[0.5, 1.0)`.
pub(crate) fn jitter_factor() -> f64 {
    let mut bytes = [0u8; 8];
    fill(&mut bytes);
    // 53 random bits → uniform in [0, 1).
    let unit = (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64;
    0.5 + 0.5 * unit
}

#[cfg(test)]
pub(crate) fn is_uuid_v4(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == b'-'
            } else {
                c.is_ascii_digit() || (b'a'..=b'f').contains(&c)
            }
        })
        && b[14] == b'4'
        && matches!(b[19], b'8' | b'9' | b'a' | b'b')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_sets_version_and_variant_bits() {
        assert_eq!(
            format_uuid_v4([0; 16]),
            "00000000-0000-4000-8000-000000000000"
        );
        assert_eq!(
            format_uuid_v4([0xff; 16]),
            "ffffffff-ffff-4fff-bfff-ffffffffffff"
        );
        let bytes = [
            0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc,
            0xde, 0xf0,
        ];
        assert_eq!(
            format_uuid_v4(bytes),
            "12345678-9abc-4ef0-9234-56789abcdef0"
        );
    }

    #[test]
    fn random_uuids_are_v4_and_distinct() {
        let a = uuid_v4();
        let b = uuid_v4();
        assert!(is_uuid_v4(&a), "{a}");
        assert!(is_uuid_v4(&b), "{b}");
        assert_ne!(a, b);
        assert!(!is_uuid_v4("12345678-9abc-1ef0-9234-56789abcdef0"));
        assert!(!is_uuid_v4("12345678-9abc-4ef0-c234-56789abcdef0"));
        assert!(!is_uuid_v4("12345678-9ABC-4ef0-9234-56789abcdef0"));
    }

    #[test]
    fn uuids_do_not_repeat_within_or_across_threads() {
        let here: Vec<String> = (0..1000).map(|_| uuid_v4()).collect();
        let there = std::thread::spawn(|| (0..1000).map(|_| uuid_v4()).collect::<Vec<_>>())
            .join()
            .unwrap();
        let all: std::collections::BTreeSet<&String> = here.iter().chain(&there).collect();
        assert_eq!(all.len(), 2000);
        assert!(here.iter().chain(&there).all(|u| is_uuid_v4(u)));
    }

    #[test]
    fn hex_128_is_32_lowercase_hex_digits() {
        let a = hex_128();
        assert_eq!(a.len(), 32);
        assert!(
            a.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')),
            "{a}"
        );
        assert_ne!(a, hex_128());
    }

    #[test]
    fn jitter_in_range() {
        for _ in 0..1000 {
            let j = jitter_factor();
            assert!((0.5..1.0).contains(&j), "{j}");
        }
    }
}
