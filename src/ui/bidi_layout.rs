//! A block holding right-to-left text, laid out in display order (issue 13).
//!
//! egui lays text out left to right: it shapes each run of one font on its own (so an
//! Arabic word comes out with its letters joined and right to left), but it puts the
//! words of an Arabic sentence in their logical order, left to right. So a block with
//! right-to-left text is laid out twice:
//! 1. in logical order, wrapped at the view's width, only to find where its lines break;
//! 2. each line in the order [`crate::text::bidi`] shows it, one row per line, with
//!    right-to-left paragraphs aligned right.
//!
//! In the second layout each stretch of Arabic-script letters is handed to egui in its
//! logical order (egui's shaper turns it around and joins it), and everything else one
//! character at a time in display order, brackets mirrored. Each character's box is
//! then found by walking the row's glyphs in display order.

use std::sync::Arc;

use egui::{Galley, Pos2, Rect, text::LayoutJob};

use super::text_layout::{CharBox, TextStyle, char_boxes};
use crate::text::bidi::{BaseDirection, Direction, Paragraph, has_rtl_characters, mirrored};

/// Whether egui's shaper turns `c` around with its neighbours. egui shapes each run of
/// characters drawn by one font on its own, and the shaper reads a run with Arabic or
/// Hebrew letters right to left: so what counts is every character the Arabic (or
/// Hebrew) font draws, its punctuation (`،` `؛` `؟` `۔`) and digits too, and the joiners
/// inside such words.
fn shaped_right_to_left(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x05FF | 0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF
        | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFC | 0x200C | 0x200D)
}

/// A block laid out in display order: what [`super::text_layout::LaidBlock`] keeps.
pub(super) struct BidiLaid {
    pub galley: Arc<Galley>,
    pub rows: Vec<(f32, f32)>,
    pub chars: Vec<CharBox>,
    pub exact: bool,
}

/// Lays out `shown` (one block, analysed as `paragraph`) at `width`: its lines broken as
/// in logical order, each shown in display order, right-aligned when the paragraph reads
/// right to left.
pub(super) fn lay_out(
    shown: &str,
    paragraph: &Paragraph<'_>,
    style: &TextStyle,
    width: f32,
    layout: &mut dyn FnMut(LayoutJob) -> Arc<Galley>,
) -> BidiLaid {
    let chars: Vec<char> = shown.chars().collect();
    // 1. Where the lines break: a logical layout, wrapped.
    let logical = layout(job(shown.to_owned(), style, width));
    let (boxes, _, _) = char_boxes(&logical, shown);
    let mut lines: Vec<std::ops::Range<usize>> = Vec::new();
    let mut line_row = None;
    for (c, b) in boxes.iter().enumerate() {
        match lines.last_mut() {
            Some(line) if line_row == Some(b.row) => line.end = c + 1,
            _ => {
                lines.push(c..c + 1);
                line_row = Some(b.row);
            }
        }
    }
    if lines.is_empty() {
        lines.push(0..0);
    }
    // 2. Each line in display order, one row each.
    let mut text = String::with_capacity(shown.len() + lines.len());
    let mut display: Vec<Vec<usize>> = Vec::with_capacity(lines.len());
    // Whether each character is shown right to left (its start on its right).
    let mut rtl_chars = vec![false; chars.len()];
    for (n, line) in lines.iter().enumerate() {
        if n > 0 {
            text.push('\n');
        }
        push_line(&chars, paragraph, line.clone(), &mut text, &mut rtl_chars);
        display.push(paragraph.visual_order(line.clone()));
    }
    let galley = layout(job(text, style, f32::INFINITY));
    let galley = if paragraph.direction() == Direction::Rtl {
        align_right(&galley, width)
    } else {
        galley
    };
    let (chars_boxes, exact) = boxes_in_display_order(&galley, &chars, &display, &rtl_chars);
    let rows = galley.rows.iter().map(|r| (r.min_y(), r.max_y())).collect();
    BidiLaid {
        galley,
        rows,
        chars: chars_boxes,
        exact,
    }
}

