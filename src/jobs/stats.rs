//! The stats job: figures about a corpus, a folder of annotation files or one file
//! (documents, annotators, spans per label, done and in progress), with the files that
//! could not be read, which a front end must show, and the listing's warnings.
//!
//! Files are checked as `validate` checks them, on every core a batch at a time, and
//! only a few figures of each are kept: a corpus of any size is counted in little
//! memory.
//!
//! ```no_run
//! let outcome = spantag::jobs::stats::run("corpus".as_ref())?;
//! println!("{} spans in {} files", outcome.stats.spans, outcome.stats.annotation_files);
//! for line in &outcome.stats.invalid_files {
//!     eprintln!("{line}");
//! }
//! # Ok::<(), spantag::jobs::stats::StatsError>(())
//! ```

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::io::FileError;
use crate::io::store::Corpus;
use crate::io::validate::{check_files_with, ron_files, schema_for};
use crate::model::Label;
use crate::review::stats::{CorpusStats, FileFigures, StatsTally};

/// What the stats job found.
#[derive(Clone, Debug)]
pub struct StatsOutcome {
    /// The figures; `invalid_files` lists the files left out, one line each.
    pub stats: CorpusStats,
    /// Said about the listing: text names that gave the same id, entries left out (not
    /// regular files, links out of the corpus), one line each.
    pub listing_warnings: Vec<String>,
    /// The corpus when `path` is one (its root), for the caller's own checks.
    pub corpus: Option<Corpus>,
}

/// Why the stats job could not count anything.
#[derive(Debug, Error)]
pub enum StatsError {
    /// The path does not exist.
    #[error("{}: no such file or folder", path.display())]
    NoPath {
        /// The path given.
        path: PathBuf,
    },
    /// A folder could not be listed.
    #[error("cannot list the {what}")]
    List {
        /// What was being listed: texts, annotations or files.
        what: &'static str,
        /// Why.
        #[source]
        source: FileError,
    },
}

/// Counts the annotation files at `path`: a corpus root (its texts count as documents
/// too), a folder of `.ron` files, or one file. Files that cannot be read are left out
/// and listed in the figures' `invalid_files`.
pub fn run(path: &Path) -> Result<StatsOutcome, StatsError> {
    if !path.exists() {
        return Err(StatsError::NoPath {
            path: path.to_owned(),
        });
    }
    let corpus = Corpus::containing(path).filter(|c| c.root() == path);
    let list = |what| move |source| StatsError::List { what, source };
    let mut listing_warnings = Vec::new();
    let (text_ids, files) = match &corpus {
        Some(corpus) => {
            let (texts, collisions, skipped_texts) =
                corpus.list_texts_and_skips().map_err(list("texts"))?;
            listing_warnings.extend(collisions.iter().map(|c| format!("samples: warning: {c}")));
            let ids: Vec<String> = texts.iter().map(|t| t.id.to_string()).collect();
            let (files, skipped_files) = corpus
                .annotation_files_and_skips()
                .map_err(list("annotations"))?;
            listing_warnings.extend(
                skipped_texts
                    .iter()
                    .chain(&skipped_files)
                    .map(ToString::to_string),
            );
            (ids, files)
        }
        None => {
            let (files, skipped) = ron_files(path).map_err(list("files"))?;
            listing_warnings.extend(skipped.iter().map(ToString::to_string));
            (Vec::new(), files)
        }
    };
    let mut tally = StatsTally::default();
    let mut invalid = Vec::new();
    check_files_with(
        &files,
        |checked| match checked {
            Ok(report) => match &report.annotation {
                Some(annotation) => Ok(FileFigures::of(annotation)),
                None => Err(report
                    .diagnostics
                    .iter()
                    .find(|d| d.is_error())
                    .map(ToString::to_string)),
            },
            // The schema's whole message: it is about another file than this one.
            Err((_, schema_error)) => Err(Some(schema_error.to_string())),
        },
        |figures| match figures {
            Ok(figures) => tally.add(figures),
            Err(line) => invalid.extend(line),
        },
    );
    let mut stats = tally.finish(text_ids.iter().map(String::as_str));
    stats.invalid_files = invalid;
    // A schema that does not read is among the invalid files already.
    let schema = schema_for(path).unwrap_or_default();
    stats.labels_outside_schema = stats
        .labels
        .keys()
        .filter(|l| !schema.knows(&Label::new(l.as_str())))
        .cloned()
        .collect();
    Ok(StatsOutcome {
        stats,
        listing_warnings,
        corpus,
    })
}
