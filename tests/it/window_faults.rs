//! The window when the disk fails it: a save that cannot be written is never dropped on
//! the way out. Quitting, closing the window or opening another folder asks first, and
//! what nobody answered lands in a recovery copy somewhere writable.
//!
//! The fault is real, not simulated: a file stands where the document's annotation folder
//! should be, so every write there fails (for root too, unlike a read-only folder).

use std::fs;
use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use spantag::io::ron_format::parse_annotation;
use spantag::model::{Schema, Span};
use spantag::ui::clock::Timing;
use spantag::ui::command::{Command, EditCommand};
use spantag::ui::{Settings, SpantagApp};

use crate::bundled_corpus_copy;
use crate::window::{SEED, file_of, harness_with_recovery, run_until, type_label_key, wait_ready};

/// A window on the seed document as frank, whose one new span cannot be saved: its
/// annotation folder is blocked by a file. Returns the window and the blocked folder.
fn window_with_a_save_that_fails(
    corpus: &Path,
    dialog_answer: Option<PathBuf>,
    recovery_dirs: Vec<PathBuf>,
) -> (Harness<'static, SpantagApp>, PathBuf) {
    let path = corpus.join(format!("samples/{SEED}.txt"));
    let mut harness = harness_with_recovery(
        &path,
        Some("frank"),
        Settings::default(),
        dialog_answer,
        Timing::default(),
        recovery_dirs,
    );
    wait_ready(&mut harness);
    let folder = corpus.join("annotations").join(SEED);
    fs::rename(&folder, corpus.join("moved-away")).unwrap();
    fs::write(&folder, "in the way").unwrap();
    tag_a_span_until_its_save_fails(&mut harness);
    (harness, folder)
}

/// Tags [`frank_span`] and runs until its save has failed (the disk is broken first).
fn tag_a_span_until_its_save_fails(harness: &mut Harness<'static, SpantagApp>) {
    harness.state_mut().send(EditCommand::Select {
        range: 33..39,
        caret: 39,
    });
    harness.step();
    type_label_key(harness, "1");
    run_until(harness, "the save error", |app| {
        app.editor().is_some_and(|e| e.save.error.is_some())
    });
}

/// Every `*.unsaved-*` file under `dir`.
fn recovery_files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return found;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(recovery_files_under(&path));
        } else if path.to_string_lossy().contains(".unsaved-") {
            found.push(path);
        }
    }
    found
}

/// The spans of an annotation file written by the window.
fn spans_in(file: &Path) -> Vec<Span> {
    let text = fs::read_to_string(file).unwrap();
    parse_annotation(file, &text, &Schema::default())
        .unwrap()
        .annotation
        .spans()
        .to_vec()
}

fn frank_span() -> Vec<Span> {
    vec![Span::new(33, 39, "actor")]
}

#[test]
fn quitting_with_a_save_that_fails_asks_and_keep_trying_stays_and_saves_later() {
    let corpus = bundled_corpus_copy();
    let (mut harness, folder) = window_with_a_save_that_fails(corpus.path(), None, Vec::new());
    harness.state_mut().send(Command::Quit);
    harness.step();
    harness.step();
    assert!(!harness.state().is_closing());
    let prompt = harness.state().leave_prompt().expect("the question");
    assert_eq!(prompt.unsaved.len(), 1);
    assert_eq!(prompt.unsaved[0].what, format!("{SEED} — frank"));
    assert_eq!(
        prompt.unsaved[0].path,
        file_of(corpus.path(), SEED, "frank")
    );
    assert!(
        harness
            .query_by_label("Some of your work is not saved")
            .is_some()
    );
    harness.get_by_label("Keep trying").click();
    harness.step();
    harness.step();
    assert_eq!(harness.state().leave_prompt(), None);
    assert!(!harness.state().is_closing());
    assert_eq!(
        harness.state().editor().unwrap().annotation.spans(),
        frank_span()
    );
    // The disk is fixed: the retry saves, and quitting now closes at once.
    fs::remove_file(&folder).unwrap();
    run_until(&mut harness, "the retried save", |app| {
        app.editor().is_some_and(|e| e.save.is_settled())
    });
    assert_eq!(
        spans_in(&file_of(corpus.path(), SEED, "frank")),
        frank_span()
    );
    harness.state_mut().send(Command::Quit);
    harness.step();
    assert!(harness.state().is_closing());
    assert_eq!(harness.state().leave_prompt(), None);
}

