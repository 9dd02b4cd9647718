//! The app's side of background work: replies from the worker, the saves and checks that
//! are due, and the barrier that waits for every write before the window closes or the
//! corpus changes. Annotation files and gold files go through the same [`Autosave`]
//! bookkeeping and the same save lane.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::app::SpantagApp;
use super::autosave::Autosave;
use super::command::EditCommand;
use super::editor::Editor;
use super::leave::UnsavedFile;
use super::review::ReviewSession;
use super::state::OpenDoc;
use super::views::ViewKey;
use super::worker::{
    Content, Envelope, Job, Reply, Summary, Target, recovery_path, write_new_copy, write_recovery,
};
use crate::io::lock::{FileLock, LockError};
use crate::model::DocId;

impl SpantagApp {
    /// The corpus names a suggestion command: run it if the user agreed to it before,
    /// else ask them.
    pub(crate) fn ask_about_command(&mut self) {
        let Some(settings) = self.state.schema.suggestions.command.clone() else {
            return;
        };
        let line = settings.command_line();
        let agreed = self
            .consents
            .as_ref()
            .is_some_and(|c| c.allows(self.state.corpus.root(), &line));
        if agreed {
            self.allow_command(settings);
        } else {
            self.windows.command_prompt = Some(line);
        }
    }

    /// Runs the corpus's suggestion command on every open document, and on each opened
    /// from now on.
    pub(crate) fn allow_command(&mut self, settings: crate::model::CommandSettings) {
        for (id, doc) in &self.state.docs {
            if let OpenDoc::Ready(editor) = doc {
                self.ask_sources(id, editor, Some(&settings), None);
            }
        }
        self.state.command = Some(settings);
    }

    /// Asks the worker what `command` and `suggester` suggest in the document `id`.
    fn ask_sources(
        &self,
        id: &DocId,
        editor: &Editor,
        command: Option<&crate::model::CommandSettings>,
        suggester: Option<&std::sync::Arc<crate::jobs::suggester::Suggester>>,
    ) {
        let text = || editor.annotation.document.text().to_owned();
        if let Some(settings) = command {
            let job = Job::CommandSuggest {
                corpus: self.state.corpus.clone(),
                settings: settings.clone(),
                id: id.clone(),
                text: text(),
            };
            self.worker.send(self.state.generation, job);
        }
        if let Some(suggester) = suggester {
            let job = Job::Suggest {
                id: id.clone(),
                text: text(),
                suggester: suggester.clone(),
            };
            self.worker.send(self.state.generation, job);
        }
    }

    /// Handles every reply that has arrived.
    pub(crate) fn drain_replies(&mut self) {
        for envelope in self.worker.replies() {
            self.handle_reply(envelope);
        }
    }

