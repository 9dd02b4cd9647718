//! The command line: `spantag [PATH]` opens the window, subcommands work headless.
//!
//! Subcommands write to a locked `std::io::stdout()` with `writeln!` and pass the error
//! on, never `println!`: that panics when the reader of a pipe has gone, and [`run`] ends
//! quietly on a closed pipe only if the error reaches it.
#![deny(clippy::print_stdout)]

mod agree;
mod args;
mod export;
mod health;
mod import;
mod relink;
mod schema;
mod search;
mod stats;
mod suggest;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

const EXAMPLES: &str = "\
Examples:
  spantag                                  open the window on ./samples and ./annotations
  spantag samples/homs.txt                 open one article of a corpus
  spantag --annotator alice ~/corpus       open a corpus folder as alice
  spantag validate                         check every file under ./annotations
  spantag stats --json                     corpus figures for scripts
  spantag search Homs --whole-word --untagged   places still to tag
  spantag export --format conll --out train.conll --annotator alice";

/// Tag actors, locations and events in news articles, and keep the work as RON files.
#[derive(Debug, Parser)]
#[command(name = "spantag", version, after_help = EXAMPLES, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// A corpus folder (holding samples/ and annotations/) or a text file to open in the
    /// window [default: the current folder].
    pub path: Option<PathBuf>,

    /// Your annotator name (letters A-Z a-z, digits, '.', '_', '-').
    // A value that starts with `-` reaches the name check, which says why it is refused.
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    pub annotator: Option<String>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    Agree(agree::AgreeArgs),
    Export(export::ExportArgs),
    Import(import::ImportArgs),
    Validate(validate::ValidateArgs),
    Relink(relink::RelinkArgs),
    Stats(stats::StatsArgs),
    Schema(schema::SchemaArgs),
    Search(search::SearchArgs),
    Suggest(suggest::SuggestArgs),
}

/// Parses the command line and runs it. Exit codes: 0 success, 1 problems found (invalid
/// files), 2 usage errors or failures to run.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Agree(args)) => agree::run(&args),
        Some(Command::Export(args)) => export::run(&args),
        Some(Command::Import(args)) => import::run(&args),
        Some(Command::Validate(args)) => validate::run(&args),
        Some(Command::Relink(args)) => relink::run(&args),
        Some(Command::Stats(args)) => stats::run(&args),
        Some(Command::Schema(args)) => schema::run(&args),
        Some(Command::Search(args)) => search::run(&args),
        Some(Command::Suggest(args)) => suggest::run(&args),
        None => open_window(cli.path, cli.annotator),
    };
    match result {
        Ok(code) => code,
        // The reader of our output went away (`spantag validate | head -1`): it had what
        // it wanted, so end quietly with 0, as ripgrep does. Rust ignores SIGPIPE, so a
        // closed pipe comes back as this error from the first write after it.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("spantag: error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// Whether `error` comes from writing to a pipe whose reader has closed it.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(feature = "gui")]
fn open_window(path: Option<PathBuf>, annotator: Option<String>) -> anyhow::Result<ExitCode> {
    use anyhow::Context;
    let annotator = annotator
        .map(spantag::model::AnnotatorName::person)
        .transpose()
        .context("--annotator")?;
    let path = path.unwrap_or_else(|| PathBuf::from("."));
    anyhow::ensure!(path.exists(), "{}: no such file or folder", path.display());
    spantag::ui::run(spantag::ui::Launch { path, annotator })
        .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "gui"))]
fn open_window(_path: Option<PathBuf>, _annotator: Option<String>) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "this spantag was built without the window (cargo feature `gui`); the subcommands work: see spantag --help"
    )
}

/// Turns a panic (a bug) into one line on stderr instead of a backtrace.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("spantag: internal error{place}: {message} (this is a bug; please report it)");
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
