//! Annotation folders that no text matches: `annotations/<folder>/` whose name is not the
//! id of any text in `samples/` (left by an older id rule, or a text renamed or removed),
//! and moving their files to the text they annotate.
//!
//! An annotation file holds its text's SHA-256, so the text a folder belongs to can be
//! found again: [`Corpus::orphan_annotation_dirs`] names it, [`Corpus::relink`] moves the
//! files there.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

use super::atomic::write_atomic;
use super::diagnostic::FileError;
use super::gold::{parse_gold, to_gold_ron};
use super::ron_format::{parse_annotation, to_ron};
use super::ron_locate::locate;
use super::store::{Corpus, SaveError, check_size, list_dir};
use super::text_file::{MAX_RON_BYTES, MAX_TEXT_BYTES, read_text_limited};
use crate::model::{DocId, Document, Schema, sha256_hex};
use crate::review::gold::GOLD_ANNOTATOR;

/// A folder of `annotations/` whose name is the id of no text in `samples/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrphanDir {
    /// The folder's name, as on disk (it need not be a valid id: `-`, `Київ`).
    pub folder: String,
    /// The folder.
    pub path: PathBuf,
    /// Its annotation files (`*.ron`), sorted.
    pub files: Vec<PathBuf>,
    /// The text whose SHA-256 the files hold, to relink them to: the first text, in the
    /// corpus's order, whose hash one of the files holds. `None` when no file holds the
    /// hash of a current text (or none reads that far).
    pub relink_to: Option<DocId>,
}

/// Why [`Corpus::relink`] moved nothing.
#[derive(Debug, Error)]
pub enum RelinkError {
    /// No text in `samples/` has the id to relink to.
    #[error("there is no text with the id {to:?} in {}", samples.display())]
    NoText {
        /// The id asked for.
        to: DocId,
        /// The corpus's `samples/`.
        samples: PathBuf,
    },
    /// A file of the folder does not read as an annotation.
    #[error(transparent)]
    Unreadable(#[from] FileError),
    /// A file of the folder annotates another text than the one to relink to.
    #[error("{} annotates another text than {} (its sha256 differs), so it is not moved there", file.display(), text.display())]
    OtherText {
        /// The annotation file.
        file: PathBuf,
        /// The text to relink to.
        text: PathBuf,
    },
    /// The target folder already has a file of the same annotator.
    #[error("{} already exists; move or merge it by hand, then relink again", path.display())]
    Exists {
        /// The file that would be replaced.
        path: PathBuf,
    },
    /// Writing a moved file failed; the files moved before it are in place, whole, and
    /// gone from the old folder; the rest are untouched.
    #[error(transparent)]
    Save(#[from] SaveError),
}

#[derive(Deserialize)]
struct ShaProbe {
    document: DocProbe,
}

#[derive(Deserialize)]
struct DocProbe {
    sha256: String,
}

/// `src`, an annotation or gold file, with its document id replaced by `id`; `None` when
/// it has no `document.id` string to replace.
fn with_document_id(src: &str, id: &DocId) -> Option<String> {
    let key = locate(src).get("document.id")?;
    let open = key + src[key..].find('"')?;
    let mut escaped = false;
    let mut close = None;
    for (i, c) in src[open + 1..].char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => {
                close = Some(open + 1 + i);
                break;
            }
            _ => {}
        }
    }
    let close = close?;
    // Ids are `[A-Za-z0-9._-]`: nothing to escape.
    Some(format!("{}\"{id}\"{}", &src[..open], &src[close + 1..]))
}

/// The SHA-256 an annotation file says its text has, read without checking the rest.
fn claimed_sha256(path: &Path) -> Option<String> {
    let src = read_text_limited(path, MAX_RON_BYTES).ok()?;
    ron::from_str::<ShaProbe>(&src)
        .ok()
        .map(|probe| probe.document.sha256)
}

