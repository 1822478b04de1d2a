//! The CodeArts client generator: spec directory in, generated files out.
//!
//! The pipeline reads top to bottom in [`generate`]: load the YAML (syntax, unknown keys,
//! duplicate names), validate (every semantic rule, all problems at once), lower to the
//! IR (names and references resolved; cannot fail), emit (Rust modules and Markdown as
//! data). Writing and freshness checks live in [`output`] and are driven by `xtask`.

pub mod diagnostics;
pub mod diff;
pub mod drift;
pub mod emit;
pub mod import;
pub mod ir;
pub mod load;
mod locate;
pub mod lower;
pub mod names;
pub mod output;
pub mod page;
mod parallel;
pub mod pattern;
pub mod sample;
pub mod spec;
pub mod synth;
mod template;
mod types;
pub mod validate;

use std::path::Path;

pub use diagnostics::{Diagnostic, Diagnostics};
pub use emit::GeneratedFile;

/// Loads and validates the spec at `spec_path` (a directory or one file) and lowers it.
pub fn load_ir(spec_path: &Path) -> Result<ir::Ir, Diagnostics> {
    let spec = load::load(spec_path)?;
    validate::check(&spec)?;
    Ok(lower::lower(&spec))
}

/// Spec in, generated files out. Writes nothing.
pub fn generate(spec_path: &Path) -> Result<Vec<GeneratedFile>, Diagnostics> {
    generate_with_laps(spec_path, &mut |_| {})
}

/// [`generate`], calling `lap` with the name of each phase as it ends (`load`,
/// `validate`, `lower`, `emit`), so that a caller can time them.
pub fn generate_with_laps(
    spec_path: &Path,
    lap: &mut dyn FnMut(&'static str),
) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let spec = load::load(spec_path)?;
    lap("load");
    validate::check(&spec)?;
    lap("validate");
    let ir = lower::lower(&spec);
    lap("lower");
    let files = emit_files(&ir)?;
    lap("emit");
    Ok(files)
}

/// Emits the files of an already lowered IR.
pub fn emit_files(ir: &ir::Ir) -> Result<Vec<GeneratedFile>, Diagnostics> {
    emit::all(ir).map_err(|message| {
        // Emission fails only on a generator bug (tokens that do not parse); say so.
        Diagnostic {
            location: diagnostics::Location {
                file: None,
                line: None,
                column: None,
                path: String::new(),
            },
            message: format!("internal generator error: {message}"),
        }
        .into()
    })
}
