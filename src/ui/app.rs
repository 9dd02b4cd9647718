//! The application: owns the corpus, the open documents and the I/O thread, applies
//! commands, schedules saves and draws the panels.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::Launch;
use super::command::{Command, commands_from_keys};
use super::editor::Editor;
use super::panels;
use super::panels::transfer::{ExportForm, ImportForm, TransferRequest};
use super::review::{ReviewSession, review_commands_from_keys};
use super::worker::{Job, Reply, Summary, Worker};
use crate::io::store::{Corpus, TextEntry, save_annotation_if_unchanged};
use crate::model::{AnnotatorName, DocId, Schema, Status};

/// How long after the last edit a save starts.
pub const SAVE_DELAY: Duration = Duration::from_millis(700);
/// How long to wait before trying a failed save again.
const RETRY_DELAY: Duration = Duration::from_secs(2);
/// How often the open document's file is checked for changes made elsewhere.
const CHECK_EVERY: Duration = Duration::from_secs(2);
/// Annotation files summarized per background job, so the list fills in as it goes.
const SUMMARY_BATCH: usize = 64;
/// Recent corpora remembered.
const MAX_RECENT: usize = 10;

/// What survives a restart (eframe persistence).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// The annotator's name, once given.
    pub annotator: Option<String>,
    /// Recently opened corpora or files, newest first.
    pub recent: Vec<PathBuf>,
}

/// The storage key of [`Settings`].
pub const SETTINGS_KEY: &str = "spantag-settings";

/// Native file dialogs, behind a trait so that tests never open a real one.
pub trait FileDialogs {
    /// Asks for an existing file; `extensions` filters it when not empty.
    fn pick_file(&self, title: &str, extensions: &[&str]) -> Option<PathBuf>;
    /// Asks for a folder.
    fn pick_folder(&self, title: &str) -> Option<PathBuf>;
    /// Asks where to save a file, suggesting `file_name`.
    fn save_file(&self, title: &str, file_name: &str) -> Option<PathBuf>;
}

/// The desktop's own dialogs (through rfd and the XDG portal).
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn pick_file(&self, title: &str, extensions: &[&str]) -> Option<PathBuf> {
        let dialog = rfd::FileDialog::new().set_title(title);
        let dialog = if extensions.is_empty() {
            dialog
        } else {
            dialog.add_filter("Files", extensions)
        };
        dialog.pick_file()
    }

    fn pick_folder(&self, title: &str) -> Option<PathBuf> {
        rfd::FileDialog::new().set_title(title).pick_folder()
    }

    fn save_file(&self, title: &str, file_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title(title)
            .set_file_name(file_name)
            .save_file()
    }
}

/// A document of the corpus list and what is known of it.
pub struct DocEntry {
    /// Its text file.
    pub text: TextEntry,
    /// Its state for this annotator, once read (`None` while unknown).
    pub summary: Option<Summary>,
}

/// A document that was opened in this session.
pub enum OpenDoc {
    /// Being read.
    Loading,
    /// Cannot be annotated: why (its file is left untouched).
    Failed(String),
    /// Ready.
    Ready(Box<Editor>),
}

/// The spantag window.
pub struct SpantagApp {
    pub(crate) corpus: Corpus,
    pub(crate) schema: Schema,
    pub(crate) entries: Vec<DocEntry>,
    pub(crate) list_error: Option<String>,
    pub(crate) filter: String,
    pub(crate) current: Option<usize>,
    pub(crate) docs: HashMap<usize, OpenDoc>,
    pub(crate) annotator: Option<AnnotatorName>,
    pub(crate) settings: Settings,
    pub(crate) name_prompt: Option<String>,
    pub(crate) show_shortcuts: bool,
    pub(crate) error: Option<String>,
    pub(crate) export_form: Option<ExportForm>,
    pub(crate) review: Option<(usize, ReviewSession)>,
    pub(crate) agreement: Option<panels::agreement::AgreementWindow>,
    pub(crate) import_form: Option<ImportForm>,
    commands: Vec<Command>,
    worker: Worker,
    dialogs: Box<dyn FileDialogs>,
    title: String,
}

/// The window title: the app, who is annotating, and the document.
pub fn window_title(annotator: Option<&AnnotatorName>, doc: Option<&DocId>) -> String {
    let mut title = "spantag".to_owned();
    if let Some(name) = annotator {
        title.push_str(&format!(" — {name}"));
    }
    if let Some(doc) = doc {
        title.push_str(&format!(" — {doc}"));
    }
    title
}

