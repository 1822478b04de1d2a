//! What moved between the help-center pages and the spec.
//!
//! [`drift`] takes the lowered spec and the pages it names (read by [`crate::page`]) and
//! compares every fact a page states with the spec: the operation (`compare`), each
//! parameter and field (`facts`), responses and examples. Each disagreement is a
//! [`Finding`] with a stable rule id, the page's line, the spec path and both values.
//!
//! A quirk whose decision departs from its page on purpose lists the facts it overrides
//! (`overrides`: rule, spec path, the page's value). A finding a quirk overrides with the
//! same page value is held, not reported; one whose page value changed is reported with
//! the quirk named; an override that no finding matches any more is reported too, so a
//! quirk cannot outlive the page fact it was about. Rendering is in `render`.

mod compare;
mod facts;
pub mod render;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Serialize, Serializer};

use crate::ir::Ir;
use crate::page::{Page, Unplaced};

/// Whether a disagreement is about what the client sends, checks or reads, or only about
/// the page's documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Weight {
    /// The wire, the checks or the Rust API would change if the spec followed the page.
    Contract,
    /// Titles, dates, examples: the generated docs would change.
    Docs,
}

impl fmt::Display for Weight {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Weight::Contract => "contract",
            Weight::Docs => "docs",
        })
    }
}

macro_rules! rules {
    ($( $(#[doc = $doc:literal])* $variant:ident = $id:literal, $weight:ident; )*) => {
        /// The kind of a disagreement. Ids are kebab-case and stable: scripts and quirk
        /// overrides name them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Rule {
            /// Every rule, in declaration order.
            pub const ALL: &'static [Rule] = &[$( Rule::$variant ),*];

            /// The stable id, e.g. `parameter-range`.
            pub fn id(self) -> &'static str {
                match self { $( Rule::$variant => $id, )* }
            }

            pub fn weight(self) -> Weight {
                match self { $( Rule::$variant => Weight::$weight, )* }
            }
        }
    };
}

rules! {
    /// The page's title.
    PageTitle = "page-title", Docs;
    /// The page's breadcrumb.
    PageSection = "page-section", Docs;
    /// The page's "Updated on" date.
    PageDate = "page-date", Docs;
    /// The page deprecates the API and the spec does not, or the reverse.
    OperationDeprecated = "operation-deprecated", Contract;
    OperationMethod = "operation-method", Contract;
    OperationPath = "operation-path", Contract;
    /// An IAM action of the authorization table, or its access level.
    Authorization = "authorization", Contract;
    /// A parameter the page lists and the spec lacks.
    ParameterMissingInSpec = "parameter-missing-in-spec", Contract;
    /// A parameter the spec has, not inferred, that the page does not list.
    ParameterMissingOnPage = "parameter-missing-on-page", Contract;
    /// A parameter in another table (path, query, header) than the spec puts it.
    ParameterLocation = "parameter-location", Contract;
    ParameterMandatory = "parameter-mandatory", Contract;
    ParameterType = "parameter-type", Contract;
    ParameterRange = "parameter-range", Contract;
    ParameterLength = "parameter-length", Contract;
    /// A rule on characters the page states in words, against the spec's pattern.
    ParameterPattern = "parameter-pattern", Contract;
    ParameterEnum = "parameter-enum", Contract;
    ParameterDefault = "parameter-default", Contract;
    ParameterDeprecated = "parameter-deprecated", Contract;
    /// The page documents a request body and the spec has none.
    BodyMissingInSpec = "body-missing-in-spec", Contract;
    /// The spec sends a body, not inferred, that the page does not document.
    BodyMissingOnPage = "body-missing-on-page", Contract;
    /// A body field the page lists and the spec's model lacks.
    FieldMissingInSpec = "field-missing-in-spec", Contract;
    /// A model field, not inferred, that the page does not list.
    FieldMissingOnPage = "field-missing-on-page", Contract;
    FieldMandatory = "field-mandatory", Contract;
    FieldType = "field-type", Contract;
    FieldRange = "field-range", Contract;
    FieldLength = "field-length", Contract;
    FieldPattern = "field-pattern", Contract;
    FieldEnum = "field-enum", Contract;
    FieldDefault = "field-default", Contract;
    FieldDeprecated = "field-deprecated", Contract;
    /// A status code the page documents and the spec lacks.
    ResponseMissingInSpec = "response-missing-in-spec", Contract;
    /// A status the spec has, not inferred, that the page does not document.
    ResponseMissingOnPage = "response-missing-on-page", Contract;
    /// A response with a body on one side and none on the other, or another kind of
    /// body (an array where the spec reads an object).
    ResponseBody = "response-body", Contract;
    ExampleRequest = "example-request", Docs;
    ExampleRequestBody = "example-request-body", Docs;
    ExampleResponse = "example-response", Docs;
    /// A quirk overrides a page fact that the page no longer states.
    OverrideUnmatched = "override-unmatched", Contract;
}

impl Rule {
    /// The rule with this id.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// One fact on which a page and the spec disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The kind of disagreement; its weight is `rule.weight()`.
    pub rule: Rule,
    pub operation: String,
    /// The page's file name.
    pub page: String,
    /// The page line the fact is on; `None` for a fact the page does not state.
    pub page_line: Option<usize>,
    /// Where the spec states the fact, e.g. `operations.x.parameters.limit`.
    pub spec_path: String,
    pub page_value: String,
    pub spec_value: String,
    pub message: String,
    /// The quirk that overrides this fact, when the page changed it since.
    pub quirk: Option<String>,
}

