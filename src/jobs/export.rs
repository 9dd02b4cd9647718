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

use std::fmt;
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::{CorpusError, existing_folder, load_schema, plural};
use crate::io::FileError;
use crate::io::corpus_reader::{BATCH, DocumentFolder, group_by_folder, in_order};
use crate::io::export::{
    ExportError, ExportOptions, ExportReport, Which, export, export_to_writer,
};
use crate::io::gold::read_gold;
use crate::io::ron_format::{read_annotation, read_header};
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
    /// The file holds suggestions and no span, and is not done: nobody has annotated
    /// the document yet.
    SuggestionsOnly {
        /// The document id.
        doc: String,
        /// The file.
        path: PathBuf,
    },
    /// Its text is only white space: nothing to train on, and a text `import` refuses.
    BlankText {
        /// The document id.
        doc: String,
        /// The text's length in code points.
        chars: usize,
    },
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skip::SeveralAnnotators { doc, annotators } => write!(
                f,
                "{doc}: {} annotators ({}) and no gold file; adjudicate it, or export one annotator with --annotator NAME",
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
            Skip::SuggestionsOnly { doc, path } => write!(
                f,
                "{doc}: {} holds only suggestions, no span; nobody has annotated it yet",
                path.display()
            ),
            Skip::BlankText { doc, chars } => write!(
                f,
                "{doc}: its text is only white space ({chars} {}); there is nothing to export",
                plural(*chars, "character", "characters")
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
    let stem = |p: &PathBuf| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    // Which file of each document, decided from the names alone; then the files read
    // on every core, a batch at a time, and taken in document order.
    let mut choices = Vec::new();
    for DocumentFolder { name: doc, files } in group_by_folder(files) {
        let gold = files.iter().find(|f| stem(f) == GOLD_ANNOTATOR);
        let mut annotators: Vec<&PathBuf> =
            files.iter().filter(|f| stem(f) != GOLD_ANNOTATOR).collect();
        if gold.is_none() && annotators.len() > 1 {
            // Several names: those whose files hold only suggestions are not annotators.
            annotators.retain(|f| !read_header(f).is_ok_and(|h| h.is_suggestions_only()));
        }
        let chosen = match &options.which {
            Which::Gold => gold,
            Which::Annotator(name) => annotators.into_iter().find(|f| stem(f) == name.as_str()),
            Which::Default => match (gold, annotators.as_slice()) {
                (Some(gold), _) => Some(gold),
                (None, [only]) => Some(*only),
                (None, []) => None,
                (None, several) => {
                    choices.push(Choice::Skip(Skip::SeveralAnnotators {
                        doc: doc.clone(),
                        annotators: several.iter().map(|f| stem(f)).collect(),
                    }));
                    None
                }
            },
        };
        if let Some(path) = chosen {
            choices.push(Choice::Read {
                is_gold: Some(path) == gold,
                path: path.clone(),
                doc,
            });
        }
    }
    let read = |choice: &Choice| match choice {
        Choice::Skip(skip) => Err(skip.clone()),
        // A gold file is read as gold, for its count of undecided places.
        Choice::Read { doc, path, is_gold } => Ok((
            doc.clone(),
            path.clone(),
            if *is_gold {
                read_gold(path).map(|g| (g.annotation, g.review.undecided))
            } else {
                read_annotation(path, &Schema::default()).map(|l| (l.annotation, None))
            },
        )),
    };
    in_order(&choices, BATCH, read, |read| {
        let (doc, path, read) = match read {
            Ok(read) => read,
            Err(skip) => {
                selection.skipped.push(skip);
                return;
            }
        };
        match read {
            Ok((annotation, _)) if options.done_only && annotation.status != Status::Done => {
                selection.skipped.push(Skip::NotDone { doc, path });
            }
            Ok((_, Some(undecided))) if undecided > 0 && !options.gold_incomplete => {
                selection
                    .skipped
                    .push(Skip::GoldIncomplete { doc, undecided });
            }
            Ok((annotation, _)) if annotation.is_suggestions_only() => {
                selection.skipped.push(Skip::SuggestionsOnly { doc, path });
            }
            Ok((annotation, _)) if annotation.document.text().trim().is_empty() => {
                let chars = annotation.document.char_len();
                selection.skipped.push(Skip::BlankText { doc, chars });
            }
            Ok((annotation, _)) => selection.annotations.push(annotation),
            Err(e) => selection.errors.push(e),
        }
    });
    selection
}

/// What [`selection`] does with one document: read the file chosen, or skip it.
enum Choice {
    Skip(Skip),
    Read {
        doc: String,
        path: PathBuf,
        is_gold: bool,
    },
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
    /// Spans have labels the corpus schema does not define, and
    /// [`ExportOptions::allow_unknown_labels`] is off; nothing was written.
    #[error(
        "labels not in the corpus schema: {}; nothing written (add them with: spantag schema init, or export them anyway with --allow-unknown-labels)",
        labels.join(", ")
    )]
    UnknownLabels {
        /// The labels, sorted.
        labels: Vec<String>,
    },
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
    /// Labels exported that the schema does not define (allowed by
    /// [`ExportOptions::allow_unknown_labels`]), sorted.
    pub outside_schema: Vec<String>,
}

