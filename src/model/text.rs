//! Positions in a text: Unicode code points (our unit everywhere), UTF-8 bytes (Rust's
//! `str` indexing) and UTF-16 code units (JavaScript, some export formats).
//!
//! The free functions convert one offset by walking the text; they are O(n) and meant for
//! files and validation. [`OffsetIndex`] answers many conversions on one long text in
//! O(log n) each, which the GUI needs on every frame.

use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

/// Number of Unicode code points in `text`.
///
/// ```
/// assert_eq!(spantag::model::text::char_len("Kyiv 😀"), 6);
/// ```
pub fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// Byte offset of code point `char_offset`, or `None` past the end.
/// `char_offset == char_len(text)` maps to `text.len()`.
///
/// ```
/// use spantag::model::text::char_to_byte;
/// assert_eq!(char_to_byte("“Kyiv”", 1), Some(3));
/// assert_eq!(char_to_byte("“Kyiv”", 7), None);
/// ```
pub fn char_to_byte(text: &str, char_offset: usize) -> Option<usize> {
    if char_offset == 0 {
        return Some(0);
    }
    match text.char_indices().nth(char_offset) {
        Some((byte, _)) => Some(byte),
        None if char_len(text) == char_offset => Some(text.len()),
        None => None,
    }
}

/// Code point offset of byte `byte_offset`, or `None` if it is past the end or inside a
/// code point's encoding.
///
/// ```
/// use spantag::model::text::byte_to_char;
/// assert_eq!(byte_to_char("“Kyiv”", 3), Some(1));
/// assert_eq!(byte_to_char("“Kyiv”", 1), None); // inside the curly quote
/// ```
pub fn byte_to_char(text: &str, byte_offset: usize) -> Option<usize> {
    if !text.is_char_boundary(byte_offset) {
        return None;
    }
    Some(char_len(&text[..byte_offset]))
}

/// UTF-16 code unit offset of code point `char_offset`, or `None` past the end.
///
/// ```
/// use spantag::model::text::char_to_utf16;
/// assert_eq!(char_to_utf16("😀 NATO", 2), Some(3)); // the emoji is two UTF-16 units
/// ```
pub fn char_to_utf16(text: &str, char_offset: usize) -> Option<usize> {
    let mut units = 0;
    let mut chars = text.chars();
    for _ in 0..char_offset {
        units += chars.next()?.len_utf16();
    }
    Some(units)
}

/// Code point offset of UTF-16 code unit `utf16_offset`, or `None` if it is past the end
/// or between the two halves of a surrogate pair.
///
/// ```
/// use spantag::model::text::utf16_to_char;
/// assert_eq!(utf16_to_char("😀 NATO", 3), Some(2));
/// assert_eq!(utf16_to_char("😀 NATO", 1), None); // inside the emoji
/// ```
pub fn utf16_to_char(text: &str, utf16_offset: usize) -> Option<usize> {
    let mut units = 0;
    for (chars, c) in text.chars().enumerate() {
        if units == utf16_offset {
            return Some(chars);
        }
        if units > utf16_offset {
            return None;
        }
        units += c.len_utf16();
    }
    (units == utf16_offset).then(|| char_len(text))
}

/// `text[start..end)` in code points, or `None` if the range is reversed or out of range.
///
/// ```
/// assert_eq!(spantag::model::text::slice_chars("Rebels seize Homs", 13, 17), Some("Homs"));
/// ```
pub fn slice_chars(text: &str, start: usize, end: usize) -> Option<&str> {
    if start > end {
        return None;
    }
    let byte_start = char_to_byte(text, start)?;
    let byte_len = char_to_byte(&text[byte_start..], end - start)?;
    Some(&text[byte_start..byte_start + byte_len])
}

/// Whether code point offset `char_offset` falls between two grapheme clusters (a span
/// that starts or ends elsewhere cuts a user-perceived character, such as a letter from
/// its accent or an emoji from its skin tone).
///
/// Offsets past the end are reported as not on a boundary.
pub fn is_grapheme_boundary(text: &str, char_offset: usize) -> bool {
    char_to_byte(text, char_offset).is_some_and(|byte| is_grapheme_boundary_at_byte(text, byte))
}

