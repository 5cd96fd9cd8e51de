//! The one place Rust identifiers are made from spec names (with heck).
//!
//! Every function keeps the wire name with the caller and returns only the
//! Rust side; keywords are escaped, and [`NameScope`] turns two sources that
//! want one name into an error instead of a silent reuse.

use std::collections::BTreeMap;

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::error::{Error, NameClash, Result};

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];
/// Keywords that cannot be raw identifiers: they get a trailing underscore.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// A snake_case identifier for a field, method or module (`type` → `r#type`).
pub fn snake_ident(wire: &str) -> String {
    let mut name = wire.to_snake_case();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    escape(name)
}

/// An UpperCamelCase identifier for a type or variant, from one or more parts
/// (`["create_token", "person", "address"]` → `CreateTokenPersonAddress`).
pub fn camel_ident<S: AsRef<str>>(parts: &[S]) -> String {
    let joined = parts
        .iter()
        .map(|p| p.as_ref().to_upper_camel_case())
        .collect::<String>();
    let mut name = joined;
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    escape(name)
}

/// A variant name for an enum value; `''` becomes `Empty`. `None` when the
/// value has no letters or digits to name it by.
pub fn variant_ident(wire: &str) -> Option<String> {
    if wire.is_empty() {
        return Some("Empty".to_owned());
    }
    let name = camel_ident(&[wire]);
    (!name.is_empty()).then_some(name)
}

/// A variant name that spells out punctuation (`Etc/GMT+0` →
/// `EtcSlashGmtPlus0`), for values whose plain names collide.
pub fn spelled_variant_ident(wire: &str) -> Option<String> {
    let mut spelled = String::new();
    for c in wire.chars() {
        let word = match c {
            '+' => "_plus_",
            '-' => "_minus_",
            '/' => "_slash_",
            '.' => "_dot_",
            '*' => "_star_",
            '@' => "_at_",
            ':' => "_colon_",
            ' ' => "_space_",
            c => {
                spelled.push(c);
                continue;
            }
        };
        spelled.push_str(word);
    }
    variant_ident(&spelled)
}

/// The variant every open enum gets for values its spec does not list.
pub const ENUM_FALLBACK: &str = "Unrecognized";

/// The variant every union gets for objects its spec does not list (the
/// emitter writes it for tagged unions; untagged ones keep the name free too,
/// so a union's variants read the same whichever kind it is).
pub const UNION_FALLBACK: &str = "Unknown";

/// What an enum value or union variant whose name is a fallback the emitter
/// reserves is suffixed with: `unrecognized` → `UnrecognizedValue`.
pub const ENUM_RESERVED_SUFFIX: &str = "Value";
/// The union counterpart: a variant `Unknown` → `UnknownVariant`.
pub const UNION_RESERVED_SUFFIX: &str = "Variant";

/// The rule for names the emitter reserves (ARCHITECTURE "Name clashes"):
/// each of `names` equal to `reserved` takes `suffix`, again while the result
/// is another entry's name, so the fallback keeps its name whatever the spec
/// lists and the value keeps a name of its own. Entries that are not the
/// reserved name are left alone. Ends after at most `names.len()` suffixes,
/// since each one makes a name no entry of the list can have twice.
pub fn unreserved(names: &mut [String], reserved: &str, suffix: &str) {
    let others: std::collections::BTreeSet<String> = names
        .iter()
        .filter(|n| n.as_str() != reserved)
        .cloned()
        .collect();
    for name in names.iter_mut().filter(|n| n.as_str() == reserved) {
        let mut candidate = format!("{reserved}{suffix}");
        while others.contains(&candidate) {
            candidate.push_str(suffix);
        }
        *name = candidate;
    }
}

/// The variant names of an enum's values, in order: plain names
/// (`card_present` → `CardPresent`), punctuation spelled out for values
/// whose plain names collide ([`spelled_variant_ident`]), then the value
/// named as the fallback [`ENUM_FALLBACK`] suffixed ([`unreserved`]).
/// `Err(value)` for a value with no letters or digits to name it by.
pub fn enum_value_idents<'w>(values: &[&'w str]) -> Result<Vec<String>, &'w str> {
    let mut plain: BTreeMap<String, usize> = BTreeMap::new();
    for value in values {
        if let Some(name) = variant_ident(value) {
            *plain.entry(name).or_default() += 1;
        }
    }
    let mut names = values
        .iter()
        .map(|value| {
            match variant_ident(value) {
                Some(n) if plain[&n] > 1 => spelled_variant_ident(value),
                Some(n) => Some(n),
                None => spelled_variant_ident(value),
            }
            .ok_or(*value)
        })
        .collect::<Result<Vec<_>, _>>()?;
    unreserved(&mut names, ENUM_FALLBACK, ENUM_RESERVED_SUFFIX);
    Ok(names)
}

