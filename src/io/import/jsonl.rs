//! Reads spantag's JSONL export (`{"id", "text", "spans": [{"start", "end", "label",
//! "text"}]}`, code point offsets) back.

use std::path::Path;

use super::{
    ImportedDocument, ReadInput, check_spans, document_id, finish, json_id, json_lines, line,
};
use crate::io::diagnostic::FileError;
use crate::io::text_file::read_text;
use crate::model::Span;

#[derive(serde::Deserialize)]
struct Line {
    id: Option<serde_json::Value>,
    text: String,
    #[serde(default)]
    spans: Vec<LineSpan>,
}

#[derive(serde::Deserialize)]
struct LineSpan {
    start: usize,
    end: usize,
    label: String,
    #[serde(default)]
    text: Option<String>,
}

/// Reads a JSONL file.
pub fn read(input: &Path) -> Result<ReadInput, FileError> {
    let src = read_text(input)?;
    let mut documents = Vec::new();
    let mut diagnostics = Vec::new();
    for (n, parsed) in json_lines::<Line>(input, &src, "JSONL document", &mut diagnostics) {
        let Some(id) = document_id(
            input,
            json_id(parsed.id.as_ref()).as_deref(),
            n,
            line(n),
            &mut diagnostics,
        ) else {
            continue;
        };
        let spans: Vec<(Span, Option<String>)> = parsed
            .spans
            .into_iter()
            .map(|s| (Span::new(s.start, s.end, s.label.as_str()), s.text))
            .collect();
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
