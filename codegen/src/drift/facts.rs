//! One page row against one spec parameter or field: mandatory, type, range, length,
//! pattern, enum values, default and deprecation, each as the page and the spec state it.

use crate::ir::{Field, Ir, Param, ParamTy, TypeIr, Variant};
use crate::page::{Bounds, Length, PageType, Row};
use crate::spec::{Constraints, Location, Number, ScalarType};

use super::Rule;

/// The facts of a parameter or field as the spec states them, in the page's terms.
pub(super) struct SpecItem {
    /// `None` where the page's table has no Mandatory column to compare with.
    pub required: Option<bool>,
    pub ty: PageType,
    pub bounds: Bounds,
    pub length: Length,
    pub pattern: Option<String>,
    pub values: Vec<String>,
    pub default: Option<String>,
    pub deprecated: bool,
    /// The spec says where the item's facts come from when the page lacks them: facts
    /// the page does not state are not drift.
    pub inferred: bool,
}

impl SpecItem {
    pub fn of_param(ir: &Ir, p: &Param) -> SpecItem {
        let values = match &p.ty {
            ParamTy::Enum(name) => values_of(ir, &TypeIr::Enum(name.clone()), None),
            ParamTy::Plain | ParamTy::Newtype(_) => Vec::new(),
        };
        let c = &p.constraints;
        SpecItem {
            // A path parameter is always mandatory.
            required: Some(p.required || p.location == Location::Path),
            ty: p.scalar.page_type(),
            bounds: Bounds {
                min: c.minimum,
                max: c.maximum,
            },
            length: length(c),
            pattern: c.pattern.clone(),
            values,
            default: p.default.as_ref().map(|d| d.wire_text()),
            deprecated: p.deprecated.is_some(),
            inferred: p.inferred.is_some(),
        }
    }

    /// A field; `mandatory` when the page's table has the column (a request model's).
    pub fn of_field(ir: &Ir, f: &Field, mandatory: bool) -> SpecItem {
        let c = &f.constraints;
        SpecItem {
            required: mandatory.then_some(f.required),
            ty: page_type(ir, &f.ty),
            bounds: Bounds {
                min: c.minimum,
                max: c.maximum,
            },
            length: length(c),
            pattern: c.pattern.clone(),
            values: values_of(ir, &f.ty, f.checked.as_deref()),
            default: f.default.as_ref().map(|d| d.wire_text()),
            deprecated: f.deprecated.is_some(),
            inferred: f.inferred.is_some(),
        }
    }

    /// A value that is only a type (an envelope's `result`).
    pub fn of_type(ir: &Ir, ty: &TypeIr) -> SpecItem {
        SpecItem {
            required: None,
            ty: page_type(ir, ty),
            bounds: Bounds::default(),
            length: Length::default(),
            pattern: None,
            values: values_of(ir, ty, None),
            default: None,
            deprecated: false,
            inferred: false,
        }
    }
}

fn length(c: &Constraints) -> Length {
    let (min, max) = c.length_bounds();
    Length { min, max }
}

/// How a page prints a spec type. Object names are the page's own business (the spec may
/// name a model otherwise), so they are compared apart from the shape.
pub(super) fn page_type(ir: &Ir, ty: &TypeIr) -> PageType {
    match ty {
        TypeIr::Scalar(s) => s.page_type(),
        TypeIr::Enum(name) => enum_scalar(ir, name).page_type(),
        TypeIr::Model(name) => PageType::Object(name.clone()),
        TypeIr::Array(item) => PageType::Array(Box::new(page_type(ir, item))),
        TypeIr::Map(value) => PageType::Map(Box::new(page_type(ir, value))),
    }
}

/// The scalar and values of the enum (a response enum or a request value type) named
/// `name`.
fn named_enum<'a>(ir: &'a Ir, name: &str) -> Option<(ScalarType, &'a [Variant])> {
    let response = ir
        .response_enums
        .iter()
        .find(|e| e.name == name)
        .map(|e| (e.scalar, e.variants.as_slice()));
    response.or_else(|| {
        ir.param_types
            .iter()
            .find(|t| t.name == name)
            .map(|t| (t.scalar, t.variants.as_slice()))
    })
}

fn enum_scalar(ir: &Ir, name: &str) -> ScalarType {
    named_enum(ir, name)
        .map(|(scalar, _)| scalar)
        .expect("internal error: an enum type lowering did not record")
}

