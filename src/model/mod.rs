//! Pure data and rules: documents, spans, annotations, schemas and text offsets.
//! Nothing here opens a file or draws.

pub mod document;
pub mod edit;
pub mod history;
pub mod name;
pub mod order;
pub mod palette;
pub mod schema;
pub mod span;
pub mod suggestion;
pub mod text;

pub use document::{Annotation, Document, SpanError, SpanWarning, Status, now, sha256_hex};
pub use edit::{Edit, EditError};
pub use history::History;
pub use name::{AnnotatorName, DocId, NameError};
pub use schema::{
    CommandSettings, DictionaryFrom, LabelDef, Rgb, Schema, SchemaError, SuggestionSettings,
};
pub use span::{Label, Span};
pub use suggestion::{Origin, Suggestion};
