//! The article with its spans: a virtualized, highlighted text widget.
//!
//! Only the blocks in view are laid out and painted (see [`TextLayout`]). Spans are drawn
//! as rectangles behind and lines under the text, from cached character boxes, so tagging
//! never lays text out again. Nested and overlapping spans get lanes: each lane has its
//! own underline, and backgrounds layer.
//!
//! The widget does not change anything: it reports what the pointer did as
//! [`ViewEvent`]s, which the app turns into commands.

use crate::ui::bidi_layout::display_order;
use std::ops::Range;

use egui::{Color32, CornerRadius, Pos2, Rect, Sense, Stroke, StrokeKind, Vec2};

use super::text_layout::{TextLayout, TextStyle, probe_job};
use crate::model::text::{snap_to_words, word_at};
use crate::model::{Annotation, Label, Origin, Rgb, Schema, Span, Suggestion};

/// How far from a selected span's edge (in points) a press grabs the edge to resize.
const EDGE_GRAB: f32 = 6.0;
/// Underline thickness and the distance between lanes.
const UNDERLINE: f32 = 2.0;
/// Width of the mark at the edge of a span that starts or ends on punctuation or white
/// space.
const END_CAP: f32 = 2.0;

/// Whether a span edge on `c` (one character) needs a visible mark: punctuation and
/// white space have little or no ink, so the tint alone does not show where the span
/// stops.
fn needs_end_cap(c: &str) -> bool {
    c.chars()
        .next()
        .is_some_and(|ch| ch.is_whitespace() || ch.is_ascii_punctuation() || is_other_mark(ch))
}

/// Punctuation outside ASCII: quotes, dashes, the Arabic comma and full stop.
fn is_other_mark(c: char) -> bool {
    matches!(
        c,
        '“' | '”'
            | '‘'
            | '’'
            | '«'
            | '»'
            | '—'
            | '–'
            | '…'
            | '،'
            | '؛'
            | '؟'
            | '۔'
            | '״'
            | '׳'
    )
}
const LANE_STEP: f32 = 3.5;
/// Lanes beyond this share the last one.
const MAX_LANES: usize = 4;

/// What the pointer asked for in the text.
#[derive(Clone, Debug, PartialEq)]
pub enum ViewEvent {
    /// A selection was made or changed (drag, double-click, Shift+click).
    Select {
        /// The selected code points.
        range: Range<usize>,
        /// Where the caret ends up (the moving end).
        caret: usize,
    },
    /// A click on plain text: put the caret there and drop the selection.
    PlaceCaret(usize),
    /// A click on a span.
    ClickSpan(Span),
    /// A click on a suggestion where there is no span.
    ClickSuggestion(Suggestion),
    /// An edge of the selected span was dragged.
    ResizeSpan {
        /// The span before.
        old: Span,
        /// The span after.
        new: Span,
    },
    /// A label was picked from the right-click menu.
    Tag(Label),
    /// "Delete span" was picked from the right-click menu.
    DeleteSelectedSpan,
}

/// What the widget needs to draw one frame.
pub struct ViewInput<'a> {
    /// Which text this is: each document keeps its own scroll position.
    pub id: egui::IdSalt,
    /// The text the annotation is on.
    pub text: &'a str,
    /// The spans to draw.
    pub annotation: &'a Annotation,
    /// Label colours.
    pub schema: &'a Schema,
    /// The current selection, if any.
    pub selection: Option<Range<usize>>,
    /// The caret, if any.
    pub caret: Option<usize>,
    /// The selected span, if any.
    pub selected_span: Option<&'a Span>,
    /// Scroll so that this code point is in view.
    pub scroll_to: Option<usize>,
    /// Scroll to this content offset (to come back to where the reader was).
    pub scroll_offset: Option<f32>,
    /// Read-only documents draw but report no edits.
    pub read_only: bool,
    /// Ranges to outline (review mode: places of disagreement), with their colour and
    /// stroke width.
    pub marks: &'a [(Range<usize>, Color32, f32)],
    /// Draw the annotation's open suggestions, except those of these sources; `None`:
    /// draw none (review mode).
    pub suggestions: Option<&'a [Origin]>,
    /// The selected suggestion, if any.
    pub selected_suggestion: Option<&'a Suggestion>,
    /// Draw each span's label key at its start (View → Label tags), so that labels do
    /// not rest on colour alone.
    pub label_tags: bool,
    /// The article's font size, in points (View → Text size).
    pub text_size: f32,
    /// Lines no wider than this many points, the text centred (View → Limit line
    /// length); `None`: as wide as the view.
    pub max_width: Option<f32>,
    /// Review mode: each annotator's version at the current place, outlined in its
    /// label's colour, nested one inside the other, with the annotator's short tag.
    pub versions: &'a [(Range<usize>, Color32, String)],
}

