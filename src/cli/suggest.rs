//! `spantag suggest --evaluate`: how far each source of suggestions can be trusted.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use spantag::io::consent::{CommandPermission, Consents};
use spantag::jobs::plural;
use spantag::jobs::suggest::{self as job, Score, SuggestRequest, evaluate};
use spantag::model::{AnnotatorName, Origin};

/// Suggestions from the corpus dictionary and gazetteers.
///
/// Adds what the sources suggest to an annotator's files (creating them where missing)
/// as pending suggestions, which the window shows for them to accept or reject; with
/// --accept, adds them as spans that record their source. A suggestion already there,
/// rejected, or whose place already has a span is not added again.
///
/// With --evaluate, scores each source against an annotator's (or the gold's) spans:
/// what it would suggest in every document they annotated, exact matches (same
/// boundaries and label) counted as correct. The dictionary is scored on each document
/// with what the other documents taught it.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  spantag suggest --annotator alice                  suggestions in all of alice's files
  spantag suggest --annotator alice --from gazetteer --documents homs-shelling --accept
  spantag suggest --evaluate --against gold          both sources against the gold
  spantag suggest --evaluate --against alice --from gazetteer ~/corpus")]
pub struct SuggestArgs {
    /// The corpus folder [default: the current folder].
    corpus: Option<PathBuf>,

    /// Whose files get the suggestions.
    #[arg(
        long,
        value_name = "NAME",
        required_unless_present = "evaluate",
        conflicts_with = "evaluate"
    )]
    annotator: Option<String>,

    /// Only these documents [default: every document].
    #[arg(long, value_name = "ID", num_args = 1.., conflicts_with = "evaluate")]
    documents: Vec<String>,

    /// Add the suggestions as spans (recording their source), not as suggestions.
    #[arg(long, conflicts_with = "evaluate")]
    accept: bool,

    /// Score the sources instead of suggesting.
    #[arg(long, requires = "against")]
    evaluate: bool,

    /// With --evaluate: whose spans are the truth, an annotator's name or gold.
    #[arg(long, value_name = "NAME", requires = "evaluate")]
    against: Option<String>,

    /// The sources to ask; where two suggest the same place, the dictionary wins, then
    /// the gazetteer, then the command [default: dictionary and gazetteer, unless
    /// spantag.ron switches one off]. `command` is the external command spantag.ron
    /// names (any model), which reads {"id", "text"} lines and writes {"id", "spans"}.
    #[arg(long, value_name = "SOURCE", value_parser = ["dictionary", "gazetteer", "command"])]
    from: Vec<String>,

    /// Agree to run the command spantag.ron names (for --from command): remembered for
    /// this corpus and this exact command, so it is asked once.
    #[arg(long)]
    allow_command: bool,
}

pub fn run(args: &SuggestArgs) -> anyhow::Result<ExitCode> {
    let corpus = args.corpus.clone().unwrap_or_else(|| PathBuf::from("."));
    let mut sources: Vec<Origin> = args
        .from
        .iter()
        .map(|s| match s.as_str() {
            "gazetteer" => Origin::Gazetteer,
            "command" => Origin::Command,
            _ => Origin::Dictionary,
        })
        .collect();
    if sources.is_empty() {
        sources = vec![Origin::Dictionary, Origin::Gazetteer];
    }
    let mut seen = Vec::new();
    sources.retain(|s| {
        let first = !seen.contains(s);
        seen.push(*s);
        first
    });
    let Some(against) = args.against.as_deref().filter(|_| args.evaluate) else {
        // No --from: the sources spantag.ron leaves on.
        let asked = if args.from.is_empty() {
            Vec::new()
        } else {
            sources
        };
        return suggest(args, &corpus, asked);
    };
    let evaluation = evaluate(&corpus, against, &sources, &permission(args))?;
    for warning in &evaluation.warnings {
        eprintln!("{warning}");
    }
    let mut out = std::io::stdout().lock();
    let expected = evaluation.scores.first().map_or(0, |(_, s)| s.expected);
    writeln!(
        out,
        "against {}: {} {}, {} {}\n",
        against,
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
        // A command's names are its own business.
        let entries = match source {
            Origin::Command => "—".to_owned(),
            _ => entries.to_string(),
        };
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

/// Adds suggestions to the annotator's files and prints what each document got.
fn suggest(args: &SuggestArgs, corpus: &Path, sources: Vec<Origin>) -> anyhow::Result<ExitCode> {
    let name = args.annotator.as_deref().unwrap_or_default();
    let annotator = AnnotatorName::new(name).with_context(|| format!("--annotator {name}"))?;
    let request = SuggestRequest {
        annotator,
        sources,
        documents: args.documents.clone(),
        accept: args.accept,
        permission: permission(args),
    };
    let report = job::run(corpus, &request)?;
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    for error in &report.errors {
        eprintln!("error: {error}");
    }
    let mut out = std::io::stdout().lock();
    let (one, many) = if args.accept {
        ("span", "spans")
    } else {
        ("suggestion", "suggestions")
    };
    for document in &report.changed {
        let added: Vec<String> = document
            .added
            .iter()
            .map(|(source, n)| format!("{source} {n}"))
            .collect();
        let created = if document.created { " (new file)" } else { "" };
        writeln!(out, "{}: {}{created}", document.document, added.join(", "))?;
    }
    let total = report.total();
    let mut entries: Vec<String> = report
        .entries
        .iter()
        .map(|(source, n)| format!("{source} {n} {}", plural(*n, "name", "names")))
        .collect();
    if request.sources.contains(&Origin::Command) {
        entries.push("command".to_owned());
    }
    writeln!(
        out,
        "{} {} {} to {} of {} {} ({name}'s files); sources: {}",
        if args.accept { "added" } else { "suggested" },
        total,
        plural(total, one, many),
        report.changed.len(),
        report.documents,
        plural(report.documents, "document", "documents"),
        entries.join(", "),
    )?;
    Ok(if !report.errors.is_empty() {
        ExitCode::from(2)
    } else if total == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Whether the command spantag.ron names may run: agreed before, or now.
fn permission(args: &SuggestArgs) -> CommandPermission {
    CommandPermission {
        consents: Consents::user(),
        allow_now: args.allow_command,
    }
}
