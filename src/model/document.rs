//! A document (an article's text and where it came from) and an annotation (one
//! annotator's spans on one document).

use std::collections::BTreeMap;
use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

use super::suggestion::{insert_sorted, remove_sorted};
use super::text::{self, OffsetIndex};
use super::{AnnotatorName, DocId, Label, Origin, Schema, Span, Suggestion};

/// Lowercase hex SHA-256 of the UTF-8 bytes of `text`.
///
/// ```
/// assert_eq!(
///     spantag::model::sha256_hex(""),
///     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
/// );
/// ```
pub fn sha256_hex(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// An article: its id, its text exactly as read (no line ending or BOM changes), where it
/// came from, and the SHA-256 of the text.
#[derive(Clone, Debug)]
pub struct Document {
    id: DocId,
    source: String,
    text: String,
    sha256: String,
    index: OffsetIndex,
}

impl PartialEq for Document {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && self.source == other.source && self.text == other.text
    }
}

impl Eq for Document {}

impl Document {
    /// A document with `text`, read from `source` (a path relative to the corpus root, or
    /// any note of origin). Computes the hash and the offset index.
    pub fn new(id: DocId, source: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        Self {
            id,
            source: source.into(),
            sha256: sha256_hex(&text),
            index: OffsetIndex::new(&text),
            text,
        }
    }

    /// [`Document::new`] for a text whose hash the caller has just computed (a reader
    /// hashes the text as it unescapes it): `sha256` must be [`sha256_hex`] of `text`.
    pub(crate) fn with_sha256(id: DocId, source: String, text: String, sha256: String) -> Self {
        debug_assert_eq!(sha256, sha256_hex(&text));
        Self {
            id,
            source,
            sha256,
            index: OffsetIndex::new(&text),
            text,
        }
    }

    /// The document's id.
    pub fn id(&self) -> &DocId {
        &self.id
    }

    /// Where the text came from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The text, byte-exact.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Lowercase hex SHA-256 of the text.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// Length of the text in code points.
    pub fn char_len(&self) -> usize {
        self.index.char_len()
    }

    /// Fast offset conversions for this text.
    pub fn offsets(&self) -> &OffsetIndex {
        &self.index
    }

    /// The text covered by code points `[start, end)`, or `None` if out of range.
    pub fn slice(&self, start: usize, end: usize) -> Option<&str> {
        if start > end {
            return None;
        }
        let from = self.index.char_to_byte(&self.text, start)?;
        let to = self.index.char_to_byte(&self.text, end)?;
        Some(&self.text[from..to])
    }
}

/// Whether an annotator considers a document finished.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    /// Still being tagged.
    #[default]
    InProgress,
    /// Every entity is tagged.
    Done,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::InProgress => "InProgress",
            Status::Done => "Done",
        })
    }
}

/// Why a span cannot be part of an annotation.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SpanError {
    /// `start >= end`.
    #[error("span [{start}, {end}) is empty or reversed")]
    Empty {
        /// The span's start.
        start: usize,
        /// The span's end.
        end: usize,
    },
    /// The span ends past the text.
    #[error("span [{start}, {end}) ends past the end of the text ({len} code points)")]
    OutOfRange {
        /// The span's start.
        start: usize,
        /// The span's end.
        end: usize,
        /// The text's length in code points.
        len: usize,
    },
    /// The same start, end and label are already there.
    #[error("span [{start}, {end}) {label:?} is already there")]
    Duplicate {
        /// The span's start.
        start: usize,
        /// The span's end.
        end: usize,
        /// The span's label.
        label: String,
    },
}

/// Something worth telling about a span that is still kept.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SpanWarning {
    /// The schema does not define the span's label.
    #[error("label {0:?} is not in the schema (kept as it is)")]
    UnknownLabel(String),
    /// A boundary falls inside a grapheme cluster, such as between a letter and its accent.
    #[error("span [{start}, {end}) {text:?} cuts a user-perceived character at its {side}")]
    SplitsGrapheme {
        /// The span's start.
        start: usize,
        /// The span's end.
        end: usize,
        /// The covered text.
        text: String,
        /// "start", "end" or "start and end".
        side: &'static str,
    },
}

