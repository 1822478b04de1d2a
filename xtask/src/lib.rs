//! The commands behind `cargo xtask`, as a library so that tests can run them against a
//! temporary workspace and read what they print.
//!
//! - `codegen` regenerates the client from `spec/`, writing only changed files and
//!   removing the files it no longer generates from the directories it owns
//!   (`codegen::emit::OWNED_DIRS`).
//! - `codegen --check` writes nothing and fails when checked-in output is stale.
//! - `codegen --timings` also prints how long each phase took (load, validate, lower,
//!   emit, write) on stderr, for profiling the generator.
//! - `diff OLD NEW` / `diff --base [REV]` reports what a spec change means for the wire
//!   and for the generated crate's Rust API (the comparison lives in `codegen::diff`).
//! - `drift [--docs DIR]` reads the pages the spec names (`doc.page`) and reports each
//!   fact on which a page and the spec disagree (the comparison lives in
//!   `codegen::drift`), each at its page line and spec line.
//! - `import PAGE [--out FILE]` drafts the spec file of a page's operation
//!   (`codegen::import`) and validates it with the spec, listing what is left to decide.
//! - `openapi` writes just the OpenAPI export (`spec/openapi.json`, also written by
//!   `codegen`); `--dialect 3.0 --out FILE` writes the 3.0 variant that is not checked in.
//! - `openapi-check` proves the export usable by a generator nobody here wrote: progenitor
//!   turns the 3.0 variant into a crate outside the workspace, and `cargo check` builds it.
//! - `synth N --out DIR` writes a synthetic spec of N operations (`codegen::synth`) for the
//!   benchmarks; `codegen --spec DIR --out ROOT` generates from it into another root.
//!
//! Exit codes: `codegen`, `openapi`, `openapi-check`, `synth`: 0 success, 1 failure
//! (invalid spec, stale output, write error, a failed outside tool); `diff`: 0 reported, 1
//! breaking with `--fail-on breaking`, 2 a side that does not load or validate; `drift`: 0
//! reported, 1 drift with `--fail-on drift`, 2 a page or the spec that cannot be read;
//! `import`: 0 a draft that validates, 1 one that needs decisions (listed) or an `--out`
//! that exists, 2 a page or spec that cannot be read; all: 2 for
//! a usage error, which names the bad argument, and 0 for `--help`, printed on stdout.
//! Arguments are parsed by clap, from the types below.

use std::fmt::Display;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use clap::{ArgGroup, Args, CommandFactory, Parser, Subcommand, ValueEnum};
use codegen::Diagnostics;
use codegen::diff::{self, render};
use codegen::emit::OWNED_DIRS;
use codegen::ir::Ir;
use codegen::load::SourceFile;
use codegen::output::{self, Staleness};

mod drift;
mod import;
mod openapi;
mod synth;

pub use openapi::{PROGENITOR_INSTALL, PROGENITOR_VERSION};

/// The project's command line: regenerate the client, check it is fresh, review spec
/// changes.
#[derive(Parser)]
#[command(
    name = "xtask",
    bin_name = "cargo xtask",
    after_help = "Exit codes: 0 success; 1 failure (invalid spec, stale output, a failed tool;\n\
                  for diff, breaking changes with --fail-on breaking; for drift, drift with\n\
                  --fail-on drift); 2 usage error (for diff, also a side that is not a valid\n\
                  spec; for drift, a page or spec that cannot be read)."
)]
struct Cli {
    #[command(subcommand)]
    command: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Regenerate the client from the spec: write what changed, remove what is no longer generated
    Codegen(CodegenArgs),
    /// Report what a spec change means for the wire and for the Rust API
    Diff(DiffArgs),
    /// Report where the help-center pages disagree with the spec
    Drift(drift::DriftArgs),
    /// Draft the spec file of a page's operation
    Import(import::ImportArgs),
    /// Write the OpenAPI export alone
    Openapi(openapi::ExportArgs),
    /// Have progenitor generate a client from the export, and `cargo check` it
    OpenapiCheck(openapi::CheckArgs),
    /// Write a synthetic spec of N operations, for the benchmarks
    Synth(synth::SynthArgs),
}

#[derive(Args)]
struct CodegenArgs {
    /// Write nothing; fail, naming each stale file, when the output does not match the spec
    #[arg(long)]
    check: bool,
    /// Print how long each phase took on stderr
    #[arg(long)]
    timings: bool,
    /// Spec directory or file [default: spec]
    #[arg(long, value_name = "DIR")]
    spec: Option<PathBuf>,
    /// Workspace root to generate into [default: this workspace]
    #[arg(long, value_name = "ROOT")]
    out: Option<PathBuf>,
}

/// Runs the command line `args` (without the program name) in the workspace at `root`;
/// returns the exit code (see the module doc).
pub fn run(args: &[String], root: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let words = std::iter::once("xtask").chain(args.iter().map(String::as_str));
    let cli = match Cli::try_parse_from(words) {
        Ok(cli) => cli,
        Err(e) => return clap_outcome(&e, out, err),
    };
    match cli.command {
        Task::Codegen(args) => codegen(args, root, out, err),
        Task::Diff(args) => diff_command(args, root, out, err),
        Task::Drift(args) => drift::drift(args, root, out, err),
        Task::Import(args) => import::import(args, root, out, err),
        Task::Openapi(args) => openapi::export(args, root, out, err),
        Task::OpenapiCheck(args) => openapi::check(args, root, out, err),
        Task::Synth(args) => synth::synth(args, out, err),
    }
}

