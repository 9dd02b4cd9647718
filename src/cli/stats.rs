//! `spantag stats`: documents, annotators, spans per label, progress.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use rayon::prelude::*;
use spantag::io::store::Corpus;
use spantag::io::validate::{FileReport, check_file, ron_files, schema_for};
use spantag::model::Label;
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
    anyhow::ensure!(path.exists(), "{}: no such file or folder", path.display());
    let corpus = Corpus::containing(&path).filter(|c| c.root() == path);
    let (text_ids, files) = match &corpus {
        Some(corpus) => {
            let (texts, collisions, skipped_texts) = corpus
                .list_texts_and_skips()
                .context("cannot list the texts")?;
            // On standard error: the tables (or JSON) on standard output stay clean.
            let mut err = std::io::stderr().lock();
            for collision in collisions {
                writeln!(err, "samples: warning: {collision}")?;
            }
            let ids: Vec<String> = texts.iter().map(|t| t.id.to_string()).collect();
            let (files, skipped_files) = corpus
                .annotation_files_and_skips()
                .context("cannot list the annotations")?;
            for warning in skipped_texts.iter().chain(&skipped_files) {
                writeln!(err, "{warning}")?;
            }
            (ids, files)
        }
        None => {
            let (files, skipped) = ron_files(&path).context("cannot list the files")?;
            let mut err = std::io::stderr().lock();
            for warning in &skipped {
                writeln!(err, "{warning}")?;
            }
            (Vec::new(), files)
        }
    };
    let mut annotations = Vec::new();
    let mut invalid = Vec::new();
    // Read on every core, then taken in the files' order.
    let reports: Vec<Result<FileReport, String>> = files
        .par_iter()
        .map(|file| {
            schema_for(file)
                .map(|schema| check_file(file, &schema))
                .map_err(|e| e.to_string())
        })
        .collect();
    for report in reports {
        let report = match report {
            Ok(report) => report,
            Err(e) => {
                invalid.push(e);
                continue;
            }
        };
        match report.annotation {
            Some(annotation) => annotations.push(annotation),
            None => invalid.extend(
                report
                    .diagnostics
                    .iter()
                    .find(|d| d.is_error())
                    .map(ToString::to_string),
            ),
        }
    }
    let mut stats = CorpusStats::collect(text_ids.iter().map(String::as_str), &annotations);
    stats.invalid_files = invalid;
    // A schema that does not read is among the invalid files already.
    let schema = schema_for(&path).unwrap_or_default();
    stats.labels_outside_schema = stats
        .labels
        .keys()
        .filter(|l| !schema.knows(&Label::new(l.as_str())))
        .cloned()
        .collect();
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
    writeln!(out, "spans             {}", stats.spans)?;
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
