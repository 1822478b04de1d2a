//! A drift [`Report`] as Markdown (`report.md.j2`, minijinja, strict undefined
//! behaviour), JSON (for scripts) or plain text (one finding per line, `file:line` first,
//! as compilers print). The caller gives `locate`, which turns a spec path into the
//! spec file and line (`spec/x.yaml:12`), since only the caller holds the loaded files.

use minijinja::value::{Serde, Value};
use serde::Serialize;

use super::{Finding, Report, Weight};
use crate::diff::render::{collapse_blank_lines, report_environment};

const TEMPLATE: &str = include_str!("report.md.j2");

/// Where a spec path is, as `file:line`, or the path itself when it cannot be found.
pub type Locate<'a> = &'a dyn Fn(&str) -> String;

/// The Markdown report; `docs` names the pages' directory.
pub fn markdown(report: &Report, docs: &str, locate: Locate) -> Result<String, String> {
    let env = report_environment("drift", TEMPLATE)?;
    let findings: Vec<FindingView> = report.findings.iter().map(|f| view(f, locate)).collect();
    let sections = [
        (Weight::Contract, "What the client sends, checks or reads"),
        (Weight::Docs, "Documentation"),
    ]
    .into_iter()
    .filter_map(|(weight, title)| {
        let findings: Vec<&FindingView> = findings.iter().filter(|f| f.weight == weight).collect();
        (!findings.is_empty()).then(|| SectionView {
            title,
            findings: findings.into_iter().cloned().collect(),
        })
    })
    .collect();
    let context = Context {
        docs,
        findings: !findings.is_empty(),
        sections,
        held: report
            .held
            .iter()
            .map(|h| HeldView {
                quirk: h.quirk.clone(),
                rule: h.rule.id(),
                page_at: page_at(&h.page, h.page_line),
                spec_path: h.spec_path.clone(),
                page_value: h.page_value.clone(),
            })
            .collect(),
        unchecked: report.unchecked.clone(),
        not_read: report.not_read.clone(),
        summary: summary(report),
    };
    let rendered = env
        .get_template("report")
        .map_err(|e| e.to_string())?
        .render(Value::from(Serde(context)))
        .map_err(|e| format!("drift report template: {e}"))?;
    Ok(collapse_blank_lines(&rendered))
}

/// The report as pretty-printed JSON, each finding with its spec location resolved.
pub fn json(report: &Report, locate: Locate) -> String {
    #[derive(Serialize)]
    struct Json<'a> {
        findings: Vec<FindingView>,
        held: &'a [super::Held],
        checked: &'a [(String, String)],
        unchecked: &'a [super::Unchecked],
        not_read: &'a [super::NotRead],
    }
    let json = Json {
        findings: report.findings.iter().map(|f| view(f, locate)).collect(),
        held: &report.held,
        checked: &report.checked,
        unchecked: &report.unchecked,
        not_read: &report.not_read,
    };
    let mut text = serde_json::to_string_pretty(&json)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialize the report: {e}\"}}"));
    text.push('\n');
    text
}

/// One line per finding (`page:line: rule: message [spec: file:line]`), then what was not
/// checked or read, then the summary.
pub fn text(report: &Report, locate: Locate) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let v = view(f, locate);
        out.push_str(&format!(
            "{}: {} ({}): {} [spec: {}]\n",
            v.page_at, v.rule, v.weight, v.message, v.spec_at
        ));
    }
    for u in &report.unchecked {
        out.push_str(&format!("not checked: {}: {}\n", u.operation, u.why));
    }
    for n in &report.not_read {
        out.push_str(&format!(
            "{}:{}: not read: {}: {}\n",
            n.page, n.line, n.why, n.text
        ));
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

fn summary(report: &Report) -> String {
    let contract = report
        .findings
        .iter()
        .filter(|f| f.rule.weight() == Weight::Contract)
        .count();
    format!(
        "{} operation(s) checked, {} not checked; {} disagreement(s) ({contract} on the contract), {} held by quirks, {} page line(s) not read.",
        report.checked.len(),
        report.unchecked.len(),
        report.findings.len(),
        report.held.len(),
        report.not_read.len(),
    )
}

fn page_at(page: &str, line: Option<usize>) -> String {
    match (page.is_empty(), line) {
        (true, _) => "-".into(),
        (false, Some(line)) => format!("{page}:{line}"),
        (false, None) => format!("{page} (not stated)"),
    }
}

fn view(f: &Finding, locate: Locate) -> FindingView {
    FindingView {
        rule: f.rule.id(),
        weight: f.rule.weight(),
        operation: f.operation.clone(),
        page_at: page_at(&f.page, f.page_line),
        spec_at: locate(&f.spec_path),
        spec_path: f.spec_path.clone(),
        page_value: f.page_value.clone(),
        spec_value: f.spec_value.clone(),
        message: f.message.clone(),
        quirk: f.quirk.clone(),
    }
}

#[derive(Serialize)]
struct Context<'a> {
    docs: &'a str,
    findings: bool,
    sections: Vec<SectionView>,
    held: Vec<HeldView>,
    unchecked: Vec<super::Unchecked>,
    not_read: Vec<super::NotRead>,
    summary: String,
}

#[derive(Serialize)]
struct SectionView {
    title: &'static str,
    findings: Vec<FindingView>,
}

#[derive(Clone, Serialize)]
struct FindingView {
    rule: &'static str,
    weight: Weight,
    operation: String,
    page_at: String,
    spec_at: String,
    spec_path: String,
    page_value: String,
    spec_value: String,
    message: String,
    quirk: Option<String>,
}

#[derive(Serialize)]
struct HeldView {
    quirk: String,
    rule: &'static str,
    page_at: String,
    spec_path: String,
    page_value: String,
}
