//! Problems found in a file, each with the file, the line and column, and what is wrong.

use std::fmt;
use std::path::{Path, PathBuf};

use thiserror::Error;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; the file is still used as it is.
    Warning,
    /// The file cannot be used.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A 1-based line and column; columns count code points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in code points.
    pub col: usize,
}

/// One problem in one file, printed as `file:line:col: error: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file the problem is in.
    pub file: PathBuf,
    /// Where in the file, when it is about a place rather than the whole file.
    pub position: Option<Position>,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in plain words.
    pub message: String,
}

impl Diagnostic {
    /// An error about `file` at `position`.
    pub fn error(file: &Path, position: Option<Position>, message: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            position,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    /// A warning about `file` at `position`.
    pub fn warning(file: &Path, position: Option<Position>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, position, message)
        }
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(Position { line, col }) = self.position {
            write!(f, ":{line}:{col}")?;
        }
        write!(f, ": {}: {}", self.severity, self.message)
    }
}

/// A file that cannot be used, with every problem found in it (at least one error).
///
/// Displays as its first error, plus a count of the rest, so that it reads as one line.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub struct FileError {
    /// The problems, errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileError {
    /// A file error with one problem.
    pub fn one(file: &Path, position: Option<Position>, message: impl Into<String>) -> Self {
        Self {
            diagnostics: vec![Diagnostic::error(file, position, message)],
        }
    }

    /// The errors, without the warnings.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut errors = self.errors();
        match errors.next() {
            Some(first) => write!(f, "{first}")?,
            None => f.write_str("unknown problem")?,
        }
        match errors.count() {
            0 => Ok(()),
            1 => f.write_str(" (and 1 more error)"),
            more => write!(f, " (and {more} more errors)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_like_a_compiler() {
        let path = Path::new("annotations/homs/alice.ron");
        let d = Diagnostic::error(path, Some(Position { line: 3, col: 7 }), "bad");
        assert_eq!(d.to_string(), "annotations/homs/alice.ron:3:7: error: bad");
        let w = Diagnostic::warning(path, None, "odd");
        assert_eq!(w.to_string(), "annotations/homs/alice.ron: warning: odd");
        let e = FileError {
            diagnostics: vec![w, d.clone(), d],
        };
        assert_eq!(
            e.to_string(),
            "annotations/homs/alice.ron:3:7: error: bad (and 1 more error)"
        );
    }
}
