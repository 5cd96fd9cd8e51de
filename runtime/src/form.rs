//! Stripe's form encoding (`application/x-www-form-urlencoded` with bracketed keys), and its
//! `multipart/form-data` variant for file uploads.
//!
//! Nested values flatten into bracketed keys, exactly as Stripe's official SDKs write them:
//! `card[number]=4242424242424242&card[exp_month]=8`, arrays by index (`expand[0]=customer`), maps
//! by key (`metadata[order_id]=6735`).
//!
//! Escaping matches stripe-ruby (`CGI.escape`, then `%5B`/`%5D` turned back into brackets), in keys
//! and values alike: the bytes `A-Z a-z 0-9 - . _ ~` and `[` `]` are written as they are, a space as
//! `+`, and every other byte (reserved characters, the UTF-8 bytes of non-ASCII characters) as `%XX`
//! with uppercase hex.
//!
//! Encoding writes straight into one output buffer: keys are stack-allocated linked paths ([`Key`]),
//! and no value or key segment is copied into a temporary string (the one exception is
//! `HashMap`, whose keys are sorted first for a stable output).
//!
//! Operations that upload a file ([`FileUpload`]) send the same parameters as
//! `multipart/form-data` ([`to_multipart`]), one part per parameter, named by the same bracketed
//! key as in the urlencoded form but not percent-encoded (`file_link_data[create]`), as Stripe's
//! SDKs do.

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};
use std::fmt::{self, Write as _};
use std::hash::BuildHasher;
use std::io::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};

use super::clearable::Clearable;
use super::random;

/// A value that can be written as Stripe form parameters under a key.
///
/// Structs write each set field under `key.field("wire_name")`; scalars write one pair.
pub trait FormEncode {
    /// Writes `self` into `w` under `key`.
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>);
}

/// Encodes `value` as a form string, from the root key (a struct's fields become top-level keys).
pub fn to_form_string<T: FormEncode + ?Sized>(value: &T) -> String {
    let mut w = FormWriter::with_capacity(INITIAL_CAPACITY);
    value.encode_form(&mut w, &Key::root());
    w.finish()
}

/// Percent-encodes `s` for use as one URL path segment (for example an object id in
/// `/v1/customers/{customer}`): unreserved bytes (`A-Z a-z 0-9 - . _ ~`) are kept, every other byte,
/// `/` included, becomes `%XX`.
pub fn encode_path_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s, Escape::PathSegment);
    out
}

/// A parameter name as a path from the root: `card` → `card[number]`, `expand[0]`,
/// `metadata[order_id]`.
///
/// Each child borrows its parent, so building a key allocates nothing; it is rendered only when a
/// pair is written. The first segment below the root is written bare, later ones in brackets.
///
/// A key remembers where a urlencoded writer last rendered it, so the fields of a nested object
/// (`person[address][city]`, `person[address][line1]`, ...) copy their common prefix from the
/// output instead of walking and escaping it again.
#[derive(Clone, Debug)]
pub struct Key<'a> {
    parent: Option<&'a Key<'a>>,
    segment: Segment<'a>,
    /// Where this key was rendered: the writer's id and the byte range in its output.
    rendered: Cell<Option<Rendered>>,
}

/// A key's rendering in a writer's output: `out[start..end]` of the writer with this id.
#[derive(Clone, Copy, Debug)]
struct Rendered {
    writer: u64,
    start: usize,
    end: usize,
}

#[derive(Clone, Copy, Debug)]
enum Segment<'a> {
    Root,
    Field(&'static str),
    Index(usize),
    MapKey(&'a str),
}

impl<'a> Key<'a> {
    /// The empty key that top-level values are encoded under.
    pub const fn root() -> Key<'static> {
        Key {
            parent: None,
            segment: Segment::Root,
            rendered: Cell::new(None),
        }
    }

    /// The key of a struct field, by its wire name: `card` below the root, `card[number]` below
    /// `card`.
    ///
    /// The name is written as it is, so it must need no escaping: ASCII letters, digits and
    /// `-._~` (every Stripe parameter name is). Use [`Key::map_key`] for any other name; the
    /// generated code does.
    pub fn field<'b>(&'b self, name: &'static str) -> Key<'b> {
        debug_assert!(
            is_literal_name(name),
            "field name {name:?} needs escaping: use Key::map_key"
        );
        self.child(Segment::Field(name))
    }

    /// The key of an array element: `expand[0]`.
    pub fn index<'b>(&'b self, index: usize) -> Key<'b> {
        self.child(Segment::Index(index))
    }

    /// The key of a map entry: `metadata[order_id]`. The map key is escaped like any value.
    pub fn map_key<'b>(&'b self, key: &'b str) -> Key<'b> {
        self.child(Segment::MapKey(key))
    }

    /// Whether this is the root key.
    pub fn is_root(&self) -> bool {
        matches!(self.segment, Segment::Root)
    }

    fn child<'b>(&'b self, segment: Segment<'b>) -> Key<'b> {
        Key {
            parent: Some(self),
            segment,
            rendered: Cell::new(None),
        }
    }

    /// Appends the key to the urlencoded output of the writer `writer`, copying what it (or an
    /// ancestor) rendered there before, and remembers where it went.
    fn render(&self, out: &mut String, writer: u64) {
        if let Some(r) = self.rendered.get() {
            if r.writer == writer && r.end <= out.len() {
                out.extend_from_within(r.start..r.end);
                return;
            }
        }
        let start = out.len();
        let Some(parent) = self.parent else {
            return; // the root renders as nothing
        };
        parent.render(out, writer);
        self.write_segment(out, parent, Escape::Form);
        self.rendered.set(Some(Rendered {
            writer,
            start,
            end: out.len(),
        }));
    }

    /// Writes the key, root first, each segment escaped with `mode`.
    fn write_to(&self, out: &mut String, mode: Escape) {
        let Some(parent) = self.parent else {
            return; // the root renders as nothing
        };
        parent.write_to(out, mode);
        self.write_segment(out, parent, mode);
    }

    /// Writes this key's own segment, below `parent`: bare under the root, else in brackets.
    fn write_segment(&self, out: &mut String, parent: &Key<'_>, mode: Escape) {
        let bracketed = !parent.is_root();
        if bracketed {
            out.push('[');
        }
        match self.segment {
            Segment::Root => {}
            // Literal in every mode (see `Key::field`).
            Segment::Field(name) => out.push_str(name),
            Segment::MapKey(key) => escape_into(out, key, mode),
            // Digits need no escaping.
            Segment::Index(index) => out.push_str(decimal(false, index as u64, &mut [0; 21])),
        }
        if bracketed {
            out.push(']');
        }
    }
}

