//! What the emitters need, and nothing else: final Rust names, resolved references,
//! constraints as data, every collection sorted. Built by `lower` from a validated spec.

use serde::Serialize;

// Plain value types shared with the spec: they carry no spec structure, only values.
pub use crate::spec::{
    AuthKind, BodyKind, Constraints, Decimal, ItemCount, Literal, Location, Method, Number,
    Override, PageLocation, PaginationStyle, Permission, ScalarType,
};

#[derive(Debug, Clone, Serialize)]
pub struct Ir {
    pub services: Vec<Service>,
    pub operations: Vec<Operation>,
    pub models: Vec<Model>,
    /// Newtypes and closed enums of request values (parameters, and the fields of request
    /// models), one per Rust type name.
    pub param_types: Vec<ParamType>,
    /// Open enums of response fields, one per Rust type name.
    pub response_enums: Vec<Enum>,
    pub quirks: Vec<Quirk>,
    /// Every way of authenticating that some operation accepts, sorted by id.
    pub auth_schemes: Vec<AuthScheme>,
}

/// A way of authenticating a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthScheme {
    /// Id in the spec (`iam_token`).
    pub id: String,
    /// Camel-cased id, the OpenAPI security scheme's name (`IamToken`).
    pub name: String,
    pub kind: AuthKind,
    /// The header that carries the token (`token_header` only).
    pub header: Option<String>,
    pub description: String,
    pub inferred: Option<String>,
    /// Not declared: implied by an `auth: true` parameter, in a spec that declares no
    /// scheme.
    pub implied: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Service {
    /// Key in the spec (`repo`).
    pub key: String,
    /// Variant of the generated `Service` enum (`Repo`).
    pub variant: String,
    pub title: String,
    pub description: String,
    pub default_host: String,
    /// Regions whose host differs from `default_host`, sorted by region.
    pub region_hosts: Vec<(String, String)>,
    pub inferred: Option<String>,
    /// The schemes the service's operations accept: the service's `auth`, else every
    /// scheme one of its operations accepts, in order of first use.
    pub auth: Vec<AuthScheme>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// Method name on `Client` (`list_project_repositories`).
    pub name: String,
    /// Request builder type (`ListProjectRepositoriesRequest`).
    pub builder: String,
    pub service_variant: String,
    pub doc_title: String,
    pub doc_section: String,
    pub doc_updated_on: String,
    /// The page's file name in a docs directory, for drift.
    pub doc_page: Option<String>,
    pub method: Method,
    /// Whether the client may send the request again after it may have reached the
    /// service: the spec's `idempotent`, else what the method implies.
    pub idempotent: bool,
    /// The IAM actions the page's authorization table lists, in its order.
    pub authorization: Vec<Permission>,
    pub path: String,
    pub path_pieces: Vec<PathPiece>,
    pub summary: String,
    pub description: String,
    /// In documented order.
    pub params: Vec<Param>,
    /// The JSON body the operation sends, if any.
    pub body: Option<RequestBody>,
    /// Sorted by status.
    pub responses: Vec<Response>,
    pub success: Success,
    pub example_request: Option<String>,
    pub example_responses: Vec<ResponseExample>,
    /// Ids of the quirks that mention this operation or what it uses.
    pub quirks: Vec<String>,
    pub pagination: Option<Pagination>,
    /// The schemes the operation accepts, in the spec's order; empty when it takes no
    /// credentials.
    pub auth: Vec<AuthScheme>,
    /// The page's deprecation note, when the page deprecates it (`#[deprecated]`).
    pub deprecated: Option<String>,
}

/// The JSON body of a request.
#[derive(Debug, Clone, Serialize)]
pub struct RequestBody {
    /// Argument or setter name (`body`).
    pub rust_name: String,
    pub description: String,
    /// A request model, or an array of them or of scalars.
    pub ty: TypeIr,
    /// An argument of the operation method when required, else a setter.
    pub required: bool,
    pub content_type: String,
    /// Bounds of an array body's item count.
    pub item_count: ItemCount,
    /// The page's example body, as printed; validation fitted it to `ty`.
    pub example: Option<String>,
    /// A body that passes every check, as compact JSON, for the calls tests and benchmarks
    /// make: the example, else the required fields' samples (`sample::body`).
    pub sample: String,
    pub inferred: Option<String>,
}

