//! Export speed: 1,000 documents of 5 KB with 50 spans each, to CoNLL (tokenize, align,
//! tag, write) and to JSONL. Run with `cargo bench --bench export`.

mod common;

use std::hint::black_box;

use common::{annotate, article};
use criterion::{Criterion, criterion_group, criterion_main};
use spantag::io::export::{ExportOptions, Format, export};
use spantag::model::{Annotation, Schema};

fn corpus() -> Vec<Annotation> {
    (0..1000)
        .map(|i| {
            // Vary the text a little so documents differ.
            let text = article(5 * 1024 + (i % 7) * 13);
            annotate(&format!("doc-{i:04}"), text, 50)
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let annotations = corpus();
    assert!(annotations.iter().all(|a| a.spans().len() == 50));
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("export");
    group.sample_size(10);
    for (name, format, file) in [
        ("conll_1000_docs", Format::Conll, "out.conll"),
        ("jsonl_1000_docs", Format::Jsonl, "out.jsonl"),
    ] {
        let out = dir.path().join(file);
        let options = ExportOptions::new(format);
        group.bench_function(name, |b| {
            b.iter(|| {
                let report = export(
                    &annotations,
                    &Schema::default(),
                    &options,
                    &out,
                    &mut |_| {},
                )
                .unwrap();
                black_box(report.documents)
            })
        });
    }
    group.finish();
    // The corpus for the Python comparison (tests/interop/bench_spacy.py).
    if let Ok(path) = std::env::var("SPANTAG_BENCH_JSONL") {
        let options = ExportOptions::new(Format::Jsonl);
        export(
            &annotations,
            &Schema::default(),
            &options,
            std::path::Path::new(&path),
            &mut |_| {},
        )
        .unwrap();
    }
}

criterion_group!(export_benches, benches);
criterion_main!(export_benches);
