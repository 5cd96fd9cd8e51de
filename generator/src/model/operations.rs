//! Spec operations → `ir::Operation`s, converting their parameter, body and
//! response schemas into the type space as they go.

use std::collections::BTreeMap;

use openapiv3::{Operation as SpecOperation, PathItem, ReferenceOr, SchemaKind, StatusCode, Type};

use crate::config::OperationKey;
use crate::error::{Error, Result};
use crate::ir::{
    Example, HttpMethod, Namespace, Operation, Pagination, TypeDef, TypeId, TypeKind, TypeRef,
};
use crate::naming::{singular, snake_ident};
use crate::resolve::{child, escape, op_names, Answers, OpNames, PathShape};

use super::schema::{Ctx, TypeBuilder};

/// One operation found in the spec.
pub struct Found<'a> {
    pub method: HttpMethod,
    pub path: &'a str,
    pub item: &'a PathItem,
    pub op: &'a SpecOperation,
}

impl Found<'_> {
    pub fn key(&self) -> OperationKey {
        OperationKey {
            method: self.method.as_str().to_owned(),
            path: self.path.to_owned(),
        }
    }
    pub fn pointer(&self) -> String {
        format!(
            "#/paths/{}/{}",
            escape(self.path),
            self.method.as_str().to_ascii_lowercase()
        )
    }
}

/// Where one operation's own types go: its pointer, the base its type
/// names start from, its namespace, and its parameters' module
/// (`params/{base}`, under the namespace's folder: `v2/core/params/{base}`).
pub struct Site {
    pub ptr: String,
    pub type_base: String,
    pub namespace: Namespace,
    pub module: String,
}

impl Site {
    fn new(found: &Found<'_>, type_base: &str) -> Self {
        let namespace = Namespace::of_path(found.path).0;
        Site {
            ptr: found.pointer(),
            type_base: type_base.to_owned(),
            module: format!(
                "{}params/{}",
                namespace.module_prefix(),
                snake_ident(type_base).trim_start_matches("r#")
            ),
            namespace,
        }
    }

    /// The context of a request (or response) node named `name` in the params module.
    pub fn ctx(&self, name: &str, request: bool) -> Ctx {
        Ctx {
            name: vec![name.to_owned()],
            module: self.module.clone(),
            resource: None,
            request,
            docs: None,
        }
    }
}

impl<'a> TypeBuilder<'a> {
    /// Every operation of the spec the client can send, in (path, method)
    /// order, and the keys (`PUT /v1/account/logout`) of those whose HTTP
    /// method it does not send (PUT, PATCH, HEAD, OPTIONS, TRACE), in path
    /// order: Stripe's v1 API has used only GET, POST and DELETE since its
    /// 2020 specs dropped the two `PUT .../logout` operations, so the model
    /// leaves such operations out and lists them in `Model::skipped`.
    pub fn all_operations(&self) -> Result<(Vec<Found<'a>>, Vec<String>)> {
        let mut found = Vec::new();
        let mut unsupported = Vec::new();
        for (path, item) in self.resolver.api().paths.paths.iter() {
            let ReferenceOr::Item(item) = item else {
                return Err(Error::Unsupported {
                    location: self.resolver.spec.locate(&child("#/paths", path)),
                    what: "a path item given as a $ref".into(),
                });
            };
            for (method, op) in [
                (HttpMethod::Get, &item.get),
                (HttpMethod::Post, &item.post),
                (HttpMethod::Delete, &item.delete),
            ] {
                if let Some(op) = op {
                    found.push(Found {
                        method,
                        path,
                        item,
                        op,
                    });
                }
            }
            for (method, op) in [
                ("HEAD", &item.head),
                ("OPTIONS", &item.options),
                ("PATCH", &item.patch),
                ("PUT", &item.put),
                ("TRACE", &item.trace),
            ] {
                if op.is_some() {
                    unsupported.push(format!("{method} {path}"));
                }
            }
        }
        found.sort_by(|a, b| (a.path, a.method).cmp(&(b.path, b.method)));
        unsupported.sort_by(|a, b| {
            let split = |k: &str| k.split_once(' ').map(|(m, p)| (p.to_owned(), m.to_owned()));
            split(a).cmp(&split(b))
        });
        Ok((found, unsupported))
    }

    /// The names an operation derives from its own path and response, before
    /// clashes with other operations are settled (`model/names.rs`).
    pub fn derived_names(&self, found: &Found<'a>) -> OpNames {
        let returns_list = self.returns_list(found.op);
        let here = PathShape {
            collection: found
                .item
                .get
                .as_ref()
                .is_some_and(|get| self.returns_list(get)),
            retrievable: found
                .item
                .get
                .as_ref()
                .is_some_and(|get| !self.returns_list(get)),
            answers: json_component(found.op).map_or(Answers::Other, |name| {
                Answers::of(&v2_local_component(name, found.path), found.path)
            }),
        };
        // A v2 operation is named inside its namespace, from its path
        // without the namespace segment (`/v2/core/accounts` → `accounts().create`).
        let (_, path) = Namespace::of_path(found.path);
        op_names(found.method, &path, returns_list, here)
    }

