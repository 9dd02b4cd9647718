//! What every fuzz target checks besides "no panic, no hang": a reader's answer is
//! either documents that spantag can hold and write back, or errors that say something.

use std::path::Path;

use spantag::FileError;
use spantag::io::import::ReadInput;
use spantag::io::ron_format::{parse_annotation, to_ron};
use spantag::model::{Annotation, AnnotatorName, Document, Schema, now};

/// The file name every target reads its input as.
pub fn input_path(name: &str) -> &Path {
    Path::new(name)
}

/// A refusal names the file and says something; nothing is refused in silence.
pub fn check_error(path: &Path, error: &FileError) {
    assert!(!error.diagnostics.is_empty(), "an error with no diagnostic");
    for d in &error.diagnostics {
        assert!(!d.message.is_empty(), "a diagnostic with no message");
        assert_eq!(d.file, path, "a diagnostic about another file");
        if let Some(p) = d.position {
            assert!(p.line >= 1 && p.col >= 1, "position {p:?} is not 1-based");
        }
    }
    // Printing must not panic either.
    let _ = error.to_string();
}

/// What an import read: every document can become an annotation (the spans are inside
/// its text, none twice, as `write_into` assumes), and the annotation file written for
/// it reads back the same.
pub fn check_read(path: &Path, read: &Result<ReadInput, FileError>) {
    let read = match read {
        Ok(read) => read,
        Err(e) => return check_error(path, e),
    };
    let annotator = AnnotatorName::new("fuzz").expect("a valid name");
    for doc in &read.documents {
        let len = doc.text.chars().count();
        for span in &doc.spans {
            assert!(
                span.start < span.end && span.end <= len,
                "span {span:?} outside a text of {len} code points"
            );
        }
        let document = Document::new(doc.id.clone(), doc.source.clone(), doc.text.clone());
        let mut annotation = Annotation::new(document, annotator.clone(), now());
        annotation
            .set_spans(doc.spans.clone())
            .expect("an imported document's spans fit its text");
        round_trip(&annotation);
    }
}

/// The annotation file written for `annotation` reads back as `annotation`.
pub fn round_trip(annotation: &Annotation) {
    let path = Path::new("annotations/doc/fuzz.ron");
    let ron = to_ron(annotation);
    let back = parse_annotation(path, &ron, &Schema::default())
        .unwrap_or_else(|e| panic!("what spantag writes it cannot read:\n{e}\n{ron}"));
    assert_eq!(
        &back.annotation, annotation,
        "read back differently:\n{ron}"
    );
}
