//! `cargo xtask openapi` and `cargo xtask openapi-check`: the OpenAPI export on its own,
//! and the proof that a generator nobody here wrote can use it.
//!
//! progenitor reads only OpenAPI 3.0 (it rejects a `3.1.x` version outright), so the check
//! feeds it the 3.0 variant of the same document. The generated crate lives in a
//! temporary directory outside the workspace, so it never becomes a workspace member and
//! the client never depends on it; `cargo check` builds it with the workspace's target
//! directory, so the dependencies it shares with the workspace are not built twice.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use clap::{Args, ValueEnum};
use codegen::emit::GeneratedFile;
use codegen::emit::openapi::{self, Dialect};
use codegen::output;

use crate::usage_error;

/// The cargo-progenitor release the check is written against; `.ci/run` installs it.
pub const PROGENITOR_VERSION: &str = "0.15.1";

/// The command that installs it, as the README and the error message give it.
pub const PROGENITOR_INSTALL: &str = "cargo install cargo-progenitor --locked --version 0.15.1";

/// Name of the crate progenitor generates (never published, never a dependency).
const CHECK_CRATE: &str = "codearts-openapi-check";

#[derive(Args)]
pub(crate) struct ExportArgs {
    /// Spec directory or file [default: spec]
    #[arg(long, value_name = "DIR")]
    spec: Option<PathBuf>,
    /// OpenAPI version of the document
    #[arg(long, value_enum, default_value = "3.1")]
    dialect: DialectArg,
    /// Where to write it [default: spec/openapi.json]; needed for 3.0, never checked in
    #[arg(long, value_name = "FILE", required_if_eq("dialect", "3.0"))]
    out: Option<PathBuf>,
}

/// `--dialect`, as given on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DialectArg {
    /// The checked-in export
    #[value(name = "3.1")]
    V3_1,
    /// For tools that reject 3.1 documents (progenitor)
    #[value(name = "3.0")]
    V3_0,
}

/// `openapi`: writes the export through the one writer, only when its bytes changed.
/// Without `--out`, the 3.1 document goes to `spec/openapi.json`; the 3.0 variant is never
/// checked in, so it needs `--out` (clap holds to that).
pub(crate) fn export(
    args: ExportArgs,
    root: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let spec = args.spec.unwrap_or_else(|| root.join("spec"));
    let dialect = match args.dialect {
        DialectArg::V3_1 => Dialect::V3_1,
        DialectArg::V3_0 => Dialect::V3_0,
    };
    let target = args.out;
    let ir = match codegen::load_ir(&spec) {
        Ok(ir) => ir,
        Err(diagnostics) => {
            let _ = writeln!(err, "{diagnostics}\nnothing was written");
            return 1;
        }
    };
    let (dir, file) = match &target {
        None => (root.to_path_buf(), openapi::file(&ir)),
        Some(path) => match generated_at(path, openapi::render(&openapi::document(&ir, dialect))) {
            Some(found) => found,
            None => return usage_error("openapi", "--out needs a file name", err),
        },
    };
    let shown = target.clone().unwrap_or_else(|| file.path.clone());
    match output::write(&dir, std::slice::from_ref(&file)) {
        Ok(changed) if changed.is_empty() => {
            let _ = writeln!(out, "{} is up to date", shown.display());
            0
        }
        Ok(_) => {
            let _ = writeln!(out, "wrote {}", shown.display());
            0
        }
        Err(e) => {
            let _ = writeln!(err, "error writing {}: {e}", shown.display());
            1
        }
    }
}

/// A file at `path` as the writer takes it: a directory and a path inside it.
fn generated_at(path: &Path, contents: String) -> Option<(PathBuf, GeneratedFile)> {
    let name = path.file_name()?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Some((
        dir,
        GeneratedFile {
            path: PathBuf::from(name),
            contents,
        },
    ))
}

#[derive(Args)]
pub(crate) struct CheckArgs {
    /// Spec directory or file [default: spec]
    #[arg(long, value_name = "DIR")]
    spec: Option<PathBuf>,
    /// Where to generate the crate, outside the workspace [default: a new temporary
    /// directory, removed after a success]
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// The cargo-progenitor program to run
    #[arg(long, value_name = "PROGRAM", default_value = "cargo-progenitor")]
    progenitor: PathBuf,
}

