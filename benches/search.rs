//! Search (issue 14):
//! - `search/1000_docs_in_memory`: the window's corpus search once the corpus is loaded:
//!   1,000 generated articles of 5 KB with 76 spans each, a whole-word name found in
//!   every one (about 9 hits each), hits with context and labels. Target: under 20 ms.
//! - `search/1000_docs_in_memory_ignoring_marks_and_case`: the same, blind to case and
//!   marks (the text is folded first).
//! - `search/100000_docs_on_disk`: `spantag search`'s job over 100,000 texts of 5 KB
//!   (500 MB) in `samples/`, warm disk cache, a name in every text, and a pattern in none
//!   (the cost of reading and scanning alone). Target: 200 MB/s or more; criterion prints
//!   the throughput.
//!
//! - `search/dictionary_1MB_50000_entries`: suggestions from a 50,000-entry gazetteer
//!   over a 1 MB article, and `search/dictionary_build_50000_entries`, building its
//!   automaton; `search/suggest_1MB_gazetteer_50000_and_dictionary_5000`, what the
//!   window asks the worker for an opened article (target: under 50 ms).
//!
//! Run with `cargo bench --no-default-features --bench search`.

mod common;

use std::hint::black_box;

use common::{annotate, article};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use spantag::jobs::search::{SearchRequest, hits_in, run};
use spantag::jobs::suggester::Suggester;
use spantag::model::Annotation;
use spantag::model::Label;
use spantag::model::Origin;
use spantag::text::dictionary::Dictionary;
use spantag::text::search::{Matcher, Query};

const IN_MEMORY: usize = 1000;
const ON_DISK: usize = 100_000;
const BYTES: usize = 5 * 1024;

/// Every hit of `request` in `documents`, as the window's search panel gets them.
fn search_loaded(documents: &[Annotation], request: &SearchRequest) -> usize {
    let matcher = Matcher::new(&request.query).unwrap();
    documents
        .iter()
        .map(|a| {
            let text = a.document.text();
            let found = matcher.find(text);
            hits_in(a.document.id().as_str(), text, &found, a.spans(), request).len()
        })
        .sum()
}

fn query(pattern: &str) -> Query {
    Query {
        pattern: pattern.to_owned(),
        whole_word: true,
        ..Query::default()
    }
}

fn benches(c: &mut Criterion) {
    let documents: Vec<Annotation> = (0..IN_MEMORY)
        .map(|i| annotate(&format!("doc-{i:04}"), article(BYTES + (i % 7) * 13), 76))
        .collect();
    let plain = SearchRequest::new(query("Rastan"));
    let hits = search_loaded(&documents, &plain);
    assert!(hits >= IN_MEMORY, "{hits} hits");
    let blind = SearchRequest::new(Query {
        ignore_case: true,
        ignore_marks: true,
        ..query("rastan")
    });
    assert_eq!(search_loaded(&documents, &blind), hits);
    let mut group = c.benchmark_group("search");
    group.bench_function("1000_docs_in_memory", |b| {
        b.iter(|| black_box(search_loaded(&documents, &plain)))
    });
    group.bench_function("1000_docs_in_memory_ignoring_marks_and_case", |b| {
        b.iter(|| black_box(search_loaded(&documents, &blind)))
    });
    drop(documents);

    // Suggestions: a 50,000-entry gazetteer (the article's names among made-up ones)
    // over a 1 MB article, the automaton built once.
    let mut entries: Vec<(String, Label)> = (0..50_000)
        .map(|i| {
            (
                format!("Place{i} al-Name{}", i % 977),
                Label::new("location"),
            )
        })
        .collect();
    for name in ["Rastan", "Friday", "officials"] {
        entries.push((name.to_owned(), Label::new("actor")));
    }
    let article_1mb = article(1024 * 1024);
    group.bench_function("dictionary_build_50000_entries", |b| {
        b.iter(|| black_box(Dictionary::new(entries.clone()).len()))
    });
    let dictionary = Dictionary::new(entries.clone());
    assert!(dictionary.find(&article_1mb).len() > 1000);
    group.bench_function("dictionary_1MB_50000_entries", |b| {
        b.iter(|| black_box(dictionary.find(&article_1mb).len()))
    });
    // What the window asks for an opened article: the 50,000-entry gazetteer and a
    // corpus dictionary of 5,000 names, merged into one sorted list of suggestions.
    let corpus_names: Vec<(String, Label)> = (0..5_000)
        .map(|i| (format!("Name{i} al-Place{}", i % 613), Label::new("actor")))
        .chain(["Homs", "Talbiseh", "rebels"].map(|n| (n.to_owned(), Label::new("location"))))
        .collect();
    let suggester = Suggester::from_dictionaries(vec![
        (Origin::Dictionary, Dictionary::new(corpus_names)),
        (Origin::Gazetteer, Dictionary::new(entries)),
    ]);
    assert!(suggester.suggest(&article_1mb).len() > 2000);
    group.bench_function("suggest_1MB_gazetteer_50000_and_dictionary_5000", |b| {
        b.iter(|| black_box(suggester.suggest(&article_1mb).len()))
    });

    let corpus = tempfile::tempdir().unwrap();
    let samples = corpus.path().join("samples");
    std::fs::create_dir_all(&samples).unwrap();
    let mut total = 0;
    for i in 0..ON_DISK {
        let text = article(BYTES + (i % 7) * 13);
        total += text.len();
        std::fs::write(samples.join(format!("doc-{i:06}.txt")), text).unwrap();
    }
    group.throughput(Throughput::Bytes(total as u64));
    group.sample_size(10);
    for (name, pattern) in [
        ("100000_docs_on_disk", "Rastan"),
        ("100000_docs_on_disk_no_hit", "Aleppo"),
    ] {
        let request = SearchRequest::new(query(pattern));
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut hits = 0usize;
                let summary = run(corpus.path(), &request, |_| {
                    hits += 1;
                    Ok(())
                })
                .unwrap();
                assert_eq!(summary.documents, ON_DISK);
                black_box(hits)
            })
        });
    }
    group.finish();
}

criterion_group!(search, benches);
criterion_main!(search);