/// The article's font size unless the reader chooses another.
pub const TEXT_SIZE: f32 = 17.0;

/// The reading width for `text_size`: about 90 characters of Latin text.
pub fn reading_width(text_size: f32) -> f32 {
    text_size * 45.0
}

#[derive(Clone, Debug, PartialEq)]
enum Drag {
    Select { anchor: usize },
    Resize { span: Span, moving_start: bool },
}

/// Per-document state of the widget that survives frames.
#[derive(Default)]
pub struct ViewState {
    drag: Option<Drag>,
    /// The last viewport (content coordinates), to scroll only when needed.
    viewport: Option<Rect>,
    /// Where the content's top-left corner was on screen in the last frame.
    origin: Option<Pos2>,
}

impl ViewState {
    /// How far down the text was scrolled in the last frame.
    pub fn scroll_offset(&self) -> f32 {
        self.viewport.map_or(0.0, |v| v.min.y)
    }

    /// The height of the visible text in the last frame.
    pub fn viewport_height(&self) -> f32 {
        self.viewport.map_or(600.0, |v| v.height())
    }

    /// Where code point `c` was drawn in the last frame (screen coordinates), if it was:
    /// a thin rect at its left edge, as tall as its row.
    pub fn screen_rect_of(&self, layout: &mut TextLayout, c: usize) -> Option<Rect> {
        let origin = self.origin?;
        layout.caret_rect(c).map(|r| r.translate(origin.to_vec2()))
    }
}

/// Theme-dependent colours of a label.
pub fn label_colors(rgb: Rgb, dark: bool) -> (Color32, Color32) {
    let [r, g, b] = rgb.0;
    let line = Color32::from_rgb(r, g, b);
    let alpha = if dark { 0.32 } else { 0.24 };
    (line, line.gamma_multiply(alpha))
}

/// The suggestions drawn over code points `[from, to)`: open, from a source not hidden;
/// none when the view draws none (review mode).
fn shown_suggestions<'a>(
    input: &'a ViewInput<'_>,
    from: usize,
    to: usize,
) -> impl Iterator<Item = &'a Suggestion> {
    let hidden = input.suggestions;
    hidden.into_iter().flat_map(move |hidden| {
        input
            .annotation
            .open_suggestions_overlapping(from, to)
            .filter(move |s| !hidden.contains(&s.source))
    })
}

