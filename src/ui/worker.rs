//! Background work: the registry of tasks the window hands off, and the threads that do
//! them. Saves and file checks have a lane of their own, so an export or an agreement
//! job never delays an autosave. Every reply carries the generation it was asked in
//! (bumped when the corpus or the annotator changes) and names its document by id, never
//! by list position, so a late reply cannot land on the wrong document.
//!
//! This module and the library functions it calls are the only places where the window
//! touches the disk.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

use thiserror::Error;

use crate::io::FileError;
use crate::io::export::ExportOptions;
use crate::io::gold::{read_gold, save_gold};
use crate::io::import::ImportOptions;
use crate::io::lock::{FileLock, LockError};
use crate::io::orphans::OrphanDir;
use crate::io::ron_format::{read_annotation, read_header};
use crate::io::store::{
    Corpus, FileStamp, OpenedDocument, SaveError, TextEntry, file_stamp, open_document,
    save_annotation_if_unchanged,
};
use crate::jobs::CorpusError;
use crate::jobs::agree::AgreeOutcome;
use crate::jobs::export::{ExportJobError, ExportOutcome};
use crate::jobs::import::{ImportJobError, ImportOutcome, LabelSources};
use crate::jobs::suggester::Suggester;
use crate::model::{Annotation, AnnotatorName, DocId, Schema, Status, Suggestion};
use crate::review::gold::{GOLD_ANNOTATOR, GoldFile};

/// Which file a save or a check is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// The annotator's own file of a document.
    Annotation(DocId),
    /// A document's `gold.ron`.
    Gold(DocId),
}

/// What a file holds: an annotator's annotation or a gold file.
#[derive(Clone, Debug)]
pub enum Content {
    /// An annotator's file.
    Annotation(Box<Annotation>),
    /// A gold file.
    Gold(Box<GoldFile>),
}

/// Why a write did not happen (the file on disk is left as it was), shareable so that
/// the reply can be kept and shown.
#[derive(Clone, Debug, Error)]
#[error("{0}")]
pub struct WriteError(pub Arc<SaveError>);

impl WriteError {
    /// Whether the file was changed by someone else since it was read.
    pub fn changed_on_disk(&self) -> bool {
        matches!(*self.0, SaveError::ChangedOnDisk { .. })
    }
}

/// A corpus as read from the disk, for the window to show.
#[derive(Debug)]
pub struct CorpusListing {
    /// The corpus holding the path opened.
    pub corpus: Corpus,
    /// Its labels, or why `spantag.ron` cannot be used.
    pub schema: Result<Schema, FileError>,
    /// Its documents, or why they cannot be listed.
    pub texts: Result<Vec<TextEntry>, FileError>,
    /// Text file names that gave the same id (case aside), and the ids they got instead.
    pub collisions: Vec<crate::model::name::IdCollision>,
    /// Text files left out: not regular files (a FIFO), or links out of the corpus.
    pub skipped: Vec<crate::io::Diagnostic>,
    /// The document opened, when a text file was.
    pub wanted: Option<usize>,
    /// The path opened, made absolute, for the recent list.
    pub absolute: PathBuf,
    /// Annotation folders that match no text (from an older id rule, a renamed text).
    pub orphans: Vec<OrphanDir>,
    /// Temporary files that writes killed over an hour ago left, removed now; or why
    /// they could not be.
    pub removed_temp: Result<Vec<PathBuf>, FileError>,
}

