//! The window, driven headless through egui_kittest: real clicks, drags and keys, and
//! the files on disk checked after each.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use egui::{Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use spantag::io::ron_format::read_annotation;
use spantag::model::{Annotation, AnnotatorName, Origin, Schema, Span, Status};
use spantag::review::gold::Choice;
use spantag::ui::clock::{ManualClock, Timing};
use spantag::ui::command::{Command, EditCommand};
use spantag::ui::worker::Worker;
use spantag::ui::{Environment, FileDialogs, Launch, Settings, SpantagApp};
use std::sync::Arc;

use crate::bundled_corpus_copy;

pub(crate) const SEED: &str = "syria-rebels-seize-towns-north-of-homs";
const CRLF_DOC: &str = "kharkiv-strike-shadows-istanbul-grain-talks";
const EMOJI_DOC: &str = "idlib-floods-strand-aid-convoy";

/// Dialogs that answer with a fixed path and never open a window.
struct FakeDialogs(Option<PathBuf>);

impl FileDialogs for FakeDialogs {
    fn pick_file(&self, _title: &str, _extensions: &[&str]) -> Option<PathBuf> {
        self.0.clone()
    }
    fn pick_folder(&self, _title: &str) -> Option<PathBuf> {
        self.0.clone()
    }
    fn save_file(&self, _title: &str, _file_name: &str) -> Option<PathBuf> {
        self.0.clone()
    }
}

fn harness_with(
    path: &Path,
    annotator: Option<&str>,
    settings: Settings,
) -> Harness<'static, SpantagApp> {
    harness_with_dialogs(path, annotator, settings, None)
}

fn harness_with_dialogs(
    path: &Path,
    annotator: Option<&str>,
    settings: Settings,
    dialog_answer: Option<PathBuf>,
) -> Harness<'static, SpantagApp> {
    harness_on(path, annotator, settings, dialog_answer, Timing::default())
}

/// The window on `path`, with every part of its environment chosen by the test (and no
/// recovery folder outside the corpus).
fn harness_on(
    path: &Path,
    annotator: Option<&str>,
    settings: Settings,
    dialog_answer: Option<PathBuf>,
    timing: Timing,
) -> Harness<'static, SpantagApp> {
    harness_with_recovery(path, annotator, settings, dialog_answer, timing, Vec::new())
}

/// [`harness_on`], with the folders recovery copies fall back to.
pub(crate) fn harness_with_recovery(
    path: &Path,
    annotator: Option<&str>,
    settings: Settings,
    dialog_answer: Option<PathBuf>,
    timing: Timing,
    recovery_dirs: Vec<PathBuf>,
) -> Harness<'static, SpantagApp> {
    let launch = Launch {
        path: path.to_owned(),
        annotator: annotator.map(|a| AnnotatorName::new(a).unwrap()),
    };
    // A manual worker and clock: replies come when `run_until` lets them and time moves
    // only when it says, so no test waits in real time.
    let clock = ManualClock::default();
    CLOCK.with(|c| *c.borrow_mut() = Some(clock.clone()));
    let env = Environment {
        worker: Worker::manual(),
        clock: Arc::new(clock),
        timing,
        dialogs: Box::new(FakeDialogs(dialog_answer)),
        recovery_dirs,
        consents: CONSENTS.with(|c| c.borrow_mut().take()),
    };
    let app = SpantagApp::with_environment(&launch, settings, env);
    // Missing glyphs panic (kittest's default): every sample must draw real glyphs.
    Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_step_dt(1.0 / 60.0)
        .with_context_setup(spantag::ui::fonts::install_fonts)
        .build_ui_state(|ui, app: &mut SpantagApp| app.show(ui), app)
}

pub(crate) fn harness(path: &Path, annotator: &str) -> Harness<'static, SpantagApp> {
    harness_with(path, Some(annotator), Settings::default())
}

thread_local! {
    /// The clock of this test's window (each test runs on its own thread).
    static CLOCK: std::cell::RefCell<Option<ManualClock>> = const { std::cell::RefCell::new(None) };
    /// Where the next window built on this thread keeps agreements to run commands
    /// (none by default: nothing outside the test's folders is read or written).
    pub(crate) static CONSENTS: std::cell::RefCell<Option<spantag::io::consent::Consents>> =
        const { std::cell::RefCell::new(None) };
}

/// Moves this test's clock on by `by`, then runs the background work and a frame.
pub(crate) fn tick(harness: &mut Harness<'_, SpantagApp>, by: Duration) {
    CLOCK.with(|c| {
        if let Some(clock) = c.borrow().as_ref() {
            clock.advance(by);
        }
    });
    harness.state().worker().run_pending();
    harness.step();
}

/// Runs background work and frames, 100 ms of the window's time apart, until `done`
/// holds (at most a minute of the window's time), or fails.
pub(crate) fn run_until(
    harness: &mut Harness<'_, SpantagApp>,
    what: &str,
    done: impl Fn(&SpantagApp) -> bool,
) {
    for _ in 0..600 {
        tick(harness, Duration::from_millis(100));
        if done(harness.state()) {
            harness.step();
            return;
        }
    }
    panic!("timed out waiting for {what}");
}

pub(crate) fn wait_ready(harness: &mut Harness<'_, SpantagApp>) {
    run_until(harness, "the document to open", |app| {
        app.editor().is_some()
    });
}

/// Waits until every edit is on disk, then reads the file.
pub(crate) fn saved(harness: &mut Harness<'_, SpantagApp>, file: &Path) -> Annotation {
    run_until(harness, "the save", |app| {
        app.editor().is_some_and(|e| {
            !e.save.is_dirty() && e.save.in_flight.is_none() && e.save.error.is_none()
        })
    });
    read_annotation(file, &Schema::default())
        .unwrap()
        .annotation
}

/// A copy of the bundled corpus opened on the seed article as `annotator`, ready.
pub(crate) fn open_seed(annotator: &str) -> (tempfile::TempDir, Harness<'static, SpantagApp>) {
    let corpus = bundled_corpus_copy();
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    let mut harness = harness(&path, annotator);
    wait_ready(&mut harness);
    (corpus, harness)
}

/// Two clicks at `at` in one frame's input: a double-click.
pub(crate) fn double_click(harness: &mut Harness<'_, SpantagApp>, at: Pos2) {
    for pressed in [true, false, true, false] {
        harness.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
}

/// What `pick` takes from every shape painted in the last frame, nested ones included.
pub(crate) fn painted<T>(
    harness: &Harness<'_, SpantagApp>,
    pick: impl Fn(&egui::Shape) -> Option<T>,
) -> Vec<T> {
    fn walk<T>(shape: &egui::Shape, pick: &impl Fn(&egui::Shape) -> Option<T>, out: &mut Vec<T>) {
        match shape {
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|s| walk(s, pick, out)),
            shape => out.extend(pick(shape)),
        }
    }
    let mut out = Vec::new();
    for clipped in &harness.output().shapes {
        walk(&clipped.shape, &pick, &mut out);
    }
    out
}

pub(crate) fn file_of(corpus: &Path, doc: &str, who: &str) -> PathBuf {
    corpus
        .join("annotations")
        .join(doc)
        .join(format!("{who}.ron"))
}

/// The screen position of code point `c` of the open document (its left edge, mid-row).
fn pos_of(harness: &mut Harness<'_, SpantagApp>, c: usize) -> Pos2 {
    let rect = harness.state_mut().screen_rect_of(c).unwrap();
    rect.left_center()
}

/// The text of the open document.
pub(crate) fn open_text(harness: &Harness<'_, SpantagApp>) -> String {
    let editor = harness.state().editor().unwrap();
    editor.annotation.document.text().to_owned()
}

fn char_offset(text: &str, needle: &str) -> usize {
    let byte = text.find(needle).unwrap();
    text[..byte].chars().count()
}

pub(crate) fn type_label_key(harness: &mut Harness<'_, SpantagApp>, key: &str) {
    harness.event(egui::Event::Text(key.to_owned()));
    harness.step();
    harness.step();
}

pub(crate) fn drag(
    harness: &mut Harness<'_, SpantagApp>,
    from: Pos2,
    to: Pos2,
    modifiers: Modifiers,
) {
    harness.hover_at(from);
    harness.step();
    harness.event_modifiers(
        egui::Event::PointerButton {
            pos: from,
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers,
        },
        modifiers,
    );
    harness.step();
    let mid = from + (to - from) / 2.0;
    harness.event_modifiers(egui::Event::PointerMoved(mid), modifiers);
    harness.step();
    harness.event_modifiers(egui::Event::PointerMoved(to), modifiers);
    harness.step();
    harness.event_modifiers(
        egui::Event::PointerButton {
            pos: to,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers,
        },
        modifiers,
    );
    harness.step();
    harness.step();
}

fn click(harness: &mut Harness<'_, SpantagApp>, at: Pos2) {
    harness.hover_at(at);
    harness.step();
    harness.drag_at(at);
    harness.step();
    harness.drop_at(at);
    harness.step();
    harness.step();
}

#[test]
fn lists_the_documents_and_shows_their_state() {
    let corpus = bundled_corpus_copy();
    let mut harness = harness(corpus.path(), "alice");
    wait_ready(&mut harness);
    run_until(&mut harness, "the summaries", |app| {
        app.entries().iter().all(|e| e.summary.is_some())
    });
    // alice finished five documents; three are not started.
    assert!(harness.query_by_label(&format!("✔ {SEED}")).is_some());
    assert!(
        harness
            .query_by_label("○ algiers-hosts-mali-ceasefire-talks")
            .is_some()
    );
    assert!(harness.query_by_label("5 of 8 done").is_some());
    harness.get_by_label(&format!("✔ {SEED}")).click();
    run_until(&mut harness, "the seed to open", |app| {
        app.editor()
            .is_some_and(|e| e.annotation.document.id().as_str() == SEED)
    });
    let editor = harness.state().editor().unwrap();
    assert_eq!(editor.annotation.spans().len(), 78);
    assert!(
        harness.query_by_label("Actor (35)").is_some(),
        "the span list groups by label"
    );
}

