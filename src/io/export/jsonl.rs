//! `jsonl`: one document a line, `{"id", "text", "spans": [{"start", "end", "label",
//! "text"}], "annotator"}`, offsets in code points, so that `text[start:end]` in Python
//! is the entity (and spaCy's `doc.char_span(start, end, label=...)` takes them).

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::model::Annotation;

/// One line of the format.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonlDocument {
    /// The document id; with `--sentences`, `<doc>#<n>` for its sentence `n` (from 0).
    pub id: String,
    /// With `--sentences`: the document the sentence is from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_id: Option<String>,
    /// With `--sentences`: where the sentence starts in its document, in code points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<usize>,
    /// The text, exactly (with `--sentences`, the sentence's).
    pub text: String,
    /// The entities.
    pub spans: Vec<JsonlSpan>,
    /// Who annotated it (`gold` for an adjudicated file).
    #[serde(default)]
    pub annotator: Option<String>,
}

/// One entity of a [`JsonlDocument`].
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonlSpan {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The label.
    pub label: String,
    /// The covered text (checked on import when present).
    #[serde(default)]
    pub text: Option<String>,
}

/// Writes `annotation` as one line.
pub fn write_document(w: &mut impl Write, annotation: &Annotation) -> io::Result<()> {
    let line = JsonlDocument {
        id: annotation.document.id().to_string(),
        doc_id: None,
        offset: None,
        text: annotation.document.text().to_owned(),
        spans: annotation
            .spans()
            .iter()
            .map(|s| JsonlSpan {
                start: s.start,
                end: s.end,
                label: s.label.to_string(),
                text: Some(annotation.span_text(s).to_owned()),
            })
            .collect(),
        annotator: Some(annotation.annotator.to_string()),
    };
    serde_json::to_writer(&mut *w, &line)?;
    w.write_all(b"\n")
}

/// Writes `annotation` as one line per sentence: `sentences` are the sentences' extents
/// in code points, `spans[n]` the spans inside sentence `n` (offsets in the document).
/// Each line's id is `<doc>#<n>`, with `doc_id` and `offset`; span offsets count from
/// the sentence's start.
pub fn write_sentences(
    w: &mut impl Write,
    annotation: &Annotation,
    sentences: &[std::ops::Range<usize>],
    spans: &[Vec<crate::model::Span>],
) -> io::Result<()> {
    let doc = &annotation.document;
    for (n, (range, inside)) in sentences.iter().zip(spans).enumerate() {
        let line = JsonlDocument {
            id: format!("{}#{n}", doc.id()),
            doc_id: Some(doc.id().to_string()),
            offset: Some(range.start),
            text: doc
                .slice(range.start, range.end)
                .unwrap_or_default()
                .to_owned(),
            spans: inside
                .iter()
                .map(|s| JsonlSpan {
                    start: s.start - range.start,
                    end: s.end - range.start,
                    label: s.label.to_string(),
                    text: Some(annotation.span_text(s).to_owned()),
                })
                .collect(),
            annotator: Some(annotation.annotator.to_string()),
        };
        serde_json::to_writer(&mut *w, &line)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}