/// Small tags at the top of their rows (a span's label key, an annotator's initials),
/// each at its range's logical start: its left edge, or its right edge in right-to-left
/// text. Tags at the same place stand side by side in reading order, so nested spans
/// stay apart; the text is black or white, whichever reads on the tag's colour.
fn paint_tags(painter: &egui::Painter, tags: &[(Rect, bool, String, Color32)]) {
    const SIZE: f32 = 9.0;
    let font = egui::FontId::proportional(SIZE);
    // Tags already at an edge, to put the next one beside them.
    let mut placed: Vec<(Pos2, f32)> = Vec::new();
    // A handful of different tags in a frame: each laid out once.
    let mut laid: Vec<(&str, Color32, std::sync::Arc<egui::Galley>)> = Vec::new();
    for (edge, rtl, key, color) in tags {
        let galley = match laid.iter().find(|(k, c, _)| k == key && c == color) {
            Some((_, _, galley)) => galley.clone(),
            None => {
                let text = if label_contrast_wants_black(*color) {
                    Color32::BLACK
                } else {
                    Color32::WHITE
                };
                let galley = painter.layout_no_wrap(key.clone(), font.clone(), text);
                laid.push((key, *color, galley.clone()));
                galley
            }
        };
        let size = galley.size() + Vec2::new(4.0, 0.0);
        let at = edge.min;
        let offset: f32 = placed
            .iter()
            .filter(|(p, _)| p.distance(at) < 0.5)
            .map(|(_, w)| w + 1.0)
            .sum();
        placed.push((at, size.x));
        let x = if *rtl {
            at.x - offset - size.x
        } else {
            at.x + offset
        };
        // In the gap above the row's glyphs, as far as it goes.
        let rect = Rect::from_min_size(Pos2::new(x, at.y - 3.0), size);
        painter.rect_filled(rect, CornerRadius::same(2), *color);
        painter.galley(rect.min + Vec2::new(2.0, 0.0), galley, Color32::WHITE);
    }
}

/// Whether black text reads better than white on `color` (WCAG contrast).
fn label_contrast_wants_black(color: Color32) -> bool {
    use crate::model::palette::contrast;
    let rgb = Rgb([color.r(), color.g(), color.b()]);
    contrast(rgb, Rgb([0, 0, 0])) >= contrast(rgb, Rgb([0xff; 3]))
}

/// The colour of text written in a label's colour: a shade of it that reads on the
/// theme's background (at least 4.5:1, `palette::text_shade`).
pub fn label_text_color(rgb: Rgb, dark: bool) -> Color32 {
    let Rgb([r, g, b]) = crate::model::palette::text_shade(rgb, dark);
    Color32::from_rgb(r, g, b)
}

fn color_of(schema: &Schema, label: &Label, dark: bool) -> (Color32, Color32) {
    match schema.get(label) {
        Some(def) => label_colors(def.color_for(dark), dark),
        None => label_colors(Rgb([0x80, 0x80, 0x80]), dark),
    }
}

/// The text style the window uses at `size`, from the current visuals.
pub fn text_style(ui: &egui::Ui, size: f32) -> TextStyle {
    TextStyle {
        font: egui::FontId::proportional(size),
        row_height: (size * 1.75).round(),
        // Darker or lighter than egui's body text: hours of reading want contrast.
        color: if ui.visuals().dark_mode {
            Color32::from_gray(218)
        } else {
            Color32::from_gray(24)
        },
        block_gap: 10.0,
    }
}

/// Assigns each span a lane so that overlapping spans never share one: outer (longer)
/// spans get the low lanes. `spans` must be sorted by start.
fn lanes(spans: &[&Span]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by(|&a, &b| {
        (spans[a].start, std::cmp::Reverse(spans[a].end))
            .cmp(&(spans[b].start, std::cmp::Reverse(spans[b].end)))
    });
    let mut lane_ends: Vec<usize> = Vec::new();
    let mut result = vec![0; spans.len()];
    for i in order {
        let span = spans[i];
        let lane = match lane_ends.iter().position(|&end| end <= span.start) {
            Some(free) => free,
            None => {
                lane_ends.push(0);
                lane_ends.len() - 1
            }
        };
        lane_ends[lane] = span.end;
        result[i] = lane;
    }
    result
}