impl SpantagApp {
    /// The window's state for `launch`, with `settings` from the last run, waking `ctx`
    /// when background work finishes.
    pub fn new(
        launch: &Launch,
        settings: Settings,
        ctx: &egui::Context,
        dialogs: Box<dyn FileDialogs>,
    ) -> Self {
        let wake = ctx.clone();
        let annotator = launch.annotator.clone().or_else(|| {
            settings
                .annotator
                .as_deref()
                .and_then(|n| AnnotatorName::new(n).ok())
        });
        let mut app = Self {
            corpus: Corpus::new("."),
            schema: Schema::default(),
            entries: Vec::new(),
            list_error: None,
            filter: String::new(),
            current: None,
            docs: HashMap::new(),
            name_prompt: annotator.is_none().then(String::new),
            annotator,
            settings,
            show_shortcuts: false,
            error: None,
            export_form: None,
            review: None,
            agreement: None,
            import_form: None,
            commands: Vec::new(),
            worker: Worker::start(move || wake.request_repaint()),
            dialogs,
            title: String::new(),
        };
        if let Some(name) = &app.annotator {
            app.settings.annotator = Some(name.to_string());
        }
        app.open_path(&launch.path);
        app
    }

    /// Queues a command; it is applied at the start of the next frame.
    pub fn send(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// The export dialog's last result, if it is open and finished.
    pub fn export_result(&self) -> Option<&Result<Vec<String>, Vec<String>>> {
        self.export_form.as_ref()?.job.result.as_ref()
    }

    /// The import dialog's last result, if it is open and finished.
    pub fn import_result(&self) -> Option<&Result<Vec<String>, Vec<String>>> {
        self.import_form.as_ref()?.job.result.as_ref()
    }

    /// The settings to persist.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The open document's editor, if it is ready.
    pub fn editor(&self) -> Option<&Editor> {
        match self.current.and_then(|i| self.docs.get(&i)) {
            Some(OpenDoc::Ready(editor)) => Some(editor),
            _ => None,
        }
    }

    /// The open document's editor, mutable, if it is ready.
    pub fn editor_mut(&mut self) -> Option<&mut Editor> {
        match self.current.and_then(|i| self.docs.get_mut(&i)) {
            Some(OpenDoc::Ready(editor)) => Some(editor),
            _ => None,
        }
    }

    /// The documents of the corpus, in list order.
    pub fn entries(&self) -> &[DocEntry] {
        &self.entries
    }

    /// The corpus being worked on.
    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    /// Who is annotating, if known.
    pub fn annotator(&self) -> Option<&AnnotatorName> {
        self.annotator.as_ref()
    }

    fn open_path(&mut self, path: &Path) {
        self.flush_saves();
        let corpus = Corpus::containing(path).unwrap_or_else(|| {
            let folder = if path.is_dir() {
                path.to_owned()
            } else {
                path.parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .map_or_else(|| PathBuf::from("."), ToOwned::to_owned)
            };
            Corpus::new(folder)
        });
        self.schema = match corpus.load_schema() {
            Ok(schema) => schema,
            Err(e) => {
                self.error = Some(format!("{e} — using the default labels"));
                Schema::default()
            }
        };
        let (mut texts, list_error) = match corpus.texts() {
            Ok(texts) => (texts, None),
            Err(e) => (Vec::new(), Some(e.to_string())),
        };
        // `samples/x.txt` and `./samples/x.txt` are the same file.
        let canonical = std::fs::canonicalize(path).ok();
        let is_launch_path = |p: &Path| {
            p.file_name() == path.file_name() && std::fs::canonicalize(p).ok() == canonical
        };
        let wanted = texts.iter().position(|t| is_launch_path(&t.path));
        // A lone text file outside any samples/ folder is listed on its own.
        if path.is_file() && wanted.is_none() {
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            texts.insert(
                0,
                TextEntry {
                    id: DocId::from_file_stem(&stem),
                    path: path.to_owned(),
                },
            );
        }
        self.corpus = corpus;
        self.list_error = list_error;
        self.entries = texts
            .into_iter()
            .map(|text| DocEntry {
                text,
                summary: None,
            })
            .collect();
        self.docs.clear();
        self.current = None;
        let absolute = canonical.clone().unwrap_or_else(|| path.to_owned());
        self.settings.recent.retain(|p| p != &absolute);
        self.settings.recent.insert(0, absolute);
        self.settings.recent.truncate(MAX_RECENT);
        self.summarize();
        let wanted = self
            .entries
            .iter()
            .position(|e| is_launch_path(&e.text.path));
        if let Some(first) = wanted.or((!self.entries.is_empty()).then_some(0)) {
            self.open_document(first);
        }
    }

    /// Asks the I/O thread for every document's state, in batches.
    fn summarize(&mut self) {
        let Some(annotator) = self.annotator.clone() else {
            return;
        };
        let files: Vec<(usize, PathBuf)> = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (i, self.corpus.annotation_path(&e.text.id, &annotator)))
            .collect();
        for batch in files.chunks(SUMMARY_BATCH) {
            self.worker.send(Job::Summarize {
                files: batch.to_vec(),
            });
        }
    }