#[test]
fn drag_then_press_2_saves_the_span_with_code_point_offsets() {
    let corpus = bundled_corpus_copy();
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    let mut harness = harness(&path, "carol");
    wait_ready(&mut harness);
    let text = open_text(&harness);
    let rastan = char_offset(&text, "Rastan");
    // From inside "Rastan" to inside "Talbiseh": snaps to whole words.
    let from = pos_of(&mut harness, rastan + 2);
    let talbiseh = char_offset(&text, "Talbiseh");
    let to = pos_of(&mut harness, talbiseh + 3);
    drag(&mut harness, from, to, Modifiers::NONE);
    let selection = harness.state().editor().unwrap().selection.clone();
    assert_eq!(selection, Some(rastan..talbiseh + 8));
    type_label_key(&mut harness, "2");
    let file = file_of(corpus.path(), SEED, "carol");
    let on_disk = saved(&mut harness, &file);
    assert_eq!(
        on_disk.spans(),
        [Span::new(rastan, talbiseh + 8, "location")]
    );
    assert_eq!(
        on_disk.span_text(&on_disk.spans()[0]),
        "Rastan and Talbiseh"
    );
    assert_eq!(on_disk.annotator.as_str(), "carol");
    assert_eq!(on_disk.document.text(), text);

    // Alt+drag selects exact characters.
    let homs = char_offset(&text, "Homs");
    let from = pos_of(&mut harness, homs + 1);
    let to = pos_of(&mut harness, homs + 3);
    drag(&mut harness, from, to, Modifiers::ALT);
    let selection = harness.state().editor().unwrap().selection.clone();
    assert_eq!(selection, Some(homs + 1..homs + 3));
}

#[test]
fn relabel_resize_delete_undo_redo_each_reach_the_file() {
    let corpus = bundled_corpus_copy();
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    let mut harness = harness(&path, "carol");
    wait_ready(&mut harness);
    let file = file_of(corpus.path(), SEED, "carol");
    let text = open_text(&harness);
    let hts = char_offset(&text, "Hayat Tahrir al-Sham");
    harness.state_mut().send(EditCommand::Select {
        range: hts..hts + 5,
        caret: hts + 5,
    });
    harness.step();
    type_label_key(&mut harness, "1");
    assert_eq!(
        saved(&mut harness, &file).spans(),
        [Span::new(hts, hts + 5, "actor")]
    );

    // Click the span (it is selected), press 3: relabelled.
    harness.state_mut().send(EditCommand::ClearSelection);
    harness.step();
    let at = pos_of(&mut harness, hts + 2);
    click(&mut harness, at);
    assert_eq!(
        harness.state().editor().unwrap().selected_span,
        Some(Span::new(hts, hts + 5, "actor"))
    );
    type_label_key(&mut harness, "3");
    assert_eq!(
        saved(&mut harness, &file).spans(),
        [Span::new(hts, hts + 5, "event")]
    );

    // Drag its end edge to the end of "Sham": resized to whole words.
    let edge = pos_of(&mut harness, hts + 5);
    let sham_end = hts + "Hayat Tahrir al-Sham".chars().count();
    let to = pos_of(&mut harness, sham_end - 1);
    drag(&mut harness, edge, to, Modifiers::NONE);
    assert_eq!(
        saved(&mut harness, &file).spans(),
        [Span::new(hts, sham_end, "event")]
    );

    // Shift+Alt+Left moves the end back a word; Ctrl+Shift+Alt+Right the start forward.
    harness.key_press_modifiers(Modifiers::SHIFT | Modifiers::ALT, Key::ArrowLeft);
    harness.step();
    assert_eq!(
        saved(&mut harness, &file).spans(),
        [Span::new(
            hts,
            hts + "Hayat Tahrir al".chars().count(),
            "event"
        )]
    );
    harness.key_press_modifiers(
        Modifiers::COMMAND | Modifiers::SHIFT | Modifiers::ALT,
        Key::ArrowRight,
    );
    harness.step();
    assert_eq!(
        saved(&mut harness, &file).spans(),
        [Span::new(
            hts + 6,
            hts + "Hayat Tahrir al".chars().count(),
            "event"
        )]
    );

    // Delete, then undo it, then redo it.
    harness.key_press(Key::Delete);
    harness.step();
    assert!(saved(&mut harness, &file).spans().is_empty());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.step();
    assert_eq!(saved(&mut harness, &file).spans().len(), 1);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.step();
    assert!(saved(&mut harness, &file).spans().is_empty());
    // Undo all the way back to the first tag, Ctrl+Y redoes.
    for _ in 0..5 {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        harness.step();
    }
    assert_eq!(
        saved(&mut harness, &file).spans(),
        [Span::new(hts, hts + 5, "actor")]
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.step();
    assert_eq!(
        saved(&mut harness, &file).spans(),
        [Span::new(hts, hts + 5, "event")]
    );
}

#[test]
fn keyboard_only_tagging_then_done_and_next() {
    let corpus = bundled_corpus_copy();
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    let mut harness = harness(&path, "carol");
    wait_ready(&mut harness);
    let file = file_of(corpus.path(), SEED, "carol");
    // Caret to the 5th word ("Rebels"), select it and the next word, tag as actor.
    for _ in 0..4 {
        harness.key_press(Key::ArrowRight);
    }
    harness.step();
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    harness.step();
    type_label_key(&mut harness, "1");
    assert_eq!(
        saved(&mut harness, &file).spans(),
        [Span::new(33, 45, "actor")]
    );
    // Tab selects it again from the start (suggestions hidden: Tab would walk them
    // too); Escape drops it.
    for source in [Origin::Dictionary, Origin::Gazetteer] {
        harness.state_mut().send(Command::ShowSuggestionsFrom {
            source,
            shown: false,
        });
    }
    harness.key_press(Key::Escape);
    harness.key_press(Key::Tab);
    harness.step();
    assert_eq!(
        harness.state().editor().unwrap().selected_span,
        Some(Span::new(33, 45, "actor"))
    );
    // Ctrl+Enter: done, and the next document not done opens.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    harness.step();
    run_until(&mut harness, "the next document", |app| {
        app.editor()
            .is_some_and(|e| e.annotation.document.id().as_str() != SEED)
    });
    // The document left behind is saved at once, done.
    run_until(&mut harness, "the left document's save", |_| {
        read_annotation(&file, &Schema::default())
            .unwrap()
            .annotation
            .status
            == Status::Done
    });
    let next = harness
        .state()
        .editor()
        .unwrap()
        .annotation
        .document
        .id()
        .to_string();
    assert_eq!(next, "zurich-mayors-flood-summit-opens");
}

#[test]
fn crlf_and_emoji_articles_get_exact_offsets() {
    let corpus = bundled_corpus_copy();
    for (doc, word) in [
        (CRLF_DOC, "Nations"),
        (CRLF_DOC, "Poltava"),
        (EMOJI_DOC, "Volunteers"),
        (EMOJI_DOC, "دمشق"),
    ] {
        let path = corpus.path().join(format!("samples/{doc}.txt"));
        let mut harness = harness(&path, "dave");
        wait_ready(&mut harness);
        let text = open_text(&harness);
        let start = char_offset(&text, word);
        let end = start + word.chars().count();
        // Double-click the word.
        let at = pos_of(&mut harness, start + 1);
        harness.hover_at(at);
        harness.step();
        for _ in 0..2 {
            harness.drag_at(at);
            harness.step();
            harness.drop_at(at);
            harness.step();
        }
        harness.step();
        let selection = harness.state().editor().unwrap().selection.clone();
        assert_eq!(selection, Some(start..end), "{doc}: {word}");
        type_label_key(&mut harness, "2");
        let file = file_of(corpus.path(), doc, "dave");
        let on_disk = saved(&mut harness, &file);
        let span = on_disk
            .spans()
            .iter()
            .find(|s| s.start == start)
            .unwrap()
            .clone();
        assert_eq!(span, Span::new(start, end, "location"), "{doc}");
        assert_eq!(on_disk.span_text(&span), word);
        // Python's text[start:end] on the file's text is the word.
        let python_slice: String = text.chars().skip(start).take(end - start).collect();
        assert_eq!(python_slice, word);
    }
}

#[test]
fn a_corrupt_file_is_shown_as_an_error_and_left_byte_identical() {
    let corpus = bundled_corpus_copy();
    let file = file_of(corpus.path(), SEED, "alice");
    let mut bytes = fs::read(&file).unwrap();
    bytes.truncate(bytes.len() / 2);
    fs::write(&file, &bytes).unwrap();
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    let mut harness = harness(&path, "alice");
    run_until(&mut harness, "the error", |app| {
        app.entries()
            .iter()
            .any(|e| matches!(e.summary, Some(spantag::ui::worker::Summary::Broken(_))))
    });
    harness.step();
    assert!(
        harness
            .query_by_label_contains("annotation file cannot be read")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("the file ends too early")
            .is_some()
    );
    // Keys do nothing to it, and nothing is written, ever.
    type_label_key(&mut harness, "1");
    harness.key_press(Key::Delete);
    harness.state_mut().send(Command::SaveNow);
    for _ in 0..20 {
        tick(&mut harness, Duration::from_millis(500));
    }
    assert_eq!(fs::read(&file).unwrap(), bytes);
}

#[test]
fn a_file_changed_on_disk_reloads_or_asks() {
    let corpus = bundled_corpus_copy();
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    let file = file_of(corpus.path(), SEED, "bob");
    let mut harness = harness(&path, "bob");
    wait_ready(&mut harness);
    assert_eq!(
        harness.state().editor().unwrap().annotation.spans().len(),
        77
    );

    // No local edits: someone removes a span in the file; the window reloads it.
    let mut theirs = read_annotation(&file, &Schema::default())
        .unwrap()
        .annotation;
    let first = theirs.spans()[0].clone();
    theirs.remove(&first);
    spantag::io::store::save_annotation(&file, &theirs).unwrap();
    run_until(&mut harness, "the reload", |app| {
        app.editor()
            .is_some_and(|e| e.annotation.spans().len() == 76)
    });

    // Local edit pending and the file changes again: the window asks.
    let my_deleted = theirs.spans()[0].clone();
    let their_deleted = theirs.spans()[1].clone();
    harness
        .state_mut()
        .send(EditCommand::SelectSpan(my_deleted.clone()));
    harness.step();
    harness.key_press(Key::Delete);
    harness.step();
    assert_eq!(harness.state().editor().unwrap().save.revision, 1);
    theirs.remove(&their_deleted);
    spantag::io::store::save_annotation(&file, &theirs).unwrap();
    let their_bytes = fs::read(&file).unwrap();
    run_until(&mut harness, "the conflict", |app| {
        app.editor().is_some_and(|e| e.conflict.is_some())
    });
    harness.step();
    assert!(
        harness
            .query_by_label("Keep my version (overwrite the file)")
            .is_some()
    );
    // Each choice says what it drops.
    let text = |s: &Span| {
        let doc = &harness.state().editor().unwrap().annotation;
        format!("“{}” {}", doc.span_text(s), s.label)
    };
    let says = format!(
        "Your version has 1 span the other lacks: {}; the file's version has 1 span the other lacks: {}.",
        text(&their_deleted),
        text(&my_deleted)
    );
    assert!(harness.query_by_label(&says).is_some(), "{says}");
    // Saving is paused while undecided.
    for _ in 0..10 {
        tick(&mut harness, Duration::from_millis(500));
    }
    assert_eq!(fs::read(&file).unwrap(), their_bytes);
    harness
        .get_by_label("Keep my version (overwrite the file)")
        .click();
    let mine = saved(&mut harness, &file);
    assert_eq!(mine.spans().len(), 75);
    // Mine: the span I deleted is gone, the one they deleted is still there.
    assert!(!mine.spans().contains(&my_deleted));
    assert!(mine.spans().contains(&their_deleted));
}

#[test]
fn first_start_asks_for_the_name_and_remembers_it() {
    let corpus = bundled_corpus_copy();
    let mut harness = harness_with(corpus.path(), None, Settings::default());
    harness.step();
    assert!(harness.query_by_label("Who is annotating?").is_some());
    harness
        .get_by_label("Your annotator name")
        .type_text("../eve");
    harness.step();
    harness.step();
    assert!(
        harness
            .query_by_label_contains("starts with a dot")
            .is_some()
    );
    let field = harness.get_by_label("Your annotator name");
    field.focus();
    harness.step();
    for _ in 0..6 {
        harness.key_press(Key::Backspace);
    }
    harness.get_by_label("Your annotator name").type_text("eve");
    harness.step();
    harness.get_by_label("Start annotating").click();
    run_until(&mut harness, "the document", |app| app.editor().is_some());
    assert_eq!(harness.state().settings().annotator.as_deref(), Some("eve"));
    assert!(harness.query_by_label("Annotating as eve").is_some());

    // Next start: remembered.
    let settings = harness.state().settings().clone();
    let mut again = harness_with(corpus.path(), None, settings);
    again.step();
    assert!(again.query_by_label("Who is annotating?").is_none());
    assert_eq!(again.state().annotator().map(|a| a.as_str()), Some("eve"));
}

#[test]
fn a_changed_source_text_is_reported_and_spans_stay() {
    let corpus = bundled_corpus_copy();
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    let original = fs::read_to_string(&path).unwrap();
    fs::write(&path, format!("BREAKING: {original}")).unwrap();
    let mut harness = harness(&path, "alice");
    wait_ready(&mut harness);
    harness.step();
    assert!(
        harness
            .query_by_label_contains("has changed since this annotation was made")
            .is_some()
    );
    let editor = harness.state().editor().unwrap();
    assert_eq!(editor.annotation.document.text(), original);
    assert_eq!(editor.annotation.spans()[0], Span::new(0, 17, "event"));
}

#[test]
fn opens_a_lone_text_file_and_keeps_annotations_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Kyiv notes.txt");
    fs::write(&path, "“Kyiv” — talks in 東京 with Зеленський 🤝\r\n").unwrap();
    let mut harness = harness(&path, "erin");
    wait_ready(&mut harness);
    harness.state_mut().send(EditCommand::Select {
        range: 1..5,
        caret: 5,
    });
    harness.step();
    type_label_key(&mut harness, "2");
    let file = dir.path().join("annotations/Kyiv-notes/erin.ron");
    let on_disk = saved(&mut harness, &file);
    assert_eq!(on_disk.spans(), [Span::new(1, 5, "location")]);
    assert_eq!(on_disk.document.source(), "Kyiv notes.txt");
}