/// One annotator's spans on one document.
///
/// The spans are kept sorted by `(start, end, label)` with no exact duplicates, which is
/// the order files list them in and lets a position find its spans by binary search.
#[derive(Clone, Debug)]
pub struct Annotation {
    /// The annotated document, text included: a file is self-contained.
    pub document: Document,
    /// Who made the annotation.
    pub annotator: AnnotatorName,
    /// Whether the annotator has finished.
    pub status: Status,
    /// When the annotation was started.
    pub created: Timestamp,
    /// When it last changed.
    pub modified: Timestamp,
    spans: Vec<Span>,
    /// The origin of each span not drawn by hand.
    origins: BTreeMap<Span, Origin>,
    /// Pending suggestions, sorted by span, at most one per span.
    suggestions: Vec<Suggestion>,
    /// Rejected suggestions, sorted by span: they do not come back.
    rejected: Vec<Suggestion>,
    /// No pending suggestion is longer than this (an overestimate after removals).
    max_suggestion_len: usize,
    /// No span is longer than this (it may be an overestimate after removals), which
    /// bounds how far back a lookup by position has to search.
    max_span_len: usize,
}

impl PartialEq for Annotation {
    /// Equal when everything in the file would be equal (the search bound is a cache).
    fn eq(&self, other: &Self) -> bool {
        self.document == other.document
            && self.annotator == other.annotator
            && self.status == other.status
            && self.created == other.created
            && self.modified == other.modified
            && self.spans == other.spans
            && self.origins == other.origins
            && self.suggestions == other.suggestions
            && self.rejected == other.rejected
    }
}

impl Eq for Annotation {}

/// Now, to the second: files say when, not to the nanosecond.
pub fn now() -> Timestamp {
    Timestamp::from_second(Timestamp::now().as_second()).unwrap_or(Timestamp::UNIX_EPOCH)
}

impl Annotation {
    /// An empty annotation of `document` by `annotator`, created and modified at `at`.
    pub fn new(document: Document, annotator: AnnotatorName, at: Timestamp) -> Self {
        Self {
            document,
            annotator,
            status: Status::InProgress,
            created: at,
            modified: at,
            spans: Vec::new(),
            origins: BTreeMap::new(),
            suggestions: Vec::new(),
            rejected: Vec::new(),
            max_suggestion_len: 0,
            max_span_len: 0,
        }
    }

    /// The spans, sorted by `(start, end, label)`.
    pub fn spans(&self) -> &[Span] {
        &self.spans
    }

    /// Checks that `span` could be added: not empty, inside the text, not already there.
    pub fn check_span(&self, span: &Span) -> Result<(), SpanError> {
        self.check_range(span)?;
        if self.spans.binary_search(span).is_ok() {
            return Err(SpanError::Duplicate {
                start: span.start,
                end: span.end,
                label: span.label.to_string(),
            });
        }
        Ok(())
    }

    /// Checks that `span` is not empty and lies inside the text.
    pub fn check_range(&self, span: &Span) -> Result<(), SpanError> {
        if span.is_empty() {
            return Err(SpanError::Empty {
                start: span.start,
                end: span.end,
            });
        }
        let len = self.document.char_len();
        if span.end > len {
            return Err(SpanError::OutOfRange {
                start: span.start,
                end: span.end,
                len,
            });
        }
        Ok(())
    }

    /// Replaces all spans at once (sorting them), in O(n log n) rather than one insert
    /// at a time. Fails, changing nothing, on the first span that is empty, out of range
    /// or a duplicate.
    pub fn set_spans(&mut self, mut spans: Vec<Span>) -> Result<(), SpanError> {
        spans.sort();
        for (i, span) in spans.iter().enumerate() {
            self.check_range(span)?;
            if i > 0 && spans[i - 1] == *span {
                return Err(SpanError::Duplicate {
                    start: span.start,
                    end: span.end,
                    label: span.label.to_string(),
                });
            }
        }
        self.max_span_len = spans.iter().map(Span::len).max().unwrap_or(0);
        self.spans = spans;
        let spans = &self.spans;
        self.origins
            .retain(|span, _| spans.binary_search(span).is_ok());
        Ok(())
    }

    /// Adds `span` in order. Returns its index.
    pub fn insert(&mut self, span: Span) -> Result<usize, SpanError> {
        self.check_span(&span)?;
        let at = self.spans.partition_point(|s| s < &span);
        self.max_span_len = self.max_span_len.max(span.len());
        self.spans.insert(at, span);
        Ok(at)
    }

    /// Adds `span` in order with `origin`. Returns its index.
    pub fn insert_from(&mut self, span: Span, origin: Origin) -> Result<usize, SpanError> {
        let at = self.insert(span.clone())?;
        if origin != Origin::Hand {
            self.origins.insert(span, origin);
        }
        Ok(at)
    }

