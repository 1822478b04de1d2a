//! The spec as written: serde mirrors of the YAML files, one-to-one, with no logic.
//!
//! Every struct denies unknown keys, so a misspelt key is a load error with a line and
//! column instead of a silently ignored fact. Semantic rules live in `validate`; names
//! and resolved references live in `ir`.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// One YAML file of the spec. A spec directory is the union of its files; a name defined
/// in two files is a validation error.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    #[serde(default)]
    pub services: BTreeMap<String, Service>,
    #[serde(default)]
    pub operations: BTreeMap<String, Operation>,
    #[serde(default)]
    pub models: BTreeMap<String, Model>,
    #[serde(default)]
    pub quirks: BTreeMap<String, Quirk>,
    /// The ways services accept credentials, by id; services and operations name the ones
    /// they accept in `auth`.
    #[serde(default)]
    pub auth_schemes: BTreeMap<String, AuthScheme>,
}

/// A way of authenticating a request: a token header, or AK/SK request signing.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthScheme {
    pub kind: AuthKind,
    /// The header that carries the token; `token_header` only.
    #[serde(default)]
    pub header: Option<String>,
    pub description: String,
    /// Where the scheme comes from when the pages do not document it.
    #[serde(default)]
    pub inferred: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthKind {
    /// A token sent as is in `header` (`X-Auth-Token`).
    TokenHeader,
    /// API Gateway signing with an access key pair (`Authorization: SDK-HMAC-SHA256 ...`).
    SdkHmacSha256,
}

impl fmt::Display for AuthKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AuthKind::TokenHeader => "token_header",
            AuthKind::SdkHmacSha256 => "sdk_hmac_sha256",
        })
    }
}

/// A cloud service that hosts operations (CodeArts Repo, CodeArts Build).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub title: String,
    pub description: String,
    /// Host template with a `{region}` placeholder, e.g. `https://codehub-ext.{region}.myhuaweicloud.com`.
    pub default_host: String,
    /// Regions whose host does not follow `default_host`.
    #[serde(default)]
    pub region_hosts: BTreeMap<String, String>,
    /// Where the fact comes from when the pages do not state it.
    #[serde(default)]
    pub inferred: Option<String>,
    /// Ids of the `auth_schemes` the service's operations accept, in order of preference.
    /// Absent: the operations' own `auth`, else (in a spec that declares no scheme) the
    /// token header their `auth: true` parameter names.
    #[serde(default)]
    pub auth: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    pub service: String,
    pub doc: DocPage,
    pub method: Method,
    /// Path template with `{name}` placeholders, one per path parameter.
    pub path: String,
    pub summary: String,
    pub description: String,
    #[serde(default)]
    pub parameters: Vec<Parameter>,
    /// The request body, when the operation sends one.
    #[serde(default)]
    pub body: Option<RequestBody>,
    /// Keyed by HTTP status code.
    pub responses: BTreeMap<u16, Response>,
    #[serde(default)]
    pub examples: Examples,
    /// How to walk the pages of a list operation, when it has them.
    #[serde(default)]
    pub pagination: Option<Pagination>,
    /// Ids of the `auth_schemes` this operation accepts, overriding its service's `auth`.
    #[serde(default)]
    pub auth: Option<Vec<String>>,
    /// The page's authorization table: the IAM actions an IAM user needs (an account's
    /// root user has them all). Empty when the page has none.
    #[serde(default)]
    pub authorization: Vec<Permission>,
    /// Whether sending the request twice does what sending it once does; by default, as
    /// the method says (`Method::idempotent`). The client retries a non-idempotent call
    /// only when the request cannot have reached the service.
    #[serde(default)]
    pub idempotent: Option<bool>,
    /// The page marks it deprecated; the text is the page's note (what to use instead),
    /// and may be empty.
    #[serde(default)]
    pub deprecated: Option<String>,
}

