//! `spantag stats`: documents, annotators, spans per label, progress.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use spantag::jobs::stats::StatsOutcome;
use spantag::review::stats::CorpusStats;

use super::health::Health;

/// Figures about a corpus: documents, annotators, spans per label, done vs in progress.
///
/// Files that cannot be read are listed (and make the exit code 1) but do not stop the
/// count. Annotation folders that match no text in samples/ and recovery copies left
/// beside annotation files are counted and listed on stderr (in the JSON too).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  spantag stats                      the corpus in the current folder
  spantag stats ~/corpus --json      the same as JSON, for scripts
  spantag stats annotations/homs     only the files of one document")]
pub struct StatsArgs {
    /// A corpus folder, a folder of .ron files or one file [default: the current folder]
    path: Option<PathBuf>,

    /// Print JSON instead of tables.
    #[arg(long)]
    json: bool,
}

pub fn run(args: &StatsArgs) -> anyhow::Result<ExitCode> {
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let StatsOutcome {
        stats,
        listing_warnings,
        corpus,
    } = spantag::jobs::stats::run(&path)?;
    // On standard error: the tables (or JSON) on standard output stay clean.
    for warning in &listing_warnings {
        eprintln!("{warning}");
    }
    // The corpus's loose ends: folders no text matches, recovery copies.
    let health = match &corpus {
        Some(corpus) => Some(Health::of(corpus)?),
        None => super::health::corpus_of(&path)
            .map(|c| Health::of(&c))
            .transpose()?
            .map(|h| h.within(std::slice::from_ref(&path))),
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        let mut value = serde_json::to_value(&stats)?;
        // Left out when there are none, as labels_outside_schema is.
        if let Some(health) = &health {
            if !health.orphans.is_empty() {
                value["orphan_annotation_folders"] = health.orphans_json().into();
            }
            if !health.recovery.is_empty() {
                value["recovery_files"] = health.recovery_json().into();
            }
        }
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    } else {
        print_tables(&mut out, &path, &stats, health.as_ref())?;
    }
    if let Some(health) = &health {
        for line in health.warnings() {
            eprintln!("{line}");
        }
    }
    for line in &stats.invalid_files {
        eprintln!("{line}");
    }
    Ok(if stats.invalid_files.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_tables(
    out: &mut impl Write,
    path: &Path,
    stats: &CorpusStats,
    health: Option<&Health>,
) -> std::io::Result<()> {
    writeln!(out, "corpus            {}", path.display())?;
    writeln!(
        out,
        "documents         {} ({} annotated)",
        stats.documents, stats.annotated_documents
    )?;
    writeln!(
        out,
        "annotation files  {} ({} done, {} in progress)",
        stats.annotation_files, stats.done, stats.in_progress
    )?;
    let suggested: Vec<String> = stats
        .spans_by_origin
        .iter()
        .filter(|(origin, _)| *origin != "hand")
        .map(|(origin, n)| format!("{origin} {n}"))
        .collect();
    if suggested.is_empty() {
        writeln!(out, "spans             {}", stats.spans)?;
    } else {
        let hand = stats.spans_by_origin.get("hand").copied().unwrap_or(0);
        writeln!(
            out,
            "spans             {} ({hand} by hand; {})",
            stats.spans,
            suggested.join(", ")
        )?;
    }
    if stats.suggestions + stats.rejected > 0 {
        let only = match stats.suggestion_files {
            0 => String::new(),
            n => format!(
                "; {n} {} of suggestions only",
                spantag::jobs::plural(n, "file", "files")
            ),
        };
        writeln!(
            out,
            "suggestions       {} pending, {} rejected{only}",
            stats.suggestions, stats.rejected
        )?;
    }
    if !stats.labels_outside_schema.is_empty() {
        writeln!(
            out,
            "outside schema    {} (add them with: spantag schema init)",
            stats.labels_outside_schema.join(", ")
        )?;
    }
    if !stats.invalid_files.is_empty() {
        writeln!(
            out,
            "invalid files     {} (listed on stderr)",
            stats.invalid_files.len()
        )?;
    }
    if let Some(health) = health {
        if !health.orphans.is_empty() {
            let relinkable = health
                .orphans
                .iter()
                .filter(|o| o.relink_to.is_some())
                .count();
            writeln!(
                out,
                "orphan folders    {} ({relinkable} with a text to relink to; listed on stderr)",
                health.orphans.len()
            )?;
        }
        if !health.recovery.is_empty() {
            writeln!(
                out,
                "recovery copies   {} (listed on stderr)",
                health.recovery.len()
            )?;
        }
    }
    let labels: Vec<&String> = stats.labels.keys().collect();
    writeln!(out)?;
    writeln!(out, "{:<14}{:>7}", "label", "spans")?;
    for label in &labels {
        writeln!(out, "{label:<14}{:>7}", stats.labels[*label])?;
    }
    writeln!(out)?;
    write!(
        out,
        "{:<14}{:>6}{:>6}{:>13}{:>7}",
        "annotator", "docs", "done", "in progress", "spans"
    )?;
    for label in &labels {
        write!(out, "{:>width$}", label, width = label.len().max(5) + 2)?;
    }
    writeln!(out)?;
    for (name, a) in &stats.annotators {
        write!(
            out,
            "{name:<14}{:>6}{:>6}{:>13}{:>7}",
            a.documents, a.done, a.in_progress, a.spans
        )?;
        for label in &labels {
            let count = a.labels.get(*label).copied().unwrap_or(0);
            write!(out, "{:>width$}", count, width = label.len().max(5) + 2)?;
        }
        writeln!(out)?;
    }
    Ok(())
}
