//! The geometry of a document on screen, laid out lazily.
//!
//! The text is cut into blocks (its lines, and pieces of very long lines). Each block is
//! laid out on its own, only when it comes into view, and keeps its galley and a box for
//! every character; blocks never seen keep an estimated height. So opening, scrolling and
//! tagging cost what is visible, not what the document holds, and spans are drawn from
//! the character boxes without ever laying the text out again.

use std::ops::Range;
use std::sync::Arc;

use egui::{Color32, FontId, Galley, Pos2, Rect, Vec2, text::LayoutJob};

pub use super::blocks::{Block, MAX_BLOCK_CHARS, split_blocks};
use crate::text::bidi::{BaseDirection, Direction, Paragraph, has_rtl_characters};

/// How many laid-out blocks to keep before the ones far from view are dropped.
const KEEP_LAID_OUT: usize = 400;

/// Where one character is drawn inside its block's galley.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CharBox {
    /// Index into [`LaidBlock::rows`].
    pub row: u32,
    /// Left edge, galley coordinates.
    pub x0: f32,
    /// Right edge, galley coordinates.
    pub x1: f32,
    /// Whether the character is shown right to left: a caret before it stands at its
    /// right edge.
    pub rtl: bool,
}

/// A block laid out: its galley, its rows' vertical extents and a box per character.
pub struct LaidBlock {
    /// What egui paints.
    pub galley: Arc<Galley>,
    /// `(top, bottom)` of each row, galley coordinates.
    pub rows: Vec<(f32, f32)>,
    /// One box per code point of the block.
    pub chars: Vec<CharBox>,
    /// False when some glyphs could not be matched to characters (see [`char_boxes`]);
    /// boxes are then approximate in places.
    pub exact: bool,
}

/// How the text looks; a change lays everything out again.
#[derive(Clone, Debug, PartialEq)]
pub struct TextStyle {
    /// Font and size.
    pub font: FontId,
    /// Height of a row, larger than the font to leave room for span underlines.
    pub row_height: f32,
    /// Text colour.
    pub color: Color32,
    /// Space between blocks (paragraphs).
    pub block_gap: f32,
}

/// The lazily laid-out geometry of one document.
pub struct TextLayout {
    blocks: Vec<Block>,
    laid: Vec<Option<LaidBlock>>,
    laid_count: usize,
    heights: Vec<f32>,
    /// `tops[i]` is the y of block `i`; `tops[blocks.len()]` the total height.
    tops: Vec<f32>,
    tops_dirty: bool,
    width: f32,
    style: Option<TextStyle>,
    /// A tiny galley laid out every frame through egui's cache: while egui hands back this
    /// same one, the font atlas the kept galleys point into is still the current one.
    probe: Option<Arc<Galley>>,
    /// Which way paragraphs read.
    base: BaseDirection,
}

impl TextLayout {
    /// Cuts `text` into blocks. Costs one pass over the text; lays out nothing.
    pub fn new(text: &str) -> Self {
        let blocks = split_blocks(text);
        let n = blocks.len();
        Self {
            blocks,
            laid: (0..n).map(|_| None).collect(),
            laid_count: 0,
            heights: vec![0.0; n],
            tops: vec![0.0; n + 1],
            tops_dirty: true,
            width: 0.0,
            style: None,
            probe: None,
            base: BaseDirection::Auto,
        }
    }

    /// The blocks, in text order.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// Prepares for a frame at `width` with `style`. `probe` is egui's galley for
    /// [`probe_job`] this frame: when it is not the one of the last frame, egui dropped
    /// its cache (the font atlas was rebuilt: a theme or font change, a new scale), and
    /// every kept galley would draw garbage. A change of any of them forgets every
    /// layout and re-estimates heights.
    pub fn set_frame(&mut self, width: f32, style: &TextStyle, probe: Arc<Galley>) {
        let width = width.max(50.0);
        let same_atlas = self.probe.as_ref().is_some_and(|p| Arc::ptr_eq(p, &probe));
        self.probe = Some(probe);
        let same_frame = (self.width - width).abs() < 0.5 && self.style.as_ref() == Some(style);
        if same_frame {
            if !same_atlas {
                // Same geometry, stale glyphs: lay out again what is seen; heights stay,
                // so the reader's place does not move.
                self.forget_galleys();
            }
            return;
        }
        self.width = width;
        self.style = Some(style.clone());
        self.forget_galleys();
        // An estimate until a block is seen: average glyph about half the font size.
        let per_row = (width / (style.font.size * 0.5)).max(1.0);
        for (height, block) in self.heights.iter_mut().zip(&self.blocks) {
            let rows = ((block.chars.len() as f32) / per_row).ceil().max(1.0);
            *height = rows * style.row_height + style.block_gap;
        }
        self.tops_dirty = true;
    }

