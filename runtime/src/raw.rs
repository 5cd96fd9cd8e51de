//! Raw requests: an endpoint this crate does not generate, by method and path, with the client's
//! authentication, retries, idempotency keys, errors, telemetry and tracing.
//!
//! Parameters are any [`FormEncode`] value: a generated params struct, a `serde_json::Value`
//! object, or key/value pairs whose keys are written as Stripe's wire keys
//! (`("metadata[order_id]", "6735")`). As Stripe's SDKs do, a `GET` or `DELETE` sends them in the
//! query string, a `POST` in the form body.

use serde::de::DeserializeOwned;

use super::client::Client;
use super::error::Error;
use super::form::{to_form_string, FormEncode, FormWriter, Key};
use super::options::RequestOptions;
use super::request::{ApiRequest, Method};
use super::response::Response;

impl Client {
    /// Calls any endpoint: `method` and `path` (below the base URL, such as
    /// `/v1/customers/cus_123`, ids already in it), `params` in the query (`GET`, `DELETE`) or the
    /// form body (`POST`), the 2xx response decoded as `T` (`serde_json::Value` for raw JSON).
    ///
    /// Everything else is as for a generated operation: the client's key and version, retries
    /// (a `POST` with one idempotency key across them), errors and the request id.
    ///
    /// ```ignore
    /// let customer: Response<serde_json::Value> = client
    ///     .request(Method::Post, "/v1/customers", &[("email", "jenny@example.com")])
    ///     .await?;
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Client::execute`], and [`Error::Config`] for a path with a query string or fragment
    /// (parameters go in `params`) or with an empty, `.` or `..` segment.
    pub async fn request<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        params: &(impl FormEncode + ?Sized),
    ) -> Result<Response<T>, Error> {
        self.request_with_options(method, path, params, &RequestOptions::new())
            .await
    }

    /// [`Client::request`] with per-request options: a connected account, an idempotency key, a
    /// timeout, extra headers, ...
    ///
    /// # Errors
    ///
    /// As [`Client::request`].
    pub async fn request_with_options<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        params: &(impl FormEncode + ?Sized),
        options: &RequestOptions,
    ) -> Result<Response<T>, Error> {
        let request = raw_request(method, path, params)?;
        self.execute(request, options).await
    }
}

/// The [`ApiRequest`] of a raw request: `params` in the query of a `GET` or `DELETE`, in the form
/// body of a `POST`.
fn raw_request(
    method: Method,
    path: &str,
    params: &(impl FormEncode + ?Sized),
) -> Result<ApiRequest, Error> {
    if path.contains(['?', '#']) {
        return Err(Error::Config(format!(
            "request path {path:?} has a query or fragment: pass parameters as `params`"
        )));
    }
    let encoded = to_form_string(params);
    let request = ApiRequest::new(method, path);
    Ok(match method {
        Method::Get | Method::Delete => request.query(encoded),
        Method::Post => request.form(encoded),
    })
}

/// No parameters.
impl FormEncode for () {
    fn encode_form(&self, _: &mut FormWriter, _: &Key<'_>) {}
}

/// Key/value pairs, in order: each value under its key, the key written as given (a wire key such
/// as `metadata[order_id]` or `expand[0]`, escaped like any key, brackets kept).
impl<K: AsRef<str>, V: FormEncode> FormEncode for [(K, V)] {
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
        for (name, value) in self {
            value.encode_form(w, &key.map_key(name.as_ref()));
        }
    }
}

/// Key/value pairs, as the slice.
impl<K: AsRef<str>, V: FormEncode, const N: usize> FormEncode for [(K, V); N] {
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
        self.as_slice().encode_form(w, key);
    }
}

/// Key/value pairs, as the slice.
impl<K: AsRef<str>, V: FormEncode> FormEncode for Vec<(K, V)> {
    fn encode_form(&self, w: &mut FormWriter, key: &Key<'_>) {
        self.as_slice().encode_form(w, key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn pairs_are_written_in_order_with_wire_keys() {
        let pairs = [
            ("email", "jenny rosen@example.com"),
            ("metadata[order_id]", "6735"),
            ("expand[0]", "default_source"),
        ];
        assert_eq!(
            to_form_string(&pairs),
            "email=jenny+rosen%40example.com&metadata[order_id]=6735&expand[0]=default_source"
        );
        assert_eq!(
            to_form_string(&pairs[..1]),
            "email=jenny+rosen%40example.com"
        );
        let owned: Vec<(String, i64)> = vec![("amount".to_owned(), 2000), ("b".to_owned(), -1)];
        assert_eq!(to_form_string(&owned), "amount=2000&b=-1");
        // Values nest as any value does.
        let nested = [("expand", vec!["a", "b"])];
        assert_eq!(to_form_string(&nested), "expand[0]=a&expand[1]=b");
        let metadata = [("metadata", BTreeMap::from([("k".to_owned(), "v")]))];
        assert_eq!(to_form_string(&metadata), "metadata[k]=v");
        assert_eq!(to_form_string(&()), "");
        let none: [(&str, &str); 0] = [];
        assert_eq!(to_form_string(&none), "");
    }

    #[test]
    fn get_and_delete_params_go_in_the_query_post_params_in_the_body() {
        let params = [("limit", "3")];
        for method in [Method::Get, Method::Delete] {
            let r = raw_request(method, "/v1/customers", &params).unwrap();
            assert_eq!(r.query, "limit=3");
            assert_eq!(r.body_to_send(), None);
        }
        let r = raw_request(Method::Post, "/v1/customers", &params).unwrap();
        assert_eq!(r.query, "");
        assert_eq!(
            r.body_to_send(),
            Some((&b"limit=3"[..], "application/x-www-form-urlencoded"))
        );
        let json = serde_json::json!({"description": "a&b", "metadata": {"x": 1}});
        let r = raw_request(Method::Post, "/v1/customers/cus_1", &json).unwrap();
        assert_eq!(
            r.body_to_send().unwrap().0,
            b"description=a%26b&metadata[x]=1"
        );
        assert_eq!(r.traced_path(), "/v1/customers/cus_1");
    }

    #[test]
    fn a_query_in_the_path_is_refused() {
        for path in ["/v1/customers?limit=3", "/v1/customers#x"] {
            let e = raw_request(Method::Get, path, &()).unwrap_err();
            assert!(matches!(e, Error::Config(_)), "{e:?}");
            assert!(e.to_string().contains("params"), "{e}");
        }
    }
}