#[test]
fn closing_the_window_with_unsaved_work_asks_as_quit_does() {
    let corpus = bundled_corpus_copy();
    let (mut harness, _) = window_with_a_save_that_fails(corpus.path(), None, Vec::new());
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.step();
    harness.step();
    assert!(!harness.state().is_closing());
    assert_eq!(harness.state().leave_prompt().unwrap().unsaved.len(), 1);
}

#[test]
fn discard_closes_and_nothing_is_written_at_exit() {
    let corpus = bundled_corpus_copy();
    let fallback = tempfile::tempdir().unwrap();
    let (mut harness, _) =
        window_with_a_save_that_fails(corpus.path(), None, vec![fallback.path().to_owned()]);
    harness.state_mut().send(Command::Quit);
    harness.step();
    harness.step();
    harness.get_by_label("Discard and quit").click();
    harness.step();
    harness.step();
    assert!(harness.state().is_closing());
    // What eframe runs as the window goes.
    harness.state_mut().flush_saves();
    assert_eq!(harness.state().state().recovery, Vec::<PathBuf>::new());
    assert_eq!(recovery_files_under(corpus.path()), Vec::<PathBuf>::new());
    assert_eq!(recovery_files_under(fallback.path()), Vec::<PathBuf>::new());
}

#[test]
fn save_a_copy_elsewhere_writes_the_work_to_the_chosen_folder_then_closes() {
    let corpus = bundled_corpus_copy();
    let elsewhere = tempfile::tempdir().unwrap();
    let (mut harness, _) =
        window_with_a_save_that_fails(corpus.path(), Some(elsewhere.path().to_owned()), Vec::new());
    harness.state_mut().send(Command::Quit);
    harness.step();
    harness.step();
    harness.get_by_label("Save a copy elsewhere…").click();
    harness.step();
    harness.step();
    assert!(harness.state().is_closing());
    let copy = elsewhere.path().join(SEED).join("frank.ron");
    assert_eq!(spans_in(&copy), frank_span());
    let said = harness.state().state().error.clone().unwrap();
    assert_eq!(said, format!("Unsaved work written to {}", copy.display()));
}

#[test]
fn a_copy_elsewhere_that_fails_says_why_and_asks_again() {
    let corpus = bundled_corpus_copy();
    // The chosen "folder" is a file: nothing can be written under it.
    let blocked = corpus.path().join("not-a-folder");
    fs::write(&blocked, "x").unwrap();
    let (mut harness, _) =
        window_with_a_save_that_fails(corpus.path(), Some(blocked.clone()), Vec::new());
    harness.state_mut().send(Command::Quit);
    harness.step();
    harness.step();
    harness.get_by_label("Save a copy elsewhere…").click();
    harness.step();
    harness.step();
    assert!(!harness.state().is_closing());
    let problem = harness
        .state()
        .leave_prompt()
        .and_then(|p| p.problem.clone())
        .expect("the problem is shown in the question");
    let target = blocked.join(SEED).join("frank.ron");
    assert!(
        problem.starts_with(&format!("could not write {}: ", target.display())),
        "{problem}"
    );
}

#[test]
fn opening_another_folder_with_unsaved_work_asks_first_and_discard_opens_it() {
    let corpus = bundled_corpus_copy();
    let other = bundled_corpus_copy();
    fs::remove_file(other.path().join(format!("samples/{SEED}.txt"))).unwrap();
    let (mut harness, _) = window_with_a_save_that_fails(corpus.path(), None, Vec::new());
    let before = harness.state().entries().len();
    harness
        .state_mut()
        .send(Command::Open(other.path().to_owned()));
    harness.step();
    harness.step();
    assert_eq!(harness.state().corpus().root(), corpus.path());
    assert_eq!(harness.state().entries().len(), before);
    assert_eq!(
        harness.state().editor().unwrap().annotation.spans(),
        frank_span()
    );
    harness.get_by_label("Discard and open").click();
    run_until(&mut harness, "the other corpus", |app| {
        app.corpus().root() == other.path() && app.entries().len() == before - 1
    });
}