/// Reads what opening `path` shows: the corpus containing it (or the folder itself, or
/// the text file's folder), its schema and its texts. A lone text file outside any
/// `samples/` folder is listed on its own.
pub fn list_corpus(path: &Path) -> CorpusListing {
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
    let schema = corpus.load_schema();
    let (mut texts, collisions, skipped) = match corpus.list_texts_and_skips() {
        Ok((texts, collisions, skipped)) => (Ok(texts), collisions, skipped),
        Err(e) => (Err(e), Vec::new(), Vec::new()),
    };
    // `samples/x.txt` and `./samples/x.txt` are the same file.
    let canonical = std::fs::canonicalize(path).ok();
    let is_launch_path =
        |p: &Path| p.file_name() == path.file_name() && std::fs::canonicalize(p).ok() == canonical;
    let mut wanted = texts
        .as_ref()
        .ok()
        .and_then(|t| t.iter().position(|t| is_launch_path(&t.path)));
    if path.is_file() && wanted.is_none() {
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        let lone = TextEntry {
            id: DocId::from_file_stem(&stem),
            path: path.to_owned(),
        };
        match &mut texts {
            Ok(list) => list.insert(0, lone),
            Err(_) => texts = Ok(vec![lone]),
        }
        wanted = Some(0);
    }
    // Unreadable folders are said by the listing itself; orphans are a hint on top.
    let orphans = corpus.orphan_annotation_dirs().unwrap_or_default();
    let removed_temp = corpus.remove_stale_temp_files(std::time::SystemTime::now());
    CorpusListing {
        removed_temp,
        corpus,
        schema,
        texts,
        collisions,
        skipped,
        wanted,
        absolute: canonical.unwrap_or_else(|| path.to_owned()),
        orphans,
    }
}

/// Work for the background threads.
#[derive(Debug)]
pub enum Job {
    /// List the corpus holding a folder or text file.
    ListCorpus {
        /// What was opened.
        path: PathBuf,
    },
    /// Open a document for annotation.
    Open {
        /// The corpus: where the annotator's file, its lock and its recovery copies are.
        corpus: Corpus,
        /// The document's id.
        id: DocId,
        /// The text file.
        text_path: PathBuf,
        /// Who annotates.
        annotator: AnnotatorName,
        /// For unknown-label warnings.
        schema: Schema,
    },
    /// Move an orphan annotation folder's files to the text they were made on.
    Relink {
        /// The corpus.
        corpus: Corpus,
        /// The folder.
        orphan: OrphanDir,
        /// The text's id.
        to: DocId,
    },
    /// Take the lock of a file opened read-only because another window held it.
    Lock {
        /// The corpus.
        corpus: Corpus,
        /// The document.
        id: DocId,
        /// Whose file.
        annotator: AnnotatorName,
    },
    /// Write a file if it is still as stamped.
    Save {
        /// Which file.
        target: Target,
        /// Where it is.
        path: PathBuf,
        /// What to write.
        content: Content,
        /// The stamp the file must still have.
        expected: FileStamp,
        /// The edit count this save writes, to tell whether newer edits wait.
        revision: u64,
    },
    /// Remove a file the user let go of (a recovery copy that was restored or
    /// discarded).
    Remove {
        /// The file.
        path: PathBuf,
    },
    /// Check whether a file changed on disk.
    Check {
        /// Which file.
        target: Target,
        /// Where it is.
        path: PathBuf,
        /// The stamp it had.
        expected: FileStamp,
    },
    /// Export a corpus; `progress` counts the documents written.
    Export {
        /// The corpus.
        corpus: Corpus,
        /// What and how.
        options: Box<ExportOptions>,
        /// Where.
        out: PathBuf,
        /// Documents written so far, for the progress bar.
        progress: Arc<AtomicUsize>,
        /// Documents to write, once known.
        total: Arc<AtomicUsize>,
    },
    /// Import files into a corpus.
    Import {
        /// The corpus.
        corpus: Corpus,
        /// The file or folder to read.
        input: PathBuf,
        /// How to read it.
        options: ImportOptions,
        /// Label renames and label ids still to read from their files (here, off the
        /// UI thread) into `options`.
        labels: LabelSources,
        /// Whose annotations they become.
        annotator: AnnotatorName,
        /// Mark them done.
        done: bool,
        /// Replace existing files.
        force: bool,
    },
    /// Read what review mode needs: every annotator's file and the gold file, if any.
    LoadReview {
        /// The document.
        id: DocId,
        /// Its annotation folder.
        folder: PathBuf,
        /// `gold.ron`'s lock file, taken while the review is open.
        lock_path: PathBuf,
    },
    /// Compute the corpus's agreement figures.
    Agreement {
        /// The corpus.
        corpus: Corpus,
    },
    /// Search the corpus's texts (the corpus search window).
    Search {
        /// The corpus.
        corpus: Corpus,
        /// What to find.
        request: crate::jobs::search::SearchRequest,
        /// Hits kept at most; the rest are counted.
        limit: usize,
    },
    /// Build the sources of suggestions for the corpus (once per corpus).
    BuildSuggester {
        /// The corpus.
        corpus: Corpus,
        /// Its schema, whose `suggestions` say which sources are on.
        schema: Schema,
    },
    /// Add (or with `dry_run`, count) the occurrences of a name as suggestions in an
    /// annotator's files.
    Occurrences {
        /// The corpus.
        corpus: Corpus,
        /// What to add where.
        request: crate::jobs::suggest::OccurrencesRequest,
    },
    /// Ask the corpus's suggestion command about one document.
    CommandSuggest {
        /// The corpus folder, where it runs.
        corpus: Corpus,
        /// The command.
        settings: crate::model::CommandSettings,
        /// The document.
        id: DocId,
        /// Its text.
        text: String,
    },
    /// Ask the sources what they suggest in one document's text.
    Suggest {
        /// The document.
        id: DocId,
        /// Its text.
        text: String,
        /// The sources.
        suggester: Arc<Suggester>,
    },
    /// Read the status and span count of one annotator's files, for the corpus list.
    Summarize {
        /// (document, the annotator's file, the document's gold file) triples.
        files: Vec<(DocId, PathBuf, PathBuf)>,
    },
}

