//! Sending a request: headers, retries, and turning the response into a value or an [`Error`].

use std::time::Instant;

use bytes::Bytes;
use reqwest::header::{self, HeaderMap, HeaderName};
use serde::de::DeserializeOwned;

use super::attempt;
use super::client::Client;
use super::decode::Failure;
use super::error::Error;
use super::headers::{request_headers, SHOULD_RETRY};
use super::options::RequestOptions;
use super::random;
use super::request::ApiRequest;
use super::response::Response;
use super::retry::{parse_retry_after, parse_should_retry, Outcome, RetryPolicy};
use super::telemetry::CLIENT_TELEMETRY;
use super::trace::RequestSpan;
use super::transport::{HttpRequest, HttpResponse};

/// What came back from the last attempt: a whole response, whatever its status. Decoding reads
/// its body in place, without a copy.
type RawResponse = HttpResponse;

impl Client {
    /// Sends `request`, retrying as configured, and decodes a 2xx JSON body as `T`.
    ///
    /// Every `POST`, and every `DELETE` of API v2, carries an `Idempotency-Key` (the one in
    /// `options`, or a generated UUID v4), the same on every retry.
    ///
    /// # Errors
    ///
    /// An API error response maps to the [`Error`] variant of its kind; see [`Error`] for transport,
    /// decoding and configuration errors.
    pub async fn execute<T: DeserializeOwned>(
        &self,
        request: ApiRequest,
        options: &RequestOptions,
    ) -> Result<Response<T>, Error> {
        let (raw, idempotency_key) = self.send_with_retries(&request, options).await?;
        decode(raw, idempotency_key)
    }

    /// Sends `request` like [`Client::execute`] (same headers, retries and error handling), but
    /// returns a 2xx body as it came, for operations that return a file rather than JSON (a quote
    /// or invoice PDF). Set the `Accept` header such an operation expects with
    /// `ApiRequest::accept` (`application/json` is sent otherwise).
    ///
    /// # Errors
    ///
    /// As [`Client::execute`]: an error response (any status outside 2xx) is read as Stripe's JSON
    /// error object and mapped to the [`Error`] variant of its kind, or to [`Error::Decode`] if
    /// it is not one.
    pub async fn execute_bytes(
        &self,
        request: ApiRequest,
        options: &RequestOptions,
    ) -> Result<Response<Vec<u8>>, Error> {
        let (raw, idempotency_key) = self.send_with_retries(&request, options).await?;
        if !(200..=299).contains(&raw.status) {
            return Err(Error::from_response(
                raw.status,
                request_id(&raw.headers),
                &raw.body,
            ));
        }
        Ok(Response::new(
            raw.body.into(),
            raw.status,
            raw.headers,
            idempotency_key,
        ))
    }

    /// Sends `request`, retrying as configured; returns the last response, whatever its status,
    /// with the idempotency key it was sent with. Traced as a `stripe.request` span.
    async fn send_with_retries(
        &self,
        request: &ApiRequest,
        options: &RequestOptions,
    ) -> Result<(RawResponse, Option<String>), Error> {
        let span = RequestSpan::new(request.method.as_str(), request.traced_path());
        let started = Instant::now();
        let result = span
            .instrument(self.send_attempts(request, options, &span))
            .await;
        span.finish(
            started.elapsed(),
            result
                .as_ref()
                .map(|(raw, _)| (raw.status, attempt::request_id(&raw.headers))),
        );
        result
    }