/// Like [`is_grapheme_boundary`] for a byte offset, looking only at the characters
/// around it (not the whole text before it).
pub fn is_grapheme_boundary_at_byte(text: &str, byte: usize) -> bool {
    if !text.is_char_boundary(byte) {
        return false;
    }
    let mut cursor = GraphemeCursor::new(byte, text.len(), true);
    // The whole text is the one chunk, so the cursor never asks for more context.
    cursor.is_boundary(text, 0).unwrap_or(false)
}

/// Whether `c` belongs to a script written without spaces between words, whose words
/// only a dictionary finds: Chinese, Japanese kana, Thai, Lao, Khmer, Myanmar.
fn needs_dictionary(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF // Thai, Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1780..=0x17FF // Khmer
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x31F0..=0x31FF // Katakana phonetic extensions
        | 0x3400..=0x4DBF // CJK Extension A
        | 0x4E00..=0x9FFF // CJK Unified Ideographs
        | 0xF900..=0xFAFF // CJK Compatibility Ideographs
        | 0xFF66..=0xFF9D // halfwidth Katakana
        | 0x20000..=0x3134F // CJK Extensions B to G
    )
}

/// The words of a stretch of text in scripts written without spaces, found by ICU's
/// dictionaries (Chinese and Japanese, Thai and its neighbours), as code point ranges
/// offset by `chars_before`.
fn dictionary_words(run: &str, chars_before: usize, out: &mut Vec<(usize, usize)>) {
    let segmenter = icu_segmenter::WordSegmenter::new_dictionary(
        icu_segmenter::options::WordBreakInvariantOptions::default(),
    );
    let mut breaks = segmenter.segment_str(run);
    let mut last_byte = 0;
    let mut last_char = chars_before;
    while let Some(byte) = breaks.next() {
        if byte == 0 {
            continue;
        }
        let piece = &run[last_byte..byte];
        let end = last_char + char_len(piece);
        if breaks.is_word_like() && piece.chars().any(char::is_alphanumeric) {
            out.push((last_char, end));
        }
        last_byte = byte;
        last_char = end;
    }
}

/// The words of `text` as code point ranges: Unicode word boundaries (UAX #29), keeping
/// only pieces with a letter or digit, with an English possessive `’s` / `'s` split off
/// so that `Syria’s` gives `Syria` (annotators tag the name, not the possessive). In
/// Chinese, Japanese and Thai, which have no spaces between words (UAX #29 gives each
/// ideograph alone, and a whole Thai sentence as one), ICU's dictionaries find them.
///
/// ```
/// let words = spantag::model::text::words("Syria’s “third” city");
/// assert_eq!(words, [(0, 5), (5, 7), (9, 14), (16, 20)]);
/// ```
pub fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut chars_before = 0;
    // A stretch of pieces in scripts without spaces, waiting for the dictionary:
    // (byte start, byte end, code point start).
    let mut run: Option<(usize, usize, usize)> = None;
    for (byte, piece) in text.split_word_bound_indices() {
        let len = char_len(piece);
        if piece.chars().next().is_some_and(needs_dictionary) {
            let (start, _, chars) = run.unwrap_or((byte, byte, chars_before));
            run = Some((start, byte + piece.len(), chars));
            chars_before += len;
            continue;
        }
        if let Some((start, end, chars)) = run.take() {
            dictionary_words(&text[start..end], chars, &mut out);
        }
        if piece.chars().any(char::is_alphanumeric) {
            let possessive = ["’s", "'s", "’S", "'S"]
                .iter()
                .any(|suffix| piece.len() > suffix.len() && piece.ends_with(suffix));
            if possessive {
                out.push((chars_before, chars_before + len - 2));
                out.push((chars_before + len - 2, chars_before + len));
            } else {
                out.push((chars_before, chars_before + len));
            }
        }
        chars_before += len;
    }
    if let Some((start, end, chars)) = run {
        dictionary_words(&text[start..end], chars, &mut out);
    }
    out
}