    /// Convert one operation under the names settled for it, in the order
    /// the model describes it: parameters (path, then body, then query),
    /// the success response (the error is the runtime's), pagination, the
    /// config's examples.
    pub fn operation(&mut self, found: &Found<'a>, names: OpNames) -> Result<Operation> {
        let site = Site::new(found, &names.type_base);
        let declared = self.declared_parameters(found, &site)?;
        let path_params = self.path_params(found, &site, declared.path)?;
        let body = self.body(found, &site)?;
        let query = self.query(found, &site, declared.query, body.is_some())?;
        let success = self.success(found, &site)?;
        self.check_error(found, &site)?;
        let errors = self.error_cases(found, &site)?;
        let pagination = pagination(&success.ty, query.as_ref().map(|q| &q.ty), &self.types);
        Ok(Operation {
            operation_id: found
                .op
                .operation_id
                .clone()
                .unwrap_or_else(|| names.type_base.clone()),
            location: site.ptr,
            namespace: site.namespace,
            group: names.group,
            group_type: names.group_type,
            method_name: names.method,
            http_method: found.method,
            path: found.path.to_owned(),
            server: server(found.op),
            path_params,
            query,
            body,
            success,
            errors,
            docs: found
                .op
                .description
                .clone()
                .or_else(|| found.op.summary.clone()),
            pagination,
            examples: self.examples(found),
        })
    }

    /// The config's usage examples for this operation.
    fn examples(&self, found: &Found<'a>) -> Vec<Example> {
        self.config
            .examples
            .get(&found.key().to_string())
            .map(|list| {
                list.iter()
                    .map(|e| Example {
                        title: e.title.clone(),
                        path: e.path.clone(),
                        params: e.params.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A list response: an object with `data` and `has_more` (v1), or with
    /// `data` and `next_page_url` (an API v2 page).
    fn returns_list(&self, op: &'a SpecOperation) -> bool {
        let Some(ReferenceOr::Item(ok)) = op.responses.responses.get(&StatusCode::Code(200)) else {
            return false;
        };
        let Some(schema) = ok
            .content
            .get("application/json")
            .and_then(|m| m.schema.as_ref())
        else {
            return false;
        };
        let schema = match schema {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => match self.resolver.component(reference, "#") {
                Ok((_, s)) => s,
                Err(_) => return false,
            },
        };
        matches!(&schema.schema_kind, SchemaKind::Type(Type::Object(o))
            if o.properties.contains_key("data")
                && (o.properties.contains_key("has_more") || o.properties.contains_key("next_page_url")))
    }

    pub(super) fn unsupported_at(&self, ptr: &str, what: impl Into<String>) -> Error {
        Error::Unsupported {
            location: self.resolver.spec.locate(ptr),
            what: what.into(),
        }
    }
}

/// The component name of an operation's JSON 200 response (`billing_portal.session`),
/// when it is a `$ref` to one.
fn json_component(op: &SpecOperation) -> Option<&str> {
    let ReferenceOr::Item(ok) = op.responses.responses.get(&StatusCode::Code(200))? else {
        return None;
    };
    match ok.content.get("application/json")?.schema.as_ref()? {
        ReferenceOr::Reference { reference } => reference.strip_prefix("#/components/schemas/"),
        ReferenceOr::Item(_) => None,
    }
}

/// The name an API v2 component has next to its operation's path: v2 names
/// a sub-resource after its parent (`v2.core.account_person_token` for
/// `/v2/core/accounts/{account_id}/person_tokens`), so the parent's singular
/// and `_` are dropped (`person_token`) when the path's group is that
/// parent. Any other component is named as it is.
fn v2_local_component(component: &str, path: &str) -> String {
    let (namespace, local) = Namespace::of_component(component);
    if !namespace.is_v2() {
        return component.to_owned();
    }
    let (_, inner) = Namespace::of_path(path);
    let group = inner.split('/').filter(|s| !s.is_empty()).nth(1);
    group
        .and_then(|g| local.strip_prefix(&format!("{}_", singular(g))))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(local)
        .to_owned()
}

/// The operation's own server, without a trailing slash
/// (`https://files.stripe.com`).
fn server(op: &SpecOperation) -> Option<String> {
    op.servers
        .first()
        .map(|s| s.url.trim_end_matches('/').to_owned())
}

/// Cursor pagination for a `List` taking `starting_after`; page pagination
/// for a `SearchResult` taking `page`; an API v2 page (`V2List`) is walked by
/// its `next_page_url`, whatever the query takes.
fn pagination(
    success: &TypeRef,
    query: Option<&TypeId>,
    types: &BTreeMap<TypeId, TypeDef>,
) -> Option<Pagination> {
    let takes = |name: &str| {
        query
            .and_then(|id| types.get(id))
            .is_some_and(|def| match &def.kind {
                TypeKind::Struct(s) => s.fields.iter().any(|f| f.wire_name == name),
                _ => false,
            })
    };
    match success {
        TypeRef::List(item) if takes("starting_after") => Some(Pagination::Cursor {
            item: (**item).clone(),
        }),
        TypeRef::SearchResult(item) if takes("page") => Some(Pagination::Page {
            item: (**item).clone(),
        }),
        TypeRef::V2List(item) => Some(Pagination::NextPageUrl {
            item: (**item).clone(),
        }),
        _ => None,
    }
}