    fn forget_galleys(&mut self) {
        for slot in &mut self.laid {
            *slot = None;
        }
        self.laid_count = 0;
    }

    /// Every galley kept, with its block index (tests compare them with fresh layouts).
    pub fn kept_galleys(&self) -> impl Iterator<Item = (usize, &Arc<Galley>)> {
        self.laid
            .iter()
            .enumerate()
            .filter_map(|(i, l)| l.as_ref().map(|l| (i, &l.galley)))
    }

    fn update_tops(&mut self) {
        if !self.tops_dirty {
            return;
        }
        let mut y = 0.0;
        for (i, h) in self.heights.iter().enumerate() {
            self.tops[i] = y;
            y += h;
        }
        self.tops[self.heights.len()] = y;
        self.tops_dirty = false;
    }

    /// Total height of the document.
    pub fn total_height(&mut self) -> f32 {
        self.update_tops();
        self.tops[self.blocks.len()]
    }

    /// The y of block `i` (content coordinates).
    pub fn top(&mut self, i: usize) -> f32 {
        self.update_tops();
        self.tops[i.min(self.blocks.len())]
    }

    /// Blocks that intersect content y-range `[y0, y1)`.
    pub fn blocks_in(&mut self, y0: f32, y1: f32) -> Range<usize> {
        self.update_tops();
        let n = self.blocks.len();
        let first = self.tops[1..=n].partition_point(|&bottom| bottom <= y0);
        let last = self.tops[..n].partition_point(|&top| top < y1);
        first..last.max(first)
    }

    /// The block holding code point `c` (or the block just before it, for the line
    /// breaks between blocks).
    pub fn block_of_char(&self, c: usize) -> usize {
        super::blocks::block_of_char(&self.blocks, c)
    }

    /// Lays out block `i` if it is not yet, using `layout` to turn a job into a galley.
    /// Returns whether its height changed (so content below moved).
    pub fn ensure_laid_out(
        &mut self,
        i: usize,
        text: &str,
        layout: &mut dyn FnMut(LayoutJob) -> Arc<Galley>,
    ) -> bool {
        if self.laid[i].is_some() {
            return false;
        }
        let Some(style) = &self.style else {
            return false;
        };
        let block = &self.blocks[i];
        let shown = &text[block.bytes.clone()];
        let direction = self.base.of(shown);
        if direction == Direction::Rtl || has_rtl_characters(shown) {
            let paragraph = Paragraph::new(shown, direction);
            let laid = super::bidi_layout::lay_out(shown, &paragraph, style, self.width, layout);
            let height = laid.galley.size().y.max(style.row_height) + style.block_gap;
            self.laid[i] = Some(LaidBlock {
                galley: laid.galley,
                rows: laid.rows,
                chars: laid.chars,
                exact: laid.exact,
            });
            return self.settle_height(i, height);
        }
        let mut job = LayoutJob::single_section(
            shown.to_owned(),
            egui::TextFormat {
                font_id: style.font.clone(),
                color: style.color,
                line_height: Some(style.row_height),
                ..Default::default()
            },
        );
        job.wrap.max_width = self.width;
        let galley = layout(job);
        let (chars, rows, exact) = char_boxes(&galley, shown);
        let height = galley.size().y.max(style.row_height) + style.block_gap;
        self.laid[i] = Some(LaidBlock {
            galley,
            rows,
            chars,
            exact,
        });
        self.settle_height(i, height)
    }

    /// Counts block `i` as laid out at `height`; whether its height changed.
    fn settle_height(&mut self, i: usize, height: f32) -> bool {
        self.laid_count += 1;
        let changed = (self.heights[i] - height).abs() > 0.1;
        if changed {
            self.heights[i] = height;
            self.tops_dirty = true;
        }
        changed
    }

    /// Which way paragraphs read: each its own (the default), or all one way. A change
    /// lays everything out again.
    pub fn set_base_direction(&mut self, base: BaseDirection) {
        if self.base != base {
            self.base = base;
            self.forget_galleys();
        }
    }