    fn open_document(&mut self, i: usize) {
        if i >= self.entries.len() {
            return;
        }
        if self.review.as_ref().is_some_and(|(doc, _)| *doc != i) {
            self.close_review();
        }
        // The document being left is saved now rather than after the usual delay.
        if let Some(editor) = self.editor_mut()
            && editor.save.is_dirty()
        {
            editor.save.dirty_since = Some(Instant::now() - SAVE_DELAY);
        }
        self.current = Some(i);
        let Some(annotator) = self.annotator.clone() else {
            return;
        };
        if self.docs.contains_key(&i) {
            return;
        }
        let entry = &self.entries[i].text;
        self.docs.insert(i, OpenDoc::Loading);
        self.worker.send(Job::Open {
            doc: i,
            id: entry.id.clone(),
            text_path: entry.path.clone(),
            source: self.corpus.relative(&entry.path),
            annotation_path: self.corpus.annotation_path(&entry.id, &annotator),
            annotator,
            schema: self.schema.clone(),
        });
    }

    fn annotation_path(&self, i: usize) -> Option<PathBuf> {
        let annotator = self.annotator.as_ref()?;
        let entry = self.entries.get(i)?;
        Some(self.corpus.annotation_path(&entry.text.id, annotator))
    }

    /// Applies queued commands.
    fn apply_commands(&mut self) {
        for command in std::mem::take(&mut self.commands) {
            self.apply(command);
        }
    }

    fn apply(&mut self, command: Command) {
        match command {
            Command::Open(path) => self.open_path(&path),
            Command::OpenFileDialog => {
                if let Some(path) = self.dialogs.pick_file("Open an article", &["txt"]) {
                    self.open_path(&path);
                }
            }
            Command::OpenFolderDialog => {
                let title = "Open a corpus folder (with samples/ and annotations/)";
                if let Some(path) = self.dialogs.pick_folder(title) {
                    self.open_path(&path);
                }
            }
            Command::ToggleReview => {
                if self.review.is_some() {
                    self.close_review();
                } else if let Some(i) = self.current {
                    let folder = self
                        .corpus
                        .annotations_dir()
                        .join(self.entries[i].text.id.as_str());
                    self.worker.send(Job::LoadReview { doc: i, folder });
                }
            }
            Command::Review(command) => {
                if let Some((_, session)) = &mut self.review
                    && session.apply(command)
                {
                    session.dirty = true;
                }
            }
            Command::ShowAgreement => {
                self.flush_saves();
                self.agreement = Some(panels::agreement::AgreementWindow::default());
                self.worker.send(Job::Agreement {
                    corpus: self.corpus.clone(),
                });
            }
            Command::ShowExport => {
                self.flush_saves();
                self.export_form.get_or_insert_with(ExportForm::new);
            }
            Command::ShowImport => {
                let annotator = self.annotator.clone();
                self.import_form
                    .get_or_insert_with(|| ImportForm::new(annotator.as_ref()));
            }
            Command::OpenDocument(i) => self.open_document(i),
            Command::StepDocument { forward } => {
                if let Some(i) = self.current {
                    let n = self.entries.len();
                    let next = if forward {
                        (i + 1) % n
                    } else {
                        (i + n - 1) % n
                    };
                    self.open_document(next);
                }
            }
            Command::DoneAndNext => {
                if let Some(editor) = self.editor_mut() {
                    editor.set_status(Status::Done);
                }
                self.refresh_summary();
                self.open_next_not_done();
            }
            Command::Reopen => {
                if let Some(editor) = self.editor_mut() {
                    editor.set_status(Status::InProgress);
                }
            }
            Command::SetAnnotator(name) => self.set_annotator(name),
            Command::AskAnnotator => {
                self.name_prompt = Some(
                    self.annotator
                        .as_ref()
                        .map_or_else(String::new, ToString::to_string),
                );
            }
            Command::ToggleShortcuts => self.show_shortcuts = !self.show_shortcuts,
            Command::SaveNow => {
                if let Some(editor) = self.editor_mut() {
                    editor.save.dirty_since = Some(Instant::now() - SAVE_DELAY);
                    editor.save.retry_at = None;
                }
            }
            Command::KeepMine => {
                if let Some(editor) = self.editor_mut()
                    && editor.conflict.take().is_some()
                {
                    // Overwrite the file as it is now: take its stamp, then save.
                    editor.save.stamp = None;
                    editor.save.checked_at = None;
                    editor.save.dirty_since = Some(Instant::now() - SAVE_DELAY);
                    editor.notice = Some("Your version will overwrite the file.".to_owned());
                    if let Some(path) = self.current.and_then(|i| self.annotation_path(i)) {
                        self.adopt_disk_stamp(&path);
                    }
                }
            }
            Command::TakeTheirs => {
                if let Some(editor) = self.editor_mut()
                    && let Some(theirs) = editor.conflict.take()
                {
                    let stamp = editor.save.stamp.clone();
                    editor.replace_annotation(*theirs, stamp);
                    editor.save.checked_at = None;
                    editor.notice = Some("Loaded the version on disk.".to_owned());
                }
                // The stamp must be the file's current one.
                if let Some(path) = self.current.and_then(|i| self.annotation_path(i)) {
                    self.adopt_disk_stamp(&path);
                }
            }
            other => {
                if let Some(editor) = self.editor_mut() {
                    apply_to_editor(editor, other);
                }
                self.refresh_summary();
            }
        }
    }

