//! Validated spec in, IR out: Rust names decided, references resolved, shared types
//! merged, everything sorted. Cannot fail on a spec that passed `validate::check`.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{
    self, EnvelopeIr, Ir, ParamTy, ParamType, PathPiece, ResponseExample, Success, TypeIr, Variant,
};
use crate::load::Spec;
use crate::names;
use crate::names::{field_type_name, param_type_name};
use crate::spec::{
    self, Constraints, EnumValue, FieldKind, Literal, PageLocation, ScalarType, TypeRef,
};
use crate::validate::{accepted_auth, placeholders, request_models, response_models};

pub fn lower(spec: &Spec) -> Ir {
    let mut param_types: BTreeMap<String, ParamType> = BTreeMap::new();
    let quirks = quirks_by_subject(spec);
    let operations: Vec<ir::Operation> = spec
        .operations
        .iter()
        .map(|(name, item)| lower_operation(spec, &quirks, name, &item.value, &mut param_types))
        .collect();
    let mut response_enums: BTreeMap<String, ir::Enum> = BTreeMap::new();
    let requests = request_models(spec);
    let responses = response_models(spec);
    let mut models: Vec<ir::Model> = spec
        .models
        .iter()
        .map(|(name, item)| {
            let types = Types {
                response_enums: &mut response_enums,
                param_types: &mut param_types,
            };
            let request = requests.contains(name.as_str());
            let read = request && responses.contains(name.as_str());
            lower_model(name, &item.value, (request, read), types)
        })
        .collect();
    let total = crate::types::total_models(&models);
    for m in &mut models {
        m.total = total.contains(&m.name);
    }
    Ir {
        services: spec
            .services
            .iter()
            .map(|(k, s)| lower_service(spec, k, &s.value, &operations))
            .collect(),
        auth_schemes: used_auth_schemes(&operations),
        operations,
        models,
        param_types: param_types.into_values().collect(),
        response_enums: response_enums.into_values().collect(),
        quirks: spec
            .quirks
            .iter()
            .map(|(id, q)| ir::Quirk {
                id: id.clone(),
                applies_to: q.value.applies_to.clone(),
                observed: q.value.observed.clone(),
                decision: q.value.decision.clone(),
                overrides: q.value.overrides.clone(),
            })
            .collect(),
    }
}

fn lower_service(
    spec: &Spec,
    key: &str,
    s: &spec::Service,
    operations: &[ir::Operation],
) -> ir::Service {
    let variant = names::camel(key);
    let auth = match &s.auth {
        Some(ids) => ids
            .iter()
            .filter_map(|id| declared_scheme(spec, id))
            .collect(),
        None => {
            let mut auth: Vec<ir::AuthScheme> = Vec::new();
            for scheme in operations
                .iter()
                .filter(|o| o.service_variant == variant)
                .flat_map(|o| &o.auth)
            {
                if !auth.iter().any(|a| a.id == scheme.id) {
                    auth.push(scheme.clone());
                }
            }
            auth
        }
    };
    ir::Service {
        auth,
        key: key.to_string(),
        variant,
        title: s.title.clone(),
        description: s.description.clone(),
        default_host: s.default_host.clone(),
        region_hosts: s
            .region_hosts
            .iter()
            .map(|(r, h)| (r.clone(), h.clone()))
            .collect(),
        inferred: s.inferred.clone(),
    }
}

fn lower_operation(
    spec: &Spec,
    quirks: &QuirksBySubject,
    name: &str,
    op: &spec::Operation,
    param_types: &mut BTreeMap<String, ParamType>,
) -> ir::Operation {
    let params: Vec<ir::Param> = op
        .parameters
        .iter()
        .map(|p| lower_param(name, p, param_types))
        .collect();
    let responses: Vec<ir::Response> = op
        .responses
        .iter()
        .map(|(status, r)| lower_response(*status, r))
        .collect();
    let success = responses
        .iter()
        .find(|r| (200..300).contains(&r.status))
        .map_or(Success::None, ir::Response::success);
    let pagination = op
        .pagination
        .as_ref()
        .map(|p| lower_pagination(spec, p, op, &params, &success));
    let auth = operation_auth(spec, op, &params);
    let body = op.body.as_ref().map(|b| lower_body(spec, b, op));
    ir::Operation {
        body,
        name: name.to_string(),
        builder: format!("{}Request", names::camel(name)),
        service_variant: names::camel(&op.service),
        doc_title: op.doc.title.clone(),
        doc_section: op.doc.section.clone(),
        doc_updated_on: op.doc.updated_on.clone(),
        doc_page: op.doc.page.clone(),
        method: op.method,
        deprecated: op.deprecated.clone(),
        authorization: op.authorization.clone(),
        idempotent: op.idempotent.unwrap_or_else(|| op.method.idempotent()),
        path: op.path.clone(),
        path_pieces: path_pieces(&op.path, &params),
        summary: op.summary.clone(),
        description: op.description.clone(),
        params,
        responses,
        success,
        example_request: op.examples.request.clone(),
        example_responses: op
            .examples
            .responses
            .iter()
            .map(|e| ResponseExample {
                status: e.status,
                title: e.title.clone(),
                body: e.body.clone(),
            })
            .collect(),
        quirks: quirks_of(spec, quirks, name, op),
        pagination,
        auth,
    }
}

