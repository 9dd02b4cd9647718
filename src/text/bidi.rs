//! Right-to-left and mixed text in display order (the Unicode bidirectional algorithm,
//! UAX #9, by the `unicode-bidi` crate): which way a paragraph reads, and, for each line
//! of it once it is broken into lines, the runs of characters in the order they are
//! shown from left to right.
//!
//! Offsets stay logical: a run names the code points it holds, and the window draws
//! spans, the selection and the caret over wherever those characters are shown.

use std::ops::Range;

use serde::{Deserialize, Serialize};
use unicode_bidi::{BidiClass, Level, ParagraphBidiInfo, bidi_class};

/// Which way a paragraph reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Left to right: English, Russian…
    Ltr,
    /// Right to left: Arabic, Persian, Hebrew…
    Rtl,
}

/// The direction the reader asks for: each paragraph's own (from its first letter), or
/// one for the whole document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BaseDirection {
    /// Each paragraph reads the way its first strong character does (UAX #9, P2–P3);
    /// left to right when it has none.
    #[default]
    Auto,
    /// Every paragraph left to right.
    Ltr,
    /// Every paragraph right to left.
    Rtl,
}

impl BaseDirection {
    /// The direction of a paragraph with `text` under this choice.
    pub fn of(self, text: &str) -> Direction {
        match self {
            BaseDirection::Ltr => Direction::Ltr,
            BaseDirection::Rtl => Direction::Rtl,
            BaseDirection::Auto => first_strong(text).unwrap_or(Direction::Ltr),
        }
    }
}

/// The direction of the first strong character of `text` (a letter with a direction),
/// skipping what isolates enclose; `None` when there is none (digits and punctuation
/// only).
pub fn first_strong(text: &str) -> Option<Direction> {
    let mut isolates = 0usize;
    for c in text.chars() {
        match bidi_class(c) {
            BidiClass::LRI | BidiClass::RLI | BidiClass::FSI => isolates += 1,
            BidiClass::PDI => isolates = isolates.saturating_sub(1),
            BidiClass::L if isolates == 0 => return Some(Direction::Ltr),
            BidiClass::R | BidiClass::AL if isolates == 0 => return Some(Direction::Rtl),
            BidiClass::B => return None,
            _ => {}
        }
    }
    None
}

/// Whether `text` holds a character that reads right to left, or could make others do
/// so (right-to-left letters, Arabic digits, right-to-left embeddings and isolates): a
/// quick test, so that left-to-right text skips the bidi algorithm.
pub fn has_rtl_characters(text: &str) -> bool {
    !text.is_ascii()
        && text.chars().any(|c| {
            matches!(
                bidi_class(c),
                BidiClass::R
                    | BidiClass::AL
                    | BidiClass::AN
                    | BidiClass::RLE
                    | BidiClass::RLO
                    | BidiClass::RLI
                    | BidiClass::FSI
            )
        })
}

/// Whether code point `c` of `text` is shown right to left, in its paragraph (the text
/// between line breaks) read as `base` says: for the arrow keys, which move the caret
/// the way they point. At the end of a paragraph the character before counts.
pub fn right_to_left_at(text: &str, c: usize, base: BaseDirection) -> bool {
    let byte = text.char_indices().nth(c).map_or(text.len(), |(b, _)| b);
    let start = text[..byte].rfind('\n').map_or(0, |b| b + 1);
    let end = text[byte..].find('\n').map_or(text.len(), |b| byte + b);
    let paragraph = &text[start..end];
    let direction = base.of(paragraph);
    if direction == Direction::Ltr && !has_rtl_characters(paragraph) {
        return false;
    }
    let level = match direction {
        Direction::Ltr => Level::ltr(),
        Direction::Rtl => Level::rtl(),
    };
    let info = ParagraphBidiInfo::new(paragraph, Some(level));
    let at = byte - start;
    let at = if at < paragraph.len() {
        at
    } else {
        match paragraph.char_indices().last() {
            Some((b, _)) => b,
            None => return direction == Direction::Rtl,
        }
    };
    info.levels[at].is_rtl()
}

/// A run of characters shown together in one direction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VisualRun {
    /// Its code points, logical offsets into the paragraph.
    pub chars: Range<usize>,
    /// Whether it reads right to left (its characters are shown last first).
    pub rtl: bool,
}

/// One paragraph analysed for display.
pub struct Paragraph<'a> {
    info: ParagraphBidiInfo<'a>,
    direction: Direction,
    /// Byte offset of each code point, and the text's length at the end.
    bytes: Vec<usize>,
}

