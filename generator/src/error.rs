//! Typed generator errors. Every variant names where the problem is: a file,
//! a JSON pointer into the spec (with the YAML line when it can be found), a
//! config key, or the two sources of a name collision.

use std::path::PathBuf;

/// A place in the spec: a JSON pointer, and the 1-based YAML line when known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub pointer: String,
    pub line: Option<usize>,
}

impl Location {
    pub fn new(pointer: impl Into<String>) -> Self {
        Location {
            pointer: pointer.into(),
            line: None,
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{} (line {line})", self.pointer),
            None => f.write_str(&self.pointer),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("invalid OpenAPI document {file}{}: {message}", line.map(|l| format!(" at line {l}")).unwrap_or_default())]
    Yaml {
        file: String,
        line: Option<usize>,
        message: String,
    },

    #[error("{file}: nested deeper than {limit} levels at line {line}")]
    TooDeeplyNested {
        file: String,
        line: usize,
        limit: usize,
    },

    #[error("{location}: duplicate key `{key}` (a key may appear once in a mapping)")]
    DuplicateKey { location: Location, key: String },

    #[error("{location}: {what}")]
    NotJson { location: Location, what: String },

    #[error("{file}: the OpenAPI parser failed on this document: {message}")]
    ParserPanic { file: String, message: String },

    #[error("{location}: unresolved $ref `{reference}`")]
    UnresolvedRef {
        location: Location,
        reference: String,
    },

    #[error("{location}: $ref cycle that never reaches an object, union or enum: {}", chain.join(" -> "))]
    RefCycle {
        location: Location,
        chain: Vec<String>,
    },

    #[error("{location}: schemas nested deeper than {limit} levels (counting through $refs)")]
    SchemaTooDeep { location: Location, limit: usize },

    #[error("{location}: a type nested deeper than {limit} levels without a named type between (arrays, maps, wrappers)")]
    TypeTooDeep { location: Location, limit: usize },

    #[error("{location}: `{wire}` gives no Rust identifier (it became `{rust}`)")]
    InvalidName {
        location: Location,
        wire: String,
        rust: String,
    },

    #[error("{location}: unsupported: {what}")]
    Unsupported { location: Location, what: String },

    /// Names no rule could tell apart: every clash found, sorted.
    #[error("{}", NameClash::describe(clashes))]
    NameCollision { clashes: Vec<NameClash> },

    /// Two fields of one struct with one Rust or wire name (or a field named as
    /// a member the emitter adds, `extra`).
    #[error("{location}: `{owner}` has two fields named `{name}`")]
    DuplicateField {
        location: Location,
        owner: String,
        name: String,
    },

    /// Two methods of one Rust item (a group's accessor struct, a builder) with one name.
    #[error("{location}: {owner} would have two methods named `{name}` (the other is {other})")]
    MethodClash {
        location: Location,
        owner: String,
        name: String,
        other: String,
    },

    /// A type emission cannot write as it stands (`model/kinds.rs`): a variant name
    /// taken, a tag twice, a part that cannot travel the way the type is used.
    #[error("{location}: {name}: {problem}")]
    InvalidType {
        location: Location,
        name: String,
        problem: String,
    },

    /// A type's module file or an operation group that makes no module name.
    #[error("{location}: `{name}` is not a usable module name (ASCII snake_case, not a keyword)")]
    InvalidModule { location: Location, name: String },

    #[error("{location}: path `{path}`: {problem}")]
    PathTemplate {
        location: Location,
        path: String,
        problem: String,
    },

    /// An operation whose parameters or paging the generated methods cannot take.
    #[error("{location}: operation {operation}: {problem}")]
    OperationShape {
        location: Location,
        operation: String,
        problem: String,
    },

    #[error("config {file}: operation `{operation}` is not in the spec")]
    MissingOperation { file: String, operation: String },

    #[error("config {file}: {message}")]
    Config { file: String, message: String },

    #[error("emitting {file}: {message}")]
    Emit { file: String, message: String },

    /// Emission met what `model::settle` refuses: a hand-made model that skipped it.
    #[error("emitting {file}: the model is not settled (`model::settle`): {message}")]
    Unsettled { file: String, message: String },

    /// The generator's own output did not parse: a bug in the generator.
    #[error("emitting {file}: generated code does not parse: {message}")]
    GeneratedCode { file: String, message: String },

    #[error("emitting {file}: `{name}` is not a valid Rust identifier")]
    InvalidIdent { file: String, name: String },

    #[error("crate name `{name}` does not make a Rust identifier")]
    CrateName { name: String },

    /// A usage example of the config that does not fit the operation's parameters.
    #[error("config example `{example}` of {operation} at {at}: {message}")]
    Example {
        /// `METHOD /path`.
        operation: String,
        example: String,
        /// JSON pointer into the example's parameters.
        at: String,
        message: String,
    },

    #[error("an emitter thread panicked")]
    EmitterPanic,
}

/// One Rust name wanted by two sources (JSON pointers, or a description of
/// what else claims it).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct NameClash {
    pub name: String,
    pub first: String,
    pub second: String,
}

impl std::fmt::Display for NameClash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Rust name `{}` is wanted by both {} and {}",
            self.name, self.first, self.second
        )
    }
}

impl NameClash {
    /// One clash on one line; several as a counted list, one per line.
    fn describe(clashes: &[NameClash]) -> String {
        match clashes {
            [one] => format!("name collision: {one}"),
            many => {
                let mut text = format!("{} name collisions:", many.len());
                for clash in many {
                    text.push_str(&format!("\n  - {clash}"));
                }
                text
            }
        }
    }
}

impl Error {
    /// The variant's name, for counting errors by kind (`cargo xtask fuzz`).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Io { .. } => "Io",
            Error::Yaml { .. } => "Yaml",
            Error::TooDeeplyNested { .. } => "TooDeeplyNested",
            Error::DuplicateKey { .. } => "DuplicateKey",
            Error::NotJson { .. } => "NotJson",
            Error::ParserPanic { .. } => "ParserPanic",
            Error::UnresolvedRef { .. } => "UnresolvedRef",
            Error::RefCycle { .. } => "RefCycle",
            Error::SchemaTooDeep { .. } => "SchemaTooDeep",
            Error::TypeTooDeep { .. } => "TypeTooDeep",
            Error::InvalidName { .. } => "InvalidName",
            Error::Unsupported { .. } => "Unsupported",
            Error::NameCollision { .. } => "NameCollision",
            Error::DuplicateField { .. } => "DuplicateField",
            Error::MethodClash { .. } => "MethodClash",
            Error::InvalidType { .. } => "InvalidType",
            Error::InvalidModule { .. } => "InvalidModule",
            Error::PathTemplate { .. } => "PathTemplate",
            Error::OperationShape { .. } => "OperationShape",
            Error::MissingOperation { .. } => "MissingOperation",
            Error::Config { .. } => "Config",
            Error::Emit { .. } => "Emit",
            Error::Unsettled { .. } => "Unsettled",
            Error::GeneratedCode { .. } => "GeneratedCode",
            Error::InvalidIdent { .. } => "InvalidIdent",
            Error::CrateName { .. } => "CrateName",
            Error::Example { .. } => "Example",
            Error::EmitterPanic => "EmitterPanic",
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