/// Appends to `text` what egui must be given for line `line` of `paragraph` to show in
/// display order, and marks which of its characters read right to left.
fn push_line(
    chars: &[char],
    paragraph: &Paragraph<'_>,
    line: std::ops::Range<usize>,
    text: &mut String,
    rtl_chars: &mut [bool],
) {
    for run in paragraph.runs(line) {
        for rtl in &mut rtl_chars[run.chars.clone()] {
            *rtl = run.rtl;
        }
        let pieces = pieces(chars, run.chars.clone());
        if run.rtl {
            for piece in pieces.iter().rev() {
                match piece {
                    Piece::Shaped(r) => text.extend(&chars[r.clone()]),
                    Piece::Single(c) => text.push(mirrored(chars[*c])),
                }
            }
        } else {
            for piece in &pieces {
                match piece {
                    // Arabic digits in a left-to-right run: egui's shaper turns Arabic
                    // script around, so they are handed over reversed.
                    Piece::Shaped(r) => text.extend(chars[r.clone()].iter().rev()),
                    Piece::Single(c) => text.push(chars[*c]),
                }
            }
        }
    }
}

/// What to give egui for `text` (one line: a span's words in a list, a tooltip) to show
/// in the order it reads: right-to-left words from the right, numbers and names inside
/// them in place. Text with no right-to-left character comes back as it is.
pub(crate) fn display_order(text: &str) -> String {
    if !has_rtl_characters(text) {
        return text.to_owned();
    }
    let paragraph = Paragraph::new(text, BaseDirection::Auto.of(text));
    let chars: Vec<char> = text.chars().collect();
    let mut shown = String::with_capacity(text.len());
    let mut rtl = vec![false; chars.len()];
    push_line(&chars, &paragraph, 0..chars.len(), &mut shown, &mut rtl);
    shown
}

/// [`display_order`] of `text`, or of its longest start that, with "…" after it, `fits`
/// (as shown): the text is cut at its logical end, so an Arabic label loses its last
/// words, on the left, and keeps its first ones, on the right. Just "…" when nothing
/// fits.
pub(crate) fn display_order_fitting(text: &str, mut fits: impl FnMut(&str) -> bool) -> String {
    let whole = display_order(text);
    if fits(&whole) {
        return whole;
    }
    let ends: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let cut = |n: usize| display_order(&format!("{}…", text[..ends[n]].trim_end()));
    // The most characters n (fewer than all) whose cut fits; 0 always does, as "…".
    let (mut fitting, mut too_many) = (0, ends.len());
    while too_many - fitting > 1 {
        let middle = (fitting + too_many) / 2;
        if fits(&cut(middle)) {
            fitting = middle;
        } else {
            too_many = middle;
        }
    }
    cut(fitting)
}

fn job(text: String, style: &TextStyle, width: f32) -> LayoutJob {
    let mut job = LayoutJob::single_section(
        text,
        egui::TextFormat {
            font_id: style.font.clone(),
            color: style.color,
            line_height: Some(style.row_height),
            ..Default::default()
        },
    );
    job.wrap.max_width = width;
    job
}

/// What egui gets of a run: a stretch it shapes as one (Arabic-script letters), or one
/// other character.
enum Piece {
    Shaped(std::ops::Range<usize>),
    Single(usize),
}

/// The run `range` of `chars` cut into pieces, in logical order.
fn pieces(chars: &[char], range: std::ops::Range<usize>) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut c = range.start;
    while c < range.end {
        if shaped_right_to_left(chars[c]) {
            let end = c + chars[c..range.end]
                .iter()
                .take_while(|&&ch| shaped_right_to_left(ch))
                .count();
            out.push(Piece::Shaped(c..end));
            c = end;
        } else {
            out.push(Piece::Single(c));
            c += 1;
        }
    }
    out
}

/// `galley` with each row moved to end at `width`.
fn align_right(galley: &Arc<Galley>, width: f32) -> Arc<Galley> {
    let mut aligned = Galley::clone(galley);
    for placed in &mut aligned.rows {
        placed.pos.x = (width - placed.row.size.x).max(0.0).round();
    }
    let right = Rect::from_min_max(
        Pos2::new(0.0, galley.rect.min.y),
        Pos2::new(width.max(galley.rect.max.x), galley.rect.max.y),
    );
    aligned.rect = right;
    aligned.mesh_bounds = aligned.mesh_bounds.union(right);
    Arc::new(aligned)
}

