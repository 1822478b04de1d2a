//! Reads spec files from disk into one [`Spec`]: YAML syntax, unknown keys and names
//! defined twice are reported here, with file, line and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::locate;
use crate::spec::{AuthScheme, Model, Operation, Quirk, Service, SpecFile};

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
    pub auth_schemes: BTreeMap<String, Item<AuthScheme>>,
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
            line: locate::line_of_nth(&source.text, path, nth),
            ..self.unlocated(file, path)
        }
    }

    /// The location of a dotted spec path (`operations.x.parameters.limit`), in the file
    /// that defines its operation, model, service or quirk; `None` when nothing defines
    /// its first two segments.
    pub fn locate_dotted(&self, dotted: &str) -> Option<Location> {
        let segments: Vec<String> = dotted.split('.').map(str::to_string).collect();
        let (kind, name) = (segments.first()?, segments.get(1)?);
        let file = match kind.as_str() {
            "operations" => self.operations.get(name)?.file,
            "models" => self.models.get(name)?.file,
            "services" => self.services.get(name)?.file,
            "quirks" => self.quirks.get(name)?.file,
            "auth_schemes" => self.auth_schemes.get(name)?.file,
            _ => return None,
        };
        Some(self.locate(file, &segments))
    }

    /// The location of `path` in file `file` without looking for its line.
    pub fn unlocated(&self, file: usize, path: &[String]) -> Location {
        Location {
            file: Some(self.files[file].path.clone()),
            line: None,
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
        match std::fs::read(&file) {
            Ok(bytes) => match decode(file, bytes) {
                Ok(source) => sources.push(source),
                Err(d) => diags.push(d),
            },
            Err(e) => diags.push(file_error(&file, format!("cannot read: {e}"))),
        }
    }
    diags.into_result()?;
    parse(sources)
}

/// A spec file's bytes as text; bytes that are not UTF-8 are reported at their line and
/// column.
pub fn decode(path: PathBuf, bytes: Vec<u8>) -> Result<SourceFile, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile { path, text }),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count()
                + 1;
            Err(Diagnostic {
                location: Location {
                    file: Some(path),
                    line: Some(line),
                    column: Some(column),
                    path: String::new(),
                },
                message: "the file is not UTF-8 text; save it as UTF-8".into(),
            })
        }
    }
}

