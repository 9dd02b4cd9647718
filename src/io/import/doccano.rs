//! Reads doccano JSONL (`{"id", "text", "label": [[start, end, "label"], ...]}`), with
//! offsets in code points or UTF-16 units, converted to code points here. A UTF-16 offset
//! inside a surrogate pair is an error: it would split a character.

use std::path::Path;

use super::{
    ImportedDocument, ReadInput, check_spans, document_id, finish, json_id, json_lines, line,
};
use crate::io::diagnostic::{Diagnostic, FileError};
use crate::io::export::Offsets;
use crate::io::text_file::read_text;
use crate::model::Span;
use crate::model::text::OffsetIndex;

#[derive(serde::Deserialize)]
struct Line {
    id: Option<serde_json::Value>,
    text: String,
    #[serde(default)]
    label: Vec<(usize, usize, String)>,
}

/// Reads a doccano JSONL file.
pub fn read(input: &Path, offsets: Offsets) -> Result<ReadInput, FileError> {
    let src = read_text(input)?;
    let mut documents = Vec::new();
    let mut diagnostics = Vec::new();
    for (n, parsed) in json_lines::<Line>(input, &src, "doccano", &mut diagnostics) {
        let Some(id) = document_id(
            input,
            json_id(parsed.id.as_ref()).as_deref(),
            n,
            line(n),
            &mut diagnostics,
        ) else {
            continue;
        };
        let index = OffsetIndex::new(&parsed.text);
        let mut spans = Vec::new();
        for (start, end, label) in parsed.label {
            let converted = match offsets {
                Offsets::CodePoint => Some((start, end)),
                Offsets::Utf16 => index
                    .utf16_to_char(&parsed.text, start)
                    .zip(index.utf16_to_char(&parsed.text, end)),
            };
            match converted {
                Some((s, e)) => spans.push((Span::new(s, e, label.as_str()), None)),
                None => diagnostics.push(Diagnostic::error(
                    input,
                    line(n),
                    format!("span [{start}, {end}) {label:?}: a UTF-16 offset is past the end or splits a character in two"),
                )),
            }
        }
        let spans = check_spans(input, &parsed.text, &spans, &|_| line(n), &mut diagnostics);
        documents.push(ImportedDocument {
            id,
            source: format!("{}:{n}", input.display()),
            text: parsed.text,
            spans,
        });
    }
    finish(documents, diagnostics)
}
