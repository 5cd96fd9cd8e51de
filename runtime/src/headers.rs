//! The request headers: the names Stripe reads, the client's own set (built once by the
//! builder) and what a request's options add to it.

use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};

use super::error::Error;
use super::options::RequestOptions;

pub(super) const STRIPE_VERSION: HeaderName = HeaderName::from_static("stripe-version");
pub(super) const STRIPE_ACCOUNT: HeaderName = HeaderName::from_static("stripe-account");
pub(super) const STRIPE_CONTEXT: HeaderName = HeaderName::from_static("stripe-context");
pub(super) const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
pub(super) const CLIENT_USER_AGENT: HeaderName =
    HeaderName::from_static("x-stripe-client-user-agent");
pub(super) const SHOULD_RETRY: HeaderName = HeaderName::from_static("stripe-should-retry");
pub(super) const JSON: HeaderValue = HeaderValue::from_static("application/json");

/// The headers of every attempt of one request: the client's own (`base`, built once) with the
/// request's options and body type added.
pub(super) fn request_headers(
    base: &HeaderMap,
    options: &RequestOptions,
    content_type: Option<&str>,
    accept: Option<&str>,
    idempotency_key: Option<&str>,
) -> Result<HeaderMap, Error> {
    let mut headers = base.clone();
    if let Some(key) = &options.api_key {
        headers.insert(header::AUTHORIZATION, bearer(key)?);
    }
    if let Some(version) = &options.stripe_version {
        headers.insert(STRIPE_VERSION, header_value("Stripe-Version", version)?);
    }
    if let Some(accept) = accept {
        headers.insert(header::ACCEPT, header_value("Accept", accept)?);
    }
    if let Some(content_type) = content_type {
        headers.insert(
            header::CONTENT_TYPE,
            header_value("Content-Type", content_type)?,
        );
    }
    if let Some(key) = idempotency_key {
        headers.insert(IDEMPOTENCY_KEY, header_value("Idempotency-Key", key)?);
    }
    if let Some(account) = &options.stripe_account {
        headers.insert(STRIPE_ACCOUNT, header_value("Stripe-Account", account)?);
    }
    if let Some(context) = &options.stripe_context {
        headers.insert(STRIPE_CONTEXT, header_value("Stripe-Context", context)?);
    }
    add_extra_headers(&mut headers, &options.headers)?;
    Ok(headers)
}

/// Headers describing the message itself, which reqwest writes: never taken from the options.
const FRAMING_HEADERS: [HeaderName; 4] = [
    header::HOST,
    header::CONTENT_LENGTH,
    header::TRANSFER_ENCODING,
    header::CONNECTION,
];

/// Adds the options' extra headers: the first of a name replaces the header already there, later
/// ones of the same name add values.
fn add_extra_headers(headers: &mut HeaderMap, extra: &[(String, String)]) -> Result<(), Error> {
    let mut seen: Vec<HeaderName> = Vec::with_capacity(extra.len());
    for (name, value) in extra {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::Config(format!("invalid header name {name:?}")))?;
        if FRAMING_HEADERS.contains(&name) {
            return Err(Error::Config(format!(
                "the {name} header is written by the transport and cannot be set per request"
            )));
        }
        // The value may be a secret: the error names only the header.
        let value = HeaderValue::from_str(value)
            .map_err(|_| Error::Config(format!("invalid value for the {name} header")))?;
        if seen.contains(&name) {
            headers.append(name, value);
        } else {
            headers.insert(name.clone(), value);
            seen.push(name);
        }
    }
    Ok(())
}

/// `Bearer <key>`, marked sensitive (reqwest and `http` keep it out of `Debug`).
pub(super) fn bearer(key: &str) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::from_str(&format!("Bearer {key}")).map_err(|_| {
        Error::Config("the API key contains characters not allowed in an HTTP header".to_owned())
    })?;
    value.set_sensitive(true);
    Ok(value)
}

fn header_value(name: &str, value: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(value)
        .map_err(|_| Error::Config(format!("invalid {name} header value {value:?}")))
}

/// The header value of a context, checked (no line breaks or other bytes a header cannot hold).
pub(crate) fn stripe_context(context: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(context)
        .map_err(|_| Error::Config(format!("invalid Stripe-Context header value {context:?}")))
}
