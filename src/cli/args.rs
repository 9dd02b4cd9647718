//! Option values shared by `export` and `import`, and their library counterparts.

use clap::ValueEnum;
use spantag::io::export::Offsets;
use spantag::text::tagging::Scheme;

/// `--scheme`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SchemeArg {
    /// B- starts every entity, I- continues it.
    Iob2,
    /// I- everywhere, B- only between two adjacent entities of one label.
    Iob1,
    /// B- begin, I- inside, L- last, U- a one-token entity.
    Bilou,
}

impl From<SchemeArg> for Scheme {
    fn from(arg: SchemeArg) -> Self {
        match arg {
            SchemeArg::Iob2 => Scheme::Iob2,
            SchemeArg::Iob1 => Scheme::Iob1,
            SchemeArg::Bilou => Scheme::Bilou,
        }
    }
}

/// `--offsets`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum OffsetsArg {
    /// Unicode code points (Python string indices).
    Codepoint,
    /// UTF-16 code units (JavaScript string indices).
    Utf16,
}

impl From<OffsetsArg> for Offsets {
    fn from(arg: OffsetsArg) -> Self {
        match arg {
            OffsetsArg::Codepoint => Offsets::CodePoint,
            OffsetsArg::Utf16 => Offsets::Utf16,
        }
    }
}