impl Job {
    /// Saves and checks go on the save lane; everything else on the other.
    fn is_save_lane(&self) -> bool {
        matches!(
            self,
            Self::Save { .. }
                | Self::Check { .. }
                | Self::Remove { .. }
                | Self::Lock { .. }
                | Self::Relink { .. }
        )
    }

    /// Suggestions go on their own lane: building the corpus dictionary, or a model that
    /// takes its time, never holds up opening a document.
    fn is_suggestion_lane(&self) -> bool {
        matches!(
            self,
            Self::BuildSuggester { .. } | Self::Suggest { .. } | Self::CommandSuggest { .. }
        )
    }
}

/// What a document's annotation file says, for the corpus list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Summary {
    /// No file yet.
    NotStarted,
    /// A valid file.
    Annotated {
        /// Its status.
        status: Status,
        /// Its span count.
        spans: usize,
    },
    /// A file that does not parse.
    Broken(String),
}

/// One annotator's file offered to review mode.
#[derive(Clone, Debug)]
pub struct ReviewSource {
    /// Their annotation.
    pub annotation: Annotation,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
}

/// What review mode opens with.
#[derive(Clone, Debug)]
pub struct ReviewData {
    /// Every annotator's file of the document, sorted by name.
    pub sources: Vec<ReviewSource>,
    /// The gold file, if there is one.
    pub gold: Option<GoldFile>,
    /// Its stamp (`None`: no file yet).
    pub gold_stamp: FileStamp,
}