impl<'a> Paragraph<'a> {
    /// Analyses `text` (one paragraph: no line break inside, as the text view's blocks
    /// are) read in `direction`.
    pub fn new(text: &'a str, direction: Direction) -> Self {
        let level = match direction {
            Direction::Ltr => Level::ltr(),
            Direction::Rtl => Level::rtl(),
        };
        let bytes = text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(text.len()))
            .collect();
        Paragraph {
            info: ParagraphBidiInfo::new(text, Some(level)),
            direction,
            bytes,
        }
    }

    /// Which way the paragraph reads: right-to-left paragraphs are aligned right.
    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// Whether any character of it is shown right to left.
    pub fn has_rtl(&self) -> bool {
        self.direction == Direction::Rtl || self.info.has_rtl()
    }

    /// The runs of the line holding code points `line` of the paragraph, in the order
    /// they are shown from left to right. White space at the end of the line goes to
    /// the paragraph's side (UAX #9, L1).
    pub fn runs(&self, line: Range<usize>) -> Vec<VisualRun> {
        let end = line.end.min(self.bytes.len() - 1);
        let start = line.start.min(end);
        if start == end {
            return Vec::new();
        }
        let bytes = self.bytes[start]..self.bytes[end];
        if !self.has_rtl() {
            return vec![VisualRun {
                chars: start..end,
                rtl: false,
            }];
        }
        let (levels, runs) = self.info.visual_runs(bytes);
        runs.into_iter()
            .map(|run| VisualRun {
                rtl: levels[run.start].is_rtl(),
                chars: self.char_at(run.start)..self.char_at(run.end),
            })
            .collect()
    }

    /// The code points of the line `line` in the order they are shown from left to
    /// right.
    pub fn visual_order(&self, line: Range<usize>) -> Vec<usize> {
        let mut order = Vec::with_capacity(line.len());
        for run in self.runs(line) {
            if run.rtl {
                order.extend(run.chars.rev());
            } else {
                order.extend(run.chars);
            }
        }
        order
    }

    fn char_at(&self, byte: usize) -> usize {
        self.bytes.partition_point(|&b| b < byte)
    }
}