/// The body an operation sends: a JSON object of a model, or a JSON array of models or
/// scalars.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestBody {
    pub description: String,
    /// `model` (an object of `model`) or `array` (of `model`, or of the scalar `items`).
    #[serde(rename = "type")]
    pub kind: FieldKind,
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub items: Option<ScalarType>,
    /// A required body is an argument of the operation method; an optional one a setter.
    #[serde(default)]
    pub required: bool,
    /// The `Content-Type` sent; JSON in any case. Absent: what the official SDKs send,
    /// `application/json;charset=UTF-8`.
    #[serde(default)]
    pub content_type: Option<String>,
    /// Fewest items of an array body.
    #[serde(default)]
    pub min_items: Option<u64>,
    /// Most items of an array body.
    #[serde(default)]
    pub max_items: Option<u64>,
    /// Rust name of the argument or setter; `body` when absent.
    #[serde(default)]
    pub rust_name: Option<String>,
    #[serde(default)]
    pub inferred: Option<String>,
}

/// A list operation's paging parameters: the generated client walks the pages for the
/// caller, stopping at a short or empty page.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    pub style: PaginationStyle,
    /// Where the cursor and the size travel: query parameters (the default), or fields of
    /// the request body's model.
    #[serde(default, rename = "in")]
    pub location: PageLocation,
    /// The query parameter (or body field) that selects the page: an item offset or a
    /// page number. Its `minimum` is where the walk starts when the caller does not set it.
    pub cursor: String,
    /// The query parameter (or body field) that sets the page size. Its `maximum` (else
    /// its `default`) is the page size when the caller does not set it.
    pub size: String,
    /// The array field of the response's object that holds a page's items, when the body
    /// is an object (`{branches: [...], total}`) rather than the array itself.
    #[serde(default)]
    pub items: Option<String>,
}

impl Pagination {
    /// The page size a walk asks for when the request sets none: the size's `maximum`,
    /// else its integer default.
    pub fn default_page_size(size: &Constraints, default: Option<&Literal>) -> Option<i64> {
        size.int_range().1.or(match default {
            Some(Literal::Int(i)) => Some(*i),
            _ => None,
        })
    }
}

/// Where a walk's cursor and page size travel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageLocation {
    #[default]
    Query,
    /// Fields of the request body's model (a POST that lists).
    Body,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PaginationStyle {
    /// The cursor counts items: the next page starts `size` items later.
    Offset,
    /// The cursor counts pages: the next page is the cursor plus one.
    Page,
}

impl RequestBody {
    /// The documented bounds of an array body's item count.
    pub fn item_count(&self) -> ItemCount {
        ItemCount {
            min: self.min_items,
            max: self.max_items,
        }
    }
}

/// The help-center page an operation was transcribed from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocPage {
    pub title: String,
    /// Breadcrumb of the page, e.g. `CodeArts Repo / API Reference / APIs / V4 / Repository`.
    pub section: String,
    /// The page's "Updated on" date, `YYYY-MM-DD`.
    pub updated_on: String,
    /// The page saved as plain text: its file name in a docs directory
    /// (`repo-v4-download-archive.txt`), which `cargo xtask drift` compares the spec with.
    #[serde(default)]
    pub page: Option<String>,
}

/// One row of a page's authorization table: an IAM action the caller needs.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Permission {
    /// `service:resource:verb`, e.g. `codeartsrepo:repository:downloadCode`.
    pub action: String,
    /// The table's access level, e.g. `Read`.
    pub access_level: String,
    /// Resource types the action applies to (a trailing `*` marks a required one).
    #[serde(default)]
    pub resource_types: Vec<String>,
    #[serde(default)]
    pub condition_keys: Vec<String>,
    #[serde(default)]
    pub alias: Option<String>,
    /// Other actions the action needs.
    #[serde(default)]
    pub dependencies: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    /// RFC 9110's reading: GET, PUT and DELETE may be sent twice to the effect of once;
    /// POST and PATCH may not.
    pub fn idempotent(self) -> bool {
        matches!(self, Method::Get | Method::Put | Method::Delete)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    Path,
    Query,
    Header,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
        })
    }
}

/// Scalar wire types of parameters and fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ScalarType {
    String,
    Int32,
    Int64,
    Boolean,
    /// A JSON number with a fractional part (the pages' `Double`, `Float`, `Number`).
    Number,
}

impl ScalarType {
    /// Every scalar, in the order the spec format lists them.
    pub const ALL: [ScalarType; 5] = [
        ScalarType::String,
        ScalarType::Int32,
        ScalarType::Int64,
        ScalarType::Boolean,
        ScalarType::Number,
    ];
}

