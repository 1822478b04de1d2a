//! A value each parameter accepts, for the calls the workspace's tests and benchmarks make
//! of every operation: the documented example, else the default, else the first enum
//! value, else the smallest value the constraints allow. Validation refuses a parameter for
//! which none can be found; lowering stores the value in `ir::Param::sample`.

use std::collections::BTreeMap;

use regex::Regex;
use serde_json::Value;

use crate::load::Item;
use crate::pattern;
use crate::spec::{
    Constraints, Decimal, EnumValue, FieldKind, ItemCount, Literal, Model, Parameter, RequestBody,
    ScalarType,
};
use crate::types::ValueKind;

/// The longest string made up, in characters: a longer shortest length needs an example.
pub const LONGEST: usize = 1_000_000;

/// Characters a made-up string is built of, tried in turn against the pattern.
const FILLERS: [char; 6] = ['a', '0', 'A', '_', '-', '.'];

/// A number inside `c`'s range: 1.0 when the range has it, else an inclusive bound, else a
/// point strictly between the bounds or one past the only bound.
fn number(c: &Constraints) -> f64 {
    let as_f64 = |(b, _): (crate::spec::Number, bool)| b.as_f64();
    let (lo, hi) = (c.lower().map(as_f64), c.upper().map(as_f64));
    let inside = |v: f64| c.in_range(crate::spec::Number::Float(Decimal(v)));
    let mut candidates = vec![1.0];
    candidates.extend(lo);
    candidates.extend(hi);
    if let (Some(a), Some(b)) = (lo, hi) {
        candidates.push(a / 2.0 + b / 2.0);
    }
    candidates.extend(lo.map(|b| b + 1.0));
    candidates.extend(hi.map(|b| b - 1.0));
    // Validation refuses an empty range; one too narrow for any of these keeps 1.0, which
    // the checks then refuse, loudly, in the tests that send it.
    candidates.into_iter().find(|v| inside(*v)).unwrap_or(1.0)
}

/// A value `p` accepts; `None` when only an `example` could say (a pattern none of the
/// made-up strings matches, or a shortest length over [`LONGEST`]).
pub fn param(p: &Parameter) -> Option<Literal> {
    let given = p.example.as_ref().or(p.default.as_ref());
    value(p.ty, &p.constraints(), p.values.as_deref(), given)
}

/// A value of `ty` that passes `c` and is one of `values`: `given` (an example or a
/// default) when there is one, else the first enum value, else the smallest value `c`
/// allows.
pub fn value(
    ty: ScalarType,
    c: &Constraints,
    values: Option<&[EnumValue]>,
    given: Option<&Literal>,
) -> Option<Literal> {
    if let Some(value) = given {
        return Some(value.clone());
    }
    if let Some(first) = values.and_then(<[_]>::first) {
        return Some(first.value.clone());
    }
    match ty.kind() {
        ValueKind::Flag => Some(Literal::Bool(true)),
        ValueKind::Integer => {
            let (min, max) = c.int_range();
            let least = min.unwrap_or(1).max(1);
            Some(Literal::Int(max.map_or(least, |most| least.min(most))))
        }
        ValueKind::Float => Some(Literal::Float(Decimal(number(c)))),
        ValueKind::Text if c.has_range() => {
            // Digits of the smallest number the range allows, from 0.
            let (min, max) = c.int_range();
            let least = min.unwrap_or(0).max(0);
            let text = max.map_or(least, |most| least.min(most)).to_string();
            let fits_pattern = takes(c.pattern.as_deref())(&text);
            let len = text.chars().count() as u64;
            let fits_length = c.length.is_none_or(|l| l == len)
                && c.min_length.is_none_or(|l| l <= len)
                && c.max_length.is_none_or(|l| l >= len);
            (fits_pattern && fits_length).then_some(Literal::Str(text))
        }
        ValueKind::Text => {
            let shortest = c.length.or(c.min_length).unwrap_or(1).max(1);
            let len = c.max_length.map_or(shortest, |most| shortest.min(most));
            let len = usize::try_from(len).ok().filter(|&len| len <= LONGEST)?;
            let matches = takes(c.pattern.as_deref());
            FILLERS
                .iter()
                .map(|&c| c.to_string().repeat(len))
                .find(|text| matches(text))
                .map(Literal::Str)
        }
    }
}

/// Whether a text passes `pattern`. A pattern that does not compile has its own
/// diagnostic; it rules nothing out.
fn takes(pattern: Option<&str>) -> impl Fn(&str) -> bool {
    let re = pattern.map(|p| Regex::new(&pattern::for_rust(p)));
    move |text| match &re {
        Some(Ok(re)) => re.is_match(text),
        None | Some(Err(_)) => true,
    }
}

/// A JSON value a request body accepts, for the calls the catalogue makes: an object of
/// every required field's sample (optional fields left out, arrays with their fewest
/// items), or an array body with its fewest items. `None` when a required value cannot be
/// made up; validation then asks for the page's example body.
pub fn body(models: &BTreeMap<String, Item<Model>>, b: &RequestBody) -> Option<Value> {
    typed(
        models,
        b.kind,
        b.model.as_deref(),
        b.items,
        b.item_count(),
        0,
    )
}