#[test]
fn open_file_dialog_and_every_sample_draws() {
    let corpus = bundled_corpus_copy();
    let ctx = egui::Context::default();
    let other = corpus.path().join(format!("samples/{EMOJI_DOC}.txt"));
    let launch = Launch {
        path: corpus.path().to_owned(),
        annotator: Some(AnnotatorName::new("alice").unwrap()),
    };
    let app = SpantagApp::new(
        &launch,
        Settings::default(),
        &ctx,
        Box::new(FakeDialogs(Some(other))),
    );
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_step_dt(1.0 / 60.0)
        .with_context_setup(spantag::ui::fonts::install_fonts)
        .build_ui_state(|ui, app: &mut SpantagApp| app.show(ui), app);
    wait_ready(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    run_until(&mut harness, "the file from the dialog", |app| {
        app.editor()
            .is_some_and(|e| e.annotation.document.id().as_str() == EMOJI_DOC)
    });
    // Every document of the corpus draws with real glyphs (the harness panics otherwise).
    for i in 0..6 {
        harness.state_mut().send(Command::OpenDocument(i));
        run_until(&mut harness, "the document", |app| {
            app.editor()
                .is_some_and(|e| e.annotation.document.char_len() > 0)
        });
        harness.step();
    }
}

#[test]
fn a_failed_save_says_why_keeps_the_edits_and_retries() {
    let corpus = bundled_corpus_copy();
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    let mut harness = harness(&path, "frank");
    wait_ready(&mut harness);
    // Something in the way: a file where the document's annotation folder should be.
    let folder = corpus.path().join("annotations").join(SEED);
    fs::rename(&folder, corpus.path().join("moved-away")).unwrap();
    fs::write(&folder, "in the way").unwrap();
    harness.state_mut().send(EditCommand::Select {
        range: 33..39,
        caret: 39,
    });
    harness.step();
    type_label_key(&mut harness, "1");
    run_until(&mut harness, "the save error", |app| {
        app.editor().is_some_and(|e| e.save.error.is_some())
    });
    harness.step();
    assert!(
        harness
            .query_by_label_contains("Not saved: could not save")
            .is_some()
    );
    assert_eq!(
        harness.state().editor().unwrap().annotation.spans().len(),
        1
    );
    // The obstacle goes away: the retry saves.
    fs::remove_file(&folder).unwrap();
    let file = file_of(corpus.path(), SEED, "frank");
    assert_eq!(
        saved(&mut harness, &file).spans(),
        [Span::new(33, 39, "actor")]
    );
}

#[test]
fn unsaved_edits_at_exit_go_to_a_recovery_file() {
    let corpus = bundled_corpus_copy();
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    let file = file_of(corpus.path(), SEED, "bob");
    let mut harness = harness(&path, "bob");
    wait_ready(&mut harness);
    harness
        .state_mut()
        .send(EditCommand::StepSpan { forward: true });
    harness.step();
    harness.key_press(Key::Delete);
    harness.step();
    // The file changes on disk before the save: a conflict nobody resolves.
    let mut theirs = read_annotation(&file, &Schema::default())
        .unwrap()
        .annotation;
    theirs.status = Status::InProgress;
    spantag::io::store::save_annotation(&file, &theirs).unwrap();
    run_until(&mut harness, "the conflict", |app| {
        app.editor().is_some_and(|e| e.conflict.is_some())
    });
    harness.state_mut().flush_saves();
    let recovered: Vec<PathBuf> = fs::read_dir(file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("bob.ron.unsaved-"))
        .collect();
    assert_eq!(recovered.len(), 1, "{recovered:?}");
    let text = fs::read_to_string(&recovered[0]).unwrap();
    let kept = spantag::io::ron_format::parse_annotation(&recovered[0], &text, &Schema::default())
        .unwrap()
        .annotation;
    assert_eq!(kept.spans().len(), 76);
}

#[test]
fn right_click_menu_tags_and_shift_click_extends() {
    let corpus = bundled_corpus_copy();
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    let mut harness = harness(&path, "gina");
    wait_ready(&mut harness);
    let text = open_text(&harness);
    let damascus = char_offset(&text, "Damascus and");
    // Click at "Damascus", Shift+click inside the next word: "Damascus and".
    let at = pos_of(&mut harness, damascus + 2);
    click(&mut harness, at);
    assert_eq!(harness.state().editor().unwrap().caret, Some(damascus + 2));
    let and = pos_of(&mut harness, damascus + "Damascus a".chars().count());
    // Later than a double-click, with Shift held down.
    for _ in 0..40 {
        harness.step();
    }
    harness.hover_at(and);
    harness.event(egui::Event::ModifiersChanged(Modifiers::SHIFT));
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: and,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::SHIFT,
        });
    }
    for _ in 0..4 {
        harness.step();
    }
    harness.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    harness.step();
    let selection = harness.state().editor().unwrap().selection.clone();
    assert_eq!(
        selection,
        Some(damascus..damascus + "Damascus and".chars().count())
    );
    // Right-click, pick Event from the menu.
    harness.hover_at(and);
    harness.step();
    harness.event(egui::Event::PointerButton {
        pos: and,
        button: egui::PointerButton::Secondary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    harness.step();
    harness.event(egui::Event::PointerButton {
        pos: and,
        button: egui::PointerButton::Secondary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    harness.step();
    harness.step();
    harness.get_by_label("3  Event").click();
    harness.step();
    let file = file_of(corpus.path(), SEED, "gina");
    assert_eq!(
        saved(&mut harness, &file).spans(),
        [Span::new(damascus, damascus + 12, "event")]
    );
}

#[test]
fn the_annotator_can_be_changed_and_corpora_are_remembered() {
    let corpus = bundled_corpus_copy();
    let mut harness = harness(corpus.path(), "alice");
    wait_ready(&mut harness);
    let recent = harness.state().settings().recent.clone();
    assert_eq!(recent, [fs::canonicalize(corpus.path()).unwrap()]);
    harness.get_by_label("Annotating as alice").click();
    for _ in 0..4 {
        harness.step();
    }
    let field = harness.get_by_label("Your annotator name");
    field.focus();
    harness.step();
    for _ in 0..5 {
        harness.key_press(Key::Backspace);
    }
    harness.step();
    harness.get_by_label("Your annotator name").type_text("bob");
    harness.step();
    harness.get_by_label("Start annotating").click();
    run_until(&mut harness, "bob's view", |app| {
        app.annotator().map(|a| a.as_str()) == Some("bob")
            && app
                .editor()
                .is_some_and(|e| e.annotation.annotator.as_str() == "bob")
    });
    assert_eq!(harness.state().settings().annotator.as_deref(), Some("bob"));
}

#[test]
fn page_down_and_up_scroll_a_long_article() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.txt");
    let line = "Rebels seized the town of Rastan on Friday, officials in Харків said.\n";
    fs::write(&path, line.repeat(300)).unwrap();
    let mut harness = harness(&path, "hank");
    wait_ready(&mut harness);
    harness.step();
    let offset = |h: &mut Harness<'_, SpantagApp>| h.state_mut().scroll_offset().unwrap();
    assert_eq!(offset(&mut harness), 0.0);
    harness.key_press(Key::PageDown);
    for _ in 0..4 {
        harness.step();
    }
    let down = offset(&mut harness);
    assert!(down > 400.0, "{down}");
    harness.key_press(Key::PageUp);
    for _ in 0..4 {
        harness.step();
    }
    assert_eq!(offset(&mut harness), 0.0);
}

#[test]
fn the_readme_lists_every_shortcut() {
    let readme = fs::read_to_string(crate::repo().join("README.md")).unwrap();
    let table = spantag::ui::command::shortcuts_markdown();
    assert!(
        readme.contains(&table),
        "the README's shortcut table must be exactly:\n{table}"
    );
}

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_file_on_the_window_opens_it() {
    let corpus = bundled_corpus_copy();
    let mut harness = harness(corpus.path(), "alice");
    wait_ready(&mut harness);
    let other = tempfile::tempdir().unwrap();
    let dropped = other.path().join("dropped.txt");
    fs::write(&dropped, "Talks in Kraków ended.\n").unwrap();
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(dropped.clone())));
    run_until(&mut harness, "the dropped file", |app| {
        app.editor()
            .is_some_and(|e| e.annotation.document.text() == "Talks in Kraków ended.\n")
    });
    assert_eq!(harness.state().corpus().root(), other.path());
}