/// The schemes an operation accepts: the declared ones its `auth` (or its service's)
/// names, else the token header its `auth: true` parameter implies.
fn operation_auth(spec: &Spec, op: &spec::Operation, params: &[ir::Param]) -> Vec<ir::AuthScheme> {
    match accepted_auth(spec, op) {
        Some(ids) => ids
            .iter()
            .filter_map(|id| declared_scheme(spec, id))
            .collect(),
        None => params
            .iter()
            .filter(|p| p.auth)
            .map(|p| {
                let id = names::snake(&p.wire);
                ir::AuthScheme {
                    name: names::camel(&id),
                    id,
                    kind: spec::AuthKind::TokenHeader,
                    header: Some(p.wire.clone()),
                    description: p.description.clone(),
                    inferred: None,
                    implied: true,
                }
            })
            .collect(),
    }
}

fn declared_scheme(spec: &Spec, id: &str) -> Option<ir::AuthScheme> {
    let s = &spec.auth_schemes.get(id)?.value;
    Some(ir::AuthScheme {
        id: id.to_string(),
        name: names::camel(id),
        kind: s.kind,
        header: s.header.clone(),
        description: s.description.clone(),
        inferred: s.inferred.clone(),
        implied: false,
    })
}

/// Every scheme some operation accepts, once, sorted by id.
fn used_auth_schemes(operations: &[ir::Operation]) -> Vec<ir::AuthScheme> {
    let by_id: BTreeMap<&str, &ir::AuthScheme> = operations
        .iter()
        .flat_map(|o| &o.auth)
        .map(|a| (a.id.as_str(), a))
        .collect();
    by_id.into_values().cloned().collect()
}

/// Quirk ids by the operation or model they are about (`operations.x`, `models.X`): the
/// first two segments of each `applies_to` path, since operation and model names hold no
/// dots. Built once, so that finding an operation's quirks does not scan every quirk (which
/// made lowering quadratic in the size of the spec).
type QuirksBySubject<'a> = BTreeMap<&'a str, BTreeSet<&'a str>>;

fn quirks_by_subject(spec: &Spec) -> QuirksBySubject<'_> {
    let mut index: QuirksBySubject = BTreeMap::new();
    for (id, q) in &spec.quirks {
        for target in &q.value.applies_to {
            let subject = match target.match_indices('.').nth(1) {
                Some((end, _)) => &target[..end],
                None => target.as_str(),
            };
            index.entry(subject).or_default().insert(id);
        }
    }
    index
}

/// Quirks that mention the operation, or a model its responses use, in id order.
fn quirks_of(
    spec: &Spec,
    quirks: &QuirksBySubject,
    name: &str,
    op: &spec::Operation,
) -> Vec<String> {
    let own = format!("operations.{name}");
    let mut models: Vec<&str> = Vec::new();
    for r in op.responses.values() {
        models.extend(r.model.as_deref());
        if let Some(env) = &r.envelope {
            models.extend(env.result.model.as_deref());
            models.extend(env.error.model.as_deref());
        }
    }
    // One level of nesting is enough for the documented models; deeper models still
    // list their quirks on the model itself.
    let nested: Vec<&str> = models
        .iter()
        .filter_map(|m| spec.models.get(*m))
        .flat_map(|m| m.value.fields.iter().filter_map(|f| f.model.as_deref()))
        .collect();
    models.extend(nested);
    let subjects = std::iter::once(own).chain(models.iter().map(|m| format!("models.{m}")));
    let ids: BTreeSet<&str> = subjects
        .filter_map(|subject| quirks.get(subject.as_str()))
        .flatten()
        .copied()
        .collect();
    ids.into_iter().map(str::to_string).collect()
}

