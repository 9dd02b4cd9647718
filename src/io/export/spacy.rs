//! `spacy`: a spaCy `DocBin` file (`.spacy`), which `spacy.tokens.DocBin().from_disk(path)`
//! reads and `python -m spacy train` takes as it is.
//!
//! The layout follows spaCy 3's `spacy/tokens/_serialize.py` (`DocBin.to_bytes`): zlib over
//! msgpack of `{"version": "0.1", "attrs", "tokens", "spaces", "lengths", "strings",
//! "cats", "flags", "span_groups"}`, where `tokens` is a row-major little-endian `uint64`
//! array of one row per token and one column per attribute (`ORTH`, `ENT_IOB`, `ENT_TYPE`,
//! `SENT_START`), strings are stored as their 64-bit MurmurHash2 (`hash_string` in
//! `spacy/strings.pyx`, seed 1) with the strings themselves listed once, and each
//! document's span groups are `SpanGroups.to_bytes` (`spacy/tokens/_dict_proxies.py`,
//! `span_group.pyx`).
//!
//! Per document:
//! - the tokens are those of the CoNLL export (same tokenizer); the white space between
//!   them is carried as spaCy's own tokenizer carries it: one plain space after a token is
//!   that token's `whitespace_`, anything else (a line break, two spaces, a tab, a
//!   leading byte order mark) is a token of its own, so `doc.text` is the text exactly;
//! - sentence starts are the CoNLL export's sentences;
//! - `doc.ents` are the CoNLL export's entities (overlaps resolved the same way: the
//!   longest kept, the others in the report);
//! - `doc.spans["sc"]` holds every span, nested and overlapping ones included, placed on
//!   tokens by the same alignment rule.

use std::collections::BTreeSet;
use std::io::Write;

use flate2::Compression;
use flate2::write::ZlibEncoder;
use rmp::encode::{
    ValueWriteError, write_array_len, write_bin, write_bool, write_map_len, write_str, write_uint,
};

use crate::model::Annotation;

/// A msgpack write into memory (which cannot fail).
type MsgResult = Result<(), ValueWriteError<std::io::Error>>;
use crate::text::align::{AlignMode, AlignNote, Outcome, TaggedDocument, place};
use crate::text::tokens::Token;

/// spaCy's attribute ids (`spacy/attrs.pxd`), in the order `DocBin` sorts them.
const ORTH: u64 = 65;
const ENT_IOB: u64 = 77;
const ENT_TYPE: u64 = 78;
const SENT_START: u64 = 80;
const ATTRS: [u64; 4] = [ORTH, ENT_IOB, ENT_TYPE, SENT_START];

/// `ENT_IOB` values: inside, outside, begin (0 would be "missing").
const IOB_I: u64 = 1;
const IOB_O: u64 = 2;
const IOB_B: u64 = 3;

/// The span group that holds every span, the one spaCy's `spancat` reads by default.
pub const SPAN_GROUP: &str = "sc";

/// spaCy's string hash (`spacy.strings.hash_string`): MurmurHash64A of the UTF-8 bytes
/// with seed 1.
///
/// ```
/// assert_eq!(spantag::io::export::spacy::hash_string("actor"), 6917656656232907963);
/// ```
pub fn hash_string(s: &str) -> u64 {
    murmur_hash64a(s.as_bytes(), 1)
}

