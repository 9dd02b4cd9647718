//! The export job: which annotation of each document to take, then the format writer
//! ([`crate::io::export::export`]), and a summary of what was written, what was skipped
//! and why, and what could not be read.
//!
//! How the window's background thread can run it (`progress` and `total` are the
//! `Arc<AtomicUsize>`s its progress bar reads), in place of its own export code:
//!
//! ```no_run
//! # use std::sync::atomic::{AtomicUsize, Ordering};
//! # use spantag::io::export::{ExportOptions, Format};
//! # use spantag::io::store::Corpus;
//! # let (corpus, options, out) = (Corpus::new("."), ExportOptions::new(Format::Jsonl), std::path::PathBuf::from("x.jsonl"));
//! # let (progress, total) = (AtomicUsize::new(0), AtomicUsize::new(0));
//! let result: Result<Vec<String>, String> =
//!     spantag::jobs::export::run(&corpus, &options, &out, &mut |done, n| {
//!         total.store(n, Ordering::Relaxed);
//!         progress.store(done, Ordering::Relaxed);
//!     })
//!     .map(|outcome| outcome.lines())
//!     .map_err(|e| e.to_string());
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::{CorpusError, existing_folder, load_schema, plural};
use crate::io::FileError;
use crate::io::export::{ExportError, ExportOptions, ExportReport, Which, export};
use crate::io::gold::read_gold;
use crate::io::ron_format::read_annotation;
use crate::io::store::Corpus;
use crate::model::{Annotation, Schema, Status};
use crate::review::gold::GOLD_ANNOTATOR;

/// A document an export left out, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Skip {
    /// Several annotators and no gold file: which one would be the truth?
    SeveralAnnotators {
        /// The document id.
        doc: String,
        /// The annotators, sorted.
        annotators: Vec<String>,
    },
    /// Only documents marked done were asked for.
    NotDone {
        /// The document id.
        doc: String,
        /// The file that is in progress.
        path: PathBuf,
    },
    /// Its gold file still has undecided places, so it is not the truth yet
    /// ([`ExportOptions::gold_incomplete`] exports it anyway).
    GoldIncomplete {
        /// The document id.
        doc: String,
        /// How many places wait for a decision.
        undecided: usize,
    },
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skip::SeveralAnnotators { doc, annotators } => write!(
                f,
                "{doc}: {} annotators ({}) and no gold file; adjudicate it, or export one annotator with --annotator",
                annotators.len(),
                annotators.join(", ")
            ),
            Skip::NotDone { doc, path } => {
                write!(f, "{doc}: not marked done ({})", path.display())
            }
            Skip::GoldIncomplete { doc, undecided } => write!(
                f,
                "{doc}: gold has {undecided} undecided {}; skipped (use --gold-incomplete to export it)",
                plural(*undecided, "place", "places")
            ),
        }
    }
}

/// The annotations chosen for an export, and what was passed over.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// The annotations, in document order.
    pub annotations: Vec<Annotation>,
    /// Documents left out, and why.
    pub skipped: Vec<Skip>,
    /// Files that could not be read, each with its file, line and cause.
    pub errors: Vec<FileError>,
}

/// [`selection`] for `which` and `done_only`, gold files with undecided places skipped:
/// what the window's export calls until it calls [`run`].
pub fn select(corpus: &Corpus, which: &Which, done_only: bool) -> Selection {
    // The format plays no part in choosing.
    let options = ExportOptions {
        which: which.clone(),
        done_only,
        ..ExportOptions::new(crate::io::export::Format::Jsonl)
    };
    selection(corpus, &options)
}

/// Picks the annotations of `corpus` to export, as `options.which`, `options.done_only`
/// and `options.gold_incomplete` say.
pub fn selection(corpus: &Corpus, options: &ExportOptions) -> Selection {
    let mut selection = Selection::default();
    let files = match corpus.annotation_files() {
        Ok(files) => files,
        Err(e) => {
            selection.errors.push(e);
            return selection;
        }
    };
    let mut by_doc: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for file in files {
        let doc = file
            .parent()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        by_doc.entry(doc).or_default().push(file);
    }
    let stem = |p: &PathBuf| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    for (doc, files) in by_doc {
        let gold = files.iter().find(|f| stem(f) == GOLD_ANNOTATOR);
        let annotators: Vec<&PathBuf> =
            files.iter().filter(|f| stem(f) != GOLD_ANNOTATOR).collect();
        let chosen = match &options.which {
            Which::Gold => gold,
            Which::Annotator(name) => annotators.into_iter().find(|f| stem(f) == name.as_str()),
            Which::Default => match (gold, annotators.as_slice()) {
                (Some(gold), _) => Some(gold),
                (None, [only]) => Some(*only),
                (None, []) => None,
                (None, several) => {
                    selection.skipped.push(Skip::SeveralAnnotators {
                        doc: doc.clone(),
                        annotators: several.iter().map(|f| stem(f)).collect(),
                    });
                    None
                }
            },
        };
        let Some(path) = chosen else { continue };
        // A gold file is read as gold, for its count of undecided places.
        let read = if Some(path) == gold {
            read_gold(path).map(|g| (g.annotation, g.review.undecided))
        } else {
            read_annotation(path, &Schema::default()).map(|l| (l.annotation, None))
        };
        match read {
            Ok((annotation, _)) if options.done_only && annotation.status != Status::Done => {
                selection.skipped.push(Skip::NotDone {
                    doc,
                    path: path.clone(),
                });
            }
            Ok((_, Some(undecided))) if undecided > 0 && !options.gold_incomplete => {
                selection
                    .skipped
                    .push(Skip::GoldIncomplete { doc, undecided });
            }
            Ok((annotation, _)) => selection.annotations.push(annotation),
            Err(e) => selection.errors.push(e),
        }
    }
    selection
}

