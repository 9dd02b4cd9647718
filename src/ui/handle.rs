//! What each command does: the one place where commands change the state. Every
//! variant is matched (no catch-all arm), so a new command must be handled here to
//! compile.

use std::path::{Path, PathBuf};

use super::app::SpantagApp;
use super::command::{Command, EditCommand};
use super::editor::Edge;
use super::leave::{Leave, LeaveAnswer, LeavePrompt};
use super::panels::agreement::AgreementWindow;
use super::panels::transfer::{ExportForm, ImportForm, TransferRequest};
use super::review::ReviewCommand;
use super::state::{OpenDoc, Settings};
use super::views::ViewKey;
use super::worker::{CorpusListing, Job, Summary};
use crate::model::{AnnotatorName, DocId, Schema, Status};

impl SpantagApp {
    /// Applies one command.
    pub(crate) fn apply(&mut self, command: Command) {
        let now = self.clock.now();
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
            Command::OpenDocument(i) => self.open_document(i),
            Command::StepDocument { forward } => {
                if let Some(i) = self.state.current {
                    let n = self.state.entries.len();
                    let next = if forward {
                        (i + 1) % n
                    } else {
                        (i + n - 1) % n
                    };
                    self.open_document(next);
                }
            }
            Command::DoneAndNext => {
                if self.state.reviewing.is_some() {
                    return;
                }
                if let Some(editor) = self.state.editor_mut() {
                    editor.apply(EditCommand::SetStatus(Status::Done), now);
                }
                self.state.refresh_summary();
                let next = self.open_next_not_done();
                self.state.info = Some(match next {
                    Some(id) => format!("Marked done; next: {id}"),
                    None => "Marked done; every document is done".to_owned(),
                });
            }
            Command::Edit(edit) => {
                // In review mode the annotator's own document is not edited.
                if self.state.reviewing.is_some() {
                    return;
                }
                if let EditCommand::MoveCaret { forward, extend } = edit
                    && let Some(to) = self.visual_caret_target(forward, extend)
                {
                    if let Some(editor) = self.state.editor_mut() {
                        let from = editor.caret_or_selection_end();
                        editor.move_caret_to(from, to, extend);
                    }
                    return;
                }
                let edit = self.as_shown(edit);
                if let Some(editor) = self.state.editor_mut() {
                    editor.apply(edit, now);
                }
                self.state.refresh_summary();
            }
            Command::MoveRowEdge { end, extend } => {
                let Some(key) = self.shown_view().filter(|k| matches!(k, ViewKey::Doc(_))) else {
                    return;
                };
                let Some(editor) = self.state.editor_mut() else {
                    return;
                };
                let from = editor.caret_or_selection_end();
                let Some(row) = self
                    .views
                    .get_mut(&key)
                    .and_then(|v| v.layout.row_range(from))
                else {
                    return;
                };
                // A wrapped row ends with the space it wraps at: End stops after the last
                // word, on the row, not at the start of the next one.
                let doc = &editor.annotation.document;
                let mut to = if end { row.end } else { row.start };
                while end
                    && to > row.start
                    && doc
                        .slice(to - 1, to)
                        .is_some_and(|c| c.chars().all(char::is_whitespace))
                {
                    to -= 1;
                }
                editor.move_caret_to(from, to, extend);
            }
            Command::MoveLine { down, extend } => {
                let Some(key) = self.shown_view().filter(|k| matches!(k, ViewKey::Doc(_))) else {
                    return;
                };
                let Some(editor) = self.state.editor_mut() else {
                    return;
                };
                let from = editor.caret_or_selection_end();
                let neighbour = self
                    .views
                    .get_mut(&key)
                    .and_then(|v| v.row_neighbour(from, down));
                editor.move_caret_line(down, extend, neighbour);
            }
            Command::ScrollPage { down } => {
                if let Some(view) = self.shown_view().and_then(|k| self.views.get_mut(&k)) {
                    view.scroll_page(down);
                }
            }
            Command::SaveNow => {
                if let Some(editor) = self.state.editor_mut() {
                    editor.save.hurry();
                }
                if let Some(session) = self.state.review_mut() {
                    session.save.hurry();
                }
            }
            Command::SetAnnotator(name) => self.set_annotator(name),
            Command::AskAnnotator => {
                self.windows.name_prompt = Some(
                    self.state
                        .annotator
                        .as_ref()
                        .map_or_else(String::new, ToString::to_string),
                );
            }
            Command::KeepMine => self.keep_mine(now),
            Command::TakeTheirs => self.take_theirs(),
            Command::DismissNotice => {
                if let Some(session) = self.state.review_mut() {
                    session.notice = None;
                } else if let Some(editor) = self.state.editor_mut() {
                    editor.notice = None;
                }
            }
            Command::ToggleShortcuts => {
                self.windows.show_shortcuts = !self.windows.show_shortcuts;
            }
            Command::SetDirection(direction) => {
                if let Some(id) = self.state.current_id().cloned() {
                    let key = self.state.corpus_key.clone();
                    self.state.settings.set_direction(&key, &id, direction);
                }
            }
            Command::SetTextSize(size) => {
                self.state.settings.text_size = size
                    .map(|s| s.clamp(*Settings::TEXT_SIZES.start(), *Settings::TEXT_SIZES.end()));
            }
            Command::ToggleLineLength => {
                self.state.settings.limit_line_length = !self.state.settings.limit_line_length;
            }
            Command::ToggleLabelTags => {
                self.state.settings.hide_label_tags = !self.state.settings.hide_label_tags;
            }
            Command::AllowCommand(yes) => {
                let line = self.windows.command_prompt.take();
                if let (true, Some(line), Some(settings)) =
                    (yes, line, self.state.schema.suggestions.command.clone())
                {
                    let permission = crate::io::consent::CommandPermission {
                        consents: self.consents.clone(),
                        allow_now: true,
                    };
                    if let Err(e) = permission.check(self.state.corpus.root(), &line) {
                        self.state.error = Some(e);
                    }
                    self.allow_command(settings);
                }
            }
            Command::TagAllInCorpus => self.preview_tag_all_in_corpus(),
            Command::ConfirmTagAllInCorpus => self.tag_all_in_corpus(now),
            Command::ShowSuggestionsFrom { source, shown } => {
                self.state.show_suggestions_from(source, shown);
            }
            Command::ToggleReview => {
                if self.state.reviewing.is_some() {
                    self.close_review();
                } else if let Some(id) = self.state.current_id().cloned() {
                    self.open_review(id);
                }
            }
            Command::Review(review) => self.apply_review(review, now),
            Command::ShowSearch => {
                self.windows
                    .search
                    .get_or_insert_with(Default::default)
                    .focus = true;
            }
            Command::Search(request) => {
                // The labels on the hits come from the files: write what is pending.
                self.hurry_saves();
                self.worker.send(
                    self.state.generation,
                    Job::Search {
                        corpus: self.state.corpus.clone(),
                        request,
                        limit: super::panels::search::SHOWN,
                    },
                );
            }
            Command::OpenAt { id, range } => self.open_at(&id, range),
            Command::ShowFind => {
                if self.state.review().is_none() {
                    self.find_bar.open();
                }
            }
            Command::ShowAgreement => {
                self.hurry_saves();
                self.windows.agreement = Some(AgreementWindow::default());
                self.worker.send(
                    self.state.generation,
                    Job::Agreement {
                        corpus: self.state.corpus.clone(),
                    },
                );
            }
            Command::ShowExport => {
                self.hurry_saves();
                self.windows.export.get_or_insert_with(ExportForm::new);
            }
            Command::ShowImport => {
                let annotator = self.state.annotator.clone();
                self.windows
                    .import
                    .get_or_insert_with(|| ImportForm::new(annotator.as_ref()));
            }
            Command::Quit => self.leave(Leave::Quit),
            Command::Leave(answer) => self.answer_leave(answer),
            Command::RestoreRecovered(restore) => self.restore_recovered(restore, now),
            Command::Relink(i) => {
                if let Some(orphan) = self.state.orphans.get(i).cloned()
                    && let Some(to) = orphan.relink_to.clone()
                {
                    let corpus = self.state.corpus.clone();
                    self.worker
                        .send(self.state.generation, Job::Relink { corpus, orphan, to });
                }
            }
        }
    }

    /// Leaves what is open (quits, opens another corpus, changes the annotator) once
    /// every pending edit is written; when some cannot be, asks what to do with them
    /// instead of dropping them.
    pub(crate) fn leave(&mut self, intent: Leave) {
        self.settle_saves();
        let unsaved = self.unsaved_files();
        if unsaved.is_empty() {
            self.windows.leave = None;
            self.proceed(intent);
        } else {
            self.windows.leave = Some(LeavePrompt {
                intent,
                unsaved,
                problem: None,
            });
        }
    }

    fn answer_leave(&mut self, answer: LeaveAnswer) {
        let Some(prompt) = self.windows.leave.take() else {
            return;
        };
        match answer {
            LeaveAnswer::KeepTrying => self.hurry_saves(),
            LeaveAnswer::CopyElsewhere => {
                let title = "Save the unsaved work in a folder";
                let Some(folder) = self.dialogs.pick_folder(title) else {
                    self.windows.leave = Some(prompt);
                    return;
                };
                match self.copy_unsaved_to(&folder) {
                    Ok(copies) => {
                        let each: Vec<String> =
                            copies.iter().map(|p| p.display().to_string()).collect();
                        let message = format!("Unsaved work written to {}", each.join(", "));
                        eprintln!("spantag: {message}");
                        self.state.error = Some(message);
                        self.let_go_of_unsaved();
                        self.proceed(prompt.intent);
                    }
                    Err(problem) => {
                        self.windows.leave = Some(LeavePrompt {
                            problem: Some(problem),
                            ..prompt
                        });
                    }
                }
            }
            LeaveAnswer::Discard => {
                self.let_go_of_unsaved();
                self.proceed(prompt.intent);
            }
        }
    }

    /// Restores the offered recovery copy of the open document, or deletes it.
    fn restore_recovered(&mut self, restore: bool, now: std::time::Instant) {
        let generation = self.state.generation;
        let Some(editor) = self.state.editor_mut() else {
            return;
        };
        if let Some(holder) = &editor.read_only {
            editor.notice = Some(format!(
                "Read-only: this file is open in another spantag window ({holder}). Close it there first."
            ));
            return;
        }
        if restore {
            match editor.restore_recovered(now) {
                Ok(path) => {
                    editor.notice = Some(format!(
                        "Restored the unsaved work of {}; that copy is deleted once this is saved.",
                        path.display()
                    ));
                }
                Err(why) => editor.notice = Some(format!("Not restored: {why}")),
            }
            self.state.refresh_summary();
        } else if !editor.recovered.is_empty() {
            let copy = editor.recovered.remove(0);
            self.worker
                .send(generation, Job::Remove { path: copy.path });
        }
    }

    /// Does what the user asked for, with nothing left unsaved.
    fn proceed(&mut self, intent: Leave) {
        match intent {
            Leave::Quit => self.closing = true,
            Leave::Open(path) => self.open_now(&path),
            Leave::SetAnnotator(name) => self.switch_annotator(name),
        }
    }

    fn apply_review(&mut self, command: ReviewCommand, now: std::time::Instant) {
        let Some(session) = self.state.review_mut() else {
            return;
        };
        session.apply(command, now);
    }

    /// The conflict's "keep my version": the file will be overwritten by what is here.
    fn keep_mine(&mut self, now: std::time::Instant) {
        if let Some(session) = self.state.review_mut() {
            if let Some((stamp, _)) = session.conflict.take() {
                session.save.overwrite(stamp, now);
                session.notice = Some("Your decisions will overwrite gold.ron.".to_owned());
            }
            return;
        }
        if let Some(editor) = self.state.editor_mut()
            && let Some((stamp, _)) = editor.conflict.take()
        {
            editor.save.overwrite(stamp, now);
            editor.notice = Some("Your version will overwrite the file.".to_owned());
        }
    }

    /// The conflict's "load theirs": what is here is replaced by the file's version.
    fn take_theirs(&mut self) {
        if let Some(session) = self.state.review_mut() {
            if let Some((stamp, theirs)) = session.conflict.take() {
                session.take_theirs(stamp, *theirs);
                session.notice = Some("Loaded gold.ron as it is on disk.".to_owned());
            }
            return;
        }
        if let Some(editor) = self.state.editor_mut()
            && let Some((stamp, theirs)) = editor.conflict.take()
        {
            editor.replace_annotation(*theirs, stamp);
            editor.notice = Some("Loaded the version on disk.".to_owned());
        }
        self.state.refresh_summary();
    }

    /// Opens a corpus folder or a text file, after writing every pending edit (asking
    /// first if some cannot be written).
    pub(crate) fn open_path(&mut self, path: &Path) {
        self.leave(Leave::Open(path.to_owned()));
    }

    /// Opens a corpus folder or a text file now: what was open is let go.
    fn open_now(&mut self, path: &Path) {
        self.state.generation += 1;
        self.state.set_entries(Vec::new());
        self.state.listing = true;
        self.views.clear();
        self.worker.send(
            self.state.generation,
            Job::ListCorpus {
                path: path.to_owned(),
            },
        );
    }

    /// A corpus was read: its labels, its documents, and the one to show first.
    pub(crate) fn corpus_listed(&mut self, listing: CorpusListing) {
        let CorpusListing {
            corpus,
            schema,
            texts,
            collisions,
            skipped,
            wanted,
            absolute,
            orphans,
            removed_temp,
        } = listing;
        self.state.orphans = orphans;
        self.state.listing = false;
        self.state.error = (!collisions.is_empty()).then(|| {
            let each: Vec<String> = collisions.iter().map(ToString::to_string).collect();
            format!("samples: {}", each.join("; "))
        });
        // Files the listing left out (a FIFO, a link out of the corpus) are said the same way.
        if !skipped.is_empty() {
            let each: Vec<String> = skipped.iter().map(ToString::to_string).collect();
            self.state.add_error(each.join("; "));
        }
        self.state.schema = match schema {
            Ok(schema) => schema,
            Err(e) => {
                let schema_error = format!("{e} — using the default labels");
                self.state.error = Some(match self.state.error.take() {
                    Some(names) => format!("{schema_error}; {names}"),
                    None => schema_error,
                });
                Schema::default()
            }
        };
        let (texts, list_error) = match texts {
            Ok(texts) => (texts, None),
            Err(e) => (Vec::new(), Some(e.to_string())),
        };
        let cleaned = match removed_temp {
            Ok(files) if files.is_empty() => None,
            Ok(files) => Some(format!(
                "removed {} left by interrupted saves over an hour ago: {}",
                if files.len() == 1 {
                    "a temporary file".to_owned()
                } else {
                    format!("{} temporary files", files.len())
                },
                files
                    .iter()
                    .map(|f| corpus.relative(f))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            Err(e) => Some(format!("old temporary files could not be removed: {e}")),
        };
        if let Some(cleaned) = cleaned {
            self.state.add_error(cleaned);
        }
        self.state.corpus_key = std::fs::canonicalize(corpus.root())
            .unwrap_or_else(|_| corpus.root().to_owned())
            .display()
            .to_string();
        self.state.corpus = corpus;
        self.state.list_error = list_error;
        self.state.set_entries(texts);
        self.state.settings.remember(absolute);
        self.summarize();
        if let Some(first) = wanted.or((!self.state.entries.is_empty()).then_some(0)) {
            self.open_document(first);
        }
        // After the first document, which is shown without waiting for them.
        self.state.suggester = None;
        self.state.command = None;
        self.windows.command_prompt = None;
        self.worker.send(
            self.state.generation,
            Job::BuildSuggester {
                corpus: self.state.corpus.clone(),
                schema: self.state.schema.clone(),
            },
        );
    }

    /// Asks the worker for every document's state, in batches.
    pub(crate) fn summarize(&mut self) {
        /// Annotation files summarized per job, so the list fills in as it goes.
        const SUMMARY_BATCH: usize = 64;
        let Some(annotator) = self.state.annotator.clone() else {
            return;
        };
        let corpus = &self.state.corpus;
        let files: Vec<(DocId, PathBuf, PathBuf)> = self
            .state
            .entries
            .iter()
            .map(|e| {
                let gold = AnnotatorName::new(crate::review::gold::GOLD_ANNOTATOR)
                    .map(|g| corpus.annotation_path(&e.text.id, &g))
                    .unwrap_or_default();
                (
                    e.text.id.clone(),
                    corpus.annotation_path(&e.text.id, &annotator),
                    gold,
                )
            })
            .collect();
        for batch in files.chunks(SUMMARY_BATCH) {
            self.worker.send(
                self.state.generation,
                Job::Summarize {
                    files: batch.to_vec(),
                },
            );
        }
    }

    /// Shows document `i`, reading it if it is not open yet (or failed to open before).
    /// Opens document `id` with `range` selected and in view, now if it is loaded, else
    /// once it is.
    pub(crate) fn open_at(&mut self, id: &DocId, range: std::ops::Range<usize>) {
        let Some(i) = self.state.entries.iter().position(|e| &e.text.id == id) else {
            self.state.error = Some(format!("{id} is no longer in the corpus list"));
            return;
        };
        self.open_document(i);
        match self.state.editor_mut() {
            Some(editor) if editor.annotation.document.id() == id => {
                editor.apply(EditCommand::SelectFound(range), self.clock.now());
            }
            _ => self.state.reveal_when_open = Some((id.clone(), range)),
        }
    }

    pub(crate) fn open_document(&mut self, i: usize) {
        let Some(entry) = self.state.entries.get(i) else {
            return;
        };
        // What was said about the document before is said.
        self.state.info = None;
        let id = entry.text.id.clone();
        if self.state.reviewing.as_ref().is_some_and(|r| *r != id) {
            self.close_review();
        }
        // The document being left is saved now rather than after the usual delay, and
        // let go of (its lock released) once nothing of it is left to write.
        let leaving = self.state.current_id() != Some(&id);
        if let Some(editor) = self.state.editor_mut() {
            editor.save.hurry();
            if leaving && editor.save.is_settled() {
                editor.lock = None;
            }
        }
        self.state.current = Some(i);
        let Some(annotator) = self.state.annotator.clone() else {
            return;
        };
        match self.state.docs.get_mut(&id) {
            Some(OpenDoc::Ready(editor)) => {
                // Shown again: take its lock again (another window may have it now).
                if editor.lock.is_none() && editor.read_only.is_none() {
                    let job = Job::Lock {
                        corpus: self.state.corpus.clone(),
                        id: id.clone(),
                        annotator,
                    };
                    self.worker.send(self.state.generation, job);
                }
                return;
            }
            Some(OpenDoc::Loading) => return,
            // A file that did not read may have been fixed or removed since: try again.
            Some(OpenDoc::Failed(_)) | None => {}
        }
        let entry = &self.state.entries[i].text;
        self.state.docs.insert(id.clone(), OpenDoc::Loading);
        self.worker.send(
            self.state.generation,
            Job::Open {
                corpus: self.state.corpus.clone(),
                text_path: entry.path.clone(),
                id,
                annotator,
                schema: self.state.schema.clone(),
            },
        );
    }

    /// Opens the next document not done, after the current one; returns its id.
    fn open_next_not_done(&mut self) -> Option<DocId> {
        let current = self.state.current?;
        let n = self.state.entries.len();
        let next = (1..n).map(|k| (current + k) % n).find(|&i| {
            !matches!(
                self.state.entries[i].summary,
                Some(Summary::Annotated {
                    status: Status::Done,
                    ..
                })
            )
        });
        let i = next?;
        self.open_document(i);
        Some(self.state.entries[i].text.id.clone())
    }

    fn set_annotator(&mut self, name: AnnotatorName) {
        self.windows.name_prompt = None;
        if self.state.annotator.as_ref() == Some(&name) {
            return;
        }
        self.leave(Leave::SetAnnotator(name));
    }

    /// Goes on as annotator `name` now: what was open is let go.
    fn switch_annotator(&mut self, name: AnnotatorName) {
        self.state.settings.annotator = Some(name.to_string());
        self.state.annotator = Some(name);
        self.state.generation += 1;
        self.state.docs.clear();
        self.state.reviews.clear();
        self.state.reviewing = None;
        self.views.clear();
        for entry in &mut self.state.entries {
            entry.summary = None;
        }
        self.summarize();
        let current = self.state.current.take();
        if let Some(i) = current.or((!self.state.entries.is_empty()).then_some(0)) {
            self.open_document(i);
        }
    }

    /// Review mode on document `id`: resumes a session still held (its gold being
    /// written), else reads the annotators' files.
    fn open_review(&mut self, id: DocId) {
        if self.state.reviews.contains_key(&id) {
            self.state.reviewing = Some(id);
            return;
        }
        let folder = self.state.corpus.annotations_dir().join(id.as_str());
        let Ok(gold) = AnnotatorName::new(crate::review::gold::GOLD_ANNOTATOR) else {
            return;
        };
        let lock_path = self.state.corpus.lock_path(&id, &gold);
        self.worker.send(
            self.state.generation,
            Job::LoadReview {
                id,
                folder,
                lock_path,
            },
        );
    }

    /// Leaves review mode. Decisions not yet written are written by the worker like any
    /// save (the session is kept until they are); nothing is written on this thread, and
    /// a gold file changed on disk is never overwritten without asking.
    fn close_review(&mut self) {
        let Some(session) = self.state.review_mut() else {
            return;
        };
        if session.conflict.is_some() {
            session.notice = Some(
                "gold.ron changed on disk: choose “Keep my decisions” or “Load theirs” before leaving review mode.".to_owned(),
            );
            return;
        }
        session.save.hurry();
        let settled = session.save.is_settled();
        if let Some(id) = self.state.reviewing.take()
            && settled
        {
            // Nothing to write: let go of it (and of gold.ron's lock) now.
            self.state.reviews.remove(&id);
        }
    }

    /// Where Right (`right`) or Left takes the caret on screen when its row holds
    /// right-to-left text: to the nearest start of a word in that direction on the row
    /// (with `extend`, or end of a word), wherever the word stands; so a caret crossing
    /// an English name inside Hebrew goes through it from one side to the other. `None`
    /// when the row is all left to right or has no such place: the caret then moves in
    /// the text ([`Self::as_shown`]).
    fn visual_caret_target(&mut self, right: bool, extend: bool) -> Option<usize> {
        let key = self.shown_view().filter(|k| matches!(k, ViewKey::Doc(_)))?;
        let editor = self.state.editor()?;
        let layout = &mut self.views.get_mut(&key)?.layout;
        let from = editor.caret_or_selection_end();
        let row = layout.row_range(from)?;
        if !row.clone().any(|c| layout.is_rtl(c) == Some(true)) {
            return None;
        }
        let x = layout.caret_rect(from)?.min.x;
        let mut nearest: Option<(f32, usize)> = None;
        for (start, end) in editor.words_within(row) {
            let mut places = vec![(layout.edge_rect(start, false)?.min.x, start)];
            if extend {
                places.push((layout.edge_rect(end - 1, true)?.min.x, end));
            }
            for (place_x, c) in places {
                let ahead = if right {
                    place_x > x + 0.5
                } else {
                    place_x < x - 0.5
                };
                if c != from
                    && ahead
                    && nearest.is_none_or(|(best, _)| (place_x - x).abs() < (best - x).abs())
                {
                    nearest = Some((place_x, c));
                }
            }
        }
        nearest.map(|(_, c)| c)
    }

    /// `edit` with the arrow keys' direction read on screen: where the text at the caret
    /// (or at the edge of the span being moved) reads right to left, Right moves back in
    /// the text and Left forward, as the arrows point.
    fn as_shown(&self, edit: EditCommand) -> EditCommand {
        let (Some(editor), Some(id)) = (self.state.editor(), self.state.current_id()) else {
            return edit;
        };
        let base = self.state.direction_of(id);
        let text = editor.annotation.document.text();
        let rtl_at = |c: usize| crate::text::bidi::right_to_left_at(text, c, base);
        match edit {
            EditCommand::MoveCaret { forward, extend } => EditCommand::MoveCaret {
                forward: forward != rtl_at(editor.caret_or_selection_end()),
                extend,
            },
            EditCommand::NudgeSpan { edge, forward } => {
                let Some(span) = &editor.selected_span else {
                    return EditCommand::NudgeSpan { edge, forward };
                };
                let at = match edge {
                    Edge::Start => span.start,
                    Edge::End => span.end.saturating_sub(1),
                };
                EditCommand::NudgeSpan {
                    edge,
                    forward: forward != rtl_at(at),
                }
            }
            other => other,
        }
    }

    /// Starts every pending save now (before an export or the agreement figures).
    /// Counts every other occurrence of the selected span's words, here and in every
    /// document, and shows the preview.
    fn preview_tag_all_in_corpus(&mut self) {
        let Some(annotator) = self.state.annotator.clone() else {
            return;
        };
        let Some(id) = self.state.current_id().cloned() else {
            return;
        };
        let Some(editor) = self.state.editor_mut() else {
            return;
        };
        let Some(span) = editor.selected_span.clone() else {
            editor.notice = Some(super::editor::SELECT_A_SPAN_FIRST.to_owned());
            return;
        };
        let name = editor.annotation.span_text(&span).to_owned();
        let here = editor.occurrences_of(&span).0.len();
        // Documents open here are counted (and later given their suggestions) in memory.
        let mut open = Vec::new();
        for (other, doc) in &self.state.docs {
            if let OpenDoc::Ready(e) = doc
                && *other != id
            {
                open.push((other.clone(), e.count_new_occurrences(&name, &span.label)));
            }
        }
        open.sort_by(|a, b| crate::model::order::natural_cmp(a.0.as_str(), b.0.as_str()));
        let mut skip: Vec<String> = open.iter().map(|(d, _)| d.to_string()).collect();
        skip.push(id.to_string());
        let request = crate::jobs::suggest::OccurrencesRequest {
            annotator,
            name: name.clone(),
            label: span.label.clone(),
            skip,
            dry_run: true,
        };
        self.worker.send(
            self.state.generation,
            Job::Occurrences {
                corpus: self.state.corpus.clone(),
                request,
            },
        );
        self.windows.occurrences = Some(super::panels::occurrences::OccurrencesWindow {
            document: id,
            name,
            span,
            here,
            open,
            preview: None,
            running: false,
            done: None,
        });
    }

    /// Tags what the preview counted: spans in its document (one undo step), suggestions
    /// in the documents open here and, through the worker, in every other file.
    fn tag_all_in_corpus(&mut self, now: std::time::Instant) {
        let Some(window) = &mut self.windows.occurrences else {
            return;
        };
        let Some(annotator) = self.state.annotator.clone() else {
            return;
        };
        window.running = true;
        let (id, name, span) = (
            window.document.clone(),
            window.name.clone(),
            window.span.clone(),
        );
        let label = span.label.clone();
        let mut skip = vec![id.to_string()];
        for (other, doc) in self.state.docs.iter_mut() {
            if let OpenDoc::Ready(editor) = doc {
                if *other == id {
                    // The span previewed, whatever was selected since.
                    if editor.annotation.spans().binary_search(&span).is_ok() {
                        editor.selected_span = Some(span.clone());
                        editor.selection = None;
                        editor.selected_suggestion = None;
                        editor.apply(EditCommand::TagAllOccurrences, now);
                    }
                } else {
                    editor.suggest_occurrences(&name, &label, now);
                    skip.push(other.to_string());
                }
            }
        }
        self.worker.send(
            self.state.generation,
            Job::Occurrences {
                corpus: self.state.corpus.clone(),
                request: crate::jobs::suggest::OccurrencesRequest {
                    annotator,
                    name,
                    label,
                    skip,
                    dry_run: false,
                },
            },
        );
    }

    fn hurry_saves(&mut self) {
        for doc in self.state.docs.values_mut() {
            if let OpenDoc::Ready(editor) = doc {
                editor.save.hurry();
            }
        }
        for session in self.state.reviews.values_mut() {
            session.save.hurry();
        }
    }

    /// The export and import windows, and what they ask for.
    pub(crate) fn transfer_dialogs(&mut self, ctx: &egui::Context) {
        if let Some(form) = &mut self.windows.export {
            match super::panels::transfer::export_ui(ctx, form) {
                Some(TransferRequest::ChooseOutput) => {
                    let format = form.options.format;
                    let chosen = if format.writes_folder() {
                        self.dialogs.pick_folder("Export into this folder")
                    } else {
                        let name = match format {
                            crate::io::export::Format::Conll => "train.conll",
                            crate::io::export::Format::Doccano => "doccano.jsonl",
                            crate::io::export::Format::Spacy => "train.spacy",
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
                    form.job.start();
                    self.worker.send(
                        self.state.generation,
                        Job::Export {
                            corpus: self.state.corpus.clone(),
                            options: Box::new(form.resolved(self.state.annotator.as_ref())),
                            out,
                            progress: form.job.progress.clone(),
                            total: form.job.total.clone(),
                        },
                    );
                }
                Some(TransferRequest::Close) => self.windows.export = None,
                Some(
                    TransferRequest::ChooseInput
                    | TransferRequest::ChooseLabelMap
                    | TransferRequest::ChooseLabelIds
                    | TransferRequest::Import,
                )
                | None => {}
            }
        }
        if let Some(form) = &mut self.windows.import {
            match super::panels::transfer::import_ui(ctx, form) {
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
                Some(TransferRequest::ChooseLabelMap) => {
                    if let Some(path) = self
                        .dialogs
                        .pick_file("Rename labels with this file of OLD=NEW lines", &[])
                    {
                        form.label_map_file = path.display().to_string();
                    }
                }
                Some(TransferRequest::ChooseLabelIds) => {
                    if let Some(path) = self
                        .dialogs
                        .pick_file("doccano's label ids (its label export)", &["json", "txt"])
                    {
                        form.label_ids = path.display().to_string();
                    }
                }
                Some(TransferRequest::Import) => {
                    let input = PathBuf::from(form.input.trim());
                    if let Ok(annotator) = AnnotatorName::person(form.annotator.trim()) {
                        form.job.start();
                        self.worker.send(
                            self.state.generation,
                            Job::Import {
                                corpus: self.state.corpus.clone(),
                                input,
                                options: form.options(),
                                labels: form.label_sources(),
                                annotator,
                                done: form.done,
                                force: form.force,
                            },
                        );
                    }
                }
                Some(TransferRequest::Close) => self.windows.import = None,
                Some(TransferRequest::ChooseOutput | TransferRequest::Export) | None => {}
            }
        }
    }
}