/// A file to upload, such as the `file` parameter of `POST /v1/files`.
///
/// Operations with a file parameter send their parameters as `multipart/form-data`, the file as a
/// part with its filename and content type. `Debug` shows the filename, the content type and the
/// size, never the contents.
#[derive(Clone, PartialEq, Eq)]
pub struct FileUpload {
    filename: String,
    content_type: String,
    data: Vec<u8>,
}

impl FileUpload {
    /// The content type of a file for which none is set.
    pub const DEFAULT_CONTENT_TYPE: &'static str = "application/octet-stream";

    /// A file named `filename` (sent as the part's `filename`; Stripe keeps it as the file's name)
    /// with the bytes `data`, of content type `application/octet-stream` until
    /// [`FileUpload::content_type`] sets another.
    pub fn new(filename: impl Into<String>, data: impl Into<Vec<u8>>) -> Self {
        Self {
            filename: filename.into(),
            content_type: Self::DEFAULT_CONTENT_TYPE.to_owned(),
            data: data.into(),
        }
    }

    /// Sets the content type of the file part, such as `application/pdf`, `image/png` or
    /// `text/csv`. A line break in it is sent as `%0D`/`%0A`, so it cannot add a header.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = content_type.into();
        self
    }

    /// The filename.
    pub fn filename(&self) -> &str {
        &self.filename
    }

    /// The content type (`application/octet-stream` unless set).
    pub fn mime_type(&self) -> &str {
        &self.content_type
    }

    /// The contents.
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// The contents, giving up the rest.
    pub fn into_data(self) -> Vec<u8> {
        self.data
    }
}

/// The filename, the content type and the length of the contents, not the contents.
impl fmt::Debug for FileUpload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileUpload")
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("data", &format_args!("<{} bytes>", self.data.len()))
            .finish()
    }
}

/// A file part in a multipart body (`FormWriter::multipart`); in a urlencoded form, the bytes
/// percent-encoded as the value (nothing is lost, but Stripe expects files as multipart).
impl FormEncode for FileUpload {
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
        w.file(key, self);
    }
}

/// The output of form encoding.
///
/// Made by [`FormWriter::new`], it writes `key=value` pairs joined with `&`, escaped as the SDKs
/// do ([`FormWriter::finish`] returns them). Made by [`FormWriter::multipart`], it writes one
/// `multipart/form-data` part per pair or file instead ([`FormWriter::finish_multipart`]).
///
/// `Debug` shows the mode and the size written so far, not the contents (they may hold card
/// numbers).
pub struct FormWriter {
    /// The urlencoded output; unused in multipart mode.
    out: String,
    multipart: Option<Multipart>,
    /// Tells this writer's key renderings ([`Key`]) from other writers'.
    id: u64,
}

/// A copy with its own id: keys rendered into one copy afterwards are not looked up in the other.
impl Clone for FormWriter {
    fn clone(&self) -> Self {
        Self {
            out: self.out.clone(),
            multipart: self.multipart.clone(),
            id: writer_id(),
        }
    }
}

impl Default for FormWriter {
    fn default() -> Self {
        Self::with_capacity(0)
    }
}

/// A new writer id: unique in the process.
fn writer_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The state of a multipart writer.
#[derive(Clone)]
struct Multipart {
    boundary: String,
    /// The parts so far, each starting with its delimiter line; no closing delimiter yet.
    body: Vec<u8>,
}

/// What [`to_form_string`] reserves up front: most parameter sets fit (a card token is under
/// 400 bytes), and growing from nothing (8, 16, 32, ... bytes) cost more than the encoding itself.
const INITIAL_CAPACITY: usize = 512;