impl Corpus {
    /// The folders of `annotations/` whose name is the id of no text in `samples/` and
    /// that hold something (empty ones are left out), in natural order, each with its annotation files and the text they hold the
    /// SHA-256 of. Each text is hashed at most once, and only when there is an orphan.
    /// No `annotations/` folder means none.
    pub fn orphan_annotation_dirs(&self) -> Result<Vec<OrphanDir>, FileError> {
        let texts = self.texts()?;
        let mut orphans: Vec<OrphanDir> = Vec::new();
        for file in self.annotation_folders()? {
            let folder = file
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            if texts.iter().any(|t| t.id.as_str() == folder) {
                continue;
            }
            // An empty folder is harmless: nothing in it is lost.
            if list_dir(&file)?.is_empty() {
                continue;
            }
            let files = self.ron_files_in(&file)?;
            orphans.push(OrphanDir {
                folder,
                path: file,
                files,
                relink_to: None,
            });
        }
        if orphans.iter().all(|o| o.files.is_empty()) {
            return Ok(orphans);
        }
        // Hash each text once; one that does not read is matched by nothing.
        let mut by_sha: HashMap<String, DocId> = HashMap::new();
        for text in &texts {
            if let Ok(content) = read_text_limited(&text.path, MAX_TEXT_BYTES) {
                by_sha
                    .entry(sha256_hex(&content))
                    .or_insert_with(|| text.id.clone());
            }
        }
        for orphan in &mut orphans {
            orphan.relink_to = orphan
                .files
                .iter()
                .filter_map(|f| claimed_sha256(f))
                .find_map(|sha| by_sha.get(&sha).cloned());
        }
        Ok(orphans)
    }

    /// Moves the annotation files of `orphan` to `annotations/<to>/`, each with its
    /// document id and source set to the text `to`, one atomic write and then one
    /// removal per file; the folder is removed when that leaves it empty. Checks every
    /// file first, and moves nothing when a file does not read, annotates another text
    /// than `to` (its sha256 differs), or has an annotator with a file in
    /// `annotations/<to>/` already. Returns the files written.
    pub fn relink(&self, orphan: &OrphanDir, to: &DocId) -> Result<Vec<PathBuf>, RelinkError> {
        let text = self
            .texts()?
            .into_iter()
            .find(|t| &t.id == to)
            .ok_or_else(|| RelinkError::NoText {
                to: to.clone(),
                samples: self.samples_dir(),
            })?;
        let content = read_text_limited(&text.path, MAX_TEXT_BYTES)?;
        let sha = sha256_hex(&content);
        let source = self.relative(&text.path);
        let document = Document::new(to.clone(), source, content);
        // Every file read, checked and rewritten before the first write.
        let mut moves = Vec::with_capacity(orphan.files.len());
        for file in &orphan.files {
            // The file is read as document `to`: the id it names may be one an older rule
            // made and today's refuses (`-`), which is why it needs relinking.
            let src = read_text_limited(file, MAX_RON_BYTES)?;
            let src = with_document_id(&src, to).unwrap_or(src);
            let loaded = parse_annotation(file, &src, &Schema::default())?;
            if loaded.annotation.document.sha256() != sha {
                return Err(RelinkError::OtherText {
                    file: file.clone(),
                    text: text.path.clone(),
                });
            }
            let target = self.annotation_path(to, &loaded.annotation.annotator);
            if target.exists() || moves.iter().any(|(_, t, _)| *t == target) {
                return Err(RelinkError::Exists { path: target });
            }
            let new_content = if loaded.annotation.annotator.as_str() == GOLD_ANNOTATOR {
                let mut gold = parse_gold(file, &src)?;
                gold.annotation.document = document.clone();
                to_gold_ron(&gold)
            } else {
                let mut annotation = loaded.annotation;
                annotation.document = document.clone();
                to_ron(&annotation)
            };
            check_size(&target, &new_content, MAX_RON_BYTES)?;
            moves.push((file.clone(), target, new_content));
        }
        let mut written = Vec::with_capacity(moves.len());
        for (from, target, new_content) in moves {
            let io = |path: &Path| {
                let path = path.to_owned();
                move |source| SaveError::Io { path, source }
            };
            write_atomic(&target, new_content.as_bytes()).map_err(io(&target))?;
            fs::remove_file(&from).map_err(io(&from))?;
            written.push(target);
        }
        // Only an empty folder goes: anything else left in it stays for the user.
        let _ = fs::remove_dir(&orphan.path);
        Ok(written)
    }

    /// The folders in `annotations/`, sorted by name (hidden ones skipped).
    fn annotation_folders(&self) -> Result<Vec<PathBuf>, FileError> {
        let dir = self.annotations_dir();
        if !dir.is_dir() {
            return Ok(Vec::new());
        }
        let mut folders: Vec<PathBuf> =
            list_dir(&dir)?.into_iter().filter(|p| p.is_dir()).collect();
        folders.sort_by(|a, b| {
            crate::model::order::natural_cmp(&a.to_string_lossy(), &b.to_string_lossy())
        });
        Ok(folders)
    }

    /// The `*.ron` files directly in `folder`, sorted.
    fn ron_files_in(&self, folder: &Path) -> Result<Vec<PathBuf>, FileError> {
        Ok(list_dir(folder)?
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "ron") && p.is_file())
            .collect())
    }
}
