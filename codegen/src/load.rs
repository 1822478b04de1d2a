//! Reads spec files from disk into one [`Spec`]: YAML syntax, unknown keys and names
//! defined twice are reported here, with file, line and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::locate;
use crate::spec::{Model, Operation, Quirk, Service, SpecFile};

/// A spec file's path (as given, for messages) and text (for locating lines).
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

/// A spec item and the index of the file that defines it.
#[derive(Debug)]
pub struct Item<T> {
    pub file: usize,
    pub value: T,
}

/// The union of a spec directory's files.
#[derive(Debug, Default)]
pub struct Spec {
    pub files: Vec<SourceFile>,
    pub services: BTreeMap<String, Item<Service>>,
    pub operations: BTreeMap<String, Item<Operation>>,
    pub models: BTreeMap<String, Item<Model>>,
    pub quirks: BTreeMap<String, Item<Quirk>>,
}

impl Spec {
    /// The location of `path` in file `file`, with its line when it can be found.
    pub fn locate(&self, file: usize, path: &[String]) -> Location {
        self.locate_nth(file, path, 0)
    }

    /// The location of the `nth` (0-based) occurrence of `path`'s last segment, for a
    /// name defined twice in one list.
    pub fn locate_nth(&self, file: usize, path: &[String], nth: usize) -> Location {
        let source = &self.files[file];
        Location {
            file: Some(source.path.clone()),
            line: locate::line_of_nth(&source.text, path, nth),
            column: None,
            path: path.join("."),
        }
    }
}

/// Loads a spec directory (every `*.yaml` file in it, in name order) or a single file.
pub fn load(path: &Path) -> Result<Spec, Diagnostics> {
    let files = spec_files(path)?;
    let mut sources = Vec::with_capacity(files.len());
    let mut diags = Diagnostics::default();
    for file in files {
        match std::fs::read_to_string(&file) {
            Ok(text) => sources.push(SourceFile { path: file, text }),
            Err(e) => diags.push(file_error(&file, format!("cannot read: {e}"))),
        }
    }
    diags.into_result()?;
    parse(sources)
}

/// Parses already-read sources; used by `load` and by callers that hold specs in memory
/// (a git revision, a test fixture).
pub fn parse(sources: Vec<SourceFile>) -> Result<Spec, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut spec = Spec::default();
    for (index, source) in sources.iter().enumerate() {
        match serde_yaml::from_str::<Option<SpecFile>>(&source.text) {
            Ok(Some(file)) => merge(&mut spec, index, file, &sources, &mut diags),
            Ok(None) => {}
            Err(e) => diags.push(Diagnostic {
                location: Location {
                    file: Some(source.path.clone()),
                    line: e.location().map(|l| l.line()),
                    column: e.location().map(|l| l.column()),
                    path: String::new(),
                },
                message: e.to_string(),
            }),
        }
    }
    spec.files = sources;
    if spec.files.is_empty() {
        diags.push(Diagnostic {
            location: Location {
                file: None,
                line: None,
                column: None,
                path: String::new(),
            },
            message: "the spec has no files".into(),
        });
    }
    diags.into_result()?;
    Ok(spec)
}

fn spec_files(path: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = std::fs::read_dir(path)
        .map_err(|e| file_error(path, format!("cannot read the spec directory: {e}")))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| file_error(path, format!("cannot list: {e}")))?;
        let p = entry.path();
        if p.extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml")
            && p.is_file()
        {
            files.push(p);
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(file_error(path, "no *.yaml spec files found".into()).into());
    }
    Ok(files)
}

fn file_error(path: &Path, message: String) -> Diagnostic {
    Diagnostic {
        location: Location {
            file: Some(path.to_path_buf()),
            line: None,
            column: None,
            path: String::new(),
        },
        message,
    }
}

fn merge(
    spec: &mut Spec,
    file: usize,
    parsed: SpecFile,
    sources: &[SourceFile],
    diags: &mut Diagnostics,
) {
    insert_all(
        &mut spec.services,
        "services",
        file,
        parsed.services,
        sources,
        diags,
    );
    insert_all(
        &mut spec.operations,
        "operations",
        file,
        parsed.operations,
        sources,
        diags,
    );
    insert_all(
        &mut spec.models,
        "models",
        file,
        parsed.models,
        sources,
        diags,
    );
    insert_all(
        &mut spec.quirks,
        "quirks",
        file,
        parsed.quirks,
        sources,
        diags,
    );
}

// A name may be defined in one file only: the spec is a union of files, and a silent
// override would make the result depend on file order.
fn insert_all<T>(
    into: &mut BTreeMap<String, Item<T>>,
    section: &str,
    file: usize,
    items: BTreeMap<String, T>,
    sources: &[SourceFile],
    diags: &mut Diagnostics,
) {
    for (name, value) in items {
        if let Some(first) = into.get(&name) {
            let path = vec![section.to_string(), name.clone()];
            let first_file = &sources[first.file];
            diags.push(Diagnostic {
                location: Location {
                    file: Some(sources[file].path.clone()),
                    line: locate::line_of(&sources[file].text, &path),
                    column: None,
                    path: path.join("."),
                },
                message: format!(
                    "`{name}` is already defined in {}{}; each name may be defined once",
                    first_file.path.display(),
                    locate::line_of(&first_file.text, &path)
                        .map(|l| format!(":{l}"))
                        .unwrap_or_default()
                ),
            });
            continue;
        }
        into.insert(name, Item { file, value });
    }
}
