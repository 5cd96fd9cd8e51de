//! `src/webhooks.rs`: the typed entry points for incoming webhook events,
//! added to the crate's own `Webhook` (declared in `lib.rs`; the runtime's
//! never names a generated type) for the model's event envelope. The envelope, its
//! `EventType` enum and `EventObject` union are ordinary types of the type
//! space, emitted with the others.

use quote::quote;

use super::{rust_file, type_ref, GeneratedFile};
use crate::error::Result;
use crate::ir;

pub(crate) const FILE: &str = "src/webhooks.rs";

/// The file, or `None` when the model has no events.
/// Declared in `lib.rs` under the `webhooks` feature.
pub(crate) fn webhooks_file(model: &ir::Model) -> Result<Option<GeneratedFile>> {
    let Some(events) = &model.events else {
        return Ok(None);
    };
    let event = type_ref::type_tokens(
        model,
        FILE,
        &ir::TypeRef::Named(events.envelope.clone()),
        &type_ref::Root::Crate,
    )?;
    let tokens = quote! {
        //! Typed webhook events: verify the `Stripe-Signature` header, then decode the event.

        /// Checks `Stripe-Signature` headers against one or more endpoint secrets, then
        /// decodes the typed event ([`construct_event`](crate::runtime::EventVerifier::construct_event)).
        pub type WebhookVerifier = crate::runtime::EventVerifier<#event>;

        impl crate::Webhook {
            /// Verifies that `sig_header` (the request's `Stripe-Signature` header) signs
            /// `payload` (the request body, exactly as received) with the endpoint secret
            /// `secret` within the default tolerance of now, then decodes the event.
            ///
            /// # Errors
            ///
            /// [`WebhookError`](crate::WebhookError): a signature that does not match, a
            /// timestamp outside the tolerance, a malformed header, or a payload that is not
            /// an event.
            pub fn construct_event(
                payload: impl ::std::convert::AsRef<[u8]>,
                sig_header: &str,
                secret: &str,
            ) -> ::std::result::Result<#event, crate::runtime::WebhookError> {
                WebhookVerifier::new(secret).construct_event(payload, sig_header)
            }

            /// Decodes an event without verifying any signature: for tests, or for an event
            /// whose signature was checked already or that came from a trusted source.
            ///
            /// # Errors
            ///
            /// [`WebhookError::Parse`](crate::WebhookError::Parse) for a payload that is not
            /// an event.
            #[doc(alias = "construct_event_without_verification")]
            pub fn parse_event(
                payload: impl ::std::convert::AsRef<[u8]>,
            ) -> ::std::result::Result<#event, crate::runtime::WebhookError> {
                crate::runtime::Webhook::parse_event_as(payload)
            }
        }
    };
    rust_file(FILE.to_owned(), tokens).map(Some)
}
