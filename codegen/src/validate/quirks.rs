//! Quirks point at things that exist: resolving a dotted spec path.

use super::*;
use crate::spec::Quirk;

// Quirks point at things that exist, so a renamed parameter cannot leave a quirk
// describing nothing.
pub(super) fn check_quirks(cx: &mut Cx) {
    for (id, quirk) in &cx.spec.quirks {
        let kebab = !id.is_empty()
            && id.split('-').all(|word| {
                !word.is_empty()
                    && word
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            });
        if !kebab {
            cx.error(
                quirk.file,
                path(&["quirks", id], &[]),
                format!("quirk id `{id}` must be kebab-case"),
            );
        }
        if quirk.value.applies_to.is_empty() {
            cx.error(
                quirk.file,
                path(&["quirks", id, "applies_to"], &[]),
                "a quirk must apply to at least one spec path",
            );
        }
        for target in &quirk.value.applies_to {
            if let Err(problem) = resolve(cx.spec, target) {
                cx.error(
                    quirk.file,
                    path(&["quirks", id, "applies_to"], &[]),
                    format!("`{target}`: {problem}"),
                );
            }
        }
        check_overrides(cx, id, quirk);
    }
}

// An override names a drift rule and a spec path the quirk applies to (or one under
// it), and the page value it holds: anything else would hold nothing, silently.
fn check_overrides(cx: &mut Cx, id: &str, quirk: &Item<Quirk>) {
    for (i, o) in quirk.value.overrides.iter().enumerate() {
        let at = path(&["quirks", id, "overrides"], &[]);
        if crate::drift::Rule::from_id(&o.rule).is_none() {
            let known: Vec<&str> = crate::drift::Rule::ALL.iter().map(|r| r.id()).collect();
            cx.error(
                quirk.file,
                at.clone(),
                format!(
                    "override {}: `{}` is no drift rule (known: {})",
                    i + 1,
                    o.rule,
                    known.join(", ")
                ),
            );
        }
        let covered = quirk
            .value
            .applies_to
            .iter()
            .any(|a| o.at == *a || o.at.starts_with(&format!("{a}.")));
        if !covered {
            cx.error(
                quirk.file,
                at.clone(),
                format!(
                    "override {}: `{}` is not among the quirk's `applies_to`, nor under one of them",
                    i + 1,
                    o.at
                ),
            );
        }
        if o.page.trim().is_empty() {
            cx.error(
                quirk.file,
                at,
                format!(
                    "override {}: `page` must state the page's value the quirk departs from",
                    i + 1
                ),
            );
        }
    }
}

/// Checks that a dotted spec path names something. Parameter and field names may
/// contain dots (`X-Auth-Token` does not, but wire names could), so the list-item
/// segment is matched greedily against the remaining text.
pub fn resolve(spec: &Spec, target: &str) -> Result<(), String> {
    let parts: Vec<&str> = target.splitn(3, '.').collect();
    match parts.as_slice() {
        ["services", name] => spec
            .services
            .get(*name)
            .map(|_| ())
            .ok_or(format!("no service `{name}`")),
        ["services", name, rest] => {
            let service = &spec
                .services
                .get(*name)
                .ok_or(format!("no service `{name}`"))?
                .value;
            let found = match rest.split_once('.') {
                Some(("region_hosts", region)) => service.region_hosts.contains_key(region),
                None => matches!(
                    *rest,
                    "default_host" | "region_hosts" | "title" | "description"
                ),
                Some(_) => false,
            };
            found
                .then_some(())
                .ok_or(format!("service `{name}` has nothing at `{rest}`"))
        }
        ["models", name] => spec
            .models
            .get(*name)
            .map(|_| ())
            .ok_or(format!("no model `{name}`")),
        ["models", name, rest] => {
            let m = spec.models.get(*name).ok_or(format!("no model `{name}`"))?;
            let field = rest
                .strip_prefix("fields.")
                .ok_or("expected `fields.<name>` after the model")?;
            m.value
                .fields
                .iter()
                .any(|f| f.name == field || field.starts_with(&format!("{}.", f.name)))
                .then_some(())
                .ok_or(format!("model `{name}` has no field `{field}`"))
        }
        ["operations", name] => spec
            .operations
            .get(*name)
            .map(|_| ())
            .ok_or(format!("no operation `{name}`")),
        ["operations", name, rest] => {
            let op = &spec
                .operations
                .get(*name)
                .ok_or(format!("no operation `{name}`"))?
                .value;
            let (section, item) = rest.split_once('.').unwrap_or((rest, ""));
            let found = match section {
                "parameters" => op
                    .parameters
                    .iter()
                    .any(|p| item == p.name || item.starts_with(&format!("{}.", p.name))),
                "responses" => op
                    .responses
                    .keys()
                    .any(|s| item.split('.').next() == Some(&s.to_string())),
                "path" | "method" | "doc" | "examples" | "service" | "summary" | "description" => {
                    true
                }
                _ => false,
            };
            if found {
                return Ok(());
            }
            // A whole section is not something a quirk is about: say which item it wants.
            let wanted = |(what, one): (&str, &str), listed: Vec<String>| {
                format!(
                    "operation `{name}` has nothing at `{rest}`: name one of its {what}, \
                     `{section}.<{one}>` ({})",
                    if listed.is_empty() {
                        "it has none".to_owned()
                    } else {
                        listed.join(", ")
                    }
                )
            };
            Err(match (section, item) {
                ("responses", "") => wanted(
                    ("statuses", "status"),
                    op.responses
                        .keys()
                        .map(|s| format!("`responses.{s}`"))
                        .collect(),
                ),
                ("parameters", "") => wanted(
                    ("parameters", "parameter"),
                    op.parameters
                        .iter()
                        .map(|p| format!("`parameters.{}`", p.name))
                        .collect(),
                ),
                _ => format!("operation `{name}` has nothing at `{rest}`"),
            })
        }
        _ => Err("expected a path under services, models or operations".into()),
    }
}