    /// Takes the file's current stamp as the one expected (after the annotator chose).
    fn adopt_disk_stamp(&mut self, path: &Path) {
        let stamp = crate::io::store::file_stamp(path).ok().flatten();
        if let Some(editor) = self.editor_mut() {
            editor.save.stamp = stamp;
        }
    }

    fn refresh_summary(&mut self) {
        let Some(i) = self.current else { return };
        let summary = self.editor().map(|e| Summary::Annotated {
            status: e.annotation.status,
            spans: e.annotation.spans().len(),
        });
        if let (Some(summary), Some(entry)) = (summary, self.entries.get_mut(i)) {
            entry.summary = Some(summary);
        }
    }

    fn open_next_not_done(&mut self) {
        let Some(current) = self.current else { return };
        let n = self.entries.len();
        let next = (1..n).map(|k| (current + k) % n).find(|&i| {
            !matches!(
                self.entries[i].summary,
                Some(Summary::Annotated {
                    status: Status::Done,
                    ..
                })
            )
        });
        if let Some(i) = next {
            self.open_document(i);
        }
    }

    fn set_annotator(&mut self, name: AnnotatorName) {
        self.name_prompt = None;
        if self.annotator.as_ref() == Some(&name) {
            return;
        }
        self.flush_saves();
        self.settings.annotator = Some(name.to_string());
        self.annotator = Some(name);
        self.docs.clear();
        for entry in &mut self.entries {
            entry.summary = None;
        }
        self.summarize();
        if let Some(i) = self.current.or((!self.entries.is_empty()).then_some(0)) {
            self.open_document(i);
        }
    }

    /// Handles what the I/O thread sent back.
    fn drain_replies(&mut self) {
        for reply in self.worker.replies() {
            self.handle_reply(reply);
        }
    }