fn path_pieces(template: &str, params: &[ir::Param]) -> Vec<PathPiece> {
    let holes = guaranteed(placeholders(template).ok(), "a path template that parses");
    let mut pieces = Vec::new();
    let mut rest = template;
    for hole in holes {
        let marker = format!("{{{hole}}}");
        let (before, after) = rest.split_once(&marker).unwrap_or((rest, ""));
        if !before.is_empty() {
            pieces.push(PathPiece::Literal(before.to_string()));
        }
        let index = guaranteed(
            params
                .iter()
                .position(|p| p.wire == hole && p.location == spec::Location::Path),
            "a path parameter for every placeholder",
        );
        pieces.push(PathPiece::Param(index));
        rest = after;
    }
    if !rest.is_empty() {
        pieces.push(PathPiece::Literal(rest.to_string()));
    }
    pieces
}

fn lower_body(spec: &Spec, b: &spec::RequestBody, op: &spec::Operation) -> ir::RequestBody {
    let example = op.examples.request_body.clone();
    let sample = match &example {
        Some(text) => guaranteed(
            serde_json::from_str::<serde_json::Value>(text).ok(),
            "an example body that is JSON",
        ),
        None => guaranteed(
            crate::sample::body(&spec.models, b),
            "a sample of a body without an example",
        ),
    };
    ir::RequestBody {
        rust_name: names::body_name(b),
        description: b.description.clone(),
        ty: kind_type(b.kind, b.model.as_deref(), b.items),
        required: b.required,
        content_type: names::body_content_type(b).to_string(),
        item_count: b.item_count(),
        example,
        sample: sample.to_string(),
        inferred: b.inferred.clone(),
    }
}

fn lower_param(
    op: &str,
    p: &spec::Parameter,
    param_types: &mut BTreeMap<String, ParamType>,
) -> ir::Param {
    let ty = match param_type_name(p) {
        None => ParamTy::Plain,
        Some(type_name) => {
            let used_by = format!("{op}.{}", p.name);
            param_types
                .entry(type_name.clone())
                .or_insert_with(|| ParamType {
                    name: type_name.clone(),
                    description: p.description.clone(),
                    scalar: p.ty,
                    sensitive: p.sensitive,
                    default: p.default.clone(),
                    constraints: p.constraints(),
                    variants: p.values.as_deref().map(variants).unwrap_or_default(),
                    used_by: Vec::new(),
                })
                .used_by
                .push(used_by);
            if p.values.is_some() {
                ParamTy::Enum(type_name)
            } else {
                ParamTy::Newtype(type_name)
            }
        }
    };
    ir::Param {
        wire: p.name.clone(),
        rust_name: p.rust_name.clone().unwrap_or_else(|| names::snake(&p.name)),
        location: p.location,
        required: p.required,
        auth: p.auth,
        sensitive: p.sensitive,
        description: p.description.clone(),
        scalar: p.ty,
        ty,
        default: p.default.clone(),
        example: p.example.clone(),
        sample: crate::sample::param(p),
        deprecated: p.deprecated.clone(),
        constraints: p.constraints(),
        inferred: p.inferred.clone(),
    }
}

fn variants(values: &[EnumValue]) -> Vec<Variant> {
    values
        .iter()
        .map(|v| Variant {
            name: v.name.clone().unwrap_or_else(|| match &v.value {
                Literal::Str(s) => names::camel(s),
                other => names::camel(&other.to_string()),
            }),
            value: v.value.clone(),
            description: v.description.clone(),
        })
        .collect()
}

fn lower_response(status: u16, r: &spec::Response) -> ir::Response {
    ir::Response {
        status,
        description: r.description.clone(),
        body: r.body,
        model: r.model.clone(),
        value: r.value.as_ref().map(type_ref),
        envelope: r.envelope.as_ref().map(|e| EnvelopeIr {
            result: type_ref(&e.result),
            error: type_ref(&e.error),
            status_values: e.status_values.as_deref().map(variants).unwrap_or_default(),
        }),
        may_be_empty: r.may_be_empty,
        inferred: r.inferred.clone(),
    }
}

fn type_ref(t: &TypeRef) -> TypeIr {
    kind_type(t.kind, t.model.as_deref(), t.items)
}

