//! Reads doccano JSONL in each layout doccano has written: `label` and `labels`
//! (`[[start, end, "label"], …]`), `entities` (`[{"label", "start_offset",
//! "end_offset"}]`, relation projects) and the older `annotations` with label ids
//! (named by `--label-ids`). Offsets in code points or UTF-16 units, converted to code
//! points; a UTF-16 offset inside a surrogate pair is an error: it would split a character.
//! A document is named by `meta.id` when there is one (doccano keeps the id a user
//! imported under `meta` and exports its own number as `id`), else by `id`.

use std::path::Path;

use serde_json::Value;

use super::json_lines::{JsonFormat, RawSpan, offset_objects, triples};
use super::{ImportOptions, ReadInput, json_id};
use crate::io::diagnostic::FileError;

/// Reads a doccano JSONL file.
pub fn read(input: &Path, options: &ImportOptions) -> Result<ReadInput, FileError> {
    super::json_lines::read(input, options, &DOCCANO)
}

/// Parses `src`, the content of the doccano file `input` (named in messages).
pub fn parse(input: &Path, src: &str, options: &ImportOptions) -> Result<ReadInput, FileError> {
    super::json_lines::parse(input, src, options, &DOCCANO)
}

const DOCCANO: JsonFormat = JsonFormat {
    what: "doccano",
    layout,
    elsewhere: &[("spans", "--from jsonl"), ("ents", "--from jsonl")],
    meta_id: true,
};

fn layout(
    key: &str,
    value: &Value,
    options: &ImportOptions,
) -> Option<Result<Vec<RawSpan>, String>> {
    match key {
        "label" | "labels" => Some(triples(key, value)),
        "entities" => Some(
            offset_objects(key, value, &|label| {
                label
                    .as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("\"entities\": label {label} is not a name"))
            })

        ),
        "annotations" => Some(match &options.label_ids {
            Some(ids) => offset_objects(key, value, &|label| {
                json_id(Some(label))
                    .and_then(|id| ids.get(&id).cloned())
                    .ok_or_else(|| format!("\"annotations\": label id {label} is not in --label-ids"))
            }),
            None if value.as_array().is_some_and(Vec::is_empty) => Ok(Vec::new()),
            None => Err("\"annotations\" holds label ids, not names: pass --label-ids FILE (doccano's label export, or ID=NAME lines) to import them".to_owned()),
        }),
        _ => None,
    }
}