/// Shows the text. Returns what the pointer asked for.
pub fn text_view_ui(
    ui: &mut egui::Ui,
    layout: &mut TextLayout,
    state: &mut ViewState,
    input: &ViewInput<'_>,
) -> Vec<ViewEvent> {
    let style = text_style(ui, input.text_size);
    let dark = ui.visuals().dark_mode;
    let mut events = Vec::new();

    let mut scroll = egui::ScrollArea::vertical()
        .id_salt(input.id)
        .auto_shrink(false);
    if let Some(offset) = input.scroll_offset {
        scroll = scroll.vertical_scroll_offset(offset.max(0.0));
    } else if let (Some(target), Some(viewport)) = (input.scroll_to, state.viewport) {
        let y = layout
            .caret_rect(target)
            .map_or_else(|| layout.approx_y_of_char(target), |r| r.min.y);
        if y < viewport.min.y || y > viewport.max.y - style.row_height * 2.0 {
            scroll = scroll.vertical_scroll_offset((y - viewport.height() / 3.0).max(0.0));
        }
    }

    scroll.show_viewport(ui, |ui, viewport| {
        let full = ui.available_width();
        let width = input.max_width.map_or(full, |w| w.min(full));
        // A narrower text stands in the middle of the view.
        let inset = ((full - width) / 2.0).floor();
        let probe = ui.fonts_mut(|f| f.layout_job(probe_job(&style)));
        layout.set_frame(width, &style, probe);
        // Lay out what is in view; new heights may move blocks, so look again.
        let mut visible = layout.blocks_in(viewport.min.y, viewport.max.y);
        for _ in 0..3 {
            let mut moved = false;
            for i in visible.clone() {
                moved |= layout.ensure_laid_out(i, input.text, &mut |job| {
                    ui.fonts_mut(|f| f.layout_job(job))
                });
            }
            let now = layout.blocks_in(viewport.min.y, viewport.max.y);
            if !moved || now == visible {
                visible = now;
                break;
            }
            visible = now;
        }
        layout.evict_far_from(visible.clone());
        let total = layout.total_height();
        ui.set_min_height(total);
        state.viewport = Some(viewport);

        let origin = ui.max_rect().min + Vec2::new(inset, 0.0);
        state.origin = Some(origin);
        let to_screen = |r: Rect| r.translate(origin.to_vec2());
        // The whole view takes clicks and paint, margins included.
        let view_rect = Rect::from_min_size(
            ui.max_rect().min + Vec2::new(0.0, viewport.min.y),
            Vec2::new(full, viewport.height()),
        );
        let painter = ui.painter_at(view_rect);

        // Spans in view, with lanes, per block.
        let mut underlines: Vec<(Rect, usize, Color32)> = Vec::new();
        // (where the span starts, reading right to left, label, its line colour)
        let mut tags: Vec<(usize, usize, Rect, bool, &Label, Color32)> = Vec::new();
        for i in visible.clone() {
            let block = layout.blocks()[i].clone();
            let spans: Vec<&Span> = input
                .annotation
                .spans_overlapping(
                    block.chars.start,
                    block.chars.end.max(block.chars.start + 1),
                )
                .collect();
            let span_lanes = lanes(&spans);
            for (span, lane) in spans.iter().zip(span_lanes) {
                let (line, fill) = color_of(input.schema, &span.label, dark);
                if input.label_tags
                    && block.chars.contains(&span.start)
                    && let (Some(edge), Some(rtl)) = (
                        layout.edge_rect(span.start, false),
                        layout.is_rtl(span.start),
                    )
                {
                    tags.push((
                        span.start,
                        span.end,
                        to_screen(edge),
                        rtl,
                        &span.label,
                        line,
                    ));
                }
                for rect in layout.range_rects(span.start..span.end, i..i + 1) {
                    let rect = to_screen(rect);
                    painter.rect_filled(rect, CornerRadius::same(2), fill);
                    underlines.push((rect, lane.min(MAX_LANES - 1), line));
                }
                // A span that starts or ends on a mark or a space shows that edge, or
                // its extent would be a guess (a full stop's tint is a sliver).
                for (c, end) in [(span.start, false), (span.end.saturating_sub(1), true)] {
                    let edge_char = input.annotation.document.slice(c, c + 1).unwrap_or("");
                    if !block.chars.contains(&c) || !needs_end_cap(edge_char) {
                        continue;
                    }
                    if let Some(edge) = layout.edge_rect(c, end) {
                        let edge = to_screen(edge);
                        painter.line_segment([edge.min, edge.max], Stroke::new(END_CAP, line));
                    }
                }
            }
        }
        if let Some(selection) = &input.selection {
            let fill = ui.visuals().selection.bg_fill.gamma_multiply(0.55);
            for rect in layout.range_rects(selection.clone(), visible.clone()) {
                painter.rect_filled(to_screen(rect), CornerRadius::ZERO, fill);
            }
        }
        for i in visible.clone() {
            let top = layout.top(i);
            if let Some(laid) = layout.laid(i) {
                painter.galley(
                    origin + Vec2::new(0.0, top),
                    laid.galley.clone(),
                    style.color,
                );
            }
        }
        for (rect, lane, color) in underlines {
            let y = rect.max.y - 2.0 - lane as f32 * LANE_STEP;
            painter.line_segment(
                [Pos2::new(rect.min.x, y), Pos2::new(rect.max.x, y)],
                Stroke::new(UNDERLINE, color),
            );
        }
        // Where several spans start at one place, the outer one's tag comes first.
        tags.sort_by_key(|t| (t.0, std::cmp::Reverse(t.1)));
        let mut tags: Vec<(Rect, bool, String, Color32)> = tags
            .into_iter()
            .map(|t| {
                let key = input.schema.get(t.4).map_or_else(
                    || t.4.as_str().chars().take(2).collect(),
                    |d| d.key.to_string(),
                );
                (t.2, t.3, key, t.5)
            })
            .collect();
        // Each annotator's version of the current place (review mode), nested outlines.
        for (k, (range, color, who)) in input.versions.iter().enumerate() {
            for rect in layout.range_rects(range.clone(), visible.clone()) {
                painter.rect_stroke(
                    to_screen(rect).expand(1.0 + 2.5 * k as f32),
                    CornerRadius::same(2),
                    Stroke::new(1.5, *color),
                    StrokeKind::Outside,
                );
            }
            if let (Some(edge), Some(rtl)) = (
                layout.edge_rect(range.start, false),
                layout.is_rtl(range.start),
            ) && visible.contains(&layout.block_of_char(range.start))
            {
                tags.push((to_screen(edge), rtl, who.clone(), *color));
            }
        }
        paint_tags(&painter, &tags);
        // Suggestions: a thin square outline in the label's colour, no fill, so that they
        // read as proposals and the text under them as it is (a span is filled and
        // underlined, a find hit has a rounded outline around it). One shape each: a
        // dashed line is a shape per dash, which costs four times as much to draw.
        if input.suggestions.is_some() {
            for i in visible.clone() {
                let block = &layout.blocks()[i];
                let (from, to) = (
                    block.chars.start,
                    block.chars.end.max(block.chars.start + 1),
                );
                let shown: Vec<&Suggestion> = shown_suggestions(input, from, to).collect();
                for suggestion in shown {
                    let (line, _) = color_of(input.schema, &suggestion.span.label, dark);
                    let selected = input.selected_suggestion == Some(suggestion);
                    for rect in
                        layout.range_rects(suggestion.span.start..suggestion.span.end, i..i + 1)
                    {
                        let rect = to_screen(rect).shrink2(Vec2::new(0.0, 1.0));
                        if selected {
                            painter.rect_stroke(
                                rect.expand(1.5),
                                CornerRadius::same(3),
                                Stroke::new(2.5, line),
                                StrokeKind::Outside,
                            );
                        } else {
                            painter.rect_stroke(
                                rect,
                                CornerRadius::ZERO,
                                Stroke::new(1.5, line),
                                StrokeKind::Inside,
                            );
                        }
                    }
                }
            }
        }
        // Thousands of find hits cost two comparisons each when out of view.
        let shown_chars = match (visible.start, visible.end.checked_sub(1)) {
            (first, Some(last)) if first <= last => {
                layout.blocks()[first].chars.start..layout.blocks()[last].chars.end
            }
            _ => 0..0,
        };
        for (range, color, width) in input.marks {
            if range.end < shown_chars.start || range.start > shown_chars.end {
                continue;
            }
            for rect in layout.range_rects(range.clone(), visible.clone()) {
                painter.rect_stroke(
                    to_screen(rect).expand(3.0),
                    CornerRadius::same(4),
                    Stroke::new(*width, *color),
                    StrokeKind::Outside,
                );
            }
        }
        if let Some(span) = input.selected_span {
            let (line, _) = color_of(input.schema, &span.label, dark);
            let rects = layout.range_rects(span.start..span.end, visible.clone());
            for rect in &rects {
                painter.rect_stroke(
                    to_screen(*rect).expand(1.5),
                    CornerRadius::same(3),
                    Stroke::new(2.0, line),
                    StrokeKind::Outside,
                );
            }
            // Handles at both ends, to show the edges can be dragged.
            let ends = [
                rects.first().map(|r| r.left_center()),
                rects.last().map(|r| r.right_center()),
            ];
            for end in ends.into_iter().flatten() {
                painter.circle_filled(origin + end.to_vec2(), 3.5, line);
            }
        }
        if let Some(caret) = input.caret
            && let Some(rect) = layout.caret_rect(caret)
            && visible.contains(&layout.block_of_char(caret))
        {
            painter.rect_filled(to_screen(rect), CornerRadius::ZERO, style.color);
        }

        // Pointer.
        let id = ui.make_persistent_id("text_view_content");
        let response = ui.interact(view_rect, id, Sense::click_and_drag());
        // The text takes the keyboard whenever nothing else has it, and keeps Tab, the
        // arrows and Escape for itself (egui would otherwise move focus with them).
        if response.clicked() || response.drag_started() || ui.memory(|m| m.focused().is_none()) {
            response.request_focus();
        }
        ui.memory_mut(|m| {
            m.set_focus_lock_filter(
                id,
                egui::EventFilter {
                    tab: true,
                    horizontal_arrows: true,
                    vertical_arrows: true,
                    escape: true,
                },
            );
        });
        let to_content = |p: Pos2| p - origin.to_vec2();
        let modifiers = ui.input(|i| i.modifiers);
        let hit = |layout: &mut TextLayout, p: Pos2| layout.char_at(to_content(p));

        if let Some(pos) = response.hover_pos()
            && let Some(c) = hit(layout, pos)
        {
            let under: Vec<&Span> = input.annotation.spans_overlapping(c, c + 1).collect();
            let suggested: Vec<&Suggestion> = shown_suggestions(input, c, c + 1).collect();
            if (!under.is_empty() || !suggested.is_empty()) && state.drag.is_none() {
                response.clone().on_hover_ui_at_pointer(|ui| {
                    for suggestion in &suggested {
                        let name = input
                            .schema
                            .get(&suggestion.span.label)
                            .map_or(suggestion.span.label.as_str(), |d| d.display.as_str());
                        let (line, _) = color_of(input.schema, &suggestion.span.label, dark);
                        ui.horizontal(|ui| {
                            ui.colored_label(
                                line,
                                format!("suggested by the {}:", suggestion.source),
                            );
                            ui.strong(name);
                            ui.label(display_order(input.annotation.span_text(&suggestion.span)));
                        });
                        ui.weak("Enter accepts, a label key accepts as that label, X rejects");
                    }
                    for span in &under {
                        let name = input
                            .schema
                            .get(&span.label)
                            .map_or(span.label.as_str(), |d| d.display.as_str());
                        let (line, _) = color_of(input.schema, &span.label, dark);
                        ui.horizontal(|ui| {
                            ui.colored_label(line, "■");
                            ui.strong(name);
                            ui.label(display_order(input.annotation.span_text(span)));
                        });
                    }
                });
            }
        }

        if input.read_only {
            state.drag = None;
            return;
        }

        let press_origin = ui.input(|i| i.pointer.press_origin());
        if response.drag_started()
            && let Some(pos) = press_origin
            && let Some(c) = hit(layout, pos)
        {
            state.drag = Some(
                match grabbed_edge(layout, input.selected_span, to_content(pos), &visible) {
                    Some((span, moving_start)) => Drag::Resize { span, moving_start },
                    None => Drag::Select { anchor: c },
                },
            );
        }
        if let (Some(drag), Some(pos)) = (&state.drag, response.interact_pointer_pos())
            && let Some(c) = hit(layout, pos)
        {
            match drag {
                Drag::Select { anchor } => {
                    let (a, b) = ((*anchor).min(c), (*anchor).max(c));
                    if a < b {
                        let range = snap(input.text, layout, a..b, modifiers.alt);
                        events.push(ViewEvent::Select { range, caret: c });
                    }
                }
                Drag::Resize { .. } => {}
            }
        }
        if response.drag_stopped() {
            if let (Some(Drag::Resize { span, moving_start }), Some(pos)) =
                (state.drag.take(), response.interact_pointer_pos())
                && let Some(c) = hit(layout, pos)
                && let Some(new) =
                    resized(input.text, layout, &span, moving_start, c, modifiers.alt)
            {
                events.push(ViewEvent::ResizeSpan { old: span, new });
            }
            state.drag = None;
        }

        if response.double_clicked()
            && let Some(pos) = response.interact_pointer_pos()
            && let Some(c) = hit(layout, pos)
            && let Some(range) = word_range(input.text, layout, c)
        {
            events.push(ViewEvent::Select {
                caret: range.end,
                range,
            });
        } else if response.clicked()
            && let Some(pos) = response.interact_pointer_pos()
            && let Some(c) = hit(layout, pos)
        {
            let anchor = input
                .selection
                .as_ref()
                .map(|s| {
                    if input.caret == Some(s.end) {
                        s.start
                    } else {
                        s.end
                    }
                })
                .or(input.caret);
            if modifiers.shift
                && let Some(anchor) = anchor
                && anchor != c
            {
                let range = snap(
                    input.text,
                    layout,
                    anchor.min(c)..anchor.max(c),
                    modifiers.alt,
                );
                events.push(ViewEvent::Select { range, caret: c });
            } else {
                let clicked = span_at_pointer(input.annotation, layout, to_content(pos), c);
                let suggested = || {
                    shown_suggestions(input, c, c + 1)
                        .min_by_key(|s| (s.span.len(), s.span.start))
                        .cloned()
                };
                events.push(match (clicked, suggested()) {
                    (Some(span), _) => ViewEvent::ClickSpan(span),
                    (None, Some(suggestion)) => ViewEvent::ClickSuggestion(suggestion),
                    (None, None) => ViewEvent::PlaceCaret(c),
                });
            }
        }
        if response.secondary_clicked()
            && let Some(pos) = response.interact_pointer_pos()
            && let Some(c) = hit(layout, pos)
            && input.selection.is_none()
            && let Some(span) = span_at_pointer(input.annotation, layout, to_content(pos), c)
        {
            events.push(ViewEvent::ClickSpan(span));
        }
        response.context_menu(|ui| {
            let target = if input.selection.is_some() {
                "Tag the selection as"
            } else if input.selected_span.is_some() {
                "Relabel the span as"
            } else {
                ui.label("Select some text first");
                return;
            };
            ui.label(target);
            for def in &input.schema.labels {
                let line = label_text_color(def.color_for(dark), dark);
                let text = egui::RichText::new(format!("{}  {}", def.key, def.display)).color(line);
                if ui.button(text).clicked() {
                    events.push(ViewEvent::Tag(def.name.clone()));
                    ui.close();
                }
            }
            if input.selected_span.is_some() && input.selection.is_none() {
                ui.separator();
                if ui.button("Delete span  (Del)").clicked() {
                    events.push(ViewEvent::DeleteSelectedSpan);
                    ui.close();
                }
            }
        });
    });
    events
}

