//! Rules of models and their fields: type references, field enums, nesting (cycles and
//! depth) and collisions between generated type names.

use super::*;

// A type reference is complete and resolves: `model` kinds and arrays or maps of models
// name a defined model; arrays and maps of scalars name `items`; scalars carry neither.
pub(super) fn check_type_ref(
    cx: &mut Cx,
    file: usize,
    at: &[String],
    kind: FieldKind,
    model: Option<&str>,
    items: Option<ScalarType>,
) {
    let here = |k: &str| {
        at.iter()
            .cloned()
            .chain([k.to_string()])
            .collect::<Vec<_>>()
    };
    match (kind, model, items) {
        (FieldKind::Model | FieldKind::Array | FieldKind::Map, Some(m), None) => {
            if !cx.spec.models.contains_key(m) {
                cx.error(file, here("model"), format!("unknown model `{m}`"));
            }
        }
        (FieldKind::Array | FieldKind::Map, None, Some(_)) => {}
        (FieldKind::Scalar(_), None, None) => {}
        (FieldKind::Model, None, _) => {
            cx.error(file, here("model"), "a `model` type needs `model: <Name>`")
        }
        (FieldKind::Array | FieldKind::Map, None, None) => {
            let kind = kind.to_string();
            cx.error(
                file,
                here("type"),
                format!("{} {kind} needs `model` or `items`", article(&kind)),
            )
        }
        (FieldKind::Array | FieldKind::Map, Some(_), Some(_)) => {
            let kind = kind.to_string();
            cx.error(
                file,
                here("items"),
                format!(
                    "{} {kind} takes `model` or `items`, not both",
                    article(&kind)
                ),
            )
        }
        (FieldKind::Model, Some(_), Some(_)) => {
            cx.error(file, here("items"), "a `model` type takes no `items`")
        }
        (_, Some(_), _) => {
            let kind = kind.to_string();
            cx.error(
                file,
                here("model"),
                format!("{} {kind} takes no `model`", article(&kind)),
            )
        }
        (_, None, Some(_)) => {
            let kind = kind.to_string();
            cx.error(
                file,
                here("items"),
                format!("{} {kind} takes no `items`", article(&kind)),
            )
        }
    }
}

// Models are UpperCamelCase; their fields have unique wire names and Rust names, types
// that resolve, and constraints and enums that fit the field's type.
pub(super) fn check_models(cx: &mut Cx) {
    let requests = request_models(cx.spec);
    for (name, model) in &cx.spec.models {
        let request = requests.contains(name.as_str());
        let base = ["models", name.as_str()];
        if let Some(p) = names::type_name_problem(name) {
            cx.error(model.file, path(&base, &[]), format!("model name: {p}"));
        }
        let mut wire = BTreeSet::new();
        let mut rust = BTreeMap::new();
        for (i, f) in model.value.fields.iter().enumerate() {
            let at = |k: &[&str]| path(&["models", name, "fields", &f.name], k);
            if !wire.insert(f.name.as_str()) {
                let nth = model.value.fields[..i]
                    .iter()
                    .filter(|g| g.name == f.name)
                    .count();
                cx.error_nth(
                    model.file,
                    at(&[]),
                    nth,
                    format!("field `{}` is defined twice", f.name),
                );
                continue;
            }
            let rust_name = f.rust_name.clone().unwrap_or_else(|| names::snake(&f.name));
            if let Some(p) = names::value_name_problem(&rust_name) {
                cx.error(
                    model.file,
                    at(&["rust_name"]),
                    format!("Rust name: {p}; set `rust_name`"),
                );
            }
            if let Some(other) = rust.insert(rust_name.clone(), f.name.as_str()) {
                cx.error(model.file, at(&[]), format!("fields `{other}` and `{}` both become `{rust_name}` in Rust; set `rust_name`", f.name));
            }
            check_type_ref(
                cx,
                model.file,
                &at(&[]),
                f.kind,
                f.model.as_deref(),
                f.items,
            );
            check_constraints(cx, model.file, &at, f.kind.scalar(), &f.constraints());
            check_field_enum(cx, model.file, &at, name, f, request);
            if f.accept_integer && f.kind != FieldKind::Scalar(ScalarType::String) {
                cx.error(
                    model.file,
                    at(&["accept_integer"]),
                    "`accept_integer` applies to string fields",
                );
            }
        }
    }
}

