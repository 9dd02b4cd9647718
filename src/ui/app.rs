//! The app shell: owns the state, the worker, the dialogs and the views; each frame it
//! drains the worker's replies, turns keys into commands, applies commands, schedules
//! saves and draws the panels. What a command does lives in `handle.rs`; replies, saves
//! and the exit barrier in `background.rs`; the panels in `panels/`.

use std::path::PathBuf;
use std::sync::Arc;

use super::Launch;
use super::clock::{Clock, SystemClock, Timing};
use super::command::{Command, KeyMode, commands_from_keys};
use super::editor::Editor;
use super::panels;
use super::panels::dialogs::Windows;
use super::review::ReviewSession;
use super::state::{AppState, DocEntry, Settings};
use super::views::{ViewKey, Views};
use super::worker::Worker;
use crate::io::store::Corpus;
use crate::model::{AnnotatorName, DocId};

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

/// What the window runs on: where work goes, what time it is, how long it waits, and
/// which dialogs it opens. Tests pass a manual worker and clock.
pub struct Environment {
    /// Background work.
    pub worker: Worker,
    /// The time.
    pub clock: Arc<dyn Clock>,
    /// Save, retry, check and exit delays.
    pub timing: Timing,
    /// File dialogs.
    pub dialogs: Box<dyn FileDialogs>,
    /// Where recovery copies go, in order, when they cannot be written beside their file.
    pub recovery_dirs: Vec<PathBuf>,
    /// The user's agreements to run corpora's suggestion commands (`None`: none can be
    /// kept, so a command is asked for every time).
    pub consents: Option<crate::io::consent::Consents>,
}

/// Where recovery copies go when their own folder cannot be written: the user's data
/// folder, then the temp folder.
pub fn default_recovery_dirs() -> Vec<PathBuf> {
    eframe::storage_dir("spantag")
        .map(|d| d.join("recovery"))
        .into_iter()
        .chain([std::env::temp_dir().join("spantag-recovery")])
        .collect()
}

impl Environment {
    /// The real thing: worker threads that wake `ctx`, the system clock, default delays.
    pub fn native(ctx: &egui::Context, dialogs: Box<dyn FileDialogs>) -> Self {
        let wake = ctx.clone();
        Self {
            worker: Worker::start(move || wake.request_repaint()),
            clock: Arc::new(SystemClock),
            timing: Timing::default(),
            dialogs,
            recovery_dirs: default_recovery_dirs(),
            consents: crate::io::consent::Consents::user(),
        }
    }
}

