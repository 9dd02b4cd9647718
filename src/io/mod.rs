//! Everything that touches the disk: reading texts, the annotation file format, atomic
//! writes and the corpus layout.

pub mod align;
pub mod atomic;
pub mod diagnostic;
pub mod export;
pub mod import;
pub mod ron_format;
pub mod ron_locate;
pub mod store;
pub mod tagging;
pub mod text_file;
pub mod tokens;
pub mod validate;

pub use diagnostic::{Diagnostic, FileError, Position, Severity};
