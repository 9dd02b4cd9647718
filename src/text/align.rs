//! Spans onto tokens, for formats with one tag per token: each span is moved to token
//! boundaries (or dropped) by a chosen rule, overlapping spans are reduced to the longest,
//! and every change is reported, never made silently.

use std::fmt;

use super::tagging::{Scheme, TokenEntity, encode};
use super::tokens::{Token, Tokenizer, tokenize};
use crate::model::{Annotation, Span};

/// What to do with a span whose edges fall inside tokens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum AlignMode {
    /// Grow it to the tokens it touches.
    #[default]
    Expand,
    /// Shrink it to the tokens wholly inside it (drop it if there are none).
    Contract,
    /// Keep it only if it already starts and ends on token boundaries.
    Strict,
}

/// A span that a token-based export changed or left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlignNote {
    /// The document.
    pub doc: String,
    /// The span as annotated.
    pub span: Span,
    /// Its text.
    pub text: String,
    /// The tokens it touches.
    pub tokens: Vec<String>,
    /// What happened to it.
    pub outcome: Outcome,
}

/// What happened to a span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exported over other code points.
    Moved {
        /// New start.
        start: usize,
        /// New end.
        end: usize,
        /// The text it now covers.
        text: String,
    },
    /// Left out, and why.
    Dropped(String),
}

impl fmt::Display for AlignNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Span { start, end, label } = &self.span;
        write!(f, "{}: [{start}, {end}) {label} {:?}", self.doc, self.text)?;
        match &self.outcome {
            Outcome::Moved { start, end, text } => {
                write!(f, " exported as [{start}, {end}) {text:?}")?
            }
            Outcome::Dropped(why) => write!(f, " left out: {why}")?,
        }
        if !self.tokens.is_empty() {
            write!(f, " (tokens: {})", self.tokens.join(" "))?;
        }
        Ok(())
    }
}

/// One sentence: its tokens and their tags.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaggedSentence {
    /// The tokens.
    pub tokens: Vec<Token>,
    /// One tag per token.
    pub tags: Vec<String>,
}

/// A document cut into tagged sentences, and what alignment changed.
#[derive(Clone, Debug)]
pub struct TaggedDocument {
    /// Its sentences. A sentence boundary inside a kept span is removed, so no entity is
    /// ever cut in two.
    pub sentences: Vec<TaggedSentence>,
    /// Spans changed or left out.
    pub notes: Vec<AlignNote>,
    /// The spans that are in the tags (as annotated; see `notes` for the moved ones).
    pub kept: Vec<Span>,
}

/// Where `span` falls on `tokens` (sorted, as [`tokenize`] gives them, flattened) under
/// `mode`: the tokens it touches, and its first and last token, or why it has none.
/// Every token-based export places a span this way, so they agree on where it is.
pub fn place(
    tokens: &[Token],
    span: &Span,
    mode: AlignMode,
) -> (std::ops::Range<usize>, Result<(usize, usize), &'static str>) {
    let lo = tokens.partition_point(|t| t.end <= span.start);
    let hi = tokens.partition_point(|t| t.start < span.end).max(lo);
    let placed = match mode {
        _ if lo == hi => Err("it covers no token (only white space)"),
        AlignMode::Expand => Ok((lo, hi - 1)),
        AlignMode::Contract => {
            let inner: Vec<usize> = (lo..hi)
                .filter(|&k| tokens[k].start >= span.start && tokens[k].end <= span.end)
                .collect();
            match (inner.first(), inner.last()) {
                (Some(&a), Some(&b)) => Ok((a, b)),
                _ => Err("no whole token lies inside it"),
            }
        }
        AlignMode::Strict => {
            if tokens[lo].start == span.start && tokens[hi - 1].end == span.end {
                Ok((lo, hi - 1))
            } else {
                Err("it does not start and end on token boundaries")
            }
        }
    };
    (lo..hi, placed)
}

/// A span on tokens: its first and last token, and the tokens it touches.
pub(crate) struct Placed<'a> {
    /// First token.
    pub first: usize,
    /// Last token (inclusive).
    pub last: usize,
    /// The span as annotated.
    pub span: &'a Span,
    /// Its place in the spans given.
    pub index: usize,
    /// The tokens it touches.
    pub touched: std::ops::Range<usize>,
}

