//! The inputs of the generation and compile benchmarks: a spec directory of N operations
//! (the real spec when N is its operation count, a synthetic one otherwise), its OpenAPI 3.0 export for
//! progenitor, and the two client crates built from them.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::emit::GeneratedFile;
use codegen::emit::openapi::{self, Dialect};

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("bench/ has a parent")
        .to_path_buf()
}

/// Where benchmark inputs and outputs go: a scratch directory outside the workspace, so
/// that generated crates never look like workspace members.
pub fn scratch_dir() -> PathBuf {
    std::env::temp_dir().join("codearts-bench")
}

/// How many operations the real spec has: a benchmark of that size runs on `spec/`, every
/// other size on a synthetic spec. Counted, so that it follows the pages transcribed.
pub fn real_size() -> Result<usize, String> {
    let spec = workspace_root().join("spec");
    let ir = codegen::load_ir(&spec).map_err(|d| format!("{}:\n{d}", spec.display()))?;
    Ok(ir.operations.len())
}

/// The spec directory for `n` operations: `spec/` when `n` is the real spec's size, else a
/// synthetic spec written (afresh) under `dir`.
pub fn spec_dir(n: usize, dir: &Path) -> Result<PathBuf, String> {
    if n == real_size()? {
        return Ok(workspace_root().join("spec"));
    }
    let spec = dir.join(format!("spec-{n}"));
    let _ = fs::remove_dir_all(&spec);
    let files: Vec<GeneratedFile> = codegen::synth::synth(n)
        .into_iter()
        .map(|(name, contents)| GeneratedFile {
            path: PathBuf::from(name),
            contents,
        })
        .collect();
    codegen::output::write(&spec, &files)
        .map_err(|e| format!("cannot write {}: {e}", spec.display()))?;
    Ok(spec)
}

/// Writes the OpenAPI 3.0 export of the spec at `spec` (what progenitor reads) to `file`.
pub fn export_openapi_3_0(spec: &Path, file: &Path) -> Result<(), String> {
    let ir = codegen::load_ir(spec).map_err(|d| format!("{}:\n{d}", spec.display()))?;
    let text = openapi::render(&openapi::document(&ir, Dialect::V3_0));
    fs::write(file, text).map_err(|e| format!("cannot write {}: {e}", file.display()))
}

/// The `cargo-progenitor` program, when it is installed.
pub fn progenitor() -> Option<PathBuf> {
    let candidates = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain(std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo/bin")));
    candidates
        .map(|dir| dir.join("cargo-progenitor"))
        .find(|p| p.is_file())
}

/// The command that has progenitor generate a crate named `name` from `input` into `out`,
/// with the builder interface (the one with a setter per optional parameter, like ours).
pub fn progenitor_command(program: &Path, input: &Path, out: &Path, name: &str) -> Command {
    let mut command = Command::new(program);
    command
        .arg("progenitor")
        .arg("-i")
        .arg(input)
        .arg("-o")
        .arg(out)
        .args(["-n", name, "-v", "0.1.0", "--interface", "builder"])
        .current_dir(workspace_root());
    command
}

/// Makes progenitor's generated crate a workspace of its own, so that cargo does not
/// look for one in the directories above it.
pub fn detach_progenitor_crate(dir: &Path) -> Result<(), String> {
    let manifest = dir.join("Cargo.toml");
    let mut text =
        fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    if !text.contains("\n[workspace]") {
        text.push_str("\n[workspace]\n");
    }
    fs::write(&manifest, text).map_err(|e| format!("{}: {e}", manifest.display()))
}

/// Builds, under `dir`, a standalone copy of the `codearts-client` crate whose generated
/// modules come from `files` (what `codegen::generate` returned for a spec): the
/// hand-written runtime, the manifest, the workspace's dependency table and lock file (so
/// that dependencies resolve to the versions the workspace already built) and toolchain.
/// Returns the manifest path.
pub fn our_client_crate(files: &[GeneratedFile], dir: &Path) -> Result<PathBuf, String> {
    let root = workspace_root();
    let io = |what: &Path, e: std::io::Error| format!("{}: {e}", what.display());
    let _ = fs::remove_dir_all(dir);
    let client = dir.join("generated-client");
    copy_tree(
        &root.join("generated-client/src"),
        &client.join("src"),
        &|p| !p.starts_with(root.join("generated-client/src/generated")),
    )
    .map_err(|e| io(&client, e))?;
    for file in files {
        let Ok(rel) = file.path.strip_prefix("generated-client") else {
            continue;
        };
        if rel.starts_with("examples") {
            continue;
        }
        let target = client.join(rel);
        fs::create_dir_all(target.parent().unwrap()).map_err(|e| io(&target, e))?;
        fs::write(&target, &file.contents).map_err(|e| io(&target, e))?;
    }
    fs::copy(
        root.join("generated-client/Cargo.toml"),
        client.join("Cargo.toml"),
    )
    .map_err(|e| io(&client, e))?;
    let workspace = fs::read_to_string(root.join("Cargo.toml")).map_err(|e| io(&root, e))?;
    let workspace = replace_members(&workspace, "members = [\"generated-client\"]");
    fs::write(dir.join("Cargo.toml"), workspace).map_err(|e| io(dir, e))?;
    for name in ["Cargo.lock", "rust-toolchain.toml"] {
        fs::copy(root.join(name), dir.join(name)).map_err(|e| io(&root.join(name), e))?;
    }
    Ok(client.join("Cargo.toml"))
}

/// The root manifest with its `members = [...]` line replaced.
fn replace_members(manifest: &str, members: &str) -> String {
    manifest
        .lines()
        .map(|l| if l.starts_with("members") { members } else { l })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn copy_tree(from: &Path, to: &Path, keep: &dyn Fn(&Path) -> bool) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let path = entry?.path();
        if !keep(&path) {
            continue;
        }
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target, keep)?;
        } else {
            fs::copy(&path, &target)?;
        }
    }
    Ok(())
}
