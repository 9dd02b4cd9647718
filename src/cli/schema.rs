//! `spantag schema init`: a `spantag.ron` with the labels a corpus or brat uses.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use spantag::io::store::Corpus;

/// The corpus's labels: `spantag.ron`.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    #[command(subcommand)]
    command: SchemaCommand,
}

#[derive(Debug, clap::Subcommand)]
enum SchemaCommand {
    Init(InitArgs),
}

/// Writes spantag.ron with every label found, keys 1-9 then free letters, and colours
/// that read on light and dark themes and stay apart for colour-blind readers.
///
/// An existing spantag.ron keeps its labels and gets the missing ones added. When it
/// already has every label found, nothing is written and the exit code is 0; no label
/// found at all is exit 1.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  spantag schema init                                  labels of the corpus in this folder
  spantag schema init --from brat/annotation.conf      entity types declared for brat
  spantag schema init ~/corpus --from ~/other-corpus   labels of another corpus
  spantag schema init --force                          start spantag.ron again")]
struct InitArgs {
    /// The corpus whose spantag.ron is written [default: the current folder].
    corpus: Option<PathBuf>,

    /// Where the labels come from: a corpus folder (its annotation files), brat's
    /// annotation.conf, or a brat folder holding one [default: the corpus].
    #[arg(long, value_name = "CORPUS_OR_ANNOTATION_CONF")]
    from: Option<PathBuf>,

    /// Write spantag.ron anew instead of adding to it.
    #[arg(long)]
    force: bool,
}

pub fn run(args: &SchemaArgs) -> anyhow::Result<ExitCode> {
    let SchemaCommand::Init(args) = &args.command;
    let corpus = Corpus::new(args.corpus.clone().unwrap_or_else(|| PathBuf::from(".")));
    let mut out = std::io::stdout().lock();
    match spantag::jobs::schema::init(&corpus, args.from.as_deref(), args.force) {
        Ok(outcome) => {
            for e in &outcome.unreadable {
                eprintln!("{e}");
            }
            for line in outcome.lines() {
                writeln!(out, "{line}")?;
            }
            Ok(if outcome.unreadable.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Err(e) => {
            eprintln!("{e}");
            Ok(ExitCode::from(1))
        }
    }
}
