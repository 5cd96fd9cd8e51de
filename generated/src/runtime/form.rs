//! Stripe's form encoding (`application/x-www-form-urlencoded` with bracketed keys).
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

use std::collections::{BTreeMap, HashMap};
use std::fmt::{self, Write as _};
use std::hash::BuildHasher;

use super::Clearable;

/// A value that can be written as Stripe form parameters under a key.
///
/// Structs write each set field under `key.field("wire_name")`; scalars write one pair.
pub trait FormEncode {
    /// Writes `self` into `w` under `key`.
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>);
}

/// Encodes `value` as a form string, from the root key (a struct's fields become top-level keys).
pub fn to_form_string<T: FormEncode + ?Sized>(value: &T) -> String {
    let mut w = FormWriter::new();
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
#[derive(Clone, Copy, Debug)]
pub struct Key<'a> {
    parent: Option<&'a Key<'a>>,
    segment: Segment<'a>,
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
        }
    }

    /// The key of a struct field, by its wire name: `card` below the root, `card[number]` below
    /// `card`.
    pub fn field<'b>(&'b self, name: &'static str) -> Key<'b> {
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
        }
    }

    /// Writes the escaped key, root first.
    fn write_to(&self, out: &mut String) {
        let Some(parent) = self.parent else {
            return; // the root renders as nothing
        };
        parent.write_to(out);
        let bracketed = !parent.is_root();
        if bracketed {
            out.push('[');
        }
        match self.segment {
            Segment::Root => {}
            Segment::Field(name) => escape_into(out, name, Escape::Form),
            Segment::MapKey(key) => escape_into(out, key, Escape::Form),
            Segment::Index(index) => {
                // Digits need no escaping; writing to a `String` cannot fail.
                let _ = write!(out, "{index}");
            }
        }
        if bracketed {
            out.push(']');
        }
    }
}

/// The output of form encoding: `key=value` pairs joined with `&`, escaped as the SDKs do.
#[derive(Clone, Debug, Default)]
pub struct FormWriter {
    out: String,
}

impl FormWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes `key=value` (both escaped), preceded by `&` unless it is the first pair.
    pub fn pair(&mut self, key: &Key<'_>, value: &str) {
        self.start_pair(key);
        escape_into(&mut self.out, value, Escape::Form);
    }

    /// Writes `key=value` where the value is `value`'s `Display` output, escaped, with no
    /// intermediate string (used for numbers).
    pub fn pair_display(&mut self, key: &Key<'_>, value: &dyn fmt::Display) {
        self.start_pair(key);
        // `Escaper` never fails, so neither does this.
        let _ = write!(Escaper(&mut self.out), "{value}");
    }

    /// Whether nothing has been written yet.
    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    /// The encoded string.
    pub fn finish(self) -> String {
        self.out
    }

    fn start_pair(&mut self, key: &Key<'_>) {
        if !self.out.is_empty() {
            self.out.push('&');
        }
        key.write_to(&mut self.out);
        self.out.push('=');
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
}

/// Appends `s` to `out`, escaped; runs of literal bytes are copied in one go.
fn escape_into(out: &mut String, s: &str, mode: Escape) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = s.as_bytes();
    let mut literal_from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let literal = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~')
            || (mode == Escape::Form && matches!(b, b'[' | b']'));
        if literal {
            continue;
        }
        if literal_from < i {
            // A run of literal (ASCII) bytes: both ends are char boundaries.
            out.push_str(&s[literal_from..i]);
        }
        literal_from = i + 1;
        if b == b' ' && mode == Escape::Form {
            out.push('+');
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0x0f)] as char);
        }
    }
    if literal_from < bytes.len() {
        out.push_str(&s[literal_from..]);
    }
}

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

macro_rules! integer_form_encode {
    ($($t:ty),*) => {$(
        /// Decimal digits.
        impl FormEncode for $t {
            fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
                w.pair_display(key, self);
            }
        }
    )*};
}
integer_form_encode!(i32, i64, u32, u64);

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
    fn integers() {
        let root = Key::root();
        let mut w = FormWriter::new();
        (-42i64).encode_form(&mut w, &root.field("a"));
        i32::MIN.encode_form(&mut w, &root.field("b"));
        u32::MAX.encode_form(&mut w, &root.field("c"));
        u64::MAX.encode_form(&mut w, &root.field("d"));
        assert_eq!(
            w.finish(),
            "a=-42&b=-2147483648&c=4294967295&d=18446744073709551615"
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

    #[test]
    fn path_segments() {
        assert_eq!(encode_path_segment("cus_123ABC"), "cus_123ABC");
        assert_eq!(encode_path_segment("a b/c?d#e"), "a%20b%2Fc%3Fd%23e");
        assert_eq!(encode_path_segment("[x]+é~.-_"), "%5Bx%5D%2B%C3%A9~.-_");
        assert_eq!(encode_path_segment(".."), "..");
        assert_eq!(encode_path_segment(""), "");
    }
}