/// What the background threads send back.
#[derive(Debug)]
pub enum Reply {
    /// A corpus was listed.
    CorpusListed(Box<CorpusListing>),
    /// A document was opened, or could not be.
    Opened {
        /// The document.
        id: DocId,
        /// The document, or why it cannot be annotated.
        result: Result<Box<OpenedDocument>, FileError>,
        /// Recovery copies of the annotator's file left by an earlier session, newest
        /// first.
        recovered: Vec<RecoveryCopy>,
        /// The annotator's file's lock, or why it was not taken.
        lock: Result<FileLock, LockError>,
    },
    /// An orphan folder was relinked (the files written), or why nothing moved.
    Relinked {
        /// The folder's name.
        folder: String,
        /// The text's id.
        to: DocId,
        /// The files written, or why nothing moved.
        result: Result<Vec<PathBuf>, String>,
    },
    /// A lock was asked for again.
    Locked {
        /// The document whose annotator's file it is.
        id: DocId,
        /// The lock, or why it was not taken.
        result: Result<FileLock, LockError>,
    },
    /// A file was removed, or why it could not be.
    Removed {
        /// The file.
        path: PathBuf,
        /// `Err`: why it is still there.
        result: Result<(), String>,
    },
    /// A save finished.
    Saved {
        /// Which file.
        target: Target,
        /// The edit count that was written.
        revision: u64,
        /// The new stamp, or why nothing was written.
        result: Result<FileStamp, WriteError>,
    },
    /// A checked file changed on disk: its new stamp and content (or why it cannot be
    /// read).
    Changed {
        /// Which file.
        target: Target,
        /// Its stamp now.
        stamp: FileStamp,
        /// What it holds now.
        content: Result<Content, FileError>,
    },
    /// A checked file had not changed.
    Unchanged,
    /// Summaries for the corpus list: each document's state and its gold's undecided
    /// places (when it has a gold file).
    Summaries(Vec<(DocId, Summary, Option<usize>)>),
    /// Review data for a document, or why it cannot be reviewed.
    ReviewLoaded {
        /// The document.
        id: DocId,
        /// What review mode needs.
        result: Result<Box<ReviewData>, FileError>,
        /// `gold.ron`'s lock, or why it was not taken.
        lock: Result<FileLock, LockError>,
    },
    /// Agreement figures for the corpus, per document (worst first) and the files that
    /// could not be read; or why there are none.
    Agreement(Result<Box<AgreeOutcome>, CorpusError>),
    /// A corpus search finished, or why it could not run.
    Searched(Result<Box<SearchResults>, String>),
    /// The sources of suggestions are built (with what was said while building them),
    /// or why they could not be.
    SuggesterBuilt(Result<(Arc<Suggester>, Vec<String>), String>),
    /// Occurrences counted (a dry run) or added as suggestions, or why not.
    Occurrences {
        /// Whether this was the count.
        dry_run: bool,
        /// What each document got.
        result: Result<crate::jobs::suggest::SuggestReport, String>,
    },
    /// The suggestion command failed.
    CommandFailed(String),
    /// What the sources suggest in a document.
    Suggested {
        /// The document.
        id: DocId,
        /// The suggestions, sorted.
        suggestions: Vec<Suggestion>,
    },
    /// An export finished, or why it could not run.
    Exported(Result<Box<ExportOutcome>, ExportJobError>),
    /// An import finished, or why nothing was imported.
    Imported(Result<Box<ImportOutcome>, ImportJobError>),
}

/// What a corpus search found: the first hits (up to the job's limit) and the whole
/// count.
#[derive(Debug)]
pub struct SearchResults {
    /// The hits kept, in document then text order.
    pub hits: Vec<crate::jobs::search::Hit>,
    /// Documents searched, hits found (all of them), files left out.
    pub summary: crate::jobs::search::SearchSummary,
}

/// A reply and the generation of the job it answers.
#[derive(Debug)]
pub struct Envelope {
    /// The generation the job was sent in.
    pub generation: u64,
    /// The reply.
    pub reply: Reply,
}

/// How jobs run.
enum Mode {
    /// On three threads: the save lane, the suggestion lane and the rest.
    Threads {
        saves: Sender<(u64, Job)>,
        suggestions: Sender<(u64, Job)>,
        other: Sender<(u64, Job)>,
    },
    /// Queued until [`Worker::run_pending`] or a wait runs them on the caller's thread
    /// (tests: every reply arrives exactly when the test lets it).
    Manual {
        queue: Mutex<VecDeque<(u64, Job)>>,
        replies: Sender<Envelope>,
        hold: std::sync::atomic::AtomicBool,
    },
}

