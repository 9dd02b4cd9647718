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

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::{CorpusError, load_schema, plural};
use crate::io::import::{
    ImportError, ImportFormat, ImportOptions, ImportReport, brat, labels, read, write_into,
};
use crate::io::store::Corpus;
use crate::io::{Diagnostic, FileError};
use crate::model::{AnnotatorName, Label, Status};

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
    /// Labels of the input (its spans, and the entity types of brat's `annotation.conf`)
    /// that the corpus schema does not define, sorted: said once, not once per span.
    pub outside_schema: Vec<Label>,
    /// The command that adds them to the schema (`spantag schema init …`).
    pub schema_command: String,
    /// Whose annotations they became.
    pub annotator: AnnotatorName,
    /// The corpus they went into.
    pub root: PathBuf,
}

/// Said after the summary when an import read lines but imported none of them.
pub const ALL_SKIPPED: &str = "nothing was imported: every line was skipped";

impl ImportOutcome {
    /// Whether the corpus now holds the input: some document was imported, or every one
    /// was already there (an earlier run of the same import, which is a success: the
    /// corpus is as asked). Reading refuses an input that holds no document, so none
    /// imported and none there means every line was skipped (for its answer): a
    /// failure, said with [`ALL_SKIPPED`].
    pub fn succeeded(&self) -> bool {
        self.imported.documents > 0 || self.imported.already_there > 0
    }

    /// The warnings, then what was imported where, then the lines skipped by answer and
    /// the items not imported by key, a line each:
    ///
    /// ```text
    /// imported 1 document (1 span) into . as carol, 2 already there
    /// skipped 2 lines answered "reject" (choose with --answers)
    /// not imported: 1 item under "relations"
    /// ```
    ///
    /// When every document was already there: `all 3 documents are already in . as
    /// carol: nothing to import`.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.warnings.iter().map(ToString::to_string).collect();
        let there = self.imported.already_there;
        let (root, annotator) = (self.root.display(), &self.annotator);
        if self.imported.documents == 0 && there > 0 {
            lines.push(if there == 1 {
                format!("the document is already in {root} as {annotator}: nothing to import")
            } else {
                format!(
                    "all {there} documents are already in {root} as {annotator}: nothing to import"
                )
            });
        } else {
            let mut line = format!(
                "imported {} {} ({} {}) into {root} as {annotator}",
                self.imported.documents,
                plural(self.imported.documents, "document", "documents"),
                self.imported.spans,
                plural(self.imported.spans, "span", "spans"),
            );
            if there > 0 {
                line.push_str(&format!(", {there} already there"));
            }
            lines.push(line);
        }
        if !self.outside_schema.is_empty() {
            let names: Vec<&str> = self.outside_schema.iter().map(Label::as_str).collect();
            lines.push(format!(
                "{} not in the corpus schema: {}; add {} to spantag.ron with: {}",
                plural(names.len(), "label", "labels"),
                names.join(", "),
                plural(names.len(), "it", "them"),
                self.schema_command
            ));
        }
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

/// Label renames and doccano's label ids as the user gives them (`--label-map` and
/// `--label-ids` on the command line, the import dialog's rows in the window), read into
/// [`ImportOptions`] the same way for both.
///
/// ```no_run
/// # use spantag::io::import::{ImportFormat, ImportOptions};
/// # use spantag::jobs::import::LabelSources;
/// let mut options = ImportOptions::new(ImportFormat::Jsonl);
/// let sources = LabelSources {
///     label_map: vec!["Company Name=organisation".into(), "renames.txt".into()],
///     label_ids: None,
/// };
/// sources.read_into(&mut options)?;
/// # Ok::<(), spantag::io::FileError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelSources {
    /// `OLD=NEW` pairs, or (a value without `=`) files of `OLD=NEW` lines, in order: a
    /// later rename of the same label wins.
    pub label_map: Vec<String>,
    /// doccano's label export, or a file of `ID=NAME` lines.
    pub label_ids: Option<PathBuf>,
}

impl LabelSources {
    /// Reads the files and sets `options.label_ids` and `options.label_map` (added to
    /// the renames already there). The first file that does not read is the error.
    pub fn read_into(&self, options: &mut ImportOptions) -> Result<(), FileError> {
        if let Some(path) = &self.label_ids {
            options.label_ids = Some(labels::read_label_ids(path)?);
        }
        for value in &self.label_map {
            // A value with `=` is a pair; any other value names a file of pairs.
            match labels::parse_pair(value) {
                Some((old, new)) => {
                    options.label_map.insert(old, new);
                }
                None => options
                    .label_map
                    .extend(labels::read_label_map(value.as_ref())?),
            }
        }
        Ok(())
    }
}

/// Imports `input` into `corpus` as `annotator`'s work, marked `status`. The whole input
/// is read and checked before anything is written; without `force`, existing files are
/// never replaced, and files that already hold what the import would write are left as
/// they are (see [`write_into`]), so an interrupted import run again finishes. Refuses when the input is missing or the corpus's `spantag.ron` does
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
    let schema = load_schema(corpus)?;
    let refused = |e| ImportJobError::Import {
        error: ImportError::Input(e),
        warnings: Vec::new(),
    };
    // brat's own list of entity types, when it has one: labels too, even unused.
    let conf = match options.format {
        ImportFormat::Brat => brat::annotation_conf_beside(input),
        _ => None,
    };
    let declared = match &conf {
        Some(path) => brat::read_entity_types(path).map_err(refused)?,
        None => Vec::new(),
    };
    let read = read(input, options).map_err(refused)?;
    let renamed = |label: &Label| match options.label_map.get(label.as_str()) {
        Some(new) => Label::new(new.as_str()),
        None => label.clone(),
    };
    let outside: BTreeSet<Label> = declared
        .iter()
        .map(renamed)
        .chain(
            read.documents
                .iter()
                .flat_map(|d| d.spans.iter().map(|s| s.label.clone())),
        )
        .filter(|l| !schema.knows(l))
        .collect();
    let spans_outside_conf = read
        .documents
        .iter()
        .flat_map(|d| &d.spans)
        .any(|s| !declared.iter().map(renamed).any(|l| l == s.label));
    let mut schema_command = String::from("spantag schema init");
    if corpus.root() != Path::new(".") {
        schema_command.push_str(&format!(" {}", corpus.root().display()));
    }
    // The conf names every label only when no span has one it does not declare; else
    // the corpus, after this import, has them all.
    if let Some(conf) = conf.as_ref().filter(|_| !spans_outside_conf) {
        schema_command.push_str(&format!(" --from {}", conf.display()));
    }
    // What spantag writes, it reads: a document too large for that is refused now.
    crate::io::limits::check_import_sizes(corpus, &read.documents, annotator, status).map_err(
        |e| ImportJobError::Import {
            error: ImportError::Input(e),
            warnings: read.warnings.clone(),
        },
    )?;
    match write_into(corpus, &read.documents, annotator, status, force) {
        Ok(imported) => Ok(ImportOutcome {
            imported,
            outside_schema: outside.into_iter().collect(),
            schema_command,
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