/// Deeper than this, a chain of required models is a cycle, which validation refuses.
const DEEPEST: usize = 64;

fn typed(
    models: &BTreeMap<String, Item<Model>>,
    kind: FieldKind,
    model: Option<&str>,
    items: Option<ScalarType>,
    count: ItemCount,
    depth: usize,
) -> Option<Value> {
    if depth > DEEPEST {
        return None;
    }
    match kind {
        FieldKind::Model => object(models, model?, depth + 1),
        FieldKind::Array => {
            let item = match (model, items) {
                (Some(m), _) => object(models, m, depth + 1)?,
                (None, Some(s)) => json(&value(s, &Constraints::default(), None, None)?),
                (None, None) => return None,
            };
            let n = usize::try_from(count.min.unwrap_or(0)).ok()?;
            Some(Value::Array(vec![item; n]))
        }
        // No key is documented, so none is made up.
        FieldKind::Map => Some(Value::Object(serde_json::Map::new())),
        scalar => {
            let ty = FieldKind::scalar(scalar)?;
            Some(json(&value(ty, &Constraints::default(), None, None)?))
        }
    }
}

fn object(models: &BTreeMap<String, Item<Model>>, name: &str, depth: usize) -> Option<Value> {
    let m = &models.get(name)?.value;
    let mut out = serde_json::Map::new();
    for f in m.fields.iter().filter(|f| f.required) {
        let v = match FieldKind::scalar(f.kind) {
            Some(ty) => json(&value(
                ty,
                &f.constraints(),
                f.values.as_deref(),
                f.default.as_ref(),
            )?),
            None => typed(
                models,
                f.kind,
                f.model.as_deref(),
                f.items,
                f.item_count(),
                depth,
            )?,
        };
        out.insert(f.name.clone(), v);
    }
    Some(Value::Object(out))
}

/// A spec literal as the JSON value it stands for.
pub fn json(l: &Literal) -> Value {
    match l {
        Literal::Bool(b) => Value::Bool(*b),
        Literal::Int(i) => Value::from(*i),
        Literal::Float(d) => Value::from(d.0),
        Literal::Str(s) => Value::String(s.clone()),
    }
}

/// The number `text` writes in ASCII digits alone (no sign, no spaces), if it does; very
/// long digit strings saturate.
pub fn digits_value(text: &str) -> Option<i128> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(text.parse().unwrap_or(i128::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parameter(yaml: &str) -> Parameter {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn an_example_comes_first_then_the_default_then_the_first_enum_value() {
        let p = parameter(
            "{name: s, in: query, type: string, description: d, example: x, default: y, \
             enum: [{value: z, description: d}]}",
        );
        assert_eq!(param(&p), Some(Literal::Str("x".into())));
        let p = parameter(
            "{name: s, in: query, type: string, description: d, default: y, \
             enum: [{value: z, description: d}]}",
        );
        assert_eq!(param(&p), Some(Literal::Str("y".into())));
        let p = parameter(
            "{name: s, in: query, type: int32, description: d, \
             enum: [{value: 3, description: d}, {value: 1, description: d}]}",
        );
        assert_eq!(param(&p), Some(Literal::Int(3)));
    }

    #[test]
    fn made_up_values_keep_to_the_constraints() {
        let cases = [
            ("type: int32", Literal::Int(1)),
            ("type: int32, minimum: 0", Literal::Int(1)),
            ("type: int64, minimum: 5, maximum: 9", Literal::Int(5)),
            ("type: int32, maximum: -3", Literal::Int(-3)),
            ("type: boolean", Literal::Bool(true)),
            ("type: string", Literal::Str("a".into())),
            ("type: string, length: 32", Literal::Str("a".repeat(32))),
            (
                "type: string, min_length: 3, max_length: 8",
                Literal::Str("aaa".into()),
            ),
            (
                "type: string, pattern: '^[0-9]+$'",
                Literal::Str("0".into()),
            ),
            (
                "type: string, pattern: '^[A-Z]{2}$', length: 2",
                Literal::Str("AA".into()),
            ),
            (
                "type: string, minimum: 1, maximum: 100",
                Literal::Str("1".into()),
            ),
            ("type: string, maximum: 100", Literal::Str("0".into())),
        ];
        for (rules, expected) in cases {
            let p = parameter(&format!("{{name: s, in: query, description: d, {rules}}}"));
            assert_eq!(param(&p), Some(expected), "{rules}");
        }
    }

    #[test]
    fn a_pattern_no_made_up_string_matches_needs_an_example() {
        let p =
            parameter("{name: s, in: query, type: string, description: d, pattern: '^x-[0-9]+$'}");
        assert_eq!(param(&p), None);
        let p =
            parameter("{name: s, in: query, type: string, description: d, min_length: 1000001}");
        assert_eq!(param(&p), None);
    }
}
