//! spantag: named-entity annotation of news articles.
//!
//! The library holds everything but the window and the command line: the annotation
//! model ([`model`]), text processing for training data ([`text`]: tokens, tag schemes,
//! alignment), the files ([`io`]), the analysis of annotations ([`review`]: places of
//! disagreement, agreement, adjudication, corpus figures), and the jobs the command line
//! and the window both run ([`jobs`]: export, import, agree). Offsets are Unicode code
//! points, half-open `[start, end)`, everywhere.
//!
//! ```
//! use spantag::model::{Annotation, AnnotatorName, DocId, Document, Span, now};
//!
//! let doc = Document::new(DocId::new("homs")?, "samples/homs.txt", "Rebels seize “Homs” 😀");
//! let mut annotation = Annotation::new(doc, AnnotatorName::new("alice")?, now());
//! annotation.insert(Span::new(14, 18, "location"))?;
//! assert_eq!(annotation.span_text(&annotation.spans()[0]), "Homs");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod io;
pub mod jobs;
pub mod model;
pub mod review;
pub mod text;

#[cfg(test)]
mod test_support;

pub use io::{Diagnostic, FileError};
pub use model::{Annotation, Document, Label, Schema, Span};

#[cfg(feature = "gui")]
pub mod ui;