    fn handle_reply(&mut self, Envelope { generation, reply }: Envelope) {
        if generation != self.state.generation {
            // Asked about another corpus or annotator: it concerns nothing shown now.
            return;
        }
        let now = self.clock.now();
        match reply {
            Reply::CorpusListed(listing) => self.corpus_listed(*listing),
            Reply::Opened {
                id,
                result,
                recovered,
                lock,
            } => {
                let (summary, doc) = match result {
                    Ok(opened) => {
                        let opened = *opened;
                        let mut editor =
                            Editor::new(opened.annotation, opened.stamp, opened.source_changed);
                        editor.recovered = recovered;
                        take_lock(&mut editor, lock, now);
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
                        let begun =
                            editor.save.stamp.is_some() && !editor.annotation.is_suggestions_only();
                        let summary = if begun {
                            Summary::Annotated {
                                status: editor.annotation.status,
                                spans: editor.annotation.spans().len(),
                            }
                        } else {
                            Summary::NotStarted
                        };
                        (summary, OpenDoc::Ready(Box::new(editor)))
                    }
                    Err(e) => (Summary::Broken(e.to_string()), OpenDoc::Failed(e)),
                };
                self.views.forget(&ViewKey::Doc(id.clone()));
                if let Some(entry) = self.state.entry_mut(&id) {
                    entry.summary = Some(summary);
                }
                let mut doc = doc;
                // A corpus search hit opened before the document had loaded.
                if let OpenDoc::Ready(editor) = &mut doc
                    && let Some((_, range)) = self
                        .state
                        .reveal_when_open
                        .take_if(|(wanted, _)| *wanted == id)
                {
                    editor.apply(EditCommand::SelectFound(range), self.clock.now());
                }
                if let OpenDoc::Ready(editor) = &mut doc {
                    editor.hidden_sources = self.state.hidden_sources();
                    let (command, suggester) = (&self.state.command, &self.state.suggester);
                    self.ask_sources(&id, editor, command.as_ref(), suggester.as_ref());
                }
                self.state.docs.insert(id, doc);
            }
            Reply::SuggesterBuilt(Ok((suggester, warnings))) => {
                if !warnings.is_empty() {
                    self.state
                        .add_error(format!("suggestions: {}", warnings.join("; ")));
                }
                // Every document already open gets its suggestions now.
                for (id, doc) in &self.state.docs {
                    if let OpenDoc::Ready(editor) = doc {
                        self.ask_sources(id, editor, None, Some(&suggester));
                    }
                }
                self.state.suggester = Some(suggester);
                self.ask_about_command();
            }
            Reply::CommandFailed(e) => {
                self.state.error = Some(format!("The suggestion command gave nothing: {e}"));
            }
            Reply::SuggesterBuilt(Err(e)) => {
                self.state.error = Some(format!("No suggestions: {e}"));
            }
            Reply::Occurrences { dry_run, result } => {
                let Some(window) = &mut self.windows.occurrences else {
                    return;
                };
                if dry_run {
                    window.preview = Some(result);
                    return;
                }
                window.running = false;
                window.done = Some(match result {
                    Ok(report) => {
                        let (places, documents) = window.places_with(&report);
                        let mut said = format!(
                            "Done: {} here; {places} {} suggested in {documents} other {}.",
                            super::panels::status::spans_phrase(window.here),
                            crate::jobs::plural(places, "place", "places"),
                            crate::jobs::plural(documents, "document", "documents"),
                        );
                        for error in &report.errors {
                            said.push_str(&format!("\n{error}"));
                        }
                        said
                    }
                    Err(e) => format!("No suggestions were added: {e}"),
                });
                // The files of suggestions are in the list now (as not started).
                self.summarize();
            }
            Reply::Suggested { id, suggestions } => {
                if let Some(OpenDoc::Ready(editor)) = self.state.docs.get_mut(&id) {
                    // Not an edit: what the sources propose, shown; a rejected one
                    // stays out, and one already there is not added twice.
                    for suggestion in suggestions {
                        editor.annotation.suggest(suggestion);
                    }
                }
            }
            Reply::Saved {
                target,
                revision,
                result,
            } => {
                let timing = self.timing;
                let Some(save) = self.autosave_of(&target) else {
                    return;
                };
                match result {
                    Ok(stamp) => save.saved(revision, stamp),
                    Err(e) => {
                        let changed = e.changed_on_disk();
                        save.failed(e.to_string(), now, &timing);
                        if changed {
                            // Read what is there now, so the user can choose.
                            save.checked_at = None;
                        }
                    }
                }
                match &target {
                    Target::Gold(id) => self.after_gold_save(id),
                    Target::Annotation(id) => self.after_annotation_save(id, revision),
                }
            }
            Reply::Locked { id, result } => {
                if let Some(OpenDoc::Ready(editor)) = self.state.docs.get_mut(&id) {
                    let was_read_only = editor.read_only.is_some();
                    take_lock(editor, result, now);
                    if was_read_only && editor.read_only.is_none() {
                        editor.notice = Some(
                            "The other window let go of this file: you can edit it here now."
                                .to_owned(),
                        );
                        // Read what the other window wrote before any edit here.
                        editor.save.checked_at = None;
                    }
                }
            }
            Reply::Relinked { folder, to, result } => match result {
                Ok(files) => {
                    self.state.orphans.retain(|o| o.folder != folder);
                    self.state.error = Some(format!(
                        "annotations/{folder}: {} {} relinked to {to}",
                        files.len(),
                        crate::jobs::plural(files.len(), "file", "files")
                    ));
                    // The list shows the moved work; an open document reads it at its
                    // next check.
                    self.summarize();
                }
                Err(e) => {
                    self.state.error = Some(format!("annotations/{folder} not relinked: {e}"))
                }
            },
            Reply::Removed { path, result } => {
                if let Err(e) = result {
                    self.state.error = Some(format!("Could not delete {}: {e}", path.display()));
                }
            }
            Reply::Changed {
                target,
                stamp,
                content,
            } => self.changed_on_disk(target, stamp, content),
            Reply::Unchanged => {}
            Reply::Summaries(summaries) => {
                for (id, summary, undecided) in summaries {
                    let open = matches!(self.state.docs.get(&id), Some(OpenDoc::Ready(_)));
                    let reviewed = self.state.reviews.contains_key(&id);
                    if let Some(entry) = self.state.entry_mut(&id) {
                        if !open {
                            entry.summary = Some(summary);
                        }
                        if !reviewed {
                            entry.gold_undecided = undecided;
                        }
                    }
                }
            }
            Reply::ReviewLoaded { id, result, lock } => match result {
                Ok(data) if self.state.current_id() == Some(&id) => {
                    let data = *data;
                    let curator = self
                        .state
                        .annotator
                        .as_ref()
                        .map_or_else(|| "curator".to_owned(), ToString::to_string);
                    let gold_path = self
                        .state
                        .corpus
                        .annotations_dir()
                        .join(id.as_str())
                        .join("gold.ron");
                    let session = ReviewSession::new(
                        id.clone(),
                        data.sources,
                        data.gold,
                        data.gold_stamp,
                        curator,
                        gold_path,
                    );
                    let mut session = session;
                    match lock {
                        Ok(lock) => session.lock = Some(lock),
                        Err(LockError::Held { holder, .. }) => {
                            session.notice = Some(format!(
                                "Read-only: gold.ron is open in another spantag window ({holder}). You can look; decisions are refused until it is closed there."
                            ));
                            session.read_only = Some(holder);
                        }
                        // Cannot lock at all (a read-only corpus): saving will say why.
                        Err(LockError::Io { .. }) => {}
                    }
                    self.views.forget(&ViewKey::Review(id.clone()));
                    self.state.reviews.insert(id.clone(), session);
                    self.state.reviewing = Some(id);
                }
                Ok(_) => {}
                Err(e) => {
                    if let Some(editor) = self.state.editor_mut() {
                        editor.notice = Some(format!("No review: {e}"));
                    }
                }
            },
            Reply::Searched(result) => {
                if let Some(window) = &mut self.windows.search {
                    window.running = false;
                    window.results = Some(result);
                }
            }
            Reply::Agreement(Ok(figures)) => {
                let crate::jobs::agree::AgreeOutcome {
                    corpus,
                    per_document,
                    unreadable,
                } = *figures;
                if !unreadable.is_empty() {
                    let files: Vec<String> = unreadable.iter().map(ToString::to_string).collect();
                    // Files that do not read, and files whose place does not match
                    // what they hold.
                    self.state.error = Some(format!(
                        "agreement leaves out {} {}: {}",
                        files.len(),
                        crate::jobs::plural(files.len(), "file", "files"),
                        files.join("; ")
                    ));
                }
                if let Some(window) = &mut self.windows.agreement {
                    window.figures = Some(Box::new((corpus, per_document)));
                }
            }
            Reply::Agreement(Err(e)) => {
                let e = e.to_string();
                self.state.error = Some(format!("No agreement figures: {e}"));
                self.windows.agreement = None;
            }
            Reply::Exported(result) => {
                if let Some(form) = &mut self.windows.export {
                    form.job.running = false;
                    form.job.result = Some(match result {
                        // Something was left out or unreadable: the lines say what, and
                        // the dialog shows them as a problem, not a success.
                        Ok(outcome) if outcome.succeeded() => Ok(outcome.lines()),
                        Ok(outcome) => Err(outcome.lines()),
                        Err(e) => Err(vec![e.to_string()]),
                    });
                }
            }
            Reply::Imported(result) => {
                let imported = result.is_ok();
                if let Some(form) = &mut self.windows.import {
                    form.job.running = false;
                    form.job.result = Some(match result {
                        Ok(outcome) if outcome.succeeded() => Ok(outcome.lines()),
                        // Every line skipped: said as a problem, as the CLI exits 1.
                        Ok(outcome) => {
                            let mut lines = outcome.lines();
                            lines.push(crate::jobs::import::ALL_SKIPPED.to_owned());
                            Err(lines)
                        }
                        Err(e) => Err(import_problems(e)),
                    });
                }
                if imported {
                    // Show the new documents.
                    let root = self.state.corpus.root().to_owned();
                    self.open_path(&root);
                }
            }
        }
    }

