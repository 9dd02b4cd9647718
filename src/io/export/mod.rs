//! Writing annotations for training, in which format, and a report of everything that
//! could not be represented exactly. One module per format; the token formats share
//! [`crate::text::tokens`] and [`crate::text::align`]. Which annotations of a corpus to
//! write is the export job's business ([`crate::jobs::export`]).

pub mod brat;
pub mod conll;
pub mod doccano;
pub mod hf;
pub mod jsonl;
pub mod spacy;
pub mod split;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::atomic::write_atomic;
use crate::model::Span;
use crate::model::{Annotation, AnnotatorName, Schema};
use crate::text::align::{AlignMode, AlignNote, Outcome, tag_document};
use crate::text::tagging::Scheme;
use crate::text::tokens::{Tokenizer, sentence_ranges};

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
    /// A spaCy `DocBin` (`.spacy`): tokens, sentences, `doc.ents` and every span in
    /// `doc.spans["sc"]`.
    Spacy,
}

impl Format {
    /// Whether spans are aligned to tokens (one tag per token, or spaCy's tokens), so
    /// the tokenizer and the alignment rule apply.
    pub fn is_token_based(self) -> bool {
        matches!(self, Format::Conll | Format::Hf | Format::Spacy)
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
    /// Also gold files that still have undecided places (skipped otherwise: they are
    /// not the truth yet).
    pub gold_incomplete: bool,
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
    /// Export spans whose label the corpus schema does not define (refused otherwise);
    /// label files then list them after the schema's.
    pub allow_unknown_labels: bool,
    /// Split the documents into named parts, each written on its own
    /// ([`split::assign`] says which document goes where, [`split_path`] where each
    /// part is written); `None` writes one output.
    pub split: Option<split::Split>,
    /// One row per sentence instead of per document (hf and jsonl; the other formats
    /// ignore it): sentences as the tokenizer splits them, each row with `doc_id` and
    /// `offset`, span offsets from the sentence's start; a span not inside one sentence
    /// is left out and reported.
    pub sentences: bool,
}

impl ExportOptions {
    /// Defaults for `format`.
    pub fn new(format: Format) -> Self {
        Self {
            format,
            which: Which::Default,
            done_only: false,
            gold_incomplete: false,
            tokenizer: Tokenizer::default(),
            align: AlignMode::default(),
            scheme: Scheme::default(),
            docstart: false,
            offsets: Offsets::default(),
            allow_unknown_labels: false,
            split: None,
            sentences: false,
        }
    }
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
    /// With a split: each part, in the order given.
    pub splits: Vec<SplitReport>,
}

/// What one part of a split got.
#[derive(Clone, Debug, Default)]
pub struct SplitReport {
    /// The part's name.
    pub name: String,
    /// Where it was written (a file, or a folder for hf and brat).
    pub out: PathBuf,
    /// Documents in it.
    pub documents: usize,
    /// Spans written in it, per label.
    pub labels: BTreeMap<String, usize>,
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
    /// The format writes a folder, and the output is a file.
    #[error("{} is a file; this format writes a folder", path.display())]
    OutputIsFile {
        /// The output path.
        path: PathBuf,
    },
    /// The format writes a folder, and the output was to be one stream (`--out -`).
    #[error("this format writes a folder, not one stream; give --out a folder instead of -")]
    FolderToWriter,
    /// The format writes one file, and the output is a folder.
    #[error("{} is a folder; this format writes one file", path.display())]
    OutputIsFolder {
        /// The output path.
        path: PathBuf,
    },
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
        Format::Hf if options.sentences => {
            let (inside, mut notes) = by_sentence(annotation, options.tokenizer);
            let mut within = annotation.clone();
            // The spans kept are the document's own, so they are valid.
            let set = within.set_spans(inside.into_iter().flatten().collect());
            debug_assert!(set.is_ok());
            let tagged = tag_document(&within, options.tokenizer, options.align, options.scheme);
            let written = hf::write_sentences(&mut bytes, &within, &tagged, tag_names);
            notes.extend(tagged.notes);
            (tagged.kept, notes, written)
        }
        Format::Jsonl if options.sentences => {
            let sentences = sentence_ranges(annotation.document.text(), options.tokenizer);
            let (inside, notes) = by_sentence(annotation, options.tokenizer);
            let written = jsonl::write_sentences(&mut bytes, annotation, &sentences, &inside);
            (inside.into_iter().flatten().collect(), notes, written)
        }
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
        // Brat and spaCy are written whole by `export`, never one document at a time.
        Format::Jsonl | Format::Brat | Format::Spacy => {
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

/// The spans of `annotation` inside each sentence (as `tokenizer` splits the text), and
/// a note for each span that is not inside one sentence: `--sentences` leaves it out.
fn by_sentence(annotation: &Annotation, tokenizer: Tokenizer) -> (Vec<Vec<Span>>, Vec<AlignNote>) {
    let sentences = sentence_ranges(annotation.document.text(), tokenizer);
    let mut inside: Vec<Vec<Span>> = vec![Vec::new(); sentences.len()];
    let mut notes = Vec::new();
    for span in annotation.spans() {
        // Sentences are in order and apart, so their starts and ends both rise: the first
        // sentence holding the span is found by two binary searches, not a scan.
        let starting_before = sentences.partition_point(|r| r.start <= span.start);
        let first_holding = sentences[..starting_before].partition_point(|r| r.end < span.end);
        match (first_holding < starting_before).then_some(first_holding) {
            Some(n) => inside[n].push(span.clone()),
            None => notes.push(AlignNote {
                doc: annotation.document.id().to_string(),
                span: span.clone(),
                text: annotation.span_text(span).to_owned(),
                tokens: Vec::new(),
                outcome: Outcome::Dropped(
                    "it is not inside one sentence (--sentences writes a row per sentence)"
                        .to_owned(),
                ),
            }),
        }
    }
    (inside, notes)
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

/// Renders `annotations` in a single-file format (not brat) into bytes, counting what is
/// written in `report`.
fn render_all(
    annotations: &[Annotation],
    options: &ExportOptions,
    tag_names: &[String],
    report: &mut ExportReport,
    progress: &mut dyn FnMut(usize),
) -> Vec<u8> {
    if options.format == Format::Spacy {
        let mut bin = spacy::DocBin::new();
        for (done, annotation) in annotations.iter().enumerate() {
            let tagged = tag_document(annotation, options.tokenizer, options.align, options.scheme);
            report
                .notes
                .extend(bin.add(annotation, &tagged, options.align));
            report.count(&tagged.kept);
            report.documents += 1;
            progress(done + 1);
        }
        return bin.to_bytes();
    }
    let mut single = Vec::new();
    // Documents are independent: render them on every core, a batch at a time (so
    // progress moves), and join the pieces in document order.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    for batch in annotations.chunks(64 * threads) {
        let per_thread = batch.len().div_ceil(threads);
        let rendered: Vec<Rendered> = std::thread::scope(|scope| {
            let workers: Vec<_> = batch
                .chunks(per_thread)
                .map(|chunk| {
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
    single
}

/// Writes `annotations` in a single-file format (jsonl, conll, doccano, spacy) to `w`,
/// standard output for instance; the folder formats (hf, brat) are refused.
pub fn export_to_writer(
    annotations: &[Annotation],
    schema: &Schema,
    options: &ExportOptions,
    w: &mut dyn std::io::Write,
    progress: &mut dyn FnMut(usize),
) -> Result<ExportReport, ExportError> {
    if options.format.writes_folder() {
        return Err(ExportError::FolderToWriter);
    }
    let mut report = ExportReport::default();
    let labels = label_order(schema, annotations);
    let tag_names = options.scheme.tag_names(labels.iter().map(String::as_str));
    let bytes = render_all(annotations, options, &tag_names, &mut report, progress);
    w.write_all(&bytes)
        .and_then(|()| w.flush())
        .map_err(|source| ExportError::Write {
            path: PathBuf::from("-"),
            source,
        })?;
    Ok(report)
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
    let labels = label_order(schema, annotations);
    let Some(split) = &options.split else {
        return export_part(annotations, &labels, options, out, progress, true);
    };
    if options.format.writes_folder() && out.is_file() {
        return Err(ExportError::OutputIsFile {
            path: out.to_owned(),
        });
    }
    let label_sets: Vec<BTreeSet<String>> = annotations
        .iter()
        .map(|a| a.spans().iter().map(|s| s.label.to_string()).collect())
        .collect();
    let assigned = split::assign(&label_sets, split);
    let mut report = ExportReport::default();
    let mut done_before = 0;
    for (index, part) in split.parts.iter().enumerate() {
        let chosen: Vec<Annotation> = annotations
            .iter()
            .zip(&assigned)
            .filter(|(_, p)| **p == index)
            .map(|(a, _)| a.clone())
            .collect();
        let part_out = split_path(out, options.format, &part.name);
        let got = export_part(
            &chosen,
            &labels,
            options,
            &part_out,
            &mut |done| progress(done_before + done),
            false,
        )?;
        done_before += got.documents;
        report.documents += got.documents;
        for (label, count) in &got.labels {
            *report.labels.entry(label.clone()).or_default() += count;
        }
        report.notes.extend(got.notes);
        report.written.extend(got.written);
        report.splits.push(SplitReport {
            name: part.name.clone(),
            out: part_out,
            documents: got.documents,
            labels: got.labels,
        });
    }
    if options.format == Format::Hf {
        let tag_names = options.scheme.tag_names(labels.iter().map(String::as_str));
        let files: Vec<(String, String)> = split
            .parts
            .iter()
            .map(|p| (p.name.clone(), format!("{}/data.jsonl", p.name)))
            .collect();
        for (name, bytes) in [
            ("labels.json", hf::labels_json(&tag_names)),
            (
                "README.md",
                hf::dataset_card(&tag_names, &files, options.sentences),
            ),
        ] {
            let path = out.join(name);
            write_atomic(&path, bytes.as_bytes()).map_err(|source| ExportError::Write {
                path: path.clone(),
                source,
            })?;
            report.written.push(path);
        }
    }
    Ok(report)
}

/// Where the part `name` of a split export to `out` is written: `<stem>.<name>.<ext>`
/// beside `out` for file formats (`train.jsonl` gives `train.dev.jsonl`), the folder
/// `<out>/<name>/` for hf and brat.
pub fn split_path(out: &Path, format: Format, name: &str) -> PathBuf {
    if format.writes_folder() {
        return out.join(name);
    }
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = match out.extension() {
        Some(ext) => format!("{stem}.{name}.{}", ext.to_string_lossy()),
        None => format!("{stem}.{name}"),
    };
    out.with_file_name(file)
}

/// One output of [`export`]: `labels` in tag-id order for the whole export; `whole` is
/// false for a part of a split, whose hf label file and card are written once above it.
fn export_part(
    annotations: &[Annotation],
    labels: &[String],
    options: &ExportOptions,
    out: &Path,
    progress: &mut dyn FnMut(usize),
    whole: bool,
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
        return Err(ExportError::OutputIsFile {
            path: out.to_owned(),
        });
    }
    if !options.format.writes_folder() && out.is_dir() {
        return Err(ExportError::OutputIsFolder {
            path: out.to_owned(),
        });
    }
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
        single = render_all(annotations, options, &tag_names, &mut report, progress);
    }
    match options.format {
        Format::Brat => write(
            out.join("annotation.conf"),
            brat::annotation_conf(labels).as_bytes(),
            &mut report,
        )?,
        Format::Hf if !whole => write(out.join("data.jsonl"), &single, &mut report)?,
        Format::Hf => {
            write(out.join("data.jsonl"), &single, &mut report)?;
            write(
                out.join("labels.json"),
                hf::labels_json(&tag_names).as_bytes(),
                &mut report,
            )?;
            write(
                out.join("README.md"),
                hf::dataset_card(
                    &tag_names,
                    &[("train".to_owned(), "data.jsonl".to_owned())],
                    options.sentences,
                )
                .as_bytes(),
                &mut report,
            )?;
        }
        _ => write(out.to_owned(), &single, &mut report)?,
    }
    Ok(report)
}
