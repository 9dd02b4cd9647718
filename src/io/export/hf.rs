//! `hf`: for Hugging Face `datasets`, a folder that `datasets.load_dataset(folder)` loads
//! as it is: `data.jsonl` with `{"id", "tokens", "ner_tags"}` (integer tags), a dataset
//! card `README.md` whose YAML header names `data.jsonl` as the data and declares
//! `ner_tags` as a sequence of `ClassLabel` with the tag names in id order (`O`,
//! `B-actor`, `I-actor`, ...), and `labels.json` with the same names for other tools.
//! Without the card, `load_dataset` would read `labels.json` as data too.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::model::Annotation;
use crate::text::align::{TaggedDocument, TaggedSentence};

/// One line of `data.jsonl`.
#[derive(Debug, Serialize, Deserialize)]
pub struct HfDocument {
    /// The document id; with `--sentences`, `<doc>#<n>` for its sentence `n` (from 0).
    pub id: String,
    /// With `--sentences`: the document the sentence is from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_id: Option<String>,
    /// With `--sentences`: where the sentence starts in its document, in code points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<usize>,
    /// The document's tokens, all sentences together (with `--sentences`, the
    /// sentence's).
    pub tokens: Vec<String>,
    /// One tag id per token, indices into `labels.json`.
    pub ner_tags: Vec<usize>,
}

/// Writes one tagged document as a line; `tag_names` gives the ids.
pub fn write_document(
    w: &mut impl Write,
    annotation: &Annotation,
    tagged: &TaggedDocument,
    tag_names: &[String],
) -> io::Result<()> {
    let doc = &annotation.document;
    let mut line = HfDocument {
        id: doc.id().to_string(),
        doc_id: None,
        offset: None,
        tokens: Vec::new(),
        ner_tags: Vec::new(),
    };
    for sentence in &tagged.sentences {
        let (tokens, tags) = sentence_row(doc.text(), sentence, tag_names);
        line.tokens.extend(tokens);
        line.ner_tags.extend(tags);
    }
    serde_json::to_writer(&mut *w, &line)?;
    w.write_all(b"\n")
}

/// A sentence's token texts and tag ids.
fn sentence_row(
    text: &str,
    sentence: &TaggedSentence,
    tag_names: &[String],
) -> (Vec<String>, Vec<usize>) {
    let tokens = sentence.tokens.iter().map(|t| t.text(text).to_owned());
    // Every tag is built from the same label list, so it is always found.
    let tags = sentence
        .tags
        .iter()
        .map(|tag| tag_names.iter().position(|n| n == tag).unwrap_or(0));
    (tokens.collect(), tags.collect())
}

/// Writes one tagged document as a line per sentence, with `doc_id` and `offset` (the
/// sentence's first token's start, in code points); ids are `<doc>#<n>`.
pub fn write_sentences(
    w: &mut impl Write,
    annotation: &Annotation,
    tagged: &TaggedDocument,
    tag_names: &[String],
) -> io::Result<()> {
    let doc = &annotation.document;
    for (n, sentence) in tagged.sentences.iter().enumerate() {
        let (tokens, ner_tags) = sentence_row(doc.text(), sentence, tag_names);
        let line = HfDocument {
            id: format!("{}#{n}", doc.id()),
            doc_id: Some(doc.id().to_string()),
            offset: Some(sentence.tokens.first().map_or(0, |t| t.start)),
            tokens,
            ner_tags,
        };
        serde_json::to_writer(&mut *w, &line)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// `labels.json`: the tag names in id order.
pub fn labels_json(tag_names: &[String]) -> String {
    let mut json = serde_json::to_string_pretty(tag_names).unwrap_or_else(|_| "[]".to_owned());
    json.push('\n');
    json
}

/// The dataset card `README.md`: a YAML header that tells `datasets.load_dataset(folder)`
/// which file is the data and what the features are, with the tag names as a
/// `ClassLabel`, so no one has to build the features by hand.
///
/// `data_files` names each split and its file, relative to the card: `("train",
/// "data.jsonl")` for one export, `("dev", "dev/data.jsonl")` and so on for a split;
/// `sentences` adds the `doc_id` and `offset` features of one row per sentence.
pub fn dataset_card(
    tag_names: &[String],
    data_files: &[(String, String)],
    sentences: bool,
) -> String {
    let mut card = ["---", "configs:", "- config_name: default", "  data_files:"].join("\n");
    card.push('\n');
    for (split, path) in data_files {
        card.push_str(&format!("  - split: {split}\n    path: {path}\n"));
    }
    let header = [
        "dataset_info:",
        "  features:",
        "  - name: id",
        "    dtype: string",
    ];
    card.push_str(&header.join("\n"));
    card.push('\n');
    if sentences {
        card.push_str("  - name: doc_id\n    dtype: string\n  - name: offset\n    dtype: int64\n");
    }
    let header = [
        "  - name: tokens",
        "    sequence: string",
        "  - name: ner_tags",
        "    sequence:",
        "      class_label:",
        "        names:",
    ];
    card.push_str(&header.join("\n"));
    card.push('\n');
    for (i, name) in tag_names.iter().enumerate() {
        // A JSON string is a valid YAML double-quoted scalar.
        let quoted = serde_json::to_string(name).unwrap_or_else(|_| "\"\"".to_owned());
        card.push_str(&format!("          '{i}': {quoted}\n"));
    }
    card.push_str("---\n\n");
    card.push_str("Named entities exported by spantag: `tokens` and their IOB-style `ner_tags`, ");
    card.push_str(if sentences {
        "one row per sentence. Load with"
    } else {
        "one row per document. Load with"
    });
    card.push_str(" `datasets.load_dataset(\"<this folder>\")`.\n\n");
    // datasets 5 keys its cache of a local folder by the folder's name and this card, not
    // by the data files: without this, a second export into the folder loads the first.
    card.push_str(
        "After exporting into this folder again, load with \
         `datasets.load_dataset(\"<this folder>\", download_mode=\"force_redownload\")`: \
         `datasets` caches a local folder by its name and this card, not by its files, \
         and would give the rows of the earlier export.\n",
    );
    card
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_card_declares_the_data_file_and_the_tag_names() {
        let names = ["O", "B-actor", "I-actor", "B-\"odd\""].map(String::from);
        let card = dataset_card(
            &names,
            &[("train".to_owned(), "data.jsonl".to_owned())],
            false,
        );
        assert!(card.starts_with("---\nconfigs:\n- config_name: default\n"));
        assert!(
            card.contains("  data_files:\n  - split: train\n    path: data.jsonl\ndataset_info:\n")
        );
        assert!(card.contains(
            "        names:\n          '0': \"O\"\n          '1': \"B-actor\"\n          '2': \"I-actor\"\n          '3': \"B-\\\"odd\\\"\"\n---\n"
        ));
    }
}