/// Prints what clap made of the arguments: help on `out` (exit 0), a usage error on `err`
/// (exit 2).
fn clap_outcome(e: &clap::Error, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let _ = if e.use_stderr() {
        write!(err, "{}", e.render())
    } else {
        write!(out, "{}", e.render())
    };
    u8::try_from(e.exit_code()).unwrap_or(2)
}

/// A usage error found after parsing, in subcommand `task`'s words and with its usage,
/// as clap reports its own.
fn usage_error(task: &str, message: impl Display, err: &mut dyn Write) -> u8 {
    let mut cli = Cli::command();
    cli.build();
    let e = match cli.find_subcommand_mut(task) {
        Some(command) => command.error(clap::error::ErrorKind::ValueValidation, message),
        None => cli.error(clap::error::ErrorKind::ValueValidation, message),
    };
    clap_outcome(&e, &mut std::io::sink(), err)
}

fn codegen(args: CodegenArgs, root: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let spec = args.spec.unwrap_or_else(|| root.join("spec"));
    // Generated paths are relative to a workspace root: this one, or `--out` (benchmarks
    // generate a synthetic spec's client elsewhere).
    let root = args.out.unwrap_or_else(|| root.to_path_buf());
    let mut laps = Laps::new();
    let files = match codegen::generate_with_laps(&spec, &mut |phase| laps.lap(phase)) {
        Ok(files) => files,
        Err(diagnostics) => {
            let _ = writeln!(err, "{diagnostics}\nnothing was written");
            return 1;
        }
    };
    if args.check {
        if args.timings {
            let _ = writeln!(err, "{}", laps.report());
        }
        return check(&output::stale(&root, &files, OWNED_DIRS), err);
    }
    let synced = output::sync(&root, &files, OWNED_DIRS);
    if args.timings {
        laps.lap("write");
        let _ = writeln!(err, "{}", laps.report());
    }
    match synced {
        Ok(changes) if changes.written.is_empty() && changes.removed.is_empty() => {
            let _ = writeln!(
                out,
                "generated files are up to date ({} files)",
                files.len()
            );
            0
        }
        Ok(changes) => {
            for path in changes.written {
                let _ = writeln!(out, "wrote {}", path.display());
            }
            for path in changes.removed {
                let _ = writeln!(out, "removed {}", path.display());
            }
            0
        }
        Err(e) => {
            let _ = writeln!(err, "{e}");
            1
        }
    }
}

/// `codegen --check`: names each stale file and what to do about it.
fn check(stale: &[(PathBuf, Staleness)], err: &mut dyn Write) -> u8 {
    if stale.is_empty() {
        return 0;
    }
    for (path, how) in stale {
        let _ = writeln!(err, "stale: {} ({how})", path.display());
    }
    let (undeclared, regenerable): (Vec<_>, Vec<_>) = stale
        .iter()
        .partition(|(_, how)| *how == Staleness::Undeclared);
    if !regenerable.is_empty() {
        let _ = writeln!(
            err,
            "run `cargo xtask codegen` to regenerate (it also removes the files no longer generated)"
        );
    }
    if !undeclared.is_empty() {
        let _ = writeln!(
            err,
            "move each file that is neither generated nor declared hand-written out of the \
             generator's directories, or declare it in `OWNED_DIRS` (codegen/src/emit/mod.rs)"
        );
    }
    1
}

#[derive(Args)]
#[command(group(ArgGroup::new("sides").required(true).args(["old", "base"])))]
struct DiffArgs {
    /// Report format
    #[arg(long, value_enum, default_value = "markdown")]
    format: Format,
    /// Exit 1 when a change is breaking
    #[arg(long, value_enum, value_name = "WHAT")]
    fail_on: Option<FailOn>,
    /// Compare spec/ at git revision REV [default: HEAD] with the working tree's
    #[arg(
        long,
        value_name = "REV",
        num_args = 0..=1,
        default_missing_value = "HEAD",
        conflicts_with_all = ["old", "new"]
    )]
    base: Option<String>,
    /// The old spec: a file or a directory
    #[arg(requires = "new")]
    old: Option<PathBuf>,
    /// The new spec: a file or a directory
    new: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    #[value(alias = "md")]
    Markdown,
    Json,
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    /// A change that breaks the wire or the Rust API
    Breaking,
}

/// One side of a diff: a spec file or directory, or the `spec/` directory at a git
/// revision.
enum Side {
    Path(PathBuf),
    Git(String),
}

impl Side {
    fn label(&self) -> String {
        match self {
            Side::Path(path) => path.display().to_string(),
            Side::Git(rev) => format!("{rev}:spec"),
        }
    }