impl fmt::Display for ScalarType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ScalarType::String => "string",
            ScalarType::Int32 => "int32",
            ScalarType::Int64 => "int64",
            ScalarType::Boolean => "boolean",
            ScalarType::Number => "number",
        })
    }
}

/// A request parameter. Order in the operation's list is the documented order, which
/// is also the order of positional arguments.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// Name on the wire (`X-Auth-Token`, `page_size`).
    pub name: String,
    #[serde(rename = "in")]
    pub location: Location,
    #[serde(rename = "type")]
    pub ty: ScalarType,
    #[serde(default)]
    pub required: bool,
    pub description: String,
    #[serde(default)]
    pub default: Option<Literal>,
    /// A value the page shows the parameter with (its example request); it must pass the
    /// parameter's checks. Tests call the operation with it.
    #[serde(default)]
    pub example: Option<Literal>,
    #[serde(default)]
    pub minimum: Option<Number>,
    #[serde(default)]
    pub maximum: Option<Number>,
    /// The value must be greater than this (a `number` only).
    #[serde(default)]
    pub exclusive_minimum: Option<Number>,
    /// The value must be less than this (a `number` only).
    #[serde(default)]
    pub exclusive_maximum: Option<Number>,
    #[serde(default)]
    pub min_length: Option<u64>,
    #[serde(default)]
    pub max_length: Option<u64>,
    /// Exact length in characters.
    #[serde(default)]
    pub length: Option<u64>,
    /// A regular expression (Rust `regex` syntax) the whole value must match.
    #[serde(default)]
    pub pattern: Option<String>,
    /// Allowed values; a string or integer enum depending on `type`.
    #[serde(default, rename = "enum")]
    pub values: Option<Vec<EnumValue>>,
    /// Rust type name for the parameter's newtype or enum. Parameters of different
    /// operations may share a type when their constraints are identical.
    #[serde(default)]
    pub type_name: Option<String>,
    /// Rust name of the argument or setter, when the snake-cased wire name reads badly.
    #[serde(default)]
    pub rust_name: Option<String>,
    /// The value is a secret: never printed, never echoed in errors.
    #[serde(default)]
    pub sensitive: bool,
    /// Filled from the client's credentials instead of an argument: the header of a
    /// `token_header` scheme the operation accepts, kept for its documented constraints.
    #[serde(default)]
    pub auth: bool,
    /// Why the parameter is in the spec when the page does not state it.
    #[serde(default)]
    pub inferred: Option<String>,
    /// The page marks it deprecated; the text is the page's note (what to use instead),
    /// and may be empty.
    #[serde(default)]
    pub deprecated: Option<String>,
}

impl Parameter {
    /// An argument of the operation method: a path parameter or a required one, unless the
    /// credentials fill it.
    pub fn is_positional(&self) -> bool {
        !self.auth && (self.location == Location::Path || self.required)
    }
}

macro_rules! constraints_accessor {
    ($ty:ty) => {
        impl $ty {
            /// The constraint keys of this item's value, gathered (an array's item count
            /// apart).
            pub fn constraints(&self) -> Constraints {
                Constraints {
                    minimum: self.minimum,
                    maximum: self.maximum,
                    exclusive_minimum: self.exclusive_minimum,
                    exclusive_maximum: self.exclusive_maximum,
                    min_length: self.min_length,
                    max_length: self.max_length,
                    length: self.length,
                    pattern: self.pattern.clone(),
                }
            }
        }
    };
}

// serde cannot combine `flatten` with `deny_unknown_fields`, so the constraint keys are
// spelled out in both structs and gathered here.
constraints_accessor!(Parameter);
constraints_accessor!(Field);

impl Field {
    /// The documented bounds of an array field's item count.
    pub fn item_count(&self) -> ItemCount {
        ItemCount {
            min: self.min_items,
            max: self.max_items,
        }
    }
}

/// Documented constraints. `minimum` and `maximum` are inclusive, the `exclusive_` bounds
/// (of a `number` only) exclusive; lengths count Unicode scalar values.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct Constraints {
    pub minimum: Option<Number>,
    pub maximum: Option<Number>,
    pub exclusive_minimum: Option<Number>,
    pub exclusive_maximum: Option<Number>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub length: Option<u64>,
    pub pattern: Option<String>,
}