impl ExportOutcome {
    /// Whether the export did its job: every file read, and at least one document
    /// written (an export with nothing to write writes no file at all). A front end says
    /// so otherwise (the CLI exits 1), and [`ExportOutcome::lines`] end with why.
    pub fn succeeded(&self) -> bool {
        self.unreadable.is_empty() && self.written.documents > 0
    }

    /// The summary an export ends with, a line each: what was written, spans per label,
    /// documents skipped and why, files that could not be read, spans not written
    /// exactly and why; when nothing was written, a last line says why and which option
    /// would select something.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = summary_lines(&self.written, &self.skipped, &self.unreadable, &self.out);
        if !self.outside_schema.is_empty() {
            lines.push(format!(
                "labels not in the corpus schema, exported as asked: {}",
                self.outside_schema.join(", ")
            ));
        }
        lines
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
    let out = if out == Path::new("-") {
        "standard output".to_owned()
    } else {
        out.display().to_string()
    };
    let mut lines = vec![if report.documents == 0 {
        format!("exported 0 documents; {out} was not written")
    } else {
        format!(
            "exported {} {} ({} spans) to {out}",
            report.documents,
            plural(report.documents, "document", "documents"),
            report.spans(),
        )
    }];
    if !report.splits.is_empty() {
        lines[0] = format!(
            "exported {} {} ({} spans) in {} parts:",
            report.documents,
            plural(report.documents, "document", "documents"),
            report.spans(),
            report.splits.len()
        );
    }
    for (label, count) in &report.labels {
        lines.push(format!("  {label:<12}{count:>7}"));
    }
    lines.extend(split_table(report));
    if !skipped.is_empty() {
        lines.push(format!("skipped {}:", skipped.len()));
        lines.extend(skipped.iter().map(|s| format!("  {s}")));
    }
    if !unreadable.is_empty() {
        lines.push(format!(
            "{} {} could not be read:",
            unreadable.len(),
            plural(unreadable.len(), "file", "files")
        ));
        lines.extend(unreadable.iter().map(|e| format!("  {e}")));
    }
    if !report.notes.is_empty() {
        // A span can get two notes (spaCy: left out of `doc.ents`, moved in the span
        // group): the count is of spans, every note is listed.
        let spans: std::collections::BTreeSet<(&str, &crate::model::Span)> = report
            .notes
            .iter()
            .map(|n| (n.doc.as_str(), &n.span))
            .collect();
        lines.push(format!(
            "{} {} could not be written exactly:",
            spans.len(),
            plural(spans.len(), "span", "spans")
        ));
        lines.extend(report.notes.iter().map(|n| format!("  {n}")));
    }
    if report.documents == 0 {
        lines.push(format!(
            "nothing was exported: {}",
            why_nothing(skipped, unreadable).join("; ")
        ));
    }
    lines
}

