//! Recovery copies: `annotations/<doc-id>/<annotator>.ron.unsaved-<seconds>`, written
//! beside an annotation or gold file by the window when the file itself could not be
//! saved at exit. Listed here so that `validate`, `stats` and the window can name them,
//! and restored or discarded on the user's word.
//!
//! The name is not a `.ron` name, so no tool mistakes a copy for the file itself;
//! `<seconds>` is the Unix time it was written.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use thiserror::Error;

use super::atomic::write_atomic;
use super::diagnostic::FileError;
use super::gold::parse_gold;
use super::ron_format::{parse_annotation, read_annotation};
use super::store::{Corpus, FileStamp, SaveError, file_stamp, list_dir};
use super::text_file::{MAX_RON_BYTES, MAX_TEXT_BYTES, describe_io_error, read_text_limited};
use crate::model::{Annotation, AnnotatorName, DocId, Schema, sha256_hex};
use crate::review::gold::GOLD_ANNOTATOR;

/// What comes between a file's name and the time in its recovery copy's name.
pub const RECOVERY_MARK: &str = ".unsaved-";

/// The recovery copy of the file at `path` written at `at`:
/// `<folder>/<name>.unsaved-<seconds>`, beside it.
pub fn recovery_path_at(path: &Path, at: Timestamp) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!("{RECOVERY_MARK}{}", at.as_second()));
    path.with_file_name(name)
}

/// The annotator's name and the time in a recovery copy's file name
/// (`alice.ron.unsaved-1764000000` gives `alice` and that second), or `None` for any
/// other name.
pub fn parse_recovery_name(name: &str) -> Option<(&str, Timestamp)> {
    let (file, seconds) = name.rsplit_once(RECOVERY_MARK)?;
    if seconds.is_empty() || !seconds.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let time = Timestamp::from_second(seconds.parse().ok()?).ok()?;
    let stem = file.strip_suffix(".ron")?;
    Some((stem, time))
}

/// A recovery copy found in a corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryFile {
    /// The copy.
    pub path: PathBuf,
    /// The file it is a copy of: `annotations/<doc>/<annotator>.ron`.
    pub target: PathBuf,
    /// The document, from the folder's name.
    pub doc: DocId,
    /// The annotator, from the file's name (`gold` for a gold file).
    pub annotator: AnnotatorName,
    /// When the copy was written, from its name.
    pub time: Timestamp,
}

impl RecoveryFile {
    /// Whether this is the copy of a gold file.
    pub fn is_gold(&self) -> bool {
        self.annotator.as_str() == GOLD_ANNOTATOR
    }
}

