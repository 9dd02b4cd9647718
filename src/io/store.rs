//! The corpus layout on disk:
//!
//! ```text
//! <root>/spantag.ron                          optional schema (labels, colours, keys)
//! <root>/samples/<doc-id>.txt                 the article texts
//! <root>/annotations/<doc-id>/<annotator>.ron one annotator's work on one document
//! ```

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::atomic::write_atomic;
use super::diagnostic::{Diagnostic, FileError};
use super::ron_format::{parse_annotation, to_ron};
use super::text_file::{
    MAX_RON_BYTES, MAX_TEXT_BYTES, describe_io_error, read_text, read_text_limited, size_in_words,
};
use super::walk;
use crate::model::name::{IdCollision, ids_from_file_paths};
use crate::model::order::natural_cmp;
use crate::model::{Annotation, AnnotatorName, DocId, Document, Schema};

/// Name of the schema file at a corpus root.
pub const SCHEMA_FILE: &str = "spantag.ron";
/// Folder of article texts.
pub const SAMPLES_DIR: &str = "samples";
/// Folder of annotation files.
pub const ANNOTATIONS_DIR: &str = "annotations";

/// A corpus folder: texts in `samples/`, annotations in `annotations/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Corpus {
    root: PathBuf,
}

/// A text file of the corpus, listed but not yet read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEntry {
    /// The document id, from the file name.
    pub id: DocId,
    /// The file.
    pub path: PathBuf,
}