/// Widens (or narrows) `[start, end)` to whole words of `text`: a boundary inside a word
/// moves to that word's edge; a boundary in white space or punctuation moves inward to
/// the nearest word. A range that holds no word is returned as it is.
///
/// ```
/// use spantag::model::text::snap_to_words;
/// let text = "Rebels seize Rastan, north of Homs";
/// assert_eq!(snap_to_words(text, 9, 16), (7, 19)); // "ize Ras" -> "seize Rastan"
/// assert_eq!(snap_to_words(text, 18, 21), (13, 19)); // "an," -> "Rastan"
/// ```
pub fn snap_to_words(text: &str, start: usize, end: usize) -> (usize, usize) {
    let words = words(text);
    let inside: Vec<&(usize, usize)> = words
        .iter()
        .filter(|(s, e)| *s < end && *e > start)
        .collect();
    match (inside.first(), inside.last()) {
        (Some(first), Some(last)) => (first.0, last.1),
        _ => (start, end),
    }
}

/// The word containing code point `offset` (or starting there), if any.
pub fn word_at(text: &str, offset: usize) -> Option<(usize, usize)> {
    words(text)
        .into_iter()
        .find(|&(s, e)| s <= offset && offset < e)
}

/// The 1-based line and column (in code points) of byte offset `byte_offset`, as editors
/// and compilers count them. A `\r\n` pair ends one line.
///
/// ```
/// assert_eq!(spantag::model::text::line_col("a\r\nbé c", 6), (2, 3));
/// ```
pub fn line_col(text: &str, byte_offset: usize) -> (usize, usize) {
    let byte_offset = byte_offset.min(text.len());
    let before = &text.as_bytes()[..byte_offset];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let column_text = String::from_utf8_lossy(&before[line_start..]);
    (line, 1 + column_text.chars().count())
}

/// Where each line of one text starts, so that many byte offsets are turned into lines
/// and columns in one pass over the text, not one pass each: [`LineIndex::line_col`]
/// gives what [`line_col`] gives, in O(log lines + the line's length).
///
/// ```
/// use spantag::model::text::LineIndex;
/// let text = "a\r\nbé c";
/// assert_eq!(LineIndex::new(text).line_col(text, 6), (2, 3));
/// ```
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    /// Byte offset of the start of each line: 0, then one past each `\n`.
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the lines of `text`.
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(
                text.bytes()
                    .enumerate()
                    .filter(|&(_, b)| b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        Self { starts }
    }

    /// [`line_col`] of `byte_offset` in `text`, the text this index was made from.
    pub fn line_col(&self, text: &str, byte_offset: usize) -> (usize, usize) {
        let byte_offset = byte_offset.min(text.len());
        // The last line starting at or before the offset (there is always line 0).
        let line = self.starts.partition_point(|&s| s <= byte_offset).max(1);
        let line_start = self.starts[line - 1];
        let column_text = String::from_utf8_lossy(&text.as_bytes()[line_start..byte_offset]);
        (line, 1 + column_text.chars().count())
    }
}

/// Precomputed conversions between code points, bytes and UTF-16 units of one text.
///
/// Stores one checkpoint every [`OffsetIndex::STRIDE`] code points, so it costs about
/// 24 bytes per 64 code points and answers each conversion in O(log n + STRIDE).
#[derive(Clone, Debug, Default)]
pub struct OffsetIndex {
    /// (byte offset, UTF-16 offset) of code point `i * STRIDE`.
    checkpoints: Vec<(usize, usize)>,
    char_len: usize,
    byte_len: usize,
    utf16_len: usize,
}

impl OffsetIndex {
    /// Code points between two checkpoints.
    pub const STRIDE: usize = 64;

