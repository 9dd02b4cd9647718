//! Cost on one long article with many spans (issue 11, item 10): `export conll`,
//! `export hf`, `validate` of a file with many warnings, and (issue 12) `agree` of two
//! annotators beside `validate` of their two files, each at two sizes ten times apart
//! so that growth faster than the work shows. Run with
//! `cargo bench --no-default-features --bench scale`.
//!
//! `SPANTAG_BENCH_CORPUS=<folder>` also writes the full case there: one 20 MB
//! article with 97,606 spans by two annotators (`bob`'s file has 5,000 spans with a
//! label the schema does not define, so `validate` has 5,000 warnings), to time the CLI.

mod common;

use std::hint::black_box;
use std::path::{Path, PathBuf};

use common::{annotate, article};
use criterion::{Criterion, criterion_group, criterion_main};
use spantag::io::export::{ExportOptions, Format, export};
use spantag::io::store::{Corpus, save_annotation};
use spantag::io::validate::{check_file, check_files};
use spantag::model::{Annotation, AnnotatorName, Schema, Span};

/// Spans per KB of text in the article (97,606 spans in 20 MB).
const SPANS_PER_KB: f64 = 97_606.0 / (20.0 * 1024.0);

/// A long article of about `bytes` bytes with the density of spans, by `who`;
/// `unknown` of its spans (spread evenly) get a label the schema does not define.
fn long_article(bytes: usize, who: &str, unknown: usize) -> Annotation {
    let spans = (bytes as f64 / 1024.0 * SPANS_PER_KB) as usize;
    let mut a = annotate("long", article(bytes), spans);
    a.annotator = AnnotatorName::new(who).unwrap();
    a.document = spantag::model::Document::new(
        a.document.id().clone(),
        "samples/long.txt",
        a.document.text(),
    );
    if let Some(step) = a.spans().len().checked_div(unknown) {
        let step = step.max(1);
        let relabelled: Vec<Span> = a
            .spans()
            .iter()
            .enumerate()
            .map(|(i, s)| {
                if i % step == 0 && i / step < unknown {
                    Span::new(s.start, s.end, "rumour")
                } else {
                    s.clone()
                }
            })
            .collect();
        a.set_spans(relabelled).unwrap();
    }
    a
}

/// Writes `annotations` (all of one text) as a corpus in `root`; returns their paths.
fn write_corpus(root: &Path, annotations: &[Annotation]) -> Vec<PathBuf> {
    let corpus = Corpus::new(root);
    std::fs::create_dir_all(corpus.samples_dir()).unwrap();
    std::fs::write(
        corpus.samples_dir().join("long.txt"),
        annotations[0].document.text(),
    )
    .unwrap();
    annotations
        .iter()
        .map(|a| {
            let path = corpus.annotation_path(a.document.id(), &a.annotator);
            save_annotation(&path, a).unwrap();
            path
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    if let Ok(folder) = std::env::var("SPANTAG_BENCH_CORPUS") {
        let alice = long_article(20 * 1024 * 1024, "alice", 0);
        let bob = long_article(20 * 1024 * 1024, "bob", 5_000);
        write_corpus(Path::new(&folder), &[alice, bob]);
    }
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("scale");
    group.sample_size(10);
    // 1/100 and 1/10 of the article.
    for (size, bytes, warnings) in [("200KB", 200 * 1024, 500), ("2MB", 2048 * 1024, 5_000)] {
        let annotation = long_article(bytes, "alice", 0);
        for (name, format, file) in [
            ("export_conll", Format::Conll, format!("{size}.conll")),
            ("export_hf", Format::Hf, format!("{size}-hf")),
        ] {
            let out = dir.path().join(file);
            let options = ExportOptions::new(format);
            let one = std::slice::from_ref(&annotation);
            group.bench_function(format!("{name}/{size}"), |b| {
                b.iter(|| {
                    let report =
                        export(one, &Schema::default(), &options, &out, &mut |_| {}).unwrap();
                    black_box(report.spans())
                })
            });
        }
        let warned = long_article(bytes, "bob", warnings);
        let root = dir.path().join(format!("corpus-{size}"));
        let path = write_corpus(&root, std::slice::from_ref(&warned)).remove(0);
        let schema = Schema::default();
        let report = check_file(&path, &schema);
        assert_eq!(
            report.diagnostics.len(),
            warnings,
            "{:?}",
            report.diagnostics.first()
        );
        group.bench_function(format!("validate_{warnings}_warnings/{size}"), |b| {
            b.iter(|| black_box(check_file(&path, &schema).diagnostics.len()))
        });
        // Two annotators of the article (issue 12): agreement beside validating the
        // same two files.
        let pair_root = dir.path().join(format!("pair-{size}"));
        let pair = write_corpus(&pair_root, &[long_article(bytes, "alice", 0), warned]);
        group.bench_function(format!("validate_2_annotators/{size}"), |b| {
            b.iter(|| black_box(check_files(&pair, false).len()))
        });
        let corpus = Corpus::new(&pair_root);
        group.bench_function(format!("agree_2_annotators/{size}"), |b| {
            b.iter(|| {
                let outcome = spantag::jobs::agree::run(&corpus).unwrap();
                black_box(outcome.corpus.pairs[0].exact.f1)
            })
        });
    }
    group.finish();
}

criterion_group!(scale_benches, benches);
criterion_main!(scale_benches);
