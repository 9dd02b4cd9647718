//! The import job: another tool's files read and checked in full
//! ([`crate::io::import::read`]), then written into a corpus as one annotator's
//! ([`crate::io::import::write_into`]), or nothing written at all.
//!
//! How the window's background thread can run it, in place of its own code:
//!
//! ```no_run
//! # use spantag::io::import::{ImportError, ImportFormat, ImportOptions};
//! # use spantag::jobs::import::ImportJobError;
//! # use spantag::model::{AnnotatorName, Status};
//! # let corpus = spantag::io::store::Corpus::new(".");
//! # let options = ImportOptions::new(ImportFormat::Brat);
//! # let annotator = AnnotatorName::person("alice")?;
//! let result: Result<Vec<String>, Vec<String>> =
//!     match spantag::jobs::import::run(&corpus, "brat/".as_ref(), &options, &annotator, Status::InProgress, false) {
//!         Ok(outcome) => Ok(outcome.lines()),
//!         Err(ImportJobError::Import { error: ImportError::Input(e), .. }) => {
//!             Err(e.diagnostics.iter().map(ToString::to_string).collect())
//!         }
//!         Err(ImportJobError::Import { error: ImportError::Exists(paths), .. }) => {
//!             Err(paths.iter().map(|p| format!("{}: already exists", p.display())).collect())
//!         }
//!         Err(e) => Err(vec![e.to_string()]),
//!     };
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::{CorpusError, load_schema, plural};
use crate::io::Diagnostic;
use crate::io::import::{ImportError, ImportOptions, ImportReport, read, write_into};
use crate::io::store::Corpus;
use crate::model::{AnnotatorName, Status};

/// Why an import job wrote nothing (or, for [`ImportError::Write`], stopped part way).
#[derive(Debug, Error)]
pub enum ImportJobError {
    /// The input does not exist.
    #[error("{}: no such file or folder", path.display())]
    NoInput {
        /// The path given.
        path: PathBuf,
    },
    /// The corpus could not be used; nothing was read or written.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    /// Reading or writing failed: the input does not read ([`ImportError::Input`],
    /// every problem with its file and line) or files exist where the import would write
    /// ([`ImportError::Exists`]), and nothing was written; or writing stopped part way
    /// ([`ImportError::Write`]), and the files written so far are whole.
    #[error("{error}")]
    Import {
        /// What went wrong.
        error: ImportError,
        /// The warnings reading the input gave, still worth showing.
        warnings: Vec<Diagnostic>,
    },
}

/// What an import job did.
#[derive(Clone, Debug)]
pub struct ImportOutcome {
    /// Documents, spans and files written.
    pub imported: ImportReport,
    /// Things reading the input fixed on the way (a span listed twice, kept once), each
    /// with its file and line.
    pub warnings: Vec<Diagnostic>,
    /// Lines skipped for their Prodigy answer: how many, by answer.
    pub skipped_answers: BTreeMap<String, usize>,
    /// Structures read past (relations, categories, ignored keys): how many items, by key.
    pub not_imported: BTreeMap<String, usize>,
    /// Whose annotations they became.
    pub annotator: AnnotatorName,
    /// The corpus they went into.
    pub root: PathBuf,
}

impl ImportOutcome {
    /// The warnings, then what was imported where, then the lines skipped by answer and
    /// the items not imported by key, a line each:
    ///
    /// ```text
    /// imported 1 document (1 span) into . as carol
    /// skipped 2 lines answered "reject" (choose with --answers)
    /// not imported: 1 item under "relations"
    /// ```
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.warnings.iter().map(ToString::to_string).collect();
        lines.push(format!(
            "imported {} {} ({} {}) into {} as {}",
            self.imported.documents,
            plural(self.imported.documents, "document", "documents"),
            self.imported.spans,
            plural(self.imported.spans, "span", "spans"),
            self.root.display(),
            self.annotator
        ));
        for (answer, &n) in &self.skipped_answers {
            lines.push(format!(
                "skipped {n} {} answered {answer:?} (choose with --answers)",
                plural(n, "line", "lines")
            ));
        }
        for (key, &n) in &self.not_imported {
            lines.push(format!(
                "not imported: {n} {} under {key:?}",
                plural(n, "item", "items")
            ));
        }
        lines
    }
}

/// Imports `input` into `corpus` as `annotator`'s work, marked `status`. The whole input
/// is read and checked before anything is written; without `force`, existing files are
/// never replaced. Refuses when the input is missing or the corpus's `spantag.ron` does
/// not read (a corpus folder that does not exist yet is made).
pub fn run(
    corpus: &Corpus,
    input: &Path,
    options: &ImportOptions,
    annotator: &AnnotatorName,
    status: Status,
    force: bool,
) -> Result<ImportOutcome, ImportJobError> {
    if !input.exists() {
        return Err(ImportJobError::NoInput {
            path: input.to_owned(),
        });
    }
    load_schema(corpus)?;
    let read = read(input, options).map_err(|e| ImportJobError::Import {
        error: ImportError::Input(e),
        warnings: Vec::new(),
    })?;
    match write_into(corpus, &read.documents, annotator, status, force) {
        Ok(imported) => Ok(ImportOutcome {
            imported,
            warnings: read.warnings,
            skipped_answers: read.skipped_answers,
            not_imported: read.not_imported,
            annotator: annotator.clone(),
            root: corpus.root().to_owned(),
        }),
        Err(error) => Err(ImportJobError::Import {
            error,
            warnings: read.warnings,
        }),
    }
}
