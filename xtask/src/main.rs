//! `cargo xtask`: the project's command line, a thin layer over the `codegen` library.
//!
//! - `cargo xtask codegen` regenerates the client from `spec/`, writing only changed files.
//! - `cargo xtask codegen --check` writes nothing and fails when checked-in output is stale.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check] [--spec DIR]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => codegen(&args[1..]),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// The workspace root: the parent of this crate's manifest directory.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn codegen(args: &[String]) -> ExitCode {
    let root = workspace_root();
    let mut check = false;
    let mut spec = root.join("spec");
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--spec" => match it.next() {
                Some(dir) => spec = PathBuf::from(dir),
                None => return usage_error("--spec needs a directory"),
            },
            other => return usage_error(&format!("unknown argument `{other}`")),
        }
    }
    let files = match codegen::generate(&spec) {
        Ok(files) => files,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            eprintln!("nothing was written");
            return ExitCode::FAILURE;
        }
    };
    if check {
        let stale = codegen::output::stale(&root, &files);
        if stale.is_empty() {
            return ExitCode::SUCCESS;
        }
        for (path, how) in &stale {
            eprintln!(
                "stale: {} ({})",
                path.display(),
                if *how == codegen::output::Staleness::Missing {
                    "missing"
                } else {
                    "differs from the spec"
                }
            );
        }
        eprintln!("run `cargo xtask codegen` to regenerate");
        return ExitCode::FAILURE;
    }
    match codegen::output::write(&root, &files) {
        Ok(changed) if changed.is_empty() => {
            println!("generated files are up to date ({} files)", files.len())
        }
        Ok(changed) => {
            for path in changed {
                println!("wrote {}", path.display());
            }
        }
        Err(e) => {
            eprintln!("error writing generated files: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n{USAGE}");
    ExitCode::from(2)
}
