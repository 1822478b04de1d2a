//! What each type is, decided once: a scalar's kind (which constraints it takes, how its
//! range is checked and sampled), its Rust spelling and literals, how a caller passes it,
//! which scalars it reads, its OpenAPI type and format and the type column a page prints
//! for it; a field or body type as Rust spells it; the traits each generated type derives.
//! The emitters, the OpenAPI export, the diff and drift read these instead of matching on
//! kinds themselves.

use std::collections::BTreeSet;

use crate::ir::{Model, Param, ParamTy, ParamType, TypeIr};
use crate::page::PageType;
use crate::spec::{Constraints, Decimal, Literal, Number, ScalarType};

/// What kind of value a scalar holds. The kind decides which constraints the scalar
/// takes, how a documented range is read and checked, and how a sample is made; code that
/// needs one of those matches on the kind, so that a new scalar of an existing kind only
/// has to say what it is here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// Text: lengths and a pattern; a range reads the text as digits.
    Text,
    /// An exact integer: an inclusive range.
    Integer,
    /// A floating-point number: inclusive or exclusive finite bounds, and every value
    /// checked finite.
    Float,
    /// `true` or `false`: no constraints.
    Flag,
}

impl ScalarType {
    /// What kind of value this scalar holds.
    pub fn kind(self) -> ValueKind {
        match self {
            ScalarType::String => ValueKind::Text,
            ScalarType::Int32 | ScalarType::Int64 => ValueKind::Integer,
            ScalarType::Number => ValueKind::Float,
            ScalarType::Boolean => ValueKind::Flag,
        }
    }

    /// Whether values are exact integers.
    pub fn is_integer(self) -> bool {
        self.kind() == ValueKind::Integer
    }

    /// Whether a documented range (`minimum`, `maximum`) applies: to numbers, integers
    /// and digit strings.
    pub fn takes_range(self) -> bool {
        self.kind() != ValueKind::Flag
    }

    /// Whether exclusive bounds apply; an integer's range is written inclusive.
    pub fn takes_exclusive_bounds(self) -> bool {
        self.kind() == ValueKind::Float
    }

    /// A spec literal of this scalar written as Rust source: a number as an `f64`
    /// literal (`1.0`, `0.5`), text as a string literal, anything else as it reads.
    pub fn rust_literal(self, l: &Literal) -> String {
        match (self.kind(), l) {
            (ValueKind::Float, Literal::Int(i)) => Decimal(*i as f64).to_string(),
            _ => l.to_string(),
        }
    }

    /// A bound of a range on this scalar as a Rust literal of [`bound_rust`]: an `f64`
    /// for a number (`0.0`), an integer for the rest.
    ///
    /// [`bound_rust`]: ScalarType::bound_rust
    pub fn bound_literal(self, bound: Number) -> proc_macro2::Literal {
        match (self.kind(), bound) {
            (ValueKind::Float, bound) => proc_macro2::Literal::f64_unsuffixed(bound.as_f64()),
            (_, Number::Int(i)) => proc_macro2::Literal::i64_unsuffixed(i),
            (_, Number::Float(d)) => proc_macro2::Literal::f64_unsuffixed(d.0),
        }
    }

