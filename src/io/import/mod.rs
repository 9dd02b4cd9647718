//! Importing other tools' files as spantag documents and annotations: brat, doccano,
//! CoNLL and JSONL. Every input is read and checked in full before anything is written;
//! each bad line is reported with its file and line; existing files are only replaced
//! with `force`.

pub mod brat;
pub mod conll;
pub mod doccano;
pub mod jsonl;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::atomic::write_atomic;
use super::diagnostic::{Diagnostic, FileError, Position};
use super::export::Offsets;
use super::ron_format::to_ron;
use super::store::{Corpus, save_annotation};
use super::tagging::Scheme;
use crate::model::{Annotation, AnnotatorName, DocId, Document, Span, Status, now};

/// An input format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImportFormat {
    /// brat standoff: a folder of `.txt` + `.ann` pairs, or one `.ann` file.
    Brat,
    /// doccano JSONL.
    Doccano,
    /// CoNLL `TOKEN ... TAG` lines.
    Conll,
    /// spantag's JSONL export (code point offsets).
    Jsonl,
}

/// How to read the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportOptions {
    /// The format.
    pub format: ImportFormat,
    /// doccano offsets.
    pub offsets: Offsets,
    /// CoNLL tag scheme; guessed when `None` (BILOU if any `L-`/`U-` tag, else IOB2).
    pub scheme: Option<Scheme>,
}

/// One document read from the input: its id, text and spans, not yet checked against
/// the corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedDocument {
    /// The document id.
    pub id: DocId,
    /// Where it came from (file, and line where it applies).
    pub source: String,
    /// The text, exactly.
    pub text: String,
    /// The spans, in code points.
    pub spans: Vec<Span>,
}

/// What reading an input gave: its documents, and warnings about things it fixed on the
/// way (a span listed twice, kept once).
#[derive(Clone, Debug, Default)]
pub struct ReadInput {
    /// The documents, in input order.
    pub documents: Vec<ImportedDocument>,
    /// Warnings, with file and line.
    pub warnings: Vec<Diagnostic>,
}

/// Reads `input` in `options.format`. All problems are reported at once.
pub fn read(input: &Path, options: &ImportOptions) -> Result<ReadInput, FileError> {
    let read = match options.format {
        ImportFormat::Brat => brat::read(input)?,
        ImportFormat::Doccano => doccano::read(input, options.offsets)?,
        ImportFormat::Conll => conll::read(input, options.scheme)?,
        ImportFormat::Jsonl => jsonl::read(input)?,
    };
    let mut seen = BTreeSet::new();
    let mut diagnostics = Vec::new();
    for doc in &read.documents {
        if !seen.insert(doc.id.clone()) {
            diagnostics.push(Diagnostic::error(
                input,
                None,
                format!("document id {:?} appears twice", doc.id.as_str()),
            ));
        }
    }
    if diagnostics.is_empty() {
        Ok(read)
    } else {
        Err(FileError { diagnostics })
    }
}