/// Why an export job failed. Files already written stay whole (each write is atomic).
#[derive(Debug, Error)]
pub enum ExportJobError {
    /// The corpus could not be used; nothing was written.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    /// The output could not be written.
    #[error(transparent)]
    Write(#[from] ExportError),
}

/// What an export job did.
#[derive(Clone, Debug, Default)]
pub struct ExportOutcome {
    /// What the writer wrote: documents, spans per label, spans moved or left out by
    /// token alignment, files.
    pub written: ExportReport,
    /// Documents left out, and why.
    pub skipped: Vec<Skip>,
    /// Files that could not be read.
    pub unreadable: Vec<FileError>,
    /// Where it wrote.
    pub out: PathBuf,
}

impl ExportOutcome {
    /// Whether the export did its job: every file read, and not everything held back
    /// as incomplete gold. A front end says so otherwise (the CLI exits 1).
    pub fn succeeded(&self) -> bool {
        let only_incomplete_gold = self.written.documents == 0
            && self
                .skipped
                .iter()
                .any(|s| matches!(s, Skip::GoldIncomplete { .. }));
        self.unreadable.is_empty() && !only_incomplete_gold
    }

    /// The summary an export ends with, a line each: what was written, spans per label,
    /// documents skipped and why, files that could not be read, spans not written
    /// exactly and why.
    pub fn lines(&self) -> Vec<String> {
        summary_lines(&self.written, &self.skipped, &self.unreadable, &self.out)
    }
}

/// [`ExportOutcome::lines`] from the writer's report and the selection it wrote.
pub fn summary(report: &ExportReport, selection: &Selection, out: &Path) -> Vec<String> {
    summary_lines(report, &selection.skipped, &selection.errors, out)
}

fn summary_lines(
    report: &ExportReport,
    skipped: &[Skip],
    unreadable: &[FileError],
    out: &Path,
) -> Vec<String> {
    let mut lines = vec![format!(
        "exported {} {} ({} spans) to {}",
        report.documents,
        plural(report.documents, "document", "documents"),
        report.spans(),
        out.display()
    )];
    for (label, count) in &report.labels {
        lines.push(format!("  {label:<12}{count:>7}"));
    }
    if !skipped.is_empty() {
        lines.push(format!("skipped {}:", skipped.len()));
        lines.extend(skipped.iter().map(|s| format!("  {s}")));
    }
    if !unreadable.is_empty() {
        lines.push(format!("{} files could not be read:", unreadable.len()));
        lines.extend(unreadable.iter().map(|e| format!("  {e}")));
    }
    if !report.notes.is_empty() {
        lines.push(format!(
            "{} spans could not be written exactly:",
            report.notes.len()
        ));
        lines.extend(report.notes.iter().map(|n| format!("  {n}")));
    }
    if report.documents == 0 && skipped.is_empty() && unreadable.is_empty() {
        lines.push("nothing to export: no annotation files matched".to_owned());
    }
    lines
}

/// Exports `corpus` to `out` as `options` say. `progress(done, total)` is called once
/// with `done = 0` when the documents to write are known, then as documents are written.
///
/// Refuses, writing nothing, when the corpus folder or its `annotations/` is missing or
/// its `spantag.ron` does not read. Files that do not read are reported in the outcome,
/// and the rest is exported.
pub fn run(
    corpus: &Corpus,
    options: &ExportOptions,
    out: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportOutcome, ExportJobError> {
    existing_folder(corpus)?;
    if !corpus.annotations_dir().is_dir() {
        return Err(CorpusError::NoAnnotations {
            path: corpus.root().to_owned(),
        }
        .into());
    }
    let schema = load_schema(corpus)?;
    let selection = selection(corpus, options);
    let total = selection.annotations.len();
    progress(0, total);
    let written = export(&selection.annotations, &schema, options, out, &mut |done| {
        progress(done, total)
    })?;
    Ok(ExportOutcome {
        written,
        skipped: selection.skipped,
        unreadable: selection.errors,
        out: out.to_owned(),
    })
}