#[test]
fn exit_recovery_falls_back_to_the_data_folder_then_the_temp_folder() {
    let corpus = bundled_corpus_copy();
    let places = tempfile::tempdir().unwrap();
    // The first fallback (the data folder) cannot be written either.
    let data = places.path().join("data");
    fs::write(&data, "a file, not a folder").unwrap();
    let temp = places.path().join("temp");
    let (mut harness, _) =
        window_with_a_save_that_fails(corpus.path(), None, vec![data, temp.clone()]);
    harness.state_mut().flush_saves();
    let recovery = harness.state().state().recovery.clone();
    assert_eq!(recovery.len(), 1, "{recovery:?}");
    let corpus_name = corpus.path().canonicalize().unwrap();
    let corpus_name = corpus_name.file_name().unwrap();
    let expected_folder = temp.join(corpus_name).join(SEED);
    assert_eq!(recovery[0].parent().unwrap(), expected_folder);
    let name = recovery[0].file_name().unwrap().to_string_lossy();
    assert!(name.starts_with("frank.ron.unsaved-"), "{name}");
    assert_eq!(spans_in(&recovery[0]), frank_span());
    let said = harness.state().state().error.clone().unwrap();
    assert!(
        said.ends_with(&format!(
            "your work was written to {}",
            recovery[0].display()
        )),
        "{said}"
    );
    assert_eq!(recovery_files_under(corpus.path()), Vec::<PathBuf>::new());
}

/// A recovery copy of alice's file of the seed document, as an earlier session that could
/// not save would have left it: her file with one more span. Returns its path and spans.
fn leave_a_recovery_copy(corpus: &Path) -> (PathBuf, Vec<Span>) {
    let file = file_of(corpus, SEED, "alice");
    let mut work = spantag::io::ron_format::read_annotation(&file, &Schema::default())
        .unwrap()
        .annotation;
    work.insert(Span::new(0, 5, "location")).unwrap();
    let copy = file.with_file_name("alice.ron.unsaved-1700000000");
    fs::write(&copy, spantag::io::ron_format::to_ron(&work)).unwrap();
    (copy, work.spans().to_vec())
}

#[test]
fn a_recovery_copy_is_offered_on_open_and_restoring_it_saves_it_then_deletes_it() {
    let corpus = bundled_corpus_copy();
    let (copy, spans) = leave_a_recovery_copy(corpus.path());
    let file = file_of(corpus.path(), SEED, "alice");
    let before = spans_in(&file);
    let mut harness = seed_window(corpus.path(), "alice");
    harness.step();
    let offer = format!(
        "Work that could not be saved on 2023-11-14 22:13 UTC was kept in {}: {} spans (the file has {} spans).",
        copy.display(),
        spans.len(),
        before.len()
    );
    assert!(harness.query_by_label(&offer).is_some(), "{offer}");
    harness.get_by_label("Restore it").click();
    harness.step();
    harness.step();
    assert_eq!(harness.state().editor().unwrap().annotation.spans(), spans);
    run_until(&mut harness, "the save and the copy's removal", |app| {
        app.editor().is_some_and(|e| e.save.is_settled()) && app.worker().pending() == 0
    });
    harness.state().worker().run_pending();
    assert_eq!(spans_in(&file), spans);
    assert!(!copy.exists(), "the restored copy is deleted once saved");
    assert!(harness.query_by_label(&offer).is_none());
}

#[test]
fn deleting_an_offered_recovery_copy_keeps_the_file_as_it_is() {
    let corpus = bundled_corpus_copy();
    let (copy, _) = leave_a_recovery_copy(corpus.path());
    let file = file_of(corpus.path(), SEED, "alice");
    let before = fs::read(&file).unwrap();
    let mut harness = seed_window(corpus.path(), "alice");
    harness.step();
    harness.get_by_label("Delete the copy").click();
    harness.step();
    crate::window::pump(&mut harness);
    assert!(!copy.exists());
    assert_eq!(fs::read(&file).unwrap(), before);
    assert!(harness.query_by_label("Restore it").is_none());
}

