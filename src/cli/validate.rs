//! `spantag validate`: checks annotation files and prints each problem like a compiler.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use spantag::io::validate::{check_file, ron_files, schema_for};

/// Check annotation files: format version, hash, spans, names.
///
/// Prints one line per problem, `file:line:col: error: message` (or `warning:`), then a
/// summary. Exits 0 when every file is valid (warnings allowed), 1 when any is not, 2 on
/// usage errors.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  spantag validate                               every file under ./annotations
  spantag validate annotations/homs/alice.ron    one file
  spantag validate ~/corpus/annotations other/   several folders")]
pub struct ValidateArgs {
    /// Files or folders to check (folders are searched for .ron files) [default: annotations/]
    paths: Vec<PathBuf>,
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
    // Written, not printed: a closed pipe is an error to end on, not a panic.
    let mut out = std::io::stdout().lock();
    let (mut valid, mut errors, mut warnings) = (0, 0, 0);
    for file in &files {
        let report = match schema_for(file) {
            Ok(schema) => check_file(file, &schema),
            Err(schema_error) => spantag::io::validate::FileReport {
                path: file.clone(),
                diagnostics: schema_error.diagnostics,
                annotation: None,
            },
        };
        for diagnostic in &report.diagnostics {
            writeln!(out, "{diagnostic}")?;
            if diagnostic.is_error() {
                errors += 1;
            } else {
                warnings += 1;
            }
        }
        valid += usize::from(report.is_valid());
    }
    let invalid = files.len() - valid;
    writeln!(
        out,
        "checked {} {}: {valid} valid, {invalid} invalid ({errors} {}, {warnings} {})",
        files.len(),
        plural(files.len(), "file", "files"),
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
    )?;
    Ok(if invalid == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}
