//! Reads JSONL in the layouts of spantag, Prodigy and spaCy: `spans` as a list
//! (`[{"start", "end", "label", "text"?}]`, spantag's export and Prodigy's, whose
//! `answer` chooses the lines) or as spaCy's dict of span groups (every group, or
//! `--span-group`), spaCy's `ents`, and spaCy v2's `entities` (`[[start, end, "label"]]`).
//! Offsets are code points, or UTF-16 units with `--offsets utf16`.

use std::path::Path;

use serde_json::Value;

use super::json_lines::{JsonFormat, RawSpan, objects, triples};
use super::{ImportOptions, ReadInput};
use crate::io::diagnostic::FileError;

/// Reads a JSONL file.
pub fn read(input: &Path, options: &ImportOptions) -> Result<ReadInput, FileError> {
    super::json_lines::read(input, options, &JSONL)
}

/// Parses `src`, the content of the JSONL file `input` (named in messages).
pub fn parse(input: &Path, src: &str, options: &ImportOptions) -> Result<ReadInput, FileError> {
    super::json_lines::parse(input, src, options, &JSONL)
}

const JSONL: JsonFormat = JsonFormat {
    what: "JSONL document",
    layout,
    elsewhere: &[
        ("label", "--from doccano"),
        ("labels", "--from doccano"),
        ("annotations", "--from doccano"),
    ],
    meta_id: false,
};

fn layout(
    key: &str,
    value: &Value,
    options: &ImportOptions,
) -> Option<Result<Vec<RawSpan>, String>> {
    match (key, value) {
        ("spans", Value::Object(groups)) => Some(match &options.span_group {
            Some(name) => match groups.get(name) {
                Some(group) => objects(&format!("spans.{name}"), group),
                None => Err(format!(
                    "span group {name:?} is not in \"spans\" (it has: {})",
                    groups.keys().cloned().collect::<Vec<_>>().join(", ")
                )),
            },
            None => groups
                .iter()
                .try_fold(Vec::new(), |mut all, (name, group)| {
                    all.extend(objects(&format!("spans.{name}"), group)?);
                    Ok(all)
                }),
        }),
        ("spans" | "ents", _) => Some(objects(key, value)),
        ("entities", _) => Some(triples(key, value).map_err(|e| doccano_hint(e, value))),
        _ => None,
    }
}

/// `message` about `entities`, with a hint to `--from doccano` when its items are objects
/// (doccano's `entities`, not spaCy v2's `[[s, e, L]]`).
fn doccano_hint(message: String, entities: &Value) -> String {
    match entities.as_array().and_then(|items| items.first()) {
        Some(first) if first.is_object() => {
            format!("{message} (this layout is read with --from doccano)")
        }
        _ => message,
    }
}
