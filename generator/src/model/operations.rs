//! Spec operations → `ir::Operation`s, converting their parameter, body and
//! response schemas into the type space as they go.

use std::collections::BTreeMap;

use openapiv3::{
    Operation as SpecOperation, Parameter, ParameterSchemaOrContent, PathItem, QueryStyle,
    ReferenceOr, SchemaKind, StatusCode, Type,
};

use crate::config::OperationKey;
use crate::error::{Error, Result};
use crate::ir::{
    BodyMedia, Example, Field, HttpMethod, Operation, Origin, Pagination, ParamSet, ParamStyle,
    PathParam, RequestBody, ResponseDef, ResponseMedia, StructDef, TypeDef, TypeId, TypeKind,
    TypeRef, Usage, WireStyle,
};
use crate::naming::{snake_ident, NameScope};
use crate::resolve::{child, escape, op_names, Answers, Node, OpNames, PathShape};

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

impl<'a> TypeBuilder<'a> {
    /// Every operation of the spec, in (path, method) order. PUT, PATCH and the
    /// like are reported when selected, since Stripe's API has none.
    pub fn all_operations(&self) -> Result<Vec<Found<'a>>> {
        let mut found = Vec::new();
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
        }
        found.sort_by(|a, b| (a.path, a.method).cmp(&(b.path, b.method)));
        Ok(found)
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
            answers: json_component(found.op)
                .map_or(Answers::Other, |name| Answers::of(name, found.path)),
        };
        op_names(found.method, found.path, returns_list, here)
    }

    /// Convert one operation under the names settled for it.
    pub fn operation(&mut self, found: &Found<'a>, names: OpNames) -> Result<Operation> {
        let ptr = found.pointer();
        let module = format!(
            "params/{}",
            snake_ident(&names.type_base).trim_start_matches("r#")
        );
        let ctx = |name: &str, request: bool| Ctx {
            name: vec![name.to_owned()],
            module: module.clone(),
            resource: None,
            request,
            docs: None,
        };

        // Parameters: path-item level first, then the operation's own.
        let mut path_params = BTreeMap::new();
        let mut query = Vec::new();
        let params = found
            .item
            .parameters
            .iter()
            .map(|p| (child(&child("#/paths", found.path), "parameters"), p));
        let own = found
            .op
            .parameters
            .iter()
            .map(|p| (child(&ptr, "parameters"), p));
        for (i, (base, param)) in params.chain(own).enumerate() {
            let pptr = child(&base, &i.to_string());
            let ReferenceOr::Item(param) = param else {
                return Err(self.unsupported_at(&pptr, "a parameter given as a $ref"));
            };
            match param {
                Parameter::Path { parameter_data, .. } => {
                    path_params.insert(parameter_data.name.clone(), (pptr, parameter_data));
                }
                Parameter::Query {
                    parameter_data,
                    style,
                    ..
                } => {
                    let wire = match style {
                        QueryStyle::Form => ParamStyle::Form,
                        QueryStyle::DeepObject => ParamStyle::DeepObject,
                        other => {
                            return Err(self
                                .unsupported_at(&pptr, format!("query parameter style {other:?}")))
                        }
                    };
                    let style = WireStyle {
                        style: wire,
                        explode: parameter_data.explode.unwrap_or(true),
                    };
                    query.push((pptr, parameter_data, style));
                }
                Parameter::Header { parameter_data, .. }
                | Parameter::Cookie { parameter_data, .. } => {
                    return Err(self.unsupported_at(
                        &pptr,
                        format!("header or cookie parameter `{}`", parameter_data.name),
                    ));
                }
            }
        }

        let mut ordered_path = Vec::new();
        for name in template_names(found.path) {
            let Some((pptr, data)) = path_params.remove(name) else {
                return Err(self
                    .unsupported_at(&ptr, format!("path parameter `{{{name}}}` is not declared")));
            };
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(s) => self.node(
                    s.into(),
                    &child(&pptr, "schema"),
                    &ctx(&names.type_base, true),
                )?,
                ParameterSchemaOrContent::Content(_) => {
                    return Err(self.unsupported_at(&pptr, "a parameter with `content`"))
                }
            };
            if ty != TypeRef::String {
                return Err(self.unsupported_at(&pptr, "a path parameter that is not a string"));
            }
            let rust_name = snake_ident(&data.name);
            self.check_ident(&rust_name, &data.name, &pptr)?;
            ordered_path.push(PathParam {
                wire_name: data.name.clone(),
                rust_name,
                ty,
                docs: data.description.clone(),
            });
        }
        if let Some((name, (pptr, _))) = path_params.into_iter().next() {
            return Err(self.unsupported_at(
                &pptr,
                format!("path parameter `{name}` is not in the path template"),
            ));
        }

        let body = self.body(found, &ptr, &names.type_base, &module)?;
        let query = if query.is_empty() {
            None
        } else {
            let name = if body.is_some() {
                format!("{}Query", names.type_base)
            } else {
                names.type_base.clone()
            };
            let qptr = child(&ptr, "parameters");
            let mut scope = NameScope::new();
            let mut fields = Vec::new();
            let mut styles = BTreeMap::new();
            for (pptr, data, style) in query {
                let ParameterSchemaOrContent::Schema(s) = &data.format else {
                    return Err(self.unsupported_at(&pptr, "a parameter with `content`"));
                };
                let rust_name = snake_ident(&data.name);
                self.check_ident(&rust_name, &data.name, &pptr)?;
                scope.claim(&rust_name, &pptr)?;
                let mut inner = ctx(&name, true).child(&data.name);
                inner.docs = data.description.clone();
                let ty = self.node(s.into(), &child(&pptr, "schema"), &inner)?;
                styles.insert(data.name.clone(), style);
                fields.push(Field {
                    wire_name: data.name.clone(),
                    rust_name,
                    ty,
                    required: data.required,
                    nullable: false,
                    boxed: false,
                    secret: false,
                    docs: data.description.clone(),
                });
            }
            let id = TypeId(qptr);
            self.types.insert(
                id.clone(),
                TypeDef {
                    id: id.clone(),
                    name: name.clone(),
                    origin: Origin::Inline { title: None },
                    module: module.clone(),
                    resource: None,
                    usage: Usage::Request,
                    docs: Some(format!(
                        "Query parameters of `{} {}`.",
                        found.method.as_str(),
                        found.path
                    )),
                    kind: TypeKind::Struct(StructDef {
                        fields,
                        object: None,
                    }),
                    merged: Vec::new(),
                },
            );
            Some(ParamSet {
                name,
                ty: id,
                styles,
            })
        };

        let responses_ptr = child(&ptr, "responses");
        let success = found
            .op
            .responses
            .responses
            .iter()
            .filter_map(|(code, r)| match code {
                StatusCode::Code(c) if (200..300).contains(c) => Some((*c, r)),
                _ => None,
            })
            .min_by_key(|(c, _)| *c)
            .ok_or_else(|| {
                self.unsupported_at(&responses_ptr, "an operation with no 2xx response")
            })?;
        let response_module = format!(
            "resources/{}",
            snake_ident(&format!("{}_response", names.type_base))
        );
        let rctx = Ctx {
            name: vec![format!("{}Response", names.type_base)],
            module: response_module,
            resource: None,
            request: false,
            docs: Some(format!(
                "Response of `{} {}`.",
                found.method.as_str(),
                found.path
            )),
        };
        let success = self.response(
            success.1,
            Some(success.0),
            &child(&responses_ptr, &success.0.to_string()),
            &rctx,
        )?;
        let error = match &found.op.responses.default {
            Some(r) => Some(self.response(
                r,
                None,
                &child(&responses_ptr, "default"),
                &Ctx {
                    name: vec![format!("{}Error", names.type_base)],
                    ..rctx.clone()
                },
            )?),
            None => None,
        };

        let key = found.key().to_string();
        let examples = self
            .config
            .examples
            .get(&key)
            .map(|list| {
                list.iter()
                    .map(|e| Example {
                        title: e.title.clone(),
                        path: e.path.clone(),
                        params: e.params.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();

        let pagination = pagination(&success.ty, query.as_ref().map(|q| &q.ty), &self.types);
        Ok(Operation {
            operation_id: found
                .op
                .operation_id
                .clone()
                .unwrap_or_else(|| names.type_base.clone()),
            location: ptr,
            group: names.group,
            group_type: names.group_type,
            method_name: names.method,
            http_method: found.method,
            path: found.path.to_owned(),
            server: found
                .op
                .servers
                .first()
                .map(|s| s.url.trim_end_matches('/').to_owned()),
            path_params: ordered_path,
            query,
            body,
            success,
            error,
            docs: found
                .op
                .description
                .clone()
                .or_else(|| found.op.summary.clone()),
            pagination,
            examples,
        })
    }

    fn body(
        &mut self,
        found: &Found<'a>,
        ptr: &str,
        type_base: &str,
        module: &str,
    ) -> Result<Option<RequestBody>> {
        let Some(body) = &found.op.request_body else {
            return Ok(None);
        };
        let bptr = child(ptr, "requestBody");
        let ReferenceOr::Item(body) = body else {
            return Err(self.unsupported_at(&bptr, "a request body given as a $ref"));
        };
        let Some((media_name, media)) = body.content.iter().next() else {
            return Ok(None);
        };
        if body.content.len() > 1 {
            return Err(self.unsupported_at(&bptr, "a request body with several media types"));
        }
        let kind = match media_name.as_str() {
            "application/x-www-form-urlencoded" => BodyMedia::Form,
            "multipart/form-data" => BodyMedia::Multipart,
            other => {
                return Err(self.unsupported_at(&bptr, format!("request body media type `{other}`")))
            }
        };
        let mptr = child(&child(&bptr, "content"), media_name);
        let Some(schema) = &media.schema else {
            return Ok(None);
        };
        // An object with no properties is no parameter at all (Stripe gives GETs one).
        if let ReferenceOr::Item(s) = schema {
            if let SchemaKind::Type(Type::Object(o)) = &s.schema_kind {
                if o.properties.is_empty() {
                    return Ok(None);
                }
            }
        }
        let ctx = Ctx {
            name: vec![type_base.to_owned()],
            module: module.to_owned(),
            resource: None,
            request: true,
            docs: Some(format!(
                "Parameters of `{} {}`.",
                found.method.as_str(),
                found.path
            )),
        };
        let ty = self.node(Node::from(schema), &child(&mptr, "schema"), &ctx)?;
        let TypeRef::Named(ty) = ty else {
            return Err(self.unsupported_at(&mptr, "a request body that is not an object"));
        };
        let mut styles = BTreeMap::new();
        for (field, enc) in &media.encoding {
            let style = match &enc.style {
                Some(QueryStyle::DeepObject) => ParamStyle::DeepObject,
                Some(QueryStyle::Form) | None => ParamStyle::Form,
                Some(other) => {
                    return Err(self.unsupported_at(
                        &child(&child(&mptr, "encoding"), field),
                        format!("encoding style {other:?}"),
                    ))
                }
            };
            styles.insert(
                field.clone(),
                WireStyle {
                    style,
                    explode: enc.explode,
                },
            );
        }
        // The operation's own name for them: its body type's (a component's
        // name when the body is a `$ref`).
        let name = self
            .types
            .get(&ty)
            .map_or_else(|| type_base.to_owned(), |def| def.name.clone());
        Ok(Some(RequestBody {
            media: kind,
            required: body.required,
            params: ParamSet { name, ty, styles },
        }))
    }

    fn response(
        &mut self,
        response: &'a ReferenceOr<openapiv3::Response>,
        status: Option<u16>,
        rptr: &str,
        ctx: &Ctx,
    ) -> Result<ResponseDef> {
        let ReferenceOr::Item(response) = response else {
            return Err(self.unsupported_at(rptr, "a response given as a $ref"));
        };
        let cptr = child(rptr, "content");
        if let Some(media) = response.content.get("application/json") {
            let Some(schema) = &media.schema else {
                return Err(self.unsupported_at(&cptr, "a JSON response without a schema"));
            };
            let ty = self.node(
                schema.into(),
                &child(&child(&cptr, "application/json"), "schema"),
                ctx,
            )?;
            return Ok(ResponseDef {
                status,
                media: ResponseMedia::Json,
                content_type: "application/json".to_owned(),
                ty,
            });
        }
        match response.content.keys().next() {
            Some(content_type) => Ok(ResponseDef {
                status,
                media: ResponseMedia::Binary,
                content_type: content_type.clone(),
                ty: TypeRef::Binary,
            }),
            None => Err(self.unsupported_at(rptr, "a response without content")),
        }
    }

    /// A list response: an object with `data` and `has_more`.
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
            if o.properties.contains_key("data") && o.properties.contains_key("has_more"))
    }

    fn unsupported_at(&self, ptr: &str, what: impl Into<String>) -> Error {
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

/// `{name}` placeholders of a path template, in order.
fn template_names(path: &str) -> impl Iterator<Item = &str> {
    path.split('{').skip(1).filter_map(|s| s.split('}').next())
}

/// Cursor pagination for a `List` taking `starting_after`; page pagination
/// for a `SearchResult` taking `page`.
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
        _ => None,
    }
}