/// Whether `name` (maybe `r#`-prefixed) can be written as a Rust identifier:
/// letters (any script), digits and `_`, not starting with a digit, and
/// not `_` alone. What heck leaves of a name with no letters (an emoji)
/// is not one, and the model reports it as an `InvalidName`.
pub fn is_ident(name: &str) -> bool {
    let bare = name.strip_prefix("r#").unwrap_or(name);
    syn::parse_str::<syn::Ident>(bare).is_ok()
        || (!NOT_RAW.contains(&bare) && syn::parse_str::<syn::Ident>(&format!("r#{bare}")).is_ok())
}

/// The methods emission writes beside an operation's own (`create`): the one
/// taking the parameters when the plain method takes none, and the auto-paging walk.
pub const WITH_SUFFIX: &str = "_with";
pub const AUTO_PAGING_SUFFIX: &str = "_auto_paging";
/// The suffix of the function that builds an operation's request (requests are data:
/// the method, the auto-paging walk and the conformance exerciser all use it).
pub const REQUEST_SUFFIX: &str = "_request";
/// Methods every group's accessor struct has besides its operations'.
pub const GROUP_METHODS: &[&str] = &["with_options"];
/// The modules of the generated crate's root besides the groups' (the type
/// folders, `ir::ModuleFolder`, among them): no group may be named so.
pub const ROOT_MODULES: &[&str] = &["api", "form", "params", "resources", "runtime", "webhooks"];
/// The one method of a request struct's builder besides its setters and clearers.
pub const BUILDER_CONSTRUCTOR: &str = "new";

/// `name` without a raw prefix (`r#type` → `type`), to build other names from.
pub fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// `create` → `create_with`.
pub fn with_method(method: &str) -> String {
    format!("{}{WITH_SUFFIX}", bare(method))
}

/// `create` → `create_request`.
pub fn request_function(method: &str) -> String {
    format!("{}{REQUEST_SUFFIX}", bare(method))
}

/// `list` → `list_auto_paging`.
pub fn auto_paging_method(method: &str) -> String {
    format!("{}{AUTO_PAGING_SUFFIX}", bare(method))
}

/// The builder method that clears field `field` (`r#type` → `clear_type`).
pub fn clear_method(field: &str) -> String {
    format!("clear_{}", bare(field))
}

/// Whether `name` can be a module and file name: plain ASCII snake_case, not
/// a keyword, usable as `mod name;` and as a file stem.
pub fn is_module_ident(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && syn::parse_str::<syn::Ident>(name).is_ok()
}

/// A module (and file) name for a component schema: its snake_case name
/// without the raw prefix, each character other than ASCII letters, digits
/// and `_` spelled as its code point (`café` → `caf_ue9`), since `mod`
/// declarations that load files must be ASCII.
pub fn module_ident(component: &str) -> String {
    let snake = snake_ident(&component.replace('.', "_"));
    let mut out = String::with_capacity(snake.len());
    for c in snake.trim_start_matches("r#").chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else {
            out.push_str(&format!("_u{:x}", c as u32));
        }
    }
    out
}

/// Plural group name → singular (`tokens` → `token`, `tax_rates` →
/// `tax_rate`, `entities` → `entity`). Used only to build type names.
pub fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if word.ends_with("sses") || word.ends_with("xes") || word.ends_with("ches") {
        word[..word.len() - 2].to_owned()
    } else if word.ends_with("ss") || word.ends_with("us") {
        word.to_owned()
    } else if let Some(stem) = word.strip_suffix('s') {
        stem.to_owned()
    } else {
        word.to_owned()
    }
}

