//! Label names on the way in: `--label-map` renames, `--label-ids` names doccano's label
//! ids, and every label that reaches the corpus is a valid schema name
//! ([`Schema::check_name`]), or the import is refused at its file and line.

use std::collections::BTreeMap;
use std::path::Path;

use crate::io::diagnostic::{Diagnostic, FileError, Position};
use crate::io::text_file::read_text;
use crate::model::{Label, Schema, Span};

/// The label a span gets: `label` renamed by `map` when listed there, if the result is a
/// valid schema name; otherwise an error at `file` and `at`, and `None`.
pub(crate) fn relabel(
    file: &Path,
    at: Option<Position>,
    label: &str,
    map: &BTreeMap<String, String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let label = map.get(label).map_or(label, String::as_str);
    match Schema::check_name(label) {
        Ok(()) => Some(label.to_owned()),
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                file,
                at,
                format!("{e} (rename it with --label-map OLD=NEW)"),
            ));
            None
        }
    }
}

/// Renames the label of each span by `map` in place; a label that is not a valid name
/// (after renaming) is an error at `at(i)` and stays as it was, so that positions found
/// later by index still match.
pub(crate) fn relabel_spans<T>(
    file: &Path,
    spans: &mut [(Span, T)],
    at: &dyn Fn(usize) -> Option<Position>,
    map: &BTreeMap<String, String>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (i, (span, _)) in spans.iter_mut().enumerate() {
        if let Some(label) = relabel(file, at(i), span.label.as_str(), map, diagnostics) {
            span.label = Label::new(&label);
        }
    }
}

/// An error about `input` for each name `map` renames to that is not a valid label.
pub(crate) fn check_label_map(
    input: &Path,
    map: &BTreeMap<String, String>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (old, new) in map {
        if let Err(e) = Schema::check_name(new) {
            diagnostics.push(Diagnostic::error(
                input,
                None,
                format!("--label-map {:?}: {e}", format!("{old}={new}")),
            ));
        }
    }
}

/// `OLD=NEW` split at the first `=`; `None` without one.
///
/// ```
/// # use spantag::io::import::labels::parse_pair;
/// assert_eq!(parse_pair("Company Name=organisation"), Some(("Company Name".into(), "organisation".into())));
/// assert_eq!(parse_pair("organisation"), None);
/// ```
pub fn parse_pair(pair: &str) -> Option<(String, String)> {
    pair.split_once('=')
        .map(|(old, new)| (old.to_owned(), new.to_owned()))
}

/// Reads a file of `OLD=NEW` lines (blank lines skipped; nothing is trimmed, since a
/// label with spaces is what the file is for).
pub fn read_label_map(path: &Path) -> Result<Vec<(String, String)>, FileError> {
    parse_label_map(path, &read_text(path)?)
}

/// Parses `src`, the content of the label map file `path` ([`read_label_map`]).
pub fn parse_label_map(path: &Path, src: &str) -> Result<Vec<(String, String)>, FileError> {
    pairs(path, src, "OLD=NEW")
}

/// Reads doccano's label ids: its label export (`[{"id": 1, "text": "PER", …}]`) or
/// `ID=NAME` lines. Gives name by id, the id as written (a number as its digits).
pub fn read_label_ids(path: &Path) -> Result<BTreeMap<String, String>, FileError> {
    parse_label_ids(path, &read_text(path)?)
}

/// Parses `src`, the content of the label ids file `path` ([`read_label_ids`]).
pub fn parse_label_ids(path: &Path, src: &str) -> Result<BTreeMap<String, String>, FileError> {
    #[derive(serde::Deserialize)]
    struct Entry {
        id: serde_json::Value,
        text: String,
    }
    if src.trim_start().starts_with('[') {
        let entries: Vec<Entry> = serde_json::from_str(src).map_err(|e| {
            FileError::one(
                path,
                Some(Position {
                    line: e.line(),
                    col: e.column().max(1),
                }),
                format!("not a doccano label export ([{{\"id\", \"text\"}}, …]): {e}"),
            )
        })?;
        let mut ids = BTreeMap::new();
        for entry in entries {
            if let Some(id) = super::json_id(Some(&entry.id)) {
                ids.insert(id, entry.text);
            }
        }
        Ok(ids)
    } else {
        Ok(pairs(path, src, "ID=NAME")?.into_iter().collect())
    }
}

/// Each non-blank line of `src` as a pair; a line without `=` is an error naming `what`.
fn pairs(path: &Path, src: &str, what: &str) -> Result<Vec<(String, String)>, FileError> {
    let mut found = Vec::new();
    let mut diagnostics = Vec::new();
    for (n, content) in crate::io::lines::numbered_lines(src) {
        if content.trim().is_empty() {
            continue;
        }
        match parse_pair(content) {
            Some(pair) => found.push(pair),
            None => diagnostics.push(Diagnostic::error(
                path,
                super::line(n),
                format!("{content:?} is not {what}"),
            )),
        }
    }
    if diagnostics.is_empty() {
        Ok(found)
    } else {
        Err(FileError { diagnostics })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_map_with_cr_only_line_ends_is_one_pair_a_line() {
        // Found by the label_files fuzz target: a lone \r ends a line here too.
        let src = "GPE=location\r\"PERSON_TITLE=acto:\r\n";
        let pairs = parse_label_map(Path::new("map.txt"), src).unwrap();
        assert_eq!(
            pairs,
            [
                ("GPE".to_owned(), "location".to_owned()),
                ("\"PERSON_TITLE".to_owned(), "acto:".to_owned())
            ]
        );
    }

    #[test]
    fn relabel_renames_then_checks_the_result() {
        let map: BTreeMap<String, String> =
            [("Company Name".to_owned(), "organisation".to_owned())].into();
        let file = Path::new("in.jsonl");
        let mut diagnostics = Vec::new();
        assert_eq!(
            relabel(file, None, "Company Name", &map, &mut diagnostics).as_deref(),
            Some("organisation")
        );
        assert_eq!(
            relabel(
                file,
                super::super::line(3),
                "GEO\tLOC",
                &map,
                &mut diagnostics
            ),
            None
        );
        assert_eq!(
            relabel(file, None, &"x".repeat(51), &map, &mut diagnostics),
            None
        );
        let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 2);
        assert_eq!(
            messages[0],
            "in.jsonl:3:1: error: label name \"GEO\\tLOC\" is not allowed: use 1 to 50 characters with no spaces or control characters (rename it with --label-map OLD=NEW)"
        );
    }

    #[test]
    fn label_ids_read_doccano_exports_and_pairs() {
        let dir = tempfile::tempdir().unwrap();
        let json = dir.path().join("labels.json");
        std::fs::write(
            &json,
            "[{\"id\": 1, \"text\": \"event\"}, {\"id\": \"2\", \"text\": \"حمص\"}]\r\n",
        )
        .unwrap();
        let ids = read_label_ids(&json).unwrap();
        assert_eq!(ids.get("1").map(String::as_str), Some("event"));
        assert_eq!(ids.get("2").map(String::as_str), Some("حمص"));
        let lines = dir.path().join("labels.txt");
        std::fs::write(&lines, "1=event\r\n\r\nno pair\r\n").unwrap();
        let err = read_label_ids(&lines).unwrap_err().to_string();
        assert!(
            err.ends_with("labels.txt:3:1: error: \"no pair\" is not ID=NAME"),
            "{err}"
        );
    }
}