    /// Indexes `text` in one pass.
    pub fn new(text: &str) -> Self {
        let mut checkpoints = Vec::with_capacity(text.len() / Self::STRIDE + 1);
        let mut utf16 = 0;
        let mut chars = 0;
        for (byte, c) in text.char_indices() {
            if chars % Self::STRIDE == 0 {
                checkpoints.push((byte, utf16));
            }
            utf16 += c.len_utf16();
            chars += 1;
        }
        Self {
            checkpoints,
            char_len: chars,
            byte_len: text.len(),
            utf16_len: utf16,
        }
    }

    /// Length of the indexed text in code points.
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// Byte offset of code point `char_offset` in `text`, which must be the indexed text.
    pub fn char_to_byte(&self, text: &str, char_offset: usize) -> Option<usize> {
        if char_offset == self.char_len {
            return Some(self.byte_len);
        }
        let block = char_offset / Self::STRIDE;
        let (byte, _) = *self.checkpoints.get(block)?;
        let rest = char_offset % Self::STRIDE;
        // A block with as many bytes as code points is ASCII: one byte each.
        let block_end = self
            .checkpoints
            .get(block + 1)
            .map_or(self.byte_len, |&(b, _)| b);
        let block_chars = (self.char_len - block * Self::STRIDE).min(Self::STRIDE);
        if rest >= block_chars {
            return None;
        }
        if block_end - byte == block_chars {
            return Some(byte + rest);
        }
        // Step over `rest` code points by their first bytes (anything but 0b10xxxxxx),
        // without decoding them.
        text.as_bytes()[byte..block_end]
            .iter()
            .enumerate()
            .filter(|&(_, &b)| (b as i8) >= -0x40)
            .nth(rest)
            .map(|(offset, _)| byte + offset)
    }

    /// Code point offset of byte `byte_offset`, or `None` inside a code point or past the end.
    pub fn byte_to_char(&self, text: &str, byte_offset: usize) -> Option<usize> {
        if byte_offset > self.byte_len || !text.is_char_boundary(byte_offset) {
            return None;
        }
        let block = self
            .checkpoints
            .partition_point(|&(byte, _)| byte <= byte_offset)
            .saturating_sub(1);
        let Some(&(byte, _)) = self.checkpoints.get(block) else {
            return Some(0);
        };
        Some(block * Self::STRIDE + char_len(&text[byte..byte_offset]))
    }

    /// UTF-16 offset of code point `char_offset`.
    pub fn char_to_utf16(&self, text: &str, char_offset: usize) -> Option<usize> {
        if char_offset == self.char_len {
            return Some(self.utf16_len);
        }
        let (byte, utf16) = *self.checkpoints.get(char_offset / Self::STRIDE)?;
        let rest = char_offset % Self::STRIDE;
        Some(utf16 + char_to_utf16(&text[byte..], rest)?)
    }

