//! `spantag relink`: moves the files of an annotation folder that matches no text to the
//! text they annotate.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use spantag::model::DocId;

use super::health::{Health, corpus_of};

/// Move an annotation folder that matches no text to the text it annotates.
///
/// `spantag validate` names such folders (left by an older id rule, or a text renamed)
/// and the text whose sha256 their files hold. Each file is rewritten with the new
/// document id, one atomic write each; nothing moves when a file does not read,
/// annotates another text, or its annotator already has a file for that document.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  spantag relink annotations/- Kyiv          move annotations/-/*.ron to annotations/Kyiv/")]
pub struct RelinkArgs {
    /// The annotation folder that matches no text, e.g. annotations/-
    folder: PathBuf,
    /// The id of the text to move its files to (as `spantag validate` suggests)
    doc_id: String,
}

pub fn run(args: &RelinkArgs) -> anyhow::Result<ExitCode> {
    let to = DocId::new(args.doc_id.as_str()).context("DOC-ID")?;
    let corpus = corpus_of(&args.folder)
        .with_context(|| format!("{}: not in a corpus", args.folder.display()))?;
    let health = Health::of(&corpus)?.within(std::slice::from_ref(&args.folder));
    let orphan = health
        .orphans
        .iter()
        .find(|o| same_file(&o.path, &args.folder))
        .with_context(|| {
            format!(
                "{}: not an annotation folder without a text (spantag validate lists them)",
                args.folder.display()
            )
        })?;
    anyhow::ensure!(
        !orphan.files.is_empty(),
        "{}: holds no annotation file (*.ron) to move",
        args.folder.display()
    );
    let written = corpus.relink(orphan, &to)?;
    let mut out = std::io::stdout().lock();
    for (from, to) in orphan.files.iter().zip(&written) {
        writeln!(
            out,
            "moved {} to {}",
            corpus.relative(from),
            corpus.relative(to)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