/// A box per character (logical order) from the glyphs of each row, which show the
/// characters `display[row]` from left to right. A glyph whose character is the one
/// expected is its box (with the zero-width glyph before it, such as a letter's dots);
/// a zero-width glyph of another character (egui's place-holders after a shaped word)
/// is passed over; a character with no glyph of its own (inside a ligature) gets a
/// zero-width box where it would be.
fn boxes_in_display_order(
    galley: &Galley,
    chars: &[char],
    display: &[Vec<usize>],
    rtl_chars: &[bool],
) -> (Vec<CharBox>, bool) {
    let mut boxes = vec![
        CharBox {
            row: 0,
            x0: 0.0,
            x1: 0.0,
            rtl: false,
        };
        chars.len()
    ];
    let mut exact = true;
    for (row, (placed, order)) in galley.rows.iter().zip(display).enumerate() {
        let glyphs = &placed.row.glyphs;
        let x = |g: usize| placed.pos.x + glyphs[g].pos.x;
        let mut g = 0;
        let mut last_x = placed.pos.x;
        for &c in order {
            while g < glyphs.len() && glyphs[g].advance_width == 0.0 && glyphs[g].chr != chars[c] {
                g += 1;
            }
            let rtl = rtl_chars[c];
            let Some(glyph) = glyphs.get(g) else {
                boxes[c] = CharBox {
                    row: row as u32,
                    x0: last_x,
                    x1: last_x,
                    rtl,
                };
                exact = false;
                continue;
            };
            if glyph.chr == chars[c] || glyph.chr == mirrored(chars[c]) {
                let mut x0 = x(g);
                let mut x1 = x0 + glyph.advance_width;
                // A zero-width glyph (dots, a mark) drawn with the letter after it.
                if glyph.advance_width == 0.0
                    && glyphs.get(g + 1).is_some_and(|n| n.chr == glyph.chr)
                {
                    g += 1;
                    x0 = x0.min(x(g));
                    x1 = x(g) + glyphs[g].advance_width;
                }
                boxes[c] = CharBox {
                    row: row as u32,
                    x0,
                    x1: x1.max(x0),
                    rtl,
                };
                last_x = x1;
                g += 1;
            } else {
                // No glyph of its own: a zero-width box before the next glyph.
                boxes[c] = CharBox {
                    row: row as u32,
                    x0: x(g),
                    x1: x(g),
                    rtl,
                };
            }
        }
        if glyphs[g.min(glyphs.len())..]
            .iter()
            .any(|gl| gl.advance_width > 0.0)
        {
            exact = false;
        }
    }
    (boxes, exact)
}

#[cfg(test)]
mod tests {
    use egui::{Color32, FontId, Vec2};

    use super::*;
    use crate::ui::text_layout::{TextLayout, probe_job};

    const WIDTH: f32 = 600.0;

    /// `text` laid out as the text view lays out a document, `WIDTH` wide.
    fn laid_out(text: &str) -> TextLayout {
        let ctx = egui::Context::default();
        crate::ui::fonts::install_fonts(&ctx);
        let mut out = ctx.run_ui(Default::default(), |_| {});
        out.textures_delta.clear();
        let style = TextStyle {
            font: FontId::proportional(17.0),
            row_height: 26.0,
            color: Color32::WHITE,
            block_gap: 8.0,
        };
        let mut layout = TextLayout::new(text);
        let probe = ctx.fonts_mut(|f| f.layout_job(probe_job(&style)));
        layout.set_frame(WIDTH, &style, probe);
        for i in 0..layout.blocks().len() {
            layout.ensure_laid_out(i, text, &mut |job| ctx.fonts_mut(|f| f.layout_job(job)));
        }
        layout
    }

    fn boxes(layout: &TextLayout) -> Vec<CharBox> {
        layout.laid(0).unwrap().chars.clone()
    }

    /// The range of code points of the `n`-th occurrence of `word` in `text`.
    fn find(text: &str, word: &str) -> std::ops::Range<usize> {
        let byte = text.find(word).unwrap();
        let start = text[..byte].chars().count();
        start..start + word.chars().count()
    }

    fn extent(b: &[CharBox]) -> (f32, f32) {
        b.iter()
            .fold((f32::MAX, f32::MIN), |(a, z), b| (a.min(b.x0), z.max(b.x1)))
    }

    #[test]
    fn the_first_word_of_an_arabic_line_is_drawn_rightmost_and_the_line_ends_at_the_right() {
        let text = "قال المتحدث إن حمص سقطت";
        let layout = laid_out(text);
        let b = boxes(&layout);
        let said = extent(&b[find(text, "قال")]);
        let spokesman = extent(&b[find(text, "المتحدث")]);
        let fell = extent(&b[find(text, "سقطت")]);
        assert!(said.0 > spokesman.1 - 0.5, "{said:?} {spokesman:?}");
        assert!(spokesman.0 > fell.1 - 0.5, "{spokesman:?} {fell:?}");
        // Aligned right: the first word ends at the right edge.
        assert!((said.1 - WIDTH).abs() < 2.0, "{said:?}");
        assert!(layout.laid(0).unwrap().exact);
        // Inside a word, letters go right to left too.
        let q = b[0];
        let l = b[2];
        assert!(q.x0 > l.x0 && q.rtl && l.rtl, "{q:?} {l:?}");
    }

