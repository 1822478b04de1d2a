//! A [`Report`] as Markdown (for a pull request, from `report.md.j2` with minijinja and
//! strict undefined behaviour), JSON (for scripts) or plain text (for a terminal).
//!
//! All three say the same things in the same order: breaking changes first, then other
//! code changes, then documentation; within each, grouped by operation (then model,
//! service, quirks); then the public Rust items; then a summary line and the semver bump.

use minijinja::value::{Serde, Value};
use serde::Serialize;

use super::rust_api::Delta;
use super::{Change, ItemChange, Report, Verdict, class};

const TEMPLATE: &str = include_str!("report.md.j2");

/// The Markdown report; `old` and `new` name the two sides (`HEAD:spec`, `spec`).
pub fn markdown(report: &Report, old: &str, new: &str) -> Result<String, String> {
    let env = report_environment("diff", TEMPLATE)?;
    let context = Context {
        old,
        new,
        sections: sections(report),
        items: report.rust_items.iter().map(item_view).collect(),
        summary: summary(report),
        semver: report.semver.to_string(),
        semver_note: report.semver.zero_x(),
    };
    let rendered = env
        .get_template("report")
        .map_err(|e| e.to_string())?
        .render(Value::from(Serde(context)))
        .map_err(|e| format!("diff report template: {e}"))?;
    Ok(collapse_blank_lines(&rendered))
}

/// The report as pretty-printed JSON: `{"changes": [...], "rust_items": [...], "semver": ...}`.
pub fn json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_else(|e| {
        // Serializing plain strings and enums cannot fail; say so if it ever does.
        format!("{{\"error\": \"cannot serialize the report: {e}\"}}")
    });
    text.push('\n');
    text
}

/// The report for a terminal.
pub fn text(report: &Report, old: &str, new: &str) -> String {
    let mut out = format!("Spec changes: {old} -> {new}\n");
    for section in sections(report) {
        out.push_str(&format!("\n{}\n", section.title.to_uppercase()));
        for group in section.groups {
            out.push_str(&format!("  {}\n", group.title.replace('`', "")));
            for c in group.changes {
                out.push_str(&format!(
                    "    {}  wire: {}  rust_api: {}\n      at {}\n      {}\n",
                    c.rule, c.wire, c.rust_api, c.full_location, c.message
                ));
            }
        }
    }
    if !report.rust_items.is_empty() {
        out.push_str("\nPUBLIC RUST ITEMS\n");
        for i in &report.rust_items {
            out.push_str(&format!(
                "  {:<8} {} ({}, {})  {}: {}\n",
                i.change, i.item, i.kind, i.module, i.rust_api, i.note
            ));
            match (&i.old, &i.new) {
                (Some(o), Some(n)) => out.push_str(&format!("      - {o}\n      + {n}\n")),
                (Some(s), None) | (None, Some(s)) => out.push_str(&format!("      {s}\n")),
                (None, None) => {}
            }
        }
    }
    out.push_str(&format!(
        "\n{}\nsemver: {} ({})\n",
        summary(report),
        report.semver,
        report.semver.zero_x()
    ));
    out
}

#[derive(Serialize)]
struct Context<'a> {
    old: &'a str,
    new: &'a str,
    sections: Vec<SectionView>,
    items: Vec<ItemView>,
    summary: String,
    semver: String,
    semver_note: &'static str,
}

#[derive(Serialize)]
struct SectionView {
    title: &'static str,
    groups: Vec<GroupView>,
}

#[derive(Serialize)]
struct GroupView {
    title: String,
    changes: Vec<ChangeView>,
}

#[derive(Serialize)]
struct ChangeView {
    rule: &'static str,
    /// The location below the group's own path (`parameters.limit.maximum`).
    location: String,
    full_location: String,
    wire: String,
    rust_api: String,
    message: String,
}

#[derive(Serialize)]
struct ItemView {
    change: String,
    item: String,
    kind: String,
    module: String,
    rust_api: String,
    signature: String,
    note: String,
}

const SECTION_TITLES: [&str; 3] = [
    "Breaking changes",
    "Compatible changes",
    "Documentation only",
];

/// The report's changes (already sorted by class and location) split into sections and
/// grouped by what they belong to.
fn sections(report: &Report) -> Vec<SectionView> {
    let mut sections: Vec<SectionView> = Vec::new();
    for (index, title) in SECTION_TITLES.iter().enumerate() {
        let mut in_class: Vec<&Change> = report
            .changes
            .iter()
            .filter(|c| usize::from(class(c)) == index)
            .collect();
        if in_class.is_empty() {
            continue;
        }
        in_class.sort_by_key(|c| subject(c).0);
        let mut groups: Vec<GroupView> = Vec::new();
        let mut current: Option<(String, String)> = None;
        for c in in_class {
            let (key, prefix) = subject(c);
            if current.as_ref().map(|(k, _)| k) != Some(&key) {
                groups.push(GroupView {
                    title: group_title(c, &prefix),
                    changes: Vec::new(),
                });
                current = Some((key, prefix.clone()));
            }
            let view = change_view(c, &prefix);
            if let Some(group) = groups.last_mut() {
                group.changes.push(view);
            }
        }
        sections.push(SectionView { title, groups });
    }
    sections
}

