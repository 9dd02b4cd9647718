//! Whole-corpus reading (issue 12): a generated corpus of 1,000 news documents of 5 KB,
//! each annotated by three annotators (3,000 files, about 76 spans each, the annotators
//! disagreeing now and then), read the way `validate`, `stats`, `agree` and the window's
//! document list read it, beside the floor: reading and hashing the same files, on one
//! core and with the `sha256sum` tool (when the machine has it). Run with
//! `cargo bench --no-default-features --bench corpus`; `SPANTAG_BENCH_CORPUS=<folder>`
//! also writes the corpus there, for timing the commands themselves.

mod common;

use std::hint::black_box;
use std::path::Path;

use common::{annotate, article};
use criterion::{Criterion, criterion_group, criterion_main};
use spantag::io::ron_format::read_header;
use spantag::io::store::{Corpus, save_annotation};
use spantag::io::validate::{check_files, ron_files};
use spantag::model::{AnnotatorName, Span, sha256_hex};

const DOCUMENTS: usize = 1000;
const ANNOTATORS: [&str; 3] = ["alice", "bob", "carol"];

/// Writes the corpus into `root`: texts in `samples/`, three annotators' files.
fn write_corpus(root: &Path) {
    let corpus = Corpus::new(root);
    std::fs::create_dir_all(corpus.samples_dir()).unwrap();
    for i in 0..DOCUMENTS {
        let id = format!("doc-{i:04}");
        let text = article(5 * 1024 + (i % 7) * 13);
        std::fs::write(corpus.samples_dir().join(format!("{id}.txt")), &text).unwrap();
        let base = annotate(&id, text, 76);
        for (k, who) in ANNOTATORS.iter().enumerate() {
            let mut mine = base.clone();
            mine.annotator = AnnotatorName::new(*who).unwrap();
            // Each annotator leaves out some spans and draws one boundary differently.
            let spans: Vec<Span> = base
                .spans()
                .iter()
                .enumerate()
                .filter(|(j, _)| (j + k) % (9 + k) != 0)
                .map(|(j, s)| {
                    if j == 3 + k && s.start > 0 {
                        Span::new(s.start - 1, s.end, s.label.as_str())
                    } else {
                        s.clone()
                    }
                })
                .collect();
            let mut spans = spans;
            spans.sort();
            spans.dedup();
            mine.set_spans(spans).unwrap();
            let path = corpus.annotation_path(mine.document.id(), &mine.annotator);
            save_annotation(&path, &mine).unwrap();
        }
    }
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let root = match std::env::var("SPANTAG_BENCH_CORPUS") {
        Ok(path) => std::path::PathBuf::from(path),
        Err(_) => dir.path().to_owned(),
    };
    write_corpus(&root);
    let corpus = Corpus::new(&root);
    let files = corpus.annotation_files().unwrap();
    assert_eq!(files.len(), DOCUMENTS * ANNOTATORS.len());

    let mut group = c.benchmark_group("corpus");
    group.sample_size(10);
    group.bench_function("read_and_hash_3000_files", |b| {
        b.iter(|| {
            let mut bytes = 0;
            for file in &files {
                let text = std::fs::read_to_string(file).unwrap();
                bytes += text.len();
                black_box(sha256_hex(&text));
            }
            bytes
        })
    });
    // The yardstick: the sha256sum tool over the same files, as one command.
    let sha256sum = std::process::Command::new("sha256sum")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if sha256sum {
        group.bench_function("sha256sum_3000_files", |b| {
            b.iter(|| {
                let out = std::process::Command::new("sha256sum")
                    .args(&files)
                    .output()
                    .unwrap();
                assert!(out.status.success());
                out.stdout.len()
            })
        });
    }
    group.bench_function("validate_3000_files", |b| {
        b.iter(|| {
            let (files, _) = ron_files(&root).unwrap();
            let valid = check_files(&files, false)
                .iter()
                .filter(|r| r.is_valid())
                .count();
            assert_eq!(valid, files.len());
            valid
        })
    });
    group.bench_function("stats_3000_files", |b| {
        b.iter(|| {
            let outcome = spantag::jobs::stats::run(&root).unwrap();
            assert_eq!(outcome.stats.annotation_files, files.len());
            outcome.stats.spans
        })
    });
    // What the window's document list reads: one annotator's file per document, header
    // only (status and span count).
    let alice: Vec<_> = files
        .iter()
        .filter(|f| f.file_stem().is_some_and(|s| s == "alice"))
        .cloned()
        .collect();
    group.bench_function("list_states_1000_documents", |b| {
        use rayon::prelude::*;
        b.iter(|| {
            let spans: usize = alice
                .par_iter()
                .map(|f| read_header(f).unwrap().spans)
                .sum();
            assert!(spans > 0);
            spans
        })
    });
    group.bench_function("agree_3_annotators", |b| {
        b.iter(|| {
            let outcome = spantag::jobs::agree::run(&corpus).unwrap();
            black_box(outcome.per_document.len())
        })
    });
    group.finish();
}

criterion_group!(corpus_benches, benches);
criterion_main!(corpus_benches);
