//! `spantag export`: a corpus in a training format, with a report of every span that
//! could not be written exactly.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::ValueEnum;

use super::args::{OffsetsArg, SchemeArg};
use spantag::io::export::split::Split;
use spantag::io::export::{ExportOptions, Format, Which};
use spantag::io::store::Corpus;
use spantag::jobs::export::ExportJobError;
use spantag::model::AnnotatorName;
use spantag::text::align::AlignMode;
use spantag::text::tokens::Tokenizer;

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    /// One JSON document a line, code point offsets (spaCy's char_span takes them).
    Jsonl,
    /// CoNLL-2003 `TOKEN TAG` lines, a blank line between sentences.
    Conll,
    /// Hugging Face datasets: a folder with data.jsonl (tokens, ner_tags) and labels.json.
    Hf,
    /// brat standoff: a folder of .txt, .ann and annotation.conf.
    Brat,
    /// doccano JSONL, [start, end, label] triples.
    Doccano,
    /// spaCy DocBin (.spacy) for `spacy train`: doc.ents and every span in spans["sc"].
    Spacy,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum TokenizerArg {
    /// Unicode word boundaries; punctuation and possessives are tokens of their own.
    Unicode,
    /// Split on white space only.
    Whitespace,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum AlignArg {
    /// Grow a span to the tokens it touches.
    Expand,
    /// Shrink a span to the tokens wholly inside it.
    Contract,
    /// Keep only spans that already fall on token boundaries.
    Strict,
}

/// Export annotations for training: JSONL, CoNLL, Hugging Face, brat, doccano or spaCy.
///
/// For each document it takes the gold file if there is one, else the only annotator's
/// file; a document with several annotators and no gold is skipped with a warning, and
/// so is one whose gold file still has undecided places (unless --gold-incomplete).
/// Ends with a summary: documents, spans per label, and every span that token-based
/// formats had to move or leave out, and why. An export left with no document to write
/// writes no file (--out and --report stay as they were), says why and exits 1.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  spantag export --format jsonl --out train.jsonl --annotator alice
  spantag export --format conll --out train.conll --docstart --scheme bilou ~/corpus
  spantag export --format hf --out hf-data/ --gold
  spantag export --format brat --out brat/ --annotator bob
  spantag export --format doccano --offsets utf16 --out doccano.jsonl --done-only
  spantag export --format spacy --out train.spacy --gold
  spantag export --format jsonl --out - --gold | head -1
  spantag export --format jsonl --out sentences.jsonl --sentences --gold
  spantag export --format hf --out hf-data/ --split train=0.8,dev=0.1,test=0.1 --seed 7
  spantag export --format conll --out train.conll --report alignment.json --annotator bob")]
pub struct ExportArgs {
    /// The corpus folder (holding annotations/) [default: the current folder]
    corpus: Option<PathBuf>,

    /// The format.
    #[arg(long, value_enum)]
    format: FormatArg,

    /// Where to write: a file (jsonl, conll, doccano, spacy) or a folder (hf, brat);
    /// `-` writes a single-file format to standard output (the summary then goes to
    /// standard error).
    #[arg(long, value_name = "PATH")]
    out: PathBuf,

    /// Export this annotator's files instead of gold or single files.
    // A value that starts with `-` reaches the name check, which says why it is refused.
    #[arg(
        long,
        value_name = "NAME",
        conflicts_with = "gold",
        allow_hyphen_values = true
    )]
    annotator: Option<String>,

    /// Export adjudicated gold files only.
    #[arg(long)]
    gold: bool,

    /// Only documents marked done.
    #[arg(long)]
    done_only: bool,

    /// Also export gold files that still have undecided places (skipped otherwise).
    #[arg(long)]
    gold_incomplete: bool,

    /// Tag scheme (conll, hf).
    #[arg(long, value_enum, default_value = "iob2")]
    scheme: SchemeArg,

    /// Tokenizer (conll, hf, spacy; and the sentences of --sentences).
    #[arg(long, value_enum, default_value = "unicode")]
    tokenizer: TokenizerArg,

    /// What to do with spans that do not fall on token boundaries (conll, hf, spacy).
    #[arg(long, value_enum, default_value = "expand")]
    align: AlignArg,

    /// Write `-DOCSTART- -X- O O` before each document (conll).
    #[arg(long)]
    docstart: bool,

    /// Offset unit (doccano).
    #[arg(long, value_enum, default_value = "codepoint")]
    offsets: OffsetsArg,

    /// Export spans whose label is not in the corpus schema (refused otherwise).
    #[arg(long)]
    allow_unknown_labels: bool,

    /// Split the documents into named parts, as in train=0.8,dev=0.1,test=0.1 (fractions
    /// adding up to 1): stratified so that each part has every label where the corpus
    /// allows; written as <stem>.<name>.<ext> beside --out (file formats) or <name>/
    /// inside it (hf, brat).
    #[arg(long, value_name = "NAME=FRACTION,...")]
    split: Option<String>,

    /// The seed of --split: the same seed splits the same documents the same way.
    #[arg(long, value_name = "N", default_value_t = 0, requires = "split")]
    seed: u64,

    /// One row per sentence (hf, jsonl): sentences as --tokenizer splits them, each row
    /// with doc_id and offset (in the document, code points), span offsets from the
    /// sentence's start, ids <doc>#<n> from 0; a span not inside one sentence is left
    /// out and listed.
    #[arg(long)]
    sentences: bool,

    /// Also write the spans that could not be written exactly as JSON, for scripts.
    #[arg(long, value_name = "PATH")]
    report: Option<PathBuf>,
}

