//! Right-to-left text in the window (issue 13): an Arabic article laid out from the
//! right, and the mouse selecting and tagging by logical offsets wherever the characters
//! stand on screen. Each test names the peer tool's bug it guards against.

use std::fs;
use std::path::Path;

use egui::Modifiers;
use egui_kittest::Harness;
use spantag::model::Span;
use spantag::ui::SpantagApp;

use crate::window::{drag, harness, type_label_key, wait_ready};

/// "The spokesman said that opposition forces took two towns north of Homs on Friday."
const TEXT: &str = "قال المتحدث إن قوات المعارضة سيطرت على بلدتين شمال حمص يوم الجمعة.";

/// A corpus in `dir` holding only `text` as `id`, opened on it as carol.
fn window_on(dir: &Path, id: &str, text: &str) -> Harness<'static, SpantagApp> {
    fs::create_dir_all(dir.join("samples")).unwrap();
    fs::write(dir.join(format!("samples/{id}.txt")), text).unwrap();
    let mut harness = harness(dir, "carol");
    wait_ready(&mut harness);
    for _ in 0..3 {
        harness.step();
    }
    harness
}

/// A corpus holding only [`TEXT`] as `homs-ar`, opened on it as carol.
fn arabic_window(dir: &Path) -> Harness<'static, SpantagApp> {
    window_on(dir, "homs-ar", TEXT)
}

/// A copy of the bundled corpus opened on the Arabic sample as alice (who annotated it).
fn aleppo_window() -> (tempfile::TempDir, Harness<'static, SpantagApp>) {
    let corpus = crate::bundled_corpus_copy();
    let path = corpus
        .path()
        .join("samples/aleppo-water-station-back-online.txt");
    let mut harness = crate::window::harness(&path, "alice");
    wait_ready(&mut harness);
    (corpus, harness)
}

/// Code points of `word` in [`TEXT`].
fn at(word: &str) -> std::ops::Range<usize> {
    let start = TEXT[..TEXT.find(word).unwrap()].chars().count();
    start..start + word.chars().count()
}

/// Where code point `c` is drawn (screen coordinates).
fn rect_of(harness: &mut Harness<'_, SpantagApp>, c: usize) -> egui::Rect {
    harness.state_mut().screen_rect_of(c).unwrap()
}

fn spans_of(harness: &Harness<'_, SpantagApp>) -> Vec<Span> {
    harness
        .state()
        .editor()
        .unwrap()
        .annotation
        .spans()
        .to_vec()
}

/// The open document's text.
fn text_of(harness: &Harness<'_, SpantagApp>) -> String {
    harness
        .state()
        .editor()
        .unwrap()
        .annotation
        .document
        .text()
        .to_owned()
}

fn selection(harness: &Harness<'_, SpantagApp>) -> Option<std::ops::Range<usize>> {
    harness.state().editor().unwrap().selection.clone()
}

/// doccano #769 (the order scrambles): the first logical word is drawn rightmost, the
/// last leftmost.
#[test]
fn an_arabic_line_starts_at_the_right() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = arabic_window(dir.path());
    let first = rect_of(&mut harness, 0);
    let last = rect_of(&mut harness, TEXT.chars().count() - 2);
    assert!(first.min.x > last.max.x + 300.0, "{first:?} {last:?}");
}

/// INCEpTION #2837 (a selection marks only the last character): a double-click at the
/// right end of the line selects its first logical word whole, and a label key tags
/// exactly that word.
#[test]
fn a_double_click_at_the_right_end_selects_and_tags_the_first_word() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = arabic_window(dir.path());
    let said = at("قال");
    let right_end = rect_of(&mut harness, said.start).right_center() - egui::vec2(2.0, 0.0);
    harness.hover_at(right_end);
    harness.step();
    // Two clicks in quick succession: both in one frame's input.
    crate::window::double_click(&mut harness, right_end);
    for _ in 0..2 {
        harness.step();
    }
    assert_eq!(selection(&harness), Some(said.clone()));
    type_label_key(&mut harness, "1");
    let spans = spans_of(&harness);
    assert_eq!(spans, [Span::new(said.start, said.end, "actor")]);
}