    /// The autosave of a file, if what it belongs to is still open.
    fn autosave_of(&mut self, target: &Target) -> Option<&mut Autosave> {
        match target {
            Target::Annotation(id) => match self.state.docs.get_mut(id) {
                Some(OpenDoc::Ready(editor)) => Some(&mut editor.save),
                _ => None,
            },
            Target::Gold(id) => self.state.reviews.get_mut(id).map(|s| &mut s.save),
        }
    }

    /// After an annotation save: a restored recovery copy whose work is now on disk is
    /// deleted.
    fn after_annotation_save(&mut self, id: &DocId, revision: u64) {
        let generation = self.state.generation;
        let shown = self.state.current_id() == Some(id);
        let Some(OpenDoc::Ready(editor)) = self.state.docs.get_mut(id) else {
            return;
        };
        let written = editor.save.error.is_none() && editor.save.saved_revision >= revision;
        if written && editor.save.is_settled() && !shown {
            // Not shown and nothing left to write: another window may have it.
            editor.lock = None;
        }
        if let Some((path, restored)) = editor.restored_from.take() {
            if written && revision >= restored {
                self.worker.send(generation, Job::Remove { path });
            } else {
                editor.restored_from = Some((path, restored));
            }
        }
    }

    /// After a gold save: the list shows the gold's undecided places, and a session no
    /// longer shown is let go once everything is written.
    fn after_gold_save(&mut self, id: &crate::model::DocId) {
        let Some(session) = self.state.reviews.get(id) else {
            return;
        };
        let undecided = session.adjudication.as_ref().map(|a| a.undecided().len());
        let done = session.save.is_settled() && self.state.reviewing.as_ref() != Some(id);
        let written = session.save.stamp.is_some();
        if let Some(entry) = self.state.entry_mut(id)
            && written
        {
            entry.gold_undecided = undecided;
        }
        if done {
            self.state.reviews.remove(id);
        }
    }