/// The registry of background work.
pub struct Worker {
    mode: Mode,
    replies: Receiver<Envelope>,
}

fn lane(
    name: &str,
    replies: Sender<Envelope>,
    wake: Arc<dyn Fn() + Send + Sync>,
) -> Sender<(u64, Job)> {
    let (jobs, job_rx) = channel::<(u64, Job)>();
    let started = thread::Builder::new().name(name.into()).spawn(move || {
        for (generation, job) in job_rx {
            let reply = run(job);
            if replies.send(Envelope { generation, reply }).is_err() {
                break;
            }
            wake();
        }
    });
    if let Err(e) = started {
        // Without threads nothing can be saved; say so loudly rather than run blind.
        eprintln!("spantag: could not start the {name} thread: {e}");
    }
    jobs
}

impl Worker {
    /// Starts the threads. `wake` is called after each reply (to repaint the window).
    pub fn start(wake: impl Fn() + Send + Sync + 'static) -> Self {
        let (reply_tx, replies) = channel();
        let wake: Arc<dyn Fn() + Send + Sync> = Arc::new(wake);
        let saves = lane("spantag-saves", reply_tx.clone(), wake.clone());
        let suggestions = lane("spantag-suggest", reply_tx.clone(), wake.clone());
        let other = lane("spantag-io", reply_tx, wake);
        Self {
            mode: Mode::Threads {
                saves,
                suggestions,
                other,
            },
            replies,
        }
    }

    /// A worker that runs nothing until asked ([`Self::run_pending`], or a wait).
    pub fn manual() -> Self {
        let (reply_tx, replies) = channel();
        Self {
            mode: Mode::Manual {
                queue: Mutex::new(VecDeque::new()),
                replies: reply_tx,
                hold: std::sync::atomic::AtomicBool::new(false),
            },
            replies,
        }
    }

    /// Queues `job`, asked in `generation`.
    pub fn send(&self, generation: u64, job: Job) {
        match &self.mode {
            Mode::Threads {
                saves,
                suggestions,
                other,
            } => {
                let lane = if job.is_save_lane() {
                    saves
                } else if job.is_suggestion_lane() {
                    suggestions
                } else {
                    other
                };
                // A lane only stops when this handle is dropped.
                let _ = lane.send((generation, job));
            }
            Mode::Manual { queue, .. } => queue
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push_back((generation, job)),
        }
    }

    /// Manual workers: runs every queued job now, on this thread. Returns how many ran.
    pub fn run_pending(&self) -> usize {
        let Mode::Manual { queue, replies, .. } = &self.mode else {
            return 0;
        };
        let mut ran = 0;
        loop {
            let next = queue
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .pop_front();
            let Some((generation, job)) = next else {
                return ran;
            };
            let _ = replies.send(Envelope {
                generation,
                reply: run(job),
            });
            ran += 1;
        }
    }

    /// Manual workers: while held, waits run nothing (a disk that never answers).
    pub fn hold(&self, held: bool) {
        if let Mode::Manual { hold, .. } = &self.mode {
            hold.store(held, Ordering::Relaxed);
        }
    }

    /// Jobs queued and not yet run (manual workers; 0 for threads).
    pub fn pending(&self) -> usize {
        match &self.mode {
            Mode::Manual { queue, .. } => {
                queue.lock().unwrap_or_else(PoisonError::into_inner).len()
            }
            Mode::Threads { .. } => 0,
        }
    }

    /// Replies received so far.
    pub fn replies(&self) -> Vec<Envelope> {
        self.replies.try_iter().collect()
    }

    /// Waits for the next reply, at most `timeout`.
    pub fn wait(&self, timeout: Duration) -> Option<Envelope> {
        match &self.mode {
            Mode::Manual { hold, .. } => {
                if !hold.load(Ordering::Relaxed) {
                    self.run_pending();
                }
                self.replies.try_recv().ok()
            }
            Mode::Threads { .. } => self.replies.recv_timeout(timeout).ok(),
        }
    }
}