// ---------------------------------------------------------------------------------------
// Two windows, one annotator, one document: the second reads, the first writes.

fn seed_window(corpus: &Path, who: &str) -> Harness<'static, SpantagApp> {
    let mut harness = crate::window::harness(&corpus.join(format!("samples/{SEED}.txt")), who);
    wait_ready(&mut harness);
    harness
}

#[test]
fn a_second_window_opens_a_locked_document_read_only_and_takes_over_when_the_first_closes() {
    let corpus = bundled_corpus_copy();
    let file = file_of(corpus.path(), SEED, "alice");
    let mut first = seed_window(corpus.path(), "alice");
    assert!(first.state().editor().unwrap().lock.is_some());
    let mut second = seed_window(corpus.path(), "alice");
    let holder = second.state().editor().unwrap().read_only.clone();
    assert_eq!(holder.map(|h| h.pid), Some(std::process::id()));
    second.step();
    let banner = format!(
        "Read-only: this file is open in another spantag window ({}). You can read it here; it becomes editable when that window closes it.",
        second.state().editor().unwrap().read_only.as_ref().unwrap()
    );
    assert!(second.query_by_label(&banner).is_some(), "{banner}");
    assert!(second.get_by_label("✔ Done").accesskit_node().is_disabled());
    // The second window cannot change the file.
    let before = spans_in(&file);
    second.state_mut().send(EditCommand::Select {
        range: 0..5,
        caret: 5,
    });
    second.step();
    type_label_key(&mut second, "2");
    assert_eq!(second.state().editor().unwrap().annotation.spans(), before);
    assert_eq!(second.state().editor().unwrap().save.revision, 0);
    // The first one can, and its span is on disk.
    first.state_mut().send(EditCommand::Select {
        range: 0..5,
        caret: 5,
    });
    first.step();
    type_label_key(&mut first, "2");
    first.state_mut().send(Command::SaveNow);
    for _ in 0..3 {
        first.step();
        first.state().worker().run_pending();
    }
    let theirs = spans_in(&file);
    assert_eq!(theirs.len(), before.len() + 1);
    assert!(theirs.contains(&Span::new(0, 5, "location")));
    // The first window closes: the second takes over, with the first one's span.
    drop(first);
    run_until(&mut second, "the lock", |app| {
        app.editor()
            .is_some_and(|e| e.read_only.is_none() && e.annotation.spans() == theirs)
    });
    assert!(second.state().editor().unwrap().lock.is_some());
    second.state_mut().send(EditCommand::Select {
        range: 0..5,
        caret: 5,
    });
    second.step();
    type_label_key(&mut second, "1");
    run_until(&mut second, "the save", |app| {
        app.editor()
            .is_some_and(|e| e.save.is_settled() && e.annotation.spans().len() > theirs.len())
    });
    let both = spans_in(&file);
    assert!(
        both.contains(&Span::new(0, 5, "location")),
        "nothing dropped"
    );
    assert!(both.contains(&Span::new(0, 5, "actor")));
    assert_eq!(both.len(), theirs.len() + 1);
}

#[test]
fn leaving_a_saved_document_lets_another_window_edit_it() {
    let corpus = bundled_corpus_copy();
    let mut first = seed_window(corpus.path(), "alice");
    let other = first
        .state()
        .entries()
        .iter()
        .position(|e| e.text.id.as_str() != SEED)
        .unwrap();
    first.state_mut().send(Command::OpenDocument(other));
    crate::window::pump(&mut first);
    let second = seed_window(corpus.path(), "alice");
    let editor = second.state().editor().unwrap();
    assert_eq!(editor.read_only, None);
    assert!(editor.lock.is_some());
}

