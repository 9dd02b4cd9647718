//! Exporting a corpus for training: which annotations, in which format, and a report of
//! everything that could not be represented exactly. One module per format; the token
//! formats share [`crate::text::tokens`] and [`crate::text::align`].

pub mod brat;
pub mod conll;
pub mod doccano;
pub mod hf;
pub mod jsonl;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::atomic::write_atomic;
use super::ron_format::read_annotation;
use super::store::Corpus;
use crate::model::{Annotation, AnnotatorName, Schema, Status};
use crate::review::gold::GOLD_ANNOTATOR;
use crate::text::align::{AlignMode, AlignNote, tag_document};
use crate::text::tagging::Scheme;
use crate::text::tokens::Tokenizer;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// JSON lines, character offsets in code points.
    Jsonl,
    /// CoNLL-2003 style `TOKEN TAG` lines.
    Conll,
    /// Hugging Face `datasets`: tokens and integer tags, plus `labels.json`.
    Hf,
    /// brat standoff: a folder of `.txt` and `.ann` files plus `annotation.conf`.
    Brat,
    /// doccano JSONL, offsets in code points or UTF-16 units.
    Doccano,
}

impl Format {
    /// Whether the format has one tag per token (so spans are aligned to tokens).
    pub fn is_token_based(self) -> bool {
        matches!(self, Format::Conll | Format::Hf)
    }

    /// Whether `--out` names a folder rather than a file.
    pub fn writes_folder(self) -> bool {
        matches!(self, Format::Hf | Format::Brat)
    }
}

/// Offsets in doccano files.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Offsets {
    /// Unicode code points (Python string indices).
    #[default]
    CodePoint,
    /// UTF-16 code units (JavaScript string indices).
    Utf16,
}

/// Which annotation of each document to export.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Which {
    /// The gold file if there is one, else the only annotator's file; documents with
    /// several annotators and no gold are skipped with a warning.
    #[default]
    Default,
    /// This annotator's files.
    Annotator(AnnotatorName),
    /// Gold files only.
    Gold,
}

/// Everything that decides an export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportOptions {
    /// The format.
    pub format: Format,
    /// Which annotations.
    pub which: Which,
    /// Only documents marked done.
    pub done_only: bool,
    /// Tokens for CoNLL and Hugging Face.
    pub tokenizer: Tokenizer,
    /// What to do with spans that do not fall on token boundaries.
    pub align: AlignMode,
    /// The tag scheme for CoNLL and Hugging Face.
    pub scheme: Scheme,
    /// Write `-DOCSTART- -X- O O` before each document (CoNLL).
    pub docstart: bool,
    /// doccano offsets.
    pub offsets: Offsets,
}

impl ExportOptions {
    /// Defaults for `format`.
    pub fn new(format: Format) -> Self {
        Self {
            format,
            which: Which::Default,
            done_only: false,
            tokenizer: Tokenizer::default(),
            align: AlignMode::default(),
            scheme: Scheme::default(),
            docstart: false,
            offsets: Offsets::default(),
        }
    }
}

/// The annotations chosen for an export, and what was passed over.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// The annotations, in document order.
    pub annotations: Vec<Annotation>,
    /// Documents left out, with the reason (one line each).
    pub skipped: Vec<String>,
    /// Files that could not be read (one line each, with file and line).
    pub errors: Vec<String>,
}

