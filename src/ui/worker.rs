//! File I/O off the UI thread: one background thread takes jobs and sends replies, and
//! wakes the window when a reply is ready.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;

use crate::io::ron_format::read_annotation;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::io::export::{ExportOptions, export};
use crate::io::gold::{read_gold, save_gold};
use crate::io::import::{ImportError, ImportOptions, read, write_into};
use crate::io::store::{
    Corpus, FileStamp, OpenedDocument, file_stamp, open_document, save_annotation_if_unchanged,
};
use crate::jobs::agree::collect;
use crate::jobs::export::{select, summary};
use crate::model::{Annotation, AnnotatorName, DocId, Schema, Status};
use crate::review::agreement::{Agreement, DocumentAgreement, corpus_agreement, mean_f1};
use crate::review::gold::{GOLD_ANNOTATOR, GoldFile};

/// Work for the background thread. `doc` is the document's index in the corpus list.
#[derive(Debug)]
pub enum Job {
    /// Open a document for annotation.
    Open {
        /// Index in the corpus list.
        doc: usize,
        /// The document's id.
        id: DocId,
        /// The text file.
        text_path: PathBuf,
        /// The text's path as recorded in a new annotation.
        source: String,
        /// The annotator's file.
        annotation_path: PathBuf,
        /// Who annotates.
        annotator: AnnotatorName,
        /// For unknown-label warnings.
        schema: Schema,
    },
    /// Save an annotation if the file is still as stamped.
    Save {
        /// Index in the corpus list.
        doc: usize,
        /// The file.
        path: PathBuf,
        /// What to write.
        annotation: Box<Annotation>,
        /// The stamp the file must still have.
        expected: FileStamp,
        /// The edit count this save writes, to tell whether newer edits wait.
        revision: u64,
    },
    /// Check whether the file changed on disk.
    Check {
        /// Index in the corpus list.
        doc: usize,
        /// The file.
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
        /// Whose annotations they become.
        annotator: AnnotatorName,
        /// Mark them done.
        done: bool,
        /// Replace existing files.
        force: bool,
    },
    /// Read what review mode needs: the annotators' files (with their stamps) and the
    /// gold file, if any.
    LoadReview {
        /// Index in the corpus list.
        doc: usize,
        /// The document's annotation folder.
        folder: PathBuf,
    },
    /// Write a gold file (content already rendered) if still as stamped.
    SaveGold {
        /// The file.
        path: PathBuf,
        /// The gold file to write.
        gold: Box<GoldFile>,
        /// The stamp it must still have.
        expected: FileStamp,
    },
    /// Compute the corpus's agreement figures.
    Agreement {
        /// The corpus.
        corpus: Corpus,
    },
    /// Read the status and span count of one annotator's files, for the corpus list.
    Summarize {
        /// (index in the corpus list, the annotator's file) pairs.
        files: Vec<(usize, PathBuf)>,
    },
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

/// What the background thread sends back.
#[derive(Debug)]
pub enum Reply {
    /// A document was opened, or could not be.
    Opened {
        /// Index in the corpus list.
        doc: usize,
        /// The document, or the error to show instead.
        result: Result<Box<OpenedDocument>, String>,
    },
    /// A save finished.
    Saved {
        /// Index in the corpus list.
        doc: usize,
        /// The edit count that was written.
        revision: u64,
        /// The new stamp, or why nothing was written (and whether the file changed on disk).
        result: Result<FileStamp, (String, bool)>,
    },
    /// The file changed on disk: its new content (or why it cannot be read) and stamp.
    Changed {
        /// Index in the corpus list.
        doc: usize,
        /// The new stamp.
        stamp: FileStamp,
        /// The file's annotation, if it parses.
        annotation: Result<Box<Annotation>, String>,
    },
    /// Summaries for the corpus list.
    Summaries(Vec<(usize, Summary)>),
    /// A checked file had not changed.
    Unchanged,
    /// Review data for a document, or why it cannot be reviewed.
    ReviewLoaded {
        /// Index in the corpus list.
        doc: usize,
        /// The annotators' annotations, their file stamps, the gold file and its stamp.
        result: Result<Box<ReviewData>, String>,
    },
    /// A gold file was written (new stamp), or why not.
    GoldSaved(Result<FileStamp, String>),
    /// Agreement figures for the corpus, and per document (worst first).
    Agreement(Box<(Agreement, Vec<DocumentAgreement>)>),
    /// An export finished: its summary lines, or why it failed.
    Exported(Result<Vec<String>, String>),
    /// An import finished: its summary lines, or every problem found.
    Imported(Result<Vec<String>, Vec<String>>),
}

/// What review mode opens with.
#[derive(Debug)]
pub struct ReviewData {
    /// The annotators' annotations, sorted by name.
    pub sources: Vec<Annotation>,
    /// SHA-256 of each source file.
    pub stamps: Vec<String>,
    /// The gold file, if there is one.
    pub gold: Option<GoldFile>,
    /// Its stamp (`None`: no file yet).
    pub gold_stamp: FileStamp,
}

/// Reads a document's annotators and gold file for review.
fn load_review(folder: &std::path::Path) -> Result<ReviewData, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(|e| format!("{}: {e}", folder.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    let gold_path = folder.join(format!("{}.ron", GOLD_ANNOTATOR));
    let mut sources = Vec::new();
    let mut stamps = Vec::new();
    for file in files.iter().filter(|f| **f != gold_path) {
        let loaded = read_annotation(file, &Schema::default()).map_err(|e| e.to_string())?;
        stamps.push(
            file_stamp(file)
                .map_err(|e| e.to_string())?
                .unwrap_or_default(),
        );
        sources.push(loaded.annotation);
    }
    if sources.len() < 2 {
        return Err(format!(
            "review needs two or more annotators' files in {}; it has {}",
            folder.display(),
            sources.len()
        ));
    }
    let texts: std::collections::BTreeSet<&str> =
        sources.iter().map(|a| a.document.sha256()).collect();
    if texts.len() > 1 {
        return Err(
            "the annotators' files hold different texts; they cannot be compared".to_owned(),
        );
    }
    let gold_stamp = file_stamp(&gold_path).map_err(|e| e.to_string())?;
    let gold = match gold_stamp {
        Some(_) => Some(read_gold(&gold_path).map_err(|e| e.to_string())?),
        None => None,
    };
    Ok(ReviewData {
        sources,
        stamps,
        gold,
        gold_stamp,
    })
}

/// The handle to the background thread.
pub struct Worker {
    jobs: Sender<Job>,
    replies: Receiver<Reply>,
}

impl Worker {
    /// Starts the thread. `wake` is called after each reply (to repaint the window).
    pub fn start(wake: impl Fn() + Send + 'static) -> Self {
        let (jobs, job_rx) = channel::<Job>();
        let (reply_tx, replies) = channel();
        thread::Builder::new()
            .name("spantag-io".into())
            .spawn(move || {
                for job in job_rx {
                    if reply_tx.send(run(job)).is_err() {
                        break;
                    }
                    wake();
                }
            })
            .expect("the OS refused to start the I/O thread");
        Self { jobs, replies }
    }

    /// Queues a job.
    pub fn send(&self, job: Job) {
        // The thread only stops when this handle is dropped.
        let _ = self.jobs.send(job);
    }

    /// Replies received so far.
    pub fn replies(&self) -> Vec<Reply> {
        self.replies.try_iter().collect()
    }

    /// Waits for the next reply (for tests and for flushing at exit).
    pub fn wait(&self, timeout: std::time::Duration) -> Option<Reply> {
        self.replies.recv_timeout(timeout).ok()
    }
}

fn run(job: Job) -> Reply {
    match job {
        Job::Open {
            doc,
            id,
            text_path,
            source,
            annotation_path,
            annotator,
            schema,
        } => Reply::Opened {
            doc,
            result: open_document(
                &id,
                &text_path,
                &source,
                &annotation_path,
                &annotator,
                &schema,
            )
            .map(Box::new)
            .map_err(|e| e.to_string()),
        },
        Job::Save {
            doc,
            path,
            annotation,
            expected,
            revision,
        } => Reply::Saved {
            doc,
            revision,
            result: save_annotation_if_unchanged(&path, &annotation, &expected).map_err(|e| {
                let changed = matches!(e, crate::io::store::SaveError::ChangedOnDisk { .. });
                (e.to_string(), changed)
            }),
        },
        Job::Check {
            doc,
            path,
            expected,
        } => match file_stamp(&path) {
            Ok(stamp) if stamp != expected => Reply::Changed {
                doc,
                annotation: if stamp.is_some() {
                    read_annotation(&path, &Schema::default())
                        .map(|l| Box::new(l.annotation))
                        .map_err(|e| e.to_string())
                } else {
                    Err(format!("{} was deleted", path.display()))
                },
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
        } => {
            let selection = select(&corpus, &options.which, options.done_only);
            total.store(selection.annotations.len(), Ordering::Relaxed);
            let schema = corpus.load_schema().unwrap_or_default();
            Reply::Exported(
                export(
                    &selection.annotations,
                    &schema,
                    &options,
                    &out,
                    &mut |done| progress.store(done, Ordering::Relaxed),
                )
                .map(|report| summary(&report, &selection, &out))
                .map_err(|e| e.to_string()),
            )
        }
        Job::Import {
            corpus,
            input,
            options,
            annotator,
            done,
            force,
        } => Reply::Imported(import(&corpus, &input, &options, &annotator, done, force)),
        Job::LoadReview { doc, folder } => Reply::ReviewLoaded {
            doc,
            result: load_review(&folder).map(Box::new),
        },
        Job::SaveGold {
            path,
            gold,
            expected,
        } => Reply::GoldSaved(save_gold(&path, &gold, &expected)),
        Job::Agreement { corpus } => {
            let (docs, _errors) = collect(&corpus);
            let (figures, mut per_document) = corpus_agreement(&docs);
            per_document.sort_by(|x, y| mean_f1(&x.agreement).total_cmp(&mean_f1(&y.agreement)));
            Reply::Agreement(Box::new((figures, per_document)))
        }
        Job::Summarize { files } => Reply::Summaries(
            files
                .into_iter()
                .map(|(doc, path)| {
                    let summary = if !path.exists() {
                        Summary::NotStarted
                    } else {
                        match read_annotation(&path, &Schema::default()) {
                            Ok(l) => Summary::Annotated {
                                status: l.annotation.status,
                                spans: l.annotation.spans().len(),
                            },
                            Err(e) => Summary::Broken(e.to_string()),
                        }
                    };
                    (doc, summary)
                })
                .collect(),
        ),
    }
}

/// Runs an import: its summary lines, or every problem as a line.
fn import(
    corpus: &Corpus,
    input: &std::path::Path,
    options: &ImportOptions,
    annotator: &AnnotatorName,
    done: bool,
    force: bool,
) -> Result<Vec<String>, Vec<String>> {
    let lines = |e: crate::io::FileError| {
        e.diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    };
    let read = read(input, options).map_err(lines)?;
    let status = if done {
        Status::Done
    } else {
        Status::InProgress
    };
    match write_into(corpus, &read.documents, annotator, status, force) {
        Ok(report) => {
            let mut out = vec![format!(
                "imported {} documents ({} spans) as {annotator}",
                report.documents, report.spans
            )];
            out.extend(read.warnings.iter().map(ToString::to_string));
            Ok(out)
        }
        Err(ImportError::Exists(paths)) => {
            let mut out: Vec<String> = paths
                .iter()
                .map(|p| format!("{}: already exists", p.display()))
                .collect();
            out.push(
                "nothing was imported: tick \"Replace existing files\" to replace them".to_owned(),
            );
            Err(out)
        }
        Err(e) => Err(vec![e.to_string()]),
    }
}