#[test]
fn review_in_a_second_window_is_read_only_while_the_first_holds_the_gold() {
    let corpus = bundled_corpus_copy();
    let gold_file = corpus.path().join(format!("annotations/{SEED}/gold.ron"));
    let mut first = seed_window(corpus.path(), "carol");
    first.state_mut().send(Command::ToggleReview);
    crate::window::pump(&mut first);
    assert!(first.state().review().unwrap().lock.is_some());
    let mut second = seed_window(corpus.path(), "dan");
    second.state_mut().send(Command::ToggleReview);
    crate::window::pump(&mut second);
    let session = second.state().review().unwrap();
    assert_eq!(
        session.read_only.as_ref().map(|h| h.pid),
        Some(std::process::id())
    );
    // A decision in the second window is refused; nothing is written.
    second.event(egui::Event::Text("2".into()));
    second.step();
    second.state_mut().flush_saves();
    assert!(!gold_file.exists());
    assert_eq!(second.state().review().unwrap().save.revision, 0);
    // The first window's decision is written.
    first.event(egui::Event::Text("2".into()));
    first.step();
    first.state_mut().flush_saves();
    assert!(gold_file.exists());
    // Once the first window leaves review mode with everything written, the second can
    // take the gold by opening review again.
    first.state_mut().send(Command::ToggleReview);
    crate::window::pump(&mut first);
    second.state_mut().send(Command::ToggleReview);
    crate::window::pump(&mut second);
    second.state_mut().send(Command::ToggleReview);
    crate::window::pump(&mut second);
    let session = second.state().review().unwrap();
    assert_eq!(session.read_only, None);
    assert!(session.lock.is_some());
}

/// A small tmpfs mounted for one test, unmounted when dropped.
#[cfg(target_os = "linux")]
struct Tmpfs(tempfile::TempDir);

#[cfg(target_os = "linux")]
impl Tmpfs {
    /// Mounts a tmpfs of `kib` KiB, or says why it cannot (not root, no mount rights).
    fn mount(kib: u32) -> Result<Self, String> {
        let dir = tempfile::tempdir().unwrap();
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(dir.path())
            .output()
            .map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(Self(dir))
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
        }
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    fn remount_read_only(&self) {
        let status = std::process::Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(self.0.path())
            .status()
            .unwrap();
        assert!(status.success());
    }
}

#[cfg(target_os = "linux")]
impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.0.path())
            .status();
    }
}

/// Fills the file system holding `dir` until it has no space left.
#[cfg(target_os = "linux")]
fn fill_up(dir: &Path) {
    use std::io::Write;
    let mut filler = fs::File::create(dir.join("filler")).unwrap();
    let block = [0u8; 1024];
    while filler
        .write_all(&block)
        .and_then(|()| filler.flush())
        .is_ok()
    {}
    let _ = filler.sync_all();
}

