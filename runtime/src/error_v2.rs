//! API v2 errors: what [`ApiError`] offers beyond v1's error object.
//!
//! A v2 error body is `{"error": {"code", "message", "type"?, "doc_url"?, "user_message"?, …}}`:
//! the same envelope as v1, so it is decoded by the same code into the same [`Error`](super::Error)
//! variants (by HTTP status, `idempotency_error` by type), with its [`ErrorObject`](super::ErrorObject)
//! holding `code`, `type`, `message`, `doc_url` and `user_message`, and every other member in
//! `extra`.
//!
//! **The specific error is told by its code.** An operation's spec lists specific error schemas
//! (`v2.error.*`) that pin `error.code` and may add members; they overlap with the generic one,
//! so only the code tells them apart: match on [`ApiError::code`], then read the added members
//! from `extra`, or decode the whole body into the specific type with [`ApiError::error_as`]
//! (the body is kept whole in [`ApiError::raw`]). A generated crate with API v2 operations also
//! has the open enum of every code its spec declares, `v2::resources::ErrorCode` (one variant per
//! code, `Unrecognized` for others), read from an error with its `ErrorCode::of(&ApiError)`;
//! this crate never names it.

use serde::de::DeserializeOwned;

use super::error::ApiError;

impl ApiError {
    /// API v2: the message meant for the end user, when Stripe gave one.
    pub fn user_message(&self) -> Option<&str> {
        self.error.as_ref()?.user_message.as_deref()
    }

    /// Decodes the whole error body (as received, [`ApiError::raw`]) as `T`: an operation's
    /// specific error shape, such as a generated `v2.error.*` type, or `serde_json::Value`.
    ///
    /// `None` when the body was not Stripe's error JSON.
    ///
    /// # Errors
    ///
    /// The decoding error when the body is not a `T` (the shape of another error code).
    pub fn error_as<T: DeserializeOwned>(&self) -> Option<Result<T, serde_json::Error>> {
        self.raw.as_deref().map(serde_json::from_str)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::super::Error;

    fn v2_error(status: u16, body: &serde_json::Value) -> Error {
        Error::from_response(
            status,
            Some("req_v2".to_owned()),
            body.to_string().as_bytes(),
        )
    }

    #[test]
    fn the_generic_v2_error_decodes_every_member() {
        let body = json!({"error": {
            "type": "invalid_request_error",
            "code": "invalid_value",
            "message": "Invalid value for `display_name`.",
            "user_message": "Please enter a shorter name.",
            "doc_url": "https://docs.stripe.com/error-codes/invalid-value"
        }});
        let e = v2_error(400, &body);
        let Error::InvalidRequest(api) = &e else {
            panic!("{e:?}")
        };
        assert_eq!(api.code(), Some("invalid_value"));
        assert_eq!(api.error_type(), "invalid_request_error");
        assert_eq!(api.message(), Some("Invalid value for `display_name`."));
        assert_eq!(api.user_message(), Some("Please enter a shorter name."));
        assert_eq!(
            api.doc_url(),
            Some("https://docs.stripe.com/error-codes/invalid-value")
        );
        assert_eq!(api.request_id.as_deref(), Some("req_v2"));
        assert!(api.error.as_ref().unwrap().extra.is_empty());
        // The body is kept whole, as received.
        assert_eq!(api.raw.as_deref(), Some(body.to_string().as_str()));
        assert_eq!(api.body, None);
    }

    #[test]
    fn a_v2_error_without_type_is_sorted_by_status() {
        for (status, check) in [
            (
                400,
                (|e| matches!(e, Error::InvalidRequest(_))) as fn(&Error) -> bool,
            ),
            (401, |e| matches!(e, Error::Authentication(_))),
            (404, |e| matches!(e, Error::InvalidRequest(_))),
            (409, |e| matches!(e, Error::InvalidRequest(_))),
            (429, |e| matches!(e, Error::RateLimit(_))),
            (500, |e| matches!(e, Error::Api(_))),
        ] {
            let e = v2_error(
                status,
                &json!({"error": {"code": "some_code", "message": "m"}}),
            );
            assert!(check(&e), "{status}: {e:?}");
            let api = e.api_error().unwrap();
            assert_eq!(api.error_type(), "");
            assert_eq!(api.code(), Some("some_code"));
            assert_eq!(api.user_message(), None);
        }
        let e = v2_error(
            400,
            &json!({"error": {"type": "idempotency_error", "code": "idempotency_key_in_use", "message": "m"}}),
        );
        assert!(matches!(e, Error::Idempotency(_)), "{e:?}");
    }

    /// A specific error shape, as a generated `v2.error.*` type would be.
    #[derive(Deserialize, Debug, PartialEq)]
    struct AlreadyExists {
        error: AlreadyExistsError,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct AlreadyExistsError {
        code: String,
        message: String,
        existing_id: String,
    }

    #[test]
    fn a_specific_error_is_told_by_its_code_and_decodes_from_the_raw_body() {
        let e = v2_error(
            409,
            &json!({"error": {
                "type": "invalid_request_error",
                "code": "already_exists",
                "message": "An object with this id exists.",
                "existing_id": "acct_1"
            }}),
        );
        let api = e.api_error().unwrap();
        assert_eq!(api.code(), Some("already_exists"));
        // The added member, raw.
        assert_eq!(api.error.as_ref().unwrap().extra["existing_id"], "acct_1");
        // The whole body, typed.
        let specific: AlreadyExists = api.error_as().unwrap().unwrap();
        assert_eq!(specific.error.existing_id, "acct_1");
        assert_eq!(specific.error.code, "already_exists");
        assert_eq!(specific.error.message, "An object with this id exists.");
        let value: serde_json::Value = api.error_as().unwrap().unwrap();
        assert_eq!(value["error"]["existing_id"], "acct_1");
        // Another code's shape does not fit.
        let other = v2_error(400, &json!({"error": {"code": "x", "message": "m"}}));
        assert!(other
            .api_error()
            .unwrap()
            .error_as::<AlreadyExists>()
            .unwrap()
            .is_err());
        // A body that is no error JSON has nothing to decode.
        let page = Error::from_response(502, None, b"<html>bad gateway</html>");
        assert!(page
            .api_error()
            .unwrap()
            .error_as::<AlreadyExists>()
            .is_none());
        assert_eq!(page.api_error().unwrap().raw, None);
    }
}
