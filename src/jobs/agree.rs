//! The agreement job: every annotator's file of a corpus read (gold files excluded), the
//! figures of [`crate::review::agreement`] for the corpus and per document, and the
//! files that could not be read, which a front end must show: figures computed without
//! a file look complete and are not.
//!
//! How the window's background thread can run it, in place of its own code:
//!
//! ```no_run
//! # let corpus = spantag::io::store::Corpus::new(".");
//! match spantag::jobs::agree::run(&corpus) {
//!     Ok(outcome) => {
//!         // outcome.corpus, outcome.per_document (worst first), outcome.unreadable
//!     }
//!     Err(e) => eprintln!("{e}"),
//! }
//! ```

use std::collections::BTreeMap;

use super::{CorpusError, existing_folder, load_schema};
use crate::io::FileError;
use crate::io::ron_format::read_annotation;
use crate::io::store::Corpus;
use crate::model::{Annotation, Schema};
use crate::review::agreement::{
    Agreement, DocumentAgreement, DocumentAnnotations, corpus_agreement, mean_f1,
};
use crate::review::gold::GOLD_ANNOTATOR;

/// What the agreement job found.
#[derive(Clone, Debug, Default)]
pub struct AgreeOutcome {
    /// The corpus figures.
    pub corpus: Agreement,
    /// The same per document with two or more annotators, worst (lowest mean exact F1)
    /// first.
    pub per_document: Vec<DocumentAgreement>,
    /// Annotators' files that could not be read, so were left out of every figure.
    pub unreadable: Vec<FileError>,
}

/// Reads every annotator's file of `corpus` (not gold files), grouped by document, with
/// the files that could not be read.
pub fn collect(corpus: &Corpus) -> (Vec<DocumentAnnotations>, Vec<FileError>) {
    let mut docs: BTreeMap<String, BTreeMap<String, Annotation>> = BTreeMap::new();
    let mut errors = Vec::new();
    match corpus.annotation_files() {
        Ok(files) => {
            for file in files {
                if file.file_stem().is_some_and(|s| s == GOLD_ANNOTATOR) {
                    continue;
                }
                // Labels outside the schema only warn, and agreement has no use for
                // warnings: the default schema reads the same spans.
                match read_annotation(&file, &Schema::default()) {
                    Ok(loaded) => {
                        let a = loaded.annotation;
                        docs.entry(a.document.id().to_string())
                            .or_default()
                            .insert(a.annotator.to_string(), a);
                    }
                    Err(e) => errors.push(e),
                }
            }
        }
        Err(e) => errors.push(e),
    }
    let docs = docs
        .into_iter()
        .map(|(doc, by_annotator)| DocumentAnnotations { doc, by_annotator })
        .collect();
    (docs, errors)
}

/// Measures agreement over `corpus`. Refuses when the folder is missing or its
/// `spantag.ron` does not read; files that do not read are left out and listed in the
/// outcome.
pub fn run(corpus: &Corpus) -> Result<AgreeOutcome, CorpusError> {
    existing_folder(corpus)?;
    load_schema(corpus)?;
    let (docs, unreadable) = collect(corpus);
    let (figures, mut per_document) = corpus_agreement(&docs);
    per_document.sort_by(|x, y| mean_f1(&x.agreement).total_cmp(&mean_f1(&y.agreement)));
    Ok(AgreeOutcome {
        corpus: figures,
        per_document,
        unreadable,
    })
}
