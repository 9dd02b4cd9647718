//! A tagged stretch of text: `[start, end)` in code points and a label.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The name of an entity type, such as `actor`. Labels are plain strings so that a file
/// with a label the schema does not know keeps it (and reports it) instead of dropping it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Label(String);

impl Label {
    /// A label with this name.
    pub fn new(name: impl Into<String>) -> Self {
        Self(name.into())
    }

    /// The label's name as written in files.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Label {
    fn from(name: &str) -> Self {
        Self::new(name)
    }
}

/// One entity mention: code points `[start, end)` of a document's text, with a label.
///
/// Spans order by `(start, end, label)`, the order in which files list them.
///
/// ```
/// use spantag::model::Span;
/// let event = Span::new(0, 20, "event");
/// let place = Span::new(13, 17, "location");
/// assert!(event.contains(&place) && event.overlaps(&place));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// First code point of the mention.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// What the mention is.
    pub label: Label,
}

impl Span {
    /// A span of `[start, end)` with `label`.
    pub fn new(start: usize, end: usize, label: impl Into<Label>) -> Self {
        Self {
            start,
            end,
            label: label.into(),
        }
    }

    /// Length in code points.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers no code point (never valid in a file).
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// Whether the two spans share at least one code point.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Whether `other` lies entirely inside this span.
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two spans cover exactly the same code points, whatever their labels.
    pub fn same_range(&self, other: &Span) -> bool {
        self.start == other.start && self.end == other.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_by_start_end_then_label() {
        let mut spans = vec![
            Span::new(5, 9, "location"),
            Span::new(0, 4, "event"),
            Span::new(5, 9, "actor"),
            Span::new(5, 7, "event"),
        ];
        spans.sort();
        assert_eq!(
            spans,
            vec![
                Span::new(0, 4, "event"),
                Span::new(5, 7, "event"),
                Span::new(5, 9, "actor"),
                Span::new(5, 9, "location"),
            ]
        );
    }

    #[test]
    fn overlap_is_half_open() {
        let a = Span::new(0, 5, "actor");
        assert!(!a.overlaps(&Span::new(5, 8, "actor")));
        assert!(a.overlaps(&Span::new(4, 8, "actor")));
        assert!(a.contains(&Span::new(1, 5, "event")));
        assert!(!a.contains(&Span::new(1, 6, "event")));
        assert!(a.same_range(&Span::new(0, 5, "event")));
        assert_eq!(a.len(), 5);
        assert!(Span::new(3, 3, "actor").is_empty());
    }
}