impl FormWriter {
    /// An empty writer of `application/x-www-form-urlencoded` pairs.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty urlencoded writer with room for `capacity` bytes before it grows.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            out: String::with_capacity(capacity),
            multipart: None,
            id: writer_id(),
        }
    }

    /// An empty writer of a `multipart/form-data` body, with a random boundary
    /// (`----stripe-rust-` and 32 hex digits, 128 random bits: it will not occur in the contents).
    pub fn multipart() -> Self {
        Self::multipart_with_boundary(&format!("----stripe-rust-{}", random::hex_128()))
    }

    /// A multipart writer with the given boundary, for tests that compare exact bytes. The
    /// boundary must be 1 to 70 characters from RFC 2046 (letters, digits, `'()+_,-./:=?`) and must
    /// not occur in any value or file written; neither is checked in release builds.
    #[doc(hidden)]
    pub fn multipart_with_boundary(boundary: &str) -> Self {
        debug_assert!(
            (1..=70).contains(&boundary.len())
                && boundary
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"'()+_,-./:=?".contains(&b)),
            "invalid multipart boundary {boundary:?}"
        );
        Self {
            out: String::new(),
            multipart: Some(Multipart {
                boundary: boundary.to_owned(),
                body: Vec::new(),
            }),
            id: writer_id(),
        }
    }

    /// Whether this writer writes `multipart/form-data` (made by [`FormWriter::multipart`]).
    pub fn is_multipart(&self) -> bool {
        self.multipart.is_some()
    }

    /// Writes `key=value` (both escaped), preceded by `&` unless it is the first pair; in
    /// multipart mode, a text part named `key` with the content `value`.
    pub fn pair(&mut self, key: &Key<'_>, value: &str) {
        match &mut self.multipart {
            Some(m) => {
                m.start_part(key, None);
                m.body.extend_from_slice(value.as_bytes());
                m.body.extend_from_slice(b"\r\n");
            }
            None => {
                self.start_pair(key);
                escape_into(&mut self.out, value, Escape::Form);
            }
        }
    }

    /// Writes `key=value` where the value is `value`'s `Display` output, escaped, with no
    /// intermediate string (used for numbers); in multipart mode, a text part.
    pub fn pair_display(&mut self, key: &Key<'_>, value: &dyn fmt::Display) {
        match &mut self.multipart {
            Some(m) => {
                m.start_part(key, None);
                // Writing to a `Vec` cannot fail.
                let _ = write!(m.body, "{value}\r\n");
            }
            None => {
                self.start_pair(key);
                // `Escaper` never fails, so neither does this.
                let _ = write!(Escaper(&mut self.out), "{value}");
            }
        }
    }

    /// Writes a file: in multipart mode, a part named `key` with the upload's filename, content
    /// type and bytes; in a urlencoded form, `key=` and the bytes, percent-encoded.
    pub fn file(&mut self, key: &Key<'_>, upload: &FileUpload) {
        match &mut self.multipart {
            Some(m) => {
                m.start_part(key, Some(upload));
                m.body.extend_from_slice(&upload.data);
                m.body.extend_from_slice(b"\r\n");
            }
            None => {
                self.start_pair(key);
                escape_bytes_into(&mut self.out, &upload.data);
            }
        }
    }

    /// Whether nothing has been written yet.
    pub fn is_empty(&self) -> bool {
        match &self.multipart {
            Some(m) => m.body.is_empty(),
            None => self.out.is_empty(),
        }
    }

    /// The urlencoded string.
    ///
    /// For a multipart writer, the body (closing delimiter included) read as UTF-8, with any
    /// invalid bytes of a binary file replaced by U+FFFD: use [`FormWriter::finish_multipart`]
    /// there.
    pub fn finish(self) -> String {
        match self.multipart {
            Some(m) => match String::from_utf8(m.finish().bytes) {
                Ok(text) => text,
                Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
            },
            None => self.out,
        }
    }

    /// The multipart body with its closing delimiter and content type, or `None` if this writer
    /// writes a urlencoded form (made by [`FormWriter::new`]).
    pub fn finish_multipart(self) -> Option<MultipartBody> {
        self.multipart.map(Multipart::finish)
    }

    fn start_pair(&mut self, key: &Key<'_>) {
        if !self.out.is_empty() {
            self.out.push('&');
        }
        key.render(&mut self.out, self.id);
        self.out.push('=');
    }
}

/// The mode and the size written so far.
impl fmt::Debug for FormWriter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("FormWriter");
        match &self.multipart {
            Some(m) => d
                .field("multipart_boundary", &m.boundary)
                .field("written", &format_args!("<{} bytes>", m.body.len())),
            None => d.field("written", &format_args!("<{} bytes>", self.out.len())),
        };
        d.finish()
    }
}

impl Multipart {
    /// Writes the delimiter line and the headers of a part, up to the empty line before its
    /// content.
    fn start_part(&mut self, key: &Key<'_>, file: Option<&FileUpload>) {
        let mut head = String::with_capacity(96 + self.boundary.len());
        head.push_str("--");
        head.push_str(&self.boundary);
        head.push_str("\r\nContent-Disposition: form-data; name=\"");
        key.write_to(&mut head, Escape::MultipartHeader);
        head.push('"');
        if let Some(file) = file {
            head.push_str("; filename=\"");
            escape_into(&mut head, &file.filename, Escape::MultipartHeader);
            head.push_str("\"\r\nContent-Type: ");
            escape_into(&mut head, &file.content_type, Escape::MultipartHeader);
        }
        head.push_str("\r\n\r\n");
        self.body.extend_from_slice(head.as_bytes());
    }

    fn finish(mut self) -> MultipartBody {
        self.body.reserve(self.boundary.len() + 6);
        self.body.extend_from_slice(b"--");
        self.body.extend_from_slice(self.boundary.as_bytes());
        self.body.extend_from_slice(b"--\r\n");
        MultipartBody {
            content_type: format!("multipart/form-data; boundary={}", self.boundary),
            bytes: self.body,
        }
    }
}

/// Encodes `value` as a `multipart/form-data` body with a random boundary, from the root key: one
/// part per parameter, named by its bracketed key (`file_link_data[create]`), files as file parts.
pub fn to_multipart<T: FormEncode + ?Sized>(value: &T) -> MultipartBody {
    let mut w = FormWriter::multipart();
    value.encode_form(&mut w, &Key::root());
    w.finish_multipart()
        .unwrap_or_else(|| unreachable!("FormWriter::multipart writes multipart"))
}

/// A `multipart/form-data` request body and its content type (which names the boundary), made by
/// `to_multipart`; send it with `ApiRequest::multipart`.
///
/// `Debug` shows the content type and the size, not the contents.
#[derive(Clone, PartialEq, Eq)]
pub struct MultipartBody {
    content_type: String,
    bytes: Vec<u8>,
}

impl MultipartBody {
    /// The `Content-Type` to send: `multipart/form-data; boundary=…`.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// The body.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The body, giving up the content type.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

impl fmt::Debug for MultipartBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MultipartBody")
            .field("content_type", &self.content_type)
            .field("bytes", &format_args!("<{} bytes>", self.bytes.len()))
            .finish()
    }
}

/// Escapes everything written through it into the wrapped string.
struct Escaper<'a>(&'a mut String);

impl fmt::Write for Escaper<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        escape_into(self.0, s, Escape::Form);
        Ok(())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Escape {
    /// stripe-ruby's form escaping: brackets literal, space as `+`.
    Form,
    /// One URL path segment: only unreserved bytes literal.
    PathSegment,
    /// A quoted `Content-Disposition` parameter (part name, filename) or a header value of a
    /// multipart part: everything literal but `"`, CR and LF, which become `%22`, `%0D`, `%0A`, as
    /// browsers write them (WHATWG HTML, "multipart/form-data encoding algorithm").
    MultipartHeader,
}