/// INCEpTION #5947 (mixed directions still broken): a drag from the right part of one
/// word to the left part of the next selects both, in logical offsets.
#[test]
fn a_drag_right_to_left_across_two_words_gives_their_logical_range() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = arabic_window(dir.path());
    let forces = at("قوات");
    let opposition = at("المعارضة");
    let from = rect_of(&mut harness, forces.start + 1).center();
    let to = rect_of(&mut harness, opposition.end - 2).center();
    assert!(from.x > to.x, "the drag goes right to left");
    drag(&mut harness, from, to, Modifiers::NONE);
    assert_eq!(selection(&harness), Some(forces.start..opposition.end));
}

/// Alt+drag selects exact characters inside an Arabic word: the article ال of المعارضة.
#[test]
fn an_alt_drag_inside_a_word_selects_exact_characters() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = arabic_window(dir.path());
    let opposition = at("المعارضة");
    // The right half of a right-to-left letter is where it starts.
    let start = rect_of(&mut harness, opposition.start).right_center() - egui::vec2(1.0, 0.0);
    let end = rect_of(&mut harness, opposition.start + 2).right_center() - egui::vec2(1.0, 0.0);
    drag(&mut harness, start, end, Modifiers::ALT);
    assert_eq!(
        selection(&harness),
        Some(opposition.start..opposition.start + 2)
    );
}

/// INCEpTION #5506 (letters lose their joining at a span's edge): tagging a span moves
/// no character on screen, since spans are drawn under the text, never cut into it.
#[test]
fn tagging_a_span_moves_no_glyph() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = arabic_window(dir.path());
    let n = TEXT.chars().count();
    let before: Vec<egui::Rect> = (0..n).map(|c| rect_of(&mut harness, c)).collect();
    let homs = at("حمص");
    let from = rect_of(&mut harness, homs.start).center();
    let to = rect_of(&mut harness, homs.end - 1).center();
    drag(&mut harness, from, to, Modifiers::NONE);
    type_label_key(&mut harness, "2");
    for _ in 0..2 {
        harness.step();
    }
    let spans = spans_of(&harness);
    assert_eq!(spans, [Span::new(homs.start, homs.end, "location")]);
    let after: Vec<egui::Rect> = (0..n).map(|c| rect_of(&mut harness, c)).collect();
    assert_eq!(before, after);
}

/// The arrow keys move the way they point: in Arabic, Left goes on to the next word
/// (which stands to the left) and Right goes back; Shift+Left extends over the next
/// word. In English nothing changes (the other window tests).
#[test]
fn arrow_keys_move_the_way_they_point_in_arabic() {
    use egui::Key;
    let dir = tempfile::tempdir().unwrap();
    let mut harness = arabic_window(dir.path());
    let said = at("قال");
    let spokesman = at("المتحدث");
    harness
        .state_mut()
        .send(spantag::ui::command::Command::Edit(
            spantag::ui::command::EditCommand::PlaceCaret(said.start),
        ));
    harness.step();
    harness.key_press(Key::ArrowLeft);
    harness.step();
    assert_eq!(
        harness.state().editor().unwrap().caret,
        Some(spokesman.start)
    );
    let left_of = rect_of(&mut harness, spokesman.start);
    let was = rect_of(&mut harness, said.start);
    assert!(left_of.max.x < was.min.x, "the caret moved left on screen");
    harness.key_press(Key::ArrowRight);
    harness.step();
    assert_eq!(harness.state().editor().unwrap().caret, Some(said.start));
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowLeft);
    harness.step();
    assert_eq!(selection(&harness), Some(said.start..said.end));
}

/// Home and End go to the start and end of the caret's row in reading order: in Arabic
/// the start is the right end; Shift+Home selects back to it.
#[test]
fn home_and_end_go_to_the_row_start_and_end_in_reading_order() {
    use egui::Key;
    use spantag::ui::command::{Command, EditCommand};
    let dir = tempfile::tempdir().unwrap();
    let mut harness = arabic_window(dir.path());
    let forces = at("قوات");
    harness
        .state_mut()
        .send(Command::Edit(EditCommand::PlaceCaret(forces.start + 1)));
    harness.step();
    harness.key_press(Key::End);
    harness.step();
    // One row: End is the end of the text.
    let n = TEXT.chars().count();
    assert_eq!(harness.state().editor().unwrap().caret, Some(n));
    harness.key_press(Key::Home);
    harness.step();
    assert_eq!(harness.state().editor().unwrap().caret, Some(0));
    let home = harness.state_mut().screen_rect_of(0).unwrap();
    let end = harness.state_mut().screen_rect_of(n - 1).unwrap();
    assert!(
        home.min.x > end.max.x,
        "the start of an Arabic row is on the right"
    );
    harness
        .state_mut()
        .send(Command::Edit(EditCommand::PlaceCaret(forces.end)));
    harness.step();
    harness.key_press_modifiers(Modifiers::SHIFT, Key::Home);
    harness.step();
    assert_eq!(selection(&harness), Some(0..forces.end));
}

