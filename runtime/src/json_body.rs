//! JSON request bodies (API v2): [`ApiRequest::json`] and [`ApiRequest::json_of`], and
//! [`Clearable`] written as JSON.
//!
//! API v2 takes `application/json` bodies, where v1 takes forms. What a field sends follows from
//! its Rust shape, with `#[serde(skip_serializing_if = "Option::is_none")]` on optional fields:
//!
//! * `None`: the member is left out (the field keeps its value on Stripe's side);
//! * `Some(value)`: the member is sent as the value;
//! * `Some(Clearable::Clear)`: the member is sent as `null`, which clears it (v1 sends `''` for
//!   this; v2 sends `null`). `Some(Clearable::Set(value))` sends the value.
//!
//! A `POST` of API v2 (a path under `/v2/`) without a body sends `{}` as `application/json`, as
//! a v1 one sends an empty form.
//!
//! So `null` goes out only where the caller cleared something. Map values that v2 lets one clear
//! (`metadata: {"key": null}`) are `Option<String>` values of the map, written `null` when `None`.

use serde::{Serialize, Serializer};

use super::clearable::Clearable;
use super::error::Error;
use super::request::ApiRequest;

impl ApiRequest {
    /// Sets the body, already JSON; sent as `application/json` (API v2). Replaces a body set
    /// before (form, multipart or JSON).
    pub fn json(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = Some(super::request::Body::Json(body.into()));
        self
    }

    /// Sets the body to `value` written as JSON; sent as `application/json` (API v2). Replaces a
    /// body set before.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] if `value` cannot be written as JSON: a map whose keys are not strings,
    /// or a `Serialize` implementation that fails. Generated request types never do either.
    pub fn json_of<T: Serialize + ?Sized>(self, value: &T) -> Result<Self, Error> {
        let body = serde_json::to_vec(value).map_err(|e| {
            Error::Config(format!("the request body cannot be written as JSON: {e}"))
        })?;
        Ok(self.json(body))
    }
}

/// In JSON: [`Clearable::Set`] is the value, [`Clearable::Clear`] is `null` (how API v2 clears a
/// field). Wrapped in an `Option` skipped when `None`, a field is absent, set or cleared.
impl<T: Serialize> Serialize for Clearable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Clearable::Set(value) => value.serialize(serializer),
            Clearable::Clear => serializer.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::Method;
    use super::*;

    /// The shape generated v2 request bodies have.
    #[derive(Serialize, Default)]
    struct UpdateAccount {
        #[serde(skip_serializing_if = "Option::is_none")]
        display_name: Option<Clearable<String>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        contact_email: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        metadata: Option<BTreeMap<String, Option<String>>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        include: Option<Vec<String>>,
    }

    fn json(value: &UpdateAccount) -> String {
        String::from_utf8(serde_json::to_vec(value).unwrap()).unwrap()
    }

    #[test]
    fn absent_fields_are_left_out_and_null_only_where_cleared() {
        assert_eq!(json(&UpdateAccount::default()), "{}");
        let set = UpdateAccount {
            display_name: Some(Clearable::Set("Furever".to_owned())),
            contact_email: Some("a@b.example".to_owned()),
            ..Default::default()
        };
        assert_eq!(
            json(&set),
            r#"{"display_name":"Furever","contact_email":"a@b.example"}"#
        );
        let cleared = UpdateAccount {
            display_name: Some(Clearable::Clear),
            metadata: Some(BTreeMap::from([
                ("keep".to_owned(), Some("1".to_owned())),
                ("drop".to_owned(), None),
            ])),
            include: Some(vec![]),
            ..Default::default()
        };
        assert_eq!(
            json(&cleared),
            r#"{"display_name":null,"metadata":{"drop":null,"keep":"1"},"include":[]}"#
        );
    }

    #[test]
    fn a_json_body_is_sent_as_application_json() {
        let body = UpdateAccount {
            contact_email: Some("secret@example.com".to_owned()),
            ..Default::default()
        };
        let r = ApiRequest::new(Method::Post, "/v2/core/accounts/acct_1")
            .form("a=1")
            .json_of(&body)
            .unwrap();
        let expected = br#"{"contact_email":"secret@example.com"}"#;
        assert_eq!(r.body_to_send(), Some((&expected[..], "application/json")));
        let debug = format!("{r:?}");
        assert!(!debug.contains("secret@"), "{debug}");
        assert!(debug.contains("<38 bytes application/json>"), "{debug}");
        // The last body set wins, as for forms.
        let r = r.form("b=2");
        assert_eq!(
            r.body_to_send(),
            Some((&b"b=2"[..], "application/x-www-form-urlencoded"))
        );
        let r = ApiRequest::new(Method::Delete, "/v2/x").json(b"{}".to_vec());
        assert_eq!(r.body_to_send(), Some((&b"{}"[..], "application/json")));
        // A v2 POST without a body sends an empty object; v1 an empty form; a GET nothing.
        let r = ApiRequest::new(Method::Post, "/v2/core/event_destinations/ed_1/ping");
        assert_eq!(r.body_to_send(), Some((&b"{}"[..], "application/json")));
        let r = ApiRequest::new(Method::Post, "/v1/customers/cus_1");
        assert_eq!(
            r.body_to_send(),
            Some((&b""[..], "application/x-www-form-urlencoded"))
        );
        assert_eq!(ApiRequest::new(Method::Get, "/v2/x").body_to_send(), None);
    }

    #[test]
    fn a_body_that_is_no_json_is_a_config_error() {
        let bad: BTreeMap<(u8, u8), u8> = BTreeMap::from([((1, 2), 3)]);
        let e = ApiRequest::new(Method::Post, "/v2/x")
            .json_of(&bad)
            .unwrap_err();
        assert!(matches!(e, Error::Config(_)), "{e:?}");
        assert!(e.to_string().contains("JSON"), "{e}");
    }
}
