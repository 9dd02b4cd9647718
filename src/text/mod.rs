//! Pure text processing for training data: tokens and sentences ([`tokens`]), tag
//! schemes IOB2, IOB1 and BILOU ([`tagging`]), and spans aligned to tokens ([`align`]).
//! Nothing here opens a file: the exporters, the importers and token-level agreement
//! all call these on text already in memory, so they see the same tokens and tags.

pub mod align;
pub mod bidi;
pub mod dictionary;
pub mod occurrences;
pub mod search;
pub mod tagging;
pub mod tokens;
pub mod words;
