//! Everything that touches the disk: reading texts, the annotation file format, atomic
//! writes and the corpus layout. Tokens, tag schemes and alignment are in
//! [`crate::text`]: they need no disk.

pub mod atomic;
pub mod command;
pub mod consent;
pub mod corpus_reader;
pub mod diagnostic;
pub mod export;
pub mod gazetteer;
pub mod gold;
pub mod import;
pub mod limits;
pub mod lines;
pub mod lock;
pub mod orphans;
pub mod recovery;
mod ron_fast;
pub mod ron_format;
pub mod ron_locate;
pub mod store;
pub mod text_file;
pub mod validate;
pub mod walk;

pub use diagnostic::{Diagnostic, FileError, Position, Severity};