/// Opens File → Export…, clicks `options` in order, chooses the output (the fake dialog
/// answers) and exports, then waits for the result.
fn export_with_dialog(harness: &mut Harness<'_, SpantagApp>, options: &[&str]) {
    wait_ready(harness);
    harness.state_mut().send(Command::ShowExport);
    for _ in 0..3 {
        harness.step();
    }
    for option in options.iter().chain(&["Choose…"]) {
        harness.get_by_label(option).click();
        harness.step();
    }
    harness.get_by_label("Export").click();
    run_until(harness, "the export", |app| app.export_result().is_some());
}

/// A copy of the bundled corpus open as `annotator`, its file dialog answering
/// `out_name` in it: (the copy, that path, the window).
fn bundled_export_harness(
    annotator: &str,
    out_name: &str,
) -> (tempfile::TempDir, PathBuf, Harness<'static, SpantagApp>) {
    let corpus = bundled_corpus_copy();
    let out = corpus.path().join(out_name);
    let harness = harness_with_dialogs(
        corpus.path(),
        Some(annotator),
        Settings::default(),
        Some(out.clone()),
    );
    (corpus, out, harness)
}

/// The window's export of alice's files says it wrote the 155 spans the CLI writes, and
/// `out` holds the bytes of the golden file `golden`.
fn assert_exported_golden(harness: &Harness<'_, SpantagApp>, out: &Path, golden: &str) {
    let lines = harness.state().export_result().unwrap().clone().unwrap();
    assert!(
        lines[0].starts_with("exported 5 documents (155 spans)"),
        "{lines:?}"
    );
    assert_eq!(
        fs::read(out).unwrap(),
        fs::read(crate::repo().join("tests/fixtures/golden").join(golden)).unwrap()
    );
}

#[test]
fn the_export_dialog_writes_what_the_cli_writes() {
    let (_corpus, out, mut harness) = bundled_export_harness("alice", "from-window.conll");
    export_with_dialog(
        &mut harness,
        &["CoNLL", "mine", "-DOCSTART- before each document"],
    );
    assert_exported_golden(&harness, &out, "alice.conll");
    harness.step();
    assert!(
        harness
            .query_by_label_contains("24 spans could not be written exactly")
            .is_some()
    );
}

#[test]
fn the_export_dialog_writes_the_spacy_file_the_cli_writes() {
    let (_corpus, out, mut harness) = bundled_export_harness("alice", "train.spacy");
    export_with_dialog(&mut harness, &["spaCy", "mine"]);
    assert_exported_golden(&harness, &out, "alice.spacy");
}

#[test]
fn an_export_dialog_that_selects_nothing_shows_a_problem_and_writes_nothing() {
    let (_corpus, out, mut harness) = bundled_export_harness("carol", "from-window.jsonl");
    // Gold or the only annotator: alice and bob both annotated every document.
    export_with_dialog(&mut harness, &[]);
    let problems = harness
        .state()
        .export_result()
        .unwrap()
        .clone()
        .unwrap_err();
    assert_eq!(
        problems.last().unwrap(),
        "nothing was exported: 5 documents have several annotators and no gold (--annotator NAME picks one: alice, bob)"
    );
    assert!(!out.exists());
}

#[test]
fn the_import_dialog_reads_a_brat_folder() {
    let corpus = bundled_corpus_copy();
    let brat = crate::repo().join("tests/fixtures/golden/alice-brat");
    // Opened on a document alice did not annotate, so that none of her files is open.
    let mut harness = harness_with_dialogs(
        &corpus
            .path()
            .join("samples/algiers-hosts-mali-ceasefire-talks.txt"),
        Some("alice"),
        Settings::default(),
        Some(brat),
    );
    wait_ready(&mut harness);
    harness.state_mut().send(Command::ShowImport);
    for _ in 0..3 {
        harness.step();
    }
    // As alice: her files exist, so nothing is written and the dialog says why.
    harness.get_by_label("Choose…").click();
    harness.step();
    harness.get_by_label("Import").click();
    run_until(&mut harness, "the refused import", |app| {
        app.import_result().is_some()
    });
    let problems = harness
        .state()
        .import_result()
        .unwrap()
        .clone()
        .unwrap_err();
    assert!(
        problems.last().unwrap().starts_with("nothing was imported"),
        "{problems:?}"
    );
    // As zoe it goes through.
    let field = harness.get_by_label("As annotator");
    field.focus();
    harness.step();
    for _ in 0..5 {
        harness.key_press(Key::Backspace);
    }
    harness.get_by_label("As annotator").type_text("zoe");
    harness.step();
    harness.get_by_label("Import").click();
    run_until(&mut harness, "the import", |app| {
        app.import_result().is_some_and(|r| r.is_ok())
    });
    let zoe = file_of(corpus.path(), SEED, "zoe");
    let alice = file_of(corpus.path(), SEED, "alice");
    let read = |p: &Path| read_annotation(p, &Schema::default()).unwrap().annotation;
    assert_eq!(read(&zoe).spans(), read(&alice).spans());
}