/// Why one column of tags leaves a span out.
pub(crate) enum LeftOut {
    /// It has no place on the tokens under the mode.
    Unplaced(&'static str),
    /// It overlaps a longer kept span: its index in [`Column::kept`].
    Overlaps(usize),
}

/// What one column of tags (one tag per token) holds of a set of spans.
pub(crate) struct Column<'a> {
    /// The spans kept, longest first, then earliest; no two share a token.
    pub kept: Vec<Placed<'a>>,
    /// The spans left out, with the tokens they touch and why.
    pub left_out: Vec<(&'a Span, std::ops::Range<usize>, LeftOut)>,
}

/// Places `spans` on `tokens` under `mode` and keeps, where placed spans overlap, the
/// longest, then the earliest: what every token-based export and token-level agreement
/// tag.
pub(crate) fn one_column<'a>(tokens: &[Token], spans: &'a [Span], mode: AlignMode) -> Column<'a> {
    let mut left_out = Vec::new();
    let mut candidates: Vec<Placed<'a>> = Vec::new();
    for (index, span) in spans.iter().enumerate() {
        let (touched, placed) = place(tokens, span, mode);
        match placed {
            Ok((first, last)) => candidates.push(Placed {
                first,
                last,
                span,
                index,
                touched,
            }),
            Err(why) => left_out.push((span, touched, LeftOut::Unplaced(why))),
        }
    }
    candidates.sort_by(|a, b| {
        (b.last - b.first)
            .cmp(&(a.last - a.first))
            .then(a.first.cmp(&b.first))
            .then(a.span.cmp(b.span))
    });
    let mut owner: Vec<Option<usize>> = vec![None; tokens.len()];
    let mut kept: Vec<Placed<'a>> = Vec::new();
    for placed in candidates {
        if let Some(k) = (placed.first..=placed.last).find_map(|t| owner[t]) {
            left_out.push((placed.span, placed.touched, LeftOut::Overlaps(k)));
            continue;
        }
        for slot in &mut owner[placed.first..=placed.last] {
            *slot = Some(kept.len());
        }
        kept.push(placed);
    }
    Column { kept, left_out }
}