    fn changed_on_disk(
        &mut self,
        target: Target,
        stamp: crate::io::store::FileStamp,
        content: Result<Content, crate::io::FileError>,
    ) {
        match target {
            Target::Annotation(id) => {
                let shown = self.state.current_id() == Some(&id);
                let Some(OpenDoc::Ready(editor)) = self.state.docs.get_mut(&id) else {
                    return;
                };
                if !shown && content.is_ok() && !editor.save.is_settled() {
                    // Its prompt is on that document: say where to answer it.
                    self.state.error = Some(format!(
                        "{id} changed on disk while it had unsaved edits: open it to choose which version to keep"
                    ));
                }
                match content {
                    Ok(Content::Annotation(theirs)) if editor.save.is_settled() => {
                        editor.replace_annotation(*theirs, stamp);
                        editor.notice =
                            Some("The file changed on disk and was reloaded.".to_owned());
                    }
                    Ok(Content::Annotation(theirs)) => editor.conflict = Some((stamp, theirs)),
                    Ok(Content::Gold(_)) => {}
                    Err(e) => {
                        // A broken file is never overwritten: saving will refuse it.
                        editor.save.stamp = stamp;
                        editor.notice = Some(format!(
                            "The file changed on disk and cannot be read: {e}. Your work stays in this window; fix or move the file to save again."
                        ));
                    }
                }
                self.state.refresh_summary();
            }
            Target::Gold(id) => {
                let shown = self.state.reviewing.as_ref() == Some(&id);
                let Some(session) = self.state.reviews.get_mut(&id) else {
                    return;
                };
                match content {
                    Ok(Content::Gold(theirs)) if session.save.is_settled() => {
                        session.take_theirs(stamp, *theirs);
                        session.notice =
                            Some("gold.ron changed on disk and was reloaded.".to_owned());
                    }
                    Ok(Content::Gold(theirs)) => {
                        session.conflict = Some((stamp, theirs));
                        if !shown {
                            // Decisions that cannot be written without asking: ask.
                            self.state.reviewing = Some(id.clone());
                            if let Some(i) = self.state.position(&id) {
                                self.state.current = Some(i);
                            }
                        }
                    }
                    Ok(Content::Annotation(_)) => {}
                    Err(e) => {
                        session.save.stamp = stamp;
                        session.notice = Some(format!(
                            "gold.ron changed on disk and cannot be read: {e}. Your decisions stay here; fix or move the file to save them."
                        ));
                    }
                }
            }
        }
    }