#[test]
fn review_mode_adjudicates_to_gold_with_the_keyboard_and_resumes() {
    let corpus = bundled_corpus_copy();
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    let gold_file = corpus.path().join(format!("annotations/{SEED}/gold.ron"));
    let mut harness = harness(&path, "carol");
    wait_ready(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    run_until(&mut harness, "review mode", |app| app.review().is_some());
    let read_gold = |p: &Path| spantag::io::gold::read_gold(p).unwrap();
    // Entering writes nothing: gold.ron waits for the first decision.
    for _ in 0..5 {
        harness.step();
    }
    assert!(!gold_file.exists(), "gold.ron written on entering review");
    let review = harness.state().review().unwrap();
    assert_eq!(review.chosen_names(), ["alice", "bob"]);
    let undecided_at_start = review.adjudication.as_ref().unwrap().undecided().len();
    assert!(undecided_at_start >= 5, "{undecided_at_start}");
    let agreed = review.gold().unwrap().annotation.spans().len();

    // The current place is the first undecided; take bob's version (key 2).
    let first = harness.state().review().unwrap().current.unwrap();
    let bobs = harness
        .state()
        .review()
        .unwrap()
        .adjudication
        .as_ref()
        .unwrap()
        .places[first]
        .versions[1]
        .clone();
    use spantag::review::gold::Choice;
    harness.event(egui::Event::Text("2".into()));
    harness.step();
    run_until(&mut harness, "the decision saved", |app| {
        app.review().is_some_and(|r| r.save.is_settled())
    });
    let gold = read_gold(&gold_file);
    let decision = gold
        .review
        .decisions
        .iter()
        .find(|d| d.choice == Choice::Annotator("bob".into()) || d.choice == Choice::NoEntity)
        .unwrap();
    assert_eq!(decision.curator, "carol");
    assert_eq!(gold.annotation.annotator.as_str(), "gold");
    assert_eq!(gold.review.curator, "carol");
    assert_eq!(gold.review.undecided, Some(undecided_at_start - 1));
    if let Some(span) = &bobs {
        assert!(gold.annotation.spans().contains(span));
        assert_eq!(gold.provenance[span].from, ["bob"]);
    }
    // It moved on by itself; X decides there is nothing at the next place.
    let second = harness.state().review().unwrap().current.unwrap();
    assert_ne!(second, first);
    harness.key_press(Key::X);
    harness.step();
    run_until(&mut harness, "the rejection saved", |app| {
        app.review().is_some_and(|r| r.save.is_settled())
    });
    let gold = read_gold(&gold_file);
    assert_eq!(
        gold.review
            .decisions
            .iter()
            .filter(|d| d.choice != Choice::Unanimous)
            .count(),
        2
    );
    let (start, end) = harness
        .state()
        .review()
        .unwrap()
        .adjudication
        .as_ref()
        .unwrap()
        .places[second]
        .range();
    assert!(
        !gold
            .annotation
            .spans()
            .iter()
            .any(|s| s.start >= start && s.end <= end)
    );
    assert!(gold.annotation.spans().len() >= agreed);

    // Leave and come back: it resumes at the first undecided place, not at the start.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    harness.step();
    assert!(harness.state().review().is_none());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    run_until(&mut harness, "review mode again", |app| {
        app.review().is_some()
    });
    let review = harness.state().review().unwrap();
    assert_eq!(
        review.adjudication.as_ref().unwrap().undecided().len(),
        undecided_at_start - 2
    );
    assert_eq!(
        review.current,
        review
            .adjudication
            .as_ref()
            .unwrap()
            .next_undecided(None, true)
    );
    // P goes back (wrapping to the last undecided place).
    harness.key_press(Key::P);
    harness.step();
    let review = harness.state().review().unwrap();
    assert_eq!(
        review.current,
        review
            .adjudication
            .as_ref()
            .unwrap()
            .undecided()
            .last()
            .copied()
    );
    // And export picks up the gold file, when told to take it with places undecided.
    let out = corpus.path().join("gold.jsonl");
    let output = crate::spantag()
        .args([
            "export",
            "--format",
            "jsonl",
            "--gold",
            "--gold-incomplete",
            "--out",
            "gold.jsonl",
        ])
        .current_dir(corpus.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        fs::read_to_string(&out)
            .unwrap()
            .contains("\"annotator\":\"gold\"")
    );
}

#[test]
fn the_agreement_window_shows_what_spantag_agree_prints() {
    let corpus = bundled_corpus_copy();
    let mut harness = harness(corpus.path(), "carol");
    wait_ready(&mut harness);
    harness.state_mut().send(Command::ShowAgreement);
    run_until(&mut harness, "the figures", |app| {
        app.agreement_figures().is_some()
    });
    for _ in 0..3 {
        harness.step();
    }
    let output = crate::spantag()
        .arg("agree")
        .current_dir(corpus.path())
        .output()
        .unwrap();
    let cli = String::from_utf8(output.stdout).unwrap();
    // The CLI row "alice / bob  5  0.901  0.881  0.891  0.974  0.935" and the window's cells.
    let row = cli.lines().find(|l| l.starts_with("alice / bob")).unwrap();
    let cells: Vec<&str> = row.split_whitespace().skip(3).collect();
    assert_eq!(cells.len(), 6, "{row}");
    for cell in &cells[1..] {
        assert!(harness.query_by_label(cell).is_some(), "{cell} not shown");
    }
    // Worst document first, and a click opens it.
    let figures = harness.state().agreement_figures().unwrap().clone();
    assert_eq!(figures.documents, 5);
    let worst = harness
        .query_all_by_label_contains("  aleppo")
        .chain(harness.query_all_by_label_contains("  haifa"))
        .chain(harness.query_all_by_label_contains("  kharkiv"))
        .chain(harness.query_all_by_label_contains("  syria"))
        .chain(harness.query_all_by_label_contains("  idlib"))
        .count();
    assert_eq!(worst, 5);
}

/// View → Text direction reads an English article right to left: its first letter moves
/// to the right end of its line. The choice is remembered for that document in the
/// settings (not in the annotation file) and comes back with them; Auto forgets it.
#[test]
fn a_document_read_right_to_left_keeps_that_direction() {
    use spantag::text::bidi::BaseDirection;
    let corpus = bundled_corpus_copy();
    let english = corpus
        .path()
        .join("samples/algiers-hosts-mali-ceasefire-talks.txt");
    let mut harness = harness(&english, "carol");
    wait_ready(&mut harness);
    let left = harness.state_mut().screen_rect_of(0).unwrap();
    let doc = harness.state().state().current_id().unwrap().to_string();
    let file = file_of(corpus.path(), &doc, "carol");
    let before = fs::read(&file).ok();
    harness
        .state_mut()
        .send(Command::SetDirection(BaseDirection::Rtl));
    for _ in 0..3 {
        harness.step();
    }
    let right = harness.state_mut().screen_rect_of(0).unwrap();
    assert!(right.min.x > left.min.x + 300.0, "{left:?} → {right:?}");
    let settings = harness.state().settings().clone();
    assert_eq!(
        settings.directions.values().collect::<Vec<_>>(),
        [&BaseDirection::Rtl]
    );
    assert!(
        settings
            .directions
            .keys()
            .all(|k| k.ends_with(&format!("#{doc}")))
    );
    assert_eq!(
        fs::read(&file).ok(),
        before,
        "the annotation file is not touched"
    );

    // A new window with those settings reads it right to left again.
    let mut again = harness_with(&english, Some("carol"), settings);
    wait_ready(&mut again);
    for _ in 0..3 {
        again.step();
    }
    let restored = again.state_mut().screen_rect_of(0).unwrap();
    assert!((restored.min.x - right.min.x).abs() < 1.0, "{restored:?}");
    again
        .state_mut()
        .send(Command::SetDirection(BaseDirection::Auto));
    again.step();
    assert!(again.state().settings().directions.is_empty());
}

/// A copy of bob's file saved under another name is left out of the figures, and the
/// status line says which file and why.
#[test]
fn the_agreement_window_says_which_file_it_left_out() {
    let corpus = bundled_corpus_copy();
    let folder = corpus.path().join(format!("annotations/{SEED}"));
    fs::copy(folder.join("bob.ron"), folder.join("bob-old.ron")).unwrap();
    let mut harness = harness(corpus.path(), "carol");
    wait_ready(&mut harness);
    harness.state_mut().send(Command::ShowAgreement);
    run_until(&mut harness, "the figures", |app| {
        app.agreement_figures().is_some()
    });
    assert_eq!(harness.state().agreement_figures().unwrap().documents, 5);
    let error = harness.state().state().error.clone().unwrap();
    assert!(
        error.starts_with("agreement leaves out 1 file: ")
            && error.contains(
                "bob-old.ron: error: its annotator is \"bob\" but the file is named \"bob-old.ron\""
            ),
        "{error}"
    );
}

#[test]
fn a_reviewer_draws_a_gold_span_and_finishes_the_seed_with_the_keyboard() {
    let corpus = bundled_corpus_copy();
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    let gold_file = corpus.path().join(format!("annotations/{SEED}/gold.ron"));
    let mut harness = harness(&path, "carol");
    wait_ready(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    run_until(&mut harness, "review mode", |app| app.review().is_some());
    harness.step();
    // Draw a span the annotators did not have: "Friday" as an event.
    let text = open_text(&harness);
    let friday = char_offset(&text, "Friday");
    let mut screen = |c: usize| harness.state_mut().screen_rect_of(c).unwrap().left_center();
    let (from, to) = (screen(friday + 1), screen(friday + 4));
    drag(&mut harness, from, to, Modifiers::NONE);
    assert_eq!(
        harness.state().review().unwrap().selection,
        Some(friday..friday + 6)
    );
    type_label_key(&mut harness, "3");
    run_until(&mut harness, "the drawn span saved", |app| {
        app.review().is_some_and(|r| r.save.is_settled())
    });
    let gold = spantag::io::gold::read_gold(&gold_file).unwrap();
    let drawn = Span::new(friday, friday + 6, "event");
    assert!(gold.annotation.spans().contains(&drawn));
    assert!(gold.provenance[&drawn].from.is_empty());
    assert_eq!(gold.provenance[&drawn].curator.as_deref(), Some("carol"));
    // Escape drops the selected span; then take alice's version everywhere with the
    // keyboard until nothing is undecided.
    harness.key_press(Key::Escape);
    harness.step();
    assert!(harness.state().review().unwrap().selected_span.is_none());
    for _ in 0..20 {
        if harness
            .state()
            .review()
            .unwrap()
            .adjudication
            .as_ref()
            .unwrap()
            .undecided()
            .is_empty()
        {
            break;
        }
        harness.event(egui::Event::Text("1".into()));
        harness.step();
    }
    run_until(&mut harness, "the last save", |app| {
        app.review().is_some_and(|r| r.save.is_settled())
    });
    let gold = spantag::io::gold::read_gold(&gold_file).unwrap();
    let review = harness.state().review().unwrap();
    assert!(review.adjudication.as_ref().unwrap().undecided().is_empty());
    assert_eq!(
        gold.review.decisions.len(),
        review.adjudication.as_ref().unwrap().places.len()
    );
    assert!(
        harness
            .query_by_label("Every place is decided. gold.ron is complete.")
            .is_some()
    );
}

#[test]
fn up_and_down_move_the_caret_between_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lines.txt");
    fs::write(&path, "Alpha beta.\nGamma delta.\r\nEpsilon zeta.\n").unwrap();
    let mut harness = harness(&path, "ivan");
    wait_ready(&mut harness);
    harness.state_mut().send(EditCommand::PlaceCaret(2));
    for _ in 0..3 {
        harness.step();
    }
    harness.key_press(Key::ArrowDown);
    harness.step();
    harness.step();
    let caret = harness.state().editor().unwrap().caret.unwrap();
    assert!((12..16).contains(&caret), "{caret}: into \"Gamma\"");
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowDown);
    harness.step();
    let editor = harness.state().editor().unwrap();
    let selection = editor.selection.clone().unwrap();
    assert_eq!(selection.start, caret);
    assert!(
        (26..30).contains(&selection.end),
        "{selection:?}: into \"Epsilon\""
    );
    harness.key_press(Key::ArrowUp);
    harness.step();
    let back = harness.state().editor().unwrap().caret.unwrap();
    assert!((12..16).contains(&back), "{back}");
    harness.key_press(Key::ArrowUp);
    harness.key_press(Key::ArrowUp);
    harness.step();
    harness.step();
    assert_eq!(
        harness.state().editor().unwrap().caret,
        Some(0),
        "stops at the top"
    );
}

#[test]
fn menus_and_the_shortcuts_window_draw_with_real_glyphs() {
    // The harness panics on any character the bundled fonts cannot draw.
    let corpus = bundled_corpus_copy();
    let mut harness = harness(corpus.path(), "alice");
    wait_ready(&mut harness);
    harness.key_press(Key::F1);
    for _ in 0..3 {
        harness.step();
    }
    assert!(harness.query_by_label("Keyboard shortcuts").is_some());
    assert!(
        harness
            .query_by_label("Up / Down (Shift to extend)")
            .is_some()
    );
    for menu in ["File", "Edit", "View", "Help"] {
        harness.get_by_label(menu).click();
        for _ in 0..3 {
            harness.step();
        }
    }
}

// ---------------------------------------------------------------------------------------
// The window's core, driven with a manual worker and clock: every reply arrives exactly
// when the test lets it, and no test waits in real time.

fn manual_harness(path: &Path, annotator: &str, timing: Timing) -> Harness<'static, SpantagApp> {
    harness_on(path, Some(annotator), Settings::default(), None, timing)
}

/// Runs every queued background job, then a frame to take the replies.
pub(crate) fn pump(harness: &mut Harness<'_, SpantagApp>) {
    for _ in 0..3 {
        harness.state().worker().run_pending();
        harness.step();
    }
}

#[test]
fn a_reply_from_before_a_corpus_switch_never_lands_on_the_new_corpus() {
    // Two corpora with the same document ids; the second's seed text differs.
    let first = bundled_corpus_copy();
    let second = bundled_corpus_copy();
    let text = second.path().join(format!("samples/{SEED}.txt"));
    fs::write(&text, "Only the second corpus has this text about Homs.\n").unwrap();
    fs::remove_dir_all(second.path().join(format!("annotations/{SEED}"))).unwrap();
    let path = first.path().join(format!("samples/{SEED}.txt"));
    let mut harness = manual_harness(&path, "alice", Timing::default());
    // The first corpus is listed; its document is being read when the second is opened.
    assert_eq!(harness.state().worker().run_pending(), 1, "the listing");
    harness.step();
    assert_eq!(
        harness.state().worker().pending(),
        3,
        "summaries, the open and the sources of suggestions"
    );
    harness.state_mut().send(Command::Open(text.clone()));
    harness.step();
    pump(&mut harness);
    let editor = harness.state().editor().unwrap();
    assert_eq!(
        editor.annotation.document.text(),
        "Only the second corpus has this text about Homs.\n"
    );
    assert_eq!(editor.annotation.spans().len(), 0);
}