    /// Block `i` as laid out, if it is.
    pub fn laid(&self, i: usize) -> Option<&LaidBlock> {
        self.laid.get(i).and_then(Option::as_ref)
    }

    /// Drops laid-out blocks far from `visible` once more than a few hundred are kept,
    /// so that scrolling through a long document does not hold every galley.
    pub fn evict_far_from(&mut self, visible: Range<usize>) {
        if self.laid_count <= KEEP_LAID_OUT {
            return;
        }
        let keep = KEEP_LAID_OUT / 2;
        let lo = visible.start.saturating_sub(keep);
        let hi = visible.end + keep;
        for (i, slot) in self.laid.iter_mut().enumerate() {
            if (i < lo || i >= hi) && slot.take().is_some() {
                self.laid_count -= 1;
            }
        }
    }

    /// The code point under content position `pos`, rounded to the nearest character
    /// boundary (so a click on the right half of a letter lands after it). Only looks at
    /// laid-out blocks; `None` outside them.
    pub fn char_at(&mut self, pos: Pos2) -> Option<usize> {
        let range = self.blocks_in(pos.y, pos.y + 0.01);
        let i = if range.is_empty() {
            // Below the end or in a gap: the nearest block above.
            self.blocks_in(0.0, pos.y).end.checked_sub(1)?
        } else {
            range.start
        };
        let top = self.top(i);
        let block = &self.blocks[i];
        let laid = self.laid(i)?;
        let local = Vec2::new(pos.x, pos.y - top);
        Some(block.chars.start + laid.boundary_at(local))
    }

    /// Screen-independent rects (content coordinates) covering code points `range`, one
    /// per row it touches, in blocks that are laid out.
    pub fn range_rects(&mut self, range: Range<usize>, blocks: Range<usize>) -> Vec<Rect> {
        let mut rects = Vec::new();
        for i in blocks {
            let top = self.top(i);
            let block = &self.blocks[i];
            let from = range.start.max(block.chars.start);
            let to = range.end.min(block.chars.end);
            let Some(laid) = self.laid(i) else { continue };
            if from >= to {
                // An empty line inside the range (a blank paragraph): a thin mark.
                if range.start <= block.chars.start
                    && range.end > block.chars.end
                    && block.chars.is_empty()
                    && let Some(&(y0, y1)) = laid.rows.first()
                {
                    rects.push(Rect::from_min_max(
                        Pos2::new(0.0, top + y0),
                        Pos2::new(4.0, top + y1),
                    ));
                }
                continue;
            }
            let local = (from - block.chars.start)..(to - block.chars.start);
            for rect in laid.rects(local) {
                rects.push(rect.translate(Vec2::new(0.0, top)));
            }
        }
        rects
    }

    /// The caret position for code point `c` as a vertical segment (content coordinates),
    /// if its block is laid out.
    pub fn caret_rect(&mut self, c: usize) -> Option<Rect> {
        let i = self.block_of_char(c);
        let top = self.top(i);
        let block = self.blocks[i].clone();
        let laid = self.laid(i)?;
        let local = c.clamp(block.chars.start, block.chars.end) - block.chars.start;
        let (row, x) = laid.caret(local);
        let (y0, y1) = laid.rows.get(row).copied().unwrap_or((0.0, 0.0));
        Some(Rect::from_min_max(
            Pos2::new(x, top + y0),
            Pos2::new(x + 1.5, top + y1),
        ))
    }

    /// Whether code point `c` is shown right to left; `None` when its block is not laid
    /// out.
    pub fn is_rtl(&mut self, c: usize) -> Option<bool> {
        let i = self.block_of_char(c);
        let start = self.blocks[i].chars.start;
        let laid = self.laid(i)?;
        laid.chars.get(c.checked_sub(start)?).map(|b| b.rtl)
    }

    /// The edge where code point `c` starts (`end` false) or ends, as a vertical segment
    /// of its row (content coordinates): its left edge for left-to-right text, its right
    /// edge for right-to-left, and the other way for its end. `None` when its block is
    /// not laid out.
    pub fn edge_rect(&mut self, c: usize, end: bool) -> Option<Rect> {
        let i = self.block_of_char(c);
        let top = self.top(i);
        let block = self.blocks[i].clone();
        let laid = self.laid(i)?;
        let b = laid.chars.get(c.checked_sub(block.chars.start)?)?;
        let x = if end != b.rtl { b.x1 } else { b.x0 };
        let (y0, y1) = laid.rows.get(b.row as usize).copied()?;
        Some(Rect::from_min_max(
            Pos2::new(x, top + y0),
            Pos2::new(x, top + y1),
        ))
    }

