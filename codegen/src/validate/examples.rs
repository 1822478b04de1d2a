//! Documented examples fitted to their responses' models, value by value, with a JSON
//! pointer to each problem.

use super::*;

// Every example is for a documented status and fits that response: valid JSON whose
// fields exist in the model with the documented types (null only where nullable).
pub(super) fn check_examples(cx: &mut Cx, name: &str, op: &Item<Operation>) {
    for (i, example) in op.value.examples.responses.iter().enumerate() {
        let at = path(
            &[
                "operations",
                name,
                "examples",
                "responses",
                &example.status.to_string(),
            ],
            &[],
        );
        let Some(response) = op.value.responses.get(&example.status) else {
            cx.error(
                op.file,
                at,
                format!(
                    "example {} is for status {}, which the operation does not document",
                    i + 1,
                    example.status
                ),
            );
            continue;
        };
        let value: Value = match serde_json::from_str(&example.body) {
            Ok(v) => v,
            Err(e) => {
                cx.error(op.file, at, format!("example body is not valid JSON: {e}"));
                continue;
            }
        };
        let mut problems = Vec::new();
        let fit = Fit { spec: cx.spec };
        match response.body {
            BodyKind::Json if response.value.is_some() => {
                if let Some(t) = &response.value {
                    fit.typed(
                        &value,
                        t.kind,
                        t.model.as_deref(),
                        t.items,
                        false,
                        "",
                        &mut problems,
                    );
                }
            }
            BodyKind::Json | BodyKind::Error => fit.model(
                &value,
                response.model.as_deref().unwrap_or_default(),
                "",
                &mut problems,
            ),
            BodyKind::JsonArray => fit.array_of_model(
                &value,
                response.model.as_deref().unwrap_or_default(),
                "",
                &mut problems,
            ),
            BodyKind::Envelope => {
                if let Some(env) = &response.envelope {
                    fit.envelope(&value, env, &mut problems);
                }
            }
            BodyKind::Binary | BodyKind::None => problems.push(format!(
                "a `{}` response has no JSON body to exemplify",
                response.body
            )),
        }
        for problem in problems {
            cx.error(
                op.file,
                at.clone(),
                format!("example does not fit the response: {problem}"),
            );
        }
    }
}

/// Checks JSON values against spec types; problems carry a JSON pointer.
pub(super) struct Fit<'a> {
    spec: &'a Spec,
}

impl Fit<'_> {
    fn model(&self, value: &Value, model: &str, at: &str, out: &mut Vec<String>) {
        let Some(m) = self.spec.models.get(model) else {
            return;
        };
        let Some(object) = value.as_object() else {
            return out.push(format!(
                "{} should be a `{model}` object, found {}",
                pointer(at),
                kind_of(value)
            ));
        };
        for (key, v) in object {
            let here = format!("{at}/{key}");
            match m.value.fields.iter().find(|f| &f.name == key) {
                None => out.push(format!("{} is not a field of `{model}`", pointer(&here))),
                Some(f) => self.field(v, f, &here, out),
            }
        }
    }

    fn array_of_model(&self, value: &Value, model: &str, at: &str, out: &mut Vec<String>) {
        match value.as_array() {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.model(item, model, &format!("{at}/{i}"), out);
                }
            }
            None => out.push(format!(
                "{} should be an array of `{model}`, found {}",
                pointer(at),
                kind_of(value)
            )),
        }
    }

    fn field(&self, v: &Value, f: &Field, at: &str, out: &mut Vec<String>) {
        if v.is_null() {
            if !f.nullable {
                out.push(format!(
                    "{} is null but `{}` is not nullable",
                    pointer(at),
                    f.name
                ));
            }
            return;
        }
        self.typed(
            v,
            f.kind,
            f.model.as_deref(),
            f.items,
            f.accept_integer,
            at,
            out,
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn typed(
        &self,
        v: &Value,
        kind: FieldKind,
        model: Option<&str>,
        items: Option<ScalarType>,
        accept_integer: bool,
        at: &str,
        out: &mut Vec<String>,
    ) {
        let ok = match kind {
            FieldKind::Scalar(s) => s.reads_json(v, accept_integer),
            FieldKind::Model => return self.model(v, model.unwrap_or_default(), at, out),
            FieldKind::Array | FieldKind::Map => {
                let entries: Vec<(String, &Value)> = match (kind, v) {
                    (FieldKind::Array, Value::Array(list)) => list
                        .iter()
                        .enumerate()
                        .map(|(i, v)| (i.to_string(), v))
                        .collect(),
                    (FieldKind::Map, Value::Object(map)) => {
                        map.iter().map(|(k, v)| (k.clone(), v)).collect()
                    }
                    _ => {
                        let shape = if kind == FieldKind::Array {
                            "an array"
                        } else {
                            "an object"
                        };
                        return out.push(format!(
                            "{} should be {shape}, found {}",
                            pointer(at),
                            kind_of(v)
                        ));
                    }
                };
                for (key, item) in entries {
                    let here = format!("{at}/{key}");
                    match (model, items) {
                        (Some(m), _) => self.model(item, m, &here, out),
                        (None, Some(s)) => {
                            self.typed(item, FieldKind::Scalar(s), None, None, false, &here, out)
                        }
                        (None, None) => {}
                    }
                }
                return;
            }
        };
        if !ok {
            out.push(format!(
                "{} should be {kind}, found {}",
                pointer(at),
                kind_of(v)
            ));
        }
    }

    fn envelope(&self, value: &Value, env: &crate::spec::Envelope, out: &mut Vec<String>) {
        let Some(object) = value.as_object() else {
            return out.push(format!(
                "the envelope should be an object, found {}",
                kind_of(value)
            ));
        };
        for (key, v) in object {
            let at = format!("/{key}");
            let part = match key.as_str() {
                "result" => &env.result,
                "error" => &env.error,
                "status" => {
                    if !v.is_string() && !v.is_null() {
                        out.push(format!("/status should be a string, found {}", kind_of(v)));
                    }
                    continue;
                }
                _ => {
                    out.push(format!(
                        "{at} is not a member of the envelope (error, result, status)"
                    ));
                    continue;
                }
            };
            if !v.is_null() {
                self.typed(
                    v,
                    part.kind,
                    part.model.as_deref(),
                    part.items,
                    false,
                    &at,
                    out,
                );
            }
        }
    }
}

pub(super) fn pointer(at: &str) -> String {
    if at.is_empty() {
        "the body".to_string()
    } else {
        format!("`{at}`")
    }
}

pub(super) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a non-integer number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