/// MurmurHash64A by Austin Appleby, as in the `murmurhash` package spaCy uses.
fn murmur_hash64a(key: &[u8], seed: u64) -> u64 {
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    let mut h = seed ^ (key.len() as u64).wrapping_mul(M);
    let mut chunks = key.chunks_exact(8);
    for chunk in &mut chunks {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(chunk);
        let mut k = u64::from_le_bytes(bytes);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        for (i, &b) in tail.iter().enumerate() {
            h ^= u64::from(b) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

/// Documents gathered for one `DocBin` file.
#[derive(Debug, Default)]
pub struct DocBin {
    /// One row of [`ATTRS`] per token, all documents together.
    rows: Vec<[u64; 4]>,
    /// Whether each token is followed by one space.
    spaces: Vec<bool>,
    /// Tokens per document.
    lengths: Vec<i32>,
    /// Every string whose hash is in the data.
    strings: BTreeSet<String>,
    /// `SpanGroups.to_bytes` per document.
    span_groups: Vec<Vec<u8>>,
}

/// A token of the spaCy document being built.
struct DocToken {
    row: [u64; 4],
    space: bool,
}

impl DocBin {
    /// An empty file.
    pub fn new() -> Self {
        Self::default()
    }

    /// Documents added so far.
    pub fn len(&self) -> usize {
        self.lengths.len()
    }

    /// Whether no document was added.
    pub fn is_empty(&self) -> bool {
        self.lengths.is_empty()
    }

    /// Adds one document: `tagged` is the CoNLL export's view of it (tokens, sentences,
    /// kept entities) made with `mode`, which also places the spans of `spans["sc"]`.
    /// Returns what this file could not hold exactly: `tagged.notes`, where a span left
    /// out of `doc.ents` says that `spans["sc"]` has it, plus a note for each such span
    /// that `spans["sc"]` holds over other code points.
    pub fn add(
        &mut self,
        annotation: &Annotation,
        tagged: &TaggedDocument,
        mode: AlignMode,
    ) -> Vec<AlignNote> {
        let text = annotation.document.text();
        let mut out: Vec<DocToken> = Vec::new();
        // The CoNLL tokens, and for each, its index among `out`.
        let mut tokens: Vec<Token> = Vec::new();
        let mut index: Vec<usize> = Vec::new();
        let mut byte = 0;
        for (s, sentence) in tagged.sentences.iter().enumerate() {
            for (k, token) in sentence.tokens.iter().enumerate() {
                self.gap(&text[byte..token.byte_start], &mut out);
                let starts = out.is_empty() || (k == 0 && s > 0);
                index.push(out.len());
                tokens.push(*token);
                out.push(self.token(token.text(text), starts));
                byte = token.byte_end;
            }
        }
        self.gap(&text[byte..], &mut out);

        for span in &tagged.kept {
            let Ok((first, last)) = place(&tokens, span, mode).1 else {
                continue; // a kept span was placed once already, the same way
            };
            let label = self.string(span.label.as_str());
            for (n, t) in (index[first]..=index[last]).enumerate() {
                out[t].row[1] = if n == 0 { IOB_B } else { IOB_I };
                out[t].row[2] = label;
            }
        }

        let mut notes = tagged.notes.clone();
        let mut group: Vec<[u8; 40]> = Vec::new();
        for span in annotation.spans() {
            let Ok((first, last)) = place(&tokens, span, mode).1 else {
                continue; // left out of the CoNLL export too, and reported there
            };
            let (start, end) = (tokens[first].start, tokens[last].end);
            if let Some(note) = notes.iter_mut().find(|n| n.span == *span)
                && let Outcome::Dropped(why) = &mut note.outcome
            {
                why.push_str("; in spans[\"sc\"] only");
                if (start, end) != (span.start, span.end) {
                    let moved_text = annotation.document.slice(start, end).unwrap_or_default();
                    let mut moved = note.clone();
                    moved.outcome = Outcome::Moved {
                        start,
                        end,
                        text: moved_text.to_owned(),
                    };
                    notes.push(moved);
                }
            }
            let mut packed = [0u8; 40];
            // ">QQQllll": id, kb_id, label, start, end, start_char, end_char.
            let label = self.string(span.label.as_str());
            packed[16..24].copy_from_slice(&label.to_be_bytes());
            let fields = [index[first], index[last] + 1, start, end];
            for (i, value) in fields.into_iter().enumerate() {
                let value = i32::try_from(value).unwrap_or(i32::MAX);
                packed[24 + 4 * i..28 + 4 * i].copy_from_slice(&value.to_be_bytes());
            }
            group.push(packed);
        }
        self.span_groups.push(span_groups_bytes(&group));
        notes.sort_by(|a, b| a.span.cmp(&b.span));

        self.lengths
            .push(i32::try_from(out.len()).unwrap_or(i32::MAX));
        for token in out {
            self.rows.push(token.row);
            self.spaces.push(token.space);
        }
        notes
    }

    /// Carries the text between two tokens (or before the first, after the last) as
    /// spaCy does: a single space after a token is its `whitespace_`, the rest a token.
    fn gap(&mut self, gap: &str, out: &mut Vec<DocToken>) {
        // A byte order mark is no white space to spaCy: a token of its own, like the
        // one spaCy's tokenizer makes of it.
        if out.is_empty()
            && let Some(rest) = gap.strip_prefix('\u{feff}')
        {
            out.push(self.token("\u{feff}", true));
            return self.gap(rest, out);
        }
        let rest = match (gap.strip_prefix(' '), out.last_mut()) {
            (Some(rest), Some(previous)) => {
                previous.space = true;
                rest
            }
            _ => gap,
        };
        if !rest.is_empty() {
            let starts = out.is_empty();
            out.push(self.token(rest, starts));
        }
    }

    fn token(&mut self, text: &str, sentence_start: bool) -> DocToken {
        let orth = self.string(text);
        // SENT_START is 1 or -1, stored in the uint64 array as two's complement.
        let start = if sentence_start { 1 } else { u64::MAX };
        DocToken {
            row: [orth, IOB_O, 0, start],
            space: false,
        }
    }

    fn string(&mut self, s: &str) -> u64 {
        if !self.strings.contains(s) {
            self.strings.insert(s.to_owned());
        }
        hash_string(s)
    }

    /// The file's bytes: zlib over msgpack, as `DocBin.to_bytes` makes them.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut msg = Vec::new();
        // Writing into a Vec cannot fail.
        let _ = self.write_msgpack(&mut msg);
        let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
        let _ = z.write_all(&msg);
        z.finish().unwrap_or_default()
    }

    fn write_msgpack(&self, w: &mut Vec<u8>) -> MsgResult {
        write_map_len(w, 9)?;
        write_str(w, "version")?;
        write_str(w, "0.1")?;
        write_str(w, "attrs")?;
        write_array_len(w, ATTRS.len() as u32)?;
        for attr in ATTRS {
            write_uint(w, attr)?;
        }
        write_str(w, "tokens")?;
        let tokens: Vec<u8> = self
            .rows
            .iter()
            .flatten()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        write_bin(w, &tokens)?;
        write_str(w, "spaces")?;
        let spaces: Vec<u8> = self.spaces.iter().map(|&s| u8::from(s)).collect();
        write_bin(w, &spaces)?;
        write_str(w, "lengths")?;
        let lengths: Vec<u8> = self.lengths.iter().flat_map(|n| n.to_le_bytes()).collect();
        write_bin(w, &lengths)?;
        write_str(w, "strings")?;
        write_array_len(w, count(self.strings.len()))?;
        for s in &self.strings {
            write_str(w, s)?;
        }
        write_str(w, "cats")?;
        write_array_len(w, count(self.len()))?;
        for _ in 0..self.len() {
            write_map_len(w, 0)?;
        }
        write_str(w, "flags")?;
        write_array_len(w, count(self.len()))?;
        for _ in 0..self.len() {
            write_map_len(w, 1)?;
            write_str(w, "has_unknown_spaces")?;
            write_bool(w, false).map_err(ValueWriteError::InvalidMarkerWrite)?;
        }
        write_str(w, "span_groups")?;
        write_array_len(w, count(self.len()))?;
        for group in &self.span_groups {
            write_bin(w, group)?;
        }
        Ok(())
    }
}

/// A msgpack length; no list here comes near 2^32 items.
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// `SpanGroups.to_bytes` for a document whose only group is `sc`: `[]` when it is empty,
/// else `{SpanGroup.to_bytes(): ["sc"]}` with `{"name", "attrs": {}, "spans": [...]}`.
fn span_groups_bytes(spans: &[[u8; 40]]) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = (|| -> MsgResult {
        if spans.is_empty() {
            write_array_len(&mut out, 0)?;
            return Ok(());
        }
        let mut group = Vec::new();
        write_map_len(&mut group, 3)?;
        write_str(&mut group, "name")?;
        write_str(&mut group, SPAN_GROUP)?;
        write_str(&mut group, "attrs")?;
        write_map_len(&mut group, 0)?;
        write_str(&mut group, "spans")?;
        write_array_len(&mut group, count(spans.len()))?;
        for span in spans {
            write_bin(&mut group, span)?;
        }
        write_map_len(&mut out, 1)?;
        write_bin(&mut out, &group)?;
        write_array_len(&mut out, 1)?;
        write_str(&mut out, SPAN_GROUP)?;
        Ok(())
    })();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnnotatorName, DocId, Document, Span, now};
    use crate::text::align::tag_document;
    use crate::text::tagging::Scheme;
    use crate::text::tokens::Tokenizer;

    #[test]
    fn white_space_is_carried_as_spacys_tokenizer_carries_it_and_nested_spans_stay() {
        let text = "\u{feff}  The “Red Crescent”\tsaid  hi\r\nقال حمص \n";
        let doc = Document::new(DocId::new("d").unwrap(), "", text);
        let mut a = Annotation::new(doc, AnnotatorName::new("alice").unwrap(), now());
        a.insert(Span::new(8, 20, "actor")).unwrap(); // Red Crescent
        a.insert(Span::new(8, 11, "location")).unwrap(); // Red, nested
        a.insert(Span::new(36, 39, "location")).unwrap(); // حمص
        let tagged = tag_document(&a, Tokenizer::Unicode, AlignMode::Expand, Scheme::Iob2);
        let mut bin = DocBin::new();
        let notes = bin.add(&a, &tagged, AlignMode::Expand);
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0]
                .to_string()
                .ends_with("in spans[\"sc\"] only (tokens: Red)")
        );
        // The tokens spaCy's tokenizer makes of this text, and their trailing space.
        let expected = [
            ("\u{feff}", true),
            (" ", false),
            ("The", true),
            ("“", false),
            ("Red", true),
            ("Crescent", false),
            ("”", false),
            ("\t", false),
            ("said", true),
            (" ", false),
            ("hi", false),
            ("\r\n", false),
            ("قال", true),
            ("حمص", true),
            ("\n", false),
        ];
        let orths: Vec<u64> = bin.rows.iter().map(|r| r[0]).collect();
        let want: Vec<u64> = expected.iter().map(|(t, _)| hash_string(t)).collect();
        assert_eq!(orths, want);
        assert_eq!(bin.spaces, expected.map(|(_, s)| s));
        let iob: Vec<u64> = bin.rows.iter().map(|r| r[1]).collect();
        assert_eq!(iob, [2, 2, 2, 2, 3, 1, 2, 2, 2, 2, 2, 2, 2, 3, 2]);
        // Sentence starts: the first token and قال (after the line break).
        let starts: Vec<usize> = (0..15).filter(|&k| bin.rows[k][3] == 1).collect();
        assert_eq!(starts, [0, 12]);
        assert_eq!(bin.lengths, [15]);
        // Both spans of the nest in the group, by token and by code point.
        let group = &bin.span_groups[0];
        let red = [0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0, 8, 0, 0, 0, 11];
        let red_crescent = [0, 0, 0, 4, 0, 0, 0, 6, 0, 0, 0, 8, 0, 0, 0, 20];
        assert!(group.windows(16).any(|w| w == red));
        assert!(group.windows(16).any(|w| w == red_crescent));
        let bytes = bin.to_bytes();
        assert_eq!(&bytes[..2], [0x78, 0x9c]); // a zlib stream, as zlib.compress makes
    }

    impl DocBin {
        /// Each document's text as spaCy rebuilds it: token texts, a space where flagged.
        fn texts(&self) -> Vec<String> {
            let by_hash: std::collections::HashMap<u64, &str> = self
                .strings
                .iter()
                .map(|s| (hash_string(s), s.as_str()))
                .collect();
            let mut at = 0;
            let mut texts = Vec::new();
            for &n in &self.lengths {
                let mut text = String::new();
                for k in at..at + n as usize {
                    text.push_str(by_hash[&self.rows[k][0]]);
                    if self.spaces[k] {
                        text.push(' ');
                    }
                }
                at += n as usize;
                texts.push(text);
            }
            texts
        }
    }

    proptest::proptest! {
        #[test]
        fn the_text_is_rebuilt_exactly_and_spans_stay_in_the_group(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    " ", " ", "  ", "\t", "\r\n", "\n", "\u{feff}", "Homs", "é", "😀",
                    "حمص", "“", "”", ".", "’s", "a", "\u{a0}",
                ]),
                0..40,
            ),
            raw in proptest::collection::vec((0..60usize, 1..10usize), 0..6),
            whitespace in proptest::bool::ANY,
        ) {
            let text: String = pieces.concat();
            let len = text.chars().count();
            let doc = Document::new(DocId::new("d").unwrap(), "", &text);
            let mut a = Annotation::new(doc, AnnotatorName::new("alice").unwrap(), now());
            for (s, l) in raw {
                if s + l <= len {
                    let _ = a.insert(Span::new(s, s + l, "event"));
                }
            }
            let tokenizer = if whitespace { Tokenizer::Whitespace } else { Tokenizer::Unicode };
            let tagged = tag_document(&a, tokenizer, AlignMode::Expand, Scheme::Iob2);
            let mut bin = DocBin::new();
            bin.add(&a, &tagged, AlignMode::Expand);
            proptest::prop_assert_eq!(bin.texts(), vec![text.clone()]);
            // Every span but those the CoNLL export finds no token for (a mid-text BOM is
            // one, white space is not).
            let unplaced = tagged
                .notes
                .iter()
                .filter(|n| matches!(&n.outcome, Outcome::Dropped(why) if why.contains("no token")))
                .count();
            let placed = a.spans().len() - unplaced;
            let in_group = bin.span_groups[0].windows(2).filter(|w| w == &[0xc4, 40]).count();
            proptest::prop_assert_eq!(in_group, placed);
        }
    }

    #[test]
    fn hashes_are_spacys() {
        // Values from spacy.strings.hash_string in spaCy 3.8.18.
        assert_eq!(hash_string("actor"), 6917656656232907963);
        assert_eq!(hash_string(""), 14313749767032693980);
        assert_eq!(hash_string("é\u{feff}"), 12969915436757475692);
    }
}