/// Appends `s` to `out`, escaped; runs of literal bytes are copied in one go, and a string with
/// nothing to escape (a field name, an id, a number) in one `push_str`.
#[inline]
fn escape_into(out: &mut String, s: &str, mode: Escape) {
    // One copy of the loop per mode, each with its mode's test inlined.
    match mode {
        Escape::Form => escape_with(out, s, Escape::Form),
        Escape::PathSegment => escape_with(out, s, Escape::PathSegment),
        Escape::MultipartHeader => escape_with(out, s, Escape::MultipartHeader),
    }
}

#[inline(always)]
fn escape_with(out: &mut String, s: &str, mode: Escape) {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(offset) = next_escape(&bytes[from..], mode) {
        let at = from + offset;
        // In every mode either all literal bytes or all escaped bytes are ASCII, so both ends of
        // a (non-empty) literal run are char boundaries; an empty one may sit inside a character
        // whose bytes are all escaped.
        if from < at {
            out.push_str(&s[from..at]);
        }
        push_escaped(out, bytes[at], mode);
        from = at + 1;
    }
    if from < bytes.len() {
        out.push_str(&s[from..]);
    }
}

/// The position of the first byte of `bytes` that `mode` escapes. Looks at eight bytes at a time
/// without branching on each, which is most of the encoder's time on long values.
#[inline(always)]
fn next_escape(bytes: &[u8], mode: Escape) -> Option<usize> {
    let mut offset = 0;
    for chunk in bytes.chunks_exact(8) {
        if !chunk.iter().fold(true, |all, &b| all & is_literal(b, mode)) {
            break;
        }
        offset += 8;
    }
    bytes[offset..]
        .iter()
        .position(|&b| !is_literal(b, mode))
        .map(|p| offset + p)
}

/// Appends arbitrary bytes (a file's contents) to `out`, form-escaped: the literal bytes are
/// ASCII, everything else becomes `%XX` (a space `+`), so any byte sequence is kept exactly.
fn escape_bytes_into(out: &mut String, bytes: &[u8]) {
    out.reserve(bytes.len());
    for &b in bytes {
        if is_literal(b, Escape::Form) {
            out.push(char::from(b));
        } else {
            push_escaped(out, b, Escape::Form);
        }
    }
}

/// Whether `b` is written as it is: in `Form` and `PathSegment` mode only ASCII bytes are, in
/// `MultipartHeader` mode all bytes but three ASCII ones.
#[inline]
fn is_literal(b: u8, mode: Escape) -> bool {
    match mode {
        Escape::MultipartHeader => !matches!(b, b'"' | b'\r' | b'\n'),
        Escape::Form => FORM_LITERAL[usize::from(b)],
        Escape::PathSegment => PATH_LITERAL[usize::from(b)],
    }
}

/// Whether `name` can be a [`Key::field`] name: non-empty, and written as it is in a form, a path
/// segment and a multipart header alike.
pub fn is_literal_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| PATH_LITERAL[usize::from(b)])
}

/// The bytes a form writes as they are: `A-Z a-z 0-9 - . _ ~ [ ]`.
static FORM_LITERAL: [bool; 256] = literal_bytes(true);

/// The bytes a path segment keeps: the unreserved `A-Z a-z 0-9 - . _ ~`.
static PATH_LITERAL: [bool; 256] = literal_bytes(false);

const fn literal_bytes(brackets: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b: u8 = 0;
    loop {
        table[b as usize] = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~')
            || (brackets && matches!(b, b'[' | b']'));
        if b == u8::MAX {
            return table;
        }
        b += 1;
    }
}

/// Appends the escaped form of a byte that is not literal: `+` for a form space, else `%XX`.
#[inline]
fn push_escaped(out: &mut String, b: u8, mode: Escape) {
    if b == b' ' && mode == Escape::Form {
        out.push('+');
    } else {
        out.push_str(&PERCENT_ENCODED[usize::from(b) * 3..usize::from(b) * 3 + 3]);
    }
}

/// `%00%01...%FF`: the escape of byte `b` is at `3 * b`.
static PERCENT_ENCODED: &str = {
    const BYTES: [u8; 768] = {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let mut bytes = [0u8; 768];
        let mut b = 0;
        while b < 256 {
            bytes[3 * b] = b'%';
            bytes[3 * b + 1] = HEX[b >> 4];
            bytes[3 * b + 2] = HEX[b & 0x0f];
            b += 1;
        }
        bytes
    };
    match std::str::from_utf8(&BYTES) {
        Ok(text) => text,
        Err(_) => panic!("percent escapes are ASCII"),
    }
};

impl FormEncode for str {
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
        w.pair(key, self);
    }
}

impl FormEncode for String {
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
        w.pair(key, self);
    }
}

/// `true` / `false`.
impl FormEncode for bool {
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
        w.pair(key, if *self { "true" } else { "false" });
    }
}

/// Decimal digits.
impl FormEncode for i32 {
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
        let magnitude = u64::from(self.unsigned_abs());
        w.pair(key, decimal(*self < 0, magnitude, &mut [0; 21]));
    }
}

/// Decimal digits.
impl FormEncode for i64 {
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
        w.pair(key, decimal(*self < 0, self.unsigned_abs(), &mut [0; 21]));
    }
}

/// Decimal digits.
impl FormEncode for u32 {
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
        w.pair(key, decimal(false, u64::from(*self), &mut [0; 21]));
    }
}

/// Decimal digits.
impl FormEncode for u64 {
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
        w.pair(key, decimal(false, *self, &mut [0; 21]));
    }
}

/// The decimal digits of `magnitude`, after a `-` if `negative`, written into the end of `buf`
/// (room for `-` and the 20 digits of `u64::MAX`), without going through `fmt`.
fn decimal(negative: bool, magnitude: u64, buf: &mut [u8; 21]) -> &str {
    let mut start = buf.len();
    let mut rest = magnitude;
    loop {
        start -= 1;
        // `rest % 10` is a single digit.
        buf[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if negative {
        start -= 1;
        buf[start] = b'-';
    }
    // Only ASCII digits and `-` were written.
    std::str::from_utf8(&buf[start..]).unwrap_or_default()
}

/// The shortest decimal string that reads back as the same `f64`, without exponent and without a
/// trailing `.0` (`12.5` → `12.5`, `3.0` → `3`, `-0.0` → `0`), as stripe-node writes numbers.
/// NaN and infinities are written as `NaN`, `inf`, `-inf`: Stripe rejects them.
impl FormEncode for f64 {
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
        if *self == 0.0 {
            w.pair(key, "0");
        } else {
            w.pair_display(key, self);
        }
    }
}

/// Elements under their index: `expand[0]=a&expand[1]=b`.
///
/// An empty array writes nothing, as stripe-ruby and stripe-node do (stripe-go writes `key=` for an
/// empty non-nil slice instead). To empty an array field on Stripe's side, send
/// [`Clearable::Clear`].
impl<T: FormEncode> FormEncode for [T] {
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
        for (i, item) in self.iter().enumerate() {
            item.encode_form(w, &key.index(i));
        }
    }
}

