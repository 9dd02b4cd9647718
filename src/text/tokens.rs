//! Tokens and sentences for token-based formats (CoNLL, Hugging Face) and for token-level
//! agreement: one tokenizer, so every consumer sees the same tokens.
//!
//! The default follows Unicode word and sentence boundaries (UAX #29): punctuation is a
//! token of its own, and an English possessive (`’s`, `'s`) is split off its word, as
//! spaCy's English tokenizer does. The alternative splits on white space only.
//! Offsets are code points, like everything else.

use unicode_segmentation::UnicodeSegmentation;

/// How text is cut into tokens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Tokenizer {
    /// Unicode word boundaries (UAX #29), punctuation apart, possessives split off.
    #[default]
    Unicode,
    /// Runs of non-white-space characters.
    Whitespace,
}

/// A token: code points `[start, end)` of the text (and the same as bytes, so that
/// writing a token needs no offset conversion).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Token {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// First byte.
    pub byte_start: usize,
    /// One past the last byte.
    pub byte_end: usize,
}

impl Token {
    /// The token's text in `text` (the text it was made from).
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.byte_start..self.byte_end]
    }
}

/// The tokens of `text`, in order, grouped into sentences: with [`Tokenizer::Unicode`],
/// by Unicode sentence boundaries (a line break always ends a sentence); with
/// [`Tokenizer::Whitespace`], a line is a sentence, whatever its punctuation. No token holds white space, nor the byte order
/// mark (U+FEFF) a text may start with: offsets still count it, so they stay offsets
/// into `text`.
///
/// ```
/// use spantag::text::tokens::{Tokenizer, tokenize};
/// let text = "Syria’s army (SAA) left.\nHoms fell.";
/// let sentences = tokenize(text, Tokenizer::Unicode);
/// let words: Vec<Vec<&str>> = sentences
///     .iter()
///     .map(|s| s.iter().map(|t| spantag::model::text::slice_chars(text, t.start, t.end).unwrap()).collect())
///     .collect();
/// assert_eq!(words, [vec!["Syria", "’s", "army", "(", "SAA", ")", "left", "."], vec!["Homs", "fell", "."]]);
/// ```
pub fn tokenize(text: &str, tokenizer: Tokenizer) -> Vec<Vec<Token>> {
    tokenize_with(text, tokenizer, Sentences::Split)
}

/// The tokens of `text`, in order: those of [`tokenize`], without cutting the text into
/// sentences, which costs as much again. For token-level agreement, which needs the
/// tokens and not the sentences.
///
/// ```
/// use spantag::text::tokens::{Tokenizer, token_list, tokenize};
/// let text = "Syria’s army left.\nHoms fell.";
/// let flat: Vec<_> = tokenize(text, Tokenizer::Unicode).into_iter().flatten().collect();
/// assert_eq!(token_list(text, Tokenizer::Unicode), flat);
/// ```
pub fn token_list(text: &str, tokenizer: Tokenizer) -> Vec<Token> {
    tokenize_with(text, tokenizer, Sentences::Whole)
        .into_iter()
        .flatten()
        .collect()
}

/// Whether [`tokens_of`] cuts the text into sentences or keeps it as one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sentences {
    Split,
    Whole,
}

fn tokenize_with(text: &str, tokenizer: Tokenizer, sentences: Sentences) -> Vec<Vec<Token>> {
    // A BOM says how the file was encoded; it is not text. Alone, UAX #29 makes it a word
    // of its own (and white space splitting glues it to the first word), so tokenize what
    // follows it and shift the offsets past it.
    let Some(body) = text.strip_prefix(BOM) else {
        return tokens_of(text, tokenizer, sentences);
    };
    let mut sentences = tokens_of(body, tokenizer, sentences);
    for token in sentences.iter_mut().flatten() {
        token.start += 1;
        token.end += 1;
        token.byte_start += BOM.len_utf8();
        token.byte_end += BOM.len_utf8();
    }
    sentences
}

/// Each sentence's extent in code points, from its first token's start to its last
/// token's end, as [`tokenize`] splits `text`.
pub fn sentence_ranges(text: &str, tokenizer: Tokenizer) -> Vec<std::ops::Range<usize>> {
    tokenize(text, tokenizer)
        .iter()
        .filter_map(|s| Some(s.first()?.start..s.last()?.end))
        .collect()
}

/// The byte order mark.
const BOM: char = '\u{feff}';

