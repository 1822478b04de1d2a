//! `cargo xtask drift`: reads the pages the spec's operations name (`doc.page`) from a
//! docs directory and reports where each disagrees with the spec (`codegen::drift`), each
//! finding at its page line and its spec file and line.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use codegen::drift::{self, render};
use codegen::page;

use crate::Format;

#[derive(Args)]
pub struct DriftArgs {
    /// Directory of the pages, saved as plain text [default: docs]
    #[arg(long, value_name = "DIR")]
    docs: Option<PathBuf>,
    /// Spec directory or file [default: spec]
    #[arg(long, value_name = "DIR")]
    spec: Option<PathBuf>,
    /// Report format
    #[arg(long, value_enum, default_value = "markdown")]
    format: Format,
    /// Exit 1 when a page disagrees with the spec
    #[arg(long, value_enum, value_name = "WHAT")]
    fail_on: Option<FailOn>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    /// A fact on which a page and the spec disagree
    Drift,
}

/// Exit codes: 0 reported, 1 drift with `--fail-on drift`, 2 a page or the spec that
/// cannot be read.
pub fn drift(args: DriftArgs, root: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let spec_path = args.spec.unwrap_or_else(|| root.join("spec"));
    let docs = args.docs.unwrap_or_else(|| root.join("docs"));
    let loaded = codegen::load::load(&spec_path).and_then(|spec| {
        codegen::validate::check(&spec)?;
        Ok(spec)
    });
    let spec = match loaded {
        Ok(spec) => spec,
        Err(diagnostics) => {
            let _ = writeln!(
                err,
                "the spec ({}) is not valid:\n{diagnostics}",
                spec_path.display()
            );
            return 2;
        }
    };
    let ir = codegen::lower::lower(&spec);
    if !docs.is_dir() {
        let _ = writeln!(err, "the docs directory {} does not exist", docs.display());
        return 2;
    }
    let mut pages = BTreeMap::new();
    for file in ir.operations.iter().filter_map(|op| op.doc_page.as_ref()) {
        let path = docs.join(file);
        if !path.exists() {
            // Reported as not checked.
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                pages.insert(file.clone(), page::read(&text));
            }
            Err(e) => {
                let _ = writeln!(err, "cannot read the page {}: {e}", path.display());
                return 2;
            }
        }
    }
    let report = drift::drift(&ir, &pages);
    let docs_label = docs.display().to_string();
    let locate = |dotted: &str| match spec.locate_dotted(dotted) {
        Some(loc) => match (loc.file, loc.line) {
            (Some(file), Some(line)) => format!("{}:{line} ({dotted})", relative(&file, root)),
            (Some(file), None) => format!("{} ({dotted})", relative(&file, root)),
            (None, _) => dotted.to_string(),
        },
        None => dotted.to_string(),
    };
    let rendered = match args.format {
        Format::Markdown => render::markdown(&report, &docs_label, &locate),
        Format::Json => Ok(render::json(&report, &locate)),
        Format::Text => Ok(render::text(&report, &locate)),
    };
    if let Err(code) = crate::print_report(rendered, out, err) {
        return code;
    }
    if args.fail_on == Some(FailOn::Drift) && report.has_drift() {
        let _ = writeln!(err, "the pages disagree with the spec (--fail-on drift)");
        return 1;
    }
    0
}

/// `file` relative to the workspace root when it is under it, for short locations.
fn relative(file: &Path, root: &Path) -> String {
    file.strip_prefix(root)
        .unwrap_or(file)
        .display()
        .to_string()
}