/// Why a recovery copy was not restored or discarded; nothing was changed.
#[derive(Debug, Error)]
pub enum RecoveryError {
    /// The copy does not read as an annotation (or gold) file.
    #[error(transparent)]
    Unreadable(#[from] FileError),
    /// The copy holds another document or annotator than its name says.
    #[error("{} holds {found}, not {expected}; it is left as it is", path.display())]
    Other {
        /// The copy.
        path: PathBuf,
        /// The document and annotator in the copy.
        found: String,
        /// The document and annotator its name says.
        expected: String,
    },
    /// The copy annotates another text than the file it would replace.
    #[error("{} annotates another text than {} (its sha256 differs); it is left as it is", path.display(), other.display())]
    OtherText {
        /// The copy.
        path: PathBuf,
        /// The annotation file, or the text in `samples/`, it was compared with.
        other: PathBuf,
    },
    /// Writing the file failed, or the file there does not read and is never replaced.
    #[error(transparent)]
    Save(#[from] SaveError),
    /// Removing the copy failed (after a restore, the file itself is restored).
    #[error("could not remove {}: {}", path.display(), describe_io_error(source))]
    Remove {
        /// The copy.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

impl Corpus {
    /// Every recovery copy in `annotations/<folder>/`, in natural order of the folders,
    /// then by name. Files whose folder or name is not a valid id or annotator name are
    /// not spantag's copies and are left out.
    pub fn recovery_files(&self) -> Result<Vec<RecoveryFile>, FileError> {
        let dir = self.annotations_dir();
        if !dir.is_dir() {
            return Ok(Vec::new());
        }
        let mut found = Vec::new();
        for folder in list_dir(&dir)?.into_iter().filter(|p| p.is_dir()) {
            let Some(doc) = folder
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| DocId::new(n).ok())
            else {
                continue;
            };
            found.extend(self.recovery_files_of(&doc)?);
        }
        found.sort_by(|a, b| {
            crate::model::order::natural_cmp(a.doc.as_str(), b.doc.as_str())
                .then_with(|| a.path.cmp(&b.path))
        });
        Ok(found)
    }

    /// The recovery copies in `annotations/<doc>/`, by name (none when it has no folder).
    /// Files whose name is not a valid annotator name are not spantag's copies and are
    /// left out.
    pub fn recovery_files_of(&self, doc: &DocId) -> Result<Vec<RecoveryFile>, FileError> {
        let folder = self.annotations_dir().join(doc.as_str());
        if !folder.is_dir() {
            return Ok(Vec::new());
        }
        let mut found = Vec::new();
        for path in list_dir(&folder)?.into_iter().filter(|p| p.is_file()) {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let Some((stem, time)) = parse_recovery_name(name) else {
                continue;
            };
            let Ok(annotator) = AnnotatorName::new(stem) else {
                continue;
            };
            found.push(RecoveryFile {
                target: self.annotation_path(doc, &annotator),
                path,
                doc: doc.clone(),
                annotator,
                time,
            });
        }
        Ok(found)
    }

    /// Puts the recovery copy in place of its file, atomically, then removes the copy;
    /// returns the file's new stamp. First checks that the copy reads (as a gold file
    /// for `gold`), holds the document and annotator its name says, and annotates the
    /// same text as the file it replaces (or, with no file, as the text in `samples/`):
    /// otherwise nothing is changed. A file there that does not read is never replaced.
    pub fn restore_recovery(&self, file: &RecoveryFile) -> Result<FileStamp, RecoveryError> {
        let src = read_text_limited(&file.path, MAX_RON_BYTES)?;
        let copy: Annotation = if file.is_gold() {
            parse_gold(&file.path, &src)?.annotation
        } else {
            parse_annotation(&file.path, &src, &Schema::default())?.annotation
        };
        let who = |doc: &str, annotator: &str| format!("document {doc:?} by {annotator:?}");
        let (found, expected) = (
            who(copy.document.id().as_str(), copy.annotator.as_str()),
            who(file.doc.as_str(), file.annotator.as_str()),
        );
        if found != expected {
            return Err(RecoveryError::Other {
                path: file.path.clone(),
                found,
                expected,
            });
        }
        let other_text = |other: &Path| RecoveryError::OtherText {
            path: file.path.clone(),
            other: other.to_owned(),
        };
        if file.target.exists() {
            let current = read_annotation(&file.target, &Schema::default()).map_err(|reason| {
                SaveError::WontOverwriteInvalid {
                    path: file.target.clone(),
                    reason: Box::new(reason),
                }
            })?;
            if current.annotation.document.sha256() != copy.document.sha256() {
                return Err(other_text(&file.target));
            }
        } else if let Some(text) = self.texts()?.into_iter().find(|t| t.id == file.doc)
            && let Ok(content) = read_text_limited(&text.path, MAX_TEXT_BYTES)
            && sha256_hex(&content) != copy.document.sha256()
        {
            return Err(other_text(&text.path));
        }
        write_atomic(&file.target, src.as_bytes()).map_err(|source| SaveError::Io {
            path: file.target.clone(),
            source,
        })?;
        self.discard_recovery(file)?;
        file_stamp(&file.target).map_err(|source| {
            RecoveryError::Save(SaveError::Io {
                path: file.target.clone(),
                source,
            })
        })
    }

    /// Deletes the recovery copy; its file is left as it is.
    pub fn discard_recovery(&self, file: &RecoveryFile) -> Result<(), RecoveryError> {
        fs::remove_file(&file.path).map_err(|source| RecoveryError::Remove {
            path: file.path.clone(),
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_a_copy_and_reads_its_name_back() {
        let at = Timestamp::from_second(1_764_000_000).unwrap();
        let path = recovery_path_at(Path::new("annotations/homs/alice.ron"), at);
        assert_eq!(
            path,
            Path::new("annotations/homs/alice.ron.unsaved-1764000000")
        );
        let name = path.file_name().unwrap().to_str().unwrap();
        assert_eq!(parse_recovery_name(name), Some(("alice", at)));
        assert_eq!(
            parse_recovery_name("gold.ron.unsaved-0"),
            Some(("gold", Timestamp::UNIX_EPOCH))
        );
        for other in [
            "alice.ron",
            "alice.ron.unsaved-",
            "alice.ron.unsaved-12a",
            "alice.txt.unsaved-12",
            "alice.ron.unsaved-99999999999999999999",
        ] {
            assert_eq!(parse_recovery_name(other), None, "{other}");
        }
    }
}