/// A disagreement a quirk overrides, with the page saying what the quirk expects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Held {
    pub quirk: String,
    pub rule: Rule,
    pub operation: String,
    pub page: String,
    pub page_line: Option<usize>,
    pub spec_path: String,
    pub page_value: String,
}

/// An operation drift did not compare, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unchecked {
    pub operation: String,
    pub page: Option<String>,
    pub why: String,
}

/// A line of a page the reader could not classify.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotRead {
    pub page: String,
    pub line: usize,
    pub text: String,
    pub why: String,
}

/// Everything drift found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Contract disagreements first, then documentation; within each by operation, page
    /// line (the facts the page does not state last) and rule.
    pub findings: Vec<Finding>,
    pub held: Vec<Held>,
    /// `(operation, page)` of every operation compared.
    pub checked: Vec<(String, String)>,
    pub unchecked: Vec<Unchecked>,
    pub not_read: Vec<NotRead>,
}

impl Report {
    /// Whether any page disagrees with the spec.
    pub fn has_drift(&self) -> bool {
        !self.findings.is_empty()
    }
}

/// Compares every operation whose page is in `pages` (keyed by file name) with it.
pub fn drift(ir: &Ir, pages: &BTreeMap<String, Page>) -> Report {
    let mut report = Report::default();
    let mut raw = Vec::new();
    let mut compared = BTreeSet::new();
    for op in &ir.operations {
        let Some(file) = &op.doc_page else {
            report.unchecked.push(Unchecked {
                operation: op.name.clone(),
                page: None,
                why: "the spec names no page (`doc.page`)".into(),
            });
            continue;
        };
        let Some(page) = pages.get(file) else {
            report.unchecked.push(Unchecked {
                operation: op.name.clone(),
                page: Some(file.clone()),
                why: "the page is not in the docs directory".into(),
            });
            continue;
        };
        compare::operation(ir, op, file, page, &mut raw, &mut compared);
        report.checked.push((op.name.clone(), file.clone()));
        report
            .not_read
            .extend(page.unplaced.iter().map(|u| not_read(file, u)));
    }
    apply_overrides(ir, raw, &compared, &mut report);
    // Within an operation, in page order, then the facts the page does not state.
    report.findings.sort_by(|a, b| {
        let key = |f: &Finding| {
            (
                f.rule.weight(),
                f.operation.clone(),
                f.page_line.is_none(),
                f.page_line,
                f.rule,
                f.spec_path.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    report.findings.dedup();
    report
        .held
        .sort_by(|a, b| (&a.quirk, &a.spec_path).cmp(&(&b.quirk, &b.spec_path)));
    report.held.dedup();
    report
}

fn not_read(page: &str, u: &Unplaced) -> NotRead {
    NotRead {
        page: page.to_string(),
        line: u.line,
        text: u.text.clone(),
        why: u.why.to_string(),
    }
}

/// Holds the findings quirks override with the same page value; reports those whose
/// page value changed and overrides that match nothing on a page that was compared.
fn apply_overrides(ir: &Ir, raw: Vec<Finding>, compared: &BTreeSet<String>, report: &mut Report) {
    let mut matched = BTreeSet::new();
    for mut finding in raw {
        let over = ir.quirks.iter().find_map(|q| {
            q.overrides
                .iter()
                .position(|o| o.rule == finding.rule.id() && o.at == finding.spec_path)
                .map(|i| (q, i))
        });
        let Some((quirk, i)) = over else {
            report.findings.push(finding);
            continue;
        };
        matched.insert((quirk.id.clone(), i));
        let expected = &quirk.overrides[i].page;
        if *expected == finding.page_value {
            report.held.push(Held {
                quirk: quirk.id.clone(),
                rule: finding.rule,
                operation: finding.operation,
                page: finding.page,
                page_line: finding.page_line,
                spec_path: finding.spec_path,
                page_value: finding.page_value,
            });
        } else {
            finding.message = format!(
                "{} Quirk `{}` departs from the page's `{expected}` here; the page now says `{}`: review the quirk.",
                finding.message, quirk.id, finding.page_value
            );
            finding.quirk = Some(quirk.id.clone());
            report.findings.push(finding);
        }
    }
    for quirk in &ir.quirks {
        for (i, o) in quirk.overrides.iter().enumerate() {
            if matched.contains(&(quirk.id.clone(), i)) || !was_compared(compared, &o.at) {
                continue;
            }
            report.findings.push(Finding {
                rule: Rule::OverrideUnmatched,
                operation: String::new(),
                page: String::new(),
                page_line: None,
                spec_path: format!("quirks.{}.overrides", quirk.id),
                page_value: "agrees with the spec, or no longer states it".into(),
                spec_value: o.page.clone(),
                message: format!(
                    "Quirk `{}` overrides `{}` at `{}` where the page said `{}`; no page says that any more: review the quirk.",
                    quirk.id, o.rule, o.at, o.page
                ),
                quirk: Some(quirk.id.clone()),
            });
        }
    }
}

/// Whether the item at `path` (or the item it is under) was compared with a page.
fn was_compared(compared: &BTreeSet<String>, path: &str) -> bool {
    compared
        .iter()
        .any(|c| path == c || path.starts_with(&format!("{c}.")))
}

#[cfg(test)]
mod tests;
