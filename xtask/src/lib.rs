//! The commands behind `cargo xtask`, as a library so that tests can run them against a
//! temporary workspace and read what they print.
//!
//! - `codegen` regenerates the client from `spec/`, writing only changed files.
//! - `codegen --check` writes nothing and fails when checked-in output is stale.
//! - `codegen --timings` also prints how long each phase took (load, validate, lower,
//!   emit, write) on stderr, for profiling the generator.
//! - `diff OLD NEW` / `diff --base [REV]` reports what a spec change means for the wire
//!   and for the generated crate's Rust API (the comparison lives in `codegen::diff`).
//! - `openapi` writes just the OpenAPI export (`spec/openapi.json`, also written by
//!   `codegen`); `--dialect 3.0 --out FILE` writes the 3.0 variant that is not checked in.
//! - `openapi-check` proves the export usable by a generator nobody here wrote: progenitor
//!   turns the 3.0 variant into a crate outside the workspace, and `cargo check` builds it.
//! - `synth N --out DIR` writes a synthetic spec of N operations (`codegen::synth`) for the
//!   benchmarks; `codegen --spec DIR --out ROOT` generates from it into another root.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::Diagnostics;
use codegen::diff::{self, render};
use codegen::ir::Ir;
use codegen::load::SourceFile;
use codegen::output::{self, Staleness};

mod openapi;
mod synth;

pub use openapi::{PROGENITOR_INSTALL, PROGENITOR_VERSION};

pub const USAGE: &str = "usage: cargo xtask codegen [--check] [--timings] [--spec DIR] [--out ROOT]
       cargo xtask diff [--format markdown|json|text] [--fail-on breaking] (OLD NEW | --base [REV])
       cargo xtask openapi [--spec DIR] [--dialect 3.1|3.0] [--out FILE]
       cargo xtask openapi-check [--spec DIR] [--dir DIR] [--progenitor PROGRAM]
       cargo xtask synth N --out DIR";

/// Exit codes: `codegen`, `openapi`, `openapi-check`, `synth`: 0 success, 1 failure (invalid
/// spec, stale output, write error, a failed outside tool); `diff`: 0 reported, 1
/// breaking with `--fail-on breaking`, 2 a side that does not load or validate; all: 2
/// usage.
pub fn run(args: &[String], root: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match args.first().map(String::as_str) {
        Some("codegen") => codegen(&args[1..], root, out, err),
        Some("diff") => diff_command(&args[1..], root, out, err),
        Some("openapi") => openapi::export(&args[1..], root, out, err),
        Some("openapi-check") => openapi::check(&args[1..], root, out, err),
        Some("synth") => synth::synth(&args[1..], out, err),
        _ => {
            let _ = writeln!(err, "{USAGE}");
            2
        }
    }
}

fn codegen(args: &[String], root: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut check = false;
    let mut timings = false;
    let mut spec = root.join("spec");
    // Generated paths are relative to a workspace root: this one, or `--out` (benchmarks
    // generate a synthetic spec's client elsewhere).
    let mut root = root.to_path_buf();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--timings" => timings = true,
            "--spec" => match it.next() {
                Some(dir) => spec = PathBuf::from(dir),
                None => return usage_error(err, "--spec needs a directory"),
            },
            "--out" => match it.next() {
                Some(dir) => root = PathBuf::from(dir),
                None => return usage_error(err, "--out needs a directory"),
            },
            other => return usage_error(err, &format!("unknown argument `{other}`")),
        }
    }
    let mut laps = Laps::new();
    let files = match codegen::generate_with_laps(&spec, &mut |phase| laps.lap(phase)) {
        Ok(files) => files,
        Err(diagnostics) => {
            let _ = writeln!(err, "{diagnostics}\nnothing was written");
            return 1;
        }
    };
    if check {
        if timings {
            let _ = writeln!(err, "{}", laps.report());
        }
        let stale = output::stale(&root, &files);
        if stale.is_empty() {
            return 0;
        }
        for (path, how) in &stale {
            let how = match how {
                Staleness::Missing => "missing",
                Staleness::Differs => "differs from what the spec generates",
            };
            let _ = writeln!(err, "stale: {} ({how})", path.display());
        }
        let _ = writeln!(err, "run `cargo xtask codegen` to regenerate");
        return 1;
    }
    let written = output::write(&root, &files);
    if timings {
        laps.lap("write");
        let _ = writeln!(err, "{}", laps.report());
    }
    match written {
        Ok(changed) if changed.is_empty() => {
            let _ = writeln!(
                out,
                "generated files are up to date ({} files)",
                files.len()
            );
            0
        }
        Ok(changed) => {
            for path in changed {
                let _ = writeln!(out, "wrote {}", path.display());
            }
            0
        }
        Err(e) => {
            let _ = writeln!(err, "error writing generated files: {e}");
            1
        }
    }
}

fn usage_error(err: &mut dyn Write, message: &str) -> u8 {
    let _ = writeln!(err, "error: {message}\n{USAGE}");
    2
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Markdown,
    Json,
    Text,
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

fn diff_command(args: &[String], root: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut format = Format::Markdown;
    let mut fail_on_breaking = false;
    let mut base: Option<String> = None;
    let mut sides: Vec<PathBuf> = Vec::new();
    let mut it = args.iter().peekable();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--format" => match it.next().map(String::as_str) {
                Some("markdown" | "md") => format = Format::Markdown,
                Some("json") => format = Format::Json,
                Some("text") => format = Format::Text,
                _ => return usage_error(err, "--format takes markdown, json or text"),
            },
            "--fail-on" => match it.next().map(String::as_str) {
                Some("breaking") => fail_on_breaking = true,
                _ => return usage_error(err, "--fail-on takes `breaking`"),
            },
            // `--base` alone compares against HEAD; a following word that is not an
            // option is the revision.
            "--base" => {
                let rev = it.next_if(|next| !next.starts_with("--"));
                base = Some(rev.cloned().unwrap_or_else(|| "HEAD".to_string()));
            }
            other if other.starts_with("--") => {
                return usage_error(err, &format!("unknown argument `{other}`"));
            }
            path => sides.push(PathBuf::from(path)),
        }
    }
    let (old, new) = match (base, sides.as_slice()) {
        (Some(rev), []) => (Side::Git(rev), Side::Path(root.join("spec"))),
        (None, [old, new]) => (Side::Path(old.clone()), Side::Path(new.clone())),
        (Some(_), _) => {
            return usage_error(
                err,
                "--base compares with the working tree's spec; give no OLD NEW",
            );
        }
        (None, _) => {
            return usage_error(
                err,
                "give OLD and NEW (spec files or directories), or --base [REV]",
            );
        }
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
    let rendered = match format {
        Format::Markdown => render::markdown(&report, &old_label, &new_label),
        Format::Json => Ok(render::json(&report)),
        Format::Text => Ok(render::text(&report, &old_label, &new_label)),
    };
    match rendered {
        Ok(text) => {
            let _ = out.write_all(text.as_bytes());
        }
        Err(message) => {
            let _ = writeln!(err, "error rendering the report: {message}");
            return 2;
        }
    }
    if fail_on_breaking && report.is_breaking() {
        let _ = writeln!(err, "breaking changes found (--fail-on breaking)");
        return 1;
    }
    0
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
