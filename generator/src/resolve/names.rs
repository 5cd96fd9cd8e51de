//! Names decided from positions in the spec, before conversion: operation
//! groups and methods, and union variant names.

use openapiv3::{Schema, SchemaKind, Type};

use crate::ir::HttpMethod;
use crate::naming::{camel_ident, singular, snake_ident};

/// What the path item around an operation, and the operation's response, tell
/// its name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PathShape {
    /// A GET on the same path lists items (so a POST there creates one).
    pub collection: bool,
    /// A GET on the same path returns one object (so a POST there updates it).
    pub retrievable: bool,
    /// How the operation's JSON response is named next to the path.
    pub answers: Answers,
}

/// How the component an operation returns is named next to the last segment
/// of its path (the component's last `.`-part: `billing_portal.session` →
/// `session`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Answers {
    /// Named otherwise, or not a component.
    #[default]
    Other,
    /// Exactly the last segment (`cash_balance` for `.../cash_balance`).
    LastSegment,
    /// The singular of a plural last segment (`session` for `.../sessions`).
    SingularOfLastSegment,
}

impl Answers {
    /// How `component` (a schema name) relates to the last static segment of `path`.
    pub fn of(component: &str, path: &str) -> Answers {
        let Some(last) = path.rsplit('/').find(|s| !s.is_empty()) else {
            return Answers::Other;
        };
        if last.starts_with('{') {
            return Answers::Other;
        }
        let name = component.rsplit('.').next().unwrap_or(component);
        if name == last {
            Answers::LastSegment
        } else if singular(last) != last && name == singular(last) {
            Answers::SingularOfLastSegment
        } else {
            Answers::Other
        }
    }
}

/// What an operation is called in Rust.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpNames {
    /// Accessor on the client (`tokens`).
    pub group: String,
    /// Accessor struct (`Tokens`).
    pub group_type: String,
    /// Method on the accessor (`create`).
    pub method: String,
    /// Base name of the operation's own types (`CreateToken`).
    pub type_base: String,
}

