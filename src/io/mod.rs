//! Everything that touches the disk: reading texts, the annotation file format, atomic
//! writes and the corpus layout.

pub mod atomic;
pub mod diagnostic;
pub mod ron_format;
pub mod ron_locate;
pub mod text_file;

pub use diagnostic::{Diagnostic, FileError, Position, Severity};
