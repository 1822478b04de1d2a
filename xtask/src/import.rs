//! `cargo xtask import PAGE`: drafts the spec file of a page's operation
//! (`codegen::import`), writes it (to `--out FILE`, never over an existing file, or to
//! stdout), and validates the spec together with the draft, so that what the maintainer
//! must still decide is listed with its line.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use codegen::import::{self, Known, Options, TypeFacts};
use codegen::load::{self, SourceFile};
use codegen::names;
use codegen::page;
use codegen::spec::{AuthKind, Parameter};

#[derive(Args)]
pub struct ImportArgs {
    /// The page, saved as plain text
    page: PathBuf,
    /// Service key of the operation [default: the service whose title the breadcrumb names]
    #[arg(long, value_name = "S")]
    service: Option<String>,
    /// Name of the operation [default: drafted from the method and path]
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// Write the draft here instead of stdout; an existing file is never overwritten
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Spec directory the draft joins [default: spec]
    #[arg(long, value_name = "DIR")]
    spec: Option<PathBuf>,
}

/// Exit codes: 0 a draft that validates with the spec; 1 a draft written whose validation
/// lists what is left to decide, or an `--out` file that exists; 2 a page or spec that
/// cannot be read.
pub fn import(args: ImportArgs, root: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let spec_path = args.spec.unwrap_or_else(|| root.join("spec"));
    let spec = match load::load(&spec_path) {
        Ok(spec) => spec,
        Err(diagnostics) => {
            let _ = writeln!(
                err,
                "the spec ({}) does not load:\n{diagnostics}",
                spec_path.display()
            );
            return 2;
        }
    };
    let text = match std::fs::read_to_string(&args.page) {
        Ok(text) => text,
        Err(e) => {
            let _ = writeln!(err, "cannot read the page {}: {e}", args.page.display());
            return 2;
        }
    };
    let page_file = args
        .page
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let known = Known {
        services: spec
            .services
            .iter()
            .map(|(key, s)| (key.clone(), s.value.title.clone()))
            .collect(),
        token_headers: spec
            .auth_schemes
            .values()
            .filter(|s| s.value.kind == AuthKind::TokenHeader)
            .filter_map(|s| s.value.header.clone())
            .collect(),
        models: spec.models.keys().cloned().collect(),
        param_types: params(&spec)
            .filter_map(|p| Some((names::param_type_name(p)?, TypeFacts::of_parameter(p))))
            .collect(),
    };
    let options = Options {
        page_file,
        service: args.service,
        name: args.name,
        known,
    };
    let draft = import::import(&page::read(&text), &options);
    let draft_path = match &args.out {
        Some(path) => {
            match codegen::output::write_new(path, draft.text.as_bytes()) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let _ = writeln!(
                        err,
                        "{} exists; the draft is never written over a file",
                        path.display()
                    );
                    return 1;
                }
                Err(e) => {
                    let _ = writeln!(err, "cannot write {}: {e}", path.display());
                    return 1;
                }
            }
            let _ = writeln!(
                out,
                "wrote {} (operation `{}`)",
                path.display(),
                draft.operation
            );
            path.clone()
        }
        None => {
            let _ = out.write_all(draft.text.as_bytes());
            PathBuf::from(format!("<draft of {}>", args.page.display()))
        }
    };
    // The draft beside the spec's files, as if it were saved among them.
    let mut sources: Vec<SourceFile> = spec.files;
    sources.retain(|s| s.path != draft_path);
    sources.push(SourceFile {
        path: draft_path,
        text: draft.text,
    });
    let checked = load::parse(sources).and_then(|spec| codegen::validate::check(&spec));
    match checked {
        Ok(()) => {
            let _ = writeln!(
                err,
                "the draft validates with the spec; review its comments before committing"
            );
            0
        }
        Err(diagnostics) => {
            let _ = writeln!(
                err,
                "the draft needs these decisions before it validates:\n{diagnostics}"
            );
            1
        }
    }
}

/// Every parameter of the spec's operations.
fn params(spec: &load::Spec) -> impl Iterator<Item = &Parameter> {
    spec.operations.values().flat_map(|op| &op.value.parameters)
}