/// Documented bounds of an array's item count, inclusive.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ItemCount {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

impl ItemCount {
    pub fn is_empty(&self) -> bool {
        *self == ItemCount::default()
    }
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }

    /// The fewest and most characters the value may have: an exact `length` is both
    /// bounds (narrowed by `min_length`/`max_length` where those are set too).
    pub fn length_bounds(&self) -> (Option<u64>, Option<u64>) {
        let min = match (self.min_length, self.length) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let max = match (self.max_length, self.length) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        (min, max)
    }

    /// Whether any bound of the value's range is set.
    pub fn has_range(&self) -> bool {
        self.minimum.is_some()
            || self.maximum.is_some()
            || self.exclusive_minimum.is_some()
            || self.exclusive_maximum.is_some()
    }

    /// The lower bound and whether it is exclusive (validation allows only one of the two).
    pub fn lower(&self) -> Option<(Number, bool)> {
        self.minimum
            .map(|n| (n, false))
            .or(self.exclusive_minimum.map(|n| (n, true)))
    }

    /// The upper bound and whether it is exclusive.
    pub fn upper(&self) -> Option<(Number, bool)> {
        self.maximum
            .map(|n| (n, false))
            .or(self.exclusive_maximum.map(|n| (n, true)))
    }

    /// Whether `v` lies in the range, every bound compared as a number.
    pub fn in_range(&self, v: Number) -> bool {
        let above = |(b, exclusive): (Number, bool)| {
            let o = v.numeric_cmp(b);
            if exclusive { o.is_gt() } else { o.is_ge() }
        };
        let below = |(b, exclusive): (Number, bool)| {
            let o = v.numeric_cmp(b);
            if exclusive { o.is_lt() } else { o.is_le() }
        };
        self.lower().is_none_or(above) && self.upper().is_none_or(below)
    }

    /// The inclusive bounds as integers, for an integer or a digit string (validation
    /// refuses a fractional bound and an exclusive one there).
    pub fn int_range(&self) -> (Option<i64>, Option<i64>) {
        (
            self.minimum.and_then(Number::as_int),
            self.maximum.and_then(Number::as_int),
        )
    }
}

/// A number as the spec writes it: an integer, or a decimal (a `number`'s bounds, defaults
/// and examples).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Number {
    Int(i64),
    Float(Decimal),
}

impl Number {
    /// The value, when it is an integer.
    pub fn as_int(self) -> Option<i64> {
        match self {
            Number::Int(i) => Some(i),
            Number::Float(_) => None,
        }
    }

    /// Numeric order: integers exactly, anything else as `f64` (the derived order sorts
    /// integers before decimals, for determinism alone).
    pub fn numeric_cmp(self, other: Number) -> std::cmp::Ordering {
        match (self, other) {
            (Number::Int(a), Number::Int(b)) => a.cmp(&b),
            (a, b) => a.as_f64().total_cmp(&b.as_f64()),
        }
    }

    /// The value as an `f64` (an integer bound of a `number` is compared as one).
    pub fn as_f64(self) -> f64 {
        match self {
            // Integers past 2^53 round, as they would in the `f64` the client compares.
            Number::Int(i) => i as f64,
            Number::Float(d) => d.0,
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Int(i) => write!(f, "{i}"),
            Number::Float(d) => d.fmt(f),
        }
    }
}

/// A decimal of the spec, as an `f64` ordered by `total_cmp` so that spec values can be
/// compared, sorted and deduplicated like the other literals.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(transparent)]
pub struct Decimal(pub f64);

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Decimal {}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

impl std::hash::Hash for Decimal {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.to_bits().hash(state);
    }
}

impl fmt::Display for Decimal {
    /// Always with a point or an exponent (`1.0`, `0.25`, `1e300`), so that the text reads
    /// as a decimal in Rust, JSON and the docs alike.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

/// A literal value in the spec: defaults and enum values.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Literal {
    Bool(bool),
    Int(i64),
    Float(Decimal),
    Str(String),
}