// A field's enum fits the field's scalar type and becomes a Rust type, so its name (the
// `type_name`, or the model's name and the field's, camel-cased) is UpperCamelCase.
pub(super) fn check_field_enum(
    cx: &mut Cx,
    file: usize,
    at: &dyn Fn(&[&str]) -> Vec<String>,
    model: &str,
    f: &Field,
    request: bool,
) {
    match (f.kind.scalar(), &f.values) {
        (Some(ty), Some(values)) => {
            check_enum_values(cx, file, at, ty, Some(values));
            if let Some(p) = names::type_name_problem(&field_type_name(model, f)) {
                let hint = if f.type_name.is_none() {
                    "; set `type_name`"
                } else {
                    ""
                };
                cx.error(
                    file,
                    at(&["type_name"]),
                    format!("enum type name: {p}{hint}"),
                );
            }
            if f.accept_integer {
                cx.error(
                    file,
                    at(&["accept_integer"]),
                    "an enum field cannot also accept integers",
                );
            }
        }
        (None, Some(_)) => cx.error(
            file,
            at(&["enum"]),
            format!("a {} field cannot be an enum", f.kind),
        ),
        (_, None) if request && f.type_name.is_some() => {
            match names::request_field_type_name(model, f) {
                Some(t) => {
                    if let Some(p) = names::type_name_problem(&t) {
                        cx.error(file, at(&["type_name"]), format!("type name: {p}"));
                    }
                }
                None => cx.error(
                    file,
                    at(&["type_name"]),
                    "`type_name` names a request field's type, which it has only with \
                     constraints, an enum or a default",
                ),
            }
        }
        (_, None) if f.type_name.is_some() => cx.error(
            file,
            at(&["type_name"]),
            "`type_name` names a field's enum; this field has none",
        ),
        _ => {}
    }
}

/// Which models hold which (directly, `type: model`, and with arrays if asked), and how
/// deep.
pub(super) struct Nesting<'a> {
    /// Model -> (model it holds, through which field).
    children: BTreeMap<&'a str, Vec<(&'a str, &'a str)>>,
    /// Model -> models that hold it.
    parents: BTreeMap<&'a str, Vec<&'a str>>,
    /// Depth of every model that is not in (or above) a cycle: 1 holds no model.
    depth: BTreeMap<&'a str, usize>,
}

/// Measures direct nesting from the leaves up (Kahn's order: a model once all it holds is
/// measured), in linear time and without recursion, so that a chain of any length can
/// neither take quadratic time nor overflow the stack.
pub(super) fn nesting(spec: &Spec, with_arrays: bool) -> Nesting<'_> {
    let models = &spec.models;
    let mut children: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    let mut parents: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, model) in models {
        for f in &model.value.fields {
            if (f.kind == FieldKind::Model
                || (with_arrays && matches!(f.kind, FieldKind::Array | FieldKind::Map)))
                && let Some(target) = f.model.as_deref().filter(|t| models.contains_key(*t))
            {
                children.entry(name).or_default().push((target, &f.name));
                parents.entry(target).or_default().push(name);
            }
        }
    }
    let mut pending: BTreeMap<&str, usize> = models
        .keys()
        .map(|n| (n.as_str(), children.get(n.as_str()).map_or(0, Vec::len)))
        .collect();
    let mut depth: BTreeMap<&str, usize> = BTreeMap::new();
    let mut ready: Vec<&str> = pending
        .iter()
        .filter(|(_, count)| **count == 0)
        .map(|(n, _)| *n)
        .collect();
    while let Some(name) = ready.pop() {
        let d = 1 + children
            .get(name)
            .into_iter()
            .flatten()
            .map(|(child, _)| depth.get(child).copied().unwrap_or_default())
            .max()
            .unwrap_or_default();
        depth.insert(name, d);
        for parent in parents.get(name).into_iter().flatten() {
            let count = pending.entry(parent).or_default();
            *count -= 1;
            if *count == 0 {
                ready.push(parent);
            }
        }
    }
    Nesting {
        children,
        parents,
        depth,
    }
}

// A model may not contain itself except through an array: the generated struct would
// have infinite size.
pub(super) fn check_model_cycles(cx: &mut Cx) {
    // Models that `nesting` could measure hold no cycle: only the others are searched,
    // so a long acyclic chain costs linear time, not quadratic.
    let measured = nesting(cx.spec, false).depth;
    for (name, model) in &cx.spec.models {
        if measured.contains_key(name.as_str()) {
            continue;
        }
        let mut stack = vec![name.as_str()];
        let mut seen = BTreeSet::new();
        while let Some(current) = stack.pop() {
            let Some(m) = cx.spec.models.get(current) else {
                continue;
            };
            for f in &m.value.fields {
                if f.kind == FieldKind::Model
                    && let Some(target) = f.model.as_deref()
                {
                    if target == name {
                        cx.error(model.file, path(&["models", name], &[]), format!("model `{name}` contains itself through `{current}.{}`; only arrays may recurse", f.name));
                        stack.clear();
                        break;
                    }
                    if seen.insert(target) {
                        stack.push(target);
                    }
                }
            }
        }
    }
}

/// How deep models may hold one another, directly or in arrays.
pub(super) const MAX_MODEL_DEPTH: usize = 16;