    /// The attempts of one request, each traced as a `stripe.attempt` span below `span`.
    async fn send_attempts(
        &self,
        request: &ApiRequest,
        options: &RequestOptions,
        span: &RequestSpan,
    ) -> Result<(RawResponse, Option<String>), Error> {
        let inner = &*self.inner;
        check_path(&request.path)?;
        let base_url = base_url_for(&inner.base_url, inner.base_url_is_custom, request.server);
        let url = request_url(base_url, request);
        let body = request.body_to_send();
        let idempotency_key = super::idempotency::key_for(
            options.idempotency_key.as_ref(),
            request.method,
            &request.path,
        );
        let mut headers = request_headers(
            &inner.headers,
            options,
            body.map(|(_, content_type)| content_type),
            request.accept,
            idempotency_key.as_deref(),
        )?;
        if let Some(telemetry) = &inner.telemetry {
            // A header given in the options wins; the measurement is then kept for later.
            if !headers.contains_key(CLIENT_TELEMETRY) {
                if let Some(value) = telemetry.take_header() {
                    headers.insert(CLIENT_TELEMETRY, value);
                }
            }
        }
        let retry = RetryPolicy {
            max_retries: options
                .max_network_retries
                .unwrap_or(inner.retry.max_retries),
            ..inner.retry
        };
        let timeout = options.timeout.unwrap_or(inner.timeout);
        let limit = inner.max_response_size;

        // Copied once; every attempt shares these bytes.
        let body = body.map(|(body, _)| Bytes::copy_from_slice(body));

        let mut retries_done = 0;
        loop {
            let attempt_span = span.attempt(retries_done + 1);
            let http_request = HttpRequest {
                method: request.method,
                url: url.clone(),
                headers: headers.clone(),
                body: body.clone(),
                timeout,
                max_response_size: limit,
            };
            let attempt_started = Instant::now();
            let result = attempt_span
                .instrument(attempt::send(
                    inner.transport.as_ref(),
                    http_request,
                    timeout,
                ))
                .await;
            let elapsed = attempt_started.elapsed();
            let outcome = match &result {
                Ok(raw) => {
                    let request_id = attempt::request_id(&raw.headers);
                    attempt_span.response(raw.status, request_id, elapsed);
                    if let (Some(telemetry), Some(id)) = (&inner.telemetry, request_id) {
                        telemetry.record(id, elapsed);
                    }
                    Some(Outcome::Status {
                        status: raw.status,
                        should_retry: header_str(&raw.headers, &SHOULD_RETRY)
                            .and_then(parse_should_retry),
                    })
                }
                Err(e) => {
                    if let Some((status, request_id)) = attempt::response(e) {
                        attempt_span.response(status, request_id, elapsed);
                    }
                    attempt_span.failed(attempt::what(e), elapsed);
                    attempt::outcome(e)
                }
            };
            if let Some(outcome) = outcome.filter(|o| retry.should_retry(retries_done, o)) {
                retries_done += 1;
                let retry_after = result
                    .as_ref()
                    .ok()
                    .and_then(|raw| header_str(&raw.headers, &header::RETRY_AFTER))
                    .and_then(parse_retry_after);
                let delay = retry.delay(retries_done, random::jitter_factor(), retry_after);
                attempt_span.retry(&outcome, delay);
                if !delay.is_zero() {
                    tokio::time::sleep(delay).await;
                }
                continue;
            }
            return match result {
                Ok(raw) => Ok((raw, idempotency_key)),
                Err(e) => Err(attempt::into_error(e, limit)),
            };
        }
    }
}

/// A 2xx body decoded as `T`, kept with its raw bytes; anything else classified as an error.
fn decode<T: DeserializeOwned>(
    raw: RawResponse,
    idempotency_key: Option<String>,
) -> Result<Response<T>, Error> {
    if !(200..=299).contains(&raw.status) {
        return Err(Error::from_response(
            raw.status,
            request_id(&raw.headers),
            &raw.body,
        ));
    }
    match super::decode::from_slice::<T>(&raw.body) {
        Ok(value) => Ok(Response::with_raw(
            value,
            raw.body,
            raw.status,
            raw.headers,
            idempotency_key,
        )),
        Err(e) => Err(Failure::new(&raw.body, &e).into_error(
            raw.status,
            request_id(&raw.headers),
            &raw.body,
            "unexpected response body",
        )),
    }
}

/// The `Request-Id` response header.
fn request_id(headers: &HeaderMap) -> Option<String> {
    header_str(headers, &HeaderName::from_static("request-id")).map(str::to_owned)
}

fn header_str<'h>(headers: &'h HeaderMap, name: &HeaderName) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Rejects a path that would not reach the intended endpoint once the URL is normalized: an empty
/// segment (an empty id turns `/v1/customers/{id}` into the list endpoint) or a `.`/`..` segment.
fn check_path(path: &str) -> Result<(), Error> {
    let Some(rest) = path.strip_prefix('/') else {
        return Err(Error::Config(format!(
            "request path {path:?} does not start with '/'"
        )));
    };
    if rest
        .split('/')
        .any(|segment| matches!(segment, "" | "." | ".."))
    {
        return Err(Error::Config(format!(
            "request path {path:?} has an empty, '.' or '..' segment (is an id empty?)"
        )));
    }
    Ok(())
}

