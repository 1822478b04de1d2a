//! Spec problems with their location, collected so that one run reports all of them.

use std::fmt;
use std::path::PathBuf;

/// Where a problem is: the file and line when known, and always the spec path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub file: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// Dotted path into the spec, e.g. `operations.list_project_repositories.parameters.limit.default`.
    pub path: String,
}

/// One problem in the spec.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub location: Location,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let loc = &self.location;
        match (&loc.file, loc.line, loc.column) {
            (Some(file), Some(line), Some(col)) => write!(f, "{}:{line}:{col}: ", file.display())?,
            (Some(file), Some(line), None) => write!(f, "{}:{line}: ", file.display())?,
            (Some(file), None, _) => write!(f, "{}: ", file.display())?,
            (None, ..) => {}
        }
        if !loc.path.is_empty() {
            write!(f, "{}: ", loc.path)?;
        }
        f.write_str(&self.message)
    }
}

/// Every problem found in one run, in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.list.push(diagnostic);
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }

    /// `Ok(())` when nothing was reported; otherwise the sorted, deduplicated list.
    pub fn into_result(mut self) -> Result<(), Diagnostics> {
        if self.list.is_empty() {
            return Ok(());
        }
        self.list.sort();
        self.list.dedup();
        Err(self)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.list {
            writeln!(f, "error: {d}")?;
        }
        write!(f, "{} problem(s) in the spec", self.list.len())
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics { list: vec![d] }
    }
}