/// Writes `content` to `path` atomically, creating its folder: a copy of work that
/// could not be saved.
pub fn write_copy(path: &Path, content: &Content) -> std::io::Result<()> {
    let text = match content {
        Content::Annotation(a) => crate::io::ron_format::to_ron(a),
        Content::Gold(g) => crate::io::gold::to_gold_ron(g),
    };
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    crate::io::atomic::write_atomic(path, text.as_bytes())
}

/// Where work that could not be saved goes now: `<name>.unsaved-<seconds>` beside the
/// file (not a `.ron` file, so no tool mistakes it for one).
pub fn recovery_path(path: &Path) -> PathBuf {
    crate::io::recovery::recovery_path_at(path, crate::model::now())
}

/// A recovery copy of an annotation file, left by a session that could not save it.
#[derive(Clone, Debug)]
pub struct RecoveryCopy {
    /// The copy.
    pub path: PathBuf,
    /// When it was written (from its name).
    pub written: jiff::Timestamp,
    /// What it holds, or why it cannot be read.
    pub content: Result<Box<Annotation>, String>,
}

/// The recovery copies of `annotator`'s file of document `id` left beside it by earlier
/// sessions, newest first, each read as far as it reads.
pub fn recovery_copies_of(
    corpus: &Corpus,
    id: &DocId,
    annotator: &AnnotatorName,
    schema: &Schema,
) -> Vec<RecoveryCopy> {
    // A folder that cannot be listed has nothing to offer; opening says what is wrong.
    let mut copies: Vec<RecoveryCopy> = corpus
        .recovery_files_of(id)
        .unwrap_or_default()
        .into_iter()
        .filter(|copy| copy.annotator == *annotator)
        .map(|copy| RecoveryCopy {
            content: read_annotation(&copy.path, schema)
                .map(|loaded| Box::new(loaded.annotation))
                .map_err(|e| e.to_string()),
            written: copy.time,
            path: copy.path,
        })
        .collect();
    copies.sort_by(|a, b| b.written.cmp(&a.written).then_with(|| b.path.cmp(&a.path)));
    copies
}

/// Writes a copy of work at `path`, or, when a file is already there (it is never
/// replaced), at its [`recovery_path`]. Returns where it went.
pub fn write_new_copy(path: &Path, content: &Content) -> std::io::Result<PathBuf> {
    let path = if path.exists() {
        recovery_path(path)
    } else {
        path.to_owned()
    };
    write_copy(&path, content)?;
    Ok(path)
}

/// Writes the recovery copy of work that could not be saved: at `beside` (next to its
/// file) if that can be written, else at `<folder>/<corpus>/<doc>/<name>` under each of
/// `fallbacks` in turn, `<corpus>` being the name of the folder at `corpus_root`.
/// Returns where it went, or each place tried and why it failed.
pub fn write_recovery(
    beside: &Path,
    corpus_root: &Path,
    doc: &DocId,
    fallbacks: &[PathBuf],
    content: &Content,
) -> Result<PathBuf, Vec<String>> {
    let corpus_name = std::fs::canonicalize(corpus_root)
        .ok()
        .and_then(|p| p.file_name().map(ToOwned::to_owned))
        .unwrap_or_else(|| "corpus".into());
    let relative = Path::new(&corpus_name)
        .join(doc.as_str())
        .join(beside.file_name().unwrap_or_default());
    let mut failures = Vec::new();
    let places =
        std::iter::once(beside.to_owned()).chain(fallbacks.iter().map(|f| f.join(&relative)));
    for place in places {
        // Never through a linked folder that leads out of the corpus.
        if let Err(e) = crate::io::store::check_inside_corpus(&place) {
            failures.push(e.to_string());
            continue;
        }
        match write_copy(&place, content) {
            Ok(()) => return Ok(place),
            Err(e) => failures.push(format!("{}: {e}", place.display())),
        }
    }
    Err(failures)
}