    fn load(&self, root: &Path) -> Result<Ir, Diagnostics> {
        match self {
            Side::Path(path) => codegen::load_ir(path),
            Side::Git(rev) => {
                let sources = git_sources(root, rev).map_err(|message| {
                    Diagnostics::from(codegen::Diagnostic {
                        location: codegen::diagnostics::Location {
                            file: Some(PathBuf::from(format!("{rev}:spec"))),
                            line: None,
                            column: None,
                            path: String::new(),
                        },
                        message,
                    })
                })?;
                let spec = codegen::load::parse(sources)?;
                codegen::validate::check(&spec)?;
                Ok(codegen::lower::lower(&spec))
            }
        }
    }
}

fn diff_command(args: DiffArgs, root: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    // clap has made sure of exactly one of `--base` and OLD NEW.
    let (old, new) = match (args.base, args.old, args.new) {
        (Some(rev), _, _) => (Side::Git(rev), Side::Path(root.join("spec"))),
        (None, Some(old), Some(new)) => (Side::Path(old), Side::Path(new)),
        _ => return usage_error("diff", "give OLD and NEW, or --base [REV]", err),
    };
    let old_label = old.label();
    let new_label = match (&old, &new) {
        (Side::Git(_), _) => "spec (working tree)".to_string(),
        _ => new.label(),
    };
    let loaded = (old.load(root), new.load(root));
    let (old_ir, new_ir) = match loaded {
        (Ok(o), Ok(n)) => (o, n),
        (o, n) => {
            for (which, label, result) in [("old", &old_label, o), ("new", &new_label, n)] {
                if let Err(diagnostics) = result {
                    let _ = writeln!(
                        err,
                        "the {which} side ({label}) is not a valid spec:\n{diagnostics}"
                    );
                }
            }
            return 2;
        }
    };
    let report = match diff::diff(&old_ir, &new_ir) {
        Ok(report) => report,
        Err(diagnostics) => {
            let _ = writeln!(err, "{diagnostics}");
            return 2;
        }
    };
    let rendered = match args.format {
        Format::Markdown => render::markdown(&report, &old_label, &new_label),
        Format::Json => Ok(render::json(&report)),
        Format::Text => Ok(render::text(&report, &old_label, &new_label)),
    };
    if let Err(code) = print_report(rendered, out, err) {
        return code;
    }
    if args.fail_on == Some(FailOn::Breaking) && report.is_breaking() {
        let _ = writeln!(err, "breaking changes found (--fail-on breaking)");
        return 1;
    }
    0
}

/// Prints a rendered report on `out`; a report that could not be rendered is exit code 2.
pub(crate) fn print_report(
    rendered: Result<String, String>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), u8> {
    match rendered {
        Ok(text) => {
            let _ = out.write_all(text.as_bytes());
            Ok(())
        }
        Err(message) => {
            let _ = writeln!(err, "error rendering the report: {message}");
            Err(2)
        }
    }
}

/// The `*.yaml` files of `spec/` at `rev`, read from git's object store into memory
/// (no checkout, no temporary files), in name order like `load::load`. Paths name the
/// revision (`HEAD:spec/common.yaml`) so that diagnostics say where they come from.
fn git_sources(root: &Path, rev: &str) -> Result<Vec<SourceFile>, String> {
    // `REV:./spec` is relative to `root`, wherever the repository's top level is.
    let listing = git(root, &["ls-tree", "-z", &format!("{rev}:./spec")])?;
    let mut entries: Vec<(String, String)> = listing
        .split('\0')
        .filter_map(|entry| {
            let (meta, name) = entry.split_once('\t')?;
            let mut meta = meta.split(' ');
            let (_mode, kind, object) = (meta.next()?, meta.next()?, meta.next()?);
            let is_yaml = name.ends_with(".yaml") || name.ends_with(".yml");
            (kind == "blob" && is_yaml).then(|| (name.to_string(), object.to_string()))
        })
        .collect();
    entries.sort();
    if entries.is_empty() {
        return Err(format!("no *.yaml spec files in spec/ at {rev}"));
    }
    entries
        .into_iter()
        .map(|(name, object)| {
            Ok(SourceFile {
                path: PathBuf::from(format!("{rev}:spec/{name}")),
                text: git(root, &["cat-file", "blob", &object])?,
            })
        })
        .collect()
}

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout)
        .map_err(|e| format!("`git {}`: not UTF-8: {e}", args.join(" ")))
}

/// Durations of the generator's phases, for `codegen --timings`.
struct Laps {
    last: std::time::Instant,
    laps: Vec<(&'static str, std::time::Duration)>,
}

impl Laps {
    fn new() -> Self {
        Laps {
            last: std::time::Instant::now(),
            laps: Vec::new(),
        }
    }

    /// Ends the phase `name` now.
    fn lap(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push((name, now - self.last));
        self.last = now;
    }

    /// `timings: load 12.3 ms, validate 1.0 ms, ...`
    fn report(&self) -> String {
        let laps: Vec<String> = self
            .laps
            .iter()
            .map(|(name, d)| format!("{name} {:.1} ms", d.as_secs_f64() * 1e3))
            .collect();
        format!("timings: {}", laps.join(", "))
    }
}
