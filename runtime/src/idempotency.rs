//! Which requests get an `Idempotency-Key` of their own.
//!
//! A key given in the options is always sent. Without one, the runtime generates a UUID v4 for:
//!
//! * every `POST` (v1 and v2): creating and updating must not happen twice when a retry follows a
//!   lost response;
//! * a `DELETE` of API v2 (a path under `/v2/`): v2 deletes are idempotent by key too, as
//!   Stripe's SDKs send them. A v1 `DELETE` gets none, as before.
//!
//! The key is made once per call and sent on every retry of it.

use super::random;
use super::request::{is_v2, Method};

/// The `Idempotency-Key` of one call: `given` (from the options) when there is one, else a fresh
/// UUID v4 for the requests listed in the module documentation, else none.
pub(crate) fn key_for(given: Option<&String>, method: Method, path: &str) -> Option<String> {
    match (given, method) {
        (Some(key), _) => Some(key.clone()),
        (None, Method::Post) => Some(random::uuid_v4()),
        (None, Method::Delete) if is_v2(path) => Some(random::uuid_v4()),
        (None, _) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::random::is_uuid_v4;
    use super::*;

    #[test]
    fn posts_and_v2_deletes_get_a_key() {
        for (method, path) in [
            (Method::Post, "/v1/customers"),
            (Method::Post, "/v2/core/accounts"),
            (Method::Delete, "/v2/core/accounts/acct_1/persons/person_1"),
        ] {
            let key = key_for(None, method, path).unwrap();
            assert!(is_uuid_v4(&key), "{method:?} {path}: {key}");
            assert_ne!(key_for(None, method, path), Some(key), "fresh each call");
        }
        for (method, path) in [
            (Method::Delete, "/v1/customers/cus_1"),
            (Method::Get, "/v2/core/events"),
            (Method::Get, "/v1/customers"),
            (Method::Delete, "/v2"),
        ] {
            assert_eq!(key_for(None, method, path), None, "{method:?} {path}");
        }
        let given = "order-6735".to_owned();
        for method in [Method::Get, Method::Post, Method::Delete] {
            assert_eq!(
                key_for(Some(&given), method, "/v1/x").as_deref(),
                Some("order-6735")
            );
        }
    }
}