/// Why an import wrote nothing (or stopped).
#[derive(Debug, Error)]
pub enum ImportError {
    /// The input could not be read; nothing was written.
    #[error(transparent)]
    Input(#[from] FileError),
    /// Files exist where the import would write; nothing was written.
    #[error("{} files already exist; nothing was written (use --force to replace them): {}", .0.len(), .0.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "))]
    Exists(Vec<PathBuf>),
    /// Writing failed part way; the files written so far are whole.
    #[error("could not write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// What an import wrote.
#[derive(Clone, Debug, Default)]
pub struct ImportReport {
    /// Documents imported.
    pub documents: usize,
    /// Spans imported.
    pub spans: usize,
    /// Files written.
    pub written: Vec<PathBuf>,
}

/// Writes `documents` into `corpus` as `samples/<id>.txt` and
/// `annotations/<id>/<annotator>.ron`, marked `status`. Without `force`, refuses (writing
/// nothing) if any annotation file exists or any text exists with different content.
pub fn write_into(
    corpus: &Corpus,
    documents: &[ImportedDocument],
    annotator: &AnnotatorName,
    status: Status,
    force: bool,
) -> Result<ImportReport, ImportError> {
    let mut annotations = Vec::with_capacity(documents.len());
    for imported in documents {
        let text_path = corpus.samples_dir().join(format!("{}.txt", imported.id));
        let source = corpus.relative(&text_path);
        let document = Document::new(imported.id.clone(), source, imported.text.clone());
        let mut annotation = Annotation::new(document, annotator.clone(), now());
        annotation.status = status;
        // Cannot fail: every reader checks its spans (range, duplicates).
        let _ = annotation.set_spans(imported.spans.clone());
        annotations.push((text_path, annotation));
    }
    if !force {
        let mut existing = Vec::new();
        for (text_path, annotation) in &annotations {
            let same_text = std::fs::read(text_path)
                .is_ok_and(|bytes| bytes == annotation.document.text().as_bytes());
            if text_path.exists() && !same_text {
                existing.push(text_path.clone());
            }
            let ron = corpus.annotation_path(annotation.document.id(), annotator);
            if ron.exists() {
                existing.push(ron);
            }
        }
        if !existing.is_empty() {
            return Err(ImportError::Exists(existing));
        }
    }
    let mut report = ImportReport::default();
    for (text_path, annotation) in &annotations {
        write_atomic(text_path, annotation.document.text().as_bytes()).map_err(|e| {
            ImportError::Write {
                path: text_path.clone(),
                source: Box::new(e),
            }
        })?;
        report.written.push(text_path.clone());
        let ron = corpus.annotation_path(annotation.document.id(), annotator);
        let saved = if force && ron.exists() {
            // Replacing on purpose: even a file that does not parse.
            write_atomic(&ron, to_ron(annotation).as_bytes()).map_err(|e| Box::new(e) as _)
        } else {
            save_annotation(&ron, annotation).map_err(|e| Box::new(e) as _)
        };
        saved.map_err(|source| ImportError::Write {
            path: ron.clone(),
            source,
        })?;
        report.written.push(ron);
        report.documents += 1;
        report.spans += annotation.spans().len();
    }
    Ok(report)
}

/// Checks imported spans against their text and the rules of a file: inside the text,
/// not empty, `text` echo right; an exact duplicate is kept once, with a warning.
/// `at` gives the position to report for span `i`.
pub(crate) fn check_spans(
    file: &Path,
    text: &str,
    spans: &[(Span, Option<String>)],
    at: &dyn Fn(usize) -> Option<Position>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Span> {
    let len = text.chars().count();
    let index = crate::model::text::OffsetIndex::new(text);
    let mut kept: Vec<Span> = Vec::with_capacity(spans.len());
    let mut seen = std::collections::HashSet::new();
    for (i, (span, echo)) in spans.iter().enumerate() {
        if span.start >= span.end || span.end > len {
            diagnostics.push(Diagnostic::error(
                file,
                at(i),
                format!(
                    "span [{}, {}) {:?} is empty, reversed or past the end of the text ({len} code points)",
                    span.start, span.end, span.label.as_str()
                ),
            ));
            continue;
        }
        if let Some(echo) = echo {
            let from = index.char_to_byte(text, span.start).unwrap_or(0);
            let to = index.char_to_byte(text, span.end).unwrap_or(0);
            if &text[from..to] != echo {
                diagnostics.push(Diagnostic::error(
                    file,
                    at(i),
                    format!(
                        "span [{}, {}) covers {:?} but its text says {echo:?}",
                        span.start,
                        span.end,
                        &text[from..to]
                    ),
                ));
                continue;
            }
        }
        if !seen.insert(span.clone()) {
            diagnostics.push(Diagnostic::warning(
                file,
                at(i),
                format!(
                    "span [{}, {}) {:?} is listed twice; kept once",
                    span.start,
                    span.end,
                    span.label.as_str()
                ),
            ));
            continue;
        }
        kept.push(span.clone());
    }
    kept
}

/// A document id from a file's value, or made from the file stem and a counter.
pub(crate) fn document_id(
    file: &Path,
    given: Option<&str>,
    n: usize,
    position: Option<Position>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<DocId> {
    match given {
        Some(id) => match DocId::new(id) {
            Ok(id) => Some(id),
            Err(e) => {
                diagnostics.push(Diagnostic::error(file, position, e.to_string()));
                None
            }
        },
        None => {
            let stem = file.file_stem().unwrap_or_default().to_string_lossy();
            Some(DocId::from_file_stem(&format!("{stem}-{n}")))
        }
    }
}

/// The documents when no diagnostic is an error (the warnings travel with them).
pub(crate) fn finish(
    documents: Vec<ImportedDocument>,
    diagnostics: Vec<Diagnostic>,
) -> Result<ReadInput, FileError> {
    if diagnostics.iter().any(Diagnostic::is_error) {
        Err(FileError { diagnostics })
    } else {
        Ok(ReadInput {
            documents,
            warnings: diagnostics,
        })
    }
}

/// A 1-based line position, column 1.
pub(crate) fn line(n: usize) -> Option<Position> {
    Some(Position { line: n, col: 1 })
}

/// A JSON id (string or number) as text.
pub(crate) fn json_id(value: Option<&serde_json::Value>) -> Option<String> {
    match value? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