    #[test]
    fn arabic_punctuation_stays_after_its_word() {
        // "lasted 3 days, and killed": the Arabic comma follows "days", on its left.
        let text = "استمرت 3 أيام، وأسفرت";
        let layout = laid_out(text);
        let b = boxes(&layout);
        let days = extent(&b[find(text, "أيام")]);
        let comma = b[find(text, "،").start];
        let and_killed = extent(&b[find(text, "وأسفرت")]);
        assert!(
            comma.x1 <= days.0 + 1.0 && comma.x0 >= and_killed.1 - 1.0,
            "{comma:?} {days:?} {and_killed:?}"
        );
        assert!(layout.laid(0).unwrap().exact);
    }

    #[test]
    fn a_number_inside_arabic_keeps_its_digit_order() {
        let text = "قتل 1948 شخصا";
        let layout = laid_out(text);
        let b = boxes(&layout);
        let digits = &b[find(text, "1948")];
        assert!(
            digits.windows(2).all(|w| w[1].x0 >= w[0].x1 - 1.0),
            "{digits:?}"
        );
        assert!(digits.iter().all(|d| !d.rtl && d.x1 > d.x0));
        // And the number stands between the two words, the first on its right.
        let killed = extent(&b[find(text, "قتل")]);
        let people = extent(&b[find(text, "شخصا")]);
        assert!(killed.0 > digits[3].x1 - 0.5 && people.1 < digits[0].x0 + 0.5);
    }

    #[test]
    fn a_spans_rectangles_cover_its_glyphs_and_no_others() {
        let text = "He said حمص سقطت and left (Homs).";
        let layout = laid_out(text);
        let laid = layout.laid(0).unwrap();
        let homs = find(text, "حمص");
        let rects = laid.rects(homs.clone());
        assert_eq!(rects.len(), 1, "{rects:?}");
        let rect = rects[0];
        // Every glyph of the word's letters lies inside; every other glyph with ink
        // lies outside.
        let row = &laid.galley.rows[0];
        for g in row.row.glyphs.iter().filter(|g| g.advance_width > 0.0) {
            let (x0, x1) = (row.pos.x + g.pos.x, row.pos.x + g.pos.x + g.advance_width);
            let inside = x0 >= rect.min.x - 0.5 && x1 <= rect.max.x + 0.5;
            assert_eq!(
                inside,
                "حمص".contains(g.chr),
                "{:?} at {x0}..{x1}, rect {rect:?}",
                g.chr
            );
        }
        // The English around it reads left to right, from the left edge.
        let said = extent(&laid.chars[find(text, "said")]);
        let left = extent(&laid.chars[find(text, "left")]);
        assert!(said.1 < rect.min.x && left.0 > rect.max.x);
        assert!(laid.chars[0].x0 < 1.0);
    }

    #[test]
    fn a_span_across_a_direction_change_is_two_rectangles() {
        // In an Arabic line, "Homs Kyiv" reads left to right as a whole, so the span
        // "قال Homs" (said Homs) is the first word at the right and "Homs" left of
        // "Kyiv": two pieces with "Kyiv" between them, which is not covered.
        let text = "قال Homs Kyiv حمص";
        let layout = laid_out(text);
        let laid = layout.laid(0).unwrap();
        let rects = laid.rects(find(text, "قال Homs"));
        assert_eq!(rects.len(), 2, "{rects:?}");
        let kyiv = extent(&laid.chars[find(text, "Kyiv")]);
        assert!(
            rects
                .iter()
                .all(|r| r.max.x <= kyiv.0 + 0.5 || r.min.x >= kyiv.1 - 0.5)
        );
    }

    #[test]
    fn a_click_at_the_right_end_of_an_arabic_line_is_before_its_first_letter() {
        let text = "قال المتحدث إن حمص";
        let mut layout = laid_out(text);
        assert_eq!(layout.char_at(Pos2::new(WIDTH - 1.0, 10.0)), Some(0));
        let n = text.chars().count();
        let leftmost = extent(&boxes(&layout)).0;
        assert_eq!(layout.char_at(Pos2::new(leftmost + 0.5, 10.0)), Some(n));
        // The caret before the first letter is at the right edge.
        let caret = layout.caret_rect(0).unwrap();
        assert!((caret.min.x - WIDTH).abs() < 2.0, "{caret:?}");
        let _ = Vec2::ZERO;
    }