/// The selected span and which edge, if `pos` (content coordinates) is near one.
fn grabbed_edge(
    layout: &mut TextLayout,
    span: Option<&Span>,
    pos: Pos2,
    visible: &Range<usize>,
) -> Option<(Span, bool)> {
    let span = span?;
    let rects = layout.range_rects(span.start..span.end, visible.clone());
    let near = |p: Pos2, r: &Rect| {
        (p.x - pos.x).abs() <= EDGE_GRAB && pos.y >= r.min.y && pos.y <= r.max.y
    };
    if let Some(first) = rects.first()
        && near(first.left_center(), first)
    {
        return Some((span.clone(), true));
    }
    if let Some(last) = rects.last()
        && near(last.right_center(), last)
    {
        return Some((span.clone(), false));
    }
    None
}

/// The innermost span under the pointer: the shortest one covering code point `c` whose
/// box contains `pos` (a click right of a line's end does not pick a span).
fn span_at_pointer(
    annotation: &Annotation,
    layout: &mut TextLayout,
    pos: Pos2,
    c: usize,
) -> Option<Span> {
    let block = layout.block_of_char(c);
    let candidates: Vec<Span> = annotation
        .spans_overlapping(c.saturating_sub(1), c + 1)
        .cloned()
        .collect();
    candidates
        .into_iter()
        .filter(|s| {
            layout
                .range_rects(s.start..s.end, block..block + 1)
                .iter()
                .any(|r| r.contains(pos))
        })
        .min_by_key(|s| (s.len(), s.start))
}

