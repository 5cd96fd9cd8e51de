//! `pub type` aliases: an operation whose parameter struct merging shares
//! with other operations still names its parameters under its own name
//! (`pub type RetrieveCustomer = ExpandParams;`), and every member of a
//! merged shape keeps its own name (`ir::TypeDef::aliases`:
//! `pub type CreateTokenAccountIndividualDob = CreateTokenPersonDob;`). Each
//! alias is emitted beside the type it names, so it compiles whenever that
//! type does.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, idents, type_ref};
use crate::error::Result;
use crate::ir;

/// One alias: its name, the type it names, and the operations using it
/// (none for a merged member's name: then `place` is the member's schema).
pub(crate) struct Alias<'m> {
    pub name: &'m str,
    pub target: &'m ir::TypeDef,
    /// `GET /v1/customers/{customer}` (`customers().retrieve`), in model order.
    pub users: Vec<String>,
    pub place: Option<&'m ir::TypeId>,
}

/// Every alias of the model by the module of the struct it names
/// (`params/retrieve_account`), sorted by name. A parameter set named as its
/// struct needs none. The model checked that each name names one struct
/// within its namespace (`model/crate_names.rs`; v1 is the root, `v2::core`).
pub(crate) fn of(model: &ir::Model) -> Result<BTreeMap<String, Vec<Alias<'_>>>> {
    let mut by_name: BTreeMap<(ir::Namespace, &str), Alias<'_>> = BTreeMap::new();
    for op in &model.operations {
        let sets = op.query.iter().chain(op.body.iter().map(|b| &b.params));
        for set in sets {
            let target = type_ref::lookup(model, "src/params", &set.ty)?;
            if target.name == set.name {
                continue;
            }
            let user = format!(
                "`{} {}` (`{}().{}`)",
                op.http_method.as_str(),
                op.path,
                super::namespaces::group_key(op).replace('/', "()."),
                op.method_name
            );
            let key = (op.namespace.clone(), set.name.as_str());
            let alias = by_name.entry(key).or_insert_with(|| Alias {
                name: &set.name,
                target,
                users: Vec::new(),
                place: None,
            });
            alias.users.push(user);
        }
    }
    for target in model.types.iter() {
        for alias in &target.aliases {
            let key = (ir::Namespace::of_type(&target.id), alias.name.as_str());
            by_name.insert(
                key,
                Alias {
                    name: &alias.name,
                    target,
                    users: Vec::new(),
                    place: Some(&alias.id),
                },
            );
        }
    }
    let mut by_module: BTreeMap<String, Vec<Alias<'_>>> = BTreeMap::new();
    for alias in by_name.into_values() {
        by_module
            .entry(alias.target.module.to_string())
            .or_default()
            .push(alias);
    }
    Ok(by_module)
}

/// `pub type Alias = Target;`, documented with the operations it serves.
pub(crate) fn emit(file: &str, alias: &Alias<'_>) -> Result<TokenStream> {
    let name = idents::ident(alias.name, file)?;
    let target = idents::ident(&alias.target.name, file)?;
    let doc = match alias.place {
        None => format!(
            "Parameters of {}: the same fields as `{}`, which other operations share.",
            alias.users.join(", "),
            alias.target.name
        ),
        Some(place) => format!(
            "The type of {}: the same shape as `{}`, one type under both names.",
            readable(place.as_str()),
            alias.target.name
        ),
    };
    let doc = docs::doc_attrs(Some(&doc));
    Ok(quote! {
        #doc
        pub type #name = #target;
    })
}

/// Where a schema sits, for a reader: `` `payment_intent` `` and its
/// property path for a component's (`` `payment_intent.shipping.address` ``),
/// the operation and the property path for an operation's
/// (`` `POST /v1/tokens` `person.dob` ``). Schema-structure segments
/// (`properties`, `items`, `anyOf/0`, the body's media type) are left out.
fn readable(pointer: &str) -> String {
    let unescape = |s: &str| s.replace("~1", "/").replace("~0", "~");
    let noise = |s: &str| {
        matches!(
            s,
            "properties"
                | "items"
                | "anyOf"
                | "oneOf"
                | "allOf"
                | "additionalProperties"
                | "schema"
                | "requestBody"
                | "content"
                | "parameters"
                | "responses"
        ) || s.contains('/')
            || s.chars().all(|c| c.is_ascii_digit())
    };
    let props = |segments: &[&str]| {
        segments
            .iter()
            .map(|s| unescape(s))
            .filter(|s| !noise(s))
            .collect::<Vec<_>>()
            .join(".")
    };
    if let Some(rest) = pointer.strip_prefix("#/components/schemas/") {
        let segments: Vec<&str> = rest.split('/').collect();
        let inner = props(&segments[1..]);
        let component = unescape(segments[0]);
        return if inner.is_empty() {
            format!("`{component}`")
        } else {
            format!("`{component}.{inner}`")
        };
    }
    if let Some(rest) = pointer.strip_prefix("#/paths/") {
        let segments: Vec<&str> = rest.split('/').collect();
        if segments.len() >= 2 {
            let operation = format!(
                "`{} {}`",
                segments[1].to_ascii_uppercase(),
                unescape(segments[0])
            );
            let inner = props(&segments[2..]);
            return if inner.is_empty() {
                operation
            } else {
                format!("`{inner}` in {operation}")
            };
        }
    }
    format!("`{pointer}`")
}

#[cfg(test)]
mod tests {
    use super::readable;

    #[test]
    fn places_read_as_operations_and_property_paths() {
        assert_eq!(
            readable(
                "#/paths/~1v1~1tokens/post/requestBody/content/application~1x-www-form-urlencoded\
                 /schema/properties/account/properties/individual/properties/dob/anyOf/0"
            ),
            "`account.individual.dob` in `POST /v1/tokens`"
        );
        assert_eq!(
            readable("#/components/schemas/bank_account/properties/available_payout_methods/items"),
            "`bank_account.available_payout_methods`"
        );
        assert_eq!(
            readable("#/paths/~1v1~1issuing~1cards/get/parameters/10/schema"),
            "`GET /v1/issuing/cards`"
        );
    }
}
