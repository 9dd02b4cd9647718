//! Finding a pattern in a text (issue 14): literal or regular expression, optionally
//! case-insensitive, blind to marks (accents, harakat, tatweel, alef and yeh variants)
//! and held to whole words. Hits are code point ranges of the text as it is, so a hit
//! found while ignoring marks still covers the marks on its letters.

use std::ops::Range;

use regex::{Regex, RegexBuilder};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use super::occurrences::is_word_char;

/// What to look for, and how.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// The text (or, with `regex`, the expression) to find.
    pub pattern: String,
    /// Read `pattern` as a regular expression (the `regex` crate's syntax).
    pub regex: bool,
    /// Upper and lower case match each other (Unicode simple case folding).
    pub ignore_case: bool,
    /// Accents and other combining marks, Arabic harakat and tatweel are ignored, and
    /// alef and yeh variants match plain alef and yeh, in the text and the pattern.
    pub ignore_marks: bool,
    /// A hit must not have a letter, digit or mark right before or after it: `Homs`
    /// does not match in `Homsi`.
    pub whole_word: bool,
}

/// Why a query cannot be searched for.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum QueryError {
    /// Nothing to find.
    #[error("the pattern is empty")]
    Empty,
    /// Only marks, which `ignore_marks` takes away.
    #[error("the pattern {0:?} is only marks, and marks are ignored")]
    OnlyMarks(String),
    /// Not a valid regular expression.
    #[error("not a valid regular expression: {0}")]
    Regex(String),
}

/// One place a pattern was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Code points of the text, half-open.
    pub chars: Range<usize>,
    /// The same place in bytes.
    pub bytes: Range<usize>,
}

/// A compiled [`Query`].
#[derive(Clone, Debug)]
pub struct Matcher {
    regex: Regex,
    ignore_marks: bool,
    whole_word: bool,
}

impl Matcher {
    /// Compiles `query`.
    ///
    /// ```
    /// use spantag::text::search::{Matcher, Query};
    /// let query = Query { pattern: "homs".into(), ignore_case: true, whole_word: true, ..Query::default() };
    /// let hits = Matcher::new(&query).unwrap().find("Homsi, Homs — “Homs”");
    /// let starts: Vec<usize> = hits.iter().map(|h| h.chars.start).collect();
    /// assert_eq!(starts, [7, 15]);
    /// ```
    pub fn new(query: &Query) -> Result<Self, QueryError> {
        if query.pattern.is_empty() {
            return Err(QueryError::Empty);
        }
        let pattern = if query.ignore_marks {
            let folded = fold(&query.pattern);
            if folded.is_empty() {
                return Err(QueryError::OnlyMarks(query.pattern.clone()));
            }
            folded
        } else {
            query.pattern.clone()
        };
        let source = if query.regex {
            pattern
        } else {
            regex::escape(&pattern)
        };
        let regex = RegexBuilder::new(&source)
            .case_insensitive(query.ignore_case)
            .build()
            .map_err(|e| QueryError::Regex(first_line(&e.to_string())))?;
        Ok(Self {
            regex,
            ignore_marks: query.ignore_marks,
            whole_word: query.whole_word,
        })
    }

    /// Every hit in `text`, in order, none empty and none overlapping.
    pub fn find(&self, text: &str) -> Vec<Found> {
        if self.ignore_marks {
            self.find_folded(text)
        } else {
            let mut counter = CharCounter::default();
            self.hits_in(text)
                .map(|bytes| Found {
                    chars: counter.char_of(text, bytes.start)..counter.char_of(text, bytes.end),
                    bytes,
                })
                .collect()
        }
    }

    /// Byte ranges of the hits in `text` (the text as given, folded or not).
    fn hits_in<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Range<usize>> + 't {
        self.regex
            .find_iter(text)
            .map(|m| m.range())
            .filter(move |r| !r.is_empty() && (!self.whole_word || is_whole_word(text, r)))
    }

    fn find_folded(&self, text: &str) -> Vec<Found> {
        let folded = Folded::of(text);
        let mut counter = CharCounter::default();
        self.hits_in(&folded.text)
            .map(|hit| {
                let bytes = folded.original(hit.start, false)..folded.original(hit.end, true);
                Found {
                    chars: counter.char_of(text, bytes.start)..counter.char_of(text, bytes.end),
                    bytes,
                }
            })
            .collect()
    }
}

