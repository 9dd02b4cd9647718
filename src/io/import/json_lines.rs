//! The reader doccano and JSONL share: one JSON object a line, with `text`, an optional
//! `id`, and spans under keys that depend on the tool that wrote it (its *layout*).
//! Every key of a line is either read, a known carrier of something else, counted as a
//! structure not imported, or — when it holds lists — refused by name, so that
//! annotations under a key we do not read are never dropped in silence.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::labels::relabel;
use super::{
    ImportOptions, ImportedDocument, ReadInput, check_spans, check_text, document_id, finish,
    json_id, json_lines, line,
};
use crate::io::diagnostic::{Diagnostic, FileError};
use crate::io::export::Offsets;
use crate::io::text_file::read_text;
use crate::model::Span;
use crate::model::text::OffsetIndex;

/// A span as a layout gives it: offsets in the file's units, its label as written, and
/// the text it says it covers, when it says.
pub(crate) struct RawSpan {
    /// Start, in the file's offset units.
    pub start: usize,
    /// End (exclusive), in the file's offset units.
    pub end: usize,
    /// The label as written, before `--label-map`.
    pub label: String,
    /// The covered text, when the layout repeats it (checked against the text).
    pub echo: Option<String>,
}

/// The spans under `key` when the format reads that key (`Err` with what is wrong when
/// they do not parse), `None` when it does not read it.
pub(crate) type Layout = fn(&str, &Value, &ImportOptions) -> Option<Result<Vec<RawSpan>, String>>;

/// Keys that carry something other than spans: read elsewhere, or tools' bookkeeping.
const KNOWN: &[&str] = &[
    "id",
    "text",
    "answer",
    "meta",
    "tokens",
    "sents",
    "_",
    "_input_hash",
    "_task_hash",
    "_view_id",
    "_session_id",
    "_annotator_id",
    "_timestamp",
    "user",
    "annotation_approver",
    "comments",
    "Comments",
    "created_at",
    "updated_at",
    "options",
    "accept",
    "html",
];

/// Structures we do not import, counted in the summary.
const COUNTED: &[&str] = &["relations", "cats"];

/// One JSON-lines format: what a line is called in messages, the keys it reads, and the
/// keys another format reads, with the flag that reads them (for the hint when refused).
pub(crate) struct JsonFormat {
    /// A line, in messages: "not a {what} line".
    pub what: &'static str,
    /// The keys it reads.
    pub layout: Layout,
    /// Keys the other format reads, each with the `--from` that reads it.
    pub elsewhere: &'static [(&'static str, &'static str)],
    /// Whether `meta.id` names the document before the top-level `id`: doccano keeps
    /// the id a user imported under `meta` and writes its own number as `id`.
    pub meta_id: bool,
}

/// Reads `input`, one JSON object a line, in `format`.
pub(crate) fn read(
    input: &Path,
    options: &ImportOptions,
    format: &JsonFormat,
) -> Result<ReadInput, FileError> {
    parse(input, &read_text(input)?, options, format)
}

