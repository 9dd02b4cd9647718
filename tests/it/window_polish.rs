//! Window polish (issue 15): feedback in words a new analyst understands.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use spantag::ui::command::{Command, EditCommand};

use crate::window::{SEED, file_of, harness, saved, type_label_key, wait_ready};

#[test]
fn the_status_line_says_what_is_selected_saved_and_done_in_words() {
    let corpus = crate::bundled_corpus_copy();
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    let mut harness = harness(&path, "carol");
    wait_ready(&mut harness);
    // "Rebels" in the title: code points 33..39 (Python's slicing).
    harness.state_mut().send(Command::Edit(EditCommand::Select {
        range: 33..39,
        caret: 39,
    }));
    harness.step();
    type_label_key(&mut harness, "1");
    saved(&mut harness, &file_of(corpus.path(), SEED, "carol"));
    harness.step();
    // The span's text and label, not its offsets; one span, not "1 spans"; saved.
    assert!(harness.query_by_label("Actor: “Rebels”").is_some());
    assert!(harness.query_by_label_contains("1 span ·").is_some());
    assert!(harness.query_by_label_contains("1 spans").is_none());
    assert!(harness.query_by_label("✔ Saved").is_some());
    // Ctrl+Enter: done, and where it went.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    harness.step();
    harness.step();
    assert!(
        harness
            .query_by_label("Marked done; next: zurich-mayors-flood-summit-opens")
            .is_some()
    );
}

#[test]
fn a_text_without_spans_says_how_to_tag_until_the_first_one() {
    let corpus = crate::bundled_corpus_copy();
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    let mut harness = harness(&path, "carol");
    wait_ready(&mut harness);
    harness.step();
    let hint = "To tag: drag across words (or double-click one), then press a label key: 1 Actor, 2 Location, 3 Event.";
    assert!(harness.query_by_label(hint).is_some());
    harness.state_mut().send(Command::Edit(EditCommand::Select {
        range: 33..39,
        caret: 39,
    }));
    harness.step();
    type_label_key(&mut harness, "1");
    harness.step();
    assert!(harness.query_by_label(hint).is_none());
}