/// The base URL a request goes to: the client's, when it was set with `ClientBuilder::base_url`
/// (`base_url_is_custom`); else the operation's own server (without trailing slash) when it has
/// one; else the client's, which is then `DEFAULT_BASE_URL`.
fn base_url_for<'a>(
    base_url: &'a str,
    base_url_is_custom: bool,
    server: Option<&'a str>,
) -> &'a str {
    match server {
        Some(server) if !base_url_is_custom => server.trim_end_matches('/'),
        _ => base_url,
    }
}

/// Base URL + path, plus `?query` when there is one.
fn request_url(base_url: &str, request: &ApiRequest) -> String {
    let mut url =
        String::with_capacity(base_url.len() + request.path.len() + request.query.len() + 1);
    url.push_str(base_url);
    url.push_str(&request.path);
    if !request.query.is_empty() {
        url.push('?');
        url.push_str(&request.query);
    }
    url
}

#[cfg(test)]
mod tests {
    use super::super::headers::{IDEMPOTENCY_KEY, STRIPE_ACCOUNT, STRIPE_CONTEXT, STRIPE_VERSION};
    use super::super::Method;
    use super::*;

    #[test]
    fn paths() {
        assert!(check_path("/v1/tokens").is_ok());
        assert!(check_path("/v1/customers/cus_1/sources/card_1").is_ok());
        assert!(check_path("/v1/customers/a.b").is_ok());
        for bad in [
            "v1/tokens",
            "",
            "/",
            "/v1/customers/",
            "/v1/customers//sources",
            "/v1/customers/..",
            "/v1/./x",
        ] {
            assert!(matches!(check_path(bad), Err(Error::Config(_))), "{bad}");
        }
    }

    #[test]
    fn urls() {
        let get = ApiRequest::new(Method::Get, "/v1/charges");
        assert_eq!(request_url("http://h", &get), "http://h/v1/charges");
        let get = get.query("limit=3&expand[0]=data.customer");
        assert_eq!(
            request_url("https://gw/stripe", &get),
            "https://gw/stripe/v1/charges?limit=3&expand[0]=data.customer"
        );
    }

    #[test]
    fn headers_from_options() {
        let client = Client::builder("sk_test_1").build().unwrap();
        let inner = &*client.inner;
        let h = request_headers(&inner.headers, &RequestOptions::new(), None, None, None).unwrap();
        assert_eq!(h[header::AUTHORIZATION], "Bearer sk_test_1");
        assert!(h[header::AUTHORIZATION].is_sensitive());
        assert!(
            h.get(&STRIPE_VERSION).is_none(),
            "no version set on the builder"
        );
        assert_eq!(h[header::ACCEPT], "application/json");
        assert!(h.get(header::CONTENT_TYPE).is_none());
        assert!(h.get(&IDEMPOTENCY_KEY).is_none());
        assert!(h.get(&STRIPE_ACCOUNT).is_none());

        let options = RequestOptions::new()
            .api_key("pk_test_2")
            .stripe_version("2020-08-27")
            .stripe_account("acct_1");
        let h = request_headers(
            &inner.headers,
            &options,
            Some("application/x-www-form-urlencoded"),
            None,
            Some("k1"),
        )
        .unwrap();
        assert_eq!(h[header::AUTHORIZATION], "Bearer pk_test_2");
        assert_eq!(h[&STRIPE_VERSION], "2020-08-27");
        assert_eq!(h[header::CONTENT_TYPE], "application/x-www-form-urlencoded");
        assert_eq!(h[&IDEMPOTENCY_KEY], "k1");
        assert_eq!(h[&STRIPE_ACCOUNT], "acct_1");

        let keyless = Client::builder_without_key().build().unwrap();
        let h = request_headers(
            &keyless.inner.headers,
            &RequestOptions::new(),
            None,
            None,
            None,
        )
        .unwrap();
        assert!(h.get(header::AUTHORIZATION).is_none());

        let bad_key = RequestOptions::new().api_key("sk_test_oops\nInjected: 1");
        let e = request_headers(&inner.headers, &bad_key, None, None, None).unwrap_err();
        assert!(matches!(e, Error::Config(_)), "{e:?}");
        assert!(!e.to_string().contains("oops"), "{e}");

        let options = RequestOptions::new()
            .stripe_context("acct_1/acct_2")
            .header("X-Custom", "a")
            .header("x-custom", "b")
            .header("Stripe-Version", "2099-01-01");
        let h = request_headers(&inner.headers, &options, None, None, None).unwrap();
        assert_eq!(h[&STRIPE_CONTEXT], "acct_1/acct_2");
        let custom: Vec<_> = h.get_all("x-custom").iter().collect();
        assert_eq!(custom, ["a", "b"]);
        assert_eq!(h[&STRIPE_VERSION], "2099-01-01", "extra headers come last");
        for (name, value) in [
            ("Content-Length", "1"),
            ("host", "evil.example"),
            ("Transfer-Encoding", "chunked"),
            ("bad name", "x"),
            ("X-Ok", "secret-value\r\nInjected: 1"),
        ] {
            let options = RequestOptions::new().header(name, value);
            let e = request_headers(&inner.headers, &options, None, None, None).unwrap_err();
            assert!(matches!(e, Error::Config(_)), "{name}: {e:?}");
            assert!(!e.to_string().contains("secret-value"), "{e}");
        }

        // The client's own key is checked when the client is built, and kept out of the error.
        let e = Client::builder("sk_test_oops\r\nInjected: 1")
            .build()
            .unwrap_err();
        assert!(matches!(e, Error::Config(_)), "{e:?}");
        assert!(!e.to_string().contains("oops"), "{e}");
    }