/// Derive names from the path shape, the way Stripe's SDKs name methods:
/// `POST /v1/tokens` → `tokens().create`, `GET /v1/tokens/{token}` →
/// `tokens().retrieve`, `GET /v1/customers` (a list) → `customers().list`,
/// `POST /v1/payment_intents/{intent}/confirm` → `payment_intents().confirm`,
/// `GET /v1/customers/{customer}/tax_ids/{id}` → `customers().retrieve_tax_id`.
/// `POST /v1/billing_portal/sessions`, answered with a
/// `billing_portal.session`, → `billing_portal().create_session`; a POST to a
/// path that also has a GET of one object, answered with that object
/// (`/v1/customers/{customer}/cash_balance`) → `update_cash_balance`.
pub fn op_names(method: HttpMethod, path: &str, returns_list: bool, here: PathShape) -> OpNames {
    let segments = path_segments(path);
    let is_param = |s: &str| s.starts_with('{');
    let statics: Vec<&str> = segments.iter().copied().filter(|s| !is_param(s)).collect();
    let group_wire = statics.first().copied().unwrap_or("api");
    let last_is_param = segments.last().is_some_and(|s| is_param(s));
    let tail: Vec<&str> = statics.iter().skip(1).copied().collect();
    // A segment followed by a parameter names one item of it, so it is
    // made singular (`/subscriptions/{id}/discount` → `subscription_discount`);
    // the last segment and the others are kept as written.
    let tail_name = segments
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, s)| !is_param(s))
        .map(|(i, s)| match segments.get(i + 1) {
            Some(next) if is_param(next) => singular(s),
            _ => (*s).to_owned(),
        })
        .collect::<Vec<_>>()
        .join("_");

    let method_name = if last_is_param {
        let verb = match method {
            HttpMethod::Get => "retrieve",
            HttpMethod::Post => "update",
            HttpMethod::Delete => "delete",
        };
        match tail.last() {
            None => verb.to_owned(),
            Some(_) => {
                let sub = tail
                    .iter()
                    .map(|s| singular(s))
                    .collect::<Vec<_>>()
                    .join("_");
                format!("{verb}_{sub}")
            }
        }
    } else if tail.is_empty() {
        match method {
            HttpMethod::Get if returns_list => "list".to_owned(),
            HttpMethod::Get => "retrieve".to_owned(),
            HttpMethod::Post => "create".to_owned(),
            HttpMethod::Delete => "delete".to_owned(),
        }
    } else {
        // A sub-collection or an action after the resource.
        match method {
            HttpMethod::Get if returns_list && tail.len() == 1 && tail[0] == "search" => {
                "search".to_owned()
            }
            HttpMethod::Get if returns_list => format!("list_{tail_name}"),
            HttpMethod::Get => format!("retrieve_{tail_name}"),
            HttpMethod::Post if segments.last().is_some_and(|s| *s == group_wire) => {
                "create".to_owned()
            }
            // POST to what the response is (a `.../cash_balance` a GET also
            // retrieves): update it.
            HttpMethod::Post if here.answers == Answers::LastSegment && here.retrievable => {
                format!("update_{tail_name}")
            }
            // POST to a path whose GET returns one object, answered with
            // something else than a list (`.../financial_accounts/{id}/features`):
            // it updates that object too.
            HttpMethod::Post if here.retrievable && !here.collection && !returns_list => {
                format!("update_{tail_name}")
            }
            // POST to a sub-collection (one a GET lists, or one named after
            // the object the POST returns): create one of it.
            HttpMethod::Post
                if here.collection || here.answers == Answers::SingularOfLastSegment =>
            {
                let sub = tail
                    .iter()
                    .map(|s| singular(s))
                    .collect::<Vec<_>>()
                    .join("_");
                format!("create_{sub}")
            }
            // An action on a sub-resource: `.../bank_accounts/{id}/verify` →
            // `verify_bank_account`.
            HttpMethod::Post if tail.len() > 1 => {
                let (rest, action) = tail.split_at(tail.len() - 1);
                let action = action.join("_");
                let sub = rest
                    .iter()
                    .map(|s| singular(s))
                    .collect::<Vec<_>>()
                    .join("_");
                format!("{action}_{sub}")
            }
            // What the POST returns is named like the last segment, but
            // nothing here retrieves it (`funding_instructions`): create it.
            HttpMethod::Post if here.answers == Answers::LastSegment => {
                format!("create_{tail_name}")
            }
            HttpMethod::Post => tail_name.clone(),
            HttpMethod::Delete => format!("delete_{tail_name}"),
        }
    };
    let method_snake = snake_ident(&method_name);
    OpNames {
        group: snake_ident(group_wire),
        group_type: camel_ident(&[group_wire]),
        type_base: camel_ident(&[method_name.as_str(), singular(group_wire).as_str()]),
        method: method_snake,
    }
}

/// The segments of a path after its version prefix (`/v1/tokens/{token}` →
/// `tokens`, `{token}`).
fn path_segments(path: &str) -> Vec<&str> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .skip_while(|s| is_version(s))
        .collect()
}