    /// Code point offset of UTF-16 offset `utf16_offset`, or `None` inside a surrogate pair
    /// or past the end.
    pub fn utf16_to_char(&self, text: &str, utf16_offset: usize) -> Option<usize> {
        if utf16_offset > self.utf16_len {
            return None;
        }
        let block = self
            .checkpoints
            .partition_point(|&(_, utf16)| utf16 <= utf16_offset)
            .saturating_sub(1);
        let Some(&(byte, utf16)) = self.checkpoints.get(block) else {
            return Some(0);
        };
        Some(block * Self::STRIDE + utf16_to_char(&text[byte..], utf16_offset - utf16)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_japanese_and_thai_words_come_from_the_dictionary() {
        // ICU's own examples (its documentation gives the byte boundaries [0, 15, 21]
        // and [0, 9, 18, 39]), inside Latin text and punctuation.
        assert_eq!(words("こんにちは世界"), [(0, 5), (5, 7)]);
        assert_eq!(words("ทุกสองสัปดาห์"), [(0, 3), (3, 6), (6, 13)]);
        assert_eq!(
            words("Hi こんにちは世界, ทุกสองสัปดาห์ ok"),
            [
                (0, 2),
                (3, 8),
                (8, 10),
                (12, 15),
                (15, 18),
                (18, 25),
                (26, 28)
            ]
        );
        // Not one ideograph at a time, as UAX #29 alone gives.
        assert_eq!(word_at("こんにちは世界", 6), Some((5, 7)));
    }
    use proptest::prelude::*;

    /// Curly quotes, an em dash, an emoji with a skin tone, a combining accent, CRLF, Arabic.
    const HARD: &str = "“Kyiv” — 👍🏽 said Jose\u{301}.\r\nالأسد met them.";

    #[test]
    fn converts_past_multibyte_characters() {
        // “ is 3 bytes, 1 UTF-16 unit; 👍 is 4 bytes, 2 units; 🏽 likewise.
        assert_eq!(char_to_byte(HARD, 1), Some(3));
        assert_eq!(char_to_byte(HARD, 9), Some(15));
        assert_eq!(char_to_utf16(HARD, 9), Some(9));
        assert_eq!(char_to_utf16(HARD, 10), Some(11));
        assert_eq!(char_to_utf16(HARD, 11), Some(13));
        assert_eq!(utf16_to_char(HARD, 13), Some(11));
        assert_eq!(utf16_to_char(HARD, 10), None);
        assert_eq!(byte_to_char(HARD, 18), None);
    }

    #[test]
    fn ends_are_valid_and_past_the_end_is_not() {
        let n = char_len(HARD);
        assert_eq!(char_to_byte(HARD, n), Some(HARD.len()));
        assert_eq!(char_to_byte(HARD, n + 1), None);
        assert_eq!(byte_to_char(HARD, HARD.len() + 1), None);
        assert_eq!(utf16_to_char(HARD, HARD.encode_utf16().count() + 1), None);
        assert_eq!(char_to_utf16(HARD, n + 1), None);
        assert_eq!(slice_chars(HARD, 0, n), Some(HARD));
        assert_eq!(slice_chars(HARD, 3, 2), None);
        assert_eq!(slice_chars("", 0, 0), Some(""));
    }

    #[test]
    fn slices_in_code_points() {
        assert_eq!(slice_chars(HARD, 1, 5), Some("Kyiv"));
        assert_eq!(slice_chars(HARD, 17, 20), Some("Jos"));
        let arabic_start = HARD.chars().position(|c| c == 'ا').unwrap();
        assert_eq!(
            slice_chars(HARD, arabic_start, arabic_start + 5),
            Some("الأسد")
        );
    }

    #[test]
    fn grapheme_boundaries_see_accents_and_skin_tones() {
        let accent = HARD.chars().position(|c| c == '\u{301}').unwrap();
        assert!(!is_grapheme_boundary(HARD, accent));
        assert!(is_grapheme_boundary(HARD, accent + 1));
        assert!(!is_grapheme_boundary(HARD, 10)); // between 👍 and 🏽
        let crlf = HARD.find('\r').map(|b| byte_to_char(HARD, b).unwrap());
        assert!(!is_grapheme_boundary(HARD, crlf.unwrap() + 1)); // inside \r\n
        assert!(is_grapheme_boundary(HARD, 0));
        assert!(is_grapheme_boundary(HARD, char_len(HARD)));
        assert!(!is_grapheme_boundary(HARD, char_len(HARD) + 1));
    }

    #[test]
    fn words_follow_unicode_and_split_possessives() {
        let text = "Damascus’s minister — Jose\u{301} in Харків, 東京 😀 HTS's";
        let found: Vec<&str> = words(text)
            .into_iter()
            .map(|(s, e)| slice_chars(text, s, e).unwrap())
            .collect();
        assert_eq!(
            found,
            [
                "Damascus",
                "’s",
                "minister",
                "Jose\u{301}",
                "in",
                "Харків",
                // Tokyo, one word (UAX #29 alone gave each ideograph).
                "東京",
                "HTS",
                "'s"
            ]
        );
        assert_eq!(word_at(text, 3), Some((0, 8)));
        assert_eq!(word_at(text, 10), None); // the space
    }

    #[test]
    fn snapping_keeps_a_range_without_words() {
        assert_eq!(snap_to_words("a — b", 1, 4), (1, 4));
        assert_eq!(snap_to_words("Syria’s city", 2, 3), (0, 5));
        assert_eq!(snap_to_words("Syria’s city", 2, 7), (0, 7));
    }

    #[test]
    fn the_line_index_places_every_offset_as_line_col_does() {
        for text in ["", "abc", "“a”\nb", "“a”\r\nb\n\n😀 قصف\r\n", "\n\nx"] {
            let index = LineIndex::new(text);
            for offset in
                (0..=text.len() + 2).filter(|&i| i > text.len() || text.is_char_boundary(i))
            {
                assert_eq!(
                    index.line_col(text, offset),
                    line_col(text, offset),
                    "{text:?} at {offset}"
                );
            }
        }
    }

    #[test]
    fn line_col_counts_code_points_and_crlf() {
        assert_eq!(line_col("abc", 0), (1, 1));
        assert_eq!(line_col("“a”\nb", 7), (1, 4));
        assert_eq!(line_col("“a”\r\nb", 9), (2, 1));
    }

    #[test]
    fn index_agrees_on_a_long_text() {
        let text = HARD.repeat(20);
        let index = OffsetIndex::new(&text);
        assert_eq!(index.char_len(), char_len(&text));
        for c in 0..=char_len(&text) {
            let byte = char_to_byte(&text, c);
            assert_eq!(index.char_to_byte(&text, c), byte, "char {c}");
            assert_eq!(index.byte_to_char(&text, byte.unwrap()), Some(c));
            let utf16 = char_to_utf16(&text, c);
            assert_eq!(index.char_to_utf16(&text, c), utf16, "char {c}");
            assert_eq!(index.utf16_to_char(&text, utf16.unwrap()), Some(c));
        }
        assert_eq!(index.char_to_byte(&text, char_len(&text) + 1), None);
    }

    fn hard_text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a",
            "Z",
            " ",
            "\r\n",
            "\n",
            "“",
            "”",
            "’",
            "—",
            "😀",
            "👍🏽",
            "e\u{301}",
            "الأسد",
            "Зеленський",
            "東京",
            "\u{200d}",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|p| p.concat())
    }

