//! Importing other tools' files as spantag documents and annotations: brat, doccano,
//! CoNLL and JSONL. Every input is read and checked in full before anything is written;
//! each bad line is reported with its file and line; existing files are only replaced
//! with `force`, and files that already hold what would be written are left alone, so an
//! interrupted import can be run again.

pub mod brat;
pub mod conll;
pub mod doccano;
mod json_lines;
pub mod jsonl;
pub mod labels;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::atomic::write_atomic;
use super::diagnostic::{Diagnostic, FileError, Position};
use super::export::Offsets;
use super::lines::numbered_json_lines;
use super::ron_format::to_ron;
use super::store::{Corpus, save_annotation};
use crate::model::{Annotation, AnnotatorName, DocId, Document, Span, Status, now};
use crate::text::tagging::Scheme;

pub use json_lines::Answer;

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
    /// Offsets in doccano and JSONL files (every layout): code points or UTF-16 units.
    pub offsets: Offsets,
    /// CoNLL tag scheme; guessed when `None` (BILOU if any `L-`/`U-` tag, else IOB2).
    pub scheme: Option<Scheme>,
    /// doccano's label ids by id (as written, a number as its digits), for the older
    /// `annotations` layout; without them that layout is refused.
    pub label_ids: Option<BTreeMap<String, String>>,
    /// Which Prodigy answers are imported (lines with no `answer` always are); the
    /// others are skipped and counted.
    pub answers: BTreeSet<Answer>,
    /// The spaCy span group to read from a `spans` dict; every group when `None`.
    pub span_group: Option<String>,
    /// Top-level keys not to read, whatever they hold; their items are counted.
    pub ignore_keys: BTreeSet<String>,
    /// Labels renamed on the way in: new name by old.
    pub label_map: BTreeMap<String, String>,
    /// Ids written in the data that are not valid document ids are mapped to valid ones
    /// (as [`DocId::from_file_stem`]) and reported, instead of refused.
    pub sanitize_ids: bool,
}

impl ImportOptions {
    /// Options for `format`: code point offsets, the scheme guessed, `accept` answers,
    /// every span group, no key ignored, no label renamed, ids not sanitized.
    ///
    /// ```
    /// # use spantag::io::import::{ImportFormat, ImportOptions};
    /// let options = ImportOptions {
    ///     span_group: Some("sc".into()),
    ///     ..ImportOptions::new(ImportFormat::Jsonl)
    /// };
    /// ```
    pub fn new(format: ImportFormat) -> Self {
        Self {
            format,
            offsets: Offsets::default(),
            scheme: None,
            label_ids: None,
            answers: BTreeSet::from([Answer::Accept]),
            span_group: None,
            ignore_keys: BTreeSet::new(),
            label_map: BTreeMap::new(),
            sanitize_ids: false,
        }
    }
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
    /// Lines skipped for their Prodigy answer: how many, by answer.
    pub skipped_answers: BTreeMap<String, usize>,
    /// Structures read past (relations, categories, ignored keys): how many items, by key.
    pub not_imported: BTreeMap<String, usize>,
}