    /// Removes `span` if present, with its origin; says whether it was.
    pub fn remove(&mut self, span: &Span) -> bool {
        match self.spans.binary_search(span) {
            Ok(at) => {
                self.spans.remove(at);
                self.origins.remove(span);
                true
            }
            Err(_) => false,
        }
    }

    /// Where `span` came from (`Hand` for a span drawn by hand or not there).
    pub fn origin_of(&self, span: &Span) -> Origin {
        self.origins.get(span).copied().unwrap_or_default()
    }

    /// The spans not drawn by hand, with their origins, in span order.
    pub fn origins(&self) -> impl Iterator<Item = (&Span, Origin)> {
        self.origins.iter().map(|(span, origin)| (span, *origin))
    }

    /// Gives the span `span`, which must be there, the origin `origin`.
    pub(crate) fn set_origin(&mut self, span: &Span, origin: Origin) {
        if origin == Origin::Hand {
            self.origins.remove(span);
        } else if self.spans.binary_search(span).is_ok() {
            self.origins.insert(span.clone(), origin);
        }
    }

    /// Every pending suggestion, sorted by span, including those a span with the same
    /// range has made moot (see [`Annotation::open_suggestions`]).
    pub fn suggestions(&self) -> &[Suggestion] {
        &self.suggestions
    }

    /// The pending suggestions still worth showing: those whose range no span covers
    /// exactly (a span there already answers them, whatever its label).
    pub fn open_suggestions(&self) -> impl Iterator<Item = &Suggestion> {
        self.suggestions.iter().filter(|s| !self.has_range(&s.span))
    }

    /// The open suggestions that overlap code points `[start, end)`, in order.
    pub fn open_suggestions_overlapping(
        &self,
        start: usize,
        end: usize,
    ) -> impl Iterator<Item = &Suggestion> {
        let earliest = start.saturating_sub(self.max_suggestion_len);
        let from = self
            .suggestions
            .partition_point(|s| s.span.start < earliest);
        let to = self.suggestions.partition_point(|s| s.span.start < end);
        self.suggestions[from..to.max(from)]
            .iter()
            .filter(move |s| s.span.end > start && s.span.start < end)
            .filter(|s| !self.has_range(&s.span))
    }

    /// The rejected suggestions, sorted by span.
    pub fn rejected(&self) -> &[Suggestion] {
        &self.rejected
    }

    /// Whether a span covers exactly `span`'s range, whatever its label.
    pub fn has_range(&self, span: &Span) -> bool {
        self.spans_overlapping(span.start, span.end)
            .any(|s| s.same_range(span))
    }

    /// Adds `suggestion` to the pending ones unless it is out of range, was rejected,
    /// is pending already, or a span already has its range. Says whether it was added.
    pub fn suggest(&mut self, suggestion: Suggestion) -> bool {
        if !self.would_suggest(&suggestion.span) {
            return false;
        }
        self.max_suggestion_len = self.max_suggestion_len.max(suggestion.span.len());
        insert_sorted(&mut self.suggestions, suggestion)
    }

    /// Whether [`Annotation::suggest`] would add a suggestion of `span`: in range, not
    /// rejected, not pending, and no span has its range.
    pub fn would_suggest(&self, span: &Span) -> bool {
        self.check_range(span).is_ok()
            && !self.is_rejected(span)
            && !self.is_pending(span)
            && !self.has_range(span)
    }

    /// Whether a suggestion of exactly `span` is pending.
    pub fn is_pending(&self, span: &Span) -> bool {
        self.suggestions
            .binary_search_by(|s| s.span.cmp(span))
            .is_ok()
    }

    /// Adds a pending suggestion as it is (for edits that put one back).
    pub(crate) fn insert_suggestion(&mut self, suggestion: Suggestion) -> Result<(), SpanError> {
        self.check_range(&suggestion.span)?;
        self.max_suggestion_len = self.max_suggestion_len.max(suggestion.span.len());
        insert_sorted(&mut self.suggestions, suggestion);
        Ok(())
    }

    /// Removes the pending suggestion of `span`; returns it.
    pub fn unsuggest(&mut self, span: &Span) -> Option<Suggestion> {
        remove_sorted(&mut self.suggestions, span)
    }

    /// Records `suggestion` as rejected (it must not come back). Says whether it was new.
    pub(crate) fn insert_rejected(&mut self, suggestion: Suggestion) -> Result<bool, SpanError> {
        self.check_range(&suggestion.span)?;
        Ok(insert_sorted(&mut self.rejected, suggestion))
    }