/// The spantag window.
pub struct SpantagApp {
    pub(crate) state: AppState,
    pub(crate) worker: Worker,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) timing: Timing,
    pub(crate) dialogs: Box<dyn FileDialogs>,
    pub(crate) views: Views,
    pub(crate) windows: Windows,
    pub(crate) corpus_panel: panels::corpus::CorpusPanel,
    pub(crate) find_bar: panels::find::FindBar,
    pub(crate) recovery_dirs: Vec<PathBuf>,
    pub(crate) consents: Option<crate::io::consent::Consents>,
    /// The user chose to quit and nothing stands in the way: the window closes.
    pub(crate) closing: bool,
    commands: Vec<Command>,
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
        Self::with_environment(launch, settings, Environment::native(ctx, dialogs))
    }

    /// The window's state for `launch` on `env`.
    pub fn with_environment(launch: &Launch, settings: Settings, env: Environment) -> Self {
        let annotator = launch.annotator.clone().or_else(|| {
            settings
                .annotator
                .as_deref()
                .and_then(|n| AnnotatorName::new(n).ok())
        });
        let mut state = AppState::new(annotator, settings);
        if let Some(name) = &state.annotator {
            state.settings.annotator = Some(name.to_string());
        }
        let mut app = Self {
            windows: Windows {
                name_prompt: state.annotator.is_none().then(String::new),
                ..Windows::default()
            },
            state,
            worker: env.worker,
            clock: env.clock,
            timing: env.timing,
            dialogs: env.dialogs,
            views: Views::default(),
            corpus_panel: panels::corpus::CorpusPanel::default(),
            find_bar: panels::find::FindBar::default(),
            recovery_dirs: env.recovery_dirs,
            consents: env.consents,
            closing: false,
            commands: Vec::new(),
            title: String::new(),
        };
        app.open_path(&launch.path);
        app
    }

    /// Queues a command; it is applied at the start of the next frame.
    pub fn send(&mut self, command: impl Into<Command>) {
        self.commands.push(command.into());
    }

    /// The window's state.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The text views' state (tests compare their galleys with fresh layouts).
    pub fn views_mut(&mut self) -> &mut Views {
        &mut self.views
    }

    /// The background worker (tests run a manual one's jobs).
    pub fn worker(&self) -> &Worker {
        &self.worker
    }

    /// The find bar's hits in the open document (none when it is closed).
    pub fn find_hits(&mut self) -> Vec<std::ops::Range<usize>> {
        match self.state.editor() {
            Some(editor) => self.find_bar.hits(editor).to_vec(),
            None => Vec::new(),
        }
    }

    /// The corpus search window's last results, once a search has finished.
    pub fn search_results(&self) -> Option<&Result<Box<super::worker::SearchResults>, String>> {
        self.windows.search.as_ref()?.results.as_ref()
    }

    /// The export dialog's last result, if it is open and finished.
    pub fn export_result(&self) -> Option<&Result<Vec<String>, Vec<String>>> {
        self.windows.export.as_ref()?.job.result.as_ref()
    }

    /// The import dialog's last result, if it is open and finished.
    pub fn import_result(&self) -> Option<&Result<Vec<String>, Vec<String>>> {
        self.windows.import.as_ref()?.job.result.as_ref()
    }

    /// Whether the window is closing (the user quit and nothing was left unsaved, or
    /// they chose what happens to it).
    pub fn is_closing(&self) -> bool {
        self.closing
    }

    /// The question asked before leaving with unsaved work, if it is shown.
    pub fn leave_prompt(&self) -> Option<&super::leave::LeavePrompt> {
        self.windows.leave.as_ref()
    }

    /// The settings to persist.
    pub fn settings(&self) -> &Settings {
        &self.state.settings
    }

    /// The open document's editor, if it is ready.
    pub fn editor(&self) -> Option<&Editor> {
        self.state.editor()
    }

    /// The documents of the corpus, in list order.
    pub fn entries(&self) -> &[DocEntry] {
        &self.state.entries
    }

    /// The corpus being worked on.
    pub fn corpus(&self) -> &Corpus {
        &self.state.corpus
    }

    /// Who is annotating, if known.
    pub fn annotator(&self) -> Option<&AnnotatorName> {
        self.state.annotator.as_ref()
    }

    /// The review session shown, if review mode is on.
    pub fn review(&self) -> Option<&ReviewSession> {
        self.state.review()
    }

    /// The agreement figures the agreement window shows, once computed.
    pub fn agreement_figures(&self) -> Option<&crate::review::agreement::Agreement> {
        Some(&self.windows.agreement.as_ref()?.figures.as_ref()?.0)
    }

    /// Where code point `c` of the text shown (the document, or the gold in review
    /// mode) was drawn in the last frame, in screen coordinates.
    pub fn screen_rect_of(&mut self, c: usize) -> Option<egui::Rect> {
        let key = self.shown_view()?;
        self.views.get_mut(&key)?.screen_rect_of(c)
    }

    /// The scroll offset of the text shown, in the last frame.
    pub fn scroll_offset(&mut self) -> Option<f32> {
        let key = self.shown_view()?;
        Some(self.views.get_mut(&key)?.view.scroll_offset())
    }

    /// The view of the text shown.
    pub(crate) fn shown_view(&self) -> Option<ViewKey> {
        let id = self.state.current_id()?.clone();
        Some(if self.state.reviewing.as_ref() == Some(&id) {
            ViewKey::Review(id)
        } else {
            ViewKey::Doc(id)
        })
    }

    /// Hands the state's request to bring a character into view (after a keyboard move,
    /// Tab, a new place in review) to the view that shows it, once that view exists.
    fn hand_scroll_request(&mut self) {
        let Some(key) = self.shown_view() else {
            return;
        };
        let Some(view) = self.views.get_mut(&key) else {
            return;
        };
        let request = match &key {
            ViewKey::Doc(_) => self.state.editor_mut().and_then(|e| e.scroll_to.take()),
            ViewKey::Review(_) => self.state.review_mut().and_then(|r| r.scroll_to.take()),
        };
        if request.is_some() {
            view.scroll_to = request;
        }
    }

    /// Runs the part of a frame that is not drawing: replies, keys, commands, saves.
    pub fn logic(&mut self, ctx: &egui::Context) {
        self.drain_replies();
        let dropped: Option<PathBuf> =
            ctx.input(|i| i.raw.dropped_files.first().map(|f| f.path().to_owned()));
        if let Some(path) = dropped {
            self.send(Command::Open(path));
        }
        // Closing the window (its close button, the system) asks first, as File → Quit.
        if ctx.input(|i| i.viewport().close_requested()) && !self.closing {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.send(Command::Quit);
        }
        // The Escape that leaves the find field is not also the text's Escape.
        if std::mem::take(&mut self.find_bar.field_had_focus) {
            ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
        }
        // Keys belong to the text unless a text field (the filter, a dialog) has them.
        if self.windows.name_prompt.is_none()
            && self.windows.leave.is_none()
            && !ctx.text_edit_focused()
        {
            let mode = match self.state.review() {
                Some(session) => KeyMode::Review {
                    drawing: session.selection.is_some() || session.selected_span.is_some(),
                },
                None => KeyMode::Annotate,
            };
            let keys = commands_from_keys(ctx, &self.state.schema, mode);
            self.commands.extend(keys);
        }
        for command in std::mem::take(&mut self.commands) {
            self.apply(command);
        }
        if self.closing {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if let Some(wait) = self.schedule_io() {
            ctx.request_repaint_after(wait);
        }
        self.hand_scroll_request();
        let title = window_title(self.state.annotator.as_ref(), self.state.current_id());
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// Draws one frame of the whole window into `ui` (also what UI tests drive).
    pub fn show(&mut self, ui: &mut egui::Ui) {
        self.logic(ui.ctx());
        let mut commands = Vec::new();
        egui::Panel::top("menu").show(ui, |ui| {
            commands.extend(panels::toolbar::menu_bar_ui(ui, &self.state));
            commands.extend(panels::toolbar::legend_ui(ui, &self.state));
        });
        egui::Panel::bottom("status").show(ui, |ui| panels::status::status_ui(ui, &self.state));
        egui::Panel::left("corpus")
            .resizable(true)
            .default_size(270.0)
            .min_size(180.0)
            .show(ui, |ui| {
                // The panel keeps the width the analyst gave it: a resizable panel
                // otherwise shrinks back to what its content needs.
                ui.set_min_width(ui.available_width());
                commands.extend(self.corpus_panel.ui(ui, &self.state))
            });
        egui::Panel::right("spans")
            .resizable(true)
            // As wide as it always looked: it used to shrink to its content's width.
            .default_size(180.0)
            .min_size(180.0)
            .show(ui, |ui| {
                ui.set_min_width(ui.available_width());
                if let Some(session) = self.state.review() {
                    commands.extend(panels::review::review_panel_ui(
                        ui,
                        session,
                        &self.state.schema,
                    ));
                } else if let Some(editor) = self.state.editor() {
                    commands.extend(panels::spans::spans_ui(ui, editor, &self.state.schema));
                }
            });
        egui::CentralPanel::default().show(ui, |ui| {
            // The find bar over the document (not in review mode), its hits outlined.
            let mut marks = Vec::new();
            if let Some(editor) = self.state.editor()
                && self.state.review().is_none()
            {
                commands.extend(self.find_bar.ui(ui, editor));
                let color = ui.visuals().selection.stroke.color;
                let current = editor.selection.as_ref();
                marks = self
                    .find_bar
                    .hits(editor)
                    .iter()
                    .map(|h| (h.clone(), color, if Some(h) == current { 2.5 } else { 1.0 }))
                    .collect();
            }
            commands.extend(panels::document::document_ui(
                ui,
                &self.state,
                &mut self.views,
                &marks,
            ));
        });
        commands.extend(panels::dialogs::dialogs_ui(
            ui.ctx(),
            &mut self.windows,
            self.state.annotator.as_ref(),
        ));
        self.transfer_dialogs(ui.ctx());
        if let Some(window) = &mut self.windows.search {
            let (search_commands, open) = panels::search::search_ui(
                ui.ctx(),
                window,
                &self.state.schema,
                self.state.annotator.as_ref(),
            );
            commands.extend(search_commands);
            if !open {
                self.windows.search = None;
            }
        }
        if let Some(window) = &self.windows.occurrences {
            let (occurrence_commands, open) =
                panels::occurrences::occurrences_ui(ui.ctx(), window, &self.state.schema);
            commands.extend(occurrence_commands);
            if !open {
                self.windows.occurrences = None;
            }
        }
        if let Some(window) = &self.windows.agreement {
            let ids: Vec<String> = self
                .state
                .entries
                .iter()
                .map(|e| e.text.id.to_string())
                .collect();
            let (agreement_commands, open) =
                panels::agreement::agreement_ui(ui.ctx(), window, &ids);
            commands.extend(agreement_commands);
            if !open {
                self.windows.agreement = None;
            }
        }
        self.commands.extend(commands);
        if !self.commands.is_empty() {
            ui.ctx().request_repaint();
        }
    }
}

impl eframe::App for SpantagApp {
    fn logic(&mut self, _ctx: &egui::Context, _frame: &mut eframe::Frame) {}

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.state.settings);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.flush_saves();
    }
}
