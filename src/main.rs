//! The `spantag` binary: parses the command line, then runs a subcommand or opens the
//! window. All the work is done by the library.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::install_panic_hook();
    cli::run()
}
