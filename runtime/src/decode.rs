//! What an [`Error::Decode`] says: where in the body decoding failed (a JSON pointer, besides
//! serde_json's line and column) and a bounded excerpt of the body around that place.
//!
//! The pointer is found from serde_json's position by scanning the text up to it, not by decoding
//! again with a path-tracking deserializer: that would instantiate every response type's
//! deserialisation a second time (twice the generated code to compile) for the rare failure.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::Error;
use super::excerpt::excerpt;

/// The most `null`s decoding sets aside in one body (each costs one more decode of the body).
const MAX_NULLS: usize = 64;

/// Decodes `body` as `T` as the client does: with serde_json, and when that fails on a `null`
/// where `T` has a value that may not be null (a field a newer API version made nullable), again
/// with that member left out, so that it takes its default like a missing one ([`Drift`] lists
/// it). Only the failing path pays: it parses the body once more and decodes the copy once per
/// such `null`, with the same deserialiser (no second instantiation of `T`'s decoding).
///
/// # Errors
///
/// serde_json's error of decoding `body` itself, when a member cannot be left out.
///
/// [`Drift`]: super::Drift
pub(crate) fn from_slice<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    let first = match serde_json::from_slice::<T>(body) {
        Ok(value) => return Ok(value),
        Err(e) => e,
    };
    let Ok(mut value) = serde_json::from_slice::<Value>(body) else {
        return Err(first);
    };
    let mut error = first.to_string();
    let mut at = (first.line(), first.column());
    let mut bytes = body.to_vec();
    for _ in 0..MAX_NULLS {
        if !error.starts_with("invalid type: null") {
            break;
        }
        let pointer = pointer_at(&bytes, offset_of(&bytes, at.0, at.1));
        if !remove_null(&mut value, &pointer) {
            break;
        }
        bytes = match serde_json::to_vec(&value) {
            Ok(bytes) => bytes,
            Err(_) => break,
        };
        match serde_json::from_slice::<T>(&bytes) {
            Ok(decoded) => return Ok(decoded),
            Err(e) => {
                error = e.to_string();
                at = (e.line(), e.column());
            }
        }
    }
    Err(first)
}

/// Removes the member at `pointer` if it is a `null` in an object; whether it did.
fn remove_null(value: &mut Value, pointer: &str) -> bool {
    let Some((parent, key)) = pointer.rsplit_once('/') else {
        return false;
    };
    let key = key.replace("~1", "/").replace("~0", "~");
    match value.pointer_mut(parent).and_then(Value::as_object_mut) {
        Some(object) if object.get(&key) == Some(&Value::Null) => {
            object.remove(&key);
            true
        }
        _ => false,
    }
}

/// Why a body did not decode.
pub(crate) struct Failure {
    /// JSON pointer of the value being read when decoding failed.
    path: String,
    /// serde_json's message, with the line and column.
    message: String,
    /// Byte offset of the failure in the body.
    offset: usize,
}

impl Failure {
    /// The failure `error` of decoding `body`.
    pub(crate) fn new(body: &[u8], error: &serde_json::Error) -> Failure {
        let offset = offset_of(body, error.line(), error.column());
        Failure {
            path: pointer_at(body, offset),
            message: error.to_string(),
            offset,
        }
    }

    /// The [`Error::Decode`] for this failure; `context` says what was being decoded.
    pub(crate) fn into_error(
        self,
        status: u16,
        request_id: Option<String>,
        body: &[u8],
        context: &str,
    ) -> Error {
        Error::Decode {
            status,
            request_id,
            body: excerpt(body, self.offset),
            body_len: body.len(),
            path: self.path,
            message: format!("{context}: {}", self.message),
        }
    }
}

/// The byte offset of serde_json's 1-based `line` and `column` (the column counts bytes; `0`
/// means before the line's first byte), clamped to the body.
fn offset_of(body: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match body[start..].iter().position(|&b| b == b'\n') {
            Some(i) => start += i + 1,
            None => return body.len(),
        }
    }
    (start + column.saturating_sub(1)).min(body.len())
}

