//! Namespaces: where Stripe's API v2 lives beside v1 (ARCHITECTURE.md, "Name
//! clashes"). v1 is the crate root; v2 nests as the official SDKs nest it
//! (`client.v2().core().accounts()`, `stripe.v2.core.Account`): the path
//! segment after `/v2/` and the dotted prefix of a component (`v2.core.account`)
//! name the namespace, so v2 names never meet, and never rename, v1's.
//!
//! A namespace is decided from positions alone: an operation's path, a
//! component's name, and so any type's id (its JSON pointer).

use serde::Serialize;

use super::TypeId;
use crate::naming::module_ident;

/// The prefix of Stripe's API v2: its paths (`/v2/...`) and components (`v2.`).
pub const V2: &str = "v2";

/// Module segments of a namespace, outermost first (`["v2", "core"]`); none
/// for v1, the crate root. Each segment is a module identifier
/// (`naming::module_ident`).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Namespace(Vec<String>);

impl Namespace {
    /// The crate root: every v1 name.
    pub fn root() -> Self {
        Namespace(Vec::new())
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether this is (inside) API v2.
    pub fn is_v2(&self) -> bool {
        self.0.first().is_some_and(|s| s == V2)
    }

    /// The module segments, outermost first.
    pub fn segments(&self) -> &[String] {
        &self.0
    }

    /// The prefix of the modules of its types, with a trailing `/`
    /// (`v2/core/`), empty for the root: a type's module is this prefix and
    /// `resources/...` or `params/...`, as at the root.
    pub fn module_prefix(&self) -> String {
        self.0.iter().map(|s| format!("{s}/")).collect()
    }

    /// The namespace of an operation's path and the path without its
    /// namespace segment, which operation names are derived from:
    /// `/v2/core/accounts/{id}` → (`v2::core`, `/v2/accounts/{id}`). A v2
    /// path has a namespace segment when another segment follows it
    /// (`/v2/billing/meter_events`); `/v2/things` is in `v2` itself. Every
    /// other path is v1's (the root) and is returned as it is.
    pub fn of_path(path: &str) -> (Namespace, String) {
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [v2, space, rest @ ..]
                if *v2 == V2
                    && !space.starts_with('{')
                    && !rest.is_empty()
                    && !module_ident(space).is_empty() =>
            {
                (
                    Namespace(vec![V2.to_owned(), module_ident(space)]),
                    format!("/{V2}/{}", rest.join("/")),
                )
            }
            [v2, ..] if *v2 == V2 => (Namespace(vec![V2.to_owned()]), path.to_owned()),
            _ => (Namespace::root(), path.to_owned()),
        }
    }

    /// The namespace of a component and its name inside it:
    /// `v2.core.account` → (`v2::core`, `account`), `v2.deleted_object` →
    /// (`v2`, `deleted_object`). A component not named `v2.…` with parts that
    /// make module names (`v2..x`, `v2.x.`, `v2.😀.x` do not) is v1's, under
    /// its whole name (`billing_portal.session`).
    pub fn of_component(name: &str) -> (Namespace, &str) {
        let Some(rest) = name.strip_prefix("v2.") else {
            return (Namespace::root(), name);
        };
        let mut parts: Vec<&str> = rest.split('.').collect();
        let local = parts.pop().unwrap_or(rest);
        let modules: Vec<String> = parts.into_iter().map(module_ident).collect();
        if local.is_empty() || modules.iter().any(String::is_empty) {
            return (Namespace::root(), name);
        }
        let mut segments = vec![V2.to_owned()];
        segments.extend(modules);
        (Namespace(segments), local)
    }

    /// The namespace of a type, from its id: the component it is (or sits
    /// in), or the operation it sits in. Ids made by the model itself (the
    /// webhook event's `EventType`) are the root's.
    pub fn of_type(id: &TypeId) -> Namespace {
        let id = id.as_str();
        let first = |rest: &str| unescape(rest.split('/').next().unwrap_or(rest));
        if let Some(rest) = id.strip_prefix("#/components/schemas/") {
            Namespace::of_component(&first(rest)).0
        } else if let Some(rest) = id.strip_prefix("#/paths/") {
            Namespace::of_path(&first(rest)).0
        } else {
            Namespace::root()
        }
    }
}

impl super::TypeDef {
    /// Whether the type travels as JSON in requests too (API v2's bodies),
    /// rather than as a form (v1): its namespace decides, since shapes of two
    /// namespaces are never merged (`model/merge.rs`).
    pub fn sent_as_json(&self) -> bool {
        Namespace::of_type(&self.id).is_v2()
    }
}

/// A JSON pointer segment as written (`~1v2~1core` → `/v2/core`).
fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// The Rust path of the namespace, `v2::core`; empty for the root.
impl std::fmt::Display for Namespace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join("::"))
    }
}

impl Serialize for Namespace {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v2_paths_name_their_namespace_and_drop_it() {
        let (ns, path) = Namespace::of_path("/v2/core/accounts/{id}");
        assert_eq!(ns.to_string(), "v2::core");
        assert_eq!(path, "/v2/accounts/{id}");
        assert_eq!(ns.module_prefix(), "v2/core/");
        let (ns, path) = Namespace::of_path("/v2/things");
        assert_eq!((ns.to_string(), path.as_str()), ("v2".into(), "/v2/things"));
        let (ns, path) = Namespace::of_path("/v2/{id}/things");
        assert_eq!(
            (ns.to_string(), path.as_str()),
            ("v2".into(), "/v2/{id}/things")
        );
        // A segment that makes no module name is no namespace.
        let (ns, path) = Namespace::of_path("/v2/😀/things");
        assert_eq!(
            (ns.to_string(), path.as_str()),
            ("v2".into(), "/v2/😀/things")
        );
        let (ns, path) = Namespace::of_path("/v1/core/accounts");
        assert!(ns.is_root() && !ns.is_v2());
        assert_eq!(path, "/v1/core/accounts");
    }

    #[test]
    fn dotted_v2_components_name_their_namespace() {
        let (ns, local) = Namespace::of_component("v2.core.account");
        assert_eq!((ns.to_string(), local), ("v2::core".into(), "account"));
        let (ns, local) = Namespace::of_component("v2.deleted_object");
        assert_eq!((ns.to_string(), local), ("v2".into(), "deleted_object"));
        let (ns, local) = Namespace::of_component("billing_portal.session");
        assert_eq!((ns.is_root(), local), (true, "billing_portal.session"));
        for odd in ["v2.", "v2..x", "v2.x.", "v2"] {
            assert_eq!(Namespace::of_component(odd), (Namespace::root(), odd));
        }
        for odd in ["v2.😀.thing", "v2.x.y.", "v2.x..y"] {
            assert_eq!(Namespace::of_component(odd), (Namespace::root(), odd));
        }
        let (ns, local) = Namespace::of_component("v2.café.thing");
        assert_eq!((ns.to_string(), local), ("v2::caf_ue9".into(), "thing"));
    }

    #[test]
    fn a_types_namespace_is_read_from_its_id() {
        let of = |id: &str| Namespace::of_type(&TypeId(id.into())).to_string();
        assert_eq!(
            of("#/components/schemas/v2.core.account/properties/identity"),
            "v2::core"
        );
        assert_eq!(
            of("#/paths/~1v2~1billing~1meter_events/post/requestBody/content"),
            "v2::billing"
        );
        assert_eq!(of("#/paths/~1v1~1tokens/post/requestBody"), "");
        assert_eq!(of("#/components/schemas/token"), "");
        assert_eq!(of("#/x-event-type"), "");
    }
}