/// Reads a document's annotators and gold file for review.
fn load_review(folder: &Path) -> Result<ReviewData, FileError> {
    let io = |e: std::io::Error| FileError::one(folder, None, e.to_string());
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(io)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    let gold_path = folder.join(format!("{GOLD_ANNOTATOR}.ron"));
    let mut sources = Vec::new();
    for file in files.iter().filter(|f| **f != gold_path) {
        let loaded = read_annotation(file, &Schema::default())?;
        if loaded.annotation.is_suggestions_only() {
            // Nobody's annotation yet: nothing to compare.
            continue;
        }
        let sha256 = file_stamp(file)
            .map_err(|e| FileError::one(file, None, e.to_string()))?
            .unwrap_or_default();
        sources.push(ReviewSource {
            annotation: loaded.annotation,
            sha256,
        });
    }
    let gold_stamp =
        file_stamp(&gold_path).map_err(|e| FileError::one(&gold_path, None, e.to_string()))?;
    let gold = match gold_stamp {
        Some(_) => Some(read_gold(&gold_path)?),
        None => None,
    };
    Ok(ReviewData {
        sources,
        gold,
        gold_stamp,
    })
}

fn save(path: &Path, content: &Content, expected: &FileStamp) -> Result<FileStamp, WriteError> {
    match content {
        Content::Annotation(annotation) => save_annotation_if_unchanged(path, annotation, expected),
        Content::Gold(gold) => save_gold(path, gold, expected),
    }
    .map_err(|e| WriteError(Arc::new(e)))
}

fn read_content(target: &Target, path: &Path) -> Result<Content, FileError> {
    match target {
        Target::Annotation(_) => read_annotation(path, &Schema::default())
            .map(|l| Content::Annotation(Box::new(l.annotation))),
        Target::Gold(_) => read_gold(path).map(|g| Content::Gold(Box::new(g))),
    }
}

/// The undecided places a gold file records, if it is a gold file that reads.
fn gold_undecided(path: &Path) -> Option<usize> {
    if !path.exists() {
        return None;
    }
    read_gold(path).ok().and_then(|g| g.review.undecided)
}