    proptest! {
        #[test]
        fn conversions_invert_each_other(text in hard_text(), pick in any::<prop::sample::Index>()) {
            let n = char_len(&text);
            let c = pick.index(n + 1);
            let byte = char_to_byte(&text, c).unwrap();
            prop_assert_eq!(byte_to_char(&text, byte), Some(c));
            let utf16 = char_to_utf16(&text, c).unwrap();
            prop_assert_eq!(utf16_to_char(&text, utf16), Some(c));
            let index = OffsetIndex::new(&text);
            prop_assert_eq!(index.char_to_byte(&text, c), Some(byte));
            prop_assert_eq!(index.char_to_utf16(&text, c), Some(utf16));
            prop_assert_eq!(index.byte_to_char(&text, byte), Some(c));
            prop_assert_eq!(index.utf16_to_char(&text, utf16), Some(c));
            // The UTF-16 offset agrees with what JavaScript would count.
            let prefix: String = text.chars().take(c).collect();
            prop_assert_eq!(utf16, prefix.encode_utf16().count());
            prop_assert_eq!(byte, prefix.len());
        }

        /// Long ASCII runs between wider characters, so that whole blocks of the index
        /// are ASCII (and take the short way) and others, the last one above all, are
        /// not: every offset converts as the plain count says.
        #[test]
        fn every_offset_of_long_mixed_text(
            runs in prop::collection::vec(("[a-z ]{0,150}", "[é“😀حمص]{0,3}"), 0..6),
        ) {
            let text: String = runs.iter().map(|(a, b)| format!("{a}{b}")).collect();
            let index = OffsetIndex::new(&text);
            for c in 0..=char_len(&text) {
                prop_assert_eq!(index.char_to_byte(&text, c), char_to_byte(&text, c), "{}", c);
            }
            prop_assert_eq!(index.char_to_byte(&text, char_len(&text) + 1), None);
        }
    }
}
