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
use rayon::prelude::*;

use crate::io::FileError;
use crate::io::corpus_reader::{BATCH, DocumentFolder, in_order};
use crate::io::ron_format::read_annotation_without_warnings;
use crate::io::store::Corpus;
use crate::io::validate::{Misplaced, misplacements};
use crate::model::Annotation;
use crate::review::agreement::{
    Agreement, AgreementTally, DocumentAgreement, DocumentAnnotations, DocumentTally, mean_f1,
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

/// Reads one document folder's annotators' files (not the gold file), on every core:
/// the document's annotations by annotator, and the files left out. A file whose
/// document id or annotator is not its folder's or its name's is left out, with why:
/// counting it would put one annotator's work under another's name or document.
pub fn read_document(folder: &DocumentFolder) -> (DocumentAnnotations, Vec<FileError>) {
    let read: Vec<Result<Annotation, FileError>> = folder
        .files
        .par_iter()
        .filter(|file| file.file_stem().is_none_or(|s| s != GOLD_ANNOTATOR))
        .map(|file| {
            // Labels outside the schema only warn, and agreement has no use for
            // warnings.
            let a = read_annotation_without_warnings(file)?;
            // The folder first: a file in another document's folder is about another
            // text.
            let mut misplaced = misplacements(file, &a);
            misplaced.sort_by_key(|m| !matches!(m, Misplaced::Folder { .. }));
            let (id, annotator) = (a.document.id(), &a.annotator);
            if let Some(misplaced) = misplaced.first() {
                let why = match misplaced {
                    Misplaced::Folder { folder } => format!(
                        "its document id is {:?} but it is in folder {folder:?}; agreement leaves it out (spantag looks for it in annotations/{id}/)",
                        id.as_str(),
                    ),
                    Misplaced::Name { file_name } => format!(
                        "its annotator is {:?} but the file is named {file_name:?}; agreement leaves it out (spantag looks for {annotator}'s work in {annotator}.ron)",
                        annotator.as_str(),
                    ),
                };
                return Err(FileError::one(file, None, why));
            }
            Ok(a)
        })
        .collect();
    let mut by_annotator = BTreeMap::new();
    let mut errors = Vec::new();
    for result in read {
        match result {
            // Suggestions alone are nobody's annotation.
            Ok(a) if a.is_suggestions_only() => {}
            Ok(a) => {
                by_annotator.insert(a.annotator.to_string(), a);
            }
            Err(e) => errors.push(e),
        }
    }
    let doc = DocumentAnnotations {
        doc: folder.name.clone(),
        by_annotator,
    };
    (doc, errors)
}

/// Measures agreement over `corpus`. Refuses when the folder is missing or its
/// `spantag.ron` does not read; files that do not read are left out and listed in the
/// outcome.
///
/// The corpus is read a batch of documents at a time on every core, each document
/// tallied once and let go: memory grows with the largest document, not the corpus.
pub fn run(corpus: &Corpus) -> Result<AgreeOutcome, CorpusError> {
    existing_folder(corpus)?;
    load_schema(corpus)?;
    let mut unreadable = Vec::new();
    let folders = corpus.document_folders().unwrap_or_else(|e| {
        unreadable.push(e);
        Vec::new()
    });
    let mut tally = AgreementTally::default();
    let mut per_document = Vec::new();
    let work = |folder: &DocumentFolder| {
        let (doc, errors) = read_document(folder);
        let tallied = DocumentTally::of(&doc).map(|t| {
            let own = t.agreement();
            (t, own)
        });
        (tallied, errors)
    };
    in_order(&folders, BATCH, work, |(tallied, errors)| {
        unreadable.extend(errors);
        if let Some((t, own)) = tallied {
            tally.add(&t);
            per_document.push(DocumentAgreement {
                doc: t.doc,
                agreement: own,
            });
        }
    });
    per_document.sort_by(|x, y| mean_f1(&x.agreement).total_cmp(&mean_f1(&y.agreement)));
    Ok(AgreeOutcome {
        corpus: tally.finish(),
        per_document,
        unreadable,
    })
}