/// Same as the slice: indexed, nothing when empty.
impl<T: FormEncode> FormEncode for Vec<T> {
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
        self.as_slice().encode_form(w, key);
    }
}

/// Entries under their key, in key order: `metadata[a]=1&metadata[b]=2`.
impl<T: FormEncode> FormEncode for BTreeMap<String, T> {
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
        for (k, v) in self {
            v.encode_form(w, &key.map_key(k));
        }
    }
}

/// Entries under their key, sorted by key so that the output is stable.
impl<T: FormEncode, S: BuildHasher> FormEncode for HashMap<String, T, S> {
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
        let mut entries: Vec<(&String, &T)> = self.iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for (k, v) in entries {
            v.encode_form(w, &key.map_key(k));
        }
    }
}

/// `None` writes nothing: the parameter is left out.
impl<T: FormEncode> FormEncode for Option<T> {
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
        if let Some(value) = self {
            value.encode_form(w, key);
        }
    }
}

/// `Set(v)` writes `v`; `Clear` writes `key=` (an empty value), which Stripe reads as "unset".
impl<T: FormEncode> FormEncode for Clearable<T> {
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
        match self {
            Clearable::Set(value) => value.encode_form(w, key),
            Clearable::Clear => w.pair(key, ""),
        }
    }
}

impl<T: FormEncode + ?Sized> FormEncode for Box<T> {
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
        (**self).encode_form(w, key);
    }
}

impl<T: FormEncode + ?Sized> FormEncode for &T {
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
        (**self).encode_form(w, key);
    }
}

/// Raw JSON (opaque parameters): objects by member (in the map's order, sorted unless serde_json's
/// `preserve_order` is on), arrays by index, scalars as their text; `null` writes nothing.
impl FormEncode for serde_json::Value {
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
        use serde_json::Value;
        match self {
            Value::Null => {}
            Value::Bool(b) => b.encode_form(w, key),
            Value::Number(n) => w.pair_display(key, n),
            Value::String(s) => w.pair(key, s),
            Value::Array(items) => items.encode_form(w, key),
            Value::Object(members) => {
                for (k, v) in members {
                    v.encode_form(w, &key.map_key(k));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Card {
        number: String,
        exp_month: i64,
        cvc: Option<String>,
    }

    impl FormEncode for Card {
        fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
            self.number.encode_form(w, &key.field("number"));
            self.exp_month.encode_form(w, &key.field("exp_month"));
            self.cvc.encode_form(w, &key.field("cvc"));
        }
    }

    struct LineItem {
        price: &'static str,
        quantity: u32,
    }

    impl FormEncode for LineItem {
        fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
            self.price.encode_form(w, &key.field("price"));
            self.quantity.encode_form(w, &key.field("quantity"));
        }
    }

    #[derive(Default)]
    struct Params {
        card: Option<Card>,
        line_items: Option<Vec<LineItem>>,
        expand: Option<Vec<String>>,
        metadata: Option<Clearable<BTreeMap<String, String>>>,
        livemode: Option<bool>,
        amount: Option<f64>,
        description: Option<Clearable<String>>,
    }

    impl FormEncode for Params {
        fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
            self.card.encode_form(w, &key.field("card"));
            self.line_items.encode_form(w, &key.field("line_items"));
            self.expand.encode_form(w, &key.field("expand"));
            self.metadata.encode_form(w, &key.field("metadata"));
            self.livemode.encode_form(w, &key.field("livemode"));
            self.amount.encode_form(w, &key.field("amount"));
            self.description.encode_form(w, &key.field("description"));
        }
    }

    fn card() -> Card {
        Card {
            number: "4242424242424242".to_owned(),
            exp_month: 8,
            cvc: None,
        }
    }

    #[test]
    fn nested_object() {
        let p = Params {
            card: Some(card()),
            ..Params::default()
        };
        assert_eq!(
            to_form_string(&p),
            "card[number]=4242424242424242&card[exp_month]=8"
        );
    }

    #[test]
    fn empty_params_encode_to_empty_string() {
        assert_eq!(to_form_string(&Params::default()), "");
    }

    #[test]
    fn arrays_of_scalars_and_objects() {
        let p = Params {
            expand: Some(vec![
                "customer".to_owned(),
                "invoice.subscription".to_owned(),
            ]),
            line_items: Some(vec![
                LineItem {
                    price: "price_1",
                    quantity: 2,
                },
                LineItem {
                    price: "price_2",
                    quantity: 1,
                },
            ]),
            ..Params::default()
        };
        assert_eq!(
            to_form_string(&p),
            "line_items[0][price]=price_1&line_items[0][quantity]=2&line_items[1][price]=price_2&\
             line_items[1][quantity]=1&expand[0]=customer&expand[1]=invoice.subscription"
        );
    }

    #[test]
    fn empty_array_writes_nothing() {
        let p = Params {
            expand: Some(vec![]),
            livemode: Some(false),
            ..Params::default()
        };
        assert_eq!(to_form_string(&p), "livemode=false");
    }

    #[test]
    fn maps_sorted_and_escaped() {
        let mut metadata = BTreeMap::new();
        metadata.insert("order_id".to_owned(), "6735".to_owned());
        metadata.insert("a b&c=d".to_owned(), "x/y?z".to_owned());
        let p = Params {
            metadata: Some(Clearable::Set(metadata)),
            ..Params::default()
        };
        assert_eq!(
            to_form_string(&p),
            "metadata[a+b%26c%3Dd]=x%2Fy%3Fz&metadata[order_id]=6735"
        );
    }

