//! `hf`: for Hugging Face `datasets`: `data.jsonl` with `{"id", "tokens", "ner_tags"}`
//! (integer tags) and `labels.json` with the tag names in id order (`O`, `B-actor`,
//! `I-actor`, ...), for a `ClassLabel` feature.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::model::Annotation;
use crate::text::align::TaggedDocument;

/// One line of `data.jsonl`.
#[derive(Debug, Serialize, Deserialize)]
pub struct HfDocument {
    /// The document id.
    pub id: String,
    /// The document's tokens, all sentences together.
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
        tokens: Vec::new(),
        ner_tags: Vec::new(),
    };
    for sentence in &tagged.sentences {
        for (token, tag) in sentence.tokens.iter().zip(&sentence.tags) {
            line.tokens.push(token.text(doc.text()).to_owned());
            // Every tag is built from the same label list, so it is always found.
            line.ner_tags
                .push(tag_names.iter().position(|n| n == tag).unwrap_or(0));
        }
    }
    serde_json::to_writer(&mut *w, &line)?;
    w.write_all(b"\n")
}

/// `labels.json`: the tag names in id order.
pub fn labels_json(tag_names: &[String]) -> String {
    let mut json = serde_json::to_string_pretty(tag_names).unwrap_or_else(|_| "[]".to_owned());
    json.push('\n');
    json
}