    /// The code points of the row holding code point `c` (the rows of a block are
    /// stretches of the text, whatever their direction on screen), if its block is laid
    /// out.
    pub fn row_range(&mut self, c: usize) -> Option<Range<usize>> {
        let i = self.block_of_char(c);
        let block = self.blocks[i].clone();
        let laid = self.laid(i)?;
        let local = c.clamp(block.chars.start, block.chars.end) - block.chars.start;
        let row = laid
            .chars
            .get(local)
            .or(laid.chars.last())
            .map_or(0, |b| b.row);
        let first = laid.chars.iter().position(|b| b.row == row)?;
        let last = laid.chars.iter().rposition(|b| b.row == row)?;
        Some(block.chars.start + first..block.chars.start + last + 1)
    }

    /// An estimate of where code point `c` is, even if its block was never laid out.
    pub fn approx_y_of_char(&mut self, c: usize) -> f32 {
        let i = self.block_of_char(c);
        self.top(i)
    }
}

impl LaidBlock {
    /// Character boundary (block-local code point) nearest to galley position `pos`: on
    /// the character under it (or nearest to it on its row), the boundary before it when
    /// `pos` is on the half where it starts (the right half of a right-to-left
    /// character), after it otherwise.
    pub fn boundary_at(&self, pos: Vec2) -> usize {
        let row = self
            .rows
            .iter()
            .position(|&(_, bottom)| pos.y < bottom)
            .unwrap_or(self.rows.len().saturating_sub(1));
        let distance = |b: &CharBox| {
            if pos.x < b.x0 {
                b.x0 - pos.x
            } else if pos.x > b.x1 {
                pos.x - b.x1
            } else {
                0.0
            }
        };
        let nearest = self
            .chars
            .iter()
            .enumerate()
            .filter(|(_, b)| b.row as usize == row)
            .min_by(|(_, a), (_, b)| distance(a).total_cmp(&distance(b)));
        match nearest {
            Some((c, b)) => {
                let left_half = pos.x < (b.x0 + b.x1) / 2.0;
                if left_half != b.rtl { c } else { c + 1 }
            }
            // An empty row: the first character of the next row, or the end.
            None => self
                .chars
                .iter()
                .position(|b| b.row as usize > row)
                .unwrap_or(self.chars.len()),
        }
    }

    /// Rects (galley coordinates) covering block-local code points `range`: one per row,
    /// or several where right-to-left and left-to-right text share a row and the range's
    /// characters are not side by side.
    pub fn rects(&self, range: Range<usize>) -> Vec<Rect> {
        let chars = &self.chars[range.start.min(self.chars.len())..range.end.min(self.chars.len())];
        // Left-to-right text, one stretch a row, is merged without the sort below: the
        // general way costs Latin frames about 6% (frame/1MB, 121 → 127 µs).
        if !chars.iter().any(|b| b.rtl) {
            let mut rects: Vec<Rect> = Vec::new();
            let mut current: Option<(u32, f32, f32)> = None;
            for b in chars {
                current = match current {
                    Some((row, x0, x1)) if row == b.row => Some((row, x0.min(b.x0), x1.max(b.x1))),
                    Some((row, x0, x1)) => {
                        rects.push(self.row_rect(row, x0, x1));
                        Some((b.row, b.x0, b.x1))
                    }
                    None => Some((b.row, b.x0, b.x1)),
                };
            }
            if let Some((row, x0, x1)) = current {
                rects.push(self.row_rect(row, x0, x1));
            }
            return rects;
        }
        // Mixed directions: characters next to each other in the text, on one row and
        // read the same way, stand side by side; those stretches, left to right, are
        // joined where they touch.
        let mut boxes: Vec<(u32, f32, f32)> = Vec::new();
        let mut previous_rtl = None;
        for b in chars {
            match boxes.last_mut() {
                Some(last) if last.0 == b.row && previous_rtl == Some(b.rtl) => {
                    last.1 = last.1.min(b.x0);
                    last.2 = last.2.max(b.x1);
                }
                _ => boxes.push((b.row, b.x0, b.x1)),
            }
            previous_rtl = Some(b.rtl);
        }
        boxes.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut merged: Vec<(u32, f32, f32)> = Vec::new();
        for (row, x0, x1) in boxes {
            match merged.last_mut() {
                Some(last) if last.0 == row && x0 <= last.2 + 1.5 => last.2 = last.2.max(x1),
                _ => merged.push((row, x0, x1)),
            }
        }
        merged
            .into_iter()
            .map(|(row, x0, x1)| self.row_rect(row, x0, x1))
            .collect()
    }

