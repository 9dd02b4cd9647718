//! The loose ends of a corpus that `validate` and `stats` both report: annotation folders
//! no text matches, and recovery copies left beside annotation files. One warning line
//! each, and the same as JSON for `stats --json`.

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde_json::{Value, json};
use spantag::io::orphans::OrphanDir;
use spantag::io::recovery::RecoveryFile;
use spantag::io::store::Corpus;

/// The orphan folders and recovery copies of one corpus.
pub struct Health {
    corpus: Corpus,
    /// Annotation folders whose name is the id of no text.
    pub orphans: Vec<OrphanDir>,
    /// Recovery copies beside annotation files.
    pub recovery: Vec<RecoveryFile>,
}

/// `path` with links and `..` resolved, for comparing; a file that does not exist yet
/// is resolved through its folder.
fn canonical(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok().or_else(|| {
        let folder = std::fs::canonicalize(path.parent()?).ok()?;
        Some(folder.join(path.file_name()?))
    })
}

/// The corpus `path` belongs to, `annotations/` itself included (which
/// [`Corpus::containing`] sees as a folder of its own).
pub fn corpus_of(path: &Path) -> Option<Corpus> {
    Corpus::containing(path).or_else(|| {
        (path.file_name().is_some_and(|n| n == "annotations") && path.is_dir())
            .then(|| Corpus::containing(&path.join("x")))
            .flatten()
    })
}

impl Health {
    /// Lists them in `corpus`.
    pub fn of(corpus: &Corpus) -> anyhow::Result<Self> {
        Ok(Self {
            orphans: corpus
                .orphan_annotation_dirs()
                .context("cannot list the annotation folders")?,
            recovery: corpus
                .recovery_files()
                .context("cannot list the recovery copies")?,
            corpus: corpus.clone(),
        })
    }

    /// Keeps only what concerns `paths`: what lies inside a folder given, the orphan
    /// folder of a file given, the recovery copies of an annotation file given.
    pub fn within(mut self, paths: &[PathBuf]) -> Self {
        let given: Vec<PathBuf> = paths.iter().filter_map(|p| canonical(p)).collect();
        let concerns = |item: &Path, owner: &Path| {
            let (Some(item), Some(owner)) = (canonical(item), canonical(owner)) else {
                return false;
            };
            given
                .iter()
                .any(|g| item.starts_with(g) || g.starts_with(&owner))
        };
        self.orphans.retain(|o| concerns(&o.path, &o.path));
        self.recovery.retain(|r| concerns(&r.path, &r.target));
        self
    }

    /// `path` as the user would type it from where they ran spantag.
    fn shown(&self, path: &Path) -> String {
        let relative = self.corpus.relative(path);
        if self.corpus.root() == Path::new(".") {
            relative
        } else {
            self.corpus.root().join(relative).display().to_string()
        }
    }

    /// The file name of the text `id` in `samples/`.
    fn text_name(&self, id: &spantag::model::DocId) -> String {
        self.corpus
            .texts()
            .unwrap_or_default()
            .into_iter()
            .find(|t| &t.id == id)
            .and_then(|t| t.path.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| format!("{id}.txt"))
    }

    /// One warning line per orphan folder and recovery copy, like a compiler's.
    pub fn warnings(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for orphan in &self.orphans {
            let folder = self.shown(&orphan.path);
            let files = match orphan.files.len() {
                1 => "1 annotation file".to_owned(),
                n => format!("{n} annotation files"),
            };
            let then = match &orphan.relink_to {
                Some(id) => format!(
                    "; they annotate {} (id {id}): move them there with: spantag relink {folder} {id}",
                    self.shown(&self.corpus.samples_dir()).to_owned() + "/" + &self.text_name(id)
                ),
                None if orphan.files.is_empty() => String::new(),
                None => "; no text in samples/ has the sha256 they hold".to_owned(),
            };
            lines.push(format!(
                "{folder}: warning: annotation folder {:?} matches no text in samples/ ({files}){then}",
                orphan.folder
            ));
        }
        for copy in &self.recovery {
            lines.push(format!(
                "{}: warning: recovery copy of {} (document {:?}, annotator {:?}), written {} when it could not be saved; open the document in the window to restore or discard it",
                self.shown(&copy.path),
                self.shown(&copy.target),
                copy.doc.as_str(),
                copy.annotator.as_str(),
                copy.time
            ));
        }
        lines
    }

    /// The orphan folders as JSON objects.
    pub fn orphans_json(&self) -> Vec<Value> {
        self.orphans
            .iter()
            .map(|o| {
                json!({
                    "folder": o.folder,
                    "path": self.shown(&o.path),
                    "files": o.files.iter().map(|f| self.shown(f)).collect::<Vec<_>>(),
                    "relink_to": o.relink_to.as_ref().map(ToString::to_string),
                })
            })
            .collect()
    }

    /// The recovery copies as JSON objects.
    pub fn recovery_json(&self) -> Vec<Value> {
        self.recovery
            .iter()
            .map(|r| {
                json!({
                    "path": self.shown(&r.path),
                    "file": self.shown(&r.target),
                    "document": r.doc.as_str(),
                    "annotator": r.annotator.as_str(),
                    "time": r.time.to_string(),
                })
            })
            .collect()
    }
}
