//! An operation's parameters: the declared ones sorted into path and query,
//! the path parameters in template order, the query parameters as one struct.

use std::collections::BTreeMap;

use openapiv3::{
    Parameter, ParameterData, ParameterSchemaOrContent, QueryStyle, ReferenceOr, SchemaKind, Type,
};

use crate::error::Result;
use crate::ir::{
    Field, Namespace, Origin, ParamSet, ParamStyle, PathParam, StructDef, TypeDef, TypeId,
    TypeKind, TypeRef, Usage, WireStyle,
};
use crate::naming::{snake_ident, NameScope};
use crate::resolve::child;

use super::operations::{Found, Site};
use super::schema::TypeBuilder;

/// An operation's parameters as declared, before any schema is converted.
pub struct Declared<'a> {
    /// Path parameters by name, each with its pointer.
    pub path: BTreeMap<String, (String, &'a ParameterData)>,
    /// Query parameters in declaration order, each with its pointer and wire style.
    pub query: Vec<(String, &'a ParameterData, WireStyle)>,
}

impl<'a> TypeBuilder<'a> {
    /// The path item's parameters first, then the operation's own, sorted into
    /// path and query; header, cookie and `$ref` parameters are unsupported.
    pub(super) fn declared_parameters(
        &self,
        found: &Found<'a>,
        site: &Site,
    ) -> Result<Declared<'a>> {
        let mut declared = Declared {
            path: BTreeMap::new(),
            query: Vec::new(),
        };
        let item_level = found
            .item
            .parameters
            .iter()
            .map(|p| (child(&child("#/paths", found.path), "parameters"), p));
        let own = found
            .op
            .parameters
            .iter()
            .map(|p| (child(&site.ptr, "parameters"), p));
        for (i, (base, param)) in item_level.chain(own).enumerate() {
            let pptr = child(&base, &i.to_string());
            let ReferenceOr::Item(param) = param else {
                return Err(self.unsupported_at(&pptr, "a parameter given as a $ref"));
            };
            match param {
                Parameter::Path { parameter_data, .. } => {
                    declared
                        .path
                        .insert(parameter_data.name.clone(), (pptr, parameter_data));
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
                    let style = repeated_in_v2(
                        found.path,
                        parameter_data,
                        WireStyle {
                            style: wire,
                            explode: parameter_data.explode.unwrap_or(true),
                        },
                    );
                    declared.query.push((pptr, parameter_data, style));
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
        Ok(declared)
    }

    /// The path parameters in the order the template names them: each one
    /// declared, a string, and none declared that the template lacks.
    pub(super) fn path_params(
        &mut self,
        found: &Found<'a>,
        site: &Site,
        mut declared: BTreeMap<String, (String, &'a ParameterData)>,
    ) -> Result<Vec<PathParam>> {
        let mut ordered = Vec::new();
        for name in template_names(found.path) {
            let Some((pptr, data)) = declared.remove(name) else {
                return Err(self.unsupported_at(
                    &site.ptr,
                    format!("path parameter `{{{name}}}` is not declared"),
                ));
            };
            let ParameterSchemaOrContent::Schema(s) = &data.format else {
                return Err(self.unsupported_at(&pptr, "a parameter with `content`"));
            };
            let ty = self.node(
                s.into(),
                &child(&pptr, "schema"),
                &site.ctx(&site.type_base, true),
            )?;
            if ty != TypeRef::String {
                return Err(self.unsupported_at(&pptr, "a path parameter that is not a string"));
            }
            let rust_name = snake_ident(&data.name);
            self.check_ident(&rust_name, &data.name, &pptr)?;
            ordered.push(PathParam {
                wire_name: data.name.clone(),
                rust_name,
                ty,
                docs: data.description.clone(),
            });
        }
        if let Some((name, (pptr, _))) = declared.into_iter().next() {
            return Err(self.unsupported_at(
                &pptr,
                format!("path parameter `{name}` is not in the path template"),
            ));
        }
        Ok(ordered)
    }

    /// The query parameters as one request struct, registered under the
    /// operation's pointer + `/parameters`: named after the operation, with
    /// `Query` appended when a body takes the plain name.
    pub(super) fn query(
        &mut self,
        found: &Found<'a>,
        site: &Site,
        declared: Vec<(String, &'a ParameterData, WireStyle)>,
        has_body: bool,
    ) -> Result<Option<ParamSet>> {
        if declared.is_empty() {
            return Ok(None);
        }
        let name = if has_body {
            format!("{}Query", site.type_base)
        } else {
            site.type_base.clone()
        };
        let mut scope = NameScope::new();
        let mut fields = Vec::new();
        let mut styles = BTreeMap::new();
        for (pptr, data, style) in declared {
            let ParameterSchemaOrContent::Schema(s) = &data.format else {
                return Err(self.unsupported_at(&pptr, "a parameter with `content`"));
            };
            let rust_name = snake_ident(&data.name);
            self.check_ident(&rust_name, &data.name, &pptr)?;
            scope.claim(&rust_name, &pptr)?;
            let mut inner = site.ctx(&name, true).child(&data.name);
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
                place: None,
                docs: data.description.clone(),
            });
        }
        let id = TypeId(child(&site.ptr, "parameters"));
        self.types.insert(
            id.clone(),
            TypeDef {
                id: id.clone(),
                name: name.clone(),
                origin: Origin::Inline { title: None },
                module: site.module.clone(),
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
                aliases: Vec::new(),
            },
        );
        Ok(Some(ParamSet {
            name,
            ty: id,
            styles,
        }))
    }
}

/// API v2 sends an array query parameter as the parameter repeated
/// (`include=a&include=b`: stripe-node's `arrayFormat: 'repeat'` for v2),
/// which OpenAPI writes `style: form, explode: true`; the spec declares these
/// arrays `deepObject`, which OpenAPI defines for objects only. So a v2
/// array's style is `form` exploded; v2 objects stay `deepObject`
/// (`created[gt]=...`) and v1 keeps its declared styles (its arrays are
/// indexed, `expand[0]=...`).
fn repeated_in_v2(path: &str, data: &ParameterData, declared: WireStyle) -> WireStyle {
    let array = matches!(&data.format, ParameterSchemaOrContent::Schema(ReferenceOr::Item(s))
        if matches!(s.schema_kind, SchemaKind::Type(Type::Array(_))));
    let v2 = Namespace::of_path(path).0.is_v2();
    if v2 && array && declared.style == ParamStyle::DeepObject {
        WireStyle {
            style: ParamStyle::Form,
            explode: true,
        }
    } else {
        declared
    }
}

/// `{name}` placeholders of a path template, in order.
fn template_names(path: &str) -> impl Iterator<Item = &str> {
    path.split('{').skip(1).filter_map(|s| s.split('}').next())
}
