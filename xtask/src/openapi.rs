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

/// `openapi [--spec DIR] [--dialect 3.1|3.0] [--out FILE]`: writes the export through the
/// one writer, only when its bytes changed. Without `--out`, the 3.1 document goes to
/// `spec/openapi.json`; the 3.0 variant is never checked in, so it needs `--out`.
pub(crate) fn export(args: &[String], root: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut spec = root.join("spec");
    let mut dialect = Dialect::V3_1;
    let mut target: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--spec" => match it.next() {
                Some(dir) => spec = PathBuf::from(dir),
                None => return usage_error(err, "--spec needs a directory"),
            },
            "--dialect" => match it.next().map(|d| Dialect::parse(d)) {
                Some(Some(d)) => dialect = d,
                _ => return usage_error(err, "--dialect takes 3.1 or 3.0"),
            },
            "--out" => match it.next() {
                Some(file) => target = Some(PathBuf::from(file)),
                None => return usage_error(err, "--out needs a file"),
            },
            other => return usage_error(err, &format!("unknown argument `{other}`")),
        }
    }
    if dialect == Dialect::V3_0 && target.is_none() {
        return usage_error(
            err,
            "the 3.0 variant is not checked in; say where to write it with --out FILE",
        );
    }
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
            None => return usage_error(err, "--out needs a file name"),
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

/// `openapi-check [--spec DIR] [--dir DIR] [--progenitor PROGRAM]`: progenitor generates a
/// client crate from the 3.0 variant in DIR (default: a fresh temporary directory, removed
/// after a success and kept after a failure), and `cargo check` must build it.
pub(crate) fn check(args: &[String], root: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut spec = root.join("spec");
    let mut dir: Option<PathBuf> = None;
    let mut progenitor = PathBuf::from("cargo-progenitor");
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let value = match arg.as_str() {
            "--spec" | "--dir" | "--progenitor" => match it.next() {
                Some(v) => PathBuf::from(v),
                None => return usage_error(err, &format!("{arg} needs a value")),
            },
            other => return usage_error(err, &format!("unknown argument `{other}`")),
        };
        match arg.as_str() {
            "--spec" => spec = value,
            "--dir" => dir = Some(value),
            _ => progenitor = value,
        }
    }
    let temporary = dir.is_none();
    let dir = dir.unwrap_or_else(|| {
        std::env::temp_dir().join(format!("{CHECK_CRATE}-{}", std::process::id()))
    });
    if is_inside(&dir, root) {
        return usage_error(
            err,
            &format!(
                "--dir {} is inside the workspace; the generated crate must stay outside it",
                dir.display()
            ),
        );
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