fn escape(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Names claimed in one namespace (types of a crate, fields of a struct,
/// variants of an enum), each with the source that claimed it.
#[derive(Debug, Default)]
pub struct NameScope {
    claimed: BTreeMap<String, String>,
}

impl NameScope {
    pub fn new() -> Self {
        Self::default()
    }

    /// Claim `name` for `source`; a second source wanting it is an error that
    /// names both.
    pub fn claim(&mut self, name: &str, source: &str) -> Result<()> {
        self.try_claim(name, source)
            .map_err(|clash| Error::NameCollision {
                clashes: vec![clash],
            })
    }

    /// [`claim`](Self::claim), returning the clash itself so that a caller
    /// can gather every clash before failing.
    pub fn try_claim(&mut self, name: &str, source: &str) -> Result<(), NameClash> {
        match self.claimed.get(name) {
            Some(first) if first != source => Err(NameClash {
                name: name.to_owned(),
                first: first.clone(),
                second: source.to_owned(),
            }),
            _ => {
                self.claimed.insert(name.to_owned(), source.to_owned());
                Ok(())
            }
        }
    }

    /// Whether `name` is free (or already held by `source`).
    pub fn is_free(&self, name: &str, source: &str) -> bool {
        self.claimed.get(name).map_or(true, |first| first == source)
    }

    /// The source holding `name`, if any.
    pub fn holder(&self, name: &str) -> Option<&str> {
        self.claimed.get(name).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_named_as_the_fallback_is_suffixed() {
        let names = enum_value_idents(&["unrecognized", "other"]).unwrap();
        assert_eq!(names, ["UnrecognizedValue", "Other"]);
        // The suffixed name is held by another value: suffixed again.
        let names = enum_value_idents(&["unrecognized_value", "unrecognized"]).unwrap();
        assert_eq!(names, ["UnrecognizedValue", "UnrecognizedValueValue"]);
        assert_eq!(enum_value_idents(&["a", "~"]), Err("~"));
    }

    #[test]
    fn a_union_variant_named_as_the_fallback_is_suffixed() {
        let mut names = vec!["Unknown".to_owned(), "Card".to_owned()];
        unreserved(&mut names, UNION_FALLBACK, UNION_RESERVED_SUFFIX);
        assert_eq!(names, ["UnknownVariant", "Card"]);
    }

    #[test]
    fn fields_are_snake_case_and_keywords_escaped() {
        assert_eq!(snake_ident("exp_month"), "exp_month");
        assert_eq!(snake_ident("type"), "r#type");
        assert_eq!(snake_ident("self"), "self_");
        assert_eq!(snake_ident("ssn_last_4"), "ssn_last_4");
        assert_eq!(snake_ident("3d_secure"), "_3d_secure");
        assert_eq!(snake_ident("billingDetails"), "billing_details");
    }

    #[test]
    fn types_join_parts_in_upper_camel_case() {
        assert_eq!(
            camel_ident(&["create_token", "person", "address"]),
            "CreateTokenPersonAddress"
        );
        assert_eq!(camel_ident(&["issuing.card"]), "IssuingCard");
        assert_eq!(camel_ident(&["self"]), "Self_");
        assert_eq!(camel_ident(&["3d_secure"]), "V3dSecure");
    }

    #[test]
    fn enum_values_become_variants() {
        assert_eq!(
            variant_ident("government_entity").as_deref(),
            Some("GovernmentEntity")
        );
        assert_eq!(variant_ident("").as_deref(), Some("Empty"));
        assert_eq!(variant_ident("-"), None);
        assert_eq!(
            spelled_variant_ident("Etc/GMT+0").as_deref(),
            Some("EtcSlashGmtPlus0")
        );
        assert_eq!(
            spelled_variant_ident("Etc/GMT-0").as_deref(),
            Some("EtcSlashGmtMinus0")
        );
    }

    #[test]
    fn identifiers_of_any_script_but_not_of_symbols() {
        assert!(is_ident("r#type"));
        assert!(is_ident("self_"));
        assert!(is_ident("_3d_secure"));
        assert!(is_ident("café"));
        assert!(is_ident("名前"));
        assert!(!is_ident(""));
        assert!(!is_ident("_"));
        assert!(!is_ident("a½"));
        assert_eq!(snake_ident("🎉"), "");
        assert_eq!(module_ident("café"), "caf_ue9");
        assert_eq!(module_ident("issuing.card"), "issuing_card");
        assert_eq!(module_ident("type"), "type");
    }

    #[test]
    fn singulars() {
        assert_eq!(singular("tokens"), "token");
        assert_eq!(singular("tax_rates"), "tax_rate");
        assert_eq!(singular("entities"), "entity");
        assert_eq!(singular("balance"), "balance");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("status"), "status");
    }

    #[test]
    fn collisions_name_both_sources() {
        let mut scope = NameScope::new();
        scope.claim("Card", "#/components/schemas/card").unwrap();
        scope.claim("Card", "#/components/schemas/card").unwrap();
        let err = scope
            .claim("Card", "#/components/schemas/Card")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "name collision: Rust name `Card` is wanted by both #/components/schemas/card and #/components/schemas/Card"
        );
    }
}
