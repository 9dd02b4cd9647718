//! The schema job: `spantag schema init`, a `spantag.ron` with every label a corpus (or
//! brat's `annotation.conf`) uses, keys and readable colours chosen for the new ones.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::{CorpusError, existing_folder, load_schema, plural};
use crate::io::FileError;
use crate::io::atomic::write_atomic;
use crate::io::import::brat::{ANNOTATION_CONF, read_entity_types};
use crate::io::ron_format::read_annotation;
use crate::io::store::Corpus;
use crate::model::{Label, LabelDef, Schema, SchemaError};

/// Where the labels come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LabelSource {
    /// Every annotation file of a corpus (every annotator's, and gold).
    Corpus(PathBuf),
    /// The entity types of brat's `annotation.conf`.
    AnnotationConf(PathBuf),
}

impl LabelSource {
    /// The source `--from` names: a file is an `annotation.conf`; a folder is a corpus
    /// when it has `annotations/`, else a brat folder when it has `annotation.conf`.
    /// Without `from`, the corpus itself.
    pub fn pick(corpus: &Corpus, from: Option<&Path>) -> Result<Self, SchemaJobError> {
        let path = from.unwrap_or(corpus.root());
        if path.is_file() {
            return Ok(Self::AnnotationConf(path.to_owned()));
        }
        if path.join(crate::io::store::ANNOTATIONS_DIR).is_dir() {
            return Ok(Self::Corpus(path.to_owned()));
        }
        if path.join(ANNOTATION_CONF).is_file() {
            return Ok(Self::AnnotationConf(path.join(ANNOTATION_CONF)));
        }
        Err(SchemaJobError::NoSource {
            path: path.to_owned(),
        })
    }

    /// The file or folder read.
    pub fn path(&self) -> &Path {
        match self {
            Self::Corpus(p) | Self::AnnotationConf(p) => p,
        }
    }
}

/// Why `schema init` wrote nothing.
#[derive(Debug, Error)]
pub enum SchemaJobError {
    /// The corpus could not be used.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    /// `--from` (or the corpus) is neither a corpus nor brat's configuration.
    #[error(
        "{}: no annotations/ folder and no annotation.conf; give a corpus folder or brat's annotation.conf",
        path.display()
    )]
    NoSource {
        /// The path given.
        path: PathBuf,
    },
    /// The source does not read.
    #[error("{0}")]
    Source(FileError),
    /// The source has no label at all.
    #[error("no labels found in {}; nothing written", path.display())]
    NoLabels {
        /// The source.
        path: PathBuf,
    },
    /// The labels do not make a valid schema.
    #[error("{0}")]
    Schema(#[from] SchemaError),
    /// `spantag.ron` could not be written.
    #[error("cannot write {}: {cause}", path.display())]
    Write {
        /// The schema file.
        path: PathBuf,
        /// Why.
        cause: std::io::Error,
    },
}

/// What `schema init` did.
#[derive(Debug)]
pub struct SchemaInitOutcome {
    /// The schema file.
    pub path: PathBuf,
    /// Where the labels came from.
    pub source: LabelSource,
    /// The labels added, with their keys and colours.
    pub added: Vec<LabelDef>,
    /// Labels of the schema file kept as they were.
    pub kept: usize,
    /// Annotation files that could not be read (their labels are missing).
    pub unreadable: Vec<FileError>,
}

impl SchemaInitOutcome {
    /// What was done, a line each, then one line per label added:
    ///
    /// ```text
    /// wrote corpus/spantag.ron with 2 labels from brat/annotation.conf
    ///   1  GENE     #0055bb  dark #4d88cf
    /// ```
    ///
    /// or `corpus/spantag.ron (3 labels) already has every label found in corpus; nothing to do`.
    pub fn lines(&self) -> Vec<String> {
        let (path, source) = (self.path.display(), self.source.path().display());
        let n = self.added.len();
        let mut lines = vec![if n == 0 {
            format!(
                "{path} ({} {}) already has every label found in {source}; nothing to do",
                self.kept,
                plural(self.kept, "label", "labels")
            )
        } else if self.kept == 0 {
            format!(
                "wrote {path} with {n} {} from {source}",
                plural(n, "label", "labels")
            )
        } else {
            format!(
                "added {n} {} to {path} from {source} (kept {})",
                plural(n, "label", "labels"),
                self.kept
            )
        }];
        let width = self
            .added
            .iter()
            .map(|l| l.name.as_str().chars().count())
            .max()
            .unwrap_or(0);
        for l in &self.added {
            lines.push(format!(
                "  {}  {:<width$}  {}  dark {}",
                l.key,
                l.name.as_str(),
                String::from(l.color),
                String::from(l.color_for(true)),
            ));
        }
        lines
    }
}

/// Every label the annotation files of `corpus` use, sorted, and the files that could
/// not be read.
pub fn corpus_labels(corpus: &Corpus) -> (BTreeSet<Label>, Vec<FileError>) {
    let mut labels = BTreeSet::new();
    let mut unreadable = Vec::new();
    let files = match corpus.annotation_files() {
        Ok(files) => files,
        Err(e) => return (labels, vec![e]),
    };
    for file in files {
        // The default schema: unknown labels are kept (with warnings we do not need).
        match read_annotation(&file, &Schema::default()) {
            Ok(loaded) => labels.extend(loaded.annotation.spans().iter().map(|s| s.label.clone())),
            Err(e) => unreadable.push(e),
        }
    }
    (labels, unreadable)
}

/// Writes `corpus`'s `spantag.ron` with every label `from` has ([`LabelSource::pick`]):
/// a new file, or the existing one with the missing labels added after its own, which
/// are kept as they are; with `force`, a new file in place of the existing one.
/// Nothing to add is an outcome with no label added and nothing written.
pub fn init(
    corpus: &Corpus,
    from: Option<&Path>,
    force: bool,
) -> Result<SchemaInitOutcome, SchemaJobError> {
    existing_folder(corpus)?;
    let source = LabelSource::pick(corpus, from)?;
    let (found, unreadable): (Vec<Label>, Vec<FileError>) = match &source {
        LabelSource::Corpus(root) => {
            let (labels, unreadable) = corpus_labels(&Corpus::new(root));
            (labels.into_iter().collect(), unreadable)
        }
        LabelSource::AnnotationConf(path) => (
            read_entity_types(path).map_err(SchemaJobError::Source)?,
            Vec::new(),
        ),
    };
    if found.is_empty() {
        return Err(SchemaJobError::NoLabels {
            path: source.path().to_owned(),
        });
    }
    let path = corpus.schema_path();
    let base = if path.exists() && !force {
        load_schema(corpus)?
    } else {
        Schema {
            labels: Vec::new(),
            suggestions: Default::default(),
        }
    };
    let kept = base.labels.len();
    let (schema, added) = base.extended(&found)?;
    if !added.is_empty() {
        write_atomic(&path, schema.to_ron().as_bytes()).map_err(|cause| SchemaJobError::Write {
            path: path.clone(),
            cause,
        })?;
    }
    Ok(SchemaInitOutcome {
        path,
        source,
        added,
        kept,
        unreadable,
    })
}