/// Tokenizes `annotation`'s text and tags its spans.
pub fn tag_document(
    annotation: &Annotation,
    tokenizer: Tokenizer,
    mode: AlignMode,
    scheme: Scheme,
) -> TaggedDocument {
    let doc = &annotation.document;
    // Flattened as they come: the nested copy is not kept (on a 20 MB article it is
    // over 100 MB), only each sentence's length.
    let mut tokens: Vec<Token> = Vec::new();
    let mut sentence_of: Vec<usize> = Vec::new();
    let mut sentence_lens: Vec<usize> = Vec::new();
    for (s, sentence) in tokenize(doc.text(), tokenizer).into_iter().enumerate() {
        sentence_lens.push(sentence.len());
        sentence_of.extend(std::iter::repeat_n(s, sentence.len()));
        tokens.extend(sentence);
    }
    let token_text = |range: std::ops::Range<usize>| -> Vec<String> {
        tokens[range]
            .iter()
            .map(|t| t.text(doc.text()).to_owned())
            .collect()
    };
    let note = |span: &Span, touched: std::ops::Range<usize>, outcome: Outcome| AlignNote {
        doc: doc.id().to_string(),
        span: span.clone(),
        text: annotation.span_text(span).to_owned(),
        tokens: token_text(touched),
        outcome,
    };

    let column = one_column(&tokens, annotation.spans(), mode);
    let mut notes = Vec::new();
    for (span, touched, why) in column.left_out {
        let why = match why {
            LeftOut::Unplaced(why) => why.to_owned(),
            LeftOut::Overlaps(k) => {
                let longer = &column.kept[k];
                format!(
                    "it overlaps the longer span [{}, {}) {} (one tag per token)",
                    tokens[longer.first].start, tokens[longer.last].end, longer.span.label
                )
            }
        };
        notes.push(note(span, touched, Outcome::Dropped(why)));
    }
    for placed in &column.kept {
        let (start, end) = (tokens[placed.first].start, tokens[placed.last].end);
        if (start, end) != (placed.span.start, placed.span.end) {
            let text = doc.slice(start, end).unwrap_or_default().to_owned();
            let outcome = Outcome::Moved { start, end, text };
            notes.push(note(placed.span, placed.touched.clone(), outcome));
        }
    }
    let kept: Vec<(usize, usize, &Span)> = column
        .kept
        .iter()
        .map(|p| (p.first, p.last, p.span))
        .collect();
    notes.sort_by(|a, b| a.span.cmp(&b.span));

    // Sentences joined where a kept span crosses their boundary.
    let mut joins_next = vec![false; sentence_lens.len()];
    for &(first, last, _) in &kept {
        for joins in &mut joins_next[sentence_of[first]..sentence_of[last]] {
            *joins = true;
        }
    }
    let mut merged: Vec<(usize, usize)> = Vec::new(); // token ranges
    let mut start = 0;
    for (s, len) in sentence_lens.iter().enumerate() {
        let end = start + len;
        match merged.last_mut() {
            Some(last) if s > 0 && joins_next[s - 1] => last.1 = end,
            _ => merged.push((start, end)),
        }
        start = end;
    }
    // Each kept span to the sentence it starts in, in one pass (kept order within a
    // sentence, as before): a scan of every span per sentence was quadratic on long
    // articles.
    let mut entities_of: Vec<Vec<TokenEntity>> = vec![Vec::new(); merged.len()];
    for &(first, last, span) in &kept {
        let s = merged.partition_point(|&(_, to)| to <= first);
        if let Some(&(from, _)) = merged.get(s) {
            entities_of[s].push(TokenEntity {
                first: first - from,
                last: last - from,
                label: span.label.to_string(),
            });
        }
    }
    let tagged = merged
        .into_iter()
        .zip(entities_of)
        .map(|((from, to), entities)| TaggedSentence {
            tokens: tokens[from..to].to_vec(),
            tags: encode(to - from, &entities, scheme),
        })
        .collect();
    TaggedDocument {
        sentences: tagged,
        notes,
        kept: kept.iter().map(|&(_, _, span)| span.clone()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnnotatorName, DocId, Document, now};

    fn annotation(text: &str, spans: &[(usize, usize, &str)]) -> Annotation {
        let doc = Document::new(DocId::new("d").unwrap(), "", text);
        let mut a = Annotation::new(doc, AnnotatorName::new("alice").unwrap(), now());
        for &(s, e, l) in spans {
            a.insert(Span::new(s, e, l)).unwrap();
        }
        a
    }

    fn tags(doc: &TaggedDocument) -> Vec<Vec<&str>> {
        doc.sentences
            .iter()
            .map(|s| s.tags.iter().map(String::as_str).collect())
            .collect()
    }

    #[test]
    fn expand_contract_and_strict_treat_partial_tokens_as_told() {
        // "Syri" ends inside the token "Syria"; "Syria’s army" is fine.
        let text = "Syria’s army left Homs.";
        let a = annotation(
            text,
            &[(0, 4, "location"), (0, 12, "actor"), (18, 22, "location")],
        );
        let expand = tag_document(&a, Tokenizer::Unicode, AlignMode::Expand, Scheme::Iob2);
        // Expand: "Syri" becomes "Syria", but overlaps the longer actor span: dropped.
        assert_eq!(
            tags(&expand),
            [vec![
                "B-actor",
                "I-actor",
                "I-actor",
                "O",
                "B-location",
                "O"
            ]]
        );
        assert_eq!(expand.notes.len(), 1);
        assert_eq!(
            expand.notes[0].to_string(),
            "d: [0, 4) location \"Syri\" left out: it overlaps the longer span [0, 12) actor (one tag per token) (tokens: Syria)"
        );
        let a = annotation(text, &[(0, 4, "location"), (18, 22, "location")]);
        let expand = tag_document(&a, Tokenizer::Unicode, AlignMode::Expand, Scheme::Iob2);
        assert_eq!(
            tags(&expand),
            [vec!["B-location", "O", "O", "O", "B-location", "O"]]
        );
        assert_eq!(
            expand.notes[0].outcome,
            Outcome::Moved {
                start: 0,
                end: 5,
                text: "Syria".into()
            }
        );
        let contract = tag_document(&a, Tokenizer::Unicode, AlignMode::Contract, Scheme::Iob2);
        assert_eq!(contract.kept.len(), 1);
        assert_eq!(
            contract.notes[0].outcome,
            Outcome::Dropped("no whole token lies inside it".into())
        );
        let strict = tag_document(&a, Tokenizer::Unicode, AlignMode::Strict, Scheme::Iob2);
        assert_eq!(strict.kept.len(), 1);
    }

    #[test]
    fn a_span_across_a_line_break_keeps_its_sentences_together() {
        let text = "Members of the United\r\nNations Security Council met.\nThey left.";
        let united = text.find("United").unwrap();
        let council_end = text.find(" met").unwrap(); // all ASCII: bytes are code points
        let a = annotation(text, &[(united, council_end, "actor")]);
        let doc = tag_document(&a, Tokenizer::Unicode, AlignMode::Expand, Scheme::Iob2);
        assert_eq!(
            tags(&doc),
            [
                vec![
                    "O", "O", "O", "B-actor", "I-actor", "I-actor", "I-actor", "O", "O"
                ],
                vec!["O", "O", "O"],
            ]
        );
        assert!(doc.notes.is_empty());
    }
}