#[test]
fn a_reply_for_another_annotator_is_dropped() {
    let corpus = bundled_corpus_copy();
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    let mut harness = manual_harness(&path, "alice", Timing::default());
    assert_eq!(harness.state().worker().run_pending(), 1, "the listing");
    harness.step();
    // alice's file (78 spans) is being read when the annotator becomes carol.
    assert_eq!(
        harness.state().worker().pending(),
        3,
        "summaries, the open and the sources of suggestions"
    );
    harness
        .state_mut()
        .send(Command::SetAnnotator(AnnotatorName::new("carol").unwrap()));
    harness.step();
    pump(&mut harness);
    let editor = harness.state().editor().unwrap();
    assert_eq!(editor.annotation.annotator.as_str(), "carol");
    assert_eq!(editor.annotation.spans().len(), 0);
    // And nothing of alice's lands in carol's file.
    harness.state_mut().send(EditCommand::PlaceCaret(0));
    harness.step();
    type_label_key(&mut harness, "1");
    harness.state_mut().send(Command::SaveNow);
    pump(&mut harness);
    let carol = read_annotation(&file_of(corpus.path(), SEED, "carol"), &Schema::default())
        .unwrap()
        .annotation;
    assert_eq!(carol.spans().len(), 1);
}

#[test]
fn ten_right_presses_in_one_frame_move_ten_words() {
    let corpus = bundled_corpus_copy();
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    let mut harness = manual_harness(&path, "carol", Timing::default());
    pump(&mut harness);
    harness.state_mut().send(EditCommand::PlaceCaret(0));
    harness.step();
    for _ in 0..10 {
        harness.event(egui::Event::Key {
            key: Key::ArrowRight,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Modifiers::NONE,
        });
    }
    harness.step();
    let text = open_text(&harness);
    let word_starts = spantag::model::text::words(&text);
    assert_eq!(
        harness.state().editor().unwrap().caret,
        Some(word_starts[10].0)
    );
    // Shift+Right, 3, Right in one frame: the word selected is the one tagged.
    for event in [
        egui::Event::Key {
            key: Key::ArrowRight,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Modifiers::SHIFT,
        },
        egui::Event::Text("3".into()),
        egui::Event::Key {
            key: Key::ArrowRight,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Modifiers::NONE,
        },
    ] {
        harness.event(event);
    }
    harness.step();
    let editor = harness.state().editor().unwrap();
    let (start, end) = word_starts[10];
    assert_eq!(editor.annotation.spans(), [Span::new(start, end, "event")]);
}