/// The names to try, in order, for an operation whose derived names are
/// already held by the operation at `holder` (a path sorting before `path`):
/// it is qualified by its distinguishing path segment, the first one where
/// the two paths differ.
///
/// * When that is the group's segment (`/v1/accounts` beside `/v1/account`),
///   the types are named by the segment as written, not made singular:
///   `CreateAccounts` beside `CreateAccount`; the methods already live in
///   different groups.
/// * Otherwise the method gains the segment (braces dropped):
///   `/v1/things/{thing}/items` beside `/v1/things/items` →
///   `list_items_thing`, types `ListItemsThingThing`.
/// * Last, the HTTP method and every segment: `get_things_thing_items`.
pub fn qualified_op_names(
    method: HttpMethod,
    path: &str,
    holder: &str,
    names: &OpNames,
) -> Vec<OpNames> {
    let ours = path_segments(path);
    let theirs = path_segments(holder);
    let group_wire = ours
        .iter()
        .copied()
        .find(|s| !s.starts_with('{'))
        .unwrap_or("api");
    let bare = |s: &str| s.trim_matches(|c| c == '{' || c == '}').to_owned();
    let mut out = Vec::new();
    let differs = ours
        .iter()
        .zip(theirs.iter().chain(std::iter::repeat(&"")))
        .position(|(a, b)| a != b);
    let method_stem = names.method.trim_start_matches("r#");
    match differs {
        Some(0) => out.push(OpNames {
            type_base: camel_ident(&[method_stem, group_wire]),
            ..names.clone()
        }),
        Some(i) => {
            let method = snake_ident(&format!("{method_stem}_{}", bare(ours[i])));
            out.push(OpNames {
                type_base: camel_ident(&[method.as_str(), singular(group_wire).as_str()]),
                method,
                ..names.clone()
            });
        }
        None => {}
    }
    let mut words = vec![method.as_str().to_ascii_lowercase()];
    words.extend(ours.iter().map(|s| bare(s)));
    let method = snake_ident(&words.join("_"));
    out.push(OpNames {
        type_base: camel_ident(&[method.as_str()]),
        method,
        ..names.clone()
    });
    out
}

fn is_version(segment: &str) -> bool {
    segment.len() >= 2
        && segment.starts_with('v')
        && segment[1..].chars().all(|c| c.is_ascii_digit())
}