/// Parses `src`, the content of `input`, one JSON object a line, in `format`.
pub(crate) fn parse(
    input: &Path,
    src: &str,
    options: &ImportOptions,
    format: &JsonFormat,
) -> Result<ReadInput, FileError> {
    let JsonFormat {
        what,
        layout,
        elsewhere,
        meta_id,
    } = *format;
    let mut documents = Vec::new();
    let mut diagnostics = Vec::new();
    let mut skipped_answers: BTreeMap<String, usize> = BTreeMap::new();
    let mut not_imported: BTreeMap<String, usize> = BTreeMap::new();
    for (n, value) in json_lines::<Value>(input, src, what, &mut diagnostics) {
        let Value::Object(fields) = value else {
            diagnostics.push(Diagnostic::error(
                input,
                line(n),
                format!("not a {what} line: expected a JSON object"),
            ));
            continue;
        };
        let Some(text) = fields.get("text").and_then(Value::as_str) else {
            diagnostics.push(Diagnostic::error(
                input,
                line(n),
                "the line has no \"text\" string",
            ));
            continue;
        };
        if let Some(answer) = fields.get("answer") {
            match answer.as_str().and_then(Answer::parse) {
                Some(answer) if !options.answers.contains(&answer) => {
                    *skipped_answers
                        .entry(answer.as_str().to_owned())
                        .or_default() += 1;
                    continue;
                }
                Some(_) => {}
                None => {
                    diagnostics.push(Diagnostic::error(
                        input,
                        line(n),
                        format!("\"answer\" is {answer}, not \"accept\", \"reject\" or \"ignore\""),
                    ));
                    continue;
                }
            }
        }
        if !check_text(input, line(n), text, &mut diagnostics) {
            continue;
        }
        let given = match fields.get("meta").and_then(|m| m.get("id")) {
            Some(value) if meta_id => {
                let Some(id) = json_id(Some(value)) else {
                    diagnostics.push(Diagnostic::error(
                        input,
                        line(n),
                        format!("\"meta\": \"id\" is {value}, not a string or a number"),
                    ));
                    continue;
                };
                Some(id)
            }
            _ => json_id(fields.get("id")),
        };
        let Some(id) = document_id(
            input,
            given.as_deref(),
            n,
            line(n),
            options.sanitize_ids,
            &mut diagnostics,
        ) else {
            continue;
        };
        let index = OffsetIndex::new(text);
        let mut spans = Vec::new();
        for (key, value) in &fields {
            if options.ignore_keys.contains(key) || COUNTED.contains(&key.as_str()) {
                let count = items(value);
                if count > 0 {
                    *not_imported.entry(key.clone()).or_default() += count;
                }
                continue;
            }
            match layout(key, value, options) {
                Some(Ok(raw)) => {
                    for raw in raw {
                        let Some(label) = relabel(
                            input,
                            line(n),
                            &raw.label,
                            &options.label_map,
                            &mut diagnostics,
                        ) else {
                            continue;
                        };
                        match to_code_points(&index, text, options.offsets, raw.start, raw.end) {
                            Some((s, e)) => spans.push((Span::new(s, e, label.as_str()), raw.echo)),
                            None => diagnostics.push(Diagnostic::error(
                                input,
                                line(n),
                                format!(
                                    "span [{}, {}) {:?}: a UTF-16 offset is past the end or splits a character in two",
                                    raw.start, raw.end, raw.label
                                ),
                            )),
                        }
                    }
                }
                Some(Err(message)) => {
                    diagnostics.push(Diagnostic::error(input, line(n), message));
                }
                None if !KNOWN.contains(&key.as_str()) && holds_data(value) => {
                    let other = elsewhere
                        .iter()
                        .find(|(k, _)| k == key)
                        .map(|(_, flag)| format!("read it with {flag}, or "))
                        .unwrap_or_default();
                    diagnostics.push(Diagnostic::error(
                        input,
                        line(n),
                        format!(
                            "key {key:?} holds data spantag does not read; nothing under it would be imported ({other}pass --ignore-key {key} to import the rest)"
                        ),
                    ));
                }
                None => {}
            }
        }
        let spans = check_spans(input, text, &spans, &|_| line(n), &mut diagnostics);
        documents.push(ImportedDocument {
            id,
            source: format!("{}:{n}", input.display()),
            text: text.to_owned(),
            spans,
        });
    }
    let mut read = finish(documents, diagnostics)?;
    read.skipped_answers = skipped_answers;
    read.not_imported = not_imported;
    Ok(read)
}

/// A Prodigy answer: which lines `--answers` imports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Answer {
    /// `"answer": "accept"`.
    Accept,
    /// `"answer": "reject"`.
    Reject,
    /// `"answer": "ignore"`.
    Ignore,
}

