//! One library entry point per job, for the command line and the window alike, so that
//! the two cannot drift: [`export::run`], [`import::run`], [`agree::run`] and
//! [`stats::run`]. Each one
//! checks its corpus and loads the corpus schema first, and refuses (doing nothing) when
//! `spantag.ron` does not read; each returns a typed outcome with everything a front
//! end prints or shows (what was done, what was skipped and why, which files could not
//! be read), or a typed error.
//!
//! ```no_run
//! use spantag::io::export::{ExportOptions, Format};
//! use spantag::io::store::Corpus;
//!
//! let corpus = Corpus::new("corpus");
//! let options = ExportOptions::new(Format::Conll);
//! let outcome = spantag::jobs::export::run(&corpus, &options, "train.conll".as_ref(), &mut |done, total| {
//!     eprintln!("{done}/{total}");
//! })?;
//! for line in outcome.lines() {
//!     println!("{line}");
//! }
//! # Ok::<(), spantag::jobs::export::ExportJobError>(())
//! ```

pub mod agree;
pub mod export;
pub mod import;
pub mod schema;
pub mod search;
pub mod stats;
pub mod suggest;
pub mod suggester;

use std::path::PathBuf;

use thiserror::Error;

use crate::io::FileError;
use crate::io::store::Corpus;
use crate::model::Schema;

/// Why a job would not start on a corpus; nothing was read past the check, nothing
/// written.
#[derive(Debug, Error)]
pub enum CorpusError {
    /// The corpus folder does not exist.
    #[error("{}: no such folder", path.display())]
    NoFolder {
        /// The folder given.
        path: PathBuf,
    },
    /// The folder has no `annotations/` (a job that reads annotations needs one).
    #[error("{}: no annotations/ folder; give the corpus folder", path.display())]
    NoAnnotations {
        /// The folder given.
        path: PathBuf,
    },
    /// `spantag.ron` is there but does not read: rather than work with labels the
    /// corpus did not ask for, the job stops. Shown as the file's own error, with its
    /// path, line and cause.
    #[error("{0}")]
    Schema(FileError),
}

/// The corpus's schema, refusing a `spantag.ron` that does not read.
fn load_schema(corpus: &Corpus) -> Result<Schema, CorpusError> {
    corpus.load_schema().map_err(CorpusError::Schema)
}

/// Checks that the corpus folder exists.
fn existing_folder(corpus: &Corpus) -> Result<(), CorpusError> {
    if corpus.root().is_dir() {
        Ok(())
    } else {
        Err(CorpusError::NoFolder {
            path: corpus.root().to_owned(),
        })
    }
}

/// `one` or `many`, as `n` says: `plural(n, "span", "spans")`.
pub fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}
