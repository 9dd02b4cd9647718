//! What spantag writes, it reads: the sizes of the files an import would write, checked
//! against the readers' limits before anything is written. The limits themselves live
//! beside the reader ([`MAX_TEXT_BYTES`], [`MAX_RON_BYTES`]); the annotation and gold
//! writers check their own output ([`super::store::SaveError::TooLarge`]).

use std::path::Path;

use super::diagnostic::{Diagnostic, FileError};
use super::import::ImportedDocument;
use super::ron_format::to_ron;
use super::store::Corpus;
use super::text_file::{MAX_RON_BYTES, MAX_TEXT_BYTES, size_in_words};
use crate::model::{Annotation, AnnotatorName, Document, Status, now};

/// The most bytes an escaped character takes in a file per byte of UTF-8 (`\u{7f}`: six
/// bytes for one), so that a size bound needs no serialization.
const ESCAPE_FACTOR: u64 = 6;
/// Bytes of an annotation file besides its escaped strings: fields, times, a margin.
const FILE_OVERHEAD: u64 = 1024;
/// Bytes of a span line besides its label and escaped text.
const SPAN_OVERHEAD: u64 = 96;

/// Refuses an import whose texts or annotation files spantag could not read back: a
/// text over [`MAX_TEXT_BYTES`], or an annotation file that would be over
/// [`MAX_RON_BYTES`]. Every such document is named, with its size and the limit; call it
/// before writing anything, with what [`super::import::write_into`] will write.
pub fn check_import_sizes(
    corpus: &Corpus,
    documents: &[ImportedDocument],
    annotator: &AnnotatorName,
    status: Status,
) -> Result<(), FileError> {
    check_import_sizes_within(
        corpus,
        documents,
        annotator,
        status,
        MAX_TEXT_BYTES,
        MAX_RON_BYTES,
    )
}

/// [`check_import_sizes`] with the limits as parameters, so tests need no huge texts.
pub(crate) fn check_import_sizes_within(
    corpus: &Corpus,
    documents: &[ImportedDocument],
    annotator: &AnnotatorName,
    status: Status,
    text_limit: u64,
    ron_limit: u64,
) -> Result<(), FileError> {
    let mut diagnostics = Vec::new();
    for imported in documents {
        let place = Path::new(&imported.source);
        let text_size = imported.text.len() as u64;
        if text_size > text_limit {
            diagnostics.push(Diagnostic::error(
                place,
                None,
                format!(
                    "document {:?} is too large: its text is {}, over the limit of {} that spantag reads; split it into smaller documents (nothing was written)",
                    imported.id.as_str(),
                    size_in_words(text_size),
                    size_in_words(text_limit)
                ),
            ));
            continue;
        }
        if upper_bound(imported) <= ron_limit {
            continue;
        }
        // Near the limit: the exact size, from the file as the import will write it.
        let text_path = corpus.samples_dir().join(format!("{}.txt", imported.id));
        let document = Document::new(
            imported.id.clone(),
            corpus.relative(&text_path),
            imported.text.clone(),
        );
        let mut annotation = Annotation::new(document, annotator.clone(), now());
        annotation.status = status;
        // Cannot fail: every reader checks its spans (range, duplicates).
        let _ = annotation.set_spans(imported.spans.clone());
        let size = to_ron(&annotation).len() as u64;
        if size > ron_limit {
            diagnostics.push(Diagnostic::error(
                place,
                None,
                format!(
                    "document {:?} is too large to save as one file: its annotation file {} would be {}, over the limit of {} that spantag reads back (nothing was written)",
                    imported.id.as_str(),
                    corpus.relative(&corpus.annotation_path(&imported.id, annotator)),
                    size_in_words(size),
                    size_in_words(ron_limit)
                ),
            ));
        }
    }
    if diagnostics.is_empty() {
        Ok(())
    } else {
        Err(FileError { diagnostics })
    }
}

/// A size the annotation file of `imported` cannot exceed, however its text escapes.
fn upper_bound(imported: &ImportedDocument) -> u64 {
    let escaped = |s: &str| s.len() as u64 * ESCAPE_FACTOR;
    let strings = escaped(&imported.text) + escaped(imported.id.as_str()) * 2;
    let spans: u64 = imported
        .spans
        .iter()
        .map(|s| {
            // The span's text is at most the whole text: bound it by its code points.
            let chars = (s.end - s.start) as u64;
            SPAN_OVERHEAD + escaped(s.label.as_str()) + chars * 4 * ESCAPE_FACTOR
        })
        .sum();
    FILE_OVERHEAD + strings + escaped(&imported.source) + spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocId, Span};

    fn doc(id: &str, text: &str, spans: Vec<Span>) -> ImportedDocument {
        ImportedDocument {
            id: DocId::new(id).unwrap(),
            source: format!("in.jsonl:{}", text.len()),
            text: text.to_owned(),
            spans,
        }
    }

    #[test]
    fn the_bound_is_never_under_the_real_size() {
        let alice = AnnotatorName::new("alice").unwrap();
        // Control characters and invisible ones escape the longest.
        let text = "\u{1}\u{7f}\u{200b}\u{301}\r\n“Homs” 😀 قال\t";
        let spans = (0..text.chars().count())
            .map(|i| Span::new(i, i + 1, "location"))
            .collect();
        let imported = doc("d", text, spans);
        let mut a = Annotation::new(
            Document::new(imported.id.clone(), "samples/d.txt", text),
            alice,
            now(),
        );
        a.set_spans(imported.spans.clone()).unwrap();
        let real = to_ron(&a).len() as u64;
        assert!(
            upper_bound(&imported) >= real,
            "{} < {real}",
            upper_bound(&imported)
        );
    }

    #[test]
    fn names_each_document_too_large_and_passes_the_rest() {
        let corpus = Corpus::new("corpus");
        let alice = AnnotatorName::new("alice").unwrap();
        let small = doc("small", "Homs", vec![Span::new(0, 4, "location")]);
        let long_text = doc("long-text", &"x".repeat(2000), Vec::new());
        let many_spans = doc(
            "many-spans",
            &"ab".repeat(500),
            (0..500)
                .map(|i| Span::new(2 * i, 2 * i + 1, "actor"))
                .collect(),
        );
        let err = check_import_sizes_within(
            &corpus,
            &[small.clone(), long_text, many_spans],
            &alice,
            Status::InProgress,
            1500,
            4000,
        )
        .unwrap_err();
        let messages: Vec<String> = err.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert_eq!(
            messages[0],
            "in.jsonl:2000: error: document \"long-text\" is too large: its text is 2000 bytes, over the limit of 1500 bytes that spantag reads; split it into smaller documents (nothing was written)"
        );
        assert!(
            messages[1].starts_with("in.jsonl:1000: error: document \"many-spans\" is too large to save as one file: its annotation file annotations/many-spans/alice.ron would be "),
            "{}",
            messages[1]
        );
        assert!(
            messages[1].ends_with(
                " bytes, over the limit of 4000 bytes that spantag reads back (nothing was written)"
            ),
            "{}",
            messages[1]
        );
        check_import_sizes_within(&corpus, &[small], &alice, Status::Done, 1500, 4000).unwrap();
    }
}
