//! `spantag search`: every place a pattern occurs in a corpus, one line each.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use spantag::jobs::search::{CONTEXT, SearchRequest, TagFilter};
use spantag::model::{AnnotatorName, Label};
use spantag::text::search::Query;

/// Finds a text (or a regular expression) in every document of a corpus.
///
/// Prints one hit a line as `doc-id:start:end: …context…`, offsets in code points
/// (half-open), the context being the hit's line up to 40 characters each side. Exits 1
/// when nothing is found.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  spantag search Homs                          every Homs in the corpus here
  spantag search حمص ~/corpus --ignore-marks   also حمصَ, with harakat or tatweel
  spantag search Homs --whole-word --untagged  places still to tag (not in Homsi)
  spantag search '\\d+ (dead|killed)' --regex --json")]
pub struct SearchArgs {
    /// The text to find (a regular expression with --regex).
    pattern: String,

    /// The corpus folder [default: the current folder].
    corpus: Option<PathBuf>,

    /// Read PATTERN as a regular expression (Rust regex syntax).
    #[arg(long)]
    regex: bool,

    /// Upper and lower case match each other.
    #[arg(long, short = 'i')]
    ignore_case: bool,

    /// Ignore accents and other marks, Arabic harakat and tatweel; alef and yeh variants
    /// match plain alef and yeh.
    #[arg(long)]
    ignore_marks: bool,

    /// Only hits with no letter or digit right before or after them.
    #[arg(long, short = 'w')]
    whole_word: bool,

    /// Only hits no span has exactly (the places still to tag).
    #[arg(long, conflicts_with = "label")]
    untagged: bool,

    /// Only hits a span with this label has exactly.
    #[arg(long, value_name = "LABEL")]
    label: Option<String>,

    /// Whose spans count for --untagged, --label and the labels shown [default: every
    /// file of the document, gold too].
    #[arg(long, value_name = "NAME")]
    annotator: Option<String>,

    /// One JSON object a line: document, start, end, text, before, after, labels.
    #[arg(long)]
    json: bool,
}

pub fn run(args: &SearchArgs) -> anyhow::Result<ExitCode> {
    let corpus = args.corpus.clone().unwrap_or_else(|| PathBuf::from("."));
    let annotator = args
        .annotator
        .clone()
        .map(AnnotatorName::new)
        .transpose()
        .context("--annotator")?;
    let filter = match (&args.label, args.untagged) {
        (Some(label), _) => TagFilter::Label(Label::new(label.clone())),
        (None, true) => TagFilter::Untagged,
        (None, false) => TagFilter::Any,
    };
    let request = SearchRequest {
        query: Query {
            pattern: args.pattern.clone(),
            regex: args.regex,
            ignore_case: args.ignore_case,
            ignore_marks: args.ignore_marks,
            whole_word: args.whole_word,
        },
        filter,
        annotator,
        context: CONTEXT,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let summary = spantag::jobs::search::run(&corpus, &request, |hit| {
        if args.json {
            serde_json::to_writer(&mut out, &hit)?;
            writeln!(out)
        } else {
            let one_line = |s: &str| s.replace(['\t', '\r', '\n'], " ");
            writeln!(
                out,
                "{}:{}:{}: {}{}{}",
                hit.document,
                hit.start,
                hit.end,
                one_line(&hit.before),
                one_line(&hit.text),
                one_line(&hit.after)
            )
        }
    })?;
    out.flush()?;
    for warning in &summary.warnings {
        eprintln!("{warning}");
    }
    if summary.hits == 0 {
        eprintln!(
            "no hit for {:?} in {} document{}",
            args.pattern,
            summary.documents,
            if summary.documents == 1 { "" } else { "s" }
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