    /// The Rust type of a range's bounds: the scalar's own, but `i64` for the digits of
    /// a text.
    pub fn bound_rust(self) -> &'static str {
        match self.kind() {
            ValueKind::Text => "i64",
            _ => self.rust(),
        }
    }

    /// Whether a Rust field of this type reads every JSON value documented as `new`: a
    /// wider integer reads a narrower one, and an `f64` reads any integer (rounded past
    /// 2^53, as JSON readers do).
    pub fn reads_values_of(self, new: ScalarType) -> bool {
        self == new
            || (self == ScalarType::Int64 && new == ScalarType::Int32)
            || (self.kind() == ValueKind::Float && new.is_integer())
    }

    /// The client's check of a value against the documented range `c`, as the call that
    /// the generated constructor makes on its `value` (pushing to `failures`); `None`
    /// when there is nothing to check. A number is always checked: it must be finite.
    pub fn range_check(self, c: &Constraints) -> Option<proc_macro2::TokenStream> {
        use quote::quote;
        let some = |v: Option<i64>| v.map_or(quote! { None }, |v| quote! { Some(#v) });
        let bound = |v: Option<Number>| {
            v.map_or(quote! { None }, |v| {
                let v = self.bound_literal(v);
                quote! { Some(#v) }
            })
        };
        let (min, max) = c.int_range();
        match self.kind() {
            ValueKind::Float => {
                let bounds = [
                    c.minimum,
                    c.exclusive_minimum,
                    c.maximum,
                    c.exclusive_maximum,
                ]
                .map(bound);
                Some(quote! { crate::check::number(value, #( #bounds ),*, &mut failures); })
            }
            ValueKind::Text if c.has_range() => {
                let (min, max) = (some(min), some(max));
                Some(quote! { crate::check::digits_range(&value, #min, #max, &mut failures); })
            }
            ValueKind::Integer if c.has_range() => {
                let (min, max) = (some(min), some(max));
                // The check compares `i64`s; a narrower integer widens losslessly.
                let widened = if self.rust() == "i64" {
                    quote! { value }
                } else {
                    quote! { i64::from(value) }
                };
                Some(quote! { crate::check::range(#widened, #min, #max, &mut failures); })
            }
            ValueKind::Text | ValueKind::Integer | ValueKind::Flag => None,
        }
    }

    /// Why `value` breaks the documented range `c` or does not fit this scalar, each as
    /// what follows the value's name in a message (`"is outside the range 1..=100"`):
    /// the generator's own run of [`range_check`](ScalarType::range_check) on a documented
    /// value. `None` when `value` is not of this scalar's kind at all.
    pub fn range_refusals(self, c: &Constraints, value: &Literal) -> Option<Vec<String>> {
        let mut out = Vec::new();
        match (value, self.kind()) {
            (Literal::Int(v), ValueKind::Integer) => {
                if !self.holds(value) {
                    out.push(format!("does not fit in {self}"));
                }
                if !c.in_range(Number::Int(*v)) {
                    out.push(format!("is outside the range {}", range_text(c)));
                }
            }
            (Literal::Int(_) | Literal::Float(_), ValueKind::Float) => {
                let v = value.as_number()?;
                if !v.as_f64().is_finite() {
                    out.push("is not a finite number".to_owned());
                } else if !c.in_range(v) {
                    out.push(format!("is outside the range {}", range_text(c)));
                }
            }
            (Literal::Str(s), ValueKind::Text) => {
                if c.has_range() {
                    let (min, max) = c.int_range();
                    match crate::sample::digits_value(s) {
                        None => out.push("is not digits, which its range asks for".to_owned()),
                        Some(n)
                            if min.is_some_and(|m| n < i128::from(m))
                                || max.is_some_and(|m| n > i128::from(m)) =>
                        {
                            out.push("is outside the range of its digits".to_owned())
                        }
                        Some(_) => {}
                    }
                }
            }
            (Literal::Bool(_), ValueKind::Flag) => {}
            _ => return None,
        }
        Some(out)
    }

    /// The Rust type of a value of this scalar (`String`, `i32`).
    pub fn rust(self) -> &'static str {
        match self {
            ScalarType::String => "String",
            ScalarType::Int32 => "i32",
            ScalarType::Int64 => "i64",
            ScalarType::Boolean => "bool",
            ScalarType::Number => "f64",
        }
    }

    /// The type of an argument or setter taking this scalar: text as `impl Into<String>`,
    /// so that `&str` and `String` both do; everything else by value.
    pub fn argument(self) -> &'static str {
        match self {
            ScalarType::String => "impl Into<String>",
            other => other.rust(),
        }
    }

    /// Whether values are text, passed and stored as `String`.
    pub fn is_text(self) -> bool {
        self.kind() == ValueKind::Text
    }

    /// The type column a help-center page prints for this scalar (`Integer` for `int32`),
    /// which the page reader parses into the same value.
    pub fn page_type(self) -> PageType {
        match self {
            ScalarType::String => PageType::String,
            ScalarType::Int32 => PageType::Integer,
            ScalarType::Int64 => PageType::Long,
            ScalarType::Boolean => PageType::Boolean,
            ScalarType::Number => PageType::Number,
        }
    }

    /// The scalar a page's type column stands for, when it is a scalar.
    pub fn of_page_type(ty: &PageType) -> Option<ScalarType> {
        ScalarType::ALL.into_iter().find(|s| s.page_type() == *ty)
    }

    /// The OpenAPI (JSON Schema) `type` and `format`.
    pub fn openapi(self) -> (&'static str, Option<&'static str>) {
        match self {
            ScalarType::String => ("string", None),
            ScalarType::Int32 => ("integer", Some("int32")),
            ScalarType::Int64 => ("integer", Some("int64")),
            ScalarType::Boolean => ("boolean", None),
            ScalarType::Number => ("number", Some("double")),
        }
    }

    /// Whether a response's JSON `v` reads as a value of this scalar (`accept_integer`: a
    /// string field that also takes an integer).
    pub fn reads_json(self, v: &serde_json::Value, accept_integer: bool) -> bool {
        match self {
            ScalarType::String => v.is_string() || (accept_integer && (v.is_i64() || v.is_u64())),
            ScalarType::Int32 => v.as_i64().is_some_and(|i| i32::try_from(i).is_ok()),
            ScalarType::Int64 => v.is_i64(),
            ScalarType::Boolean => v.is_boolean(),
            ScalarType::Number => v.is_number(),
        }
    }

    /// The spec literal a request's JSON `v` writes for this scalar, for the checks that
    /// documented values must pass; `None` when `v` is of another JSON kind. The value is
    /// not yet checked against the scalar's range (an int32 may be too large).
    pub fn literal_of(self, v: &serde_json::Value) -> Option<Literal> {
        use serde_json::Value;
        Some(match v {
            Value::String(s) => Literal::Str(s.clone()),
            Value::Bool(b) => Literal::Bool(*b),
            Value::Number(n) if n.is_i64() => Literal::Int(n.as_i64()?),
            // A decimal, or an integer past `i64`: a number's value either way.
            Value::Number(n) if self.kind() == ValueKind::Float => {
                Literal::Float(Decimal(n.as_f64()?))
            }
            _ => return None,
        })
    }

    /// Whether values can be enumerated: text and integers, compared exactly (a boolean
    /// has its two values already; a number's equality is not exact).
    pub fn enumerable(self) -> bool {
        matches!(self.kind(), ValueKind::Text | ValueKind::Integer)
    }

    /// Whether the spec literal `l` is a value of this scalar: of its kind, and an int32
    /// within 32 bits (documented constraints apart).
    pub fn holds(self, l: &Literal) -> bool {
        match (l, self) {
            (Literal::Str(_), ScalarType::String)
            | (Literal::Int(_), ScalarType::Int64)
            | (Literal::Bool(_), ScalarType::Boolean)
            | (Literal::Int(_) | Literal::Float(_), ScalarType::Number) => true,
            (Literal::Int(i), ScalarType::Int32) => i32::try_from(*i).is_ok(),
            _ => false,
        }
    }

    /// Whether equality of values is total (`Eq`, `Ord`, `Hash` derive): not for an
    /// `f64`, whose NaN equals nothing.
    pub fn is_total(self) -> bool {
        self.kind() != ValueKind::Float
    }

    /// Whether every value is checked before it is sent, documented constraints or not: a
    /// number must be finite, since JSON has no NaN or infinity (serde_json would write
    /// `null`) and a URL's `inf` means nothing to the service.
    pub fn always_checked(self) -> bool {
        self.kind() == ValueKind::Float
    }
}

/// A range as `1..=100`, `0.0<..<1.0` for the messages: `<` marks an exclusive end.
fn range_text(c: &Constraints) -> String {
    let shown =
        |b: Option<(Number, bool)>| b.map_or((String::new(), false), |(n, ex)| (n.to_string(), ex));
    let ((lo, lo_ex), (hi, hi_ex)) = (shown(c.lower()), shown(c.upper()));
    format!(
        "{lo}{}..{}{hi}",
        if lo_ex { "<" } else { "" },
        if hi_ex { "<" } else { "=" }
    )
}

impl TypeIr {
    /// The model the type is, or holds (as an array's items or a map's values).
    pub fn model(&self) -> Option<&str> {
        match self {
            TypeIr::Model(name) => Some(name),
            TypeIr::Array(inner) | TypeIr::Map(inner) => inner.model(),
            TypeIr::Scalar(_) | TypeIr::Enum(_) => None,
        }
    }

    /// The type as Rust spells it in the client crate (`Vec<RepoInfo>`); generated types by
    /// their bare names.
    pub fn rust(&self) -> String {
        self.qualified("")
    }
}

impl TypeIr {
    /// The type as the client crate's code writes it, generated types prefixed with
    /// `generated` (`crate::`, or nothing).
    pub fn qualified(&self, generated: &str) -> String {
        match self {
            TypeIr::Scalar(s) => s.rust().to_string(),
            TypeIr::Enum(name) | TypeIr::Model(name) => format!("{generated}{name}"),
            TypeIr::Array(inner) => format!("Vec<{}>", inner.qualified(generated)),
            // Sorted keys: a map goes out as deterministic JSON, as the rest of a body.
            TypeIr::Map(inner) => format!(
                "std::collections::BTreeMap<String, {}>",
                inner.qualified(generated)
            ),
        }
    }

    /// Whether the type's equality is total, given which models' is (see [`total_models`]).
    pub fn is_total(&self, total_model: &dyn Fn(&str) -> bool) -> bool {
        match self {
            TypeIr::Scalar(s) => s.is_total(),
            TypeIr::Enum(_) => true,
            TypeIr::Model(name) => total_model(name),
            TypeIr::Array(inner) | TypeIr::Map(inner) => inner.is_total(total_model),
        }
    }

    /// The type of an argument or setter taking a value of this type: a scalar's
    /// [`argument`](ScalarType::argument) form, anything else as stored.
    pub fn argument(&self, generated: &str) -> String {
        match self {
            TypeIr::Scalar(s) => s.argument().to_string(),
            other => other.qualified(generated),
        }
    }

    /// Whether the argument is converted into the stored value (`.into()` of text).
    pub fn argument_converts(&self) -> bool {
        self.argument("") != self.qualified("")
    }
}

/// The models whose equality is total: every field's type is (a model holding an `f64`,
/// directly or through another model, is not). Worked out to a fixed point, so that the
/// order of the models does not matter.
pub fn total_models(models: &[Model]) -> BTreeSet<String> {
    let mut total: BTreeSet<String> = models.iter().map(|m| m.name.clone()).collect();
    loop {
        let before = total.len();
        let partial: Vec<String> = models
            .iter()
            .filter(|m| total.contains(&m.name))
            .filter(|m| {
                !m.fields
                    .iter()
                    .all(|f| f.ty.is_total(&|name| total.contains(name)))
            })
            .map(|m| m.name.clone())
            .collect();
        for name in partial {
            total.remove(&name);
        }
        if total.len() == before {
            return total;
        }
    }
}

impl Model {
    /// The traits the model derives, in the order they are written.
    pub fn derives(&self) -> Vec<&'static str> {
        let mut out = vec!["Debug", "Clone"];
        // A request model with required fields has no sensible empty value; a response
        // model reads every field as optional, so it has one.
        if !self.request || self.fields.iter().all(|f| !f.required) {
            out.push("Default");
        }
        out.push("PartialEq");
        if self.total {
            out.push("Eq");
        }
        out.extend(["Serialize", "Deserialize"]);
        out
    }
}

impl ParamType {
    /// The traits a newtype of this type derives. A secret leaves out `Debug` (it writes
    /// its own, redacted); a number has no total order or hash.
    pub fn newtype_derives(&self) -> &'static [&'static str] {
        if self.sensitive {
            &["Clone", "PartialEq", "Eq", "Hash"]
        } else if self.scalar.is_text() {
            &[
                "Debug",
                "Clone",
                "PartialEq",
                "Eq",
                "PartialOrd",
                "Ord",
                "Hash",
            ]
        } else if self.scalar.is_total() {
            &[
                "Debug",
                "Clone",
                "Copy",
                "PartialEq",
                "Eq",
                "PartialOrd",
                "Ord",
                "Hash",
            ]
        } else {
            &["Debug", "Clone", "Copy", "PartialEq", "PartialOrd"]
        }
    }
}

impl Param {
    /// The Rust type a request builder keeps the caller's value in: the parameter's enum,
    /// else its scalar (a newtype's checks run on send). Generated types are prefixed
    /// with `generated` (`crate::`, `codearts_client::`, or nothing).
    pub fn stored_type(&self, generated: &str) -> String {
        match &self.ty {
            ParamTy::Enum(name) => format!("{generated}{name}"),
            ParamTy::Plain | ParamTy::Newtype(_) => self.scalar.rust().to_string(),
        }
    }

    /// The type a caller passes for the parameter: its enum, else its scalar's
    /// [`argument`](ScalarType::argument) form (`impl Into<String>` for text).
    pub fn argument_type(&self, generated: &str) -> String {
        match &self.ty {
            ParamTy::Enum(_) => self.stored_type(generated),
            ParamTy::Plain | ParamTy::Newtype(_) => self.scalar.argument().to_string(),
        }
    }

    /// Whether the argument is converted into the stored value (`.into()` of text).
    pub fn argument_converts(&self) -> bool {
        self.argument_type("") != self.stored_type("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scalar_has_one_spelling_per_use() {
        assert_eq!(ScalarType::String.argument(), "impl Into<String>");
        assert_eq!(ScalarType::Int64.argument(), "i64");
        assert_eq!(ScalarType::Int32.openapi(), ("integer", Some("int32")));
        assert!(ScalarType::String.is_text() && !ScalarType::Boolean.is_text());
        let t = TypeIr::Array(Box::new(TypeIr::Model("Repo".into())));
        assert_eq!(t.rust(), "Vec<Repo>");
        assert_eq!(ScalarType::Number.rust(), "f64");
        assert_eq!(ScalarType::Number.openapi(), ("number", Some("double")));
        let m = TypeIr::Map(Box::new(TypeIr::Scalar(ScalarType::Number)));
        assert_eq!(m.rust(), "std::collections::BTreeMap<String, f64>");
        assert!(!m.is_total(&|_| true));
    }

    #[test]
    fn literals_are_held_by_their_scalars_and_only_text_and_integers_enumerate() {
        assert!(ScalarType::Int32.holds(&Literal::Int(i64::from(i32::MAX))));
        assert!(!ScalarType::Int32.holds(&Literal::Int(i64::from(i32::MAX) + 1)));
        assert!(ScalarType::Number.holds(&Literal::Int(3)));
        assert!(!ScalarType::String.holds(&Literal::Int(3)));
        assert!(!ScalarType::Boolean.holds(&Literal::Str("true".into())));
        let enumerable: Vec<_> = ScalarType::ALL.iter().filter(|s| s.enumerable()).collect();
        assert_eq!(
            enumerable,
            [&ScalarType::String, &ScalarType::Int32, &ScalarType::Int64]
        );
    }

    #[test]
    fn a_kind_decides_constraints_literals_and_widening() {
        let kinds: Vec<_> = ScalarType::ALL.iter().map(|s| s.kind()).collect();
        assert_eq!(
            kinds,
            [
                ValueKind::Text,
                ValueKind::Integer,
                ValueKind::Integer,
                ValueKind::Flag,
                ValueKind::Float
            ]
        );
        assert!(ScalarType::String.takes_range() && !ScalarType::Boolean.takes_range());
        assert!(ScalarType::Number.takes_exclusive_bounds());
        assert!(!ScalarType::Int64.takes_exclusive_bounds());
        assert_eq!(ScalarType::Number.rust_literal(&Literal::Int(5)), "5.0");
        assert_eq!(ScalarType::Int32.rust_literal(&Literal::Int(5)), "5");
        assert_eq!(
            ScalarType::String.rust_literal(&Literal::Str("a\"b".into())),
            "\"a\\\"b\""
        );
        assert_eq!(
            ScalarType::Number.bound_literal(Number::Int(0)).to_string(),
            "0.0"
        );
        assert_eq!(
            ScalarType::Int32.bound_literal(Number::Int(7)).to_string(),
            "7"
        );
        assert_eq!(ScalarType::String.bound_rust(), "i64");
        assert_eq!(ScalarType::Int32.bound_rust(), "i32");
        assert!(ScalarType::Int64.reads_values_of(ScalarType::Int32));
        assert!(!ScalarType::Int32.reads_values_of(ScalarType::Int64));
        assert!(ScalarType::Number.reads_values_of(ScalarType::Int64));
        assert!(!ScalarType::Int64.reads_values_of(ScalarType::Number));
    }

    #[test]
    fn a_kind_checks_its_range_in_the_client_and_in_the_generator_alike() {
        let c = Constraints {
            minimum: Some(Number::Int(1)),
            maximum: Some(Number::Int(100)),
            ..Constraints::default()
        };
        let call = |s: ScalarType| s.range_check(&c).map(|t| t.to_string());
        assert!(
            call(ScalarType::Int32)
                .unwrap()
                .contains("check :: range (i64 :: from (value)")
        );
        assert!(
            call(ScalarType::Int64)
                .unwrap()
                .contains("check :: range (value")
        );
        assert!(call(ScalarType::String).unwrap().contains("digits_range"));
        assert!(call(ScalarType::Number).unwrap().contains("Some (1.0)"));
        assert_eq!(call(ScalarType::Boolean), None);
        let unbounded = Constraints::default();
        assert!(
            ScalarType::Number.range_check(&unbounded).is_some(),
            "finite, always"
        );
        assert!(ScalarType::Int32.range_check(&unbounded).is_none());
        let why = |s: ScalarType, l: Literal| s.range_refusals(&c, &l);
        assert_eq!(why(ScalarType::Int32, Literal::Int(50)), Some(vec![]));
        assert_eq!(
            why(ScalarType::Int32, Literal::Int(0)),
            Some(vec!["is outside the range 1..=100".to_owned()])
        );
        assert_eq!(
            why(ScalarType::Number, Literal::Float(Decimal(f64::INFINITY))),
            Some(vec!["is not a finite number".to_owned()])
        );
        assert_eq!(
            why(ScalarType::String, Literal::Str("1e3".into())),
            Some(vec!["is not digits, which its range asks for".to_owned()])
        );
        assert_eq!(
            why(ScalarType::Boolean, Literal::Int(1)),
            None,
            "not a boolean"
        );
    }

    #[test]
    fn json_values_read_as_their_scalars() {
        use serde_json::json;
        assert!(ScalarType::Number.reads_json(&json!(3), false));
        assert!(ScalarType::Number.reads_json(&json!(2.5), false));
        assert!(!ScalarType::Int64.reads_json(&json!(2.5), false));
        assert!(!ScalarType::Int32.reads_json(&json!(3_000_000_000_i64), false));
        assert!(ScalarType::String.reads_json(&json!(7), true));
        assert!(!ScalarType::String.reads_json(&json!(7), false));
        assert_eq!(
            ScalarType::Number.literal_of(&json!(2.5)),
            Some(Literal::Float(Decimal(2.5)))
        );
        assert_eq!(
            ScalarType::Number.literal_of(&json!(2)),
            Some(Literal::Int(2))
        );
        // A decimal is no integer's literal: the checks then say what it should be.
        assert_eq!(ScalarType::Int32.literal_of(&json!(2.5)), None);
        assert_eq!(ScalarType::String.literal_of(&json!(null)), None);
    }

    fn model(name: &str, fields: &[TypeIr]) -> Model {
        Model {
            name: name.into(),
            description: String::new(),
            fields: fields
                .iter()
                .map(|ty| crate::ir::Field {
                    wire: "f".into(),
                    rust_name: "f".into(),
                    ty: ty.clone(),
                    required: false,
                    default: None,
                    item_count: Default::default(),
                    checked: None,
                    description: String::new(),
                    nullable: false,
                    accept_integer: false,
                    format: None,
                    constraints: Default::default(),
                    inferred: None,
                    deprecated: None,
                })
                .collect(),
            inferred: None,
            request: false,
            read: false,
            total: true,
        }
    }

    #[test]
    fn a_number_anywhere_below_a_model_takes_its_eq_away() {
        let m = |n: &str| TypeIr::Model(n.into());
        let models = [
            // Listed before what makes it partial: the fixed point does not depend on order.
            model("Outer", &[TypeIr::Array(Box::new(m("Middle")))]),
            model("Middle", &[TypeIr::Map(Box::new(m("Inner")))]),
            model("Inner", &[TypeIr::Scalar(ScalarType::Number)]),
            model("Plain", &[TypeIr::Scalar(ScalarType::Int64), m("Plain2")]),
            model("Plain2", &[TypeIr::Scalar(ScalarType::String)]),
        ];
        let total = total_models(&models);
        assert_eq!(
            total.into_iter().collect::<Vec<_>>(),
            ["Plain", "Plain2"],
            "only the models without a number below them"
        );
    }
}