/// With a split, spans per label per part: a row per part (with its documents), a
/// column per label of the whole export.
fn split_table(report: &ExportReport) -> Vec<String> {
    if report.splits.is_empty() {
        return Vec::new();
    }
    let labels: Vec<&String> = report.labels.keys().collect();
    let width = |label: &str| label.chars().count().max(5) + 2;
    let mut header = format!("  {:<12}{:>9}", "split", "documents");
    for label in &labels {
        header.push_str(&format!("{label:>w$}", w = width(label)));
    }
    header.push_str("  written to");
    let mut lines = vec![header];
    for part in &report.splits {
        let mut row = format!("  {:<12}{:>9}", part.name, part.documents);
        for label in &labels {
            let count = part.labels.get(*label).copied().unwrap_or(0);
            row.push_str(&format!("{count:>w$}", w = width(label)));
        }
        row.push_str(&format!("  {}", part.out.display()));
        lines.push(row);
    }
    for part in report.splits.iter().filter(|p| p.documents == 0) {
        lines.push(format!(
            "  {}: no document (fewer documents than parts); {} is empty",
            part.name,
            part.out.display()
        ));
    }
    lines
}

/// Why an export wrote no document, a clause per kind of reason, each with the option
/// that would select what it left out.
fn why_nothing(skipped: &[Skip], unreadable: &[FileError]) -> Vec<String> {
    let (mut several, mut not_done, mut incomplete, mut blank) = (0, 0, 0, 0);
    let mut suggested = 0;
    let mut annotators: Vec<&str> = Vec::new();
    for skip in skipped {
        match skip {
            Skip::SeveralAnnotators {
                annotators: names, ..
            } => {
                several += 1;
                annotators.extend(names.iter().map(String::as_str));
            }
            Skip::NotDone { .. } => not_done += 1,
            Skip::GoldIncomplete { .. } => incomplete += 1,
            Skip::BlankText { .. } => blank += 1,
            Skip::SuggestionsOnly { .. } => suggested += 1,
        }
    }
    annotators.sort_unstable();
    annotators.dedup();
    let documents = |n: usize, one: &'static str, many: &'static str| {
        format!(
            "{n} {} {}",
            plural(n, "document", "documents"),
            plural(n, one, many)
        )
    };
    let mut reasons = Vec::new();
    if several > 0 {
        reasons.push(format!(
            "{} (--annotator NAME picks one: {})",
            documents(
                several,
                "has several annotators and no gold",
                "have several annotators and no gold"
            ),
            annotators.join(", ")
        ));
    }
    if not_done > 0 {
        reasons.push(format!(
            "{} (--done-only left {} out)",
            documents(not_done, "is not marked done", "are not marked done"),
            plural(not_done, "it", "them")
        ));
    }
    if incomplete > 0 {
        reasons.push(format!(
            "{} (--gold-incomplete exports {} anyway)",
            documents(
                incomplete,
                "has a gold file with undecided places",
                "have gold files with undecided places"
            ),
            plural(incomplete, "it", "them")
        ));
    }
    if suggested > 0 {
        reasons.push(documents(
            suggested,
            "has only suggestions, no span",
            "have only suggestions, no span",
        ));
    }
    if blank > 0 {
        reasons.push(documents(
            blank,
            "has a text of only white space",
            "have texts of only white space",
        ));
    }
    if !unreadable.is_empty() {
        reasons.push(format!(
            "{} {} could not be read",
            unreadable.len(),
            plural(unreadable.len(), "file", "files")
        ));
    }
    if reasons.is_empty() {
        reasons.push("no annotation files matched".to_owned());
    }
    reasons
}

