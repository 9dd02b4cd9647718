//! `jsonl`: one document a line, `{"id", "text", "spans": [{"start", "end", "label",
//! "text"}], "annotator"}`, offsets in code points, so that `text[start:end]` in Python
//! is the entity (and spaCy's `doc.char_span(start, end, label=...)` takes them).

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::model::Annotation;

/// One line of the format.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonlDocument {
    /// The document id.
    pub id: String,
    /// The text, exactly.
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