impl Answer {
    /// The answer as Prodigy writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Accept => "accept",
            Answer::Reject => "reject",
            Answer::Ignore => "ignore",
        }
    }

    /// The answer Prodigy writes as `s`.
    pub fn parse(s: &str) -> Option<Self> {
        [Answer::Accept, Answer::Reject, Answer::Ignore]
            .into_iter()
            .find(|a| a.as_str() == s)
    }
}

/// `start..end` in code points, from the file's `offsets`; `None` when a UTF-16 offset
/// is past the end or inside a surrogate pair.
fn to_code_points(
    index: &OffsetIndex,
    text: &str,
    offsets: Offsets,
    start: usize,
    end: usize,
) -> Option<(usize, usize)> {
    match offsets {
        Offsets::CodePoint => Some((start, end)),
        Offsets::Utf16 => index
            .utf16_to_char(text, start)
            .zip(index.utf16_to_char(text, end)),
    }
}

/// Whether `value` holds annotations-like data: a non-empty list, or an object with one.
fn holds_data(value: &Value) -> bool {
    match value {
        Value::Array(items) => !items.is_empty(),
        Value::Object(fields) => fields
            .values()
            .any(|v| v.as_array().is_some_and(|a| !a.is_empty())),
        _ => false,
    }
}

/// How many things `value` holds: a list's items; an object's entries, a list counting
/// its items.
fn items(value: &Value) -> usize {
    match value {
        Value::Array(items) => items.len(),
        Value::Object(fields) => fields
            .values()
            .map(|v| v.as_array().map_or(1, Vec::len))
            .sum(),
        _ => 0,
    }
}

/// `[[start, end, "label"], …]` (doccano's `label`/`labels`, spaCy v2's `entities`).
pub(crate) fn triples(key: &str, value: &Value) -> Result<Vec<RawSpan>, String> {
    let parsed: Vec<(usize, usize, String)> = serde_json::from_value(value.clone())
        .map_err(|e| format!("{key:?}: expected [[start, end, \"label\"], …]: {e}"))?;
    Ok(parsed
        .into_iter()
        .map(|(start, end, label)| RawSpan {
            start,
            end,
            label,
            echo: None,
        })
        .collect())
}

/// `[{"start", "end", "label", "text"?}, …]` (spantag, Prodigy, spaCy's `ents`).
pub(crate) fn objects(key: &str, value: &Value) -> Result<Vec<RawSpan>, String> {
    #[derive(serde::Deserialize)]
    struct Object {
        start: usize,
        end: usize,
        label: String,
        #[serde(default)]
        text: Option<String>,
    }
    let parsed: Vec<Object> = serde_json::from_value(value.clone())
        .map_err(|e| format!("{key:?}: expected [{{\"start\", \"end\", \"label\"}}, …]: {e}"))?;
    Ok(parsed
        .into_iter()
        .map(|o| RawSpan {
            start: o.start,
            end: o.end,
            label: o.label,
            echo: o.text,
        })
        .collect())
}