/// How the client walks the pages of a list operation.
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    pub style: PaginationStyle,
    /// Where the cursor and the size travel.
    pub location: PageLocation,
    /// The offset or page number.
    pub cursor: PageControl,
    /// The page size.
    pub size: PageControl,
    /// The cursor's value when the caller does not set it: its `minimum` (a required
    /// cursor is always set; this is still where its walk can start).
    pub start: i64,
    /// The page size when the caller does not set it: the size's `maximum`, else its
    /// default.
    pub page_size: i64,
    /// The type of one item of a page.
    pub item: TypeIr,
    /// The field of the page's model that holds the items; `None` when the page is the
    /// array itself.
    pub items_field: Option<ItemsField>,
}

/// A query parameter or body field a walk sets on each page's request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageControl {
    pub wire: String,
    /// The builder's member (a query parameter) or the body model's field.
    pub rust_name: String,
    pub scalar: ScalarType,
    /// A required query parameter: the request always holds it (body fields never are).
    pub required: bool,
    /// Its documented maximum.
    pub maximum: Option<i64>,
}

/// The field of a page's object that holds its items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemsField {
    pub wire: String,
    pub rust_name: String,
}

#[derive(Debug, Clone, Serialize)]
pub enum PathPiece {
    Literal(String),
    /// Index into `Operation::params`.
    Param(usize),
}

#[derive(Debug, Clone, Serialize)]
pub struct Param {
    pub wire: String,
    /// Argument or setter name.
    pub rust_name: String,
    pub location: Location,
    pub required: bool,
    /// Filled from the client's token (the header of a token scheme the operation
    /// accepts), not from an argument.
    pub auth: bool,
    pub sensitive: bool,
    pub description: String,
    pub scalar: ScalarType,
    pub ty: ParamTy,
    pub default: Option<Literal>,
    /// The value the page's example request gives it, checked by validation.
    pub example: Option<Literal>,
    /// A value that passes every check of the parameter, for the calls tests and
    /// benchmarks make: `example`, else `default`, else the first enum value, else the
    /// smallest value the constraints allow. Always there for positional parameters.
    pub sample: Option<Literal>,
    pub constraints: Constraints,
    pub inferred: Option<String>,
    /// The page's deprecation note, when the page deprecates it (`#[deprecated]`).
    pub deprecated: Option<String>,
}

impl Param {
    /// Positional argument of the operation method (path and required query parameters).
    pub fn is_positional(&self) -> bool {
        !self.auth && (self.location == Location::Path || self.required)
    }