/// On a wrapped English row, End stops after the row's last word, on that row (not past
/// the space it wraps at, which would be the next row's start).
#[test]
fn end_stops_at_the_last_word_of_a_wrapped_row() {
    use egui::Key;
    use spantag::ui::command::{Command, EditCommand};
    let corpus = crate::bundled_corpus_copy();
    let path = corpus
        .path()
        .join(format!("samples/{}.txt", crate::window::SEED));
    let mut harness = harness(&path, "carol");
    wait_ready(&mut harness);
    let text = text_of(&harness);
    // The longest line, which wraps.
    let mut offset = 0;
    let mut start = 0;
    let mut longest = 0;
    for line in text.split('\n') {
        let n = line.chars().count();
        if n > longest {
            (longest, start) = (n, offset);
        }
        offset += n + 1;
    }
    harness
        .state_mut()
        .send(Command::Edit(EditCommand::PlaceCaret(start)));
    harness.step();
    harness.key_press(Key::End);
    harness.step();
    let end = harness.state().editor().unwrap().caret.unwrap();
    let chars: Vec<char> = text.chars().collect();
    assert!(end > start + 20, "{start} → {end}");
    assert!(!chars[end - 1].is_whitespace(), "{:?}", chars[end - 1]);
    let first = harness.state_mut().screen_rect_of(start).unwrap();
    let last = harness.state_mut().screen_rect_of(end - 1).unwrap();
    assert_eq!(first.center().y, last.center().y, "End stays on the row");
    assert!(
        chars[end].is_whitespace(),
        "the row wraps at a space: {:?}",
        chars[end]
    );
}

/// A span too long for the span list keeps its first words: an Arabic one is cut on the
/// left, where it ends, with "…" there, not on the right, where it starts.
#[test]
fn the_span_list_cuts_a_long_arabic_span_at_its_end() {
    use egui_kittest::kittest::{NodeT, Queryable};
    let (_corpus, harness) = aleppo_window();
    // "The General Establishment for Drinking Water": four words, too many for the row.
    let labels: Vec<String> = harness
        .query_all_by_label_contains("المؤسسة")
        .map(|node| node.accesskit_node().label().unwrap_or_default())
        .collect();
    assert_eq!(labels.len(), 1, "{labels:?}");
    let label = labels[0].trim_start();
    assert!(
        label.starts_with('…') && label.ends_with("العامة المؤسسة"),
        "{label:?}"
    );
}

/// Up and Down move by row on screen: from the start of an Arabic row (its right end),
/// Down goes to the start of the next row, at the right end too, and Up comes back.
#[test]
fn up_and_down_keep_the_caret_at_the_right_end_of_arabic_rows() {
    use egui::Key;
    use spantag::ui::command::{Command, EditCommand};
    let (_corpus, mut harness) = aleppo_window();
    let caret = |h: &Harness<'_, SpantagApp>| h.state().editor().unwrap().caret.unwrap();
    harness
        .state_mut()
        .send(Command::Edit(EditCommand::PlaceCaret(0)));
    harness.step();
    harness.key_press(Key::ArrowDown);
    harness.step();
    let second_row = caret(&harness);
    // The first paragraph wraps: the second row starts after a space of the first.
    let text = text_of(&harness);
    let chars: Vec<char> = text.chars().collect();
    assert!(
        second_row > 20 && chars[second_row - 1] == ' ',
        "{second_row}"
    );
    let first = rect_of(&mut harness, 0);
    let below = rect_of(&mut harness, second_row);
    assert!(below.min.y > first.max.y - 1.0, "{first:?} {below:?}");
    assert!(
        (below.max.x - first.max.x).abs() < 4.0,
        "{first:?} {below:?}"
    );
    harness.key_press(Key::ArrowUp);
    harness.step();
    assert_eq!(caret(&harness), 0);
}