/// What a character shown right to left looks like: brackets face the other way
/// (UAX #9, L4: `(` is drawn as `)`); any other character as it is.
pub fn mirrored(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        '⁅' => '⁆',
        '⁆' => '⁅',
        '⟨' => '⟩',
        '⟩' => '⟨',
        '≤' => '≥',
        '≥' => '≤',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The characters of `text` as shown left to right, brackets mirrored where they
    /// read right to left.
    fn shown(text: &str, base: BaseDirection) -> String {
        let p = Paragraph::new(text, base.of(text));
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::new();
        for run in p.runs(0..chars.len()) {
            let run_chars = &chars[run.chars.clone()];
            if run.rtl {
                out.extend(run_chars.iter().rev().map(|&c| mirrored(c)));
            } else {
                out.extend(run_chars.iter());
            }
        }
        out
    }

    #[test]
    fn an_arabic_line_reads_from_the_right() {
        // "The spokesman said": the first logical word is drawn rightmost.
        let text = "قال المتحدث";
        let p = Paragraph::new(text, BaseDirection::Auto.of(text));
        assert_eq!(p.direction(), Direction::Rtl);
        let order = p.visual_order(0..11);
        assert_eq!(order, (0..11).rev().collect::<Vec<_>>());
        assert_eq!(*order.last().unwrap(), 0);
    }

    #[test]
    fn numbers_and_latin_names_inside_arabic_keep_their_order() {
        let text = "قتل 123 شخصا في Homs أمس";
        assert_eq!(shown(text, BaseDirection::Auto), "سمأ Homs يف اصخش 123 لتق");
        // Arabic inside English: the English order stays, the Arabic word reads RTL.
        let text = "He said قال المتحدث twice.";
        assert_eq!(shown(text, BaseDirection::Auto), "He said ثدحتملا لاق twice.");
    }

    #[test]
    fn punctuation_and_brackets_take_the_paragraph_side() {
        // The full stop ends the sentence, on the left; the parentheses face the text.
        assert_eq!(shown("(حمص) سقطت.", BaseDirection::Auto), ".تطقس (صمح)");
        // An English sentence forced right to left keeps its words in order but its
        // final mark goes to the paragraph's end, on the left.
        let text = "Homs fell!";
        assert_eq!(shown(text, BaseDirection::Rtl), "!Homs fell");
        assert_eq!(shown(text, BaseDirection::Ltr), "Homs fell!");
    }

    #[test]
    fn a_wrapped_line_is_reordered_on_its_own() {
        // Two lines of one paragraph: each is reordered within itself.
        let text = "قال المتحدث إن حمص";
        let p = Paragraph::new(text, Direction::Rtl);
        let first: String = p
            .visual_order(0..12)
            .iter()
            .map(|&i| text.chars().nth(i).unwrap())
            .collect();
        // The trailing space of a line goes to the paragraph's side: the left.
        assert_eq!(first, " ثدحتملا لاق");
        let second = p.visual_order(12..18);
        assert_eq!(second, [17, 16, 15, 14, 13, 12]);
    }

    #[test]
    fn the_base_direction_comes_from_the_first_letter() {
        assert_eq!(first_strong("123 حمص Homs"), Some(Direction::Rtl));
        assert_eq!(first_strong("«Homs» حمص"), Some(Direction::Ltr));
        assert_eq!(first_strong("1,234 — 5"), None);
        assert_eq!(BaseDirection::Auto.of("1,234"), Direction::Ltr);
        // What an isolate encloses does not count.
        assert_eq!(
            first_strong("\u{2067}حمص\u{2069} Homs"),
            Some(Direction::Ltr)
        );
        assert_eq!(BaseDirection::Rtl.of("Homs"), Direction::Rtl);
    }

    #[test]
    fn left_to_right_text_is_one_run() {
        let text = "Rebels seized “Rastan” 😀 and Харків.";
        let p = Paragraph::new(text, Direction::Ltr);
        let n = text.chars().count();
        assert!(!p.has_rtl());
        assert!(!has_rtl_characters(text));
        for rtl in [
            "x حمص",
            "שלום",
            "rok ١٩٤٨",
            "\u{2067}x\u{2069}",
            "\u{202e}x",
        ] {
            assert!(has_rtl_characters(rtl), "{rtl:?}");
        }
        assert_eq!(
            p.runs(0..n),
            [VisualRun {
                chars: 0..n,
                rtl: false
            }]
        );
        assert_eq!(p.runs(3..3), []);
    }

    #[test]
    fn the_direction_at_a_character_is_that_of_its_run_in_its_paragraph() {
        let text = "Homs fell.\nقال المتحدث Homs 123\n";
        let c = |needle: &str| text[..text.find(needle).unwrap()].chars().count();
        assert!(!right_to_left_at(text, 0, BaseDirection::Auto));
        assert!(right_to_left_at(text, c("قال"), BaseDirection::Auto));
        assert!(!right_to_left_at(text, c("Homs 123"), BaseDirection::Auto));
        assert!(!right_to_left_at(text, c("123"), BaseDirection::Auto));
        // The end of the Arabic paragraph: the character before (a digit) counts.
        assert!(!right_to_left_at(
            text,
            c("\n") + 1 + 20,
            BaseDirection::Auto
        ));
        // English read right to left: its words still read left to right.
        assert!(!right_to_left_at(text, 2, BaseDirection::Rtl));
        // The empty paragraph at the very end takes the base direction.
        let n = text.chars().count();
        assert!(right_to_left_at(text, n, BaseDirection::Rtl));
        assert!(!right_to_left_at(text, n, BaseDirection::Auto));
    }

    #[test]
    fn hebrew_with_english_and_a_number() {
        let text = "הצבא דיווח על 3 הרוגים ב-Gaza";
        assert_eq!(
            shown(text, BaseDirection::Auto),
            "Gaza-ב םיגורה 3 לע חוויד אבצה"
        );
    }

    proptest::proptest! {
        /// Any line of any paragraph, split anywhere: its characters are each shown
        /// once, its runs cover the line in order of display, and text with no
        /// right-to-left character in a left-to-right paragraph is shown as it is.
        #[test]
        fn every_character_of_a_line_is_shown_once(
            text in "([a-z ,.()0-9]|حمص|قال|שלום|١٢|\u{301}|\u{200f}|\u{2067}|\u{2069}|😀){0,30}",
            cut in 0usize..40,
            rtl in proptest::prelude::any::<bool>(),
        ) {
            let direction = if rtl { Direction::Rtl } else { Direction::Ltr };
            let p = Paragraph::new(&text, direction);
            let n = text.chars().count();
            let cut = cut.min(n);
            for line in [0..cut, cut..n] {
                let mut order = p.visual_order(line.clone());
                order.sort_unstable();
                proptest::prop_assert_eq!(order, line.clone().collect::<Vec<_>>());
            }
            let plain = !has_rtl_characters(&text);
            if plain && !rtl {
                proptest::prop_assert_eq!(p.visual_order(0..n), (0..n).collect::<Vec<_>>());
            }
        }
    }
}