fn run(job: Job) -> Reply {
    match job {
        Job::ListCorpus { path } => Reply::CorpusListed(Box::new(list_corpus(&path))),
        Job::Open {
            corpus,
            id,
            text_path,
            annotator,
            schema,
        } => {
            let annotation_path = corpus.annotation_path(&id, &annotator);
            Reply::Opened {
                lock: corpus.lock(&id, &annotator),
                result: open_document(
                    &id,
                    &text_path,
                    &corpus.relative(&text_path),
                    &annotation_path,
                    &annotator,
                    &schema,
                )
                .map(Box::new),
                recovered: recovery_copies_of(&corpus, &id, &annotator, &schema),
                id,
            }
        }
        Job::Relink { corpus, orphan, to } => Reply::Relinked {
            result: corpus.relink(&orphan, &to).map_err(|e| e.to_string()),
            folder: orphan.folder,
            to,
        },
        Job::Lock {
            corpus,
            id,
            annotator,
        } => Reply::Locked {
            result: corpus.lock(&id, &annotator),
            id,
        },
        Job::Remove { path } => Reply::Removed {
            result: std::fs::remove_file(&path).map_err(|e| e.to_string()),
            path,
        },
        Job::Save {
            target,
            path,
            content,
            expected,
            revision,
        } => Reply::Saved {
            target,
            revision,
            result: save(&path, &content, &expected),
        },
        Job::Check {
            target,
            path,
            expected,
        } => match file_stamp(&path) {
            Ok(stamp) if stamp != expected => Reply::Changed {
                content: if stamp.is_some() {
                    read_content(&target, &path)
                } else {
                    Err(FileError::one(&path, None, "the file was deleted"))
                },
                target,
                stamp,
            },
            // Unreadable stamps are the next save's business: it reports them.
            _ => Reply::Unchanged,
        },
        Job::Export {
            corpus,
            options,
            out,
            progress,
            total,
        } => Reply::Exported(
            crate::jobs::export::run(&corpus, &options, &out, &mut |done, n| {
                total.store(n, Ordering::Relaxed);
                progress.store(done, Ordering::Relaxed);
            })
            .map(Box::new),
        ),
        Job::Import {
            corpus,
            input,
            mut options,
            labels,
            annotator,
            done,
            force,
        } => {
            let status = if done {
                Status::Done
            } else {
                Status::InProgress
            };
            Reply::Imported(match labels.read_into(&mut options) {
                // A label file that does not read is the input's fault, as in the CLI.
                Err(e) => Err(ImportJobError::Import {
                    error: crate::io::import::ImportError::Input(e),
                    warnings: Vec::new(),
                }),
                Ok(()) => {
                    crate::jobs::import::run(&corpus, &input, &options, &annotator, status, force)
                        .map(Box::new)
                }
            })
        }
        Job::LoadReview {
            id,
            folder,
            lock_path,
        } => Reply::ReviewLoaded {
            id,
            lock: FileLock::try_acquire(&folder.join(format!("{GOLD_ANNOTATOR}.ron")), &lock_path),
            result: load_review(&folder).map(Box::new),
        },
        Job::Search {
            corpus,
            request,
            limit,
        } => {
            let mut hits = Vec::new();
            let result = crate::jobs::search::run(corpus.root(), &request, |hit| {
                if hits.len() < limit {
                    hits.push(hit);
                }
                Ok(())
            });
            Reply::Searched(
                result
                    .map(|summary| Box::new(SearchResults { hits, summary }))
                    .map_err(|e| e.to_string()),
            )
        }
        Job::BuildSuggester { corpus, schema } => {
            let sources = schema.suggestions.sources_on();
            Reply::SuggesterBuilt(
                Suggester::build(&corpus, &schema, &sources)
                    .map(|built| (Arc::new(built.suggester), built.warnings))
                    .map_err(|e| e.to_string()),
            )
        }
        Job::Occurrences { corpus, request } => Reply::Occurrences {
            dry_run: request.dry_run,
            result: crate::jobs::suggest::occurrences(corpus.root(), &request)
                .map_err(|e| e.to_string()),
        },
        Job::CommandSuggest {
            corpus,
            settings,
            id,
            text,
        } => {
            let documents = [(id.to_string(), text)];
            match crate::io::command::run_command(&settings, corpus.root(), &documents) {
                Ok(mut output) => Reply::Suggested {
                    suggestions: output.suggestions.remove(id.as_str()).unwrap_or_default(),
                    id,
                },
                Err(e) => Reply::CommandFailed(e.to_string()),
            }
        }
        Job::Suggest {
            id,
            text,
            suggester,
        } => Reply::Suggested {
            id,
            suggestions: suggester.suggest(&text),
        },
        Job::Agreement { corpus } => {
            Reply::Agreement(crate::jobs::agree::run(&corpus).map(Box::new))
        }
        Job::Summarize { files } => {
            use rayon::prelude::*;
            // Headers only, on every core: a list needs no text or spans.
            Reply::Summaries(
                files
                    .into_par_iter()
                    .map(|(id, path, gold)| {
                        let summary = if !path.exists() {
                            Summary::NotStarted
                        } else {
                            match read_header(&path) {
                                // Suggestions alone are not work begun.
                                Ok(h) if h.is_suggestions_only() => Summary::NotStarted,
                                Ok(h) => Summary::Annotated {
                                    status: h.status,
                                    spans: h.spans,
                                },
                                Err(e) => Summary::Broken(e.to_string()),
                            }
                        };
                        (id, summary, gold_undecided(&gold))
                    })
                    .collect(),
            )
        }
    }
}
