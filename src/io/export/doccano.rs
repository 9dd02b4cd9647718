//! `doccano`: JSONL `{"id", "text", "label": [[start, end, "actor"], ...]}`, offsets in
//! code points (the default) or in UTF-16 code units for tools that count in JavaScript
//! string units. The conversion happens here, at the boundary.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::Offsets;
use crate::model::Annotation;

/// One line of the format.
#[derive(Debug, Serialize, Deserialize)]
pub struct DoccanoDocument {
    /// The document id (doccano also accepts numbers; they are read as text).
    #[serde(default)]
    pub id: Option<serde_json::Value>,
    /// The text, exactly.
    pub text: String,
    /// `[start, end, label]` triples.
    #[serde(default)]
    pub label: Vec<(usize, usize, String)>,
}

/// Writes `annotation` as one line, offsets in `offsets` units.
pub fn write_document(
    w: &mut impl Write,
    annotation: &Annotation,
    offsets: Offsets,
) -> io::Result<()> {
    let doc = &annotation.document;
    let convert = |c: usize| match offsets {
        Offsets::CodePoint => c,
        // Cannot fail: spans are inside the text.
        Offsets::Utf16 => doc.offsets().char_to_utf16(doc.text(), c).unwrap_or(c),
    };
    let line = DoccanoDocument {
        id: Some(serde_json::Value::String(doc.id().to_string())),
        text: doc.text().to_owned(),
        label: annotation
            .spans()
            .iter()
            .map(|s| (convert(s.start), convert(s.end), s.label.to_string()))
            .collect(),
    };
    serde_json::to_writer(&mut *w, &line)?;
    w.write_all(b"\n")
}