    /// Starts the saves that are due, and checks the shown files for outside changes.
    /// Returns how long until the next one is due.
    pub(crate) fn schedule_io(&mut self) -> Option<Duration> {
        let now = self.clock.now();
        let timing = self.timing;
        let generation = self.state.generation;
        let shown = self.state.current_id().cloned();
        let mut next: Option<Instant> = None;
        let mut soonest = |t: Instant| next = Some(next.map_or(t, |n| n.min(t)));
        let mut jobs = Vec::new();
        for (id, doc) in &mut self.state.docs {
            let OpenDoc::Ready(editor) = doc else {
                continue;
            };
            let Some(annotator) = self.state.annotator.as_ref() else {
                continue;
            };
            let path = self.state.corpus.annotation_path(id, annotator);
            let target = Target::Annotation(id.clone());
            let save = &mut editor.save;
            if editor.conflict.is_none()
                && let Some(due) = save.due(&timing)
            {
                if due <= now {
                    jobs.push(Job::Save {
                        target: target.clone(),
                        path: path.clone(),
                        content: Content::Annotation(Box::new(editor.annotation.clone())),
                        expected: save.stamp.clone(),
                        revision: save.start(),
                    });
                } else {
                    soonest(due);
                }
            }
            // The shown file, opened read-only: ask for its lock again now and then.
            if shown.as_ref() == Some(id) && editor.read_only.is_some() {
                let due = editor.lock_asked_at.map_or(now, |t| t + timing.check_every);
                if due <= now {
                    editor.lock_asked_at = Some(now);
                    jobs.push(Job::Lock {
                        corpus: self.state.corpus.clone(),
                        id: id.clone(),
                        annotator: annotator.clone(),
                    });
                } else {
                    soonest(due);
                }
            }
            // The shown file, and any whose save failed (it may have changed on disk).
            if shown.as_ref() == Some(id) || save.error.is_some() {
                check(save, target, path, now, &timing, &mut jobs, &mut soonest);
            }
        }
        let reviewing = self.state.reviewing.clone();
        for (id, session) in &mut self.state.reviews {
            let target = Target::Gold(id.clone());
            if session.conflict.is_none()
                && let Some(due) = session.save.due(&timing)
            {
                match session.gold_to_save() {
                    Some(gold) if due <= now => jobs.push(Job::Save {
                        target: target.clone(),
                        path: session.gold_path.clone(),
                        content: Content::Gold(Box::new(gold)),
                        expected: session.save.stamp.clone(),
                        revision: session.save.start(),
                    }),
                    Some(_) => soonest(due),
                    None => {}
                }
            }
            if reviewing.as_ref() == Some(id) || session.save.error.is_some() {
                let path = session.gold_path.clone();
                check(
                    &mut session.save,
                    target,
                    path,
                    now,
                    &timing,
                    &mut jobs,
                    &mut soonest,
                );
            }
        }
        for job in jobs {
            self.worker.send(generation, job);
        }
        next.map(|t| t.saturating_duration_since(now))
    }