    #[test]
    fn a_label_shows_right_to_left_words_from_the_right() {
        // The span "قوات المعارضة" (opposition forces) in the span list.
        let text = "قوات المعارضة";
        let shown = display_order(text);
        let ctx = egui::Context::default();
        crate::ui::fonts::install_fonts(&ctx);
        let mut out = ctx.run_ui(Default::default(), |_| {});
        out.textures_delta.clear();
        let job = LayoutJob::simple_singleline(shown, FontId::proportional(17.0), Color32::WHITE);
        let galley = ctx.fonts_mut(|f| f.layout_job(job));
        let x_of = |c: char| {
            let g = galley.rows[0]
                .row
                .glyphs
                .iter()
                .find(|g| g.chr == c && g.advance_width > 0.0);
            g.unwrap().pos.x
        };
        // ق starts the first word, ض is in the second: the first word is on the right.
        assert!(x_of('ق') > x_of('ض'));
        assert_eq!(display_order("Homs (Syria)"), "Homs (Syria)");
    }

    #[test]
    fn a_label_too_long_loses_its_last_words_whatever_its_direction() {
        let at_most = |n: usize| move |s: &str| s.chars().count() <= n;
        // "The General Establishment for Drinking Water": the first words stay, on the
        // right, and "…" stands on the left where the rest would go.
        let arabic = "المؤسسة العامة لمياه الشرب";
        assert_eq!(
            display_order_fitting(arabic, at_most(15)),
            "…العامة المؤسسة"
        );
        assert_eq!(
            display_order_fitting(arabic, at_most(40)),
            "الشرب لمياه العامة المؤسسة"
        );
        assert_eq!(
            display_order_fitting("Syrian Observatory for Human Rights", at_most(20)),
            "Syrian Observatory…"
        );
        assert_eq!(display_order_fitting("Homs", at_most(0)), "…");
    }

    #[test]
    fn a_hebrew_line_with_a_number_reads_from_the_right() {
        // "The army reported 3 dead in Gaza".
        let text = "הצבא דיווח על 3 הרוגים בעזה";
        let layout = laid_out(text);
        let b = boxes(&layout);
        let army = extent(&b[find(text, "הצבא")]);
        let gaza = extent(&b[find(text, "בעזה")]);
        let three = b[find(text, "3").start];
        assert!(
            army.0 > three.x1 && three.x0 > gaza.1,
            "{army:?} {three:?} {gaza:?}"
        );
        assert!((army.1 - WIDTH).abs() < 2.0);
        assert!(layout.laid(0).unwrap().exact);
        // Real glyphs: every letter has ink.
        assert!(b[find(text, "הצבא")].iter().all(|c| c.x1 > c.x0));
    }

    #[test]
    fn a_characters_edges_are_where_it_starts_and_ends_in_its_direction() {
        let text = "قال Homs.";
        let mut layout = laid_out(text);
        let b = boxes(&layout);
        // The first Arabic letter starts at its right edge.
        let start = layout.edge_rect(0, false).unwrap();
        assert_eq!(start.min.x, b[0].x1);
        assert_eq!(layout.edge_rect(0, true).unwrap().min.x, b[0].x0);
        // The Latin H starts at its left edge and ends at its right.
        let h = find(text, "Homs").start;
        assert!(!b[h].rtl);
        assert_eq!(layout.edge_rect(h, false).unwrap().min.x, b[h].x0);
        assert_eq!(layout.edge_rect(h, true).unwrap().min.x, b[h].x1);
        // The full stop ends the Arabic paragraph, so it reads right to left: it ends
        // at its left edge, the paragraph's far end.
        let stop = text.chars().count() - 1;
        assert!(b[stop].rtl);
        assert_eq!(layout.edge_rect(stop, true).unwrap().min.x, b[stop].x0);
        assert!(start.height() > 10.0);
    }

    #[test]
    fn left_to_right_text_is_laid_out_as_before() {
        let text = "Rebels seized “Rastan” 😀 and Харків.";
        let layout = laid_out(text);
        let b = boxes(&layout);
        assert!(b.iter().all(|b| !b.rtl));
        assert!(b.windows(2).all(|w| w[1].x0 >= w[0].x0));
        assert!(b[0].x0 < 1.0);
    }
}