fn kind_type(kind: FieldKind, model: Option<&str>, items: Option<ScalarType>) -> TypeIr {
    match kind {
        FieldKind::Scalar(s) => TypeIr::Scalar(s),
        FieldKind::Model => {
            TypeIr::Model(guaranteed(model, "a model for `type: model`").to_string())
        }
        FieldKind::Array => Box::new(match (model, items) {
            (Some(m), _) => TypeIr::Model(m.to_string()),
            (None, Some(s)) => TypeIr::Scalar(s),
            (None, None) => guaranteed(None, "a model or `items` for `type: array`"),
        })
        .pipe(TypeIr::Array),
        FieldKind::Map => Box::new(match (model, items) {
            (Some(m), _) => TypeIr::Model(m.to_string()),
            (None, Some(s)) => TypeIr::Scalar(s),
            (None, None) => guaranteed(None, "a model or `items` for `type: map`"),
        })
        .pipe(TypeIr::Map),
    }
}

/// What validation guaranteed: lowering never makes up a value in its place, so a spec
/// that reached it unchecked, or a rule that lets through what lowering needs, fails here,
/// loudly, as the generator's own bug.
fn guaranteed<T>(value: Option<T>, what: &str) -> T {
    value.unwrap_or_else(|| {
        panic!("internal error: lowering needs {what}, which validation should have required")
    })
}

trait Pipe: Sized {
    fn pipe<T>(self, f: impl FnOnce(Self) -> T) -> T {
        f(self)
    }
}
impl<T> Pipe for T {}

/// The type tables a model's fields add to: the open enums of response fields, and the
/// checked newtypes and closed enums of request fields.
struct Types<'a> {
    response_enums: &'a mut BTreeMap<String, ir::Enum>,
    param_types: &'a mut BTreeMap<String, ParamType>,
}

/// `request`: sent in a body; `read`: also carried by a response.
fn lower_model(
    name: &str,
    m: &spec::Model,
    (request, read): (bool, bool),
    types: Types<'_>,
) -> ir::Model {
    let fields = m
        .fields
        .iter()
        .map(|f| {
            let plain = || kind_type(f.kind, f.model.as_deref(), f.items);
            let used_by = format!("{name}.{}", f.name);
            let (ty, checked) = match (request, &f.values) {
                (true, _) => match names::request_field_type_name(name, f) {
                    Some(type_name) => {
                        let scalar = guaranteed(
                            f.kind.scalar(),
                            "a scalar field for constraints, an enum or a default",
                        );
                        types
                            .param_types
                            .entry(type_name.clone())
                            .or_insert_with(|| ParamType {
                                name: type_name.clone(),
                                description: f.description.clone(),
                                scalar,
                                sensitive: false,
                                default: f.default.clone(),
                                constraints: f.constraints(),
                                variants: f.values.as_deref().map(variants).unwrap_or_default(),
                                used_by: Vec::new(),
                            })
                            .used_by
                            .push(used_by);
                        if f.values.is_some() {
                            (TypeIr::Enum(type_name), None)
                        } else {
                            (plain(), Some(type_name))
                        }
                    }
                    None => (plain(), None),
                },
                (false, Some(values)) => {
                    let enum_name = field_type_name(name, f);
                    types
                        .response_enums
                        .entry(enum_name.clone())
                        .or_insert_with(|| ir::Enum {
                            name: enum_name.clone(),
                            description: f.description.clone(),
                            scalar: guaranteed(
                                f.kind.scalar().filter(|s| *s != ScalarType::Boolean),
                                "an enum on a string or integer field",
                            ),
                            variants: variants(values),
                            used_by: Vec::new(),
                        })
                        .used_by
                        .push(used_by);
                    (TypeIr::Enum(enum_name), None)
                }
                (false, None) => (plain(), None),
            };
            ir::Field {
                wire: f.name.clone(),
                rust_name: f.rust_name.clone().unwrap_or_else(|| names::snake(&f.name)),
                ty,
                required: request && f.required,
                default: f.default.clone(),
                item_count: f.item_count(),
                checked,
                description: f.description.clone(),
                nullable: f.nullable,
                accept_integer: f.accept_integer,
                format: f.format.clone(),
                constraints: f.constraints(),
                inferred: f.inferred.clone(),
                deprecated: f.deprecated.clone(),
            }
        })
        .collect();
    ir::Model {
        name: name.to_string(),
        description: m.description.clone(),
        fields,
        inferred: m.inferred.clone(),
        request,
        read,
        // Settled once every model is lowered (`types::total_models`).
        total: false,
    }
}