/// `range` snapped to whole words of its block(s), unless `exact`.
fn snap(text: &str, layout: &TextLayout, range: Range<usize>, exact: bool) -> Range<usize> {
    if exact {
        return range;
    }
    let first = &layout.blocks()[layout.block_of_char(range.start)];
    let last = &layout.blocks()[layout.block_of_char(range.end.saturating_sub(1))];
    let local_text = &text[first.bytes.start..last.bytes.end];
    let base = first.chars.start;
    let end_limit = last.chars.end;
    let (s, e) = snap_to_words(
        local_text,
        range.start.saturating_sub(base),
        range.end.min(end_limit).saturating_sub(base),
    );
    (base + s)..(base + e).max(base + s)
}

/// The word at code point `c`, in document code points.
fn word_range(text: &str, layout: &TextLayout, c: usize) -> Option<Range<usize>> {
    let block = &layout.blocks()[layout.block_of_char(c)];
    let local = &text[block.bytes.clone()];
    let at = c.checked_sub(block.chars.start)?;
    let (s, e) = word_at(local, at).or_else(|| word_at(local, at.checked_sub(1)?))?;
    Some(block.chars.start + s..block.chars.start + e)
}

/// `span` with one edge moved to `c` (snapped to a word edge unless `exact`); `None` when
/// that would leave it empty or unchanged.
fn resized(
    text: &str,
    layout: &TextLayout,
    span: &Span,
    moving_start: bool,
    c: usize,
    exact: bool,
) -> Option<Span> {
    let snapped = |c: usize, to_start: bool| -> usize {
        if exact {
            return c;
        }
        match word_range(text, layout, c) {
            Some(w) if to_start => w.start,
            Some(w) => {
                if c == w.start {
                    c
                } else {
                    w.end
                }
            }
            None => c,
        }
    };
    let (start, end) = if moving_start {
        (snapped(c, true), span.end)
    } else {
        (span.start, snapped(c, false))
    };
    let (start, end) = (start.min(end), start.max(end));
    let new = Span::new(start, end, span.label.clone());
    (start < end && new != *span).then_some(new)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WebAnno #1033 (punctuation at a span's edge is invisible): edges on marks and
    /// spaces get a cap, edges on letters do not.
    #[test]
    fn edges_on_marks_and_spaces_are_capped() {
        for c in [".", ",", " ", "\u{a0}", "“", "”", "—", "،", "؟", "״", ")"] {
            assert!(needs_end_cap(c), "{c:?}");
        }
        for c in ["a", "Х", "ح", "ש", "7", "😀", ""] {
            assert!(!needs_end_cap(c), "{c:?}");
        }
    }

    #[test]
    fn nested_spans_get_their_own_lanes() {
        let event = Span::new(0, 30, "event");
        let place = Span::new(10, 14, "location");
        let actor = Span::new(20, 25, "actor");
        let later = Span::new(31, 35, "actor");
        let spans = vec![&event, &place, &actor, &later];
        assert_eq!(lanes(&spans), [0, 1, 1, 0]);
        let same_start = Span::new(10, 12, "actor");
        let spans = vec![&event, &same_start, &place];
        // Sorted by start, longer first: event 0, place (10..14) 1, same_start (10..12) 2.
        assert_eq!(lanes(&spans), [0, 2, 1]);
    }
}
