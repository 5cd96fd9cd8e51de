//! `src/client.rs`: the generated crate's own `Client`, wrapping the
//! runtime's. The runtime is a separate crate (or a vendored copy), so the
//! generated crate cannot add inherent methods to its types: the group
//! accessors (`client.tokens()`) are inherent methods of this `Client`
//! (written in each group's file), and the constants the runtime must not
//! read (`API_VERSION`, `DEFAULT_BASE_URL`, the package named in the user
//! agent) are passed to the runtime's builder here.

use quote::quote;

use super::{rust_file, GeneratedFile};
use crate::error::Result;

pub(crate) const FILE: &str = "src/client.rs";

/// The file: `Client`, its constructors, `Deref` to the runtime's client.
pub(crate) fn client_file() -> Result<GeneratedFile> {
    let tokens = quote! {
        //! The crate's [`Client`].

        /// A Stripe API client for this crate's API version.
        ///
        /// Cheap to clone (the configuration and the connection pool are shared), and safe to
        /// use from many tasks at once. `Debug` output never shows the API key. The operation
        /// groups are its methods (`client.tokens()`); everything else the runtime's client
        /// does (raw requests: `execute`, `get`, `post`, ...; `base_url`, `api_version`) is
        /// reached through `Deref` to [`runtime::Client`](crate::runtime::Client).
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: crate::runtime::Client,
        }

        impl Client {
            /// A client for the given secret key (`sk_…` or a restricted key `rk_…`) with the
            /// default settings: requests to [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL)
            /// with the API version this crate was generated for
            /// ([`API_VERSION`](crate::API_VERSION)), an 80 s timeout per attempt, 2 retries,
            /// responses up to 64 MiB, and telemetry on. Use [`Client::builder`] for anything
            /// else.
            ///
            /// # Panics
            ///
            /// If the TLS backend cannot be initialized, as `reqwest::Client::new` does.
            pub fn new(secret_key: impl ::std::convert::Into<::std::string::String>) -> Client {
                Client::builder(secret_key)
                    .build()
                    .expect("the default client configuration is valid")
            }

            /// A builder for a client that authenticates with `secret_key`, starting from
            /// this crate's API version and base URL.
            pub fn builder(
                secret_key: impl ::std::convert::Into<::std::string::String>,
            ) -> crate::runtime::ClientBuilder<Client> {
                Client::configured(::std::option::Option::Some(
                    ::std::convert::Into::into(secret_key),
                ))
            }

            /// A builder for a client that sends no `Authorization` header, for a gateway
            /// that adds the credentials itself. A key given per request
            /// ([`RequestOptions::api_key`](crate::RequestOptions::api_key)) is still sent.
            pub fn builder_without_key() -> crate::runtime::ClientBuilder<Client> {
                Client::configured(::std::option::Option::None)
            }

            fn configured(
                secret_key: ::std::option::Option<::std::string::String>,
            ) -> crate::runtime::ClientBuilder<Client> {
                crate::runtime::ClientBuilder::new(secret_key)
                    .api_version(crate::API_VERSION)
                    .default_base_url(crate::DEFAULT_BASE_URL)
                    .bindings(env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"))
            }

            /// The runtime's client this one wraps.
            pub fn runtime(&self) -> &crate::runtime::Client {
                &self.inner
            }
        }

        impl ::std::convert::From<crate::runtime::Client> for Client {
            fn from(inner: crate::runtime::Client) -> Client {
                Client { inner }
            }
        }

        impl ::std::ops::Deref for Client {
            type Target = crate::runtime::Client;

            fn deref(&self) -> &crate::runtime::Client {
                &self.inner
            }
        }
    };
    rust_file(FILE.to_owned(), tokens)
}
