//! `spantag import`: other tools' files as spantag documents and annotations.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::ValueEnum;

use super::args::{OffsetsArg, SchemeArg};
use spantag::io::FileError;
use spantag::io::import::{Answer, ImportError, ImportFormat, ImportOptions};
use spantag::io::store::Corpus;
use spantag::jobs::import::{ALL_SKIPPED, ImportJobError, LabelSources};
use spantag::model::{AnnotatorName, Status};

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FromArg {
    /// brat standoff: a folder of .txt + .ann files, or one .ann file.
    Brat,
    /// doccano JSONL: "label"/"labels" [[start, end, label], ...], "entities"
    /// [{"label", "start_offset", "end_offset"}], or "annotations" with --label-ids.
    Doccano,
    /// CoNLL: TOKEN ... TAG lines, blank lines between sentences, -DOCSTART- between documents.
    Conll,
    /// JSONL: spantag's export, Prodigy ("spans", "answer"), spaCy v2 ("entities"
    /// [[start, end, label]]) or spaCy's Doc.to_json ("ents", "spans" groups).
    Jsonl,
}

/// `--answers`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum AnswerArg {
    /// "answer": "accept".
    Accept,
    /// "answer": "reject".
    Reject,
    /// "answer": "ignore".
    Ignore,
}

impl From<AnswerArg> for Answer {
    fn from(arg: AnswerArg) -> Self {
        match arg {
            AnswerArg::Accept => Answer::Accept,
            AnswerArg::Reject => Answer::Reject,
            AnswerArg::Ignore => Answer::Ignore,
        }
    }
}

/// Import brat, doccano, CoNLL or JSONL files as documents and annotations.
///
/// Texts go to samples/<id>.txt and annotations to annotations/<id>/<NAME>.ron. The
/// whole input is checked first: any bad line is reported with its file and line, and
/// then nothing is written. Existing files are only replaced with --force; documents
/// already imported the same way are left as they are, so an interrupted import can
/// simply be run again.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  spantag import --from brat brat-export/ --annotator alice
  spantag import --from doccano --offsets utf16 project.jsonl --annotator bob --into ~/corpus
  spantag import --from conll train.conll --annotator gold-2003 --scheme iob1 --done
  spantag import --from doccano old.jsonl --label-ids labels.json --annotator bob
  spantag import --from jsonl prodigy.jsonl --answers accept,reject --annotator carol
  spantag import --from jsonl docs.jsonl --span-group sc --label-map 'Company Name=organisation' --annotator dan")]
pub struct ImportArgs {
    /// The file (or brat folder) to import.
    input: PathBuf,

    /// The input's format.
    #[arg(long, value_enum)]
    from: FromArg,

    /// Whose annotations these become.
    // A value that starts with `-` reaches the name check, which says why it is refused.
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
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

    /// Offsets in doccano and JSONL files: code points (Python) or UTF-16 units (JavaScript).
    #[arg(long, value_enum, default_value = "codepoint")]
    offsets: OffsetsArg,

    /// CoNLL tag scheme [default: BILOU if any L-/U- tag appears, else IOB2]
    #[arg(long, value_enum)]
    scheme: Option<SchemeArg>,

    /// doccano's label ids for its older "annotations" layout: its label export
    /// ([{"id", "text"}, ...]) or ID=NAME lines.
    #[arg(long, value_name = "FILE")]
    label_ids: Option<PathBuf>,

    /// Which Prodigy answers to import; lines with other answers are skipped and counted.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "accept")]
    answers: Vec<AnswerArg>,

    /// Read only this group of a spaCy "spans" dict [default: every group]
    #[arg(long, value_name = "NAME")]
    span_group: Option<String>,

    /// Do not read this top-level key (repeatable); its items are counted in the summary.
    #[arg(long, value_name = "KEY")]
    ignore_key: Vec<String>,