impl Literal {
    /// The value as it travels in a URL or a header, before encoding: strings without
    /// quotes, numbers and booleans as Rust prints them.
    pub fn wire_text(&self) -> String {
        match self {
            Literal::Str(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

impl Literal {
    /// The value as a number, when it is one.
    pub fn as_number(&self) -> Option<Number> {
        match self {
            Literal::Int(i) => Some(Number::Int(*i)),
            Literal::Float(d) => Some(Number::Float(*d)),
            Literal::Bool(_) | Literal::Str(_) => None,
        }
    }
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Bool(b) => write!(f, "{b}"),
            Literal::Int(i) => write!(f, "{i}"),
            Literal::Float(d) => d.fmt(f),
            Literal::Str(s) => write!(f, "{s:?}"),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    pub value: Literal,
    /// Rust variant name; required for integer values, derived from the value otherwise.
    #[serde(default)]
    pub name: Option<String>,
    pub description: String,
}

/// A JSON object the service returns, or one a request body sends (a model reached from an
/// operation's `body`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub description: String,
    pub fields: Vec<Field>,
    /// Where the model comes from when the page does not give it (an SDK's model).
    #[serde(default)]
    pub inferred: Option<String>,
}

/// Type of a field, of an envelope's `result` or `error`: a scalar by its name
/// (`string`, `number`, ...), or `model`, `array`, `map`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(try_from = "String", into = "String")]
pub enum FieldKind {
    Scalar(ScalarType),
    /// An object of the model named by `model`.
    Model,
    /// An array of the model named by `model`, or of the scalar named by `items`.
    Array,
    /// A JSON object whose keys are free and whose values are of the model named by
    /// `model`, or of the scalar named by `items`.
    Map,
}

impl FieldKind {
    /// The scalar this kind stands for, if it is one.
    pub fn scalar(self) -> Option<ScalarType> {
        match self {
            FieldKind::Scalar(s) => Some(s),
            FieldKind::Model | FieldKind::Array | FieldKind::Map => None,
        }
    }
}

impl TryFrom<String> for FieldKind {
    type Error = String;

    fn try_from(name: String) -> Result<Self, String> {
        match name.as_str() {
            "model" => Ok(FieldKind::Model),
            "array" => Ok(FieldKind::Array),
            "map" => Ok(FieldKind::Map),
            other => ScalarType::ALL
                .into_iter()
                .find(|s| s.to_string() == other)
                .map(FieldKind::Scalar)
                .ok_or_else(|| {
                    let scalars: Vec<String> =
                        ScalarType::ALL.iter().map(|s| format!("`{s}`")).collect();
                    format!(
                        "unknown type `{other}`, expected one of {}, `model`, `array`, `map`",
                        scalars.join(", ")
                    )
                }),
        }
    }
}

impl From<FieldKind> for String {
    fn from(kind: FieldKind) -> String {
        kind.to_string()
    }
}

impl fmt::Display for FieldKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldKind::Scalar(s) => s.fmt(f),
            FieldKind::Model => f.write_str("model"),
            FieldKind::Array => f.write_str("array"),
            FieldKind::Map => f.write_str("map"),
        }
    }
}

/// A type reference: `type` plus `model` or `items` where the kind needs them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeRef {
    #[serde(rename = "type")]
    pub kind: FieldKind,
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub items: Option<ScalarType>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Name on the wire; may be camelCase where the service says so.
    pub name: String,
    #[serde(rename = "type")]
    pub kind: FieldKind,
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub items: Option<ScalarType>,
    pub description: String,
    /// In a request model: the caller must give it (an argument of the model's `new`).
    /// Response models read every field as optional, whatever the page says.
    #[serde(default)]
    pub required: bool,
    /// The value the service applies when a request leaves the field out.
    #[serde(default)]
    pub default: Option<Literal>,
    /// The service is documented or observed to send `null`.
    #[serde(default)]
    pub nullable: bool,
    /// A string field that also accepts a JSON integer, kept as its decimal text.
    #[serde(default)]
    pub accept_integer: bool,
    /// Free-form note on the value's format (`YYYY-MM-DD HH:MM:SS`, `base64`, ...).
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub minimum: Option<Number>,
    #[serde(default)]
    pub maximum: Option<Number>,
    /// The value must be greater than this (a `number` only).
    #[serde(default)]
    pub exclusive_minimum: Option<Number>,
    /// The value must be less than this (a `number` only).
    #[serde(default)]
    pub exclusive_maximum: Option<Number>,
    #[serde(default)]
    pub min_length: Option<u64>,
    #[serde(default)]
    pub max_length: Option<u64>,
    /// Exact length in characters.
    #[serde(default)]
    pub length: Option<u64>,
    /// A regular expression (Rust `regex` syntax) the whole value must match.
    #[serde(default)]
    pub pattern: Option<String>,
    /// Fewest items of an array field.
    #[serde(default)]
    pub min_items: Option<u64>,
    /// Most items of an array field.
    #[serde(default)]
    pub max_items: Option<u64>,
    #[serde(default, rename = "enum")]
    pub values: Option<Vec<EnumValue>>,
    /// Rust type name of the field's enum, or of a request field's checked type.
    #[serde(default)]
    pub type_name: Option<String>,
    #[serde(default)]
    pub rust_name: Option<String>,
    #[serde(default)]
    pub inferred: Option<String>,
    /// The page marks it deprecated; the text is the page's note (what to use instead),
    /// and may be empty.
    #[serde(default)]
    pub deprecated: Option<String>,
}