/// [`tokenize`] for a text with no leading BOM.
fn tokens_of(text: &str, tokenizer: Tokenizer, sentences: Sentences) -> Vec<Vec<Token>> {
    // Sentence starts, as byte offsets. White space splitting keeps a line whole: a text
    // read from CoNLL holds one sentence a line, and its tokens (`Mr.`, `!`) must not
    // start new sentences there.
    let mut sentence_starts: Vec<usize> = match tokenizer {
        _ if sentences == Sentences::Whole => vec![0],
        Tokenizer::Unicode => text
            .split_sentence_bound_indices()
            .map(|(byte, _)| byte)
            .collect(),
        Tokenizer::Whitespace => std::iter::once(0)
            .chain(
                text.char_indices()
                    .filter(|&(_, c)| is_line_break(c))
                    .map(|(byte, c)| byte + c.len_utf8()),
            )
            .collect(),
    };
    sentence_starts.push(text.len());
    let mut sentences: Vec<Vec<Token>> = Vec::new();
    let mut current: Vec<Token> = Vec::new();
    let mut next_sentence = 1;
    let mut chars_before = 0;
    let mut byte_pos = 0;
    let mut push =
        |token: Token, byte: usize, sentences: &mut Vec<Vec<Token>>, current: &mut Vec<Token>| {
            while next_sentence < sentence_starts.len() && sentence_starts[next_sentence] <= byte {
                if !current.is_empty() {
                    sentences.push(std::mem::take(current));
                }
                next_sentence += 1;
            }
            current.push(token);
        };
    // Each piece of the text in order, with its length in code points and whether it
    // is white space.
    let mut visit = |byte: usize, piece: &str, len: usize, space: bool| {
        // Count the code points between the last piece and this one (none when the
        // pieces are contiguous), then past this one.
        chars_before += text[byte_pos..byte].chars().count();
        byte_pos = byte + piece.len();
        let start = chars_before;
        chars_before += len;
        if space {
            return;
        }
        let token = Token {
            start,
            end: start + len,
            byte_start: byte,
            byte_end: byte + piece.len(),
        };
        let split = possessive_split(piece).filter(|_| tokenizer == Tokenizer::Unicode);
        match split {
            Some(stem_bytes) => {
                // The suffix is two code points: an apostrophe and an s.
                let cut = byte + stem_bytes;
                let stem = Token {
                    end: start + len - 2,
                    byte_end: cut,
                    ..token
                };
                let suffix = Token {
                    start: start + len - 2,
                    byte_start: cut,
                    ..token
                };
                push(stem, byte, &mut sentences, &mut current);
                push(suffix, byte, &mut sentences, &mut current);
            }
            None => push(token, byte, &mut sentences, &mut current),
        }
    };
    match tokenizer {
        Tokenizer::Unicode => {
            super::words::for_each_word_piece(text, |byte, piece| {
                // UAX #29 glues a combining mark or a format character to the space
                // before it (" \u{301}"); no token holds white space, so such a piece is
                // split.
                let (len, spaces) = census(piece);
                if spaces == 0 || spaces == len {
                    visit(byte, piece, len, spaces > 0);
                } else {
                    in_parts(byte, piece, &mut visit);
                }
            });
        }
        Tokenizer::Whitespace => in_parts(0, text, &mut visit),
    }
    if !current.is_empty() {
        sentences.push(current);
    }
    sentences
}

/// Hands `visit` the runs of white space and of everything else of `piece` (which
/// starts at byte `byte`), each with its length in code points and whether it is white
/// space.
fn in_parts(byte: usize, piece: &str, visit: &mut impl FnMut(usize, &str, usize, bool)) {
    for (at, part) in whitespace_pieces(piece) {
        let (len, spaces) = census(part);
        visit(byte + at, part, len, spaces == len);
    }
}