#[test]
fn review_writes_gold_at_the_first_decision_and_exit_waits_for_it() {
    let corpus = bundled_corpus_copy();
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    let gold_file = corpus.path().join(format!("annotations/{SEED}/gold.ron"));
    let mut harness = manual_harness(&path, "carol", Timing::default());
    pump(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    pump(&mut harness);
    assert!(harness.state().review().is_some());
    assert!(!gold_file.exists(), "nothing is written on entering");
    harness.event(egui::Event::Text("2".into()));
    harness.step();
    // The decision waits for the save delay; the window closes before it.
    assert!(!gold_file.exists());
    harness.state_mut().flush_saves();
    let gold = spantag::io::gold::read_gold(&gold_file).unwrap();
    assert_eq!(gold.review.curator, "carol");
    assert!(
        gold.review
            .decisions
            .iter()
            .any(|d| d.curator == "carol" && d.choice != Choice::Unanimous)
    );
    assert!(harness.state().state().recovery.is_empty());
}

#[test]
fn leaving_review_never_overwrites_a_gold_file_changed_on_disk() {
    let corpus = bundled_corpus_copy();
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    let gold_file = corpus.path().join(format!("annotations/{SEED}/gold.ron"));
    let mut harness = manual_harness(&path, "carol", Timing::default());
    pump(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    pump(&mut harness);
    harness.event(egui::Event::Text("1".into()));
    harness.step();
    harness.state_mut().send(Command::SaveNow);
    pump(&mut harness);
    assert!(gold_file.exists());
    // Another curator writes gold.ron; then this one decides again and leaves.
    let mut theirs = spantag::io::gold::read_gold(&gold_file).unwrap();
    theirs.review.curator = "dora".into();
    fs::write(&gold_file, spantag::io::gold::to_gold_ron(&theirs)).unwrap();
    let their_bytes = fs::read(&gold_file).unwrap();
    harness.key_press(Key::X);
    harness.step();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    pump(&mut harness);
    pump(&mut harness);
    assert_eq!(
        fs::read(&gold_file).unwrap(),
        their_bytes,
        "overwritten without asking"
    );
    // The window asks, in review mode, on that document.
    let review = harness
        .state()
        .review()
        .expect("review mode comes back to ask");
    assert!(review.conflict.is_some());
    harness.step();
    harness
        .get_by_label("Keep my decisions (overwrite gold.ron)")
        .click();
    harness.step();
    pump(&mut harness);
    let gold = spantag::io::gold::read_gold(&gold_file).unwrap();
    assert_eq!(gold.review.curator, "carol");
}

#[test]
fn a_failed_gold_save_waits_before_trying_again() {
    let corpus = bundled_corpus_copy();
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    let gold_file = corpus.path().join(format!("annotations/{SEED}/gold.ron"));
    let mut harness = manual_harness(&path, "carol", Timing::default());
    pump(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    pump(&mut harness);
    // A folder where gold.ron should be: every save fails.
    fs::create_dir(&gold_file).unwrap();
    harness.event(egui::Event::Text("1".into()));
    harness.step();
    harness.state_mut().send(Command::SaveNow);
    pump(&mut harness);
    let review = harness.state().review().unwrap();
    assert!(review.save.error.is_some());
    // Many frames, no time passing: no new save is sent.
    for _ in 0..20 {
        harness.step();
    }
    assert_eq!(harness.state().worker().pending(), 0);
}

#[test]
fn exit_with_a_disk_that_never_answers_writes_recovery_copies() {
    let corpus = bundled_corpus_copy();
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    let timing = Timing {
        exit_wait: Duration::ZERO,
        ..Timing::default()
    };
    let mut harness = manual_harness(&path, "carol", timing);
    pump(&mut harness);
    harness.state_mut().send(EditCommand::PlaceCaret(0));
    harness.step();
    type_label_key(&mut harness, "1");
    harness.state().worker().hold(true);
    harness.state_mut().flush_saves();
    let recovery = harness.state().state().recovery.clone();
    assert_eq!(recovery.len(), 1);
    let copy = fs::read_to_string(&recovery[0]).unwrap();
    assert!(copy.contains("annotator: \"carol\""), "{copy}");
}

#[test]
fn a_document_only_looked_at_stays_not_started_and_a_removed_broken_file_clears() {
    let corpus = bundled_corpus_copy();
    let broken = file_of(corpus.path(), CRLF_DOC, "alice");
    fs::write(&broken, "(format: \"spantag/1\", document: (").unwrap();
    let mut harness = manual_harness(corpus.path(), "alice", Timing::default());
    pump(&mut harness);
    let index = |h: &Harness<'_, SpantagApp>, id: &str| {
        h.state()
            .entries()
            .iter()
            .position(|e| e.text.id.as_str() == id)
            .unwrap()
    };
    let summary =
        |h: &Harness<'_, SpantagApp>, id: &str| h.state().entries()[index(h, id)].summary.clone();
    // A document with no file, clicked and caret placed: still not started.
    let fresh = index(&harness, "algiers-hosts-mali-ceasefire-talks");
    harness.state_mut().send(Command::OpenDocument(fresh));
    pump(&mut harness);
    harness.state_mut().send(EditCommand::PlaceCaret(3));
    harness.step();
    assert_eq!(
        summary(&harness, "algiers-hosts-mali-ceasefire-talks"),
        Some(spantag::ui::worker::Summary::NotStarted)
    );
    // The broken file: ⚠; removed, and the document opened again: not started.
    let crlf = index(&harness, CRLF_DOC);
    harness.state_mut().send(Command::OpenDocument(crlf));
    pump(&mut harness);
    assert!(matches!(
        summary(&harness, CRLF_DOC),
        Some(spantag::ui::worker::Summary::Broken(_))
    ));
    fs::remove_file(&broken).unwrap();
    harness.state_mut().send(Command::OpenDocument(fresh));
    harness.step();
    harness.state_mut().send(Command::OpenDocument(crlf));
    pump(&mut harness);
    assert_eq!(
        summary(&harness, CRLF_DOC),
        Some(spantag::ui::worker::Summary::NotStarted)
    );
}

#[test]
fn enter_submits_the_name_prompt() {
    let corpus = bundled_corpus_copy();
    let mut harness = harness_with(corpus.path(), None, Settings::default());
    harness.step();
    harness.step();
    harness.event(egui::Event::Text("dora".into()));
    harness.step();
    harness.key_press(Key::Enter);
    harness.step();
    harness.step();
    assert_eq!(
        harness.state().annotator().map(|a| a.as_str().to_owned()),
        Some("dora".to_owned())
    );
}

#[test]
fn a_newly_opened_document_starts_at_its_top() {
    let corpus = tempfile::tempdir().unwrap();
    let line = "Rebels seized the town of Rastan on Friday, officials in Харків said.\n";
    fs::create_dir(corpus.path().join("samples")).unwrap();
    for name in ["a", "b"] {
        let text = corpus.path().join(format!("samples/{name}.txt"));
        fs::write(text, line.repeat(300)).unwrap();
    }
    let path = corpus.path().join("samples/a.txt");
    let mut harness = manual_harness(&path, "alice", Timing::default());
    pump(&mut harness);
    harness.key_press(Key::PageDown);
    for _ in 0..60 {
        harness.step();
    }
    let scrolled = harness.state_mut().scroll_offset().unwrap();
    assert!(scrolled > 100.0, "{scrolled}");
    harness
        .state_mut()
        .send(Command::StepDocument { forward: true });
    pump(&mut harness);
    harness.step();
    assert_eq!(harness.state_mut().scroll_offset(), Some(0.0));
    // Back to the first: where the reader left it.
    harness
        .state_mut()
        .send(Command::StepDocument { forward: false });
    pump(&mut harness);
    for _ in 0..5 {
        harness.step();
    }
    assert_eq!(harness.state_mut().scroll_offset(), Some(scrolled));
}

#[test]
fn galleys_kept_across_a_font_atlas_rebuild_match_a_fresh_layout() {
    let corpus = bundled_corpus_copy();
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    let mut harness = manual_harness(&path, "alice", Timing::default());
    pump(&mut harness);
    harness.step();
    for rebuild in 0..3 {
        match rebuild {
            0 => harness.ctx.set_theme(egui::Theme::Light),
            1 => spantag::ui::fonts::install_fonts(&harness.ctx),
            _ => harness.ctx.set_pixels_per_point(1.5),
        }
        harness.step();
        harness.step();
        let key =
            spantag::ui::views::ViewKey::Doc(harness.state().state().current_id().unwrap().clone());
        let ctx = harness.ctx.clone();
        let app = harness.state_mut();
        let view = app.views_mut().get_mut(&key).unwrap();
        let mut compared = 0;
        for (_, galley) in view.layout.kept_galleys() {
            let fresh = ctx.fonts_mut(|f| f.layout_job((*galley.job).clone()));
            let uv = |g: &egui::Galley| -> Vec<([u16; 2], [u16; 2])> {
                g.rows
                    .iter()
                    .flat_map(|r| r.glyphs.iter().map(|x| (x.uv_rect.min, x.uv_rect.max)))
                    .collect()
            };
            assert_eq!(uv(galley), uv(&fresh), "rebuild {rebuild}");
            compared += 1;
        }
        assert!(compared > 0, "rebuild {rebuild}: nothing laid out");
    }
}

#[test]
fn the_export_dialog_refuses_a_broken_schema_as_the_cli_does() {
    let corpus = bundled_corpus_copy();
    fs::write(corpus.path().join("spantag.ron"), "(labels: [").unwrap();
    let out = corpus.path().join("from-window.jsonl");
    let mut harness = harness_with_dialogs(
        corpus.path(),
        Some("alice"),
        Settings::default(),
        Some(out.clone()),
    );
    export_with_dialog(&mut harness, &["mine"]);
    let problems = harness
        .state()
        .export_result()
        .unwrap()
        .clone()
        .unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("spantag.ron"), "{problems:?}");
    assert!(
        !out.exists(),
        "nothing is exported with labels it could not read"
    );
}

/// A copy of the bundled corpus whose `spantag.ron` lacks `event`, open as alice, its
/// file dialog answering `from-window.jsonl` in it: (the copy, that path, the window).
fn corpus_without_event() -> (tempfile::TempDir, PathBuf, Harness<'static, SpantagApp>) {
    let (corpus, out, harness) = bundled_export_harness("alice", "from-window.jsonl");
    fs::write(
        corpus.path().join("spantag.ron"),
        "(labels: [(name: \"actor\", display: \"Actor\", color: \"#e67e22\", key: '1'),\n\
         (name: \"location\", display: \"Location\", color: \"#2e86c1\", key: '2')])\n",
    )
    .unwrap();
    (corpus, out, harness)
}

#[test]
fn the_export_dialog_refuses_labels_outside_the_schema_until_allowed() {
    let (_corpus, out, mut harness) = corpus_without_event();
    export_with_dialog(&mut harness, &["mine"]);
    let problems = harness
        .state()
        .export_result()
        .unwrap()
        .clone()
        .unwrap_err();
    assert_eq!(
        problems,
        [
            "labels not in the corpus schema: event; nothing written (add them with: spantag schema init, or export them anyway with --allow-unknown-labels)"
        ]
    );
    assert!(!out.exists());

    let (_corpus, out, mut harness) = corpus_without_event();
    export_with_dialog(
        &mut harness,
        &["mine", "also labels outside the schema (refused otherwise)"],
    );
    let lines = harness.state().export_result().unwrap().clone().unwrap();
    assert_eq!(
        lines.last().unwrap(),
        "labels not in the corpus schema, exported as asked: event"
    );
    assert!(out.exists());
}

#[test]
fn selecting_a_span_far_down_scrolls_it_into_view() {
    let corpus = tempfile::tempdir().unwrap();
    let line = "Rebels seized the town of Rastan on Friday, officials in Харків said.\n";
    fs::create_dir(corpus.path().join("samples")).unwrap();
    let path = corpus.path().join("samples/long.txt");
    fs::write(&path, line.repeat(300)).unwrap();
    let mut harness = manual_harness(&path, "alice", Timing::default());
    pump(&mut harness);
    harness.step();
    assert_eq!(harness.state_mut().scroll_offset(), Some(0.0));
    let far = line.chars().count() * 250;
    harness
        .state_mut()
        .send(EditCommand::SelectSpan(Span::new(far, far + 6, "actor")));
    for _ in 0..10 {
        harness.step();
    }
    let offset = harness.state_mut().scroll_offset().unwrap();
    assert!(offset > 5000.0, "{offset}");
    let rect = harness.state_mut().screen_rect_of(far).unwrap();
    assert!(rect.min.y > 0.0 && rect.max.y < 900.0, "{rect:?}");
}

#[test]
fn review_leaves_out_the_reviewers_own_file_until_ticked() {
    let corpus = bundled_corpus_copy();
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    // carol tagged 1 span of the seed herself, and has not marked it done.
    let alice = read_annotation(&file_of(corpus.path(), SEED, "alice"), &Schema::default())
        .unwrap()
        .annotation;
    let mut own = Annotation::new(
        alice.document.clone(),
        AnnotatorName::new("carol").unwrap(),
        spantag::model::now(),
    );
    own.insert(alice.spans()[0].clone()).unwrap();
    spantag::io::store::save_annotation(&file_of(corpus.path(), SEED, "carol"), &own).unwrap();
    let mut harness = manual_harness(&path, "carol", Timing::default());
    pump(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    pump(&mut harness);
    let review = harness.state().review().unwrap();
    assert_eq!(review.chosen_names(), ["alice", "bob"]);
    let places = review.adjudication.as_ref().unwrap().places.len();
    assert_eq!(
        review.adjudication.as_ref().unwrap().annotators,
        ["alice", "bob"]
    );
    harness.get_by_label("Annotators compared").click();
    harness.step();
    harness
        .get_by_label("carol (your own file, not done)")
        .click();
    pump(&mut harness);
    let review = harness.state().review().unwrap();
    assert_eq!(review.chosen_names(), ["alice", "bob", "carol"]);
    let adjudication = review.adjudication.as_ref().unwrap();
    assert_eq!(adjudication.annotators, ["alice", "bob", "carol"]);
    assert!(adjudication.places.len() >= places);
    // Choosing files is not a decision: nothing is written yet.
    assert!(
        !corpus
            .path()
            .join(format!("annotations/{SEED}/gold.ron"))
            .exists()
    );
}

#[test]
fn a_conflict_on_a_document_left_behind_is_announced_and_waits_there() {
    let corpus = bundled_corpus_copy();
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    let file = file_of(corpus.path(), SEED, "bob");
    let mut harness = manual_harness(&path, "bob", Timing::default());
    pump(&mut harness);
    harness.state_mut().send(EditCommand::PlaceCaret(0));
    harness.step();
    type_label_key(&mut harness, "3");
    // Someone else rewrites the file; bob moves on before his save runs.
    let mut theirs = read_annotation(&file, &Schema::default())
        .unwrap()
        .annotation;
    let first = theirs.spans()[0].clone();
    theirs.remove(&first);
    spantag::io::store::save_annotation(&file, &theirs).unwrap();
    let their_bytes = fs::read(&file).unwrap();
    harness
        .state_mut()
        .send(Command::StepDocument { forward: true });
    for _ in 0..4 {
        pump(&mut harness);
    }
    assert_eq!(fs::read(&file).unwrap(), their_bytes);
    let error = harness.state().state().error.clone().unwrap();
    assert_eq!(
        error,
        format!(
            "{SEED} changed on disk while it had unsaved edits: open it to choose which version to keep"
        )
    );
    harness
        .state_mut()
        .send(Command::StepDocument { forward: false });
    pump(&mut harness);
    assert!(
        harness
            .query_by_label("Keep my version (overwrite the file)")
            .is_some()
    );
}

/// Opens the import dialog on `corpus` as carol, picks `format` and types `input`.
fn import_dialog(
    corpus: &Path,
    format: &str,
    input: &Path,
    dialog_answer: Option<PathBuf>,
) -> Harness<'static, SpantagApp> {
    let mut harness =
        harness_with_dialogs(corpus, Some("carol"), Settings::default(), dialog_answer);
    wait_ready(&mut harness);
    harness.state_mut().send(Command::ShowImport);
    for _ in 0..3 {
        harness.step();
    }
    harness.get_by_label(format).click();
    harness.step();
    type_into(&mut harness, "Input", &input.display().to_string());
    harness
}

/// Types `text` into the field labelled `label`.
fn type_into(harness: &mut Harness<'_, SpantagApp>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.step();
    harness.get_by_label(label).type_text(text);
    harness.step();
}

/// Carol's spans on `doc`, as (start, end, label).
fn carol_spans(corpus: &Path, doc: &str) -> Vec<(usize, usize, String)> {
    read_annotation(&file_of(corpus, doc, "carol"), &Schema::default())
        .unwrap()
        .annotation
        .spans()
        .iter()
        .map(|s| (s.start, s.end, s.label.to_string()))
        .collect()
}

/// Clicks Import and waits for its result.
fn import_clicked(harness: &mut Harness<'_, SpantagApp>) -> Result<Vec<String>, Vec<String>> {
    harness.get_by_label("Import").click();
    run_until(harness, "the import", |app| app.import_result().is_some());
    harness.state().import_result().unwrap().clone()
}

#[test]
fn the_import_dialog_skips_prodigy_answers_as_the_cli_does() {
    let corpus = bundled_corpus_copy();
    let input = crate::repo().join("tests/fixtures/import/prodigy.jsonl");
    // The CLI first, into the same corpus as the same annotator, so that the root and
    // the name in the summary match; the window then replaces its files.
    let output = crate::spantag()
        .args([
            "import",
            "--from",
            "jsonl",
            "--answers",
            "accept",
            "--annotator",
            "carol",
        ])
        .arg("--into")
        .arg(corpus.path())
        .arg(&input)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{stdout}");
    let cli: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        cli,
        [
            format!(
                "imported 1 document (1 span) into {} as carol",
                corpus.path().display()
            )
            .as_str(),
            "skipped 1 line answered \"ignore\" (choose with --answers)",
            "skipped 2 lines answered \"reject\" (choose with --answers)",
        ]
    );
    let file = file_of(corpus.path(), "prodigy-1", "carol");
    let spans = || {
        read_annotation(&file, &Schema::default())
            .unwrap()
            .annotation
            .spans()
            .to_vec()
    };
    let cli_spans = spans();
    fs::remove_file(&file).unwrap();

    let mut harness = import_dialog(corpus.path(), "JSONL", &input, None);
    // Only accept is ticked, as --answers defaults to.
    harness.get_by_label("Replace existing files").click();
    harness.step();
    let lines = import_clicked(&mut harness).unwrap();
    assert_eq!(lines, cli);
    assert_eq!(spans(), cli_spans);
    assert_eq!(cli_spans.len(), 1);
    assert!(!corpus.path().join("annotations/prodigy-2").exists());
}

