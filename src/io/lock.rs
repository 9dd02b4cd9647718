//! Advisory locks on the files a window edits, so that two windows never write the same
//! annotator's file (or a document's gold file) over each other.
//!
//! A lock is an OS file lock (`flock` on Unix, `LockFileEx` on Windows, through
//! [`std::fs::File::try_lock`]) on a small file of its own under
//! `annotations/.locks/<doc-id>/<name>.lock`, not on the annotation file: atomic writes
//! replace that file, and a lock on a replaced file locks nothing. The lock file says who
//! holds it (process id and host) so the other window can name them. The OS releases the
//! lock when the holder exits, crashes or is killed, so a stale lock file holds nothing.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::Read;
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::store::Corpus;
use crate::model::{AnnotatorName, DocId};

/// Folder of lock files, under `annotations/` (hidden, so listings skip it).
pub const LOCKS_DIR: &str = ".locks";

/// Who holds a lock, as its lock file says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    /// The holder's process id (0 when the lock file does not say).
    pub pid: u32,
    /// The holder's host name ("" when unknown).
    pub host: String,
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.pid, self.host.as_str()) {
            (0, _) => f.write_str("another process"),
            (pid, "") => write!(f, "process {pid}"),
            (pid, host) => write!(f, "process {pid} on {host}"),
        }
    }
}

/// Why a lock was not taken.
#[derive(Debug, Error)]
pub enum LockError {
    /// Someone else holds it.
    #[error("{path} is open in another spantag window ({holder})")]
    Held {
        /// The file that is locked.
        path: PathBuf,
        /// Who holds the lock.
        holder: Holder,
    },
    /// The lock file cannot be made or locked (a read-only corpus, say).
    #[error("cannot lock {path}: {source}")]
    Io {
        /// The file that was to be locked.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
}

/// A held lock; released when dropped.
#[derive(Debug)]
pub struct FileLock {
    _file: File,
    path: PathBuf,
}

impl FileLock {
    /// Takes the lock of `file` (an annotation or gold file), whose lock file is
    /// `lock_file`; fails at once, never waits, when someone else holds it.
    pub fn try_acquire(file: &Path, lock_file: &Path) -> Result<Self, LockError> {
        let io = |source| LockError::Io {
            path: file.to_owned(),
            source,
        };
        if let Some(folder) = lock_file.parent() {
            std::fs::create_dir_all(folder).map_err(io)?;
        }
        // The lock is held on a read-only handle (flock needs no write access), so that
        // holding it keeps no file open for writing: the folder's file system can still
        // be remounted, and nothing is left half-written by a kill.
        OpenOptions::new()
            .append(true)
            .create(true)
            .open(lock_file)
            .map_err(io)?;
        let mut handle = File::open(lock_file).map_err(io)?;
        match handle.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(LockError::Held {
                    path: file.to_owned(),
                    holder: read_holder(&mut handle),
                });
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
        let me = format!("{} {}\n", std::process::id(), host_name());
        // Who holds it, for the other window to name; the lock holds without it.
        let _ = std::fs::write(lock_file, me);
        Ok(Self {
            _file: handle,
            path: file.to_owned(),
        })
    }

    /// The file this lock guards.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Who holds the lock of `file` right now, if anyone (without taking it).
pub fn holder(lock_file: &Path) -> Option<Holder> {
    let mut handle = OpenOptions::new().read(true).open(lock_file).ok()?;
    match handle.try_lock_shared() {
        Ok(()) => None,
        Err(TryLockError::WouldBlock) => Some(read_holder(&mut handle)),
        Err(TryLockError::Error(_)) => None,
    }
}

impl Corpus {
    /// The lock file of annotator `name`'s file of document `doc` (`gold` for the gold
    /// file).
    pub fn lock_path(&self, doc: &DocId, name: &AnnotatorName) -> PathBuf {
        self.annotations_dir()
            .join(LOCKS_DIR)
            .join(doc.as_str())
            .join(format!("{name}.lock"))
    }

    /// Takes the lock of annotator `name`'s file of document `doc`.
    pub fn lock(&self, doc: &DocId, name: &AnnotatorName) -> Result<FileLock, LockError> {
        FileLock::try_acquire(&self.annotation_path(doc, name), &self.lock_path(doc, name))
    }
}

fn read_holder(handle: &mut File) -> Holder {
    let mut text = String::new();
    // An unreadable or half-written lock file still means "held"; only the name is lost.
    let _ = handle.read_to_string(&mut text);
    let mut words = text.split_whitespace();
    let pid = words.next().and_then(|w| w.parse().ok()).unwrap_or(0);
    let host = words.next().unwrap_or("").to_owned();
    Holder { pid, host }
}

fn host_name() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty() && !h.contains(char::is_whitespace))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> (DocId, AnnotatorName) {
        (
            DocId::new("homs").unwrap(),
            AnnotatorName::new("alice").unwrap(),
        )
    }

    #[test]
    fn a_second_lock_on_the_same_file_is_refused_and_names_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = Corpus::new(dir.path());
        let (doc, alice) = names();
        let first = corpus.lock(&doc, &alice).unwrap();
        assert_eq!(first.path(), corpus.annotation_path(&doc, &alice));
        match corpus.lock(&doc, &alice) {
            Err(LockError::Held { path, holder }) => {
                assert_eq!(path, corpus.annotation_path(&doc, &alice));
                assert_eq!(holder.pid, std::process::id());
            }
            other => panic!("expected Held, got {other:?}"),
        }
        assert_eq!(
            holder(&corpus.lock_path(&doc, &alice)).map(|h| h.pid),
            Some(std::process::id())
        );
        drop(first);
        assert_eq!(holder(&corpus.lock_path(&doc, &alice)), None);
        assert!(corpus.lock(&doc, &alice).is_ok(), "free once released");
    }

    #[test]
    fn other_annotators_and_documents_have_their_own_locks() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = Corpus::new(dir.path());
        let (doc, alice) = names();
        let _held = corpus.lock(&doc, &alice).unwrap();
        assert!(
            corpus
                .lock(&doc, &AnnotatorName::new("bob").unwrap())
                .is_ok()
        );
        assert!(corpus.lock(&DocId::new("idlib").unwrap(), &alice).is_ok());
    }

    #[test]
    fn holders_are_said_in_words() {
        let on = |pid, host: &str| {
            Holder {
                pid,
                host: host.to_owned(),
            }
            .to_string()
        };
        assert_eq!(on(42, "desk"), "process 42 on desk");
        assert_eq!(on(42, ""), "process 42");
        assert_eq!(on(0, "desk"), "another process");
    }
}
