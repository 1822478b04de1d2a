//! Emits the compile-fail doctests (`generated/compile_fail.rs`, compiled only for
//! doctests): each breaks one promise the generated types make, on an item of the spec
//! chosen by what it is (an operation with a required argument, an enum setter, a
//! response model, a checked newtype, ...), so that the promises are held for whatever the
//! spec names and need no edit when it changes. A promise with no item to show it in this
//! spec is left out.

use crate::ir::{Ir, Number, Operation, Param, ParamTy, ScalarType};

use super::util::literal_text;

/// The module's `//!` doc: a sentence and a `compile_fail` block per promise.
pub fn doc(ir: &Ir) -> String {
    let cases = [
        missing_argument(ir),
        enum_setter(ir),
        integer_beyond_its_type(ir),
        builder_fields(ir),
        model_literal(ir),
        newtype_constructor(ir),
        newtype_field(ir),
        response_enum_match(ir),
    ];
    let mut doc = String::from(
        "Promises of the generated types that the compiler holds, each shown by code that must not \
         compile. Compiled for doctests only.\n",
    );
    for (sentence, code, error) in cases.into_iter().flatten() {
        let fence = match error {
            Some(code) => format!("compile_fail,{code}"),
            None => "compile_fail".to_owned(),
        };
        doc.push_str(&format!("\n{sentence}\n\n```{fence}\n{code}```\n"));
    }
    doc
}

/// A sentence, the code that must not compile, and the error code it must fail with (none
/// for a lint).
type Case = Option<(String, String, Option<&'static str>)>;

/// The positional parameters of `op`.
fn positional(op: &Operation) -> Vec<&Param> {
    op.params.iter().filter(|p| p.is_positional()).collect()
}

/// The sample arguments of `op`, as Rust literals; `None` when one is an enum (which a
/// literal cannot be).
fn sample_arguments(op: &Operation) -> Option<Vec<String>> {
    positional(op)
        .into_iter()
        .map(|p| (!matches!(p.ty, ParamTy::Enum(_))).then(|| literal_text(p.argument_sample())))
        .collect()
}

/// A function taking a client, with `body`.
fn with_client(body: &str) -> String {
    format!("fn call(client: &codearts_client::Client) {{\n    {body}\n}}\n")
}

fn missing_argument(ir: &Ir) -> Case {
    let (op, mut args) = ir.operations.iter().find_map(|op| {
        let args = sample_arguments(op)?;
        (!args.is_empty()).then_some((op, args))
    })?;
    args.pop();
    Some((
        format!(
            "A required parameter is an argument: `{}` without its last one does not compile.",
            op.name
        ),
        with_client(&format!("let _ = client.{}({});", op.name, args.join(", "))),
        Some("E0061"),
    ))
}

fn enum_setter(ir: &Ir) -> Case {
    let (op, p, args) = ir.operations.iter().find_map(|op| {
        let args = sample_arguments(op)?;
        let p = op
            .params
            .iter()
            .find(|p| !p.is_positional() && !p.auth && matches!(p.ty, ParamTy::Enum(_)))?;
        Some((op, p, args))
    })?;
    let ParamTy::Enum(name) = &p.ty else {
        return None;
    };
    let text = p
        .sample
        .as_ref()
        .map_or_else(|| "\"value\"".to_owned(), literal_text);
    Some((
        format!(
            "An enumerated parameter takes its enum: `{}` takes a `{name}`, not text.",
            p.rust_name
        ),
        with_client(&format!(
            "let _ = client.{}({}).{}({text});",
            op.name,
            args.join(", "),
            p.rust_name
        )),
        Some("E0308"),
    ))
}

fn integer_beyond_its_type(ir: &Ir) -> Case {
    let (op, index, mut args) = ir.operations.iter().find_map(|op| {
        let args = sample_arguments(op)?;
        let index = positional(op).iter().position(|p| {
            p.scalar == ScalarType::Int32
                && p.constraints.maximum == Some(Number::Int(i64::from(i32::MAX)))
        })?;
        Some((op, index, args))
    })?;
    let p = positional(op)[index];
    args[index] = (i64::from(i32::MAX) + 1).to_string();
    Some((
        format!(
            "`{}` is documented up to {}, the largest `i32`: one more does not fit its type.",
            p.rust_name,
            i32::MAX
        ),
        with_client(&format!("let _ = client.{}({});", op.name, args.join(", "))),
        None,
    ))
}

fn builder_fields(ir: &Ir) -> Case {
    let op = ir.operations.iter().find(|op| !positional(op).is_empty())?;
    let field = &positional(op)[0].rust_name;
    Some((
        format!(
            "A request builder's fields are private: `{}` is set through its methods.",
            op.builder
        ),
        format!(
            "fn read(request: codearts_client::{}<'_>) {{\n    let _ = request.{field};\n}}\n",
            op.builder
        ),
        Some("E0616"),
    ))
}

fn model_literal(ir: &Ir) -> Case {
    let model = ir.models.iter().find(|m| !m.fields.is_empty())?;
    Some((
        format!(
            "Response models are `#[non_exhaustive]`: `{}` cannot be built with a struct expression, so a field the spec gains is no breaking change.",
            model.name
        ),
        format!(
            "let _ = codearts_client::{} {{\n    {}: None,\n    ..Default::default()\n}};\n",
            model.name, model.fields[0].rust_name
        ),
        Some("E0639"),
    ))
}

/// The first checked newtype of a parameter and a Rust expression of its scalar.
fn newtype(ir: &Ir) -> Option<(&str, String)> {
    let t = ir.param_types.iter().find(|t| !t.is_enum())?;
    // Any value of the scalar: the point is that the raw value is not the newtype.
    let value = if t.scalar.is_text() {
        "String::new()".to_owned()
    } else {
        let sample = crate::sample::value(t.scalar, &t.constraints, None, None)
            .expect("internal error: a scalar other than text always has a sample");
        t.scalar.rust_literal(&sample)
    };
    Some((&t.name, value))
}

fn newtype_constructor(ir: &Ir) -> Case {
    let (name, value) = newtype(ir)?;
    Some((
        format!("A checked newtype is built through its check: `{name}(..)` is private."),
        format!("let _ = codearts_client::{name}({value});\n"),
        Some("E0423"),
    ))
}

fn newtype_field(ir: &Ir) -> Case {
    let (name, _) = newtype(ir)?;
    Some((
        "A checked newtype's value is read through its methods: its field is private.".to_owned(),
        format!("fn read(value: codearts_client::{name}) {{\n    let _ = value.0;\n}}\n"),
        Some("E0616"),
    ))
}

fn response_enum_match(ir: &Ir) -> Case {
    let e = ir.response_enums.first()?;
    let arms: String = e
        .variants
        .iter()
        .map(|v| format!("        codearts_client::{}::{} => {{}}\n", e.name, v.name))
        .collect();
    Some((
        format!(
            "Response enums are `#[non_exhaustive]`: a match of `{}` needs a wildcard arm, so a value documented later is no breaking change.",
            e.name
        ),
        format!(
            "fn describe(value: codearts_client::{}) {{\n    match value {{\n{arms}        codearts_client::{}::Unknown(_) => {{}}\n    }}\n}}\n",
            e.name, e.name
        ),
        Some("E0004"),
    ))
}
