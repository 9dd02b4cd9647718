//! The pieces Unicode word boundaries (UAX #29) cut a text into, as
//! `unicode_segmentation`'s `split_word_bound_indices` gives them, several times faster
//! on the plain ASCII words most news text is made of.
//!
//! The text is cut after each run of spaces that an ASCII letter, digit or punctuation
//! mark follows. UAX #29 always breaks there: a space joins only a following space or a
//! combining mark (rules WB3d and WB4), and no rule looks across a space (the longest
//! look, WB6/7 and WB11/12, is one character either side of a `'`, `.` or `,`). So each
//! chunk is cut on its own exactly as in the whole text. A chunk of ASCII letters and
//! digits, then punctuation, then spaces is cut by hand: the letters and digits are one
//! word (WB5, WB8–WB10), each mark is a piece of its own (the rules that join a mark
//! need a letter or digit after it), and the spaces are one piece (WB3d). Every other
//! chunk goes to `unicode_segmentation`. A property test checks the two agree.

use unicode_segmentation::UnicodeSegmentation;

/// Hands `each` the word-boundary pieces of `text` in order, with their byte offsets:
/// the same pieces as `text.split_word_bound_indices()`.
pub(crate) fn for_each_word_piece<'a>(text: &'a str, mut each: impl FnMut(usize, &'a str)) {
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        let end = chunk_end(bytes, start);
        let chunk = &text[start..end];
        if !plain_chunk(chunk, start, &mut each) {
            for (at, piece) in chunk.split_word_bound_indices() {
                each(start + at, piece);
            }
        }
        start = end;
    }
}

/// Whether [`for_each_word_piece`] cuts `text` as `split_word_bound_indices` does: for
/// the fuzz target that compares the two.
#[doc(hidden)]
pub fn same_pieces_as_unicode_segmentation(text: &str) -> bool {
    let mut ours = Vec::new();
    for_each_word_piece(text, |at, piece| ours.push((at, piece)));
    ours.iter().copied().eq(text.split_word_bound_indices())
}

/// Where the chunk starting at `start` ends: after the next run of spaces followed by an
/// ASCII letter, digit or mark, or at the end of the text.
fn chunk_end(bytes: &[u8], start: usize) -> usize {
    let mut from = start;
    while let Some(space) = memchr::memchr(b' ', &bytes[from..]) {
        let mut after = from + space;
        while bytes.get(after) == Some(&b' ') {
            after += 1;
        }
        match bytes.get(after) {
            Some(b) if b.is_ascii_graphic() => return after,
            Some(_) => from = after,
            None => return bytes.len(),
        }
    }
    bytes.len()
}

/// Cuts `chunk` (at byte `offset` of the text) by hand if it is ASCII letters and
/// digits, then marks other than `_`, then spaces; `false`, with nothing handed on, if
/// it is anything else.
fn plain_chunk<'a>(chunk: &'a str, offset: usize, each: &mut impl FnMut(usize, &'a str)) -> bool {
    let bytes = chunk.as_bytes();
    let word = bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let marks = bytes[word..]
        .iter()
        .take_while(|&&b| b.is_ascii_punctuation() && b != b'_')
        .count();
    let spaces = bytes[word + marks..]
        .iter()
        .take_while(|&&b| b == b' ')
        .count();
    if word + marks + spaces != bytes.len() {
        return false;
    }
    if word > 0 {
        each(offset, &chunk[..word]);
    }
    for i in word..word + marks {
        each(offset + i, &chunk[i..i + 1]);
    }
    if spaces > 0 {
        each(offset + word + marks, &chunk[word + marks..]);
    }
    true
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn pieces(text: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        for_each_word_piece(text, |at, piece| out.push((at, piece)));
        out
    }

    #[test]
    fn plain_words_marks_and_spaces() {
        let text = "Rebels seized Rastan, 3,000.5 km  away... “Kyiv” can't U.S. a_b \u{301}x 🇺🇦🇫🇷";
        assert_eq!(
            pieces(text),
            text.split_word_bound_indices().collect::<Vec<_>>()
        );
        assert_eq!(
            pieces("Homs fell, twice.  "),
            [
                (0, "Homs"),
                (4, " "),
                (5, "fell"),
                (9, ","),
                (10, " "),
                (11, "twice"),
                (16, "."),
                (17, "  ")
            ]
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        /// The same pieces as UAX #29 on the whole text, for text full of what its
        /// rules care about: apostrophes and points between letters and digits,
        /// underscores, combining marks, format characters and ZWJ after spaces, tabs,
        /// CRLF and other line breaks, non-breaking and other spaces, flags, emoji,
        /// Hebrew with quotes, katakana, Arabic.
        #[test]
        fn the_same_pieces_as_unicode_segmentation(
            text in "([a-zA-Z0-9 .,;:'\"_!?()\\-\\t\\r\\n]|\u{301}|\u{200d}|\u{200b}|\u{ad}|\u{a0}|\u{3000}|\u{2028}|\u{85}|\u{b}|\u{c}|🇺|🇦|👍🏽|😀|א|״|׳|カ|ー|حمص|’|“|”|é){0,50}",
        ) {
            let expected: Vec<(usize, &str)> = text.split_word_bound_indices().collect();
            prop_assert_eq!(pieces(&text), expected);
        }

        /// The same on mostly plain words, where the short way is taken, with the odd
        /// character that makes a chunk take the long way.
        #[test]
        fn the_same_pieces_on_mostly_plain_words(
            text in "([A-Za-z0-9]{0,6}[.,;:'\"!?_()-]{0,2} {0,3}|\u{301}|\u{200d}|\u{a0}|\\t|\\r\\n|’|😀){0,40}",
        ) {
            let expected: Vec<(usize, &str)> = text.split_word_bound_indices().collect();
            prop_assert_eq!(pieces(&text), expected);
        }
    }
}