#[test]
fn the_import_dialog_renames_labels_and_refuses_them_otherwise() {
    let corpus = bundled_corpus_copy();
    let input = crate::repo().join("tests/fixtures/import/bad-labels.jsonl");
    // A tab cannot be typed in a one-line field: that rename comes from a file.
    let map = corpus.path().join("map.txt");
    fs::write(&map, "GEO\tLOC=location\r\n").unwrap();
    let mut harness = import_dialog(corpus.path(), "JSONL", &input, Some(map));
    let problems = import_clicked(&mut harness).unwrap_err();
    let at = input.display();
    let bad = |line: usize, name: &str| {
        format!(
            "{at}:{line}:1: error: label name {name:?} is not allowed: use 1 to 50 characters with no spaces or control characters (rename it with --label-map OLD=NEW)"
        )
    };
    assert_eq!(
        problems,
        [
            bad(1, "Company Name"),
            bad(1, "GEO\tLOC"),
            bad(2, ""),
            "nothing was imported: fix the input and import again".to_owned(),
        ]
    );
    assert!(!corpus.path().join("annotations/kyiv").exists());

    type_into(
        &mut harness,
        "Rename labels",
        "Company Name=organisation, =actor",
    );
    harness.get_by_label("Choose map…").click();
    harness.step();
    let lines = import_clicked(&mut harness).unwrap();
    let root = corpus.path().display();
    assert_eq!(
        lines,
        [
            format!("imported 2 documents (3 spans) into {root} as carol"),
            format!(
                "label not in the corpus schema: organisation; add it to spantag.ron with: spantag schema init {root}"
            ),
        ]
    );
    let spans = |doc: &str| carol_spans(corpus.path(), doc);
    assert_eq!(
        spans("kyiv"),
        [
            (4, 12, "organisation".to_owned()),
            (28, 32, "location".to_owned())
        ]
    );
    assert_eq!(spans("nato"), [(1, 5, "actor".to_owned())]);
}

#[test]
fn the_import_dialog_names_an_unread_key_and_counts_it_once_ignored() {
    let corpus = bundled_corpus_copy();
    let input = crate::repo().join("tests/fixtures/import/unknown-key.jsonl");
    let mut harness = import_dialog(corpus.path(), "JSONL", &input, None);
    let problems = import_clicked(&mut harness).unwrap_err();
    assert_eq!(
        problems,
        [
            format!(
                "{}:2:1: error: key \"entities_v2\" holds data spantag does not read; nothing under it would be imported (pass --ignore-key entities_v2 to import the rest)",
                input.display()
            ),
            "nothing was imported: fix the input and import again".to_owned(),
        ]
    );
    type_into(&mut harness, "Ignore keys", "entities_v2");
    let lines = import_clicked(&mut harness).unwrap();
    assert_eq!(
        lines,
        [
            format!(
                "imported 2 documents (1 span) into {} as carol",
                corpus.path().display()
            ),
            "not imported: 1 item under \"entities_v2\"".to_owned(),
            "not imported: 2 items under \"relations\"".to_owned(),
        ]
    );
}

#[test]
fn the_import_dialog_names_doccano_label_ids_from_a_chosen_file() {
    let corpus = bundled_corpus_copy();
    let fixtures = crate::repo().join("tests/fixtures/import");
    let input = fixtures.join("doccano-annotations.jsonl");
    let ids = fixtures.join("doccano-label-ids.json");
    let mut harness = import_dialog(corpus.path(), "doccano", &input, Some(ids));
    let problems = import_clicked(&mut harness).unwrap_err();
    assert_eq!(
        problems[0],
        format!(
            "{}:1:1: error: \"annotations\" holds label ids, not names: pass --label-ids FILE (doccano's label export, or ID=NAME lines) to import them",
            input.display()
        )
    );
    harness.get_by_label("Choose ids…").click();
    harness.step();
    let lines = import_clicked(&mut harness).unwrap();
    assert_eq!(
        lines,
        [format!(
            "imported 1 document (2 spans) into {} as carol",
            corpus.path().display()
        )]
    );
    assert_eq!(
        carol_spans(corpus.path(), "3"),
        [
            (28, 32, "location".to_owned()),
            (38, 45, "event".to_owned())
        ]
    );
}

#[test]
fn the_export_dialog_splits_and_writes_sentences_as_the_cli_does() {
    let (corpus, out, mut harness) = bundled_export_harness("alice", "from-window");
    export_with_dialog(
        &mut harness,
        &[
            "Hugging Face",
            "mine",
            "one row per sentence",
            "split by document into parts",
        ],
    );
    let lines = harness.state().export_result().unwrap().clone().unwrap();
    assert!(
        lines[0].starts_with("exported 5 documents (") && lines[0].ends_with(" in 3 parts:"),
        "{lines:?}"
    );
    let cli = corpus.path().join("from-cli");
    let status = crate::spantag()
        .args([
            "export",
            "--format",
            "hf",
            "--annotator",
            "alice",
            "--sentences",
        ])
        .args([
            "--split",
            "train=0.8,dev=0.1,test=0.1",
            "--seed",
            "0",
            "--out",
        ])
        .arg(&cli)
        .arg(corpus.path())
        .output()
        .unwrap()
        .status;
    assert!(status.success());
    let files = [
        "README.md",
        "labels.json",
        "train/data.jsonl",
        "dev/data.jsonl",
        "test/data.jsonl",
    ];
    for file in files {
        assert_eq!(
            fs::read(out.join(file)).unwrap(),
            fs::read(cli.join(file)).unwrap(),
            "{file}"
        );
    }
    // A row per sentence, in each of the three parts.
    for part in ["train", "dev", "test"] {
        let data = fs::read_to_string(out.join(part).join("data.jsonl")).unwrap();
        assert!(data.lines().count() > 1, "{part}");
        assert!(data.lines().all(|l| l.contains("\"doc_id\":")), "{part}");
    }
}

/// The ids of the documents the window lists, in list order.
fn listed_ids(harness: &Harness<'_, SpantagApp>) -> Vec<String> {
    harness
        .state()
        .entries()
        .iter()
        .map(|e| e.text.id.to_string())
        .collect()
}

#[test]
fn text_file_names_that_collide_are_listed_apart_and_said_in_the_status_line() {
    let corpus = tempfile::tempdir().unwrap();
    fs::create_dir(corpus.path().join("samples")).unwrap();
    fs::write(corpus.path().join("samples/Zürich.txt"), "“Zürich” said 😀").unwrap();
    fs::write(
        corpus.path().join("samples/Zurich.txt"),
        "Zurich قصف حمص\r\n",
    )
    .unwrap();
    let mut harness = manual_harness(corpus.path(), "alice", Timing::default());
    pump(&mut harness);
    let ids = listed_ids(&harness);
    assert_eq!(ids, ["Zurich", "Zurich-2"]);
    assert_eq!(
        harness.state().state().error.as_deref(),
        Some(
            "samples: file names \"Zurich\" and \"Zürich\" give the same document id (case aside): named Zurich, Zurich-2"
        )
    );
    harness.step();
    assert!(
        harness
            .query_by_label_contains("give the same document id")
            .is_some()
    );
}

/// A corpus of one long article whose annotation by alice has `spans` spans on words,
/// with a span count wider than the row's room for it.
fn corpus_with_spans(spans: usize) -> tempfile::TempDir {
    let corpus = tempfile::tempdir().unwrap();
    fs::create_dir(corpus.path().join("samples")).unwrap();
    let text = "Rebels near “Homs” said ٤٠ 😀 talks resume.\r\n".repeat(2_000);
    fs::write(corpus.path().join("samples/long.txt"), &text).unwrap();
    let doc = spantag::model::Document::new(
        spantag::model::DocId::new("long").unwrap(),
        "samples/long.txt",
        text.as_str(),
    );
    let mut a = Annotation::new(
        doc,
        AnnotatorName::new("alice").unwrap(),
        spantag::model::now(),
    );
    let words = spantag::model::text::words(&text);
    a.set_spans(
        words
            .iter()
            .take(spans)
            .map(|&(s, e)| Span::new(s, e, "location"))
            .collect(),
    )
    .unwrap();
    assert_eq!(a.spans().len(), spans);
    spantag::io::store::save_annotation(&file_of(corpus.path(), "long", "alice"), &a).unwrap();
    corpus
}

/// The left edge of the open text and the left edge of the span list: where the
/// Documents panel ends and where the Spans panel begins.
fn panel_edges(spans: usize) -> (f32, f32) {
    let corpus = corpus_with_spans(spans);
    let mut harness = harness(corpus.path(), "alice");
    wait_ready(&mut harness);
    run_until(&mut harness, "the summaries", |app| {
        app.entries().iter().all(|e| e.summary.is_some())
    });
    // Frames enough for a panel that follows its content to show it.
    for _ in 0..30 {
        harness.step();
    }
    let text_left = pos_of(&mut harness, 0).x;
    let spans_left = harness.get_by_label("Spans").rect().left();
    (text_left, spans_left)
}

#[test]
fn panel_widths_do_not_follow_the_span_count() {
    let few = panel_edges(1);
    let many = panel_edges(12_000);
    assert_eq!(many, few);
}

#[cfg(unix)]
#[test]
fn a_fifo_among_the_texts_is_left_out_and_said_in_the_status_line() {
    let corpus = tempfile::tempdir().unwrap();
    fs::create_dir(corpus.path().join("samples")).unwrap();
    fs::write(corpus.path().join("samples/homs.txt"), "“Homs” قصف 😀\r\n").unwrap();
    let pipe = corpus.path().join("samples/pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap();
    assert!(made.success());
    let mut harness = manual_harness(corpus.path(), "alice", Timing::default());
    pump(&mut harness);
    let ids = listed_ids(&harness);
    assert_eq!(ids, ["homs"]);
    assert_eq!(
        harness.state().state().error.as_deref(),
        Some(
            format!(
                "{}: warning: skipped: a FIFO (named pipe), not a regular file",
                pipe.display()
            )
            .as_str()
        )
    );
    harness.step();
    assert!(harness.query_by_label_contains("skipped: a FIFO").is_some());
}