    /// Writes every pending edit and decision before the window closes: waits for every
    /// save (see [`Self::settle_saves`]), then what is still unwritten (a full disk, a
    /// file changed by someone else, a disk that does not answer) goes to recovery
    /// copies, whose paths are shown and printed.
    pub fn flush_saves(&mut self) {
        self.settle_saves();
        self.write_recovery_copies();
    }

    /// Starts every save now and waits for all of them, gold files included, for at most
    /// the exit wait.
    pub(crate) fn settle_saves(&mut self) {
        let started = Instant::now();
        for doc in self.state.docs.values_mut() {
            if let OpenDoc::Ready(editor) = doc {
                editor.save.hurry();
            }
        }
        for session in self.state.reviews.values_mut() {
            session.save.hurry();
        }
        // Hurried, every save is due now.
        self.schedule_io();
        while self.in_flight() > 0 {
            let left = self.timing.exit_wait.saturating_sub(started.elapsed());
            if left.is_zero() {
                break;
            }
            if let Some(envelope) = self.worker.wait(left.min(Duration::from_millis(100))) {
                self.handle_reply(envelope);
            }
        }
    }

    fn in_flight(&self) -> usize {
        let docs = self
            .state
            .docs
            .values()
            .filter(|d| matches!(d, OpenDoc::Ready(e) if e.save.in_flight.is_some()))
            .count();
        let gold = self
            .state
            .reviews
            .values()
            .filter(|s| s.save.in_flight.is_some())
            .count();
        docs + gold
    }

    /// Every file whose latest work is not on disk: its document, its path, what it
    /// should hold, and why it is not written.
    fn unsaved(&self) -> Vec<(UnsavedFile, DocId, Content)> {
        let mut out = Vec::new();
        let annotator = self
            .state
            .annotator
            .as_ref()
            .map_or_else(String::new, ToString::to_string);
        for (id, doc) in &self.state.docs {
            if let OpenDoc::Ready(editor) = doc
                && editor.save.is_dirty()
                && let Some(path) = self.state.annotation_path(id)
            {
                let why = why_unsaved(&editor.save, editor.conflict.is_some());
                out.push((
                    UnsavedFile {
                        what: format!("{id} — {annotator}"),
                        path,
                        why,
                    },
                    id.clone(),
                    Content::Annotation(Box::new(editor.annotation.clone())),
                ));
            }
        }
        for (id, session) in &self.state.reviews {
            if session.save.is_dirty()
                && let Some(gold) = session.gold_to_save()
            {
                let why = why_unsaved(&session.save, session.conflict.is_some());
                out.push((
                    UnsavedFile {
                        what: format!("{id} — gold"),
                        path: session.gold_path.clone(),
                        why,
                    },
                    id.clone(),
                    Content::Gold(Box::new(gold)),
                ));
            }
        }
        out.sort_by(|a, b| a.0.path.cmp(&b.0.path));
        out
    }

    /// The files whose work is not on disk, for the question asked before leaving.
    pub(crate) fn unsaved_files(&self) -> Vec<UnsavedFile> {
        self.unsaved().into_iter().map(|(file, ..)| file).collect()
    }

    /// Gives up the work not on disk (discarded, or written elsewhere by the user):
    /// nothing is left to save or to copy at exit.
    pub(crate) fn let_go_of_unsaved(&mut self) {
        for doc in self.state.docs.values_mut() {
            if let OpenDoc::Ready(editor) = doc {
                editor.save.abandon();
                editor.conflict = None;
            }
        }
        for session in self.state.reviews.values_mut() {
            session.save.abandon();
            session.conflict = None;
        }
    }