/// Where a scan stands inside one container.
enum Frame {
    /// In an object: the current member's key once read (its closing quote too), and whether
    /// its value has begun.
    Object { key: Option<String>, value: bool },
    /// In an array: the current element's index, and whether that element has begun (`[]` and
    /// `[1, ` have no element at the index).
    Array { index: usize, started: bool },
}

impl Frame {
    /// A value begins in this container (a key is not a value).
    fn begin_value(&mut self) {
        match self {
            Frame::Object {
                key: Some(_),
                value,
            } => *value = true,
            Frame::Object { key: None, .. } => {}
            Frame::Array { started, .. } => *started = true,
        }
    }
}

/// The JSON pointer of the innermost value that `offset` falls in (or after, when it is between
/// members): scans the text before `offset`, keeping one frame per open container. A member or
/// element is part of the pointer only once its value has begun before `offset`, so the pointer
/// names a value the body has: `[]` is the array itself (not `/0`), a body cut inside a key or
/// before a member's value is the object holding it. The scan holds its own stack, so no input
/// nests it deeper than the text is long; on text that is not JSON it stops and gives what it has.
pub(crate) fn pointer_at(body: &[u8], offset: usize) -> String {
    let end = offset.min(body.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        match body[i] {
            open @ (b'{' | b'[') => {
                if let Some(frame) = stack.last_mut() {
                    frame.begin_value();
                }
                stack.push(if open == b'{' {
                    Frame::Object {
                        key: None,
                        value: false,
                    }
                } else {
                    Frame::Array {
                        index: 0,
                        started: false,
                    }
                });
            }
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, value }) => {
                    *key = None;
                    *value = false;
                }
                Some(Frame::Array { index, started }) => {
                    *index += 1;
                    *started = false;
                }
                None => {}
            },
            b'"' => {
                let closed = string_end(body, i);
                let close = closed.unwrap_or(body.len());
                match stack.last_mut() {
                    Some(Frame::Object {
                        key: key @ None,
                        value: false,
                    }) => {
                        // A key counts once it is whole: a body cut inside one gives no key.
                        if closed.is_none() || close > end {
                            break;
                        }
                        // The key as JSON text: unescaped by serde_json (a `String` it decodes
                        // anyway).
                        let text = &body[i..close];
                        *key = Some(
                            serde_json::from_slice::<String>(text)
                                .unwrap_or_else(|_| String::from_utf8_lossy(text).into_owned()),
                        );
                    }
                    Some(frame) => frame.begin_value(),
                    None => {}
                }
                i = close;
                continue;
            }
            b':' | b' ' | b'\t' | b'\n' | b'\r' => {}
            _ => {
                if let Some(frame) = stack.last_mut() {
                    frame.begin_value();
                }
            }
        }
        i += 1;
    }
    // serde_json's position is at the failing value's first byte when it is a scalar read whole
    // (`5` where a string belongs), and on the white space before it when it peeked a container
    // of the wrong kind (`{}` where a string belongs): that value has begun too. A quote there in
    // an object between members is a key, no value.
    if i == end {
        let next = body[end..]
            .iter()
            .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
        if let (Some(&byte), Some(frame)) = (next, stack.last_mut()) {
            let key_next = byte == b'"' && matches!(frame, Frame::Object { key: None, .. });
            if !key_next
                && !matches!(
                    byte,
                    b',' | b':' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'
                )
            {
                frame.begin_value();
            }
        }
    }
    let mut pointer = String::new();
    for frame in &stack {
        match frame {
            Frame::Object {
                key: Some(key),
                value: true,
            } => {
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            Frame::Array {
                index,
                started: true,
            } => {
                pointer.push('/');
                pointer.push_str(&index.to_string());
            }
            _ => {}
        }
    }
    pointer
}

