//! The name of a parameter struct several operations share (ARCHITECTURE.md,
//! "Merged shapes"). Every other merged shape is emitted under its survivor's
//! own, path-derived name, with each other member's own name an alias
//! (`merge.rs`), so no name depends on which shapes happen to be identical.
//! Shared parameter structs are the exception: their members' own names are
//! the operations' names for their parameters (`ParamSet::name`, aliases
//! already), and the struct itself is named by what it holds
//! ([`params_name`]): `ExpandParams`, `ListParams`, `ListCreatedParams`,
//! `SearchParams`, `ClientSecretParams`. A content name depends only on the
//! struct's fields, so a newer spec adding an operation that takes the same
//! parameters leaves it alone.

use crate::naming::camel_ident;

/// What a shared parameter struct would be called: `wanted` when it is free
/// and no merged shape with more members wants it too, else `fallback` (the
/// shortest member name with `Params`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Derived {
    pub wanted: Option<String>,
    pub fallback: String,
}

/// The suffix of a shared parameter struct's name.
const PARAMS: &str = "Params";

/// Cursor parameters every list takes, and the parameters of every search.
const LIST: [&str; 3] = ["ending_before", "limit", "starting_after"];
const SEARCH: [&str; 3] = ["limit", "page", "query"];

/// The name of a parameter struct shared by operations whose own names for
/// it are `members`, holding the fields `fields` (wire names).
pub fn derive(members: &[&str], fields: &[&str]) -> Derived {
    let shortest = members
        .iter()
        .copied()
        .min_by_key(|n| (n.len(), *n))
        .unwrap_or_default();
    if members.iter().all(|m| *m == shortest) {
        return Derived {
            wanted: None,
            fallback: shortest.to_owned(),
        };
    }
    Derived {
        wanted: params_name(fields),
        fallback: format!("{shortest}{PARAMS}"),
    }
}

/// The name of a parameter struct shared by several operations, from the
/// wire names of its fields: `List` when it holds the list cursors, `Search`
/// when it holds a search's parameters, then each other field but `expand`
/// (at most three: more is no name), then `Params`. A struct of `expand`
/// alone is `ExpandParams`.
pub fn params_name(fields: &[&str]) -> Option<String> {
    let mut rest: Vec<&str> = fields.iter().copied().filter(|f| *f != "expand").collect();
    let mut family = "";
    for (name, set) in [("List", LIST), ("Search", SEARCH)] {
        if set.iter().all(|f| rest.contains(f)) {
            rest.retain(|f| !set.contains(f));
            family = name;
            break;
        }
    }
    if rest.len() > 3 {
        return None;
    }
    let mut parts: Vec<&str> = vec![family];
    if family.is_empty() && rest.is_empty() {
        parts.push("expand");
    }
    parts.extend(rest);
    parts.push(PARAMS);
    Some(camel_ident(&parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_parameters_are_named_by_what_they_hold() {
        assert_eq!(params_name(&["expand"]).as_deref(), Some("ExpandParams"));
        let list = ["ending_before", "expand", "limit", "starting_after"];
        assert_eq!(params_name(&list).as_deref(), Some("ListParams"));
        let created = [
            "created",
            "ending_before",
            "expand",
            "limit",
            "starting_after",
        ];
        assert_eq!(params_name(&created).as_deref(), Some("ListCreatedParams"));
        let search = ["expand", "limit", "page", "query"];
        assert_eq!(params_name(&search).as_deref(), Some("SearchParams"));
        let secret = ["client_secret", "expand"];
        assert_eq!(params_name(&secret).as_deref(), Some("ClientSecretParams"));
        let update = ["description", "expand", "metadata"];
        assert_eq!(
            params_name(&update).as_deref(),
            Some("DescriptionMetadataParams")
        );
        // Four fields besides the families' are no name.
        assert_eq!(params_name(&["a", "b", "c", "d", "expand"]), None);
        // Shared parameters fall back on the shortest member name, marked.
        let members = ["CreateCardCustomer", "CreateSourceCustomer"];
        let fields = ["a", "b", "c", "d"];
        assert_eq!(
            derive(&members, &fields),
            Derived {
                wanted: None,
                fallback: "CreateCardCustomerParams".to_owned()
            }
        );
    }

    #[test]
    fn members_of_one_name_keep_it() {
        assert_eq!(
            derive(&["RetrieveThing", "RetrieveThing"], &["expand"]),
            Derived {
                wanted: None,
                fallback: "RetrieveThing".to_owned()
            }
        );
    }
}