    #[test]
    fn hash_map_is_sorted() {
        let mut m: HashMap<String, i64> = HashMap::new();
        for (i, k) in ["zeta", "alpha", "mid", "beta", "omega"]
            .into_iter()
            .enumerate()
        {
            m.insert(k.to_owned(), i as i64);
        }
        let w = Key::root();
        let mut out = FormWriter::new();
        m.encode_form(&mut out, &w.field("metadata"));
        assert_eq!(
            out.finish(),
            "metadata[alpha]=1&metadata[beta]=3&metadata[mid]=2&metadata[omega]=4&metadata[zeta]=0"
        );
        // A top-level map: its keys are the parameter names.
        assert_eq!(to_form_string(&m), "alpha=1&beta=3&mid=2&omega=4&zeta=0");
    }

    #[test]
    fn booleans_and_floats() {
        let p = Params {
            livemode: Some(true),
            amount: Some(12.5),
            ..Params::default()
        };
        assert_eq!(to_form_string(&p), "livemode=true&amount=12.5");
        let cases: [(f64, &str); 8] = [
            (3.0, "3"),
            (12.5, "12.5"),
            (0.1, "0.1"),
            (-2.75, "-2.75"),
            (0.0, "0"),
            (-0.0, "0"),
            (1234567.0, "1234567"),
            (0.000001, "0.000001"),
        ];
        for (value, expected) in cases {
            let mut w = FormWriter::new();
            value.encode_form(&mut w, &Key::root().field("x"));
            assert_eq!(w.finish(), format!("x={expected}"), "{value}");
        }
    }

    #[test]
    fn a_key_rendered_by_one_writer_renders_afresh_in_another() {
        let root = Key::root();
        let person = root.field("person");
        let address = person.field("address");
        let mut first = FormWriter::new();
        "x".encode_form(&mut first, &root.field("padding_so_ranges_differ"));
        "Paris".encode_form(&mut first, &address.field("city"));
        "FR".encode_form(&mut first, &address.field("country"));
        let mut copy = first.clone();
        "75001".encode_form(&mut copy, &address.field("postal_code"));
        let mut second = FormWriter::new();
        "Lyon".encode_form(&mut second, &address.field("city"));
        "1".encode_form(&mut first, &address.field("line1"));
        assert_eq!(
            first.finish(),
            "padding_so_ranges_differ=x&person[address][city]=Paris\
             &person[address][country]=FR&person[address][line1]=1"
        );
        assert_eq!(
            copy.finish(),
            "padding_so_ranges_differ=x&person[address][city]=Paris\
             &person[address][country]=FR&person[address][postal_code]=75001"
        );
        assert_eq!(second.finish(), "person[address][city]=Lyon");
    }

    #[test]
    fn field_names_are_written_as_they_are_only_when_nothing_needs_escaping() {
        assert!(is_literal_name("exp_month"));
        assert!(is_literal_name("card.customer-2~"));
        assert!(!is_literal_name("line 1"));
        assert!(!is_literal_name("a[b]"));
        assert!(!is_literal_name("ümlaut"));
        assert!(!is_literal_name(""));
    }

    #[test]
    fn integers() {
        let root = Key::root();
        let mut w = FormWriter::new();
        (-42i64).encode_form(&mut w, &root.field("a"));
        i32::MIN.encode_form(&mut w, &root.field("b"));
        u32::MAX.encode_form(&mut w, &root.field("c"));
        u64::MAX.encode_form(&mut w, &root.field("d"));
        i64::MIN.encode_form(&mut w, &root.field("e"));
        0i64.encode_form(&mut w, &root.field("f"));
        7u32.encode_form(&mut w, &root.field("g"));
        assert_eq!(
            w.finish(),
            "a=-42&b=-2147483648&c=4294967295&d=18446744073709551615\
             &e=-9223372036854775808&f=0&g=7"
        );
    }

    #[test]
    fn clear_writes_empty_value() {
        let p = Params {
            metadata: Some(Clearable::Clear),
            description: Some(Clearable::Clear),
            ..Params::default()
        };
        assert_eq!(to_form_string(&p), "metadata=&description=");
        let p = Params {
            description: Some("set".to_owned().into()),
            ..Params::default()
        };
        assert_eq!(to_form_string(&p), "description=set");
    }

    #[test]
    fn escaping_spaces_reserved_non_ascii_brackets() {
        let root = Key::root();
        let mut w = FormWriter::new();
        w.pair(&root.field("description"), "Café au lait [x2] for 5€");
        w.pair(&root.field("reserved"), "!*'();:@&=+$,/?#%");
        w.pair(&root.field("unreserved"), "AZaz09-._~");
        w.pair(&root.field("control"), "a\nb\tc\"d<e>f\\g^h`i{j}k|l");
        assert_eq!(
            w.finish(),
            "description=Caf%C3%A9+au+lait+[x2]+for+5%E2%82%AC\
             &reserved=%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%23%25\
             &unreserved=AZaz09-._~\
             &control=a%0Ab%09c%22d%3Ce%3Ef%5Cg%5Eh%60i%7Bj%7Dk%7Cl"
        );
    }

    #[test]
    fn key_shapes() {
        let root = Key::root();
        let card = root.field("card");
        let number = card.field("number");
        let items = root.field("items");
        let first = items.index(0);
        let meta = first.field("metadata");
        let entry = meta.map_key("é k[0]");
        let mut w = FormWriter::new();
        w.pair(&number, "1");
        w.pair(&entry, "v");
        w.pair(&root.index(3), "top-level index");
        assert_eq!(
            w.finish(),
            "card[number]=1&items[0][metadata][%C3%A9+k[0]]=v&3=top-level+index"
        );
        assert!(root.is_root());
        assert!(!card.is_root());
    }

