//! The name of a merged shape (ARCHITECTURE.md, "Merged shapes"), from its
//! role or content where it has one, so that a newer spec adding a member (a
//! new operation taking the same `tax_type` enum) leaves the name alone; a
//! member's name only as the fallback:
//!
//! * members that all have one name keep it (`CustomerOrDeletedCustomer`);
//! * an operation's parameters (a query or body struct) shared by several
//!   operations are named by what they hold ([`params_name`]): `ExpandParams`,
//!   `ListParams`, `ListCreatedParams`, `SearchParams`, `ClientSecretParams`;
//!   every operation still names them under its own name, an alias;
//! * a nested shape is named by its role ([`role_name`]): the property its
//!   members sit under (`tax_type` → `TaxType`, or the words their properties
//!   end with: `address` and `registered_address` → `Address`), after the
//!   words all its members' names start with (`CreateToken` + `Address`), when
//!   that is two words or more;
//! * otherwise, or when that name is held, the shortest member name (then the
//!   smallest). A name several merged shapes want goes to the one with the
//!   most members (then the smallest id); the others fall back.

use crate::naming::camel_ident;

/// One schema merged into a shape: the name and role it had on its own.
#[derive(Clone, Copy, Debug)]
pub struct Member<'a> {
    pub name: &'a str,
    /// The last part its name was made of: the property or parameter it sits
    /// under (`tax_type`); `None` when it has none (a query struct).
    pub role: Option<&'a str>,
}

/// What a merged shape would be called: `wanted` when it is free and no
/// merged shape with more members wants it too, else `fallback` (a member's
/// own name, or derived from one).
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

/// What a merged shape holds, as far as its name goes.
#[derive(Clone, Copy, Debug)]
pub enum Content<'a> {
    /// An operation's parameters: the wire names of its fields.
    Params(&'a [&'a str]),
    /// Anything else: named by its role.
    Other,
}

/// The name of a merged shape whose members are `members`.
pub fn derive(members: &[Member<'_>], content: Content<'_>) -> Derived {
    let shortest = members
        .iter()
        .map(|m| m.name)
        .min_by_key(|n| (n.len(), *n))
        .unwrap_or_default();
    if members.iter().all(|m| m.name == shortest) {
        return Derived {
            wanted: None,
            fallback: shortest.to_owned(),
        };
    }
    match content {
        Content::Params(fields) => Derived {
            wanted: params_name(fields),
            fallback: format!("{shortest}{PARAMS}"),
        },
        Content::Other => Derived {
            wanted: role_name(members),
            fallback: shortest.to_owned(),
        },
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

/// The role of a nested shape: the words all its members' roles end with,
/// after the words all its members' names start with (as many as fit before
/// the role in the shortest name), when the role is not empty and the whole is
/// two words or more.
pub fn role_name(members: &[Member<'_>]) -> Option<String> {
    let roles: Vec<String> = members
        .iter()
        .map(|m| m.role.map(|r| camel_ident(&[r])))
        .collect::<Option<_>>()?;
    let roles: Vec<Vec<&str>> = roles.iter().map(|r| words(r)).collect();
    let role = common_suffix(&roles);
    if role.is_empty() {
        return None;
    }
    let names: Vec<Vec<&str>> = members.iter().map(|m| words(m.name)).collect();
    let room = names.iter().map(Vec::len).min()?.saturating_sub(role.len());
    let mut prefix = common_prefix(&names);
    prefix.truncate(room);
    if prefix.len() + role.len() < 2 {
        return None;
    }
    Some(prefix.concat() + &role.concat())
}

/// UpperCamelCase words: `CreateTokenPersonAddress` → `Create`, `Token`, ….
fn words(name: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            out.push(&name[start..i]);
            start = i;
        }
    }
    out.push(&name[start..]);
    out
}

/// The words every list starts with.
fn common_prefix<'a>(lists: &[Vec<&'a str>]) -> Vec<&'a str> {
    let Some(first) = lists.first() else {
        return Vec::new();
    };
    let len = (0..first.len())
        .take_while(|&i| lists.iter().all(|w| w.get(i) == Some(&first[i])))
        .count();
    first[..len].to_vec()
}

/// The words every list ends with.
fn common_suffix<'a>(lists: &[Vec<&'a str>]) -> Vec<&'a str> {
    let Some(first) = lists.first() else {
        return Vec::new();
    };
    let len = (0..first.len())
        .take_while(|&i| {
            let word = first[first.len() - 1 - i];
            lists
                .iter()
                .all(|w| w.len() > i && w[w.len() - 1 - i] == word)
        })
        .count();
    first[first.len() - len..].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member<'a>(name: &'a str, role: &'a str) -> Member<'a> {
        Member {
            name,
            role: Some(role),
        }
    }

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
        let members = [
            Member {
                name: "CreateCardCustomer",
                role: None,
            },
            Member {
                name: "CreateSourceCustomer",
                role: None,
            },
        ];
        let fields = ["a", "b", "c", "d"];
        assert_eq!(
            derive(&members, Content::Params(&fields)),
            Derived {
                wanted: None,
                fallback: "CreateCardCustomerParams".to_owned()
            }
        );
    }

    #[test]
    fn a_nested_shape_is_named_by_its_role() {
        // One property everywhere: its name, whoever the members are.
        let tax_type = [
            member("TaxRateTaxType", "tax_type"),
            member("CreateTaxRateTaxType", "tax_type"),
            member("TaxProductResourceTaxRateDetailsTaxType", "tax_type"),
        ];
        assert_eq!(role_name(&tax_type).as_deref(), Some("TaxType"));
        // Adding a member under the same property changes nothing.
        assert_eq!(role_name(&tax_type[..2]).as_deref(), Some("TaxType"));
        // The words the names start with come first; roles share their ends.
        let addresses = [
            member("CreateTokenAccountCompanyAddress", "address"),
            member(
                "CreateTokenAccountIndividualRegisteredAddress",
                "registered_address",
            ),
            member("CreateTokenPersonAddress", "address"),
        ];
        assert_eq!(role_name(&addresses).as_deref(), Some("CreateTokenAddress"));
        // One word is no name, nor are roles with nothing in common.
        let status = [
            member("CreateCardIssuingStatus", "status"),
            member("BillingMeterStatus", "status"),
        ];
        assert_eq!(role_name(&status), None);
        let methods = [
            member("CreatePaymentMethodConfigurationEps", "eps"),
            member("CreatePaymentMethodConfigurationAffirm", "affirm"),
        ];
        assert_eq!(role_name(&methods), None);
        assert_eq!(
            derive(&methods, Content::Other),
            Derived {
                wanted: None,
                fallback: "CreatePaymentMethodConfigurationEps".to_owned()
            }
        );
    }

    #[test]
    fn members_of_one_name_keep_it() {
        let unions = [
            member("CustomerOrDeletedCustomer", "customer"),
            member("CustomerOrDeletedCustomer", "customer"),
        ];
        assert_eq!(
            derive(&unions, Content::Other),
            Derived {
                wanted: None,
                fallback: "CustomerOrDeletedCustomer".to_owned()
            }
        );
    }
}
