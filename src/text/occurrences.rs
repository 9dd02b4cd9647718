//! Where a name occurs again in a text, for "tag every occurrence" (issue 14): whole
//! words only (`Homs` is not in `Homsi`), and in Arabic also after the proclitics و ف ب
//! ك ل, their forms with the article (وال بال فال كال لل), and the article ال itself when
//! the name has none. The span covers the name, never the clitic.

use std::ops::Range;

use unicode_normalization::char::is_combining_mark;

use super::search::CharCounter;
use crate::model::{Label, Origin, Span, Suggestion};

/// The Arabic article.
const ARTICLE: &str = "ال";

/// Every occurrence of `name` in `text` as a word (or, for an Arabic name, a word with
/// proclitics), in code points, in order. An empty name occurs nowhere.
///
/// ```
/// use spantag::text::occurrences::occurrences;
/// // "Homs, Homsi, and in Homs (وبحمص)": the second is another word.
/// assert_eq!(occurrences("Homs, Homsi, Homs", "Homs"), [0..4, 13..17]);
/// // و + ب + حمص: the span is حمص alone.
/// assert_eq!(occurrences("حمص وبحمص", "حمص"), [0..3, 6..9]);
/// ```
pub fn occurrences(text: &str, name: &str) -> Vec<Range<usize>> {
    if name.is_empty() {
        return Vec::new();
    }
    let name_chars = name.chars().count();
    let mut found = Vec::new();
    let mut counter = CharCounter::default();
    for (at, _) in text.match_indices(name) {
        if !stands_as_word(text, at..at + name.len(), name) {
            continue;
        }
        let start = counter.char_of(text, at);
        found.push(start..start + name_chars);
    }
    found
}

/// [`occurrences`] of `name` in `text` as suggestions labelled `label`, their source
/// "tag all occurrences".
pub fn occurrence_suggestions(text: &str, name: &str, label: &Label) -> Vec<Suggestion> {
    occurrences(text, name)
        .into_iter()
        .map(|r| {
            Suggestion::new(
                Span::new(r.start, r.end, label.clone()),
                Origin::Occurrences,
            )
        })
        .collect()
}

/// Whether bytes `place` of `text`, which hold `name`, stand as that word: no letter,
/// digit or mark right after; right before, none either, or for an Arabic name only
/// proclitics glued to it.
pub(crate) fn stands_as_word(text: &str, place: Range<usize>, name: &str) -> bool {
    if text[place.end..].chars().next().is_some_and(is_word_char) {
        return false;
    }
    let word_start = text[..place.start]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c))
        .last()
        .map_or(place.start, |(i, _)| i);
    let glued = &text[word_start..place.start];
    glued.is_empty()
        || (name.chars().next().is_some_and(is_arabic_letter) && clitic_allowed(glued, name))
}

/// Whether `glued` (the letters right before an Arabic name, in its word) are clitics
/// that leave the name the same word: a conjunction (و ف), then a preposition (ب ك ل),
/// then the article ال when the name has none (after ل it is written ل: لل), each
/// optional: و, بال, وبال, لل, ولل, فك...
fn clitic_allowed(glued: &str, name: &str) -> bool {
    let rest = glued.strip_prefix(['و', 'ف']).unwrap_or(glued);
    let (preposition, rest) = match rest.chars().next() {
        Some(p @ ('ب' | 'ك' | 'ل')) => (Some(p), &rest[p.len_utf8()..]),
        _ => (None, rest),
    };
    let article = match (preposition, rest) {
        (_, "") => return !glued.is_empty(),
        (Some('ل'), "ل") => true,
        (Some('ل'), _) => false,
        (_, a) => a == ARTICLE,
    };
    article && !name.starts_with(ARTICLE)
}

/// A letter, digit or mark: what a word is made of.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// A letter of the Arabic script.
fn is_arabic_letter(c: char) -> bool {
    matches!(c as u32, 0x0620..=0x064A | 0x066E..=0x06D3 | 0x06FA..=0x06FF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_only_past_emoji_crlf_and_curly_quotes() {
        let text = "😀 Homs\r\n“Homs” Homsi al-Homs HOMS Homs";
        // Python: [m.start() for m in re.finditer(r"(?<!\w)Homs(?!\w)", text)]
        assert_eq!(occurrences(text, "Homs"), [2..6, 9..13, 24..28, 34..38]);
    }

    #[test]
    fn an_arabic_name_is_found_after_its_proclitics_without_them() {
        // حمص alone, with و, ب, ل, و+ب, ف+ل; not inside حمصي, not after بو.
        let text = "حمص وحمص بحمص لحمص وبحمص فلحمص حمصي بوحمص";
        // Python: [text.index(w) + len(w) - 3 for w in text.split()][:6]
        assert_eq!(
            occurrences(text, "حمص"),
            [0..3, 5..8, 10..13, 15..18, 21..24, 27..30]
        );
    }

    #[test]
    fn the_article_and_its_combinations_before_a_name_that_has_none() {
        // "the Ashrafiyeh" written three ways: والأشرفية, للأشرفية after a name without
        // the article, and a name with it found after و and ب only.
        let bare = "أشرفية";
        let text = "الأشرفية والأشرفية بالأشرفية للأشرفية";
        // Python: [text.index(w) + len(w) - len(bare) for w in text.split()]
        assert_eq!(occurrences(text, bare), [2..8, 12..18, 22..28, 31..37]);
        let with_article = "الأشرفية";
        assert_eq!(occurrences(text, with_article), [0..8, 10..18, 20..28]);
    }

    #[test]
    fn a_latin_name_does_not_take_clitics() {
        assert_eq!(occurrences("wHoms lHoms Homs", "Homs"), vec![12..16]);
        assert_eq!(occurrences("Homs", ""), Vec::<Range<usize>>::new());
    }
}
