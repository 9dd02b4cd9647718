//! `spantag suggest --evaluate`: how far each source of suggestions can be trusted.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use spantag::jobs::suggest::{Score, Source, evaluate};

/// Suggestions from the corpus dictionary and gazetteers (issue 14).
///
/// With --evaluate, scores each source against an annotator's (or the gold's) spans:
/// what it would suggest in every document they annotated, exact matches (same
/// boundaries and label) counted as correct. The dictionary is scored on each document
/// with what the other documents taught it. Adding suggestions to files comes with the
/// suggestion layer; for now --evaluate is required.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  spantag suggest --evaluate --against gold          both sources against the gold
  spantag suggest --evaluate --against alice --from gazetteer ~/corpus")]
pub struct SuggestArgs {
    /// The corpus folder [default: the current folder].
    corpus: Option<PathBuf>,

    /// Score the sources instead of suggesting.
    #[arg(long, required = true)]
    evaluate: bool,

    /// Whose spans are the truth: an annotator's name, or gold.
    #[arg(long, value_name = "NAME", required = true)]
    against: String,

    /// The sources to score [default: both].
    #[arg(long, value_name = "SOURCE", value_parser = ["dictionary", "gazetteer"])]
    from: Vec<String>,
}

pub fn run(args: &SuggestArgs) -> anyhow::Result<ExitCode> {
    let corpus = args.corpus.clone().unwrap_or_else(|| PathBuf::from("."));
    let mut sources: Vec<Source> = args
        .from
        .iter()
        .map(|s| match s.as_str() {
            "gazetteer" => Source::Gazetteer,
            _ => Source::Dictionary,
        })
        .collect();
    if sources.is_empty() {
        sources = vec![Source::Dictionary, Source::Gazetteer];
    }
    sources.dedup();
    let evaluation = evaluate(&corpus, &args.against, &sources)?;
    for warning in &evaluation.warnings {
        eprintln!("{warning}");
    }
    let mut out = std::io::stdout().lock();
    let expected = evaluation.scores.first().map_or(0, |(_, s)| s.expected);
    writeln!(
        out,
        "against {}: {} {}, {} {}\n",
        args.against,
        evaluation.documents,
        spantag::jobs::plural(evaluation.documents, "document", "documents"),
        expected,
        spantag::jobs::plural(expected, "span", "spans"),
    )?;
    writeln!(
        out,
        "{:<12}{:>9}{:>11}{:>10}{:>11}{:>9}{:>9}",
        "source", "entries", "suggested", "correct", "precision", "recall", "F1"
    )?;
    let figure = |x: Option<f64>| x.map_or_else(|| "—".to_owned(), |v| format!("{v:.3}"));
    for (source, score) in &evaluation.scores {
        let entries = evaluation
            .entries
            .iter()
            .find(|(s, _)| s == source)
            .map_or(0, |(_, n)| *n);
        let Score {
            suggested, correct, ..
        } = score;
        writeln!(
            out,
            "{:<12}{:>9}{:>11}{:>10}{:>11}{:>9}{:>9}",
            source.name(),
            entries,
            suggested,
            correct,
            figure(score.precision()),
            figure(score.recall()),
            figure(score.f1())
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