    /// Writes the work not on disk under `folder`, laid out as `annotations/` is
    /// (`<document>/<name>.ron`; a file already there is kept, and the copy gets a
    /// `.unsaved-<time>` suffix). Returns the copies, or what failed.
    pub(crate) fn copy_unsaved_to(&mut self, folder: &Path) -> Result<Vec<PathBuf>, String> {
        let mut written = Vec::new();
        for (file, id, content) in self.unsaved() {
            let name = file.path.file_name().unwrap_or_default();
            let copy = folder.join(id.as_str()).join(name);
            let copy = write_new_copy(&copy, &content)
                .map_err(|e| format!("could not write {}: {e}", copy.display()))?;
            written.push(copy);
        }
        Ok(written)
    }

    /// Recovery copies of everything not on disk: beside each file, or where that cannot
    /// be written, in the recovery folders (the user's data folder, then the temp
    /// folder). Each copy's path is shown and printed to standard error.
    fn write_recovery_copies(&mut self) {
        let mut messages = Vec::new();
        let root = self.state.corpus.root();
        for (file, id, content) in self.unsaved() {
            let beside = recovery_path(&file.path);
            let message = match write_recovery(&beside, root, &id, &self.recovery_dirs, &content) {
                Ok(copy) => {
                    self.state.recovery.push(copy.clone());
                    format!(
                        "{} was not saved ({}); your work was written to {}",
                        file.path.display(),
                        file.why,
                        copy.display()
                    )
                }
                Err(failures) => format!(
                    "{} was not saved ({}), and no recovery copy could be written: {}",
                    file.path.display(),
                    file.why,
                    failures.join("; ")
                ),
            };
            eprintln!("spantag: {message}");
            messages.push(message);
        }
        if !messages.is_empty() {
            self.state.error = Some(messages.join("\n"));
        }
    }
}

/// Keeps the lock an open document's file got, or notes who holds it (the document is
/// then read-only here). A lock that cannot be taken at all (a read-only corpus, a folder
/// that cannot be made) leaves the document editable: its saves will say what is wrong.
fn take_lock(editor: &mut Editor, lock: Result<FileLock, LockError>, now: Instant) {
    match lock {
        Ok(lock) => {
            editor.lock = Some(lock);
            editor.read_only = None;
        }
        Err(LockError::Held { holder, .. }) => {
            editor.read_only = Some(holder);
            editor.lock_asked_at = Some(now);
        }
        Err(LockError::Io { .. }) => editor.read_only = None,
    }
}

/// Why a file's work is not on disk, in words.
fn why_unsaved(save: &Autosave, conflict: bool) -> String {
    if conflict {
        "it changed on disk: choose which version to keep".to_owned()
    } else if let Some(error) = &save.error {
        error.clone()
    } else if save.in_flight.is_some() {
        "it is still being written".to_owned()
    } else {
        "it was not written yet".to_owned()
    }
}

/// Every problem of a failed import, a line each.
fn import_problems(error: crate::jobs::import::ImportJobError) -> Vec<String> {
    use crate::io::import::ImportError;
    use crate::jobs::import::ImportJobError;
    match error {
        ImportJobError::Import {
            error: ImportError::Exists(paths),
            warnings,
        } => {
            let mut out: Vec<String> = warnings.iter().map(ToString::to_string).collect();
            out.extend(
                paths
                    .iter()
                    .map(|p| format!("{}: already exists", p.display())),
            );
            out.push(
                "nothing was imported: tick \"Replace existing files\" to replace them".to_owned(),
            );
            out
        }
        ImportJobError::Import {
            error: ImportError::Input(e),
            ..
        } => {
            let mut out: Vec<String> = e.diagnostics.iter().map(ToString::to_string).collect();
            out.push("nothing was imported: fix the input and import again".to_owned());
            out
        }
        other => vec![other.to_string()],
    }
}

/// Queues a check of a shown file when one is due.
fn check(
    save: &mut Autosave,
    target: Target,
    path: PathBuf,
    now: Instant,
    timing: &super::clock::Timing,
    jobs: &mut Vec<Job>,
    soonest: &mut impl FnMut(Instant),
) {
    if save.in_flight.is_some() {
        return;
    }
    if save.check_due(now, timing) {
        save.checked_at = Some(now);
        jobs.push(Job::Check {
            target,
            path,
            expected: save.stamp.clone(),
        });
    }
    soonest(save.next_check(now, timing));
}
