//! The changes of a diff and their counts: the data `walk.rs` finds and
//! `render.rs` writes (a leaf: it uses neither).

use std::collections::BTreeMap;

use serde::Serialize;

/// What changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    OperationAdded,
    OperationRemoved,
    OperationRenamed,
    TypeRenamed,
    FieldAdded,
    FieldRemoved,
    RequiredToOptional,
    OptionalToRequired,
    NullableAdded,
    NullableRemoved,
    TypeChanged,
    EnumValueAdded,
    EnumValueRemoved,
    VariantAdded,
    VariantRemoved,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 15] = [
        ChangeKind::OperationAdded,
        ChangeKind::OperationRemoved,
        ChangeKind::OperationRenamed,
        ChangeKind::TypeRenamed,
        ChangeKind::FieldAdded,
        ChangeKind::FieldRemoved,
        ChangeKind::RequiredToOptional,
        ChangeKind::OptionalToRequired,
        ChangeKind::NullableAdded,
        ChangeKind::NullableRemoved,
        ChangeKind::TypeChanged,
        ChangeKind::EnumValueAdded,
        ChangeKind::EnumValueRemoved,
        ChangeKind::VariantAdded,
        ChangeKind::VariantRemoved,
    ];

    /// The kind in words (`field removed`).
    pub fn words(self) -> &'static str {
        match self {
            ChangeKind::OperationAdded => "operation added",
            ChangeKind::OperationRemoved => "operation removed",
            ChangeKind::OperationRenamed => "operation renamed",
            ChangeKind::TypeRenamed => "type renamed",
            ChangeKind::FieldAdded => "field added",
            ChangeKind::FieldRemoved => "field removed",
            ChangeKind::RequiredToOptional => "required -> optional",
            ChangeKind::OptionalToRequired => "optional -> required",
            ChangeKind::NullableAdded => "now nullable",
            ChangeKind::NullableRemoved => "no longer nullable",
            ChangeKind::TypeChanged => "type changed",
            ChangeKind::EnumValueAdded => "enum value added",
            ChangeKind::EnumValueRemoved => "enum value removed",
            ChangeKind::VariantAdded => "variant added",
            ChangeKind::VariantRemoved => "variant removed",
        }
    }
}

/// Which direction a changed type travels in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// An operation itself (its name, its parameters as a whole).
    Operation,
    Request,
    Response,
    Both,
}

impl Side {
    pub(super) fn union(self, other: Side) -> Side {
        if self == other {
            self
        } else {
            Side::Both
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Side::Operation => "operation",
            Side::Request => "request",
            Side::Response => "response",
            Side::Both => "both",
        }
    }
}

/// One line of the changelog. Sorted by subject, kind, then detail as read
/// (backticks aside, so `` `tax_id` `` comes before `` `tax_id_format` ``).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Where, in the older crate's Rust names: `POST /v1/tokens`, `Token`,
    /// `Token.card` (a field by its wire name), `TokenCard::Id` (a variant).
    pub subject: String,
    pub kind: ChangeKind,
    /// What, in names, types and values: `` `string` -> `integer` ``.
    pub detail: String,
    /// Whether code written against the older crate may stop compiling.
    pub breaking: bool,
    pub side: Side,
}

impl Change {
    fn sort_key(&self) -> (&str, ChangeKind, String, &str, bool, Side) {
        let bare = self.detail.replace('`', "");
        (
            &self.subject,
            self.kind,
            bare,
            &self.detail,
            self.breaking,
            self.side,
        )
    }
}

impl Ord for Change {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for Change {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Counts of a diff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub total: usize,
    pub breaking: usize,
    /// Changes per kind (kinds with none left out), in kind order.
    pub by_kind: BTreeMap<ChangeKind, KindCount>,
}

/// Changes of one kind, and how many of them break.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct KindCount {
    pub changes: usize,
    pub breaking: usize,
}

/// The changes from one model to another, sorted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// `info.version` of the older and the newer spec.
    pub from: String,
    pub to: String,
    pub changes: Vec<Change>,
    /// What each side's crate leaves out (`Model::skipped_warning`), named by
    /// version: a changelog never hides that operations are not compared.
    #[serde(skip)]
    pub warnings: Vec<String>,
}

impl Diff {
    pub fn summary(&self) -> Summary {
        let mut by_kind: BTreeMap<ChangeKind, KindCount> = BTreeMap::new();
        for change in &self.changes {
            let count = by_kind.entry(change.kind).or_default();
            count.changes += 1;
            count.breaking += usize::from(change.breaking);
        }
        Summary {
            total: self.changes.len(),
            breaking: self.changes.iter().filter(|c| c.breaking).count(),
            by_kind,
        }
    }
}
