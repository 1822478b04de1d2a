//! `cargo xtask synth N --out DIR`: writes a synthetic spec of N operations
//! (`codegen::synth`) for the benchmarks, through the one writer.

use std::io::Write;
use std::path::{Path, PathBuf};

use codegen::emit::GeneratedFile;
use codegen::output;

use crate::usage_error;

pub(crate) fn synth(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut count: Option<usize> = None;
    let mut dir: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--out" => match it.next() {
                Some(d) => dir = Some(PathBuf::from(d)),
                None => return usage_error(err, "--out needs a directory"),
            },
            n if count.is_none() && !n.starts_with("--") => match n.replace('_', "").parse() {
                Ok(n) => count = Some(n),
                Err(_) => return usage_error(err, &format!("`{n}` is not a number of operations")),
            },
            other => return usage_error(err, &format!("unknown argument `{other}`")),
        }
    }
    let (Some(n), Some(dir)) = (count, dir) else {
        return usage_error(err, "synth needs N and --out DIR");
    };
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
