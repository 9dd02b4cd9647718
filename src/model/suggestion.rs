//! Where a span came from, and suggestions: spans a source proposes that are not spans
//! until the analyst accepts them.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Span;

/// Where a span came from. Spans drawn by hand have no origin in the file; every other
/// origin is written on the span (`origin: Dictionary`).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Origin {
    /// Drawn by the analyst.
    #[default]
    Hand,
    /// The corpus dictionary: a name tagged elsewhere in the corpus.
    Dictionary,
    /// A gazetteer, `gazetteers/*.tsv` in the corpus folder.
    Gazetteer,
    /// The external command named in `spantag.ron` (a model).
    Command,
    /// "Tag all occurrences" of a name the analyst tagged.
    Occurrences,
}

impl Origin {
    /// Every origin, hand first.
    pub const ALL: [Origin; 5] = [
        Origin::Hand,
        Origin::Dictionary,
        Origin::Gazetteer,
        Origin::Command,
        Origin::Occurrences,
    ];

    /// The origin in words, lower case: `hand`, `dictionary`, `gazetteer`, `command`,
    /// `occurrences` (as the command line names sources).
    pub fn name(self) -> &'static str {
        match self {
            Origin::Hand => "hand",
            Origin::Dictionary => "dictionary",
            Origin::Gazetteer => "gazetteer",
            Origin::Command => "command",
            Origin::Occurrences => "occurrences",
        }
    }

    /// As written in a file: `Hand`, `Dictionary`, `Gazetteer`, `Command`, `Occurrences`.
    pub fn written(self) -> &'static str {
        match self {
            Origin::Hand => "Hand",
            Origin::Dictionary => "Dictionary",
            Origin::Gazetteer => "Gazetteer",
            Origin::Command => "Command",
            Origin::Occurrences => "Occurrences",
        }
    }

    /// The origin written `word` in a file, if it is one.
    pub fn from_written(word: &str) -> Option<Origin> {
        Origin::ALL.into_iter().find(|o| o.written() == word)
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A span a source proposes. It is not a span of the annotation: it is drawn apart,
/// never exported, and becomes a span (with `source` as its origin) only when accepted.
///
/// Suggestions order by span, then source; an annotation holds at most one suggestion
/// per span.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Suggestion {
    /// What would be tagged.
    pub span: Span,
    /// Who proposes it.
    pub source: Origin,
}

impl Suggestion {
    /// `span` proposed by `source`.
    pub fn new(span: Span, source: Origin) -> Self {
        Self { span, source }
    }
}

/// Inserts `item` into `list`, sorted by span with one suggestion per span, unless a
/// suggestion of its span is there; says whether it was inserted.
pub(crate) fn insert_sorted(list: &mut Vec<Suggestion>, item: Suggestion) -> bool {
    match list.binary_search_by(|x| x.span.cmp(&item.span)) {
        Ok(_) => false,
        Err(at) => {
            list.insert(at, item);
            true
        }
    }
}

/// Removes the suggestion of `span` from `list` (sorted by span); returns it.
pub(crate) fn remove_sorted(list: &mut Vec<Suggestion>, span: &Span) -> Option<Suggestion> {
    list.binary_search_by(|x| x.span.cmp(span))
        .ok()
        .map(|at| list.remove(at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_written_and_read_back_by_name() {
        for origin in Origin::ALL {
            assert_eq!(Origin::from_written(origin.written()), Some(origin));
        }
        assert_eq!(Origin::from_written("dictionary"), None);
        assert_eq!(Origin::Gazetteer.to_string(), "gazetteer");
    }

    #[test]
    fn sorted_lists_keep_one_item_per_key() {
        let mut list = vec![];
        let homs = Span::new(4, 8, "location");
        assert!(insert_sorted(
            &mut list,
            Suggestion::new(homs.clone(), Origin::Gazetteer)
        ));
        assert!(!insert_sorted(
            &mut list,
            Suggestion::new(homs.clone(), Origin::Dictionary)
        ));
        assert!(insert_sorted(
            &mut list,
            Suggestion::new(Span::new(0, 3, "actor"), Origin::Command)
        ));
        assert_eq!(list[0].span.start, 0);
        assert_eq!(
            remove_sorted(&mut list, &homs).map(|s| s.source),
            Some(Origin::Gazetteer)
        );
        assert_eq!(list.len(), 1);
    }
}