    fn row_rect(&self, row: u32, x0: f32, x1: f32) -> Rect {
        let (y0, y1) = self.rows.get(row as usize).copied().unwrap_or((0.0, 0.0));
        Rect::from_min_max(Pos2::new(x0, y0), Pos2::new(x1.max(x0 + 1.0), y1))
    }

    /// The row and x of a caret before block-local code point `c` (after the last one
    /// when `c` is the block's length).
    pub fn caret(&self, c: usize) -> (usize, f32) {
        match self.chars.get(c) {
            Some(b) => (b.row as usize, if b.rtl { b.x1 } else { b.x0 }),
            None => match self.chars.last() {
                Some(b) => (b.row as usize, if b.rtl { b.x0 } else { b.x1 }),
                None => (0, 0.0),
            },
        }
    }
}

/// The job whose galley tells whether egui's text cache (and so the font atlas) is the
/// one of the last frame: see [`TextLayout::set_frame`].
pub fn probe_job(style: &TextStyle) -> LayoutJob {
    LayoutJob::simple_singleline("spantag".to_owned(), style.font.clone(), style.color)
}

/// Whether `c` belongs to a right-to-left word: Hebrew, Arabic, Syriac, Thaana, their
/// presentation forms, and the joiners used inside such words.
fn is_rtl(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x200C | 0x200D)
}

/// One glyph of a galley, flattened: its row, character and horizontal extent.
struct FlatGlyph {
    row: u32,
    chr: char,
    x0: f32,
    x1: f32,
}

/// A box per character of `shown` from the galley's glyphs, plus the rows' extents.
///
/// Glyphs are matched to characters by the character each glyph records, which copes
/// with what egui 0.37 does beyond one glyph per character: a character a font cannot
/// draw inside a cluster (a skin tone, a variation selector) gets no glyph, and gets a
/// zero-width box; a right-to-left word comes out in visual order with extra empty
/// glyphs (egui issue #8576), so every character of such a word gets the whole word's
/// box. The flag says whether every glyph was accounted for.
pub fn char_boxes(galley: &Galley, shown: &str) -> (Vec<CharBox>, Vec<(f32, f32)>, bool) {
    let rows: Vec<(f32, f32)> = galley.rows.iter().map(|r| (r.min_y(), r.max_y())).collect();
    let glyphs: Vec<FlatGlyph> = galley
        .rows
        .iter()
        .enumerate()
        .flat_map(|(row, placed)| {
            placed.row.glyphs.iter().map(move |g| FlatGlyph {
                row: row as u32,
                chr: g.chr,
                x0: placed.pos.x + g.pos.x,
                x1: placed.pos.x + g.pos.x + g.advance_width,
            })
        })
        .collect();
    let chars: Vec<char> = shown.chars().collect();
    let mut boxes = Vec::with_capacity(chars.len());
    let mut exact = true;
    let (mut c, mut g) = (0, 0);
    let zero_width_at = |glyph: Option<&FlatGlyph>, at_end: bool| match glyph {
        Some(gl) => {
            let x = if at_end { gl.x1 } else { gl.x0 };
            CharBox {
                row: gl.row,
                x0: x,
                x1: x,
                rtl: false,
            }
        }
        None => CharBox {
            row: 0,
            x0: 0.0,
            x1: 0.0,
            rtl: false,
        },
    };
    while c < chars.len() {
        if g >= glyphs.len() {
            // Characters drawn by nothing at the very end.
            boxes.push(zero_width_at(glyphs.last(), true));
            c += 1;
            continue;
        }
        if is_rtl(chars[c]) {
            let run_end = c + chars[c..].iter().take_while(|&&ch| is_rtl(ch)).count();
            let resume = resume_after_run(&glyphs, g, &chars[run_end..]);
            let run = &glyphs[g..resume];
            let row = run.first().map_or(0, |gl| gl.row);
            let in_row = run.iter().filter(|gl| gl.row == row && gl.x1 > gl.x0);
            let (x0, x1) = in_row.fold((f32::MAX, f32::MIN), |(a, b), gl| {
                (a.min(gl.x0), b.max(gl.x1))
            });
            let word = if x0 <= x1 {
                CharBox {
                    row,
                    x0,
                    x1,
                    rtl: true,
                }
            } else {
                zero_width_at(glyphs.get(g), false)
            };
            boxes.extend(std::iter::repeat_n(word, run_end - c));
            c = run_end;
            g = resume;
            continue;
        }
        let glyph = &glyphs[g];
        if glyph.chr == chars[c] {
            boxes.push(CharBox {
                row: glyph.row,
                x0: glyph.x0,
                x1: glyph.x1,
                rtl: false,
            });
            g += 1;
        } else if chars.get(c + 1) == Some(&glyph.chr) {
            // This character has no glyph of its own.
            boxes.push(zero_width_at(Some(glyph), false));
        } else {
            // Unexplained: pair them anyway, so later characters stay in step.
            exact = false;
            boxes.push(CharBox {
                row: glyph.row,
                x0: glyph.x0,
                x1: glyph.x1,
                rtl: false,
            });
            g += 1;
        }
        c += 1;
    }
    if g < glyphs.len() {
        exact = false;
    }
    (boxes, rows, exact)
}

