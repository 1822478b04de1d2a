//! `cargo xtask synth N --out DIR`: writes a synthetic spec of N operations
//! (`codegen::synth`) for the benchmarks, through the one writer.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use codegen::emit::GeneratedFile;
use codegen::output;

#[derive(Args)]
pub(crate) struct SynthArgs {
    /// Number of operations (`1_000` reads as 1000)
    #[arg(value_name = "N", value_parser = operations)]
    n: usize,
    /// Directory to write the spec into: empty, or holding a spec of the same N
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

/// N as given on the command line, with `_` between digits allowed.
fn operations(text: &str) -> Result<usize, String> {
    text.replace('_', "")
        .parse()
        .map_err(|_| format!("`{text}` is not a number of operations"))
}

pub(crate) fn synth(args: SynthArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let (n, dir) = (args.n, args.out);
    let files: Vec<GeneratedFile> = codegen::synth::synth(n)
        .into_iter()
        .map(|(name, contents)| GeneratedFile {
            path: PathBuf::from(name),
            contents,
        })
        .collect();
    // A spec directory is every `*.yaml` in it: a file left from another N would join in.
    let foreign = foreign_specs(&dir, &files);
    if !foreign.is_empty() {
        let _ = writeln!(
            err,
            "{} holds spec files that synth {n} does not write ({}); use an empty directory",
            dir.display(),
            foreign.join(", ")
        );
        return 1;
    }
    match output::write(&dir, &files) {
        Ok(changed) => {
            let _ = writeln!(
                out,
                "synthetic spec of {n} operations in {} ({} files, {} written)",
                dir.display(),
                files.len(),
                changed.len()
            );
            0
        }
        Err(e) => {
            let _ = writeln!(err, "error writing {}: {e}", dir.display());
            1
        }
    }
}

/// `*.yaml` files in `dir` that are not among `files`.
fn foreign_specs(dir: &Path, files: &[GeneratedFile]) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut foreign: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml") || name.ends_with(".yml"))
        .filter(|name| !files.iter().any(|f| f.path == Path::new(name)))
        .collect();
    foreign.sort();
    foreign
}