/// The documented values of a type's enum (of its items, for an array), or of the
/// request value type that checks it.
fn values_of(ir: &Ir, ty: &TypeIr, checked: Option<&str>) -> Vec<String> {
    let named = match ty {
        TypeIr::Enum(name) => Some(name.as_str()),
        TypeIr::Array(item) => return values_of(ir, item, checked),
        _ => checked,
    };
    named
        .and_then(|name| named_enum(ir, name))
        .map_or_else(Vec::new, |(_, variants)| wire_texts(variants))
}

fn wire_texts(variants: &[Variant]) -> Vec<String> {
    variants.iter().map(|v| v.value.wire_text()).collect()
}

/// The same shape, whatever the objects are named.
pub(super) fn same_shape(a: &PageType, b: &PageType) -> bool {
    match (a, b) {
        (PageType::Object(_), PageType::Object(_)) => true,
        (PageType::Array(a), PageType::Array(b)) | (PageType::Map(a), PageType::Map(b)) => {
            same_shape(a, b)
        }
        _ => a == b,
    }
}

/// Whether the item is a parameter or a field: which rules its facts report under.
#[derive(Clone, Copy)]
pub(super) enum Subject {
    Parameter,
    Field,
}

#[derive(Clone, Copy)]
enum Fact {
    Mandatory,
    Type,
    Range,
    Length,
    Pattern,
    Enum,
    Default,
    Deprecated,
}

impl Subject {
    fn rule(self, fact: Fact) -> Rule {
        match (self, fact) {
            (Subject::Parameter, Fact::Mandatory) => Rule::ParameterMandatory,
            (Subject::Parameter, Fact::Type) => Rule::ParameterType,
            (Subject::Parameter, Fact::Range) => Rule::ParameterRange,
            (Subject::Parameter, Fact::Length) => Rule::ParameterLength,
            (Subject::Parameter, Fact::Pattern) => Rule::ParameterPattern,
            (Subject::Parameter, Fact::Enum) => Rule::ParameterEnum,
            (Subject::Parameter, Fact::Default) => Rule::ParameterDefault,
            (Subject::Parameter, Fact::Deprecated) => Rule::ParameterDeprecated,
            (Subject::Field, Fact::Mandatory) => Rule::FieldMandatory,
            (Subject::Field, Fact::Type) => Rule::FieldType,
            (Subject::Field, Fact::Range) => Rule::FieldRange,
            (Subject::Field, Fact::Length) => Rule::FieldLength,
            (Subject::Field, Fact::Pattern) => Rule::FieldPattern,
            (Subject::Field, Fact::Enum) => Rule::FieldEnum,
            (Subject::Field, Fact::Default) => Rule::FieldDefault,
            (Subject::Field, Fact::Deprecated) => Rule::FieldDeprecated,
        }
    }
}

/// A disagreement on one fact: the rule, the page line, both values, the message.
pub(super) struct Disagreement {
    pub rule: Rule,
    pub line: usize,
    pub page: String,
    pub spec: String,
    pub message: String,
}