    #[test]
    fn multipart_content_type_and_accept_headers() {
        let client = Client::builder("sk_test_1").build().unwrap();
        let h = request_headers(
            &client.inner.headers,
            &RequestOptions::new(),
            Some("multipart/form-data; boundary=----stripe-rust-0123"),
            Some("application/pdf"),
            None,
        )
        .unwrap();
        assert_eq!(
            h[header::CONTENT_TYPE],
            "multipart/form-data; boundary=----stripe-rust-0123"
        );
        assert_eq!(h[header::ACCEPT], "application/pdf");
        let e = request_headers(
            &client.inner.headers,
            &RequestOptions::new(),
            None,
            Some("application/pdf\r\nX: 1"),
            None,
        )
        .unwrap_err();
        assert!(matches!(e, Error::Config(_)), "{e:?}");
    }

    #[test]
    fn server_routing() {
        const DEFAULT: &str = super::super::client::STRIPE_API_BASE;
        const FILES: &str = "https://files.stripe.com/";
        // Default client: an operation's own server wins, the rest go to the default.
        assert_eq!(
            base_url_for(DEFAULT, false, Some(FILES)),
            "https://files.stripe.com"
        );
        assert_eq!(base_url_for(DEFAULT, false, None), DEFAULT);
        // A base URL set on the builder takes every request.
        assert_eq!(
            base_url_for("http://127.0.0.1:12111", true, Some(FILES)),
            "http://127.0.0.1:12111"
        );
        assert_eq!(
            base_url_for("http://127.0.0.1:12111", true, None),
            "http://127.0.0.1:12111"
        );

        // Through the client's configuration, without sending anything.
        let url_of = |client: &Client, request: &ApiRequest| {
            let inner = &client.inner;
            request_url(
                base_url_for(&inner.base_url, inner.base_url_is_custom, request.server),
                request,
            )
        };
        let upload = ApiRequest::new(Method::Post, "/v1/files").server(FILES);
        let token = ApiRequest::new(Method::Post, "/v1/tokens");
        let default = Client::new("sk_test");
        assert_eq!(
            url_of(&default, &upload),
            "https://files.stripe.com/v1/files"
        );
        assert_eq!(url_of(&default, &token), format!("{DEFAULT}/v1/tokens"));
        let explicit_default = Client::builder("sk_test")
            .base_url(DEFAULT)
            .build()
            .unwrap();
        assert_eq!(
            url_of(&explicit_default, &upload),
            "https://files.stripe.com/v1/files"
        );
        let gateway = Client::builder("sk_test")
            .base_url("https://gw.example/stripe/")
            .build()
            .unwrap();
        assert_eq!(
            url_of(&gateway, &upload),
            "https://gw.example/stripe/v1/files"
        );
        assert_eq!(
            url_of(&gateway, &token),
            "https://gw.example/stripe/v1/tokens"
        );
    }
}