/// `openapi-check`: progenitor generates a client crate from the 3.0 variant in `--dir`
/// (default: a fresh temporary directory, removed after a success and kept after a
/// failure), and `cargo check` must build it.
pub(crate) fn check(args: CheckArgs, root: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let spec = args.spec.unwrap_or_else(|| root.join("spec"));
    let progenitor = args.progenitor;
    let dir = args.dir;
    let temporary = dir.is_none();
    let dir = dir.unwrap_or_else(|| {
        std::env::temp_dir().join(format!("{CHECK_CRATE}-{}", std::process::id()))
    });
    if is_inside(&dir, root) {
        let message = format!(
            "--dir {} is inside the workspace; the generated crate must stay outside it",
            dir.display()
        );
        return usage_error("openapi-check", message, err);
    }
    let ir = match codegen::load_ir(&spec) {
        Ok(ir) => ir,
        Err(diagnostics) => {
            let _ = writeln!(err, "{diagnostics}\nnothing was checked");
            return 1;
        }
    };
    let fail = |err: &mut dyn Write, message: String| {
        let _ = writeln!(
            err,
            "openapi-check FAILED: {message}\n(the generated files are kept in {})",
            dir.display()
        );
        1
    };
    let document = GeneratedFile {
        path: PathBuf::from("openapi-3.0.json"),
        contents: openapi::render(&openapi::document(&ir, Dialect::V3_0)),
    };
    let crate_dir = dir.join("crate");
    let _ = std::fs::remove_dir_all(&crate_dir);
    if let Err(e) = output::write(&dir, std::slice::from_ref(&document)) {
        return fail(err, format!("cannot write the 3.0 document: {e}"));
    }
    let input = dir.join(&document.path);

    let _ = writeln!(
        out,
        "progenitor: generating {CHECK_CRATE} from {}",
        input.display()
    );
    let generated = Command::new(&progenitor)
        .arg("progenitor")
        .arg("-i")
        .arg(&input)
        .arg("-o")
        .arg(&crate_dir)
        .args(["-n", CHECK_CRATE, "-v", "0.0.0"])
        .current_dir(root)
        .output();
    match generated {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return fail(
                err,
                format!(
                    "`{}` is not installed; install it with `{PROGENITOR_INSTALL}`",
                    progenitor.display()
                ),
            );
        }
        Err(e) => return fail(err, format!("cannot run `{}`: {e}", progenitor.display())),
        Ok(o) if !o.status.success() => {
            let _ = err.write_all(&o.stdout);
            let _ = err.write_all(&o.stderr);
            return fail(
                err,
                format!("progenitor rejected the document ({})", o.status),
            );
        }
        Ok(_) => {}
    }
    let manifest = crate_dir.join("Cargo.toml");
    let version = match std::fs::read_to_string(&manifest) {
        Ok(text) => progenitor_client_version(&text),
        Err(e) => return fail(err, format!("progenitor wrote no Cargo.toml: {e}")),
    };
    match &version {
        Some(v) if v == PROGENITOR_VERSION => {}
        other => {
            let _ = writeln!(
                err,
                "warning: the generated crate depends on progenitor-client {}, not {PROGENITOR_VERSION}; `{PROGENITOR_INSTALL}` installs the version this check is written against",
                other.as_deref().unwrap_or("(unknown)")
            );
        }
    }
    // A workspace of its own: cargo must not look for one in the directories above.
    if let Err(e) = std::fs::OpenOptions::new()
        .append(true)
        .open(&manifest)
        .and_then(|mut f| f.write_all(b"\n[workspace]\n"))
    {
        return fail(err, format!("cannot edit {}: {e}", manifest.display()));
    }

    let _ = writeln!(out, "cargo check: building the generated client");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut build = Command::new(cargo);
    build
        .arg("check")
        .arg("--manifest-path")
        .arg(&manifest)
        .current_dir(root);
    if std::env::var_os("CARGO_TARGET_DIR").is_none() {
        build.env("CARGO_TARGET_DIR", root.join("target"));
    }
    match build.status() {
        Ok(status) if status.success() => {}
        Ok(status) => {
            return fail(
                err,
                format!("the client progenitor generated does not compile ({status})"),
            );
        }
        Err(e) => return fail(err, format!("cannot run cargo: {e}")),
    }
    if temporary {
        let _ = std::fs::remove_dir_all(&dir);
    }
    let _ = writeln!(
        out,
        "ok: progenitor {} generated a client for {} operations from the OpenAPI 3.0 variant, and it compiles",
        version.as_deref().unwrap_or("(unknown version)"),
        ir.operations.len()
    );
    0
}

/// The `progenitor-client = "X"` requirement of the generated manifest: the version of
/// cargo-progenitor that wrote it (a release build pins its own version).
fn progenitor_client_version(manifest: &str) -> Option<String> {
    manifest
        .lines()
        .find_map(|l| l.trim().strip_prefix("progenitor-client"))
        .and_then(|rest| rest.split('"').nth(1))
        .map(str::to_string)
}

/// Whether `path` is `root` or below it, comparing absolute paths.
fn is_inside(path: &Path, root: &Path) -> bool {
    let absolute = |p: &Path| {
        std::path::absolute(p)
            .map(|a| a.canonicalize().unwrap_or(a))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    // The directory may not exist yet; its nearest existing ancestor decides.
    let mut probe = absolute(path);
    let root = absolute(root);
    loop {
        if probe.exists() {
            let resolved = probe.canonicalize().unwrap_or(probe.clone());
            return resolved.starts_with(&root);
        }
        match probe.parent() {
            Some(parent) => probe = parent.to_path_buf(),
            None => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_progenitor_client_version_from_the_generated_manifest() {
        let manifest = "[dependencies]\nbytes = \"1.9\"\nprogenitor-client = \"0.15.1\"\n";
        assert_eq!(
            progenitor_client_version(manifest).as_deref(),
            Some("0.15.1")
        );
        assert_eq!(progenitor_client_version("[dependencies]\n"), None);
    }

    #[test]
    fn a_directory_under_the_root_is_inside_even_before_it_exists() {
        let root = tempfile::tempdir().unwrap();
        assert!(is_inside(&root.path().join("a/b"), root.path()));
        assert!(is_inside(root.path(), root.path()));
        let other = tempfile::tempdir().unwrap();
        assert!(!is_inside(&other.path().join("x"), root.path()));
    }
}