/// Picks the annotations of `corpus` to export, as `which` and `done_only` say.
pub fn select(corpus: &Corpus, which: &Which, done_only: bool) -> Selection {
    let mut selection = Selection::default();
    let files = match corpus.annotation_files() {
        Ok(files) => files,
        Err(e) => {
            selection.errors.push(e.to_string());
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
        let chosen = match which {
            Which::Gold => gold,
            Which::Annotator(name) => annotators.into_iter().find(|f| stem(f) == name.as_str()),
            Which::Default => match (gold, annotators.as_slice()) {
                (Some(gold), _) => Some(gold),
                (None, [only]) => Some(*only),
                (None, []) => None,
                (None, several) => {
                    let names: Vec<String> = several.iter().map(|f| stem(f)).collect();
                    selection.skipped.push(format!(
                        "{doc}: {} annotators ({}) and no gold file; adjudicate it, or export one annotator with --annotator",
                        names.len(),
                        names.join(", ")
                    ));
                    None
                }
            },
        };
        let Some(path) = chosen else { continue };
        match read_annotation(path, &Schema::default()) {
            Ok(loaded) if done_only && loaded.annotation.status != Status::Done => {
                selection
                    .skipped
                    .push(format!("{doc}: not marked done ({})", path.display()));
            }
            Ok(loaded) => selection.annotations.push(loaded.annotation),
            Err(e) => selection.errors.push(e.to_string()),
        }
    }
    selection
}

/// What an export wrote and what it could not represent exactly.
#[derive(Clone, Debug, Default)]
pub struct ExportReport {
    /// Documents written.
    pub documents: usize,
    /// Spans written, per label.
    pub labels: BTreeMap<String, usize>,
    /// Spans moved or left out by token alignment.
    pub notes: Vec<AlignNote>,
    /// Files written.
    pub written: Vec<PathBuf>,
}

impl ExportReport {
    fn count(&mut self, spans: &[crate::model::Span]) {
        for span in spans {
            *self.labels.entry(span.label.to_string()).or_default() += 1;
        }
    }

    /// Spans written in all.
    pub fn spans(&self) -> usize {
        self.labels.values().sum()
    }
}

/// The summary an export ends with, a line each: what was written, spans per label,
/// documents skipped and why, spans not written exactly and why.
pub fn summary(report: &ExportReport, selection: &Selection, out: &Path) -> Vec<String> {
    let mut lines = vec![format!(
        "exported {} {} ({} spans) to {}",
        report.documents,
        if report.documents == 1 {
            "document"
        } else {
            "documents"
        },
        report.spans(),
        out.display()
    )];
    for (label, count) in &report.labels {
        lines.push(format!("  {label:<12}{count:>7}"));
    }
    if !selection.skipped.is_empty() {
        lines.push(format!("skipped {}:", selection.skipped.len()));
        lines.extend(selection.skipped.iter().map(|s| format!("  {s}")));
    }
    if !selection.errors.is_empty() {
        lines.push(format!(
            "{} files could not be read:",
            selection.errors.len()
        ));
        lines.extend(selection.errors.iter().map(|s| format!("  {s}")));
    }
    if !report.notes.is_empty() {
        lines.push(format!(
            "{} spans could not be written exactly:",
            report.notes.len()
        ));
        lines.extend(report.notes.iter().map(|n| format!("  {n}")));
    }
    if report.documents == 0 && selection.skipped.is_empty() && selection.errors.is_empty() {
        lines.push("nothing to export: no annotation files matched".to_owned());
    }
    lines
}

/// Why an export failed. Files already written stay whole (each write is atomic).
#[derive(Debug, Error)]
pub enum ExportError {
    /// A file could not be written.
    #[error("could not write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The output path does not suit the format.
    #[error("{0}")]
    Output(String),
}

/// One document in a single-file format.
struct Rendered {
    bytes: Vec<u8>,
    spans: Vec<crate::model::Span>,
    notes: Vec<AlignNote>,
}

/// Renders one document (not brat) into bytes.
fn render(annotation: &Annotation, options: &ExportOptions, tag_names: &[String]) -> Rendered {
    let mut bytes = Vec::with_capacity(annotation.document.text().len() * 2);
    let (spans, notes, written) = match options.format {
        Format::Conll | Format::Hf => {
            let tagged = tag_document(annotation, options.tokenizer, options.align, options.scheme);
            let written = if options.format == Format::Conll {
                conll::write_document(&mut bytes, annotation, &tagged, options.docstart)
            } else {
                hf::write_document(&mut bytes, annotation, &tagged, tag_names)
            };
            (tagged.kept, tagged.notes, written)
        }
        Format::Doccano => {
            let written = doccano::write_document(&mut bytes, annotation, options.offsets);
            (annotation.spans().to_vec(), Vec::new(), written)
        }
        Format::Jsonl | Format::Brat => {
            let written = jsonl::write_document(&mut bytes, annotation);
            (annotation.spans().to_vec(), Vec::new(), written)
        }
    };
    // Writing into memory cannot fail.
    debug_assert!(written.is_ok());
    Rendered {
        bytes,
        spans,
        notes,
    }
}

/// The labels in tag-id order: the schema's, then any other label found, sorted.
pub fn label_order(schema: &Schema, annotations: &[Annotation]) -> Vec<String> {
    let mut labels: Vec<String> = schema.labels.iter().map(|l| l.name.to_string()).collect();
    let mut extra: Vec<String> = annotations
        .iter()
        .flat_map(|a| a.spans().iter().map(|s| s.label.to_string()))
        .filter(|l| !labels.contains(l))
        .collect();
    extra.sort();
    extra.dedup();
    labels.extend(extra);
    labels
}

/// Writes `annotations` to `out` in `options.format`. `progress` is called after each
/// document with the number done so far.
pub fn export(
    annotations: &[Annotation],
    schema: &Schema,
    options: &ExportOptions,
    out: &Path,
    progress: &mut dyn FnMut(usize),
) -> Result<ExportReport, ExportError> {
    let mut report = ExportReport::default();
    let write = |path: PathBuf, bytes: &[u8], report: &mut ExportReport| {
        write_atomic(&path, bytes).map_err(|source| ExportError::Write {
            path: path.clone(),
            source,
        })?;
        report.written.push(path);
        Ok::<(), ExportError>(())
    };
    if options.format.writes_folder() && out.is_file() {
        return Err(ExportError::Output(format!(
            "{} is a file; this format writes a folder",
            out.display()
        )));
    }
    if !options.format.writes_folder() && out.is_dir() {
        return Err(ExportError::Output(format!(
            "{} is a folder; this format writes one file",
            out.display()
        )));
    }
    let labels = label_order(schema, annotations);
    let tag_names = options.scheme.tag_names(labels.iter().map(String::as_str));
    let mut single: Vec<u8> = Vec::new();
    if options.format == Format::Brat {
        for (done, annotation) in annotations.iter().enumerate() {
            report.count(annotation.spans());
            let (txt, ann, notes) = brat::document_files(annotation);
            report.notes.extend(notes);
            let id = annotation.document.id().as_str();
            write(out.join(format!("{id}.txt")), txt.as_bytes(), &mut report)?;
            write(out.join(format!("{id}.ann")), ann.as_bytes(), &mut report)?;
            report.documents += 1;
            progress(done + 1);
        }
    } else {
        // Documents are independent: render them on every core, a batch at a time (so
        // progress moves), and join the pieces in document order.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        for batch in annotations.chunks(64 * threads) {
            let per_thread = batch.len().div_ceil(threads);
            let rendered: Vec<Rendered> = std::thread::scope(|scope| {
                let workers: Vec<_> = batch
                    .chunks(per_thread)
                    .map(|chunk| {
                        let tag_names = &tag_names;
                        scope.spawn(move || {
                            chunk
                                .iter()
                                .map(|a| render(a, options, tag_names))
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                workers
                    .into_iter()
                    // A panic in a worker is a bug; carry it to this thread.
                    .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                    .collect()
            });
            for piece in rendered {
                single.extend_from_slice(&piece.bytes);
                report.count(&piece.spans);
                report.notes.extend(piece.notes);
                report.documents += 1;
            }
            progress(report.documents);
        }
    }
    match options.format {
        Format::Brat => write(
            out.join("annotation.conf"),
            brat::annotation_conf(&labels).as_bytes(),
            &mut report,
        )?,
        Format::Hf => {
            write(out.join("data.jsonl"), &single, &mut report)?;
            write(
                out.join("labels.json"),
                hf::labels_json(&tag_names).as_bytes(),
                &mut report,
            )?;
        }
        _ => write(out.to_owned(), &single, &mut report)?,
    }
    Ok(report)
}