/// `piece`'s length in code points and how many of them are white space, in one pass
/// (and without decoding when it is ASCII, as most pieces are).
fn census(piece: &str) -> (usize, usize) {
    if piece.is_ascii() {
        // The ASCII characters `char::is_whitespace` accepts.
        let spaces = piece
            .bytes()
            .filter(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r'))
            .count();
        return (piece.len(), spaces);
    }
    piece.chars().fold((0, 0), |(len, spaces), c| {
        (len + 1, spaces + usize::from(c.is_whitespace()))
    })
}

/// A character that ends a line (and a sentence): those of Unicode's paragraph
/// separators (UAX #29 `Sep`, `CR`, `LF`).
fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// `(byte offset, piece)` for runs of white space and of everything else.
fn whitespace_pieces(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut in_space = None;
    for (byte, c) in text.char_indices() {
        let space = c.is_whitespace();
        if in_space.is_some_and(|s| s != space) {
            pieces.push((start, &text[start..byte]));
            start = byte;
        }
        in_space = Some(space);
    }
    if start < text.len() {
        pieces.push((start, &text[start..]));
    }
    pieces.into_iter()
}

/// For a word ending in an English possessive, the word's length in bytes without it.
fn possessive_split(piece: &str) -> Option<usize> {
    ["’s", "'s", "’S", "'S"]
        .iter()
        .find(|suffix| piece.len() > suffix.len() && piece.ends_with(*suffix))
        .map(|suffix| piece.len() - suffix.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::text::slice_chars;

    fn words(text: &str, tokenizer: Tokenizer) -> Vec<Vec<String>> {
        tokenize(text, tokenizer)
            .iter()
            .map(|s| {
                s.iter()
                    .map(|t| slice_chars(text, t.start, t.end).unwrap().to_owned())
                    .collect()
            })
            .collect()
    }

    /// Found by the `text_pipeline` fuzz target: UAX #29 glues a combining mark (or a
    /// format character) to the space before it, which made `" \u{20dc}"` a token.
    #[test]
    fn a_mark_after_white_space_is_a_token_without_the_space() {
        let text = "Kyiv \u{20dc}said “Homs”\u{200d} \u{301}.\r\n\u{200d}حمص";
        let spans: Vec<Vec<(usize, usize)>> = tokenize(text, Tokenizer::Unicode)
            .iter()
            .map(|s| s.iter().map(|t| (t.start, t.end)).collect())
            .collect();
        assert_eq!(
            words(text, Tokenizer::Unicode),
            [
                vec![
                    "Kyiv",
                    "\u{20dc}",
                    "said",
                    "“",
                    "Homs",
                    "”\u{200d}",
                    "\u{301}",
                    "."
                ],
                vec!["\u{200d}", "حمص"],
            ]
        );
        assert_eq!(
            spans,
            [
                vec![
                    (0, 4),
                    (5, 6),
                    (6, 10),
                    (11, 12),
                    (12, 16),
                    (16, 18),
                    (19, 20),
                    (20, 21)
                ],
                vec![(23, 24), (24, 27)],
            ]
        );
    }

    #[test]
    fn unicode_tokens_keep_emoji_and_scripts_and_offsets() {
        let text = "“Kyiv” — 😀 Зеленський met Jose\u{301} in 東京.\r\nNATO's chief";
        assert_eq!(
            words(text, Tokenizer::Unicode),
            [
                vec![
                    "“",
                    "Kyiv",
                    "”",
                    "—",
                    "😀",
                    "Зеленський",
                    "met",
                    "Jose\u{301}",
                    "in",
                    "東",
                    "京",
                    "."
                ],
                vec!["NATO", "'s", "chief"],
            ]
        );
        assert_eq!(
            words(text, Tokenizer::Whitespace),
            [
                vec![
                    "“Kyiv”",
                    "—",
                    "😀",
                    "Зеленський",
                    "met",
                    "Jose\u{301}",
                    "in",
                    "東京."
                ],
                vec!["NATO's", "chief"],
            ]
        );
    }

    #[test]
    fn with_white_space_tokens_a_line_is_a_sentence_whatever_its_punctuation() {
        let text = "Mr. Smith left . Then “Great” !\r\n\r\nAli 😀 said\u{2028}حمص .";
        assert_eq!(
            words(text, Tokenizer::Whitespace),
            [
                vec!["Mr.", "Smith", "left", ".", "Then", "“Great”", "!"],
                vec!["Ali", "😀", "said"],
                vec!["حمص", "."],
            ]
        );
        assert_eq!(words(text, Tokenizer::Unicode).len(), 5);
    }

    #[test]
    fn empty_and_blank_texts_have_no_sentences() {
        assert!(tokenize("", Tokenizer::Unicode).is_empty());
        assert!(tokenize(" \r\n\t", Tokenizer::Unicode).is_empty());
    }

    #[test]
    fn a_leading_bom_is_never_part_of_a_token_and_offsets_keep_counting_it() {
        let text = "\u{feff}Kyiv said “a drone” hit 😀 near حمص\r\nقال المتحدث";
        for tokenizer in [Tokenizer::Unicode, Tokenizer::Whitespace] {
            let first = tokenize(text, tokenizer)[0][0];
            assert_eq!(
                first,
                Token {
                    start: 1,
                    end: 5,
                    byte_start: 3,
                    byte_end: 7
                },
                "{tokenizer:?}"
            );
            let last = *tokenize(text, tokenizer).last().unwrap().last().unwrap();
            assert_eq!((last.start, last.end), (41, 48), "{tokenizer:?}");
            assert_eq!(last.text(text), "المتحدث");
        }
        assert_eq!(
            words(text, Tokenizer::Unicode),
            [
                vec![
                    "Kyiv", "said", "“", "a", "drone", "”", "hit", "😀", "near", "حمص"
                ],
                vec!["قال", "المتحدث"],
            ]
        );
        assert_eq!(
            words(text, Tokenizer::Whitespace),
            [
                vec!["Kyiv", "said", "“a", "drone”", "hit", "😀", "near", "حمص"],
                vec!["قال", "المتحدث"],
            ]
        );
        // A BOM alone is no token at all.
        assert!(tokenize("\u{feff}", Tokenizer::Unicode).is_empty());
        assert!(tokenize("\u{feff}", Tokenizer::Whitespace).is_empty());
    }

    proptest::proptest! {
        /// The flat list is the sentences' tokens in order, for any text: with a BOM,
        /// CRLF, marks after spaces, possessives, Arabic.
        #[test]
        fn the_token_list_is_the_sentences_flattened(
            text in "\u{feff}?([a-z’'sS .!?\r\n\u{301}\u{200d}😀]|حمص|Homs’s){0,40}",
        ) {
            for tokenizer in [Tokenizer::Unicode, Tokenizer::Whitespace] {
                let flat: Vec<Token> = tokenize(&text, tokenizer).into_iter().flatten().collect();
                proptest::prop_assert_eq!(token_list(&text, tokenizer), flat);
            }
        }
    }
}
