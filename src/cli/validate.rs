//! `spantag validate`: checks annotation files and prints each problem like a compiler.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::{Value, json};
use spantag::io::validate::{FileReport, check_files, ron_files};
use spantag::jobs::plural;

use super::health::Health;

/// Check annotation files: format version, hash, spans, names.
///
/// Prints one line per problem, `file:line:col: error: message` (or `warning:`), then a
/// summary. Also warns about annotation folders that match no text in samples/ (naming
/// the text they annotate) and recovery copies left beside annotation files. Exits 0 when every file is valid (warnings allowed), 1 when any is not, 2 on
/// usage errors.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  spantag validate                               every file under ./annotations
  spantag validate annotations/homs/alice.ron    one file
  spantag validate ~/corpus/annotations other/   several folders
  spantag validate --json                        the same as JSON, for scripts")]
pub struct ValidateArgs {
    /// Files or folders to check (folders are searched for .ron files) [default: annotations/]
    paths: Vec<PathBuf>,

    /// Print JSON instead of lines: each file with its problems, the annotation folders
    /// no text matches, the recovery copies, and the counts.
    #[arg(long)]
    json: bool,
}

pub fn run(args: &ValidateArgs) -> anyhow::Result<ExitCode> {
    let paths = if args.paths.is_empty() {
        let default = PathBuf::from("annotations");
        anyhow::ensure!(
            default.is_dir(),
            "there is no annotations/ folder here; give the files or folders to check"
        );
        vec![default]
    } else {
        args.paths.clone()
    };
    let mut files = Vec::new();
    // What the walk left out (FIFOs, links out of the corpus or in a loop) goes to
    // standard error: the report on standard output stays one line per problem found
    // in a file that was checked.
    let mut err = std::io::stderr().lock();
    for path in &paths {
        let (found, skipped) = ron_files(path).map_err(|e| {
            let reason = e
                .errors()
                .next()
                .map_or("cannot be read", |d| d.message.as_str());
            anyhow::anyhow!("{}: {reason}", path.display())
        })?;
        for warning in &skipped {
            writeln!(err, "{warning}")?;
        }
        files.extend(found);
    }
    // The annotations (their texts) are not needed here: not kept, for big corpora.
    let reports: Vec<FileReport> = check_files(&files, false);
    // The corpus's loose ends: folders no text matches, recovery copies.
    let mut roots = Vec::new();
    for path in &paths {
        if let Some(corpus) = super::health::corpus_of(path)
            && !roots.contains(&corpus)
        {
            roots.push(corpus);
        }
    }
    let mut health = Vec::new();
    for corpus in &roots {
        health.push(Health::of(corpus)?.within(&paths));
    }
    let diagnostics = || reports.iter().flat_map(|r| &r.diagnostics);
    let errors = diagnostics().filter(|d| d.is_error()).count();
    let health_lines: Vec<String> = health.iter().flat_map(Health::warnings).collect();
    let warnings = diagnostics().count() - errors + health_lines.len();
    let valid = reports.iter().filter(|r| r.is_valid()).count();
    let invalid = files.len() - valid;
    // Written, not printed: a closed pipe is an error to end on, not a panic.
    let mut out = std::io::stdout().lock();
    if args.json {
        let json = json!({
            "files": reports.iter().map(report_json).collect::<Vec<_>>(),
            "orphan_annotation_folders": health.iter().flat_map(|h| h.orphans_json()).collect::<Vec<_>>(),
            "recovery_files": health.iter().flat_map(|h| h.recovery_json()).collect::<Vec<_>>(),
            "checked": files.len(),
            "valid": valid,
            "invalid": invalid,
            "errors": errors,
            "warnings": warnings,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&json)?)?;
    } else {
        for diagnostic in diagnostics() {
            writeln!(out, "{diagnostic}")?;
        }
        for line in &health_lines {
            writeln!(out, "{line}")?;
        }
        writeln!(
            out,
            "checked {} {}: {valid} valid, {invalid} invalid ({errors} {}, {warnings} {})",
            files.len(),
            plural(files.len(), "file", "files"),
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings"),
        )?;
    }
    Ok(if invalid == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// One file's report as JSON: its path, whether it is valid, and each problem.
fn report_json(report: &FileReport) -> Value {
    json!({
        "path": report.path.display().to_string(),
        "valid": report.is_valid(),
        "diagnostics": report.diagnostics.iter().map(|d| json!({
            "severity": d.severity.to_string(),
            "line": d.position.map(|p| p.line),
            "col": d.position.map(|p| p.col),
            "message": d.message,
        })).collect::<Vec<_>>(),
    })
}