/// Parses already-read sources; used by `load` and by callers that hold specs in memory
/// (a git revision, a test fixture).
pub fn parse(sources: Vec<SourceFile>) -> Result<Spec, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut spec = Spec::default();
    // Files are parsed on every core (YAML is most of loading a large spec), then merged
    // in file order, so names defined twice are reported as in a sequential load.
    let parsed = crate::parallel::parallel(sources.len(), |index| {
        let source = &sources[index];
        if let Some(d) = too_deep(source) {
            return Err(d);
        }
        serde_yaml::from_str::<Option<SpecFile>>(&source.text).map_err(|e| yaml_error(source, &e))
    });
    for (index, file) in parsed.into_iter().enumerate() {
        match file {
            Ok(Some(file)) => merge(&mut spec, index, file, &sources, &mut diags),
            Ok(None) => {}
            Err(d) => diags.push(d),
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

/// A YAML error where serde_yaml puts it, or, for the errors it gives no position (a
/// second document, an alias bomb), at the line that causes it.
fn yaml_error(source: &SourceFile, e: &serde_yaml::Error) -> Diagnostic {
    let message = e.to_string();
    let (line, column, message) = match e.location() {
        Some(l) => (Some(l.line()), Some(l.column()), message),
        None if message.contains("more than one document") => (
            Some(second_document_line(&source.text)),
            None,
            "a spec file holds one YAML document; a second one starts here".to_string(),
        ),
        None if message.contains("repetition limit") => (
            Some(first_alias_line(&source.text)),
            None,
            "aliases here expand to over 100 times the size of the document (an alias \
             bomb); spec files need no anchors or aliases"
                .to_string(),
        ),
        None => (
            Some(1),
            None,
            format!("{message} (serde_yaml gives no position)"),
        ),
    };
    Diagnostic {
        location: Location {
            file: Some(source.path.clone()),
            line,
            column,
            path: String::new(),
        },
        message,
    }
}

/// The line of the second document's `---` (or of the first content after a `...`).
fn second_document_line(text: &str) -> usize {
    let mut content = false;
    let mut ended = false;
    for (i, line) in text.lines().enumerate() {
        let marker = |m: &str| {
            line.strip_prefix(m)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
        };
        if marker("---") {
            if content || ended {
                return i + 1;
            }
            content = true;
        } else if marker("...") {
            ended = true;
        } else if !line.trim().is_empty() && !line.starts_with(['#', '%']) {
            if ended {
                return i + 1;
            }
            content = true;
        }
    }
    1
}

/// The line of the first alias (`*name`).
fn first_alias_line(text: &str) -> usize {
    text.lines()
        .position(|line| {
            line.char_indices().any(|(i, c)| {
                c == '*'
                    && line[..i].ends_with([' ', '[', '{', ','])
                    && line[i + 1..].starts_with(|n: char| !n.is_whitespace())
            })
        })
        .map_or(1, |i| i + 1)
}

/// Flow collections nested deeper than this are refused before parsing: libyaml's
/// scanner takes time quadratic in the nesting depth (20,000 levels, a 40 kB file, take
/// seconds), and serde_yaml refuses more than 128 levels anyway.
const MAX_FLOW_DEPTH: usize = 256;

// A file whose flow collections (`[`, `{`) nest deeper than any spec needs is refused
// before libyaml sees it. The scan follows YAML closely enough to skip brackets inside
// quoted, plain and block scalars and comments; as a guard, it errs on the side of
// letting a file through to serde_yaml, which has its own limit.
fn too_deep(source: &SourceFile) -> Option<Diagnostic> {
    let line = flow_depth_exceeded(&source.text, MAX_FLOW_DEPTH)?;
    Some(Diagnostic {
        location: Location {
            file: Some(source.path.clone()),
            line: Some(line),
            column: None,
            path: String::new(),
        },
        message: format!(
            "flow collections (`[...]`, `{{...}}`) nest more than {MAX_FLOW_DEPTH} levels deep here; \
             YAML in a spec nests at most 128 levels"
        ),
    })
}

/// The 1-based line where the nesting of flow collections first exceeds `limit`.
fn flow_depth_exceeded(text: &str, limit: usize) -> Option<usize> {
    // Fewer openers in the whole file than the limit cannot nest past it: the common case,
    // settled by one fast pass over the bytes instead of the scan below.
    let openers = text.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
    if openers <= limit {
        return None;
    }
    let mut depth = 0usize;
    // Inside a quoted scalar that may continue on the next line: its closing quote.
    let mut quote: Option<char> = None;
    // Inside a block scalar (`|`, `>`): the indentation of the line that opened it.
    let mut block_scalar: Option<usize> = None;
    for (number, line) in text.split('\n').enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = block_scalar {
            if line.trim().is_empty() || indent > parent {
                continue;
            }
            block_scalar = None;
        }
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        // At the start of a node in block context: where `[`, `{`, quotes and block
        // scalar indicators mean something.
        let mut node_start = depth == 0 && quote.is_none();
        while i < chars.len() {
            let c = chars[i];
            if let Some(q) = quote {
                if c == '\\' && q == '"' {
                    i += 2;
                    continue;
                }
                if c == q {
                    if q == '\'' && chars.get(i + 1) == Some(&'\'') {
                        i += 2;
                        continue;
                    }
                    quote = None;
                    node_start = false;
                }
                i += 1;
                continue;
            }
            let after_space = i == 0 || chars[i - 1].is_whitespace();
            if c == '#' && after_space {
                break;
            }
            if depth > 0 {
                match c {
                    '[' | '{' => {
                        depth += 1;
                        if depth > limit {
                            return Some(number + 1);
                        }
                    }
                    ']' | '}' => {
                        depth -= 1;
                        node_start = false;
                    }
                    '"' | '\'' if after_space || matches!(chars[i - 1], '[' | '{' | ',' | ':') => {
                        quote = Some(c);
                    }
                    _ => {}
                }
                i += 1;
                continue;
            }
            if c.is_whitespace() {
                i += 1;
                continue;
            }
            let next_is_space = chars.get(i + 1).is_none_or(|n| n.is_whitespace());
            if node_start {
                match c {
                    '-' | '?' if next_is_space => {}
                    '&' | '!' => {
                        while i + 1 < chars.len() && !chars[i + 1].is_whitespace() {
                            i += 1;
                        }
                    }
                    '[' | '{' => {
                        depth = 1;
                    }
                    '"' | '\'' => quote = Some(c),
                    '|' | '>' => {
                        block_scalar = Some(indent);
                        break;
                    }
                    _ => node_start = false,
                }
            } else if c == ':' && next_is_space {
                node_start = true;
            }
            i += 1;
        }
    }
    None
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
    insert_all(
        &mut spec.auth_schemes,
        "auth_schemes",
        file,
        parsed.auth_schemes,
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