/// Every fact of `row` the spec states otherwise. A fact the page leaves unstated is a
/// disagreement only when the spec does not say it inferred the item.
pub(super) fn compare(row: &Row, item: &SpecItem, subject: Subject) -> Vec<Disagreement> {
    let mut out = Vec::new();
    let mut push = |fact: Fact, line: usize, page: String, spec: String, what: &str| {
        out.push(Disagreement {
            rule: subject.rule(fact),
            line,
            message: format!(
                "`{}`: the page's {what} is `{page}`; the spec's is `{spec}`.",
                row.name
            ),
            page,
            spec,
        });
    };
    if let (Some(page), Some(spec)) = (row.mandatory, item.required)
        && page != spec
    {
        push(
            Fact::Mandatory,
            row.line,
            yes_no(page).into(),
            yes_no(spec).into(),
            "Mandatory",
        );
    }
    if let Some(ty) = &row.ty
        && !same_shape(ty, &item.ty)
    {
        push(
            Fact::Type,
            row.line,
            ty.describe(),
            item.ty.describe(),
            "type",
        );
    }
    let unstated = |spec_has: bool| spec_has && !item.inferred;
    let page_bounds = row.facts.bounds.map(|(_, b)| b);
    let spec_bounds = (item.bounds != Bounds::default()).then_some(item.bounds);
    if !same_bounds(page_bounds, spec_bounds)
        && (page_bounds.is_some() || unstated(spec_bounds.is_some()))
    {
        let line = row.facts.bounds.map_or(row.line, |(l, _)| l);
        push(
            Fact::Range,
            line,
            bounds_text(page_bounds),
            bounds_text(spec_bounds),
            "range",
        );
    }
    let page_length = row.facts.length.map(|(_, l)| l);
    let spec_length = (item.length != Length::default()).then_some(item.length);
    if page_length != spec_length && (page_length.is_some() || unstated(spec_length.is_some())) {
        let line = row.facts.length.map_or(row.line, |(l, _)| l);
        push(
            Fact::Length,
            line,
            length_text(page_length),
            length_text(spec_length),
            "length",
        );
    }
    match (&row.facts.rule, &item.pattern) {
        (Some((line, rule)), None) => push(
            Fact::Pattern,
            *line,
            rule.clone(),
            "no pattern".into(),
            "rule on characters",
        ),
        (None, Some(pattern)) if !item.inferred => push(
            Fact::Pattern,
            row.line,
            "not stated".into(),
            pattern.clone(),
            "rule on characters",
        ),
        _ => {}
    }
    let page_values: Vec<String> = row
        .facts
        .values
        .iter()
        .map(|(_, v)| v.value.clone())
        .collect();
    if !same_set(&page_values, &item.values)
        && (!page_values.is_empty() || unstated(!item.values.is_empty()))
    {
        let line = row.facts.values.first().map_or(row.line, |(l, _)| *l);
        push(
            Fact::Enum,
            line,
            values_text(&page_values),
            values_text(&item.values),
            "list of values",
        );
    }
    let page_default = row.facts.default.as_ref().map(|(_, d)| d.clone());
    if page_default != item.default && (page_default.is_some() || unstated(item.default.is_some()))
    {
        let line = row.facts.default.as_ref().map_or(row.line, |(l, _)| *l);
        let text = |d: &Option<String>| d.clone().unwrap_or_else(|| "not stated".into());
        push(
            Fact::Default,
            line,
            text(&page_default),
            text(&item.default),
            "default",
        );
    }
    if row.facts.deprecated.is_some() != item.deprecated {
        let line = row.facts.deprecated.unwrap_or(row.line);
        let text = |d: bool| if d { "deprecated" } else { "not deprecated" };
        push(
            Fact::Deprecated,
            line,
            text(row.facts.deprecated.is_some()).into(),
            text(item.deprecated).into(),
            "deprecation",
        );
    }
    out
}

fn yes_no(b: bool) -> &'static str {
    if b { "Yes" } else { "No" }
}

fn as_f64(n: Number) -> f64 {
    match n {
        Number::Int(i) => i as f64,
        Number::Float(d) => d.0,
    }
}

fn same_bounds(a: Option<Bounds>, b: Option<Bounds>) -> bool {
    let same = |x: Option<Number>, y: Option<Number>| match (x, y) {
        (Some(x), Some(y)) => as_f64(x) == as_f64(y),
        (None, None) => true,
        _ => false,
    };
    match (a, b) {
        (Some(a), Some(b)) => same(a.min, b.min) && same(a.max, b.max),
        (None, None) => true,
        _ => false,
    }
}

fn same_set(a: &[String], b: &[String]) -> bool {
    let mut a = a.to_vec();
    let mut b = b.to_vec();
    a.sort();
    b.sort();
    a == b
}

/// `1~100`, `at least 1`, `at most 100`, `not stated`.
pub(super) fn bounds_text(b: Option<Bounds>) -> String {
    match b.map(|b| (b.min, b.max)) {
        Some((Some(min), Some(max))) => format!("{min}~{max}"),
        Some((Some(min), None)) => format!("at least {min}"),
        Some((None, Some(max))) => format!("at most {max}"),
        Some((None, None)) | None => "not stated".into(),
    }
}

/// `32 characters`, `1–64 characters`, `at most 100 characters`, `not stated`.
pub(super) fn length_text(l: Option<Length>) -> String {
    match l.map(|l| (l.min, l.max)) {
        Some((Some(min), Some(max))) if min == max => format!("{min} characters"),
        Some((Some(min), Some(max))) => format!("{min}–{max} characters"),
        Some((Some(min), None)) => format!("at least {min} characters"),
        Some((None, Some(max))) => format!("at most {max} characters"),
        Some((None, None)) | None => "not stated".into(),
    }
}

fn values_text(values: &[String]) -> String {
    if values.is_empty() {
        "not stated".into()
    } else {
        values.join(", ")
    }
}