    fn handle_reply(&mut self, reply: Reply) {
        match reply {
            Reply::Opened { doc, result } => {
                let opened = match result {
                    Ok(opened) => {
                        let mut editor =
                            Editor::new(opened.annotation, opened.stamp, opened.source_changed);
                        if !opened.warnings.is_empty() {
                            editor.notice = Some(
                                opened
                                    .warnings
                                    .iter()
                                    .map(ToString::to_string)
                                    .collect::<Vec<_>>()
                                    .join("\n"),
                            );
                        }
                        if let Some(entry) = self.entries.get_mut(doc) {
                            entry.summary = Some(if editor.save.stamp.is_some() {
                                Summary::Annotated {
                                    status: editor.annotation.status,
                                    spans: editor.annotation.spans().len(),
                                }
                            } else {
                                Summary::NotStarted
                            });
                        }
                        OpenDoc::Ready(Box::new(editor))
                    }
                    Err(message) => {
                        if let Some(entry) = self.entries.get_mut(doc) {
                            entry.summary = Some(Summary::Broken(message.clone()));
                        }
                        OpenDoc::Failed(message)
                    }
                };
                self.docs.insert(doc, opened);
            }
            Reply::Saved {
                doc,
                revision,
                result,
            } => {
                let Some(OpenDoc::Ready(editor)) = self.docs.get_mut(&doc) else {
                    return;
                };
                editor.save.in_flight = None;
                match result {
                    Ok(stamp) => {
                        editor.save.stamp = stamp;
                        editor.save.saved_revision = revision;
                        editor.save.error = None;
                        editor.save.retry_at = None;
                        if !editor.save.is_dirty() {
                            editor.save.dirty_since = None;
                        }
                    }
                    Err((message, changed_on_disk)) => {
                        editor.save.error = Some(message);
                        editor.save.retry_at = Some(Instant::now() + RETRY_DELAY);
                        if changed_on_disk {
                            editor.save.checked_at = None;
                            if let Some(path) = self.annotation_path(doc) {
                                self.check(doc, &path);
                            }
                        }
                    }
                }
            }
            Reply::Changed {
                doc,
                stamp,
                annotation,
            } => {
                let Some(OpenDoc::Ready(editor)) = self.docs.get_mut(&doc) else {
                    return;
                };
                match annotation {
                    Ok(theirs) if !editor.save.is_dirty() && editor.save.in_flight.is_none() => {
                        editor.replace_annotation(*theirs, stamp);
                        editor.notice =
                            Some("The file changed on disk and was reloaded.".to_owned());
                    }
                    Ok(theirs) => {
                        editor.conflict = Some(theirs);
                    }
                    Err(message) => {
                        // A broken file is never overwritten: saving will refuse it.
                        editor.save.stamp = stamp;
                        editor.notice = Some(format!(
                            "The file changed on disk and cannot be read: {message}. Your work stays in this window; fix or move the file to save again."
                        ));
                    }
                }
                self.refresh_summary();
            }
            Reply::Unchanged => {}
            Reply::Agreement(figures) => {
                if let Some(window) = &mut self.agreement {
                    window.figures = Some(figures);
                }
            }
            Reply::ReviewLoaded { doc, result } => match result {
                Ok(data) if self.current == Some(doc) => {
                    let curator = self
                        .annotator
                        .as_ref()
                        .map_or_else(|| "curator".to_owned(), ToString::to_string);
                    let folder = self
                        .corpus
                        .annotations_dir()
                        .join(self.entries[doc].text.id.as_str());
                    let data = *data;
                    let fresh = data.gold.is_none();
                    let adjudication = crate::review::adjudicate::Adjudication::new(
                        &data.sources,
                        &data.stamps,
                        data.gold,
                        &curator,
                    );
                    let mut session = ReviewSession::new(
                        adjudication,
                        curator,
                        folder.join("gold.ron"),
                        data.gold_stamp,
                    );
                    // The unanimous places are decided already: write them.
                    session.dirty = fresh;
                    self.review = Some((doc, session));
                }
                Ok(_) => {}
                Err(message) => {
                    if let Some(editor) = self.editor_mut() {
                        editor.notice = Some(format!("No review: {message}"));
                    }
                }
            },
            Reply::GoldSaved(result) => {
                if let Some((_, session)) = &mut self.review {
                    session.saving = false;
                    match result {
                        Ok(stamp) => {
                            session.stamp = stamp;
                            session.save_error = None;
                        }
                        Err(e) => {
                            session.save_error = Some(e);
                            session.dirty = true;
                        }
                    }
                }
            }
            Reply::Exported(result) => {
                if let Some(form) = &mut self.export_form {
                    form.job.running = false;
                    form.job.result = Some(result.map_err(|e| vec![e]));
                }
            }
            Reply::Imported(result) => {
                let imported = result.is_ok();
                if let Some(form) = &mut self.import_form {
                    form.job.running = false;
                    form.job.result = Some(result);
                }
                if imported {
                    // Show the new documents.
                    let root = self.corpus.root().to_owned();
                    self.open_path(&root);
                }
            }
            Reply::Summaries(summaries) => {
                for (doc, summary) in summaries {
                    if let Some(entry) = self.entries.get_mut(doc)
                        && !matches!(self.docs.get(&doc), Some(OpenDoc::Ready(_)))
                    {
                        entry.summary = Some(summary);
                    }
                }
            }
        }
    }

    fn check(&self, doc: usize, path: &Path) {
        if let Some(OpenDoc::Ready(editor)) = self.docs.get(&doc) {
            self.worker.send(Job::Check {
                doc,
                path: path.to_owned(),
                expected: editor.save.stamp.clone(),
            });
        }
    }

    /// Starts the saves that are due, and checks the open file for outside changes.
    fn schedule_io(&mut self, ctx: &egui::Context) {
        let now = Instant::now();
        let mut next_wake: Option<Duration> = None;
        let current = self.current;
        let mut jobs = Vec::new();
        for (&doc, open) in &mut self.docs {
            let OpenDoc::Ready(editor) = open else {
                continue;
            };
            let Some(path) = self.annotator.as_ref().and_then(|a| {
                self.entries
                    .get(doc)
                    .map(|e| self.corpus.annotation_path(&e.text.id, a))
            }) else {
                continue;
            };
            let save = &mut editor.save;
            if save.is_dirty() && save.in_flight.is_none() && editor.conflict.is_none() {
                let due = save.dirty_since.map_or(now, |t| t + SAVE_DELAY);
                let due = save.retry_at.map_or(due, |r| r.max(due));
                if due <= now {
                    save.in_flight = Some(save.revision);
                    jobs.push(Job::Save {
                        doc,
                        path: path.clone(),
                        annotation: Box::new(editor.annotation.clone()),
                        expected: save.stamp.clone(),
                        revision: save.revision,
                    });
                } else {
                    let wait = due - now;
                    next_wake = Some(next_wake.map_or(wait, |w| w.min(wait)));
                }
            }
            if Some(doc) == current && save.in_flight.is_none() {
                let due = save.checked_at.map_or(now, |t| t + CHECK_EVERY);
                if due <= now {
                    save.checked_at = Some(now);
                    jobs.push(Job::Check {
                        doc,
                        path,
                        expected: save.stamp.clone(),
                    });
                }
                let wait = due.max(now) - now + CHECK_EVERY;
                next_wake = Some(next_wake.map_or(wait, |w| w.min(wait)));
            }
        }
        for job in jobs {
            self.worker.send(job);
        }
        if let Some(wait) = next_wake {
            ctx.request_repaint_after(wait);
        }
    }