    #[test]
    fn option_box_ref_and_slices() {
        let root = Key::root();
        let mut w = FormWriter::new();
        let boxed: Box<Card> = Box::new(card());
        boxed.encode_form(&mut w, &root.field("card"));
        let none: Option<String> = None;
        none.encode_form(&mut w, &root.field("skipped"));
        let slice: &[&str] = &["a", "b"];
        slice.encode_form(&mut w, &root.field("expand"));
        let by_ref: &Option<&str> = &Some("x y");
        by_ref.encode_form(&mut w, &root.field("r"));
        assert!(!w.is_empty());
        assert_eq!(
            w.finish(),
            "card[number]=4242424242424242&card[exp_month]=8&expand[0]=a&expand[1]=b&r=x+y"
        );
        assert_eq!(to_form_string("solo"), "=solo");
        assert!(FormWriter::new().is_empty());
    }

    #[test]
    fn raw_json_values() {
        let v = serde_json::json!({
            "b": [1, 2.5, {"c": true}],
            "a": "x y",
            "n": null,
            "e": [],
        });
        assert_eq!(to_form_string(&v), "a=x+y&b[0]=1&b[1]=2.5&b[2][c]=true");
    }

    #[test]
    fn stable_order_is_field_order() {
        let p = Params {
            description: Some("d".to_owned().into()),
            amount: Some(1.0),
            card: Some(Card {
                cvc: Some("123".to_owned()),
                ..card()
            }),
            ..Params::default()
        };
        let first = to_form_string(&p);
        assert_eq!(
            first,
            "card[number]=4242424242424242&card[exp_month]=8&card[cvc]=123&amount=1&description=d"
        );
        assert_eq!(to_form_string(&p), first);
    }

    /// The parameters of `POST /v1/files`, plus a map and an array to cover every key shape.
    struct FileParams {
        file: FileUpload,
        purpose: &'static str,
        file_link_data: Option<FileLinkData>,
        expand: Vec<&'static str>,
        metadata: BTreeMap<String, String>,
    }

    struct FileLinkData {
        create: bool,
        expires_at: Option<i64>,
    }

