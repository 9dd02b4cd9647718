//! Many names at once (issue 14, suggestions from gazetteers and the corpus dictionary):
//! every entry found in a text as a word (an Arabic name also after its proclitics, see
//! [`super::occurrences`]); where found places overlap, the leftmost wins, then the
//! longest, then the first listed. One Aho-Corasick automaton scans the text once, however many entries there are.

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use super::occurrences::stands_as_word;
use super::search::CharCounter;
use crate::model::Label;

/// Names and their labels, ready to be found.
#[derive(Clone, Debug)]
pub struct Dictionary {
    automaton: Option<AhoCorasick>,
    entries: Vec<(String, Label)>,
}

/// One place a dictionary entry was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Code points of the text, half-open.
    pub chars: Range<usize>,
    /// The entry's label.
    pub label: Label,
    /// Which entry (its index in the list the dictionary was made from).
    pub entry: usize,
}

impl Dictionary {
    /// A dictionary of `entries` (name, label). Empty names are left out; a name given
    /// twice keeps its first label.
    pub fn new(entries: Vec<(String, Label)>) -> Self {
        let entries: Vec<(String, Label)> = entries
            .into_iter()
            .filter(|(name, _)| !name.is_empty())
            .collect();
        // Standard semantics: every entry at every place, overlapping, so that a longer
        // entry that is not a word there does not hide a shorter one that is.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(entries.iter().map(|(name, _)| name.as_str()))
            .ok();
        Self { automaton, entries }
    }

    /// How many entries it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every entry found in `text` as a word, in order; where found places overlap, the
    /// leftmost wins, then the longest, then the first listed.
    ///
    /// ```
    /// use spantag::model::Label;
    /// use spantag::text::dictionary::Dictionary;
    /// let dictionary = Dictionary::new(vec![
    ///     ("Homs".into(), Label::new("location")),
    ///     ("Homs City Council".into(), Label::new("actor")),
    /// ]);
    /// let found = dictionary.find("Homs City Council met in Homs, not in Homsi.");
    /// let places: Vec<_> = found.iter().map(|f| (f.chars.clone(), f.label.as_str())).collect();
    /// assert_eq!(places, [(0..17, "actor"), (25..29, "location")]);
    /// ```
    pub fn find(&self, text: &str) -> Vec<Found> {
        self.find_labelled(text, |entry| Some(self.entries[entry].1.clone()))
    }

    /// [`Dictionary::find`], each entry's label given by `label_of` (its index), and an
    /// entry it gives none left out before overlaps are settled: a corpus dictionary
    /// that leaves out what one document taught it, without building another.
    pub fn find_labelled(
        &self,
        text: &str,
        label_of: impl Fn(usize) -> Option<Label>,
    ) -> Vec<Found> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        // (bytes, entry, label): the places that stand as words.
        let mut places: Vec<(Range<usize>, usize, Label)> = automaton
            .find_overlapping_iter(text)
            .filter_map(|m| {
                let entry = m.pattern().as_usize();
                if !stands_as_word(text, m.range(), &self.entries[entry].0) {
                    return None;
                }
                label_of(entry).map(|label| (m.range(), entry, label))
            })
            .collect();
        // Leftmost, then longest, then the first listed; keep each place that overlaps
        // none kept before it.
        places.sort_by(|(a, ea, _), (b, eb, _)| {
            a.start
                .cmp(&b.start)
                .then(b.end.cmp(&a.end))
                .then(ea.cmp(eb))
        });
        let mut kept: Vec<(Range<usize>, usize, Label)> = Vec::new();
        for place in places {
            match kept.last() {
                Some((last, _, _)) if place.0.start < last.end => {}
                _ => kept.push(place),
            }
        }
        // Bytes to code points, in one pass.
        let mut counter = CharCounter::default();
        kept.into_iter()
            .map(|(range, entry, label)| {
                let start = counter.char_of(text, range.start);
                let end = counter.char_of(text, range.end);
                Found {
                    chars: start..end,
                    label,
                    entry,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dictionary(entries: &[(&str, &str)]) -> Dictionary {
        Dictionary::new(
            entries
                .iter()
                .map(|(n, l)| ((*n).to_owned(), Label::new(*l)))
                .collect(),
        )
    }

    fn places(d: &Dictionary, text: &str) -> Vec<(usize, usize, String)> {
        d.find(text)
            .into_iter()
            .map(|f| (f.chars.start, f.chars.end, f.label.as_str().to_owned()))
            .collect()
    }

    #[test]
    fn words_only_longest_first_past_emoji_and_crlf() {
        let d = dictionary(&[
            ("Homs", "location"),
            ("Syrian Arab Red Crescent", "actor"),
            ("Red Crescent", "actor"),
            ("Crescent", "event"),
        ]);
        let text = "😀 Homsi\r\nThe Syrian Arab Red Crescent and the Red Crescent in “Homs”.";
        // Python: text.index("Syrian"), text.index("Red Crescent", 40), text.index("Homs", 9)
        assert_eq!(
            places(&d, text),
            [
                (13, 37, "actor".to_owned()),
                (46, 58, "actor".to_owned()),
                (63, 67, "location".to_owned()),
            ]
        );
    }

    #[test]
    fn a_longer_entry_that_is_not_a_word_there_leaves_the_shorter_one() {
        let d = dictionary(&[("Homs", "location"), ("Homs Cit", "actor")]);
        assert_eq!(places(&d, "Homs City"), [(0, 4, "location".to_owned())]);
    }

    #[test]
    fn arabic_entries_after_their_proclitics() {
        let d = dictionary(&[("حمص", "location"), ("الهلال الأحمر", "actor")]);
        // و+حمص, ب+حمص, و+الهلال الأحمر; not حمصي.
        let text = "وحمص بحمص حمصي والهلال الأحمر";
        // Python: [text.index("حمص"), text.index("بحمص") + 1, text.index("الهلال")]
        assert_eq!(
            places(&d, text),
            [
                (1, 4, "location".to_owned()),
                (6, 9, "location".to_owned()),
                (16, 29, "actor".to_owned()),
            ]
        );
    }

    proptest::proptest! {
        /// Places are in order, apart, and each is its entry's name standing as a word.
        #[test]
        fn places_are_apart_and_are_their_names(
            text in "[ab حم\u{635}و,\r\n]{0,40}",
            names in proptest::collection::vec("[abحمص ]{1,4}", 0..6),
        ) {
            let entries: Vec<(String, Label)> =
                names.iter().map(|n| (n.clone(), Label::new("x"))).collect();
            let d = Dictionary::new(entries.clone());
            let chars: Vec<char> = text.chars().collect();
            let mut last_end = 0;
            for f in d.find(&text) {
                proptest::prop_assert!(f.chars.start >= last_end && f.chars.end <= chars.len());
                last_end = f.chars.end;
                let piece: String = chars[f.chars.clone()].iter().collect();
                proptest::prop_assert_eq!(&piece, &d.entries[f.entry].0);
            }
        }
    }

    #[test]
    fn an_empty_dictionary_finds_nothing() {
        assert!(dictionary(&[]).find("Homs").is_empty());
        assert!(dictionary(&[("", "actor")]).is_empty());
    }
}