    /// Rename a label on import: OLD=NEW, or a file of OLD=NEW lines (a value without
    /// `=` names a file; repeatable). NEW must be a valid label name.
    #[arg(long, value_name = "OLD=NEW|FILE")]
    label_map: Vec<String>,

    /// Map document ids in the data that are not `[A-Za-z0-9._-]` to ASCII ("Zürich
    /// report" -> "Zurich-report") and report each, instead of refusing them.
    #[arg(long)]
    sanitize_ids: bool,
}

pub fn run(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let annotator = AnnotatorName::person(args.annotator.as_str()).context("--annotator")?;
    let corpus = Corpus::new(args.into.clone().unwrap_or_else(|| PathBuf::from(".")));
    let format = match args.from {
        FromArg::Brat => ImportFormat::Brat,
        FromArg::Doccano => ImportFormat::Doccano,
        FromArg::Conll => ImportFormat::Conll,
        FromArg::Jsonl => ImportFormat::Jsonl,
    };
    let mut options = ImportOptions {
        offsets: args.offsets.into(),
        scheme: args.scheme.map(Into::into),
        answers: args.answers.iter().map(|&a| a.into()).collect(),
        span_group: args.span_group.clone(),
        ignore_keys: args.ignore_key.iter().cloned().collect(),
        sanitize_ids: args.sanitize_ids,
        ..ImportOptions::new(format)
    };
    let sources = LabelSources {
        label_map: args.label_map.clone(),
        label_ids: args.label_ids.clone(),
    };
    if let Err(e) = sources.read_into(&mut options) {
        return refused(&mut std::io::stdout().lock(), &e);
    }
    let status = if args.done {
        Status::Done
    } else {
        Status::InProgress
    };
    let mut out = std::io::stdout().lock();
    remove_stale_temp_files(&mut out, &corpus)?;
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
                writeln!(out, "{line}")?;
            }
            if !outcome.succeeded() {
                writeln!(out, "{ALL_SKIPPED}")?;
                return Ok(ExitCode::from(1));
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(ImportJobError::Import {
            error: ImportError::Input(e),
            ..
        }) => refused(&mut out, &e),
        Err(ImportJobError::Import {
            error: ImportError::Exists(paths),
            warnings,
        }) => {
            for warning in &warnings {
                writeln!(out, "{warning}")?;
            }
            for path in &paths {
                writeln!(out, "{}: error: already exists", path.display())?;
            }
            writeln!(
                out,
                "nothing was imported: use --force to replace these files"
            )?;
            Ok(ExitCode::from(1))
        }
        Err(ImportJobError::Import {
            error: ImportError::Locked(files),
            ..
        }) => {
            for (path, holder) in &files {
                writeln!(
                    out,
                    "{}: error: open in a spantag window ({holder})",
                    path.display()
                )?;
            }
            writeln!(
                out,
                "nothing was imported: close these documents in that window first"
            )?;
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}

/// Removes the temporary files that killed writes left in the corpus over an hour ago,
/// a line for each; a folder it cannot clean is a warning, and the import goes on.
fn remove_stale_temp_files(out: &mut impl Write, corpus: &Corpus) -> anyhow::Result<()> {
    match corpus.remove_stale_temp_files(std::time::SystemTime::now()) {
        Ok(removed) => {
            for path in removed {
                writeln!(
                    out,
                    "removed {}: a temporary file left by an interrupted write over an hour ago",
                    path.display()
                )?;
            }
        }
        Err(e) => {
            for d in &e.diagnostics {
                writeln!(
                    out,
                    "{}: warning: temporary files left by interrupted writes were not removed: {}",
                    d.file.display(),
                    d.message
                )?;
            }
        }
    }
    Ok(())
}

/// Prints every problem with the input and says nothing was imported: exit 1.
fn refused(out: &mut impl Write, e: &FileError) -> anyhow::Result<ExitCode> {
    for diagnostic in &e.diagnostics {
        writeln!(out, "{diagnostic}")?;
    }
    writeln!(out, "nothing was imported: fix the input and run again")?;
    Ok(ExitCode::from(1))
}