    impl FormEncode for FileLinkData {
        fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
            self.create.encode_form(w, &key.field("create"));
            self.expires_at.encode_form(w, &key.field("expires_at"));
        }
    }

    impl FormEncode for FileParams {
        fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
            self.expand.encode_form(w, &key.field("expand"));
            self.file.encode_form(w, &key.field("file"));
            self.file_link_data
                .encode_form(w, &key.field("file_link_data"));
            self.metadata.encode_form(w, &key.field("metadata"));
            self.purpose.encode_form(w, &key.field("purpose"));
        }
    }

    fn file_params() -> FileParams {
        let mut metadata = BTreeMap::new();
        metadata.insert("order id".to_owned(), "a&b=c é".to_owned());
        metadata.insert("say \"hi\"\r\n".to_owned(), "x".to_owned());
        FileParams {
            file: FileUpload::new(
                "evidence \"final\".pdf",
                b"%PDF-1.7\r\n\x00\xff\xfe".to_vec(),
            )
            .content_type("application/pdf"),
            purpose: "dispute_evidence",
            file_link_data: Some(FileLinkData {
                create: true,
                expires_at: Some(1_700_000_000),
            }),
            expand: vec!["file_link"],
            metadata,
        }
    }

    fn encode_multipart(value: &dyn Fn(&mut FormWriter)) -> MultipartBody {
        let mut w = FormWriter::multipart_with_boundary("XyZ");
        value(&mut w);
        w.finish_multipart().unwrap()
    }

    #[test]
    fn multipart_exact_bytes() {
        let body = encode_multipart(&|w| file_params().encode_form(w, &Key::root()));
        assert_eq!(body.content_type(), "multipart/form-data; boundary=XyZ");
        let mut expected: Vec<u8> = Vec::new();
        expected.extend_from_slice(
            b"--XyZ\r\n\
              Content-Disposition: form-data; name=\"expand[0]\"\r\n\
              \r\n\
              file_link\r\n\
              --XyZ\r\n\
              Content-Disposition: form-data; name=\"file\"; filename=\"evidence %22final%22.pdf\"\r\n\
              Content-Type: application/pdf\r\n\
              \r\n\
              %PDF-1.7\r\n\x00\xff\xfe\r\n\
              --XyZ\r\n\
              Content-Disposition: form-data; name=\"file_link_data[create]\"\r\n\
              \r\n\
              true\r\n\
              --XyZ\r\n\
              Content-Disposition: form-data; name=\"file_link_data[expires_at]\"\r\n\
              \r\n\
              1700000000\r\n\
              --XyZ\r\n\
              Content-Disposition: form-data; name=\"metadata[order id]\"\r\n\
              \r\n",
        );
        expected.extend_from_slice("a&b=c é".as_bytes());
        expected.extend_from_slice(
            b"\r\n\
              --XyZ\r\n\
              Content-Disposition: form-data; name=\"metadata[say %22hi%22%0D%0A]\"\r\n\
              \r\n\
              x\r\n\
              --XyZ\r\n\
              Content-Disposition: form-data; name=\"purpose\"\r\n\
              \r\n\
              dispute_evidence\r\n\
              --XyZ--\r\n",
        );
        assert_eq!(
            body.bytes(),
            &expected[..],
            "\n{}\n",
            String::from_utf8_lossy(body.bytes())
        );
        assert_eq!(body.clone().into_bytes(), expected);
    }

    #[test]
    fn multipart_names_are_the_urlencoded_keys_unescaped() {
        let root = Key::root();
        let items = root.field("line_items");
        let first = items.index(0);
        let meta = first.field("metadata");
        let file_link_data = root.field("file_link_data");
        let expand = root.field("expand");
        let keys = [
            root.field("purpose"),
            file_link_data.field("create"),
            expand.index(3),
            meta.map_key("k"),
            meta.map_key("é k[0]"),
        ];
        let expected = [
            ("purpose", "purpose"),
            ("file_link_data[create]", "file_link_data[create]"),
            ("expand[3]", "expand[3]"),
            ("line_items[0][metadata][k]", "line_items[0][metadata][k]"),
            (
                "line_items[0][metadata][%C3%A9+k[0]]",
                "line_items[0][metadata][é k[0]]",
            ),
        ];
        for (key, (urlencoded, multipart)) in keys.iter().zip(expected) {
            let mut form = String::new();
            key.write_to(&mut form, Escape::Form);
            assert_eq!(form, urlencoded);
            let mut name = String::new();
            key.write_to(&mut name, Escape::MultipartHeader);
            assert_eq!(name, multipart);
        }
    }

    #[test]
    fn multipart_empty_and_scalars() {
        let empty = encode_multipart(&|_| {});
        assert_eq!(empty.bytes(), b"--XyZ--\r\n");
        let body = encode_multipart(&|w| {
            assert!(w.is_multipart());
            assert!(w.is_empty());
            let root = Key::root();
            (-2.5f64).encode_form(w, &root.field("f"));
            0.0f64.encode_form(w, &root.field("z"));
            Clearable::<String>::Clear.encode_form(w, &root.field("c"));
            assert!(!w.is_empty());
        });
        assert_eq!(
            body.bytes(),
            &b"--XyZ\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n-2.5\r\n\
               --XyZ\r\nContent-Disposition: form-data; name=\"z\"\r\n\r\n0\r\n\
               --XyZ\r\nContent-Disposition: form-data; name=\"c\"\r\n\r\n\r\n\
               --XyZ--\r\n"[..]
        );
        // A content type cannot smuggle in a header.
        let body = encode_multipart(&|w| {
            let upload = FileUpload::new("a\nb.txt", "hi").content_type("text/plain\r\nX-Evil: 1");
            w.file(&Key::root().field("file"), &upload);
        });
        assert_eq!(
            body.bytes(),
            &b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a%0Ab.txt\"\r\n\
               Content-Type: text/plain%0D%0AX-Evil: 1\r\n\r\nhi\r\n--XyZ--\r\n"[..]
        );
    }

    #[test]
    fn random_boundary() {
        let a = to_multipart(&file_params());
        let b = to_multipart(&file_params());
        let boundary = a
            .content_type()
            .strip_prefix("multipart/form-data; boundary=----stripe-rust-")
            .unwrap();
        assert_eq!(boundary.len(), 32, "{boundary}");
        assert!(
            boundary.bytes().all(|c| c.is_ascii_hexdigit()),
            "{boundary}"
        );
        assert_ne!(a.content_type(), b.content_type());
        let delimiter = format!("------stripe-rust-{boundary}");
        assert!(a.bytes().starts_with(format!("{delimiter}\r\n").as_bytes()));
        assert!(a.bytes().ends_with(format!("{delimiter}--\r\n").as_bytes()));
        assert_eq!(a.bytes().len(), b.bytes().len());
    }

    #[test]
    fn file_upload_in_a_urlencoded_form_keeps_every_byte() {
        let upload = FileUpload::new("a.bin", vec![b'a', b' ', 0, 0xff, b'[', b'%', 0xc3, 0xa9]);
        let mut w = FormWriter::new();
        assert!(!w.is_multipart());
        w.pair(&Key::root().field("purpose"), "x");
        upload.encode_form(&mut w, &Key::root().field("file"));
        assert_eq!(w.finish(), "purpose=x&file=a+%00%FF[%25%C3%A9");
        assert_eq!(
            to_form_string(&file_params().file),
            "=%25PDF-1.7%0D%0A%00%FF%FE"
        );
        assert!(FormWriter::new().finish_multipart().is_none());
    }

    #[test]
    fn file_upload_accessors_and_debug() {
        let upload = FileUpload::new("card.png", b"4242424242424242".to_vec());
        assert_eq!(upload.mime_type(), "application/octet-stream");
        assert_eq!(upload.mime_type(), FileUpload::DEFAULT_CONTENT_TYPE);
        let upload = upload.content_type("image/png");
        assert_eq!(upload.filename(), "card.png");
        assert_eq!(upload.mime_type(), "image/png");
        assert_eq!(upload.data(), b"4242424242424242");
        assert_eq!(upload.clone(), upload);
        assert_ne!(upload.clone().content_type("image/jpeg"), upload);
        let debug = format!("{upload:?}");
        assert_eq!(
            debug,
            "FileUpload { filename: \"card.png\", content_type: \"image/png\", data: <16 bytes> }"
        );
        assert_eq!(upload.into_data().len(), 16);
    }

    #[test]
    fn debug_of_writers_and_bodies_hides_contents() {
        let mut w = FormWriter::new();
        w.pair(&Key::root().field("number"), "4242424242424242");
        let debug = format!("{w:?}");
        assert!(!debug.contains("4242"), "{debug}");
        assert!(debug.contains("<23 bytes>"), "{debug}");
        let mut w = FormWriter::multipart_with_boundary("XyZ");
        w.pair(&Key::root().field("number"), "4242424242424242");
        let debug = format!("{w:?}");
        assert!(!debug.contains("4242"), "{debug}");
        // A multipart writer's `finish` gives the text of the whole body.
        let text = w.clone().finish();
        assert!(text.contains("4242424242424242\r\n--XyZ--\r\n"), "{text}");
        let body = w.finish_multipart().unwrap();
        let debug = format!("{body:?}");
        assert!(!debug.contains("4242"), "{debug}");
        assert!(debug.contains("boundary=XyZ"), "{debug}");
        assert!(
            debug.contains(&format!("<{} bytes>", body.bytes().len())),
            "{debug}"
        );
        // Invalid UTF-8 in a file is replaced in the text, never lost from `finish_multipart`.
        let mut w = FormWriter::multipart_with_boundary("XyZ");
        w.file(&Key::root().field("f"), &FileUpload::new("f", vec![0xff]));
        assert!(w.finish().contains("\r\n\r\n\u{fffd}\r\n"));
    }

    #[test]
    fn path_segments() {
        assert_eq!(encode_path_segment("cus_123ABC"), "cus_123ABC");
        assert_eq!(encode_path_segment("a b/c?d#e"), "a%20b%2Fc%3Fd%23e");
        assert_eq!(encode_path_segment("[x]+é~.-_"), "%5Bx%5D%2B%C3%A9~.-_");
        assert_eq!(encode_path_segment(".."), "..");
        assert_eq!(encode_path_segment(""), "");
    }
}