    /// Forgets that `span` was rejected; returns the rejected suggestion.
    pub(crate) fn remove_rejected(&mut self, span: &Span) -> Option<Suggestion> {
        remove_sorted(&mut self.rejected, span)
    }

    /// Whether a suggestion of exactly `span` was rejected.
    pub fn is_rejected(&self, span: &Span) -> bool {
        self.rejected.binary_search_by(|s| s.span.cmp(span)).is_ok()
    }

    /// Whether the file holds nothing but suggestions (pending or rejected): no span and
    /// not done. Such a file does not make its document "in progress" and does not count
    /// as an annotator's work in agreement, review or export.
    pub fn is_suggestions_only(&self) -> bool {
        self.spans.is_empty()
            && self.status == Status::InProgress
            && (!self.suggestions.is_empty() || !self.rejected.is_empty())
    }

    /// Whether the file needs `spantag/2`: some span has an origin, or there are
    /// suggestions.
    pub fn needs_v2(&self) -> bool {
        !self.origins.is_empty() || !self.suggestions.is_empty() || !self.rejected.is_empty()
    }

    /// The text a span covers (empty if the span is out of range).
    pub fn span_text(&self, span: &Span) -> &str {
        self.document.slice(span.start, span.end).unwrap_or("")
    }

    /// The spans that overlap code points `[start, end)`, in order, in O(log n + k):
    /// a span that overlaps must start after `start - longest span` and before `end`.
    pub fn spans_overlapping(&self, start: usize, end: usize) -> impl Iterator<Item = &Span> {
        let earliest = start.saturating_sub(self.max_span_len);
        let from = self.spans.partition_point(|s| s.start < earliest);
        let to = self.spans.partition_point(|s| s.start < end);
        self.spans[from..to.max(from)]
            .iter()
            .filter(move |s| s.end > start && s.start < end)
    }

    /// Things to tell about spans that are kept: labels the schema does not know and
    /// boundaries inside grapheme clusters. Each comes with the index of its span.
    pub fn warnings(&self, schema: &Schema) -> Vec<(usize, SpanWarning)> {
        let mut warnings = Vec::new();
        for (i, span) in self.spans.iter().enumerate() {
            if !schema.knows(&span.label) {
                warnings.push((i, SpanWarning::UnknownLabel(span.label.to_string())));
            }
            let cut_start = !self.is_grapheme_boundary(span.start);
            let cut_end = !self.is_grapheme_boundary(span.end);
            if cut_start || cut_end {
                let side = match (cut_start, cut_end) {
                    (true, true) => "start and end",
                    (true, false) => "start",
                    _ => "end",
                };
                warnings.push((
                    i,
                    SpanWarning::SplitsGrapheme {
                        start: span.start,
                        end: span.end,
                        text: self.span_text(span).to_owned(),
                        side,
                    },
                ));
            }
        }
        warnings
    }

    /// Whether code point `char_offset` lies between two grapheme clusters.
    fn is_grapheme_boundary(&self, char_offset: usize) -> bool {
        let text = self.document.text();
        self.document
            .offsets()
            .char_to_byte(text, char_offset)
            .is_some_and(|byte| text::is_grapheme_boundary_at_byte(text, byte))
    }