/// What breaks the disk under the window in a fault test.
#[cfg(target_os = "linux")]
#[derive(Clone, Copy)]
enum Fault {
    /// No space left.
    Full,
    /// Mounted read-only (refused even to root, unlike file permissions).
    ReadOnly,
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_told_asked_about_on_quit_and_recovered_somewhere_writable() {
    disk_fault_test(Fault::Full, "No space left on device");
}

#[cfg(target_os = "linux")]
#[test]
fn a_read_only_corpus_is_told_asked_about_on_quit_and_recovered_somewhere_writable() {
    disk_fault_test(Fault::ReadOnly, "Read-only file system");
}

#[cfg(target_os = "linux")]
fn disk_fault_test(fault: Fault, expected_error: &str) {
    let disk = match Tmpfs::mount(256) {
        Ok(disk) => disk,
        Err(why) => {
            // Only root (or a user namespace) may mount; the injected faults above still
            // cover the window's side everywhere.
            eprintln!("skipped: cannot mount a tmpfs here: {why}");
            return;
        }
    };
    let bundled = bundled_corpus_copy();
    let corpus = disk.path();
    fs::create_dir_all(corpus.join("samples")).unwrap();
    let text = format!("samples/{SEED}.txt");
    fs::copy(bundled.path().join(&text), corpus.join(&text)).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let path = corpus.join(&text);
    let mut harness = harness_with_recovery(
        &path,
        Some("frank"),
        Settings::default(),
        None,
        Timing::default(),
        vec![elsewhere.path().to_owned()],
    );
    wait_ready(&mut harness);
    match fault {
        Fault::Full => fill_up(corpus),
        Fault::ReadOnly => disk.remount_read_only(),
    }
    tag_a_span_until_its_save_fails(&mut harness);
    let error = harness
        .state()
        .editor()
        .unwrap()
        .save
        .error
        .clone()
        .unwrap();
    assert!(error.contains(expected_error), "{error}");
    harness.step();
    assert!(
        harness
            .query_by_label_contains("Not saved: could not save")
            .is_some()
    );
    harness.state_mut().send(Command::Quit);
    harness.step();
    harness.step();
    assert!(!harness.state().is_closing());
    assert_eq!(harness.state().leave_prompt().unwrap().unsaved.len(), 1);
    // Closed anyway (the system ends the session): the copy goes to the fallback folder.
    harness.state_mut().flush_saves();
    let recovery = harness.state().state().recovery.clone();
    assert_eq!(recovery.len(), 1, "{recovery:?}");
    assert!(recovery[0].starts_with(elsewhere.path()), "{recovery:?}");
    assert_eq!(spans_in(&recovery[0]), frank_span());
}

#[test]
fn an_annotation_folder_no_text_matches_is_offered_to_relink_to_the_text_it_was_made_on() {
    let corpus = bundled_corpus_copy();
    let annotations = corpus.path().join("annotations");
    fs::rename(annotations.join(SEED), annotations.join("old-name")).unwrap();
    let mut harness = crate::window::harness(corpus.path(), "alice");
    crate::window::pump(&mut harness);
    let offer = format!("annotations/old-name matches no text; its files were made on {SEED}.");
    assert!(harness.query_by_label(&offer).is_some(), "{offer}");
    harness.get_by_label(&format!("Relink to {SEED}")).click();
    harness.step();
    crate::window::pump(&mut harness);
    assert!(harness.query_by_label(&offer).is_none());
    assert_eq!(
        harness.state().state().error.as_deref(),
        Some(format!("annotations/old-name: 2 files relinked to {SEED}").as_str())
    );
    for who in ["alice", "bob"] {
        let file = file_of(corpus.path(), SEED, who);
        let text = fs::read_to_string(&file).unwrap();
        let moved = parse_annotation(&file, &text, &Schema::default()).unwrap();
        assert_eq!(moved.annotation.document.id().as_str(), SEED);
    }
    assert!(!annotations.join("old-name").join("alice.ron").exists());
}

#[test]
fn opening_a_corpus_removes_temporary_files_a_killed_write_left_and_says_so() {
    let corpus = bundled_corpus_copy();
    let folder = corpus.path().join("annotations").join(SEED);
    let old = folder.join(".spantag-killed.tmp");
    let fresh = folder.join(".spantag-writing-now.tmp");
    fs::write(&old, "half a file").unwrap();
    fs::write(&fresh, "a write under way").unwrap();
    crate::make_old(&old, std::time::Duration::from_secs(2 * 3600));
    let mut harness = crate::window::harness(corpus.path(), "alice");
    crate::window::pump(&mut harness);
    assert!(!old.exists());
    assert!(
        fresh.exists(),
        "a write that may still be under way is left alone"
    );
    assert_eq!(
        harness.state().state().error.as_deref(),
        Some(
            format!(
                "removed a temporary file left by interrupted saves over an hour ago: annotations/{SEED}/.spantag-killed.tmp"
            )
            .as_str()
        )
    );
}

#[test]
fn document_rows_follow_each_other_one_row_apart() {
    let corpus = bundled_corpus_copy();
    let mut harness = crate::window::harness(corpus.path(), "alice");
    crate::window::pump(&mut harness);
    let top = |h: &Harness<'static, SpantagApp>, label: &str| h.get_by_label(label).rect().top();
    let first = top(&harness, "○ algiers-hosts-mali-ceasefire-talks");
    let second = top(&harness, "✔ haifa-port-strike-48-hours");
    let row = second - first;
    assert!((20.0..=30.0).contains(&row), "rows {row} px apart");
}