/// Exports `corpus` to `out` as `options` say. `progress(done, total)` is called once
/// with `done = 0` when the documents to write are known, then as documents are written.
///
/// Refuses, writing nothing, when the corpus folder or its `annotations/` is missing or
/// its `spantag.ron` does not read. Files that do not read are reported in the outcome,
/// and the rest is exported. When no document is left to export, nothing is written
/// (an existing `out` stays as it was) and the outcome does not succeed.
pub fn run(
    corpus: &Corpus,
    options: &ExportOptions,
    out: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportOutcome, ExportJobError> {
    run_with(
        corpus,
        options,
        out,
        progress,
        &mut |annotations, schema, done| export(annotations, schema, options, out, done),
    )
}

/// [`run`] for a single-file format (jsonl, conll, doccano, spacy) written to `w`
/// (standard output for `--out -`) instead of a file; the outcome's `out` is `-`. Folder
/// formats are refused ([`ExportError::FolderToWriter`]), before anything is read.
pub fn run_to_writer(
    corpus: &Corpus,
    options: &ExportOptions,
    w: &mut dyn std::io::Write,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportOutcome, ExportJobError> {
    if options.format.writes_folder() {
        return Err(ExportError::FolderToWriter.into());
    }
    let out = Path::new("-");
    run_with(
        corpus,
        options,
        out,
        progress,
        &mut |annotations, schema, done| export_to_writer(annotations, schema, options, w, done),
    )
}

/// The writer's part of an export: the annotations chosen, the schema, and the progress
/// callback (documents done).
type Writer<'a> = dyn FnMut(&[Annotation], &Schema, &mut dyn FnMut(usize)) -> Result<ExportReport, ExportError>
    + 'a;

/// [`run`] and [`run_to_writer`]: the selection, then `write` unless there is nothing
/// to write (so an existing output is not replaced by an empty one, which would pass
/// for a result).
fn run_with(
    corpus: &Corpus,
    options: &ExportOptions,
    out: &Path,
    progress: &mut dyn FnMut(usize, usize),
    write: &mut Writer<'_>,
) -> Result<ExportOutcome, ExportJobError> {
    let (schema, selection, outside_schema) = prepare(corpus, options)?;
    let total = selection.annotations.len();
    progress(0, total);
    let written = if selection.annotations.is_empty() {
        ExportReport::default()
    } else {
        write(&selection.annotations, &schema, &mut |done| {
            progress(done, total)
        })?
    };
    Ok(ExportOutcome {
        written,
        skipped: selection.skipped,
        unreadable: selection.errors,
        out: out.to_owned(),
        outside_schema,
    })
}

/// The checks every export starts with, then the schema, the selection and the labels
/// outside the schema.
fn prepare(
    corpus: &Corpus,
    options: &ExportOptions,
) -> Result<(Schema, Selection, Vec<String>), ExportJobError> {
    existing_folder(corpus)?;
    if !corpus.annotations_dir().is_dir() {
        return Err(CorpusError::NoAnnotations {
            path: corpus.root().to_owned(),
        }
        .into());
    }
    let schema = load_schema(corpus)?;
    let selection = selection(corpus, options);
    let outside_schema = labels_outside(&schema, &selection.annotations);
    if !outside_schema.is_empty() && !options.allow_unknown_labels {
        return Err(ExportJobError::UnknownLabels {
            labels: outside_schema,
        });
    }
    Ok((schema, selection, outside_schema))
}

/// The labels of `annotations` that `schema` does not define, sorted.
pub fn labels_outside(schema: &Schema, annotations: &[Annotation]) -> Vec<String> {
    let labels: std::collections::BTreeSet<String> = annotations
        .iter()
        .flat_map(|a| a.spans())
        .filter(|s| !schema.knows(&s.label))
        .map(|s| s.label.to_string())
        .collect();
    labels.into_iter().collect()
}