impl Corpus {
    /// The corpus rooted at `root` (which need not exist yet).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The corpus a path belongs to: the folder itself if it holds `samples/`,
    /// `annotations/` or `spantag.ron`; the corpus above a file in `samples/` or
    /// `annotations/`; otherwise `None`.
    pub fn containing(path: &Path) -> Option<Self> {
        let looks_like_root = |dir: &Path| {
            dir.join(SAMPLES_DIR).is_dir()
                || dir.join(ANNOTATIONS_DIR).is_dir()
                || dir.join(SCHEMA_FILE).is_file()
        };
        if path.is_dir() && looks_like_root(path) {
            return Some(Self::new(path));
        }
        path.ancestors()
            .skip(1)
            .find(|dir| {
                matches!(
                    dir.file_name().and_then(|n| n.to_str()),
                    Some(SAMPLES_DIR | ANNOTATIONS_DIR)
                )
            })
            .and_then(Path::parent)
            .map(|root| {
                Self::new(if root.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    root
                })
            })
    }

    /// The corpus root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `<root>/samples`.
    pub fn samples_dir(&self) -> PathBuf {
        self.root.join(SAMPLES_DIR)
    }

    /// `<root>/annotations`.
    pub fn annotations_dir(&self) -> PathBuf {
        self.root.join(ANNOTATIONS_DIR)
    }

    /// `<root>/spantag.ron`.
    pub fn schema_path(&self) -> PathBuf {
        self.root.join(SCHEMA_FILE)
    }

    /// `<root>/annotations/<doc-id>/<annotator>.ron`. Both names are path-safe by type.
    pub fn annotation_path(&self, doc: &DocId, annotator: &AnnotatorName) -> PathBuf {
        self.annotations_dir()
            .join(doc.as_str())
            .join(format!("{annotator}.ron"))
    }

    /// The corpus's schema: `spantag.ron` if present, else the default labels.
    pub fn load_schema(&self) -> Result<Schema, FileError> {
        let path = self.schema_path();
        if !path.exists() {
            return Ok(Schema::default());
        }
        parse_schema(&path, &read_text(&path)?)
    }

    /// The `.txt` files in `samples/`, in natural order of their ids (`doc-2` before
    /// `doc-10`). No `samples/` folder means none. Ids are the file names transliterated
    /// to ASCII; names that give the same id, case aside, get `-2`, `-3` (see
    /// [`Corpus::text_id_collisions`] to report them).
    pub fn texts(&self) -> Result<Vec<TextEntry>, FileError> {
        Ok(self.list_texts()?.0)
    }

    /// The text files whose names give the same id, case aside, and the ids they got
    /// instead, to warn about: each would otherwise share an annotation folder.
    pub fn text_id_collisions(&self) -> Result<Vec<IdCollision>, FileError> {
        Ok(self.list_texts()?.1)
    }

    /// [`Corpus::texts`] and the collisions of their ids, from one listing of the folder.
    pub fn list_texts(&self) -> Result<(Vec<TextEntry>, Vec<IdCollision>), FileError> {
        let (texts, collisions, _) = self.list_texts_and_skips()?;
        Ok((texts, collisions))
    }

    /// [`Corpus::list_texts`], and a warning for each `.txt` entry left out because it is
    /// not a regular file or is a link out of the corpus (see [`super::walk`]).
    #[allow(clippy::type_complexity)] // three plain lists, named in the doc comment
    pub fn list_texts_and_skips(
        &self,
    ) -> Result<(Vec<TextEntry>, Vec<IdCollision>, Vec<Diagnostic>), FileError> {
        let dir = self.samples_dir();
        if !dir.is_dir() {
            return Ok((Vec::new(), Vec::new(), Vec::new()));
        }
        let root = walk::canonical_root(&self.root);
        let listing = walk::list_folder(&dir, &root, Some("txt"), false, &mut HashSet::new())?;
        let paths = listing.files;
        let (ids, collisions) = ids_from_file_paths(&paths);
        let mut entries: Vec<TextEntry> = paths
            .into_iter()
            .zip(ids)
            .map(|(path, id)| TextEntry { id, path })
            .collect();
        entries.sort_by(|a, b| natural_cmp(a.id.as_str(), b.id.as_str()));
        Ok((entries, collisions, listing.skipped))
    }

    /// Every `annotations/<doc-id>/<name>.ron`, documents in natural order of their ids,
    /// then files by name.
    pub fn annotation_files(&self) -> Result<Vec<PathBuf>, FileError> {
        Ok(self.annotation_files_and_skips()?.0)
    }

    /// [`Corpus::annotation_files`], and a warning for each entry left out: a `.ron` that
    /// is not a regular file, a link out of the corpus or in a loop (see [`super::walk`]).
    pub fn annotation_files_and_skips(&self) -> Result<(Vec<PathBuf>, Vec<Diagnostic>), FileError> {
        let dir = self.annotations_dir();
        if !dir.is_dir() {
            return Ok((Vec::new(), Vec::new()));
        }
        let root = walk::canonical_root(&self.root);
        let mut seen = HashSet::new();
        let top = walk::list_folder(&dir, &root, None, true, &mut seen)?;
        let mut skipped = top.skipped;
        let mut files = Vec::new();
        for doc_dir in top.folders {
            let listing = walk::list_folder(&doc_dir, &root, Some("ron"), false, &mut seen)?;
            files.extend(listing.files);
            skipped.extend(listing.skipped);
        }
        let name = |p: &Path| {
            p.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()
        };
        let doc = |p: &Path| p.parent().map(name).unwrap_or_default();
        files.sort_by(|a, b| {
            natural_cmp(&doc(a), &doc(b)).then_with(|| natural_cmp(&name(a), &name(b)))
        });
        Ok((files, skipped))
    }

    /// Reads a text of the corpus into a document whose `source` is its path relative to
    /// the corpus root, with `/` separators (the same on every system).
    pub fn load_text(&self, entry: &TextEntry) -> Result<Document, FileError> {
        let text = read_text_limited(&entry.path, MAX_TEXT_BYTES)?;
        Ok(Document::new(
            entry.id.clone(),
            self.relative(&entry.path),
            text,
        ))
    }

    /// `path` relative to the corpus root with `/` separators, or as given if outside.
    pub fn relative(&self, path: &Path) -> String {
        let relative = path.strip_prefix(&self.root).unwrap_or(path);
        relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// Removes the temporary files that writes killed before their rename left in the
    /// corpus (`.spantag-*.tmp`, see [`super::atomic::remove_stale_temp_files_in`]) when
    /// last modified more than [`super::atomic::STALE_TEMP_AGE`] (an hour) before `now`:
    /// in the root, `samples/`, `annotations/` and each `annotations/<doc-id>/` (linked
    /// folders are not followed). Younger ones may be a write in progress and are kept.
    /// Gives the files removed, in the order of those folders.
    ///
    /// Stops at the first folder that cannot be read or file that cannot be removed, and
    /// names it; what was removed before it held no one's work (a temporary file is
    /// never the only copy of a saved file).
    ///
    /// Time is an input: pass `SystemTime::now()`; tests pass a clock of their own.
    ///
    /// ```no_run
    /// # use spantag::io::store::Corpus;
    /// let removed = Corpus::new("corpus").remove_stale_temp_files(std::time::SystemTime::now())?;
    /// for path in removed {
    ///     eprintln!("removed {}: left by an interrupted write", path.display());
    /// }
    /// # Ok::<(), spantag::io::FileError>(())
    /// ```
    pub fn remove_stale_temp_files(
        &self,
        now: std::time::SystemTime,
    ) -> Result<Vec<PathBuf>, FileError> {
        let fail = |dir: &Path, e: std::io::Error| FileError::one(dir, None, describe_io_error(&e));
        let mut dirs = vec![
            self.root.clone(),
            self.samples_dir(),
            self.annotations_dir(),
        ];
        let annotations = self.annotations_dir();
        match fs::read_dir(&annotations) {
            Ok(entries) => {
                let mut docs = Vec::new();
                for entry in entries {
                    let entry = entry.map_err(|e| fail(&annotations, e))?;
                    // `DirEntry::file_type` does not follow a link.
                    if entry.file_type().is_ok_and(|t| t.is_dir()) {
                        docs.push(entry.path());
                    }
                }
                docs.sort();
                dirs.extend(docs);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(fail(&annotations, e)),
        }
        let mut removed = Vec::new();
        for dir in dirs {
            removed.extend(
                super::atomic::remove_stale_temp_files_in(&dir, now).map_err(|e| fail(&dir, e))?,
            );
        }
        Ok(removed)
    }
}

/// Lists a folder's entries, sorted, skipping hidden ones (temp files of atomic writes).
pub(crate) fn list_dir(dir: &Path) -> Result<Vec<PathBuf>, FileError> {
    let io_error = |e: std::io::Error| FileError::one(dir, None, describe_io_error(&e));
    let mut paths = Vec::new();
    for entry in fs::read_dir(dir).map_err(io_error)? {
        let entry = entry.map_err(io_error)?;
        if !entry.file_name().to_string_lossy().starts_with('.') {
            paths.push(entry.path());
        }
    }
    paths.sort();
    Ok(paths)
}

/// Parses a schema file's content.
pub fn parse_schema(path: &Path, src: &str) -> Result<Schema, FileError> {
    let schema: Schema =
        ron::from_str(src).map_err(|e| super::ron_format::syntax_error(path, src, &e))?;
    schema
        .check()
        .map_err(|e| FileError::one(path, None, e.to_string()))?;
    Ok(schema)
}

/// Why an annotation was not saved.
#[derive(Debug, Error)]
pub enum SaveError {
    /// The file on disk cannot be read as an annotation; it is left exactly as it is.
    #[error("will not overwrite {}: it is not a valid annotation file, so it is left as it is for you to fix or move ({reason})", path.display())]
    WontOverwriteInvalid {
        /// The file.
        path: PathBuf,
        /// Why it does not parse.
        reason: Box<FileError>,
    },
    /// The file on disk belongs to another document or annotator.
    #[error("will not overwrite {}: it holds {found}, not {expected}", path.display())]
    WontOverwriteOther {
        /// The file.
        path: PathBuf,
        /// The document and annotator in the file.
        found: String,
        /// The document and annotator being saved.
        expected: String,
    },
    /// The file changed on disk since it was read; nothing was written.
    #[error("{} changed on disk since it was opened (another window or a git pull?); nothing was written", path.display())]
    ChangedOnDisk {
        /// The file.
        path: PathBuf,
    },
    /// The file would be larger than spantag reads back ([`MAX_RON_BYTES`]): the
    /// document is too large to save as one file. Nothing was written.
    #[error("will not save {}: the file would be {}, over the limit of {} that spantag reads back; this document is too large to save as one file (nothing was written)", path.display(), size_in_words(*size), size_in_words(*limit))]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The size the file would have, in bytes.
        size: u64,
        /// The largest file spantag reads, in bytes.
        limit: u64,
    },
    /// The file's folder is a link that leads out of the corpus; nothing was written.
    #[error("will not save {}: {link} is a link to {}, outside the corpus", path.display(), target.display())]
    OutsideCorpus {
        /// The file.
        path: PathBuf,
        /// The linked folder, relative to the corpus root.
        link: String,
        /// Where it leads.
        target: PathBuf,
    },
    /// Writing failed; the old file, if any, is intact.
    #[error("could not save {}: {}", path.display(), describe_io_error(source))]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// What a file on disk held when it was last read or written: the SHA-256 of its bytes,
/// or `None` when there was no file. Comparing stamps tells whether someone else (another
/// window, a `git pull`) changed the file since.
pub type FileStamp = Option<String>;

/// The stamp of the file at `path` now. Something that is not a regular file (a FIFO)
/// is an error, never opened.
pub fn file_stamp(path: &Path) -> std::io::Result<FileStamp> {
    match fs::metadata(path) {
        Ok(meta) if !meta.is_file() => {
            return Err(std::io::Error::other(format!(
                "{}, not a regular file",
                walk::describe_file_type(meta.file_type())
            )));
        }
        _ => {}
    }
    match fs::read(path) {
        Ok(bytes) => Ok(Some(crate::model::sha256_hex(&String::from_utf8_lossy(
            &bytes,
        )))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Like [`save_annotation`], but only if the file is still as it was when stamped
/// `expected`; returns the new stamp. A file changed by someone else is left alone and
/// reported as [`SaveError::ChangedOnDisk`].
pub fn save_annotation_if_unchanged(
    path: &Path,
    annotation: &Annotation,
    expected: &FileStamp,
) -> Result<FileStamp, SaveError> {
    write_if_unchanged(path, expected, || save_annotation(path, annotation))
}

/// Runs `write` only if the file at `path` is still as it was when stamped `expected`,
/// and returns the file's new stamp: the one check every save of a file someone else
/// may change (an annotator's file, a gold file) goes through. A file changed since is
/// left alone and reported as [`SaveError::ChangedOnDisk`].
pub fn write_if_unchanged(
    path: &Path,
    expected: &FileStamp,
    write: impl FnOnce() -> Result<(), SaveError>,
) -> Result<FileStamp, SaveError> {
    let io_error = |source| SaveError::Io {
        path: path.to_owned(),
        source,
    };
    check_inside_corpus(path)?;
    let now = file_stamp(path).map_err(io_error)?;
    if &now != expected {
        return Err(SaveError::ChangedOnDisk {
            path: path.to_owned(),
        });
    }
    write()?;
    file_stamp(path).map_err(io_error)
}

/// A document ready to annotate: the annotator's saved work, or a new empty annotation.
#[derive(Clone, Debug)]
pub struct OpenedDocument {
    /// The annotation to work on.
    pub annotation: Annotation,
    /// The annotation file's stamp (`None`: no file yet).
    pub stamp: FileStamp,
    /// The text in `samples/` differs from the text stored in the annotation file; the
    /// annotation's own text is used, and spans stay where they are.
    pub source_changed: bool,
    /// Warnings about the annotation file (unknown labels and the like).
    pub warnings: Vec<super::Diagnostic>,
}

/// Opens `text_path` for `annotator`: reads their annotation at `annotation_path` if it
/// exists (an unreadable one is an error, and must then never be overwritten), else
/// starts an empty one on the text. `source` is what a new annotation records as the
/// text's origin.
pub fn open_document(
    id: &DocId,
    text_path: &Path,
    source: &str,
    annotation_path: &Path,
    annotator: &AnnotatorName,
    schema: &Schema,
) -> Result<OpenedDocument, FileError> {
    let stamp = file_stamp(annotation_path)
        .map_err(|e| FileError::one(annotation_path, None, describe_io_error(&e)))?;
    if stamp.is_some() {
        let loaded = super::ron_format::read_annotation(annotation_path, schema)?;
        let source_changed = match read_text_limited(text_path, MAX_TEXT_BYTES) {
            Ok(text) => crate::model::sha256_hex(&text) != loaded.annotation.document.sha256(),
            // No source text any more: the annotation is self-contained.
            Err(_) => false,
        };
        return Ok(OpenedDocument {
            annotation: loaded.annotation,
            stamp,
            source_changed,
            warnings: loaded.warnings,
        });
    }
    let text = read_text_limited(text_path, MAX_TEXT_BYTES)?;
    let document = Document::new(id.clone(), source, text);
    Ok(OpenedDocument {
        annotation: Annotation::new(document, annotator.clone(), crate::model::now()),
        stamp: None,
        source_changed: false,
        warnings: Vec::new(),
    })
}

/// Saves `annotation` to `path` atomically, unless the file there is not a valid
/// annotation of the same document by the same annotator (such a file is never replaced),
/// or the file would be too large to read back ([`SaveError::TooLarge`]).
pub fn save_annotation(path: &Path, annotation: &Annotation) -> Result<(), SaveError> {
    save_annotation_within(path, annotation, MAX_RON_BYTES)
}

/// Refuses `content`, the whole new content of the annotation or gold file `path`, when
/// it is over `limit` bytes: what spantag writes, it must read back.
pub(crate) fn check_size(path: &Path, content: &str, limit: u64) -> Result<(), SaveError> {
    let size = content.len() as u64;
    if size > limit {
        return Err(SaveError::TooLarge {
            path: path.to_owned(),
            size,
            limit,
        });
    }
    Ok(())
}

/// [`save_annotation`] with the size limit as a parameter, so tests need no huge files.
pub(crate) fn save_annotation_within(
    path: &Path,
    annotation: &Annotation,
    limit: u64,
) -> Result<(), SaveError> {
    check_inside_corpus(path)?;
    let content = to_ron(annotation);
    check_size(path, &content, limit)?;
    if path.exists() {
        let existing = read_text_limited(path, MAX_RON_BYTES)
            .and_then(|src| parse_annotation(path, &src, &Schema::default()))
            .map_err(|reason| SaveError::WontOverwriteInvalid {
                path: path.to_owned(),
                reason: Box::new(reason),
            })?;
        let who = |a: &Annotation| {
            format!(
                "document {:?} by {:?}",
                a.document.id().as_str(),
                a.annotator.as_str()
            )
        };
        let (found, expected) = (who(&existing.annotation), who(annotation));
        if found != expected {
            return Err(SaveError::WontOverwriteOther {
                path: path.to_owned(),
                found,
                expected,
            });
        }
    }
    write_atomic(path, content.as_bytes()).map_err(|source| SaveError::Io {
        path: path.to_owned(),
        source,
    })
}

/// Refuses a write to a file of a corpus (`annotations/<id>/<name>.ron`) whose folder
/// under `annotations/` is a link that leads out of the corpus: the write would land in
/// a place nobody chose. Links that stay inside the corpus are fine. Every save of an
/// annotation or gold file checks this; other writers into `annotations/` should too.
pub fn check_inside_corpus(path: &Path) -> Result<(), SaveError> {
    let Some(corpus) = Corpus::containing(path) else {
        return Ok(());
    };
    let Ok(root) = fs::canonicalize(corpus.root()) else {
        return Ok(());
    };
    let Some(folder) = path.parent() else {
        return Ok(());
    };
    // Where the corpus keeps its annotations, followed if `annotations/` itself is a
    // link: that choice was made for the whole corpus, and listings read through it.
    let annotations = corpus.annotations_dir();
    let kept = fs::canonicalize(&annotations).unwrap_or_else(|_| root.clone());
    // The folders between the file and `annotations/`, nearest first: the first link
    // among them that resolves outside the corpus is the one to name.
    for dir in folder.ancestors() {
        if dir == annotations || dir == corpus.root() || dir.as_os_str().is_empty() {
            break;
        }
        let is_link = fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            continue;
        }
        if let Ok(target) = fs::canonicalize(dir)
            && !target.starts_with(&root)
            && !target.starts_with(&kept)
        {
            return Err(SaveError::OutsideCorpus {
                path: path.to_owned(),
                link: corpus.relative(dir),
                target,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Span, now};

    #[test]
    fn stale_temp_files_are_removed_from_every_folder_the_corpus_writes() {
        use std::time::{Duration, SystemTime};
        let dir = tempfile::tempdir().unwrap();
        let corpus = Corpus::new(dir.path());
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let files = [
            ".spantag-root.tmp",
            "samples/.spantag-text.tmp",
            "annotations/.spantag-ann.tmp",
            "annotations/حمص/.spantag-a.tmp",
            "annotations/kyiv/.spantag-b.tmp",
            "annotations/kyiv/deeper/.spantag-c.tmp",
            "elsewhere/.spantag-d.tmp",
        ];
        for file in files {
            let path = dir.path().join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, "half").unwrap();
            fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(t0)
                .unwrap();
        }
        let early = t0 + Duration::from_secs(59 * 60);
        assert_eq!(
            corpus.remove_stale_temp_files(early).unwrap(),
            Vec::<PathBuf>::new()
        );
        let late = t0 + Duration::from_secs(61 * 60);
        let removed: Vec<String> = corpus
            .remove_stale_temp_files(late)
            .unwrap()
            .iter()
            .map(|p| corpus.relative(p))
            .collect();
        assert_eq!(
            removed,
            [
                ".spantag-root.tmp",
                "samples/.spantag-text.tmp",
                "annotations/.spantag-ann.tmp",
                "annotations/kyiv/.spantag-b.tmp",
                "annotations/حمص/.spantag-a.tmp",
            ]
        );
        // Only the folders the corpus writes to: not deeper, not elsewhere.
        assert!(
            dir.path()
                .join("annotations/kyiv/deeper/.spantag-c.tmp")
                .exists()
        );
        assert!(dir.path().join("elsewhere/.spantag-d.tmp").exists());
        // A corpus with no folders yet has none.
        let empty = tempfile::tempdir().unwrap();
        assert_eq!(
            Corpus::new(empty.path().join("new"))
                .remove_stale_temp_files(late)
                .unwrap(),
            Vec::<PathBuf>::new()
        );
    }

    #[test]
    fn text_file_names_that_collide_get_suffixes_never_a_shared_id() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = Corpus::new(dir.path());
        fs::create_dir_all(dir.path().join("samples")).unwrap();
        for stem in ["Zürich", "Zurich", "zurich", "Москва"] {
            fs::write(dir.path().join(format!("samples/{stem}.txt")), "Homs").unwrap();
        }
        let texts = corpus.texts().unwrap();
        let listed: Vec<(String, String)> = texts
            .iter()
            .map(|t| {
                let name = t.path.file_name().unwrap().to_string_lossy().into_owned();
                (t.id.to_string(), name)
            })
            .collect();
        // Sorted names (by code point): Zurich, Zürich, zurich; "Zurich-2" and "zurich-2"
        // would be one folder on macOS and Windows, so zurich gets -3.
        assert_eq!(
            listed,
            [
                ("Moskva".to_owned(), "Москва.txt".to_owned()),
                ("Zurich".to_owned(), "Zurich.txt".to_owned()),
                ("Zurich-2".to_owned(), "Zürich.txt".to_owned()),
                ("zurich-3".to_owned(), "zurich.txt".to_owned()),
            ]
        );
        let collisions: Vec<String> = corpus
            .text_id_collisions()
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            collisions,
            [
                "file names \"Zurich\", \"Zürich\" and \"zurich\" give the same document id (case aside): named Zurich, Zurich-2, zurich-3"
            ]
        );
    }

    #[test]
    fn texts_and_annotation_files_come_in_natural_order() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = Corpus::new(dir.path());
        fs::create_dir_all(dir.path().join("samples")).unwrap();
        for id in ["doc-10", "doc-2", "doc-1"] {
            fs::write(dir.path().join(format!("samples/{id}.txt")), "Homs").unwrap();
            let folder = dir.path().join(format!("annotations/{id}"));
            fs::create_dir_all(&folder).unwrap();
            fs::write(folder.join("bob.ron"), "").unwrap();
            fs::write(folder.join("alice.ron"), "").unwrap();
        }
        let ids: Vec<String> = corpus
            .texts()
            .unwrap()
            .iter()
            .map(|t| t.id.to_string())
            .collect();
        assert_eq!(ids, ["doc-1", "doc-2", "doc-10"]);
        let files: Vec<String> = corpus
            .annotation_files()
            .unwrap()
            .iter()
            .map(|p| corpus.relative(p))
            .collect();
        assert_eq!(
            files,
            [
                "annotations/doc-1/alice.ron",
                "annotations/doc-1/bob.ron",
                "annotations/doc-2/alice.ron",
                "annotations/doc-2/bob.ron",
                "annotations/doc-10/alice.ron",
                "annotations/doc-10/bob.ron",
            ]
        );
    }

    fn corpus_with_text() -> (tempfile::TempDir, Corpus) {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("samples")).unwrap();
        fs::write(
            dir.path().join("samples/kyiv talks.txt"),
            "“Kyiv” talks 😀\r\n",
        )
        .unwrap();
        fs::write(dir.path().join("samples/notes.md"), "not a text").unwrap();
        fs::write(dir.path().join("samples/.hidden.txt"), "hidden").unwrap();
        let corpus = Corpus::new(dir.path());
        (dir, corpus)
    }

    #[test]
    fn lists_texts_and_reads_them_with_a_relative_source() {
        let (_dir, corpus) = corpus_with_text();
        let texts = corpus.texts().unwrap();
        assert_eq!(texts.len(), 1);
        assert_eq!(texts[0].id.as_str(), "kyiv-talks");
        let doc = corpus.load_text(&texts[0]).unwrap();
        assert_eq!(doc.source(), "samples/kyiv talks.txt");
        assert_eq!(doc.text(), "“Kyiv” talks 😀\r\n");
    }

    #[test]
    fn saves_where_the_layout_says_and_lists_it() {
        let (_dir, corpus) = corpus_with_text();
        let doc = corpus.load_text(&corpus.texts().unwrap()[0]).unwrap();
        let alice = AnnotatorName::new("alice").unwrap();
        let path = corpus.annotation_path(doc.id(), &alice);
        let mut a = Annotation::new(doc, alice, now());
        a.insert(Span::new(1, 5, "location")).unwrap();
        save_annotation(&path, &a).unwrap();
        assert!(path.ends_with("annotations/kyiv-talks/alice.ron"));
        assert_eq!(corpus.annotation_files().unwrap(), vec![path.clone()]);
        a.insert(Span::new(7, 12, "event")).unwrap();
        save_annotation(&path, &a).unwrap();
        assert!(
            fs::read_to_string(&path)
                .unwrap()
                .contains("text: \"talks\"")
        );
    }

    #[test]
    fn refuses_to_write_a_file_it_could_not_read_back() {
        let (_dir, corpus) = corpus_with_text();
        let doc = corpus.load_text(&corpus.texts().unwrap()[0]).unwrap();
        let alice = AnnotatorName::new("alice").unwrap();
        let path = corpus.annotation_path(doc.id(), &alice);
        let mut a = Annotation::new(doc, alice, now());
        save_annotation(&path, &a).unwrap();
        let before = fs::read(&path).unwrap();
        a.insert(Span::new(1, 5, "location")).unwrap();
        let size = to_ron(&a).len() as u64;
        let err = save_annotation_within(&path, &a, size - 1).unwrap_err();
        assert!(matches!(err, SaveError::TooLarge { .. }), "{err}");
        assert_eq!(
            err.to_string(),
            format!(
                "will not save {}: the file would be {size} bytes, over the limit of {} bytes that spantag reads back; this document is too large to save as one file (nothing was written)",
                path.display(),
                size - 1
            )
        );
        assert_eq!(fs::read(&path).unwrap(), before);
        save_annotation_within(&path, &a, size).unwrap();
        assert_eq!(fs::read(&path).unwrap().len() as u64, size);
    }

    #[test]
    fn never_overwrites_a_broken_or_foreign_file() {
        let (_dir, corpus) = corpus_with_text();
        let doc = corpus.load_text(&corpus.texts().unwrap()[0]).unwrap();
        let alice = AnnotatorName::new("alice").unwrap();
        let path = corpus.annotation_path(doc.id(), &alice);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, "(format: \"spantag/1\", docu").unwrap();
        let a = Annotation::new(doc.clone(), alice.clone(), now());
        let message = save_annotation(&path, &a).unwrap_err().to_string();
        assert!(message.starts_with("will not overwrite"), "{message}");
        assert!(message.contains("alice.ron:1:"), "{message}");
        assert_eq!(fs::read(&path).unwrap(), b"(format: \"spantag/1\", docu");

        let bob = Annotation::new(doc, AnnotatorName::new("bob").unwrap(), now());
        fs::write(&path, to_ron(&bob)).unwrap();
        let message = save_annotation(&path, &a).unwrap_err().to_string();
        assert!(message.ends_with("it holds document \"kyiv-talks\" by \"bob\", not document \"kyiv-talks\" by \"alice\""), "{message}");
    }

    #[test]
    fn a_file_changed_by_someone_else_is_not_overwritten() {
        let (_dir, corpus) = corpus_with_text();
        let entry = &corpus.texts().unwrap()[0];
        let alice = AnnotatorName::new("alice").unwrap();
        let path = corpus.annotation_path(&entry.id, &alice);
        let source = corpus.relative(&entry.path);
        let open = || {
            open_document(
                &entry.id,
                &entry.path,
                &source,
                &path,
                &alice,
                &Schema::default(),
            )
            .unwrap()
        };
        let opened = open();
        assert_eq!(opened.stamp, None);
        assert!(opened.annotation.spans().is_empty());
        let mut mine = opened.annotation.clone();
        mine.insert(Span::new(1, 5, "location")).unwrap();
        let stamp = save_annotation_if_unchanged(&path, &mine, &None).unwrap();
        assert!(stamp.is_some());
        // Someone else writes the file.
        let mut theirs = mine.clone();
        theirs.insert(Span::new(7, 12, "event")).unwrap();
        save_annotation(&path, &theirs).unwrap();
        let before = fs::read(&path).unwrap();
        let err = save_annotation_if_unchanged(&path, &mine, &stamp).unwrap_err();
        assert!(matches!(err, SaveError::ChangedOnDisk { .. }), "{err}");
        assert_eq!(fs::read(&path).unwrap(), before);
        // Reopening finds their work.
        let reopened = open();
        assert_eq!(reopened.annotation.spans().len(), 2);
        assert!(!reopened.source_changed);
        // The sample text changes under the annotation: reported, annotation text kept.
        fs::write(&entry.path, "“Kyiv” talks 😀!\r\n").unwrap();
        let changed = open();
        assert!(changed.source_changed);
        assert_eq!(changed.annotation.document.text(), "“Kyiv” talks 😀\r\n");
    }

    #[test]
    fn finds_the_corpus_of_a_path() {
        let (dir, corpus) = corpus_with_text();
        assert_eq!(Corpus::containing(dir.path()), Some(corpus.clone()));
        let text = dir.path().join("samples/kyiv talks.txt");
        assert_eq!(Corpus::containing(&text), Some(corpus.clone()));
        let ron = dir.path().join("annotations/kyiv-talks/alice.ron");
        assert_eq!(Corpus::containing(&ron), Some(corpus));
        assert_eq!(Corpus::containing(Path::new("/tmp/lone.txt")), None);
    }

    #[test]
    fn reads_a_project_schema() {
        let (dir, corpus) = corpus_with_text();
        assert_eq!(corpus.load_schema().unwrap(), Schema::default());
        fs::write(
            dir.path().join("spantag.ron"),
            "(labels: [(name: \"person\", display: \"Person\", color: \"#112233\", key: 'e')])",
        )
        .unwrap();
        let schema = corpus.load_schema().unwrap();
        assert_eq!(schema.by_key('e').unwrap().name.as_str(), "person");
        fs::write(
            dir.path().join("spantag.ron"),
            "(labels: [(name: \"a\", display: \"A\", color: \"#112233\", key: 'e'),\n (name: \"b\", display: \"B\", color: \"red\", key: 'q')])",
        )
        .unwrap();
        let message = corpus.load_schema().unwrap_err().to_string();
        assert!(message.contains("spantag.ron:2:"), "{message}");
        assert!(
            message.contains("colour \"red\" is not of the form"),
            "{message}"
        );
    }
}
