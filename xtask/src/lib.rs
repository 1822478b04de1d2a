//! The commands behind `cargo xtask`, as a library so that tests can run them against a
//! temporary workspace and read what they print.
//!
//! - `codegen` regenerates the client from `spec/`, writing only changed files.
//! - `codegen --check` writes nothing and fails when checked-in output is stale.

use std::io::Write;
use std::path::{Path, PathBuf};

use codegen::output::{self, Staleness};

pub const USAGE: &str = "usage: cargo xtask codegen [--check] [--spec DIR]";

/// Exit codes: 0 success, 1 failure (invalid spec, stale output, write error), 2 usage.
pub fn run(args: &[String], root: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match args.first().map(String::as_str) {
        Some("codegen") => codegen(&args[1..], root, out, err),
        _ => {
            let _ = writeln!(err, "{USAGE}");
            2
        }
    }
}

fn codegen(args: &[String], root: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut check = false;
    let mut spec = root.join("spec");
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--spec" => match it.next() {
                Some(dir) => spec = PathBuf::from(dir),
                None => return usage_error(err, "--spec needs a directory"),
            },
            other => return usage_error(err, &format!("unknown argument `{other}`")),
        }
    }
    let files = match codegen::generate(&spec) {
        Ok(files) => files,
        Err(diagnostics) => {
            let _ = writeln!(err, "{diagnostics}\nnothing was written");
            return 1;
        }
    };
    if check {
        let stale = output::stale(root, &files);
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
    match output::write(root, &files) {
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