// Models hold one another (directly or in arrays) at most MAX_MODEL_DEPTH deep: rustc
// works through every level to lay out a response held directly and to prove a response
// `Send` (which rustdoc does for every type, and a caller's spawned task needs), about
// two to five steps of its default recursion limit (128) per level. 64 levels held
// directly broke `cargo check`; 27 through arrays broke `cargo doc`. (Cycles, which
// rustc resolves, are `check_model_cycles`'s to report.)
pub(super) fn check_model_depth(cx: &mut Cx) {
    let models = &cx.spec.models;
    let Nesting {
        children,
        parents,
        depth,
    } = nesting(cx.spec, true);
    for (name, model) in models {
        let d = depth.get(name.as_str()).copied().unwrap_or_default();
        if d <= MAX_MODEL_DEPTH || parents.contains_key(name.as_str()) {
            continue;
        }
        // The deepest chain, shown by its first links.
        let mut chain = Vec::new();
        let mut current = name.as_str();
        while let Some((child, field)) = children.get(current).and_then(|c| {
            c.iter()
                .max_by_key(|(child, _)| depth.get(child).copied().unwrap_or_default())
        }) {
            if chain.len() == 3 {
                chain.push("…".to_string());
                break;
            }
            chain.push(format!("`{current}.{field}`"));
            current = child;
        }
        cx.error(
            model.file,
            path(&["models", name], &[]),
            format!(
                "model `{name}` holds models {d} deep ({}); rustc's default recursion limit allows {MAX_MODEL_DEPTH}: flatten some levels",
                chain.join(" → ")
            ),
        );
    }
}

// Generated type names do not collide with each other (a model and an enum, two
// different enums), with request builders, or with the client's hand-written types.
pub(super) fn check_type_name_collisions(cx: &mut Cx) {
    // Type name -> (kind of item, who defined it first). Parameters may share a type
    // with parameters, field enums with field enums; anything else is a collision.
    let mut owners: BTreeMap<String, (&'static str, String)> = BTreeMap::new();
    let mut claim = |cx: &mut Cx,
                     type_name: String,
                     kind: &'static str,
                     owner: String,
                     file: usize,
                     at: Vec<String>| {
        if names::RESERVED_TYPES.contains(&type_name.as_str()) {
            cx.error(
                file,
                at.clone(),
                format!("`{type_name}` is a type of the client crate itself; choose another name"),
            );
        }
        if names::USED_UNQUALIFIED.contains(&type_name.as_str()) {
            cx.error(
                file,
                at.clone(),
                format!("the generated code uses `{type_name}` unqualified (a prelude or serde name); choose another name"),
            );
        }
        match owners.get(&type_name) {
            Some((first_kind, _))
                if *first_kind == kind && matches!(kind, "parameter" | "enum" | "request enum") => {
            }
            Some((first_kind, first)) => {
                cx.error(file, at, format!("Rust type `{type_name}` of {kind} {owner} collides with {first_kind} {first}"));
            }
            None => {
                owners.insert(type_name, (kind, owner));
            }
        }
    };
    for (name, model) in &cx.spec.models {
        claim(
            cx,
            name.clone(),
            "model",
            name.clone(),
            model.file,
            path(&["models", name], &[]),
        );
    }
    for (op_name, op) in &cx.spec.operations {
        let builder = format!("{}Request", names::camel(op_name));
        claim(
            cx,
            builder,
            "request builder",
            op_name.clone(),
            op.file,
            path(&["operations", op_name], &[]),
        );
        for p in &op.value.parameters {
            if let Some(t) = param_type_name(p) {
                // Parameters may share a type; `check_shared_param_types` compares them.
                claim(
                    cx,
                    t,
                    "parameter",
                    format!("{op_name}.{}", p.name),
                    op.file,
                    path(
                        &["operations", op_name, "parameters", &p.name],
                        &["type_name"],
                    ),
                );
            }
        }
    }
    // Enum type name -> (first field using it, its values and variant names).
    type Shape<'a> = Vec<(&'a Literal, Option<&'a str>)>;
    let mut enum_shapes: BTreeMap<String, (String, Shape)> = BTreeMap::new();
    let requests = request_models(cx.spec);
    for (name, model) in &cx.spec.models {
        let request = requests.contains(name.as_str());
        for f in &model.value.fields {
            if request && f.values.is_none() {
                if let Some(t) = names::request_field_type_name(name, f) {
                    let at = path(&["models", name, "fields", &f.name], &["type_name"]);
                    claim(
                        cx,
                        t,
                        "request field",
                        format!("{name}.{}", f.name),
                        model.file,
                        at,
                    );
                }
                continue;
            }
            let Some(values) = &f.values else { continue };
            let t = field_type_name(name, f);
            let at = path(&["models", name, "fields", &f.name], &["type_name"]);
            let shape: Vec<_> = values
                .iter()
                .map(|v| (&v.value, v.name.as_deref()))
                .collect();
            if let Some((owner, first)) = enum_shapes.get(&t)
                && *first != shape
            {
                cx.error(
                    model.file,
                    at.clone(),
                    format!("enum `{t}` is already defined with other values by {owner}"),
                );
            }
            enum_shapes
                .entry(t.clone())
                .or_insert((format!("{name}.{}", f.name), shape));
            // A request field's enum is closed, a response field's open: two kinds of type.
            let kind = if request { "request enum" } else { "enum" };
            claim(cx, t, kind, format!("{name}.{}", f.name), model.file, at);
        }
    }
}
