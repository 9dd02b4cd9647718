//! `spantag import`: other tools' files as spantag documents and annotations.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::ValueEnum;

use super::args::{OffsetsArg, SchemeArg};
use spantag::io::import::{ImportError, ImportFormat, ImportOptions};
use spantag::io::store::Corpus;
use spantag::jobs::import::ImportJobError;
use spantag::model::{AnnotatorName, Status};

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FromArg {
    /// brat standoff: a folder of .txt + .ann files, or one .ann file.
    Brat,
    /// doccano JSONL: {"text", "label": [[start, end, label], ...]}.
    Doccano,
    /// CoNLL: TOKEN ... TAG lines, blank lines between sentences, -DOCSTART- between documents.
    Conll,
    /// spantag's JSONL export.
    Jsonl,
}

/// Import brat, doccano, CoNLL or JSONL files as documents and annotations.
///
/// Texts go to samples/<id>.txt and annotations to annotations/<id>/<NAME>.ron. The
/// whole input is checked first: any bad line is reported with its file and line, and
/// then nothing is written. Existing files are only replaced with --force.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  spantag import --from brat brat-export/ --annotator alice
  spantag import --from doccano --offsets utf16 project.jsonl --annotator bob --into ~/corpus
  spantag import --from conll train.conll --annotator gold-2003 --scheme iob1 --done")]
pub struct ImportArgs {
    /// The file (or brat folder) to import.
    input: PathBuf,

    /// The input's format.
    #[arg(long, value_enum)]
    from: FromArg,

    /// Whose annotations these become.
    #[arg(long, value_name = "NAME")]
    annotator: String,

    /// The corpus folder to import into [default: the current folder]
    #[arg(long, value_name = "CORPUS_DIR")]
    into: Option<PathBuf>,

    /// Replace existing texts and annotation files.
    #[arg(long)]
    force: bool,

    /// Mark the imported annotations done (they are in progress otherwise).
    #[arg(long)]
    done: bool,

    /// doccano offsets: code points (Python) or UTF-16 units (JavaScript).
    #[arg(long, value_enum, default_value = "codepoint")]
    offsets: OffsetsArg,

    /// CoNLL tag scheme [default: BILOU if any L-/U- tag appears, else IOB2]
    #[arg(long, value_enum)]
    scheme: Option<SchemeArg>,
}

pub fn run(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let annotator = AnnotatorName::person(args.annotator.as_str()).context("--annotator")?;
    let corpus = Corpus::new(args.into.clone().unwrap_or_else(|| PathBuf::from(".")));
    let options = ImportOptions {
        format: match args.from {
            FromArg::Brat => ImportFormat::Brat,
            FromArg::Doccano => ImportFormat::Doccano,
            FromArg::Conll => ImportFormat::Conll,
            FromArg::Jsonl => ImportFormat::Jsonl,
        },
        offsets: args.offsets.into(),
        scheme: args.scheme.map(Into::into),
    };
    let status = if args.done {
        Status::Done
    } else {
        Status::InProgress
    };
    match spantag::jobs::import::run(
        &corpus,
        &args.input,
        &options,
        &annotator,
        status,
        args.force,
    ) {
        Ok(outcome) => {
            for line in outcome.lines() {
                println!("{line}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(ImportJobError::Import {
            error: ImportError::Input(e),
            ..
        }) => {
            for diagnostic in &e.diagnostics {
                println!("{diagnostic}");
            }
            println!("nothing was imported: fix the input and run again");
            Ok(ExitCode::from(1))
        }
        Err(ImportJobError::Import {
            error: ImportError::Exists(paths),
            warnings,
        }) => {
            for warning in &warnings {
                println!("{warning}");
            }
            for path in &paths {
                println!("{}: error: already exists", path.display());
            }
            println!("nothing was imported: use --force to replace these files");
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}