    /// Saves every document with unsaved edits now, on this thread (at exit, and before
    /// switching corpus or annotator). Waits for saves under way first.
    pub fn flush_saves(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self
            .docs
            .values()
            .any(|d| matches!(d, OpenDoc::Ready(e) if e.save.in_flight.is_some()))
            && Instant::now() < deadline
        {
            match self.worker.wait(Duration::from_millis(200)) {
                Some(reply) => self.handle_reply(reply),
                None => continue,
            }
        }
        let paths: Vec<(usize, PathBuf)> = self
            .docs
            .keys()
            .filter_map(|&doc| self.annotation_path(doc).map(|p| (doc, p)))
            .collect();
        for (doc, path) in paths {
            let Some(OpenDoc::Ready(editor)) = self.docs.get_mut(&doc) else {
                continue;
            };
            if !editor.save.is_dirty() {
                continue;
            }
            let result = if editor.conflict.is_some() {
                Err(
                    "the file changed on disk and you have not chosen which version to keep"
                        .to_owned(),
                )
            } else {
                save_annotation_if_unchanged(&path, &editor.annotation, &editor.save.stamp)
                    .map_err(|e| e.to_string())
            };
            match result {
                Ok(stamp) => {
                    editor.save.stamp = stamp;
                    editor.save.saved_revision = editor.save.revision;
                    editor.save.dirty_since = None;
                    editor.save.error = None;
                }
                Err(reason) => {
                    // Never lose work: keep the edits in a recovery file beside the file.
                    let copy = recovery_path(&path);
                    let written = crate::io::atomic::write_atomic(
                        &copy,
                        crate::io::ron_format::to_ron(&editor.annotation).as_bytes(),
                    );
                    editor.save.error = Some(match written {
                        Ok(()) => {
                            format!("{reason}; your edits were written to {}", copy.display())
                        }
                        Err(e) => format!("{reason}; and the recovery copy failed too: {e}"),
                    });
                }
            }
        }
    }

    /// Runs the part of a frame that is not drawing: replies, keys, commands, saves.
    pub fn logic(&mut self, ctx: &egui::Context) {
        self.drain_replies();
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.send(Command::Open(path));
        }
        // Keys belong to the text unless a text field (the filter, a dialog) has them.
        if self.name_prompt.is_none() && !ctx.text_edit_focused() {
            if let Some((_, session)) = &self.review {
                let review_keys = review_commands_from_keys(ctx, session, &self.schema);
                self.commands
                    .extend(review_keys.into_iter().map(Command::Review));
            }
            let keys = commands_from_keys(ctx, &self.schema);
            let reviewing = self.review.is_some();
            // In review mode the annotator's own document is not edited: only the keys
            // that do not edit it stay.
            self.commands.extend(keys.into_iter().filter(|c| {
                !reviewing
                    || matches!(
                        c,
                        Command::ToggleReview
                            | Command::ToggleShortcuts
                            | Command::OpenFileDialog
                            | Command::OpenFolderDialog
                            | Command::StepDocument { .. }
                            | Command::ScrollPage { .. }
                    )
            }));
        }
        self.apply_commands();
        self.schedule_io(ctx);
        self.schedule_gold_save();
        let doc = self
            .current
            .and_then(|i| self.entries.get(i))
            .map(|e| &e.text.id);
        let title = window_title(self.annotator.as_ref(), doc);
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// Leaves review mode, writing any decision not yet saved.
    fn close_review(&mut self) {
        if let Some((_, session)) = self.review.take()
            && (session.dirty || session.saving)
        {
            // Best effort, on this thread: the session goes away now.
            let _ = crate::io::gold::save_gold(&session.gold_path, session.gold(), &session.stamp)
                .or_else(|_| {
                    let stamp = crate::io::store::file_stamp(&session.gold_path)
                        .ok()
                        .flatten();
                    crate::io::gold::save_gold(&session.gold_path, session.gold(), &stamp)
                });
        }
    }

    /// Starts a gold save when decisions wait and none is under way.
    fn schedule_gold_save(&mut self) {
        if let Some((_, session)) = &mut self.review
            && session.dirty
            && !session.saving
        {
            session.dirty = false;
            session.saving = true;
            self.worker.send(Job::SaveGold {
                path: session.gold_path.clone(),
                gold: Box::new(session.gold().clone()),
                expected: session.stamp.clone(),
            });
        }
    }