/// A sort key putting operations first, then models, services and quirks, and the path
/// prefix that the group's title stands for (`operations.x`).
fn subject(c: &Change) -> (String, String) {
    let mut parts = c.location.splitn(3, '.');
    let section = parts.next().unwrap_or_default();
    let name = parts.next().unwrap_or_default();
    let order = match section {
        "operations" => 0,
        "models" => 1,
        "services" => 2,
        _ => 3,
    };
    if section == "quirks" {
        return (format!("{order}"), "quirks".into());
    }
    (format!("{order}.{name}"), format!("{section}.{name}"))
}

fn group_title(c: &Change, prefix: &str) -> String {
    let (section, name) = prefix.split_once('.').unwrap_or((prefix, ""));
    let users = if c.affects.is_empty() {
        String::new()
    } else {
        format!(
            " (used by {})",
            c.affects
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    match section {
        "operations" => format!("Operation `{name}`"),
        "models" => format!("Model `{name}`{users}"),
        "services" => format!("Service `{name}`{users}"),
        _ => "Quirks".into(),
    }
}

fn change_view(c: &Change, prefix: &str) -> ChangeView {
    let location = c
        .location
        .strip_prefix(prefix)
        .map(|rest| rest.trim_start_matches('.'))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(&c.location)
        .to_string();
    ChangeView {
        rule: c.rule.id(),
        location,
        full_location: c.location.clone(),
        wire: c.wire.to_string(),
        rust_api: c.rust_api.to_string(),
        message: c.message.clone(),
    }
}

fn item_view(i: &ItemChange) -> ItemView {
    let code = |s: &str| format!("`{s}`");
    ItemView {
        change: i.change.to_string(),
        item: i.item.clone(),
        kind: i.kind.to_string(),
        module: i.module.clone(),
        rust_api: i.rust_api.to_string(),
        signature: match (&i.old, &i.new) {
            (Some(o), Some(n)) => format!("{} → {}", code(o), code(n)),
            (Some(s), None) | (None, Some(s)) => code(s),
            (None, None) => String::new(),
        },
        note: i.note.clone(),
    }
}

/// One line: how many changes of each kind, how many items, e.g. "3 changes: 1
/// breaking (1 wire, 1 Rust API), 1 compatible, 1 documentation only; public Rust
/// items: 2 added, 1 removed, 0 changed."
pub fn summary(report: &Report) -> String {
    if report.is_empty() {
        return "No changes.".into();
    }
    let count = |f: &dyn Fn(&Change) -> bool| report.changes.iter().filter(|c| f(c)).count();
    let breaking = count(&|c| c.is_breaking());
    let wire = count(&|c| c.wire == Verdict::Breaking);
    let rust = count(&|c| c.rust_api == Verdict::Breaking);
    let docs = count(&|c| !c.is_breaking() && c.docs_only);
    let compatible = report.changes.len() - breaking - docs;
    let items = |d: Delta| report.rust_items.iter().filter(|i| i.change == d).count();
    format!(
        "{} change{}: {breaking} breaking ({wire} wire, {rust} Rust API), {compatible} compatible, {docs} documentation only; public Rust items: {} added, {} removed, {} changed.",
        report.changes.len(),
        if report.changes.len() == 1 { "" } else { "s" },
        items(Delta::Added),
        items(Delta::Removed),
        items(Delta::Changed),
    )
}

/// A Markdown table cell: no line breaks, pipes escaped.
/// The environment of a Markdown report: `template` as `report`, with the `cell` filter.
/// Shared by the diff and drift reports.
pub(crate) fn report_environment(
    what: &str,
    template: &'static str,
) -> Result<minijinja::Environment<'static>, String> {
    let mut env = crate::template::environment("report", template, &format!("{what} report"))?;
    env.add_filter("cell", cell);
    Ok(env)
}

fn cell(value: String) -> String {
    value.replace('|', "\\|").replace('\n', " ")
}

/// Template control lines leave runs of blank lines; Markdown needs at most one.
pub(crate) fn collapse_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.trim_end().lines() {
        let is_blank = line.trim().is_empty();
        if !(is_blank && blank) {
            out.push_str(if is_blank { "" } else { line });
            out.push('\n');
        }
        blank = is_blank;
    }
    out
}