pub fn run(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let root = args.corpus.clone().unwrap_or_else(|| PathBuf::from("."));
    let which = match (&args.annotator, args.gold) {
        (Some(name), _) => {
            Which::Annotator(AnnotatorName::new(name.as_str()).context("--annotator")?)
        }
        (None, true) => Which::Gold,
        (None, false) => Which::Default,
    };
    let options = ExportOptions {
        format: match args.format {
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Conll => Format::Conll,
            FormatArg::Hf => Format::Hf,
            FormatArg::Brat => Format::Brat,
            FormatArg::Doccano => Format::Doccano,
            FormatArg::Spacy => Format::Spacy,
        },
        which,
        done_only: args.done_only,
        gold_incomplete: args.gold_incomplete,
        tokenizer: match args.tokenizer {
            TokenizerArg::Unicode => Tokenizer::Unicode,
            TokenizerArg::Whitespace => Tokenizer::Whitespace,
        },
        align: match args.align {
            AlignArg::Expand => AlignMode::Expand,
            AlignArg::Contract => AlignMode::Contract,
            AlignArg::Strict => AlignMode::Strict,
        },
        scheme: args.scheme.into(),
        docstart: args.docstart,
        offsets: args.offsets.into(),
        allow_unknown_labels: args.allow_unknown_labels,
        split: None,
        sentences: args.sentences,
    };
    if args.sentences && !matches!(options.format, Format::Hf | Format::Jsonl) {
        eprintln!("--sentences: only hf and jsonl write one row per sentence");
        return Ok(ExitCode::from(2));
    }
    let options = match &args.split {
        None => options,
        Some(spec) => match Split::parse(spec, args.seed) {
            Ok(split) => ExportOptions {
                split: Some(split),
                ..options
            },
            Err(e) => {
                eprintln!("{e}");
                return Ok(ExitCode::from(2));
            }
        },
    };
    // Drawn on stderr, and only when it is a terminal.
    let bar = indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} documents")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let to_stdout = args.out.as_os_str() == "-";
    if to_stdout && options.format.writes_folder() {
        eprintln!(
            "--out -: this format writes a folder (hf, brat), not one stream; give --out a folder"
        );
        return Ok(ExitCode::from(2));
    }
    if to_stdout && options.split.is_some() {
        eprintln!("--out -: --split writes one output per part, not one stream; give --out a path");
        return Ok(ExitCode::from(2));
    }
    let corpus = Corpus::new(&root);
    let mut progress = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let result = if to_stdout {
        spantag::jobs::export::run_to_writer(
            &corpus,
            &options,
            &mut std::io::stdout().lock(),
            &mut progress,
        )
    } else {
        spantag::jobs::export::run(&corpus, &options, &args.out, &mut progress)
    };
    let outcome = match result {
        Ok(outcome) => outcome,
        // A refusal the user can act on, like a file that does not read: exit 1.
        Err(e @ ExportJobError::UnknownLabels { .. }) => {
            bar.finish_and_clear();
            eprintln!("{e}");
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(e.into()),
    };
    bar.finish_and_clear();

    // The summary goes where the data does not.
    let mut out: Box<dyn Write> = if to_stdout {
        Box::new(std::io::stderr().lock())
    } else {
        Box::new(std::io::stdout().lock())
    };
    for line in outcome.lines() {
        writeln!(out, "{line}")?;
    }
    // No export, no report of it.
    if let Some(path) = &args.report
        && outcome.written.documents > 0
    {
        let notes: Vec<serde_json::Value> = outcome.written.notes.iter().map(note_json).collect();
        let json = serde_json::to_string_pretty(&notes)? + "\n";
        spantag::io::atomic::write_atomic(path, json.as_bytes())
            .with_context(|| format!("could not write {}", path.display()))?;
    }
    Ok(if outcome.succeeded() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// One note as JSON: the span as annotated, and what became of it.
fn note_json(note: &spantag::text::align::AlignNote) -> serde_json::Value {
    use spantag::text::align::Outcome;
    let mut value = serde_json::json!({
        "doc": note.doc,
        "start": note.span.start,
        "end": note.span.end,
        "label": note.span.label.as_str(),
        "text": note.text,
        "tokens": note.tokens,
    });
    match &note.outcome {
        Outcome::Moved { start, end, text } => {
            value["outcome"] = "moved".into();
            value["new_start"] = (*start).into();
            value["new_end"] = (*end).into();
            value["new_text"] = text.as_str().into();
        }
        Outcome::Dropped(why) => {
            value["outcome"] = "dropped".into();
            value["reason"] = why.as_str().into();
        }
    }
    value
}