/// `[{"start_offset", "end_offset", "label"}, …]` with the label as `name` makes it
/// (doccano's `entities` and older `annotations`).
pub(crate) fn offset_objects(
    key: &str,
    value: &Value,
    name: &dyn Fn(&Value) -> Result<String, String>,
) -> Result<Vec<RawSpan>, String> {
    #[derive(serde::Deserialize)]
    struct Object {
        start_offset: usize,
        end_offset: usize,
        label: Value,
    }
    let parsed: Vec<Object> = serde_json::from_value(value.clone()).map_err(|e| {
        format!("{key:?}: expected [{{\"label\", \"start_offset\", \"end_offset\"}}, …]: {e}")
    })?;
    parsed
        .into_iter()
        .map(|o| {
            Ok(RawSpan {
                start: o.start_offset,
                end: o.end_offset,
                label: name(&o.label)?,
                echo: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::import::{ImportFormat, read as read_input};
    use serde_json::json;

    #[test]
    fn only_lists_and_objects_of_lists_count_as_data() {
        assert!(holds_data(&json!([{"begin": 1}])));
        assert!(holds_data(&json!({"sc": [[0, 1, "x"]]})));
        assert!(!holds_data(&json!([])));
        assert!(!holds_data(&json!({"source": "wire", "n": 3})));
        assert!(!holds_data(&json!("text")));
        assert_eq!(items(&json!({"urgent": 1.0, "calm": 0.0})), 2);
        assert_eq!(items(&json!({"a": [1, 2], "b": [3]})), 3);
        assert_eq!(items(&json!([1, 2, 3])), 3);
    }

    #[test]
    fn entities_of_the_other_format_name_its_flag() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("d.jsonl");
        let doccano = json!({"text": "“حمص” 😀", "entities": [{"label": "location", "start_offset": 1, "end_offset": 4}]});
        let spacy = json!({"text": "“حمص” 😀", "entities": [[1, 4, "location"]]});
        std::fs::write(&file, format!("{doccano}\r\n")).unwrap();
        let err = read_input(&file, &ImportOptions::new(ImportFormat::Jsonl))
            .unwrap_err()
            .to_string();
        assert!(
            err.ends_with("(this layout is read with --from doccano)"),
            "{err}"
        );
        // Both formats read spaCy v2's triples: serde reads a struct from a sequence.
        std::fs::write(&file, format!("{spacy}\r\n")).unwrap();
        let read = read_input(&file, &ImportOptions::new(ImportFormat::Doccano)).unwrap();
        assert_eq!(read.documents[0].spans, [Span::new(1, 4, "location")]);
        let read = read_input(&file, &ImportOptions::new(ImportFormat::Jsonl)).unwrap();
        assert_eq!(read.documents[0].spans, [Span::new(1, 4, "location")]);
    }

    #[test]
    fn answers_are_prodigys_three() {
        assert_eq!(Answer::parse("reject"), Some(Answer::Reject));
        assert_eq!(Answer::parse("Accept"), None);
        assert_eq!(Answer::Ignore.as_str(), "ignore");
    }

    #[test]
    fn every_doccano_layout_takes_utf16_offsets() {
        // "😀 حمص" — the emoji is two UTF-16 units, one code point.
        let text = "“Kyiv” 😀\r\nحمص";
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("d.jsonl");
        let lines = [
            json!({"text": text, "label": [[1, 5, "location"], [11, 14, "location"]]}),
            json!({"text": text, "labels": [[11, 14, "location"]]}),
            json!({"text": text, "entities": [{"label": "location", "start_offset": 11, "end_offset": 14}]}),
            json!({"text": text, "annotations": [{"label": 2, "start_offset": 11, "end_offset": 14}]}),
        ];
        let src: String = lines.iter().map(|l| format!("{l}\r\n")).collect();
        std::fs::write(&file, src).unwrap();
        let options = ImportOptions {
            offsets: Offsets::Utf16,
            label_ids: Some([("2".to_owned(), "location".to_owned())].into()),
            ..ImportOptions::new(ImportFormat::Doccano)
        };
        let read = read_input(&file, &options).unwrap();
        let spans: Vec<Vec<Span>> = read.documents.into_iter().map(|d| d.spans).collect();
        let arabic = Span::new(10, 13, "location");
        assert_eq!(spans[0], [Span::new(1, 5, "location"), arabic.clone()]);
        for layout in &spans[1..] {
            assert_eq!(layout, std::slice::from_ref(&arabic));
        }
        // And JSONL's, with the same option.
        let jsonl = json!({"text": text, "spans": [{"start": 11, "end": 14, "label": "location"}], "ents": [{"start": 1, "end": 5, "label": "location"}]});
        std::fs::write(&file, format!("{jsonl}\r\n")).unwrap();
        let options = ImportOptions {
            offsets: Offsets::Utf16,
            ..ImportOptions::new(ImportFormat::Jsonl)
        };
        let read = read_input(&file, &options).unwrap();
        assert_eq!(
            read.documents[0].spans,
            [Span::new(1, 5, "location"), arabic]
        );
    }
}