/// The shape of a response body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// No body.
    None,
    /// Raw bytes (an archive).
    Binary,
    /// A JSON object of `model`.
    Json,
    /// A JSON array of `model`.
    JsonArray,
    /// `{error, result, status}`, described by `envelope`.
    Envelope,
    /// `{error_code, error_msg}`, described by `model`.
    Error,
}

impl fmt::Display for BodyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BodyKind::None => "none",
            BodyKind::Binary => "binary",
            BodyKind::Json => "json",
            BodyKind::JsonArray => "json_array",
            BodyKind::Envelope => "envelope",
            BodyKind::Error => "error",
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    pub description: String,
    pub body: BodyKind,
    #[serde(default)]
    pub model: Option<String>,
    /// A `json` body that is no model: a scalar (`{type: boolean}`, the bare `true` some
    /// pages answer with) or an array of scalars (`{type: array, items: string}`).
    #[serde(default)]
    pub value: Option<TypeRef>,
    #[serde(default)]
    pub envelope: Option<Envelope>,
    /// A `json` or `json_array` success the service may send without content (a page that
    /// documents a body for its 204, which HTTP gives no content): the call reads an empty
    /// body as no value and decodes one that arrives.
    #[serde(default)]
    pub may_be_empty: bool,
    #[serde(default)]
    pub inferred: Option<String>,
}

/// The `{error, result, status}` wrapper some services put around every 200 body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    pub result: TypeRef,
    pub error: TypeRef,
    /// Documented values of `status`, when the page lists them.
    #[serde(default)]
    pub status_values: Option<Vec<EnumValue>>,
}

/// The page's examples, kept verbatim.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// The example request line exactly as printed; absent when the page says "None".
    #[serde(default)]
    pub request: Option<String>,
    /// The example request's JSON body exactly as printed; it must fit the body's type and
    /// pass its checks. Tests send it.
    #[serde(default)]
    pub request_body: Option<String>,
    #[serde(default)]
    pub responses: Vec<ResponseExample>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseExample {
    pub status: u16,
    /// The caption printed above the example.
    pub title: String,
    /// The JSON body exactly as printed.
    pub body: String,
}

/// A place where the pages contradict themselves or the service, and what we decided.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quirk {
    /// Spec paths the quirk is about, e.g. `models.GitCodeRepository.fields.id`.
    pub applies_to: Vec<String>,
    /// What the pages say, with the contradiction.
    pub observed: String,
    /// What the spec and the generated client do about it.
    pub decision: String,
    /// The page facts the decision departs from on purpose, so that drift is quiet about
    /// them while the page says the same, and reports the page changing them.
    #[serde(default)]
    pub overrides: Vec<Override>,
}

/// A page fact a quirk's decision departs from: what drift would report, and the page's
/// value it holds the spec against.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// The drift rule id, e.g. `field-type`.
    pub rule: String,
    /// The spec path drift reports the fact at, one of the quirk's `applies_to` or under
    /// one.
    pub at: String,
    /// The page's value as drift prints it (`String`, `not stated`).
    pub page: String,
}