/// The vertical strokes END_CAP wide drawn in the last frame: span end caps.
fn end_caps(harness: &Harness<'_, SpantagApp>) -> Vec<[egui::Pos2; 2]> {
    crate::window::painted(harness, |shape| match shape {
        egui::Shape::LineSegment { points, stroke }
            if stroke.width == 2.0 && points[0].x == points[1].x =>
        {
            Some(*points)
        }
        _ => None,
    })
}

/// WebAnno #1033 (punctuation at a span's edge is invisible): a span that ends on the
/// full stop of an Arabic line shows where it ends with a cap on the left edge of the
/// full stop, which stands at the left end of the line; its start, on a letter, has none.
#[test]
fn a_span_ending_on_a_full_stop_shows_its_end_on_the_left() {
    use spantag::ui::command::{Command, EditCommand};
    let dir = tempfile::tempdir().unwrap();
    let mut harness = arabic_window(dir.path());
    harness.step();
    assert!(end_caps(&harness).is_empty());
    let friday = at("الجمعة.");
    harness.state_mut().send(Command::Edit(EditCommand::Select {
        range: friday.clone(),
        caret: friday.end,
    }));
    harness.step();
    type_label_key(&mut harness, "3");
    harness
        .state_mut()
        .send(Command::Edit(EditCommand::ClearSelection));
    for _ in 0..2 {
        harness.step();
    }
    assert_eq!(
        spans_of(&harness),
        [Span::new(friday.start, friday.end, "event")]
    );
    // The full stop ends the text: the caret after it is at its left edge.
    assert_eq!(friday.end, TEXT.chars().count());
    let after_stop = rect_of(&mut harness, friday.end);
    let stop_starts = rect_of(&mut harness, friday.end - 1);
    assert!(
        after_stop.min.x + 2.0 < stop_starts.min.x,
        "{after_stop:?} {stop_starts:?}"
    );
    let caps = end_caps(&harness);
    assert_eq!(caps.len(), 1, "{caps:?}");
    assert!(
        (caps[0][0].x - after_stop.min.x).abs() < 1.0,
        "{caps:?} {after_stop:?}"
    );
    let middle = after_stop.center().y;
    assert!(caps[0][0].y <= middle && caps[0][1].y >= middle, "{caps:?}");
}

/// INCEpTION #5947 (mixed directions): Left walks a Hebrew line with an English name
/// in it from right to left on screen, word start by word start, through the name too:
/// its words are met from its right end ("Company" first), as they stand.
#[test]
fn left_crosses_an_english_name_inside_hebrew_as_it_stands() {
    use egui::Key;
    use spantag::ui::command::{Command, EditCommand};
    // "The management of Haifa Port Company announced dismissals."
    const LINE: &str = "הנהלת Haifa Port Company הודיעה על פיטורים.";
    let dir = tempfile::tempdir().unwrap();
    let mut harness = window_on(dir.path(), "haifa-he", LINE);
    let of = |word: &str| LINE[..LINE.find(word).unwrap()].chars().count();
    harness
        .state_mut()
        .send(Command::Edit(EditCommand::PlaceCaret(0)));
    harness.step();
    let mut visited = Vec::new();
    let mut xs = vec![rect_of(&mut harness, 0).min.x];
    for _ in 0..5 {
        harness.key_press(Key::ArrowLeft);
        harness.step();
        let caret = harness.state().editor().unwrap().caret.unwrap();
        visited.push(caret);
        xs.push(rect_of(&mut harness, caret).min.x);
    }
    assert_eq!(
        visited,
        [
            of("Company"),
            of("Port"),
            of("Haifa"),
            of("הודיעה"),
            of("על")
        ]
    );
    assert!(xs.windows(2).all(|w| w[1] < w[0]), "{xs:?}");
    // Right comes back the same way, and Shift+Left from the start of "Company" takes
    // the word whole.
    harness.key_press(Key::ArrowRight);
    harness.step();
    assert_eq!(harness.state().editor().unwrap().caret, Some(of("הודיעה")));
    harness
        .state_mut()
        .send(Command::Edit(EditCommand::PlaceCaret(of("Company"))));
    harness.step();
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    harness.step();
    let company = of("Company");
    assert_eq!(
        selection(&harness),
        Some(company..company + "Company".len())
    );
}