/// The offset just past the string starting with the quote at `open`, or `None` when it does not
/// close before the body ends.
fn string_end(body: &[u8], open: usize) -> Option<usize> {
    let mut i = open + 1;
    while i < body.len() {
        match body[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::excerpt::EXCERPT;
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Token {
        id: String,
        card: Card,
        items: Vec<Card>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Card {
        exp_month: i64,
        #[serde(rename = "a/b")]
        odd: Option<i64>,
    }

    fn failure(body: &str) -> Failure {
        let e = serde_json::from_str::<Token>(body).unwrap_err();
        Failure::new(body.as_bytes(), &e)
    }

    #[test]
    fn the_pointer_names_the_failing_value() {
        let f = failure(r#"{"id": "tok_1", "card": {"exp_month": "x"}, "items": []}"#);
        assert_eq!(f.path, "/card/exp_month");
        assert!(f.message.contains("line 1 column"), "{}", f.message);
        let f = failure(
            "{\n  \"id\": \"tok_1\",\n  \"card\": {\"exp_month\": 1},\n  \"items\": [\n    {\"exp_month\": 1},\n    {\"exp_month\": true}\n  ]\n}",
        );
        assert_eq!(f.path, "/items/1/exp_month");
        assert!(f.message.contains("line 6"), "{}", f.message);
        // Keys with escapes, and a pointer's own escapes.
        let f = failure(r#"{"id": "t", "card": {"exp_month": 1, "a\/b": "x"}, "items": []}"#);
        assert_eq!(f.path, "/card/a~1b");
        // Strings holding brackets, quotes and commas do not confuse the scan.
        let f = failure(r#"{"id": "{[\",", "card": {"exp_month": 1.5}, "items": []}"#);
        assert_eq!(f.path, "/card/exp_month");
        // A missing field: the object that lacks it.
        let f = failure(r#"{"id": "t", "items": [], "card": {}}"#);
        assert_eq!(f.path, "/card");
        assert!(
            f.message.contains("missing field `exp_month`"),
            "{}",
            f.message
        );
        // Not JSON at all: the body itself.
        let f = failure("<html>");
        assert_eq!(f.path, "");
    }

    #[test]
    fn an_empty_array_is_the_array_not_its_first_element() {
        let f = failure("[]");
        assert_eq!(f.path, "");
        let e = serde_json::from_str::<Vec<Card>>(r#"[{"exp_month": 1}, []]"#).unwrap_err();
        let f = Failure::new(br#"[{"exp_month": 1}, []]"#, &e);
        assert_eq!(f.path, "/1");
        let e = serde_json::from_str::<Token>(
            r#"{"id": "t", "card": {"exp_month": 1}, "items": [[]]}"#,
        )
        .unwrap_err();
        let f = Failure::new(
            br#"{"id": "t", "card": {"exp_month": 1}, "items": [[]]}"#,
            &e,
        );
        assert_eq!(f.path, "/items/0");
    }

    #[test]
    fn a_body_cut_short_names_a_member_it_has() {
        // Inside a key: the object holding it, not a pointer with a quote and half a key.
        let f = failure(r#"{"id": "tok_1", "card": {"exp_month": 1, "address_co"#);
        assert_eq!(f.path, "/card");
        assert!(f.message.contains("EOF"), "{}", f.message);
        // After a key, before its value: the object.
        let f = failure(r#"{"id": "tok_1", "card": {"exp_month": "#);
        assert_eq!(f.path, "/card");
        // Inside a value: that member, which the body has begun.
        let f = failure(r#"{"id": "tok_1", "card": {"exp_month": 12"#);
        assert_eq!(f.path, "/card/exp_month");
        let f = failure(r#"{"id": "tok_1", "items": [{"exp_month": 1}, "#);
        assert_eq!(f.path, "/items");
        // A key ending in an escaped quote is not closed.
        let f = failure(r#"{"id": "tok_1", "card": {"a""#);
        assert_eq!(f.path, "/card");
        let f = failure(r#"{"#);
        assert_eq!(f.path, "");
    }

    #[test]
    fn the_pointer_of_a_whole_body_exists_in_it() {
        for body in [
            "[]",
            "{}",
            r#"{"id": [], "card": {"exp_month": 1}, "items": []}"#,
            r#"{"id": "t", "card": [], "items": []}"#,
            r#"{"id": "t", "card": {"exp_month": 1}, "items": [{}]}"#,
            r#"{"id": "t", "card": {"exp_month": 1}, "items": [{"exp_month": [1, 2]}]}"#,
            r#"{"id": "t", "card": {"exp_month": 1, "a/b": {}}, "items": []}"#,
            r#"{"id": "t", "card": {"exp_month": 1}, "items": [  ], "x": 1}  5"#,
        ] {
            let f = failure(body);
            let value: serde_json::Value =
                serde_json::from_str(body).unwrap_or(serde_json::Value::Null);
            if !value.is_null() {
                assert!(value.pointer(&f.path).is_some(), "{body}: {}", f.path);
            }
        }
    }

    #[derive(Debug, Deserialize)]
    struct Lenient {
        #[serde(default)]
        id: String,
        #[serde(default)]
        card: Option<LenientCard>,
        #[serde(default)]
        list: Vec<i64>,
    }

    #[derive(Debug, Default, Deserialize)]
    struct LenientCard {
        #[serde(default)]
        exp_month: i64,
        #[serde(default)]
        a: LenientInner,
    }

    #[derive(Debug, Default, Deserialize)]
    struct LenientInner {
        #[serde(default)]
        b: bool,
    }

    #[test]
    fn a_null_where_a_value_belongs_decodes_as_the_default() {
        let body = br#"{"id": null, "card": {"exp_month": null, "a": {"b": null}}, "list": [1]}"#;
        assert!(serde_json::from_slice::<Lenient>(body).is_err());
        let decoded: Lenient = from_slice(body).unwrap();
        assert_eq!(decoded.id, "");
        let card = decoded.card.unwrap();
        assert_eq!(card.exp_month, 0);
        assert!(!card.a.b);
        assert_eq!(decoded.list, [1]);
        // A null inside an array is not a member to leave out: the first error stands.
        let body = br#"{"id": "x", "list": [1, null]}"#;
        let e = from_slice::<Lenient>(body).unwrap_err();
        assert!(e.to_string().contains("null"), "{e}");
        // Neither is a wrong type.
        assert!(from_slice::<Lenient>(br#"{"id": 5}"#).is_err());
        assert_eq!(from_slice::<Lenient>(br#"{"id": "a"}"#).unwrap().id, "a");
    }

    #[test]
    fn a_ten_megabyte_body_makes_a_small_error() {
        let mut body = br#"{"id": "tok_1", "card": {"exp_month": 1}, "items": ["#.to_vec();
        while body.len() < 10 * 1024 * 1024 {
            body.extend_from_slice(br#"{"exp_month": 1},"#);
        }
        body.extend_from_slice(br#"{"exp_month": "late"}]}"#);
        let e = serde_json::from_slice::<Token>(&body).unwrap_err();
        let error = Failure::new(&body, &e).into_error(200, None, &body, "unexpected body");
        let debug = format!("{error:?}");
        assert!(debug.len() < 4 * EXCERPT, "Debug is {} bytes", debug.len());
        let Error::Decode {
            body: kept,
            body_len,
            path,
            ..
        } = &error
        else {
            panic!("{error:?}")
        };
        assert_eq!(*body_len, body.len());
        assert!(kept.contains("late"), "{kept}");
        assert!(
            path.starts_with("/items/") && path.ends_with("/exp_month"),
            "{path}"
        );
        let display = error.to_string();
        assert!(display.len() < 4 * EXCERPT, "{display}");
        assert!(
            display.contains(&format!("{} bytes", body.len())),
            "{display}"
        );
    }
}