/// What the regex crate's error says, without its drawing of the pattern: the text
/// after its last `error: `, or the message on one line.
fn first_line(message: &str) -> String {
    match message
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("error: "))
    {
        Some(reason) => reason.to_owned(),
        None => message
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// Whether the byte range `hit` of `text` has no word character right before or after.
fn is_whole_word(text: &str, hit: &Range<usize>) -> bool {
    let before = text[..hit.start].chars().next_back();
    let after = text[hit.end..].chars().next();
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

/// `text` with marks taken out and Arabic letter variants made plain.
pub fn fold(text: &str) -> String {
    Folded::of(text).text.into_owned()
}

/// A text folded ([`fold`]), and where its changes are, to find the places of the text
/// it came from.
struct Folded<'t> {
    /// The folded text: the text itself when nothing changed.
    text: std::borrow::Cow<'t, str>,
    /// Each stretch that changed, in order: (its bytes in the folded text, its bytes in
    /// the text). Between two stretches both texts are the same.
    changes: Vec<(Range<usize>, Range<usize>)>,
}

impl<'t> Folded<'t> {
    fn of(text: &'t str) -> Self {
        let mut folded = String::new();
        let mut changes: Vec<(Range<usize>, Range<usize>)> = Vec::new();
        let mut copied = 0;
        let mut out = [' '; 8];
        for (at, c) in text.char_indices() {
            if c.is_ascii() {
                continue;
            }
            let mut n = 0;
            fold_char(c, &mut |f| {
                if n < out.len() {
                    out[n] = f;
                }
                n += 1;
            });
            if n == 1 && out[0] == c {
                continue;
            }
            folded.push_str(&text[copied..at]);
            let start = folded.len();
            folded.extend(&out[..n.min(out.len())]);
            copied = at + c.len_utf8();
            changes.push((start..folded.len(), at..copied));
        }
        if changes.is_empty() {
            return Self {
                text: std::borrow::Cow::Borrowed(text),
                changes,
            };
        }
        folded.push_str(&text[copied..]);
        Self {
            text: std::borrow::Cow::Owned(folded),
            changes,
        }
    }

    /// The byte of the text that byte `at` of the folded text stands for: a hit's start
    /// (`end` false) or end. A hit that ends right after a letter takes the marks taken
    /// out after it; a place inside a changed character is its start, or its end.
    fn original(&self, at: usize, end: bool) -> usize {
        let i = self.changes.partition_point(|(f, _)| f.start <= at);
        let Some((f, o)) = i.checked_sub(1).map(|i| &self.changes[i]) else {
            return at;
        };
        if at == f.start && !f.is_empty() {
            o.start
        } else if at < f.end {
            if end { o.end } else { o.start }
        } else {
            o.end + (at - f.end)
        }
    }
}

/// What `c` becomes when marks are ignored: nothing, itself, or its letters without
/// their marks.
fn fold_char(c: char, push: &mut dyn FnMut(char)) {
    if c.is_ascii() {
        push(c);
        return;
    }
    match c {
        // Tatweel stretches a word; it is not a letter.
        '\u{0640}' => return,
        // Alef wasla, and the Farsi yeh and alef maksura, read as alef and yeh.
        '\u{0671}' => return push('\u{0627}'),
        '\u{06CC}' | '\u{0649}' => return push('\u{064A}'),
        _ => {}
    }
    if is_combining_mark(c) {
        return;
    }
    // Decomposed, a letter with marks (é, أ, ئ) is its base letter and the marks;
    // anything else (Hangul syllables) stays whole, so a hit never ends inside it.
    let mut parts = [' '; 4];
    let mut len = 0;
    let mut fits = true;
    decompose_canonical(c, |d| {
        if len < parts.len() {
            parts[len] = d;
            len += 1;
        } else {
            fits = false;
        }
    });
    let parts = &parts[..len];
    if fits && parts.iter().any(|&d| is_combining_mark(d)) {
        for &d in parts.iter().filter(|&&d| !is_combining_mark(d)) {
            fold_char(d, push);
        }
    } else {
        push(c);
    }
}

/// Converts byte offsets of one text, met in increasing order, to code points: each
/// counts only the bytes since the last (an earlier one starts over from 0).
#[derive(Default)]
pub(crate) struct CharCounter {
    byte: usize,
    char: usize,
}

impl CharCounter {
    /// The code point at byte `byte` (a character boundary) of `text`.
    pub(crate) fn char_of(&mut self, text: &str, byte: usize) -> usize {
        let (from, mut chars) = if byte >= self.byte {
            (self.byte, self.char)
        } else {
            (0, 0)
        };
        chars += text.as_bytes()[from..byte]
            .iter()
            .filter(|&&b| (b as i8) >= -0x40)
            .count();
        (self.byte, self.char) = (byte, chars);
        chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pattern: &str) -> Query {
        Query {
            pattern: pattern.to_owned(),
            ..Query::default()
        }
    }

    fn chars(query: &Query, text: &str) -> Vec<(usize, usize)> {
        Matcher::new(query)
            .unwrap()
            .find(text)
            .into_iter()
            .map(|f| (f.chars.start, f.chars.end))
            .collect()
    }

    #[test]
    fn a_literal_is_found_at_code_points_past_emoji_and_curly_quotes() {
        let text = "😀 “Homs” 🇸🇾 Homs\r\nHomsi";
        assert_eq!(chars(&query("Homs"), text), [(3, 7), (12, 16), (18, 22)]);
        // The pattern's regex characters are taken as they are.
        assert_eq!(chars(&query("(a.b)"), "(a.b) (axb)"), [(0, 5)]);
    }

    #[test]
    fn whole_words_only_when_asked() {
        let whole = Query {
            whole_word: true,
            ..query("Homs")
        };
        assert_eq!(
            chars(&whole, "Homsi Homs, al-Homs Homs\u{301}"),
            [(6, 10), (15, 19)]
        );
        // A word of Arabic: حمص alone, not inside حمصي.
        assert_eq!(
            chars(
                &Query {
                    whole_word: true,
                    ..query("حمص")
                },
                "حمصي حمص"
            ),
            [(5, 8)]
        );
    }

    #[test]
    fn case_is_ignored_when_asked() {
        let text = "HOMS homs Homs";
        assert_eq!(chars(&query("homs"), text), [(5, 9)]);
        let any_case = Query {
            ignore_case: true,
            ..query("homs")
        };
        assert_eq!(chars(&any_case, text), [(0, 4), (5, 9), (10, 14)]);
    }

    #[test]
    fn marks_are_ignored_in_text_and_pattern_and_kept_in_the_hit() {
        let blind = Query {
            ignore_marks: true,
            ..query("Zurich")
        };
        // Precomposed ü, then u with a combining diaeresis: the hit covers the mark.
        let text = "Zürich, Zu\u{308}rich";
        assert_eq!(chars(&blind, text), [(0, 6), (8, 15)]);
        let found = Matcher::new(&blind).unwrap().find(text);
        assert_eq!(&text[found[1].bytes.clone()], "Zu\u{308}rich");
        let accented = Query {
            ignore_marks: true,
            ..query("Zürich")
        };
        assert_eq!(chars(&accented, "Zurich"), [(0, 6)]);
    }

    #[test]
    fn arabic_harakat_tatweel_alef_and_yeh_variants_are_ignored() {
        let blind = |p: &str| Query {
            ignore_marks: true,
            ..query(p)
        };
        // أحمد with tatweels and a final damma: found as احمد, the damma with it.
        let text = "قال أحمـــدُ";
        assert_eq!(chars(&blind("احمد"), text), [(4, 12)]);
        // Alef maksura and Farsi yeh read as yeh; alef wasla as alef.
        assert_eq!(chars(&blind("علي"), "على علی"), [(0, 3), (4, 7)]);
        assert_eq!(chars(&blind("الله"), "ٱلله"), [(0, 4)]);
        // Without ignore_marks, none of these match.
        assert_eq!(chars(&query("احمد"), text), []);
    }

    #[test]
    fn a_regex_finds_its_matches_and_never_an_empty_one() {
        let numbers = Query {
            regex: true,
            ..query(r"\d+")
        };
        assert_eq!(chars(&numbers, "40 000 – ١٢"), [(0, 2), (3, 6), (9, 11)]);
        let maybe = Query {
            regex: true,
            ..query("x*")
        };
        assert_eq!(chars(&maybe, "axxb"), [(1, 3)]);
    }

    #[test]
    fn bad_queries_are_errors_that_say_why() {
        assert_eq!(Matcher::new(&query("")).unwrap_err(), QueryError::Empty);
        let marks = Query {
            ignore_marks: true,
            ..query("\u{301}\u{64E}")
        };
        assert!(matches!(
            Matcher::new(&marks),
            Err(QueryError::OnlyMarks(_))
        ));
        let bad = Query {
            regex: true,
            ..query("(Homs")
        };
        let Err(QueryError::Regex(message)) = Matcher::new(&bad) else {
            panic!("a bad regex compiled");
        };
        assert_eq!(message, "unclosed group");
    }

    #[test]
    fn hangul_stays_whole() {
        let blind = Query {
            ignore_marks: true,
            ..query("서울")
        };
        assert_eq!(chars(&blind, "서울시"), [(0, 2)]);
    }

    /// The hits of `matcher` in `text` blind to marks, found the slow way: the text
    /// folded a character at a time, each keeping the code point it came from.
    fn folded_the_slow_way(matcher: &Matcher, text: &str) -> Vec<(usize, usize)> {
        let mut folded = String::new();
        let mut origin: Vec<usize> = Vec::new();
        for (n, c) in text.chars().enumerate() {
            fold_char(c, &mut |f| {
                folded.push(f);
                origin.push(n);
            });
        }
        origin.push(text.chars().count());
        let char_of = |byte: usize| folded[..byte].chars().count();
        matcher
            .hits_in(&folded)
            .map(|r| (origin[char_of(r.start)], origin[char_of(r.end)]))
            .collect()
    }

    proptest::proptest! {
        /// Hits blind to marks are where the slow way finds them, marks after a hit's
        /// last letter in it.
        #[test]
        fn folded_hits_are_where_the_slow_way_finds_them(
            text in "[ae éèêe\u{301}\u{302}\u{627}\u{623}\u{649}\u{640}\u{64e}ا]{0,30}",
            pattern in "[aeé\u{627}\u{623}\u{64a}]{1,2}",
            ignore_case in proptest::bool::ANY,
        ) {
            let blind = Query { ignore_marks: true, ignore_case, ..query(&pattern) };
            let Ok(matcher) = Matcher::new(&blind) else { return Ok(()); };
            let fast: Vec<(usize, usize)> = matcher
                .find(&text)
                .iter()
                .map(|f| (f.chars.start, f.chars.end))
                .collect();
            proptest::prop_assert_eq!(fast, folded_the_slow_way(&matcher, &text));
        }

        /// A literal, case and marks kept, is found exactly where a naive scan of code
        /// points finds it, left to right without overlap.
        #[test]
        fn a_literal_is_found_where_a_naive_scan_finds_it(
            text in "[aAb é😀\u{301}\u{627}\u{644}\r\n]{0,40}",
            pattern in "[aAb é😀\u{301}\u{627}\u{644}]{1,3}",
        ) {
            let t: Vec<char> = text.chars().collect();
            let p: Vec<char> = pattern.chars().collect();
            let mut naive = Vec::new();
            let mut i = 0;
            while i + p.len() <= t.len() {
                if t[i..i + p.len()] == p[..] {
                    naive.push((i, i + p.len()));
                    i += p.len();
                } else {
                    i += 1;
                }
            }
            proptest::prop_assert_eq!(chars(&query(&pattern), &text), naive);
        }

        /// Hits found blind to marks are ranges of the text whose folded form is the
        /// folded pattern, with their bytes the same place as their code points.
        #[test]
        fn folded_hits_fold_to_the_pattern(
            text in "[ae éèe\u{301}\u{627}\u{623}\u{640}\u{64e}]{0,30}",
            pattern in "[aeé\u{627}\u{623}]{1,2}",
        ) {
            let blind = Query { ignore_marks: true, ..query(&pattern) };
            let Ok(matcher) = Matcher::new(&blind) else { return Ok(()); };
            for hit in matcher.find(&text) {
                let piece = &text[hit.bytes.clone()];
                proptest::prop_assert_eq!(piece.chars().count(), hit.chars.len());
                proptest::prop_assert_eq!(
                    text[..hit.bytes.start].chars().count(),
                    hit.chars.start
                );
                proptest::prop_assert_eq!(fold(piece), fold(&pattern));
            }
        }
    }
}