/// The index of the first glyph after a right-to-left run that starts at glyph `from`:
/// where the characters that follow the run (`after`) start again, checked over a few
/// characters so that a letter repeated inside the run does not fool it.
fn resume_after_run(glyphs: &[FlatGlyph], from: usize, after: &[char]) -> usize {
    if after.is_empty() {
        return glyphs.len();
    }
    let check = after
        .iter()
        .take_while(|ch| !is_rtl(**ch))
        .take(3)
        .count()
        .max(1);
    (from + 1..glyphs.len())
        .find(|&k| {
            after[..check]
                .iter()
                .zip(&glyphs[k..])
                .all(|(ch, gl)| gl.chr == *ch)
                && glyphs.len() - k >= check.min(after.len())
        })
        .unwrap_or(glyphs.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn laid_out(text: &str) -> (Vec<CharBox>, bool) {
        let ctx = egui::Context::default();
        crate::ui::fonts::install_fonts(&ctx);
        let mut out = ctx.run_ui(Default::default(), |_| {});
        out.textures_delta.clear();
        let job = LayoutJob::simple(
            text.to_owned(),
            FontId::proportional(17.0),
            Color32::WHITE,
            f32::INFINITY,
        );
        let galley = ctx.fonts_mut(|f| f.layout_job(job));
        let (boxes, _, exact) = char_boxes(&galley, text);
        (boxes, exact)
    }

    #[test]
    fn boxes_follow_the_text_past_arabic_and_emoji() {
        let text = "said Mohammed al-Khatib (محمد الخطيب), a father 🙏🏽 of 🇺🇳 four";
        let (boxes, _) = laid_out(text);
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(boxes.len(), chars.len());
        // Left-to-right text after the Arabic words is in step: each Latin letter's box
        // starts after the previous one's, and has width.
        let latin: Vec<usize> = (0..chars.len())
            .filter(|&i| chars[i].is_ascii_alphabetic())
            .collect();
        for pair in latin.windows(2) {
            assert!(boxes[pair[1]].x0 >= boxes[pair[0]].x1 - 1.5, "{pair:?}");
            assert!(boxes[pair[1]].x1 > boxes[pair[1]].x0);
        }
        // Each Arabic word's characters share one box, between the parentheses.
        let open = chars.iter().position(|&ch| ch == '(').unwrap();
        let close = chars.iter().position(|&ch| ch == ')').unwrap();
        let first_word = &boxes[open + 1..open + 5];
        assert!(first_word.iter().all(|b| *b == first_word[0]));
        for b in &boxes[open + 1..close] {
            assert!(b.x0 >= boxes[open].x1 - 0.5 && b.x1 <= boxes[close].x0 + 0.5);
        }
    }

    #[test]
    fn latin_cyrillic_and_cjk_are_exact() {
        let (boxes, exact) = laid_out("Zürich — Харків, 東京 “talks”");
        assert!(exact);
        assert_eq!(boxes.len(), "Zürich — Харків, 東京 “talks”".chars().count());
        assert!(boxes.windows(2).all(|w| w[1].x0 >= w[0].x0));
    }
}
