//! `spantag agree`: how much annotators agree, pair by pair and as a group.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use spantag::io::store::Corpus;
use spantag::jobs::agree::AgreeOutcome;
use spantag::review::agreement::Agreement;

/// Measure agreement between annotators: exact and overlap span F1, per-label F1,
/// Cohen's kappa over tokens for every pair, Fleiss' kappa across all, and where they
/// disagree (label, boundary, partial).
///
/// Corpus figures are micro-averaged over documents: span counts are summed, kappa is
/// over the tokens of every document both annotators have. Tokens and their IOB2 tags
/// are those of the CoNLL export.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  spantag agree                        the corpus in the current folder
  spantag agree ~/corpus --json        for scripts
  spantag agree --per-document         also each document, worst first")]
pub struct AgreeArgs {
    /// The corpus folder [default: the current folder]
    corpus: Option<PathBuf>,

    /// Print JSON instead of tables.
    #[arg(long)]
    json: bool,

    /// Add the same figures for each document.
    #[arg(long)]
    per_document: bool,
}

pub fn run(args: &AgreeArgs) -> anyhow::Result<ExitCode> {
    let root = args.corpus.clone().unwrap_or_else(|| PathBuf::from("."));
    let AgreeOutcome {
        corpus,
        per_document,
        unreadable,
    } = spantag::jobs::agree::run(&Corpus::new(&root))?;
    for error in &unreadable {
        eprintln!("{error}");
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        let mut json = serde_json::to_value(&corpus)?;
        if args.per_document {
            json["per_document"] = serde_json::to_value(&per_document)?;
        }
        writeln!(out, "{}", serde_json::to_string_pretty(&json)?)?;
    } else {
        print_tables(&mut out, "corpus", &corpus)?;
        if args.per_document {
            for d in &per_document {
                writeln!(out)?;
                print_tables(&mut out, &d.doc, &d.agreement)?;
            }
        }
    }
    Ok(if unreadable.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn figure(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_owned(), |v| format!("{v:.3}"))
}

fn print_tables(out: &mut impl Write, title: &str, a: &Agreement) -> std::io::Result<()> {
    writeln!(
        out,
        "{title}: {} documents with two or more annotators; annotators: {}",
        a.documents,
        a.annotators.join(", ")
    )?;
    if a.pairs.is_empty() {
        writeln!(
            out,
            "no two annotators share a document: nothing to compare"
        )?;
        return Ok(());
    }
    writeln!(out)?;
    writeln!(
        out,
        "{:<22}{:>6}{:>10}{:>10}{:>10}{:>12}{:>10}",
        "pair", "docs", "exact P", "exact R", "exact F1", "overlap F1", "token κ"
    )?;
    for p in &a.pairs {
        writeln!(
            out,
            "{:<22}{:>6}{:>10.3}{:>10.3}{:>10.3}{:>12.3}{:>10}",
            format!("{} / {}", p.a, p.b),
            p.documents,
            p.exact.precision,
            p.exact.recall,
            p.exact.f1,
            p.overlap.f1,
            figure(p.token_kappa)
        )?;
    }
    let labels: Vec<&String> = a.confusion.labels.iter().filter(|l| *l != "none").collect();
    writeln!(out)?;
    write!(out, "{:<22}", "per-label F1")?;
    for l in &labels {
        write!(out, "{:>10}", l)?;
    }
    writeln!(out)?;
    for p in &a.pairs {
        write!(out, "{:<22}", format!("{} / {}", p.a, p.b))?;
        for l in &labels {
            write!(out, "{:>10}", figure(p.per_label.get(*l).map(|f| f.f1)))?;
        }
        writeln!(out)?;
    }
    writeln!(out)?;
    writeln!(out, "Fleiss' κ, all annotators: {}", figure(a.fleiss_kappa))?;
    let d = &a.disagreements;
    writeln!(
        out,
        "places: {} agreed; disagreements: {} label, {} boundary, {} partial",
        d.agreed, d.label, d.boundary, d.partial
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "label confusion, same boundaries (rows: first of each pair):"
    )?;
    write!(out, "{:<12}", "")?;
    for l in &a.confusion.labels {
        write!(out, "{l:>10}")?;
    }
    writeln!(out)?;
    for (row, counts) in a.confusion.labels.iter().zip(&a.confusion.matrix) {
        write!(out, "{row:<12}")?;
        for c in counts {
            write!(out, "{c:>10}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}