    /// [`Param::sample`] of a positional parameter, which validation guarantees.
    pub fn argument_sample(&self) -> &Literal {
        self.sample
            .as_ref()
            .expect("validation gives every positional parameter a sample")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ParamTy {
    /// A scalar with no constraints or default.
    Plain,
    /// A checked newtype (`Limit`).
    Newtype(String),
    /// A closed enum (`OrderBy`).
    Enum(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParamType {
    pub name: String,
    pub description: String,
    pub scalar: ScalarType,
    pub sensitive: bool,
    pub default: Option<Literal>,
    pub constraints: Constraints,
    /// Empty for newtypes.
    pub variants: Vec<Variant>,
    /// `operation.wire_name` of every parameter of this type, sorted.
    pub used_by: Vec<String>,
}

impl ParamType {
    pub fn is_enum(&self) -> bool {
        !self.variants.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Variant {
    pub name: String,
    pub value: Literal,
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Response {
    pub status: u16,
    pub description: String,
    pub body: BodyKind,
    /// The model of `json`, `json_array` and `error` bodies.
    pub model: Option<String>,
    /// A `json` body that is a scalar or an array of scalars, instead of a model.
    pub value: Option<TypeIr>,
    pub envelope: Option<EnvelopeIr>,
    /// The service may send this success without content (`Success::MaybeJson`).
    pub may_be_empty: bool,
    pub inferred: Option<String>,
}

impl Response {
    /// The type of the JSON value the body is, for `json`, `json_array` and `error`
    /// bodies: the `value`, else the model (an array of it for `json_array`).
    pub fn json_type(&self) -> Option<TypeIr> {
        let model = || self.model.clone().map(TypeIr::Model);
        match self.body {
            BodyKind::Json => self.value.clone().or_else(model),
            BodyKind::Error => model(),
            BodyKind::JsonArray => model().map(|m| TypeIr::Array(Box::new(m))),
            BodyKind::None | BodyKind::Binary | BodyKind::Envelope => None,
        }
    }

    /// What `send()` returns when this is the success response.
    pub fn success(&self) -> Success {
        match self.body {
            BodyKind::None | BodyKind::Error => Success::None,
            BodyKind::Binary => Success::Binary,
            BodyKind::Json | BodyKind::JsonArray => {
                let ty = self.json_type().expect(
                    "internal error: a JSON body without a model or a value, which validation should have refused",
                );
                if self.may_be_empty {
                    Success::MaybeJson(ty)
                } else {
                    Success::Json(ty)
                }
            }
            BodyKind::Envelope => Success::Envelope(
                self.envelope
                    .as_ref()
                    .expect("internal error: an envelope body without its envelope, which validation should have refused")
                    .result
                    .clone(),
            ),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct EnvelopeIr {
    pub result: TypeIr,
    pub error: TypeIr,
    pub status_values: Vec<Variant>,
}

/// What `send()` returns on success.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Success {
    None,
    Binary,
    Json(TypeIr),
    /// A JSON body the service may leave out: `Option` of the type, `None` for no content.
    MaybeJson(TypeIr),
    Envelope(TypeIr),
}

impl Success {
    /// The type of the JSON value a success decodes to (an envelope's `result`), for the
    /// JSON kinds.
    pub fn json(&self) -> Option<&TypeIr> {
        match self {
            Success::Json(t) | Success::MaybeJson(t) | Success::Envelope(t) => Some(t),
            Success::None | Success::Binary => None,
        }
    }

    /// The Rust type `send()` returns, as the crate spells it.
    pub fn rust(&self) -> String {
        match self {
            Success::None => "()".into(),
            Success::Binary => "BinaryResponse".into(),
            Success::Json(t) | Success::Envelope(t) => t.rust(),
            Success::MaybeJson(t) => format!("Option<{}>", t.rust()),
        }
    }
}

/// A resolved value type of a field or body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum TypeIr {
    Scalar(ScalarType),
    /// An open enum (`SecurityLevel`).
    Enum(String),
    Model(String),
    Array(Box<TypeIr>),
    /// A JSON object of free keys, each value of the inner type.
    Map(Box<TypeIr>),
}

#[derive(Debug, Clone, Serialize)]
pub struct ResponseExample {
    pub status: u16,
    pub title: String,
    pub body: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Model {
    pub name: String,
    pub description: String,
    pub fields: Vec<Field>,
    pub inferred: Option<String>,
    /// A request model: reached from an operation's body (validation keeps it out of
    /// responses). It is built by the caller and checked before sending; a response model
    /// is read leniently, every field optional.
    pub request: bool,
    /// A request model that responses also carry: every field is stored as an `Option`,
    /// so that an answer without one still reads, and sending checks that the required
    /// ones are there.
    pub read: bool,
    /// Whether its equality is total (it derives `Eq`): no `f64` below it
    /// ([`total_models`](crate::types::total_models)).
    pub total: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub wire: String,
    pub rust_name: String,
    pub ty: TypeIr,
    /// A request model's field the caller must give; always `false` in a response model.
    pub required: bool,
    /// The value the service applies when a request leaves the field out.
    pub default: Option<Literal>,
    /// Bounds of an array field's item count.
    pub item_count: ItemCount,
    /// The newtype among `Ir::param_types` whose constructor checks a request field's
    /// value (its scalar is stored as is); `None` when nothing is checked.
    pub checked: Option<String>,
    pub description: String,
    pub nullable: bool,
    pub accept_integer: bool,
    pub format: Option<String>,
    pub constraints: Constraints,
    pub inferred: Option<String>,
    /// The page's deprecation note, when the page deprecates it (`#[deprecated]`).
    pub deprecated: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Enum {
    pub name: String,
    pub description: String,
    /// `String` or an integer type.
    pub scalar: ScalarType,
    pub variants: Vec<Variant>,
    /// `Model.wire_name` of every field of this type, sorted.
    pub used_by: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Quirk {
    pub id: String,
    pub applies_to: Vec<String>,
    pub observed: String,
    pub decision: String,
    /// The page facts the decision departs from (validated: known drift rules, paths
    /// under `applies_to`).
    pub overrides: Vec<Override>,
}