    /// The agreement figures the agreement window shows, once computed.
    pub fn agreement_figures(&self) -> Option<&crate::review::agreement::Agreement> {
        Some(&self.agreement.as_ref()?.figures.as_ref()?.0)
    }

    /// The review session of the open document, if review mode is on.
    pub fn review(&self) -> Option<&ReviewSession> {
        self.review.as_ref().map(|(_, s)| s)
    }

    /// The review session, mutable (tests reach its layout to aim the pointer).
    pub fn review_mut(&mut self) -> Option<&mut ReviewSession> {
        self.review.as_mut().map(|(_, s)| s)
    }

    /// Draws one frame of the whole window into `ui` (also what UI tests drive).
    pub fn show(&mut self, ui: &mut egui::Ui) {
        self.logic(ui.ctx());
        let mut commands = Vec::new();
        egui::Panel::top("menu").show(ui, |ui| {
            commands.extend(panels::toolbar::menu_bar_ui(ui, self));
            commands.extend(panels::toolbar::legend_ui(ui, self));
        });
        egui::Panel::bottom("status").show(ui, |ui| panels::status::status_ui(ui, self));
        egui::Panel::left("corpus")
            .resizable(true)
            .default_size(270.0)
            .min_size(180.0)
            .show(ui, |ui| {
                commands.extend(panels::corpus::corpus_ui(ui, self))
            });
        egui::Panel::right("spans")
            .resizable(true)
            .default_size(240.0)
            .min_size(180.0)
            .show(ui, |ui| {
                if let Some((_, session)) = &self.review {
                    commands.extend(panels::review::review_panel_ui(ui, session, &self.schema));
                } else if let Some(editor) = self.editor() {
                    commands.extend(panels::spans::spans_ui(ui, editor, &self.schema));
                }
            });
        egui::CentralPanel::default().show(ui, |ui| {
            commands.extend(self.document_ui(ui));
        });
        commands.extend(panels::dialogs::dialogs_ui(ui.ctx(), self));
        self.transfer_dialogs(ui.ctx());
        if let Some(window) = &self.agreement {
            let ids: Vec<String> = self.entries.iter().map(|e| e.text.id.to_string()).collect();
            let (agreement_commands, open) =
                panels::agreement::agreement_ui(ui.ctx(), window, &ids);
            commands.extend(agreement_commands);
            if !open {
                self.agreement = None;
            }
        }
        self.commands.extend(commands);
        if !self.commands.is_empty() {
            ui.ctx().request_repaint();
        }
    }

    /// The export and import windows, and what they ask for.
    fn transfer_dialogs(&mut self, ctx: &egui::Context) {
        if let Some(form) = &mut self.export_form {
            match panels::transfer::export_ui(ctx, form) {
                Some(TransferRequest::ChooseOutput) => {
                    let format = form.options.format;
                    let chosen = if format.writes_folder() {
                        self.dialogs.pick_folder("Export into this folder")
                    } else {
                        let name = match format {
                            crate::io::export::Format::Conll => "train.conll",
                            crate::io::export::Format::Doccano => "doccano.jsonl",
                            _ => "train.jsonl",
                        };
                        self.dialogs.save_file("Export to", name)
                    };
                    if let Some(path) = chosen {
                        form.out = path.display().to_string();
                    }
                }
                Some(TransferRequest::Export) => {
                    let out = PathBuf::from(form.out.trim());
                    form.job.running = true;
                    form.job.result = None;
                    form.job
                        .progress
                        .store(0, std::sync::atomic::Ordering::Relaxed);
                    self.worker.send(Job::Export {
                        corpus: self.corpus.clone(),
                        options: Box::new(form.resolved(self.annotator.as_ref())),
                        out,
                        progress: form.job.progress.clone(),
                        total: form.job.total.clone(),
                    });
                }
                Some(TransferRequest::Close) => self.export_form = None,
                _ => {}
            }
        }
        if let Some(form) = &mut self.import_form {
            match panels::transfer::import_ui(ctx, form) {
                Some(TransferRequest::ChooseInput) => {
                    let chosen = if form.format == crate::io::import::ImportFormat::Brat {
                        self.dialogs
                            .pick_folder("Import the brat files of this folder")
                    } else {
                        self.dialogs.pick_file("Import this file", &[])
                    };
                    if let Some(path) = chosen {
                        form.input = path.display().to_string();
                    }
                }
                Some(TransferRequest::Import) => {
                    let input = PathBuf::from(form.input.trim());
                    if let Ok(annotator) = AnnotatorName::person(form.annotator.trim()) {
                        form.job.running = true;
                        form.job.result = None;
                        self.worker.send(Job::Import {
                            corpus: self.corpus.clone(),
                            input,
                            options: form.options(),
                            annotator,
                            done: form.done,
                            force: form.force,
                        });
                    }
                }
                Some(TransferRequest::Close) => self.import_form = None,
                _ => {}
            }
        }
    }