/// Reads `input` in `options.format`. All problems are reported at once; an input that
/// holds no document (and skipped none for its answer) is an error.
pub fn read(input: &Path, options: &ImportOptions) -> Result<ReadInput, FileError> {
    // A bad rename is the options' fault: said once, before any line.
    let mut bad_map = Vec::new();
    labels::check_label_map(input, &options.label_map, &mut bad_map);
    if !bad_map.is_empty() {
        return Err(FileError {
            diagnostics: bad_map,
        });
    }
    let read = match options.format {
        ImportFormat::Brat => brat::read(input, options)?,
        ImportFormat::Doccano => doccano::read(input, options)?,
        ImportFormat::Conll => conll::read(input, options)?,
        ImportFormat::Jsonl => jsonl::read(input, options)?,
    };
    // Lines skipped for their answer are said in the summary; an input with nothing in
    // it at all (blank lines, `-DOCSTART-` alone) is refused here.
    if read.documents.is_empty() && read.skipped_answers.is_empty() {
        let holds = match options.format {
            ImportFormat::Conll => ": it holds no tokens",
            ImportFormat::Doccano | ImportFormat::Jsonl => ": it holds no lines",
            ImportFormat::Brat => "",
        };
        return Err(FileError::one(
            input,
            None,
            format!("no documents in the input{holds}"),
        ));
    }
    let mut seen = BTreeSet::new();
    let mut folded: BTreeMap<String, &DocId> = BTreeMap::new();
    let mut diagnostics = Vec::new();
    for doc in &read.documents {
        if !seen.insert(doc.id.clone()) {
            diagnostics.push(Diagnostic::error(
                input,
                None,
                format!("document id {:?} appears twice", doc.id.as_str()),
            ));
        } else if let Some(other) = folded.insert(doc.id.as_str().to_ascii_lowercase(), &doc.id) {
            diagnostics.push(Diagnostic::error(
                input,
                None,
                format!(
                    "document ids {:?} and {:?} differ only in case: on macOS and Windows they would share one folder",
                    other.as_str(),
                    doc.id.as_str()
                ),
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
    /// Document ids that differ only in case from ids the corpus has: on macOS and
    /// Windows they would share one folder, so one annotator's work would land in the
    /// other document's file. Nothing was written, with or without `--force`.
    #[error("{}; nothing was written", .0.iter().map(|(new, old)| format!("document id {new:?} differs only in case from {old:?}, which the corpus has: on macOS and Windows they would share one folder")).collect::<Vec<_>>().join("; "))]
    CaseCollision(Vec<(String, String)>),
    /// Annotation files the import would write are open in a spantag window (which
    /// holds their lock); nothing was written, with or without `--force`.
    #[error("{}; nothing was written: close them there first", .0.iter().map(|(path, holder)| format!("{} is open in a spantag window ({holder})", path.display())).collect::<Vec<_>>().join("; "))]
    Locked(Vec<(PathBuf, crate::io::lock::Holder)>),
    /// Writing failed part way; the files written so far are whole.
    #[error("could not write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// Refuses documents whose id differs only in case from one already in the corpus (a
/// text in `samples/` or a folder in `annotations/`).
fn refuse_case_collisions(
    corpus: &Corpus,
    documents: &[ImportedDocument],
) -> Result<(), ImportError> {
    let mut existing: Vec<String> = corpus
        .texts()
        .unwrap_or_default()
        .into_iter()
        .map(|t| t.id.to_string())
        .collect();
    if let Ok(folders) = std::fs::read_dir(corpus.annotations_dir()) {
        existing.extend(
            folders
                .filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned()),
        );
    }
    let collisions: Vec<(String, String)> = documents
        .iter()
        .filter_map(|d| {
            let id = d.id.as_str();
            existing
                .iter()
                .find(|old| old.as_str() != id && old.to_lowercase() == id.to_lowercase())
                .map(|old| (id.to_owned(), old.clone()))
        })
        .collect();
    if collisions.is_empty() {
        Ok(())
    } else {
        Err(ImportError::CaseCollision(collisions))
    }
}

/// What an import wrote.
#[derive(Clone, Debug, Default)]
pub struct ImportReport {
    /// Documents imported: their text, their annotation or both written.
    pub documents: usize,
    /// Spans imported (in the documents imported).
    pub spans: usize,
    /// Documents whose text and annotation were already in the corpus as this import
    /// would write them (an earlier run of the same import): left as they are.
    pub already_there: usize,
    /// Files written.
    pub written: Vec<PathBuf>,
}

/// How a file the import would write compares with what is on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OnDisk {
    /// No file there: write it.
    Missing,
    /// The file holds what the import would write: leave it.
    Same,
    /// Something else is there (other content, or a file that does not read): only
    /// replaced with `force`.
    Differs,
}

/// Whether `path` holds `text`, byte for byte.
fn text_on_disk(path: &Path, text: &str) -> OnDisk {
    match std::fs::read(path) {
        Ok(bytes) if bytes == text.as_bytes() => OnDisk::Same,
        Ok(_) => OnDisk::Differs,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => OnDisk::Missing,
        Err(_) => OnDisk::Differs,
    }
}

/// Whether `path` holds `annotation` as far as an import decides: the same document
/// (id and text), annotator, status and spans. Times are not compared: an earlier run
/// wrote the same annotation at another time.
fn annotation_on_disk(path: &Path, annotation: &Annotation) -> OnDisk {
    if !path.exists() {
        return OnDisk::Missing;
    }
    let Ok(loaded) = super::ron_format::read_annotation(path, &crate::model::Schema::default())
    else {
        return OnDisk::Differs;
    };
    let found = &loaded.annotation;
    let same = found.document.id() == annotation.document.id()
        && found.document.text() == annotation.document.text()
        && found.annotator == annotation.annotator
        && found.status == annotation.status
        && found.spans() == annotation.spans();
    if same { OnDisk::Same } else { OnDisk::Differs }
}

/// Writes `documents` into `corpus` as `samples/<id>.txt` and
/// `annotations/<id>/<annotator>.ron`, marked `status`.
///
/// Resumable: a file that already holds what the import would write is left as it is
/// (a text byte for byte; an annotation with the same text, annotator, status and spans,
/// whatever its times), so running an interrupted import again finishes the job. A
/// document whose two files are both there is counted in
/// [`ImportReport::already_there`]; one with a file missing gets it written. Without
/// `force`, refuses (writing nothing) if any file holds something else; with `force`,
/// such files are replaced.
pub fn write_into(
    corpus: &Corpus,
    documents: &[ImportedDocument],
    annotator: &AnnotatorName,
    status: Status,
    force: bool,
) -> Result<ImportReport, ImportError> {
    refuse_case_collisions(corpus, documents)?;
    let mut planned = Vec::with_capacity(documents.len());
    for imported in documents {
        let text_path = corpus.samples_dir().join(format!("{}.txt", imported.id));
        let source = corpus.relative(&text_path);
        let document = Document::new(imported.id.clone(), source, imported.text.clone());
        let mut annotation = Annotation::new(document, annotator.clone(), now());
        annotation.status = status;
        // Cannot fail: every reader checks its spans (range, duplicates).
        let _ = annotation.set_spans(imported.spans.clone());
        let ron = corpus.annotation_path(annotation.document.id(), annotator);
        let text_state = text_on_disk(&text_path, &imported.text);
        let ron_state = annotation_on_disk(&ron, &annotation);
        planned.push((text_path, text_state, ron, ron_state, annotation));
    }
    // A file a window is editing is never written under it, even with --force.
    let locked: Vec<(PathBuf, crate::io::lock::Holder)> = planned
        .iter()
        .filter(|(.., ron_state, _)| *ron_state != OnDisk::Same)
        .filter_map(|(.., ron, _, annotation)| {
            let lock = corpus.lock_path(annotation.document.id(), annotator);
            crate::io::lock::holder(&lock).map(|holder| (ron.clone(), holder))
        })
        .collect();
    if !locked.is_empty() {
        return Err(ImportError::Locked(locked));
    }
    if !force {
        let mut existing = Vec::new();
        for (text_path, text_state, ron, ron_state, _) in &planned {
            if *text_state == OnDisk::Differs {
                existing.push(text_path.clone());
            }
            if *ron_state == OnDisk::Differs {
                existing.push(ron.clone());
            }
        }
        if !existing.is_empty() {
            return Err(ImportError::Exists(existing));
        }
    }
    let mut report = ImportReport::default();
    for (text_path, text_state, ron, ron_state, annotation) in &planned {
        if (*text_state, *ron_state) == (OnDisk::Same, OnDisk::Same) {
            report.already_there += 1;
            continue;
        }
        if *text_state != OnDisk::Same {
            write_atomic(text_path, annotation.document.text().as_bytes()).map_err(|e| {
                ImportError::Write {
                    path: text_path.clone(),
                    source: Box::new(e),
                }
            })?;
            report.written.push(text_path.clone());
        }
        if *ron_state != OnDisk::Same {
            crate::io::store::check_inside_corpus(ron).map_err(|e| ImportError::Write {
                path: ron.clone(),
                source: Box::new(e),
            })?;
            let saved = if force && ron.exists() {
                // Replacing on purpose: even a file that does not parse.
                write_atomic(ron, to_ron(annotation).as_bytes()).map_err(|e| Box::new(e) as _)
            } else {
                save_annotation(ron, annotation).map_err(|e| Box::new(e) as _)
            };
            saved.map_err(|source| ImportError::Write {
                path: ron.clone(),
                source,
            })?;
            report.written.push(ron.clone());
        }
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

/// Whether `text` can be a document: it has a character that is not white space. An
/// empty or blank text would become a sample with nothing to annotate (and an empty
/// one a 0-byte file the window flags as broken), so it is an error at `file` and `at`.
pub(crate) fn check_text(
    file: &Path,
    at: Option<Position>,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    if !text.trim().is_empty() {
        return true;
    }
    let what = if text.is_empty() {
        "the text is empty".to_owned()
    } else {
        format!(
            "the text is only white space ({} characters)",
            text.chars().count()
        )
    };
    diagnostics.push(Diagnostic::error(
        file,
        at,
        format!("{what}: a document needs at least one character that is not white space"),
    ));
    false
}

/// A document id from a file's value, or made from the file stem and a counter. A value
/// that is not a valid id is refused with a hint to `--sanitize-ids`; with `sanitize`, it
/// is mapped (as [`DocId::from_file_stem`]) and the mapping reported as a warning.
pub(crate) fn document_id(
    file: &Path,
    given: Option<&str>,
    n: usize,
    position: Option<Position>,
    sanitize: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<DocId> {
    match given {
        Some(id) => match DocId::new(id) {
            Ok(id) => Some(id),
            Err(e) => {
                let mapped = DocId::from_file_stem(id);
                if sanitize {
                    diagnostics.push(Diagnostic::warning(
                        file,
                        position,
                        format!(
                            "document id {id:?} is imported as {:?} (--sanitize-ids)",
                            mapped.as_str()
                        ),
                    ));
                    Some(mapped)
                } else {
                    diagnostics.push(Diagnostic::error(
                        file,
                        position,
                        format!(
                            "{e}; add --sanitize-ids to import it as {:?}",
                            mapped.as_str()
                        ),
                    ));
                    None
                }
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
            ..ReadInput::default()
        })
    }
}

/// Each non-blank line of `src` parsed as JSON into `T`, with its 1-based line number
/// (lines end at `\n`, `\r\n`, or a lone `\r` outside a string: see
/// [`numbered_json_lines`]); a line that does not parse becomes an error naming `what`
/// it should have been.
pub(crate) fn json_lines<T: serde::de::DeserializeOwned>(
    input: &Path,
    src: &str,
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(usize, T)> {
    let mut parsed = Vec::new();
    for (n, content) in numbered_json_lines(src) {
        if content.trim().is_empty() {
            continue;
        }
        match serde_json::from_str(content) {
            Ok(value) => parsed.push((n, value)),
            Err(e) => {
                let at = Some(Position {
                    line: n,
                    col: e.column().max(1),
                });
                diagnostics.push(Diagnostic::error(
                    input,
                    at,
                    format!("not a {what} line: {e}"),
                ));
            }
        }
    }
    parsed
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::export::{ExportOptions, Format, export};
    use crate::model::Schema;
    use crate::test_support::hard_text;
    use proptest::prelude::*;

    fn annotation(text: &str, spans: &[(usize, usize, &str)]) -> Annotation {
        let doc = Document::new(DocId::new("doc").unwrap(), "samples/doc.txt", text);
        let mut a = Annotation::new(doc, AnnotatorName::new("alice").unwrap(), now());
        for &(s, e, l) in spans {
            let _ = a.insert(Span::new(s, e, l));
        }
        a
    }

    /// Exports `a` in `format` (with `offsets`), imports it back.
    fn round_trip(a: &Annotation, format: Format, offsets: Offsets) -> (ImportedDocument, usize) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let mut options = ExportOptions::new(format);
        options.offsets = offsets;
        let report = export(
            std::slice::from_ref(a),
            &Schema::default(),
            &options,
            &out,
            &mut |_| {},
        )
        .unwrap();
        let import_format = match format {
            Format::Jsonl => ImportFormat::Jsonl,
            Format::Brat => ImportFormat::Brat,
            _ => ImportFormat::Doccano,
        };
        let options = ImportOptions {
            offsets,
            ..ImportOptions::new(import_format)
        };
        let mut read = read(&out, &options).unwrap();
        (read.documents.remove(0), report.notes.len())
    }

    #[test]
    fn utf16_offsets_count_javascript_units() {
        let text =
            "The minister’s office said “Kyiv” was shelled on Monday.\r\nNATO met 😀 in Brussels.";
        let a = annotation(text, &[(72, 80, "location"), (28, 32, "location")]);
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("d.jsonl");
        let mut options = ExportOptions::new(Format::Doccano);
        options.offsets = Offsets::Utf16;
        export(
            std::slice::from_ref(&a),
            &Schema::default(),
            &options,
            &out,
            &mut |_| {},
        )
        .unwrap();
        let line = std::fs::read_to_string(&out).unwrap();
        assert!(
            line.contains(r#""label":[[28,32,"location"],[73,81,"location"]]"#),
            "{line}"
        );
        let (back, _) = round_trip(&a, Format::Doccano, Offsets::Utf16);
        assert_eq!(back.spans, a.spans());
        // A UTF-16 offset inside the emoji is refused, not rounded.
        let bad = line.replace("[73,81,", "[68,81,");
        std::fs::write(&out, bad).unwrap();
        let options = ImportOptions {
            offsets: Offsets::Utf16,
            ..ImportOptions::new(ImportFormat::Doccano)
        };
        let err = read(&out, &options).unwrap_err().to_string();
        assert!(err.contains("d.jsonl:1:1: error: span [68, 81) \"location\": a UTF-16 offset is past the end or splits a character in two"), "{err}");
    }

    #[test]
    fn brat_writes_spans_over_line_breaks_in_pieces_and_reads_them_back() {
        let text = "Members of the United\r\nNations Security Council met.";
        let a = annotation(text, &[(15, 47, "actor")]);
        let (_, ann, notes) = crate::io::export::brat::document_files(&a);
        assert_eq!(
            ann,
            "T1\tactor 15 21;23 47\tUnited Nations Security Council\n"
        );
        assert!(notes.is_empty());
        let (back, _) = round_trip(&a, Format::Brat, Offsets::CodePoint);
        assert_eq!(back.spans, a.spans());
        // A span that ends with the line break loses it, and says so.
        let edge = annotation(text, &[(15, 23, "actor")]);
        let (_, ann, notes) = crate::io::export::brat::document_files(&edge);
        assert_eq!(ann, "T1\tactor 15 21\tUnited\n");
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn conll_reports_a_malformed_sequence_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("train.conll");
        std::fs::write(&file, "-DOCSTART- -X- O O\n\nRebels B-actor\nseized O\n\n-DOCSTART- -X- O O\n\nHoms O\nfell I-event\n").unwrap();
        let options = ImportOptions::new(ImportFormat::Conll);
        let err = read(&file, &options).unwrap_err().to_string();
        assert!(
            err.ends_with("train.conll:9:1: error: I-event after O: an entity must start with B-"),
            "{err}"
        );
        let options = ImportOptions {
            scheme: Some(Scheme::Iob1),
            ..options
        };
        let read = read(&file, &options).unwrap();
        let ids: Vec<&str> = read.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["train-1", "train-2"]);
        assert_eq!(read.documents[0].text, "Rebels seized");
        assert_eq!(read.documents[1].spans, [Span::new(5, 9, "event")]);
    }

    #[test]
    fn an_import_over_existing_files_writes_nothing_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = Corpus::new(dir.path());
        let alice = AnnotatorName::new("alice").unwrap();
        let doc = |text: &str| ImportedDocument {
            id: DocId::new("d").unwrap(),
            source: "x".into(),
            text: text.into(),
            spans: vec![Span::new(0, 4, "actor")],
        };
        write_into(&corpus, &[doc("Kyiv said")], &alice, Status::Done, false).unwrap();
        let ron = corpus.annotation_path(&DocId::new("d").unwrap(), &alice);
        let before = std::fs::read(&ron).unwrap();
        let err =
            write_into(&corpus, &[doc("Kyiv says")], &alice, Status::Done, false).unwrap_err();
        assert!(
            matches!(&err, ImportError::Exists(paths) if paths.len() == 2),
            "{err}"
        );
        assert_eq!(std::fs::read(&ron).unwrap(), before);
        assert_eq!(
            std::fs::read_to_string(corpus.samples_dir().join("d.txt")).unwrap(),
            "Kyiv said"
        );
        write_into(&corpus, &[doc("Kyiv says")], &alice, Status::Done, true).unwrap();
        assert_eq!(
            std::fs::read_to_string(corpus.samples_dir().join("d.txt")).unwrap(),
            "Kyiv says"
        );
    }

    /// An imported document `id` of `text` with `spans`.
    fn imported(id: &str, text: &str, spans: &[(usize, usize, &str)]) -> ImportedDocument {
        ImportedDocument {
            id: DocId::new(id).unwrap(),
            source: "x".into(),
            text: text.into(),
            spans: spans.iter().map(|&(s, e, l)| Span::new(s, e, l)).collect(),
        }
    }

    #[test]
    fn a_write_run_again_skips_what_is_there_and_writes_what_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = Corpus::new(dir.path());
        let alice = AnnotatorName::new("alice").unwrap();
        let docs = [
            imported("kyiv", "“Kyiv” 😀\r\n", &[(1, 5, "location")]),
            imported("homs", "قصف حمص", &[(4, 7, "location")]),
            imported("aleppo", "Aleppo", &[]),
        ];
        let first = write_into(&corpus, &docs[..2], &alice, Status::Done, false).unwrap();
        assert_eq!(
            (first.documents, first.spans, first.already_there),
            (2, 2, 0)
        );
        let homs = corpus.annotation_path(&docs[1].id, &alice);
        std::fs::remove_file(&homs).unwrap();
        let kyiv = corpus.annotation_path(&docs[0].id, &alice);
        let kyiv_before = std::fs::read(&kyiv).unwrap();
        let again = write_into(&corpus, &docs, &alice, Status::Done, false).unwrap();
        assert_eq!(
            (again.documents, again.spans, again.already_there),
            (2, 1, 1)
        );
        let written: Vec<String> = again.written.iter().map(|p| corpus.relative(p)).collect();
        assert_eq!(
            written,
            [
                "annotations/homs/alice.ron",
                "samples/aleppo.txt",
                "annotations/aleppo/alice.ron"
            ]
        );
        assert_eq!(std::fs::read(&kyiv).unwrap(), kyiv_before);
        let all = write_into(&corpus, &docs, &alice, Status::Done, false).unwrap();
        assert_eq!(
            (all.documents, all.already_there, all.written.len()),
            (0, 3, 0)
        );
        // Another status, other spans, or a file that does not read: not the same.
        let err = write_into(&corpus, &docs, &alice, Status::InProgress, false).unwrap_err();
        assert!(
            matches!(&err, ImportError::Exists(paths) if paths.len() == 3),
            "{err}"
        );
        std::fs::write(&homs, "not ron").unwrap();
        let err = write_into(&corpus, &docs, &alice, Status::Done, false).unwrap_err();
        assert!(
            matches!(&err, ImportError::Exists(paths) if paths.as_slice() == std::slice::from_ref(&homs)),
            "{err}"
        );
        // --force replaces only what differs.
        let forced = write_into(&corpus, &docs, &alice, Status::Done, true).unwrap();
        assert_eq!((forced.documents, forced.already_there), (1, 2));
        assert_eq!(std::fs::read(&kyiv).unwrap(), kyiv_before);
    }

    #[test]
    fn blank_texts_are_refused_at_their_line() {
        let mut diagnostics = Vec::new();
        let file = Path::new("in.jsonl");
        assert!(check_text(file, line(1), " “x” ", &mut diagnostics));
        assert!(!check_text(file, line(2), "", &mut diagnostics));
        assert!(!check_text(
            file,
            line(3),
            "\r\n\u{a0}\u{3000}",
            &mut diagnostics
        ));
        let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "in.jsonl:2:1: error: the text is empty: a document needs at least one character that is not white space",
                "in.jsonl:3:1: error: the text is only white space (4 characters): a document needs at least one character that is not white space",
            ]
        );
    }

    #[test]
    fn an_input_with_no_document_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let cases = [
            (
                "a.conll",
                ImportFormat::Conll,
                "-DOCSTART- -X- O O\r\r",
                ": it holds no tokens",
            ),
            (
                "b.jsonl",
                ImportFormat::Jsonl,
                " \r\n\n",
                ": it holds no lines",
            ),
            (
                "c.jsonl",
                ImportFormat::Doccano,
                "\r\r",
                ": it holds no lines",
            ),
        ];
        for (name, format, src, holds) in cases {
            let file = dir.path().join(name);
            std::fs::write(&file, src).unwrap();
            let err = read(&file, &ImportOptions::new(format)).unwrap_err();
            assert_eq!(
                err.diagnostics,
                [Diagnostic::error(
                    &file,
                    None,
                    format!("no documents in the input{holds}")
                )]
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn jsonl_brat_and_doccano_round_trip_exactly(
            text in hard_text(),
            raw in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), 0..3usize), 0..10),
        ) {
            // A text of white space only is refused on import (tested on its own).
            prop_assume!(!text.trim().is_empty());
            let n = text.chars().count();
            let chars: Vec<char> = text.chars().collect();
            let spans: Vec<(usize, usize, &str)> = raw
                .into_iter()
                .map(|(x, y, l)| {
                    let (a, b) = (x.index(n), y.index(n + 1));
                    (a.min(b), a.max(b), ["actor", "location", "event"][l])
                })
                .collect();
            let a = annotation(&text, &spans);
            for (format, offsets) in [
                (Format::Jsonl, Offsets::CodePoint),
                (Format::Doccano, Offsets::CodePoint),
                (Format::Doccano, Offsets::Utf16),
            ] {
                let (back, _) = round_trip(&a, format, offsets);
                prop_assert_eq!(back.text.as_bytes(), text.as_bytes());
                prop_assert_eq!(&back.spans, a.spans());
            }
            // brat keeps every span but those that begin or end with a line break (reported).
            let (back, notes) = round_trip(&a, Format::Brat, Offsets::CodePoint);
            prop_assert_eq!(back.text.as_bytes(), text.as_bytes());
            let is_break = |c: usize| chars.get(c).is_some_and(|ch| *ch == '\n' || *ch == '\r');
            let clean: Vec<Span> = a.spans().iter().filter(|s| !is_break(s.start) && !is_break(s.end - 1)).cloned().collect();
            prop_assert_eq!(notes, a.spans().len() - clean.len());
            for span in &clean {
                prop_assert!(back.spans.contains(span), "{:?} lost", span);
            }
        }
    }
}