/// The Rust name of one alternative of an untagged union, from its shape:
/// its title when it has one, else its JSON kind. In a two-way choice
/// between an object and a plain string, Stripe's string is an id, and the
/// object holds the details: those are named `Id` and `Details`.
pub fn variant_name(
    schema: Option<&Schema>,
    ref_name: Option<&str>,
    id_or_details: bool,
) -> String {
    if let Some(name) = ref_name {
        return camel_ident(&[name]);
    }
    let Some(schema) = schema else {
        return "Value".to_owned();
    };
    let kind = match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) if id_or_details => return "Id".to_owned(),
        SchemaKind::Type(Type::Object(_)) if id_or_details => return "Details".to_owned(),
        SchemaKind::Type(Type::String(_)) => "String",
        SchemaKind::Type(Type::Integer(_)) => "Integer",
        SchemaKind::Type(Type::Number(_)) => "Number",
        SchemaKind::Type(Type::Boolean(_)) => "Boolean",
        SchemaKind::Type(Type::Array(_)) => "Array",
        SchemaKind::Type(Type::Object(_)) => "Object",
        _ => "Value",
    };
    match &schema.schema_data.title {
        Some(title) => camel_ident(&[title.as_str()]),
        None => kind.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(method: HttpMethod, path: &str, list: bool) -> (String, String, String) {
        let n = op_names(method, path, list, PathShape::default());
        (n.group, n.method, n.type_base)
    }

    #[test]
    fn crud_names_follow_the_path_shape() {
        let s = |a: &str, b: &str, c: &str| (a.to_owned(), b.to_owned(), c.to_owned());
        assert_eq!(
            names(HttpMethod::Post, "/v1/tokens", false),
            s("tokens", "create", "CreateToken")
        );
        assert_eq!(
            names(HttpMethod::Get, "/v1/tokens/{token}", false),
            s("tokens", "retrieve", "RetrieveToken")
        );
        assert_eq!(
            names(HttpMethod::Get, "/v1/customers", true),
            s("customers", "list", "ListCustomer")
        );
        assert_eq!(
            names(HttpMethod::Delete, "/v1/customers/{customer}", false),
            s("customers", "delete", "DeleteCustomer")
        );
        assert_eq!(
            names(HttpMethod::Get, "/v1/customers/search", true),
            s("customers", "search", "SearchCustomer")
        );
        assert_eq!(
            names(
                HttpMethod::Post,
                "/v1/payment_intents/{intent}/confirm",
                false
            ),
            s("payment_intents", "confirm", "ConfirmPaymentIntent")
        );
        assert_eq!(
            names(
                HttpMethod::Get,
                "/v1/customers/{customer}/tax_ids/{id}",
                false
            ),
            s("customers", "retrieve_tax_id", "RetrieveTaxIdCustomer")
        );
    }

    #[test]
    fn a_segment_before_a_parameter_is_singular() {
        let method = |m, path: &str, list| names(m, path, list).1;
        // The names stripe-python gives these: `SessionLineItemService.list`,
        // `SubscriptionDiscountService`-style singular owners.
        assert_eq!(
            method(
                HttpMethod::Get,
                "/v1/checkout/sessions/{session}/line_items",
                true
            ),
            "list_session_line_items"
        );
        assert_eq!(
            method(
                HttpMethod::Delete,
                "/v1/customers/{customer}/subscriptions/{sub}/discount",
                false
            ),
            "delete_subscription_discount"
        );
        // Not followed by a parameter: kept as written.
        assert_eq!(
            method(HttpMethod::Get, "/v1/apps/secrets/find", false),
            "retrieve_secrets_find"
        );
    }

    #[test]
    fn a_post_beside_a_get_of_one_object_updates_it() {
        let here = PathShape {
            retrievable: true,
            ..PathShape::default()
        };
        let path = "/v1/treasury/financial_accounts/{financial_account}/features";
        assert_eq!(
            op_names(HttpMethod::Post, path, false, here).method,
            "update_financial_account_features"
        );
        assert_eq!(
            op_names(HttpMethod::Get, path, false, here).method,
            "retrieve_financial_account_features"
        );
        // Without that GET it stays an action on the resource.
        assert_eq!(
            op_names(HttpMethod::Post, path, false, PathShape::default()).method,
            "features_financial_account"
        );
    }

    #[test]
    fn a_post_is_named_by_what_it_returns() {
        let named = |path: &str, component: &str, retrievable: bool| {
            let here = PathShape {
                collection: false,
                retrievable,
                answers: Answers::of(component, path),
            };
            op_names(HttpMethod::Post, path, false, here).method
        };
        assert_eq!(
            named(
                "/v1/billing_portal/sessions",
                "billing_portal.session",
                false
            ),
            "create_session"
        );
        assert_eq!(
            named(
                "/v1/test_helpers/issuing/authorizations",
                "issuing.authorization",
                false
            ),
            "create_issuing_authorization"
        );
        assert_eq!(
            named(
                "/v1/customers/{customer}/cash_balance",
                "cash_balance",
                true
            ),
            "update_cash_balance"
        );
        assert_eq!(
            named(
                "/v1/customers/{customer}/funding_instructions",
                "funding_instructions",
                false
            ),
            "create_funding_instructions"
        );
        // An action answered with the resource it acts on keeps the action's name.
        assert_eq!(
            named("/v1/charges/{charge}/capture", "charge", false),
            "capture"
        );
        assert_eq!(Answers::of("token", "/v1/tokens/{token}"), Answers::Other);
    }

    #[test]
    fn a_clashing_operation_is_qualified_by_its_distinguishing_segment() {
        let first = |method, path| op_names(method, path, false, PathShape::default());
        let account = first(HttpMethod::Post, "/v1/account");
        let accounts = first(HttpMethod::Post, "/v1/accounts");
        assert_eq!(account.type_base, accounts.type_base);
        let tried = qualified_op_names(HttpMethod::Post, "/v1/accounts", "/v1/account", &accounts);
        assert_eq!(tried[0].type_base, "CreateAccounts");
        assert_eq!(
            (tried[0].group.as_str(), tried[0].method.as_str()),
            ("accounts", "create")
        );
        assert_eq!(tried[1].method, "post_accounts");

        let nested = op_names(
            HttpMethod::Get,
            "/v1/things/{thing}/items",
            true,
            PathShape::default(),
        );
        let tried = qualified_op_names(
            HttpMethod::Get,
            "/v1/things/{thing}/items",
            "/v1/things/items",
            &nested,
        );
        assert_eq!(tried[0].method, "list_items_thing");
        assert_eq!(tried[0].type_base, "ListItemsThingThing");
        assert_eq!(tried[1].method, "get_things_thing_items");
        assert_eq!(tried[1].type_base, "GetThingsThingItems");
    }
}