    fn document_ui(&mut self, ui: &mut egui::Ui) -> Vec<Command> {
        let Some(i) = self.current else {
            ui.centered_and_justified(|ui| {
                ui.label(if self.entries.is_empty() {
                    "No documents here. Open a text file or a corpus folder (File menu, or drop it on the window)."
                } else {
                    "Choose a document on the left."
                });
            });
            return Vec::new();
        };
        if self.annotator.is_none() {
            ui.label("Enter your annotator name to start.");
            return Vec::new();
        }
        let schema = self.schema.clone();
        if let Some((_, session)) = &mut self.review {
            return panels::review::review_text_ui(ui, session, &schema);
        }
        let path = self.annotation_path(i);
        match self.docs.get_mut(&i) {
            None | Some(OpenDoc::Loading) => {
                ui.spinner();
                Vec::new()
            }
            Some(OpenDoc::Failed(message)) => {
                panels::status::error_banner(
                    ui,
                    "This document's annotation file cannot be read, so it is shown nowhere and will not be overwritten. Fix or move the file, then open the document again.",
                    message,
                );
                Vec::new()
            }
            Some(OpenDoc::Ready(editor)) => {
                let choice = panels::status::document_banners(ui, editor, path.as_deref());
                let events = super::text_view::text_view_ui(
                    ui,
                    &mut editor.layout,
                    &mut editor.view,
                    &super::text_view::ViewInput {
                        text: editor.annotation.document.text(),
                        annotation: &editor.annotation,
                        schema: &schema,
                        selection: editor.selection.clone(),
                        caret: editor.caret,
                        selected_span: editor.selected_span.as_ref(),
                        scroll_to: editor.scroll_to.take(),
                        scroll_offset: editor.scroll_offset.take(),
                        read_only: false,
                        marks: &[],
                    },
                );
                choice
                    .into_iter()
                    .chain(events.into_iter().map(view_event_command))
                    .collect()
            }
        }
    }
}

/// Where edits that could not be saved go at exit: `<annotator>.ron.unsaved-<seconds>`
/// beside the annotation file (not a `.ron` file, so no tool mistakes it for one).
pub fn recovery_path(path: &Path) -> PathBuf {
    let stamp = crate::model::now().as_second();
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".unsaved-{stamp}"));
    path.with_file_name(name)
}

/// The command for something the pointer did in the text.
fn view_event_command(event: super::text_view::ViewEvent) -> Command {
    use super::text_view::ViewEvent;
    match event {
        ViewEvent::Select { range, caret } => Command::Select { range, caret },
        ViewEvent::PlaceCaret(c) => Command::PlaceCaret(c),
        ViewEvent::ClickSpan(span) => Command::SelectSpan(span),
        ViewEvent::ResizeSpan { old, new } => Command::ResizeSpan { old, new },
        ViewEvent::Tag(label) => Command::Tag(label),
        ViewEvent::DeleteSelectedSpan => Command::DeleteSelectedSpan,
    }
}

/// Applies a command that concerns only the open document.
fn apply_to_editor(editor: &mut Editor, command: Command) {
    match command {
        Command::Select { range, caret } => {
            editor.selection = Some(range);
            editor.caret = Some(caret);
            editor.selected_span = None;
        }
        Command::PlaceCaret(c) => {
            editor.selection = None;
            editor.selected_span = None;
            editor.caret = Some(c);
        }
        Command::ClearSelection => {
            editor.selection = None;
            editor.selected_span = None;
        }
        Command::MoveCaret { forward, extend } => editor.move_caret(forward, extend),
        Command::ScrollPage { down } => editor.scroll_page(down),
        Command::MoveLine { down, extend } => editor.move_caret_line(down, extend),
        Command::SelectSpan(span) => editor.select_span(span),
        Command::StepSpan { forward } => editor.next_span(forward),
        Command::Tag(label) => {
            editor.tag(label);
        }
        Command::DeleteSelectedSpan => {
            editor.delete_selected();
        }
        Command::ResizeSpan { old, new } => {
            editor.resize(old, new);
        }
        Command::NudgeSpan { edge, forward } => {
            editor.nudge(edge, forward);
        }
        Command::Undo => {
            editor.undo();
        }
        Command::Redo => {
            editor.redo();
        }
        _ => {}
    }
}

impl eframe::App for SpantagApp {
    fn logic(&mut self, _ctx: &egui::Context, _frame: &mut eframe::Frame) {}

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.settings);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.flush_saves();
    }
}