    /// Counts of spans per label, in label order.
    pub fn label_counts(&self) -> std::collections::BTreeMap<&Label, usize> {
        let mut counts = std::collections::BTreeMap::new();
        for span in &self.spans {
            *counts.entry(&span.label).or_insert(0) += 1;
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn annotation(text: &str) -> Annotation {
        let doc = Document::new(DocId::new("doc").unwrap(), "samples/doc.txt", text);
        Annotation::new(doc, AnnotatorName::new("alice").unwrap(), now())
    }

    #[test]
    fn hashes_the_exact_bytes() {
        let lf = Document::new(DocId::new("a").unwrap(), "", "a\nb");
        let crlf = Document::new(DocId::new("a").unwrap(), "", "a\r\nb");
        assert_ne!(lf.sha256(), crlf.sha256());
        assert_eq!(
            lf.sha256(),
            "7e18f737311b2dc3b2f269dd78396b0351f14fb66efa879f768cb23181883c78"
        );
        assert_eq!(lf.sha256().len(), 64);
    }

    #[test]
    fn keeps_spans_sorted_and_refuses_duplicates() {
        let mut a = annotation("Rebels seized Rastan and Talbiseh.");
        a.insert(Span::new(25, 33, "location")).unwrap();
        a.insert(Span::new(0, 6, "actor")).unwrap();
        a.insert(Span::new(14, 20, "location")).unwrap();
        a.insert(Span::new(0, 20, "event")).unwrap();
        let starts: Vec<_> = a.spans().iter().map(|s| (s.start, s.end)).collect();
        assert_eq!(starts, [(0, 6), (0, 20), (14, 20), (25, 33)]);
        assert_eq!(
            a.insert(Span::new(0, 6, "actor")),
            Err(SpanError::Duplicate {
                start: 0,
                end: 6,
                label: "actor".into()
            })
        );
        // Same range, other label: allowed.
        assert!(a.insert(Span::new(0, 6, "location")).is_ok());
        assert!(a.remove(&Span::new(0, 6, "location")));
        assert!(!a.remove(&Span::new(0, 6, "location")));
    }

    #[test]
    fn refuses_empty_and_out_of_range_spans() {
        let mut a = annotation("Homs 😀");
        assert_eq!(a.document.char_len(), 6);
        assert!(matches!(
            a.insert(Span::new(3, 3, "actor")),
            Err(SpanError::Empty { .. })
        ));
        assert_eq!(
            a.insert(Span::new(5, 7, "actor")).unwrap_err().to_string(),
            "span [5, 7) ends past the end of the text (6 code points)"
        );
        assert!(a.insert(Span::new(5, 6, "event")).is_ok());
        assert_eq!(a.span_text(&a.spans()[0]), "😀");
    }

    #[test]
    fn finds_spans_overlapping_a_range() {
        let mut a = annotation("Rebels seized Rastan and Talbiseh.");
        for span in [
            Span::new(0, 6, "actor"),
            Span::new(0, 33, "event"),
            Span::new(14, 20, "location"),
            Span::new(25, 33, "location"),
        ] {
            a.insert(span).unwrap();
        }
        let hits: Vec<_> = a.spans_overlapping(15, 24).map(|s| s.start).collect();
        assert_eq!(hits, [0, 14]);
        assert_eq!(a.spans_overlapping(33, 34).count(), 0);
    }

    #[test]
    fn set_spans_sorts_and_refuses_duplicates_without_changing_anything() {
        let mut a = annotation("Rebels seized Rastan and Talbiseh.");
        a.set_spans(vec![
            Span::new(25, 33, "location"),
            Span::new(0, 6, "actor"),
        ])
        .unwrap();
        assert_eq!(a.spans()[0], Span::new(0, 6, "actor"));
        let before = a.clone();
        let dup = vec![Span::new(0, 6, "actor"), Span::new(0, 6, "actor")];
        assert!(matches!(a.set_spans(dup), Err(SpanError::Duplicate { .. })));
        let past = vec![Span::new(0, 60, "event")];
        assert!(matches!(
            a.set_spans(past),
            Err(SpanError::OutOfRange { .. })
        ));
        assert_eq!(a, before);
    }

    proptest::proptest! {
        #[test]
        fn spans_overlapping_matches_a_linear_scan(
            raw in proptest::collection::vec((0..200usize, 1..60usize), 0..80),
            start in 0..220usize,
            len in 0..40usize,
        ) {
            let mut a = annotation(&"x".repeat(260));
            for (s, l) in raw {
                let _ = a.insert(Span::new(s, s + l, "event"));
            }
            let end = start + len;
            let fast: Vec<&Span> = a.spans_overlapping(start, end).collect();
            let slow: Vec<&Span> =
                a.spans().iter().filter(|s| s.start < end && s.end > start).collect();
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    #[test]
    fn warns_about_unknown_labels_and_cut_graphemes() {
        let mut a = annotation("Jose\u{301} met 👍🏽 in Kyiv");
        a.insert(Span::new(0, 4, "actor")).unwrap(); // cuts the accent off
        a.insert(Span::new(10, 11, "event")).unwrap(); // cuts the skin tone off
        a.insert(Span::new(15, 19, "person")).unwrap();
        let warnings: Vec<String> = a
            .warnings(&Schema::default())
            .into_iter()
            .map(|(i, w)| format!("{i}: {w}"))
            .collect();
        assert_eq!(
            warnings,
            [
                "0: span [0, 4) \"Jose\" cuts a user-perceived character at its end",
                "1: span [10, 11) \"👍\" cuts a user-perceived character at its end",
                "2: label \"person\" is not in the schema (kept as it is)",
            ]
        );
    }
}