fn lower_pagination(
    spec: &Spec,
    p: &spec::Pagination,
    op: &spec::Operation,
    params: &[ir::Param],
    success: &Success,
) -> ir::Pagination {
    // Each control with the constraints and default that give the walk its start and size.
    let control = |wire: &str| -> (ir::PageControl, Constraints, Option<Literal>) {
        match p.location {
            PageLocation::Query => {
                let q = guaranteed(
                    params.iter().find(|q| q.wire == wire),
                    "paging parameters the operation has",
                );
                let control = ir::PageControl {
                    wire: q.wire.clone(),
                    rust_name: q.rust_name.clone(),
                    scalar: q.scalar,
                    required: q.required,
                    maximum: q.constraints.int_range().1,
                };
                (control, q.constraints.clone(), q.default.clone())
            }
            PageLocation::Body => {
                let model = guaranteed(
                    op.body.as_ref().and_then(|b| b.model.as_deref()),
                    "a model body for a walk in the body",
                );
                let f = guaranteed(
                    spec.models
                        .get(model)
                        .and_then(|m| m.value.fields.iter().find(|f| f.name == wire)),
                    "the paging fields of the body's model",
                );
                let FieldKind::Scalar(scalar) = f.kind else {
                    panic!("validated: the paging field `{model}.{wire}` is an integer");
                };
                let constraints = f.constraints();
                let control = ir::PageControl {
                    wire: f.name.clone(),
                    rust_name: f.rust_name.clone().unwrap_or_else(|| names::snake(&f.name)),
                    scalar,
                    required: false,
                    maximum: constraints.int_range().1,
                };
                (control, constraints, f.default.clone())
            }
        }
    };
    let (cursor, cursor_constraints, _) = control(&p.cursor);
    let (size, size_constraints, size_default) = control(&p.size);
    // Validation saw to it that the page is an array, or a model whose `items` field is
    // one; anything else here is a bug of the generator, said as one.
    let (item, items_field) = match (success, &p.items) {
        (Success::Json(TypeIr::Array(item)) | Success::Envelope(TypeIr::Array(item)), None) => {
            ((**item).clone(), None)
        }
        (
            Success::Json(TypeIr::Model(model)) | Success::Envelope(TypeIr::Model(model)),
            Some(items),
        ) => {
            let field = spec
                .models
                .get(model)
                .and_then(|m| m.value.fields.iter().find(|f| &f.name == items))
                .unwrap_or_else(|| panic!("validated: model `{model}` has field `{items}`"));
            let TypeIr::Array(item) = kind_type(field.kind, field.model.as_deref(), field.items)
            else {
                panic!("validated: `{model}.{items}` is an array");
            };
            let rust_name = field
                .rust_name
                .clone()
                .unwrap_or_else(|| names::snake(&field.name));
            let field = ir::ItemsField {
                wire: field.name.clone(),
                rust_name,
            };
            (*item, Some(field))
        }
        _ => panic!("validated: a paged operation returns an array or names its items field"),
    };
    ir::Pagination {
        style: p.style,
        location: p.location,
        start: guaranteed(
            cursor_constraints.int_range().0,
            "a `minimum` on the paging cursor",
        ),
        page_size: guaranteed(
            spec::Pagination::default_page_size(&size_constraints, size_default.as_ref()),
            "a `maximum` or `default` on the page size",
        ),
        cursor,
        size,
        item,
        items_field,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::load::{self, SourceFile};

    /// The small fixture spec with `edit` made, parsed but not validated.
    fn unvalidated(from: &str, to: &str) -> Spec {
        let text = include_str!("../tests/fixtures/small/spec.yaml");
        assert!(text.contains(from), "the fixture has {from:?}");
        let file = SourceFile {
            path: PathBuf::from("spec.yaml"),
            text: text.replacen(from, to, 1),
        };
        load::parse(vec![file]).unwrap_or_else(|d| panic!("{d}"))
    }

    #[test]
    fn the_fixture_lowers() {
        let spec = unvalidated("", "");
        crate::validate::check(&spec).unwrap();
        assert!(!lower(&spec).operations.is_empty());
    }

    #[test]
    #[should_panic(expected = "internal error: a JSON body without a model or a value")]
    fn what_validation_guarantees_is_never_made_up() {
        // A JSON list whose model is gone: validation refuses it; lowering, reached
        // without it, fails instead of inventing a model named "".
        lower(&unvalidated(
            "        body: json_array\n        model: Item\n",
            "        body: json_array\n",
        ));
    }

    #[test]
    #[should_panic(expected = "internal error: lowering needs a `minimum` on the paging cursor")]
    fn a_paging_cursor_without_a_start_is_never_made_up() {
        lower(&unvalidated(
            "        description: Items to skip.\n        minimum: 0\n",
            "        description: Items to skip.\n",
        ));
    }
}
