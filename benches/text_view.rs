//! Frame cost of the text view on generated articles, headless (layout + tessellation).
//!
//! - `frame/10KB`, `frame/1MB`: one frame that scrolls by three rows (within three
//!   screens, as a reader goes back and forth) and applies one tagging edit, on a 10 KB
//!   article with 100 spans and a 1 MB one with 10,000 spans.
//! - `frame/1MB_arabic`, `frame_new_text/1MB_arabic`: the same on a 1 MB Arabic article
//!   with numbers, brackets and Latin names on every line, laid out right to left.
//! - `frame_new_text/1MB`: the same, but every frame scrolls into text never shown
//!   before, so it also pays for laying that text out.
//! - `open/1MB`: from the annotation file's text in memory to the first frame drawn:
//!   parse and check the RON file, build the layout, draw.
//! - `open/1000_docs`: from launch on a folder of 1,000 articles to the first frame with
//!   the corpus list drawn (states and texts are read in the background after that).
//! - `open/1000_docs_with_states`: the same folder with every article annotated, to the
//!   frame that shows every document's state and span count (issue 12: under 0.3 s).
//!
//! After criterion, the bench prints p50/p99 of 2,000 single frames per size, since the
//! targets are about the slow frames. Run with `cargo bench --bench text_view`.

mod common;

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{annotate, arabic_article, article};
use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Context, RawInput, Rect, Vec2};
use spantag::io::ron_format::{parse_annotation, to_ron};
use spantag::model::{Annotation, AnnotatorName, Origin, Schema, Span, Suggestion};
use spantag::ui::clock::{SystemClock, Timing};
use spantag::ui::fonts::install_fonts;
use spantag::ui::text_layout::TextLayout;
use spantag::ui::text_view::{ViewInput, ViewState, text_view_ui};
use spantag::ui::worker::Worker;
use spantag::ui::{Environment, FileDialogs, Launch, Settings, SpantagApp};
use std::sync::Arc;

struct NoDialogs;

impl FileDialogs for NoDialogs {
    fn pick_file(&self, _: &str, _: &[&str]) -> Option<std::path::PathBuf> {
        None
    }
    fn pick_folder(&self, _: &str) -> Option<std::path::PathBuf> {
        None
    }
    fn save_file(&self, _: &str, _: &str) -> Option<std::path::PathBuf> {
        None
    }
}

/// The window launched on `folder` as annotator `bench`, with a manual worker: jobs run
/// on this thread when the bench says, so a frame shows what they read.
fn launch_on(folder: &Path) -> (Context, SpantagApp) {
    let ctx = Context::default();
    install_fonts(&ctx);
    let launch = Launch {
        path: folder.to_owned(),
        annotator: Some(AnnotatorName::new("bench").unwrap()),
    };
    let env = Environment {
        worker: Worker::manual(),
        clock: Arc::new(SystemClock),
        timing: Timing::default(),
        dialogs: Box::new(NoDialogs),
        recovery_dirs: Vec::new(),
        consents: None,
    };
    let app = SpantagApp::with_environment(&launch, Settings::default(), env);
    (ctx, app)
}

struct Bench {
    ctx: Context,
    annotation: Annotation,
    layout: TextLayout,
    state: ViewState,
    schema: Schema,
    scroll_y: f32,
    /// Scrolling wraps back to the top after this many points.
    scroll_range: f32,
    frame: u64,
    /// Each span's label key drawn at its start (the window's default).
    label_tags: bool,
}

impl Bench {
    fn new(annotation: Annotation, scroll_range: f32) -> Self {
        let ctx = Context::default();
        install_fonts(&ctx);
        let layout = TextLayout::new(annotation.document.text());
        let mut bench = Self {
            ctx,
            annotation,
            layout,
            state: ViewState::default(),
            schema: Schema::default(),
            scroll_y: 0.0,
            scroll_range,
            frame: 0,
            label_tags: true,
        };
        bench.draw();
        bench
    }

    fn input() -> RawInput {
        RawInput {
            screen_rect: Some(Rect::from_min_size(
                egui::Pos2::ZERO,
                Vec2::new(1200.0, 900.0),
            )),
            ..Default::default()
        }
    }

    /// One frame: layout, paint, tessellate.
    fn draw(&mut self) {
        let Self {
            ctx,
            annotation,
            layout,
            state,
            schema,
            scroll_y,
            label_tags,
            ..
        } = self;
        let mut output = ctx.run_ui(Self::input(), |ui| {
            let input = ViewInput {
                id: egui::IdSalt::new("bench"),
                text: annotation.document.text(),
                annotation,
                schema,
                selection: None,
                caret: None,
                selected_span: annotation.spans().get(annotation.spans().len() / 2),
                scroll_to: None,
                scroll_offset: Some(*scroll_y),
                read_only: false,
                marks: &[],
                suggestions: Some(&[]),
                selected_suggestion: None,
                label_tags: *label_tags,
                text_size: spantag::ui::text_view::TEXT_SIZE,
                max_width: None,
                versions: &[],
            };
            black_box(text_view_ui(ui, layout, state, &input));
        });
        // Nothing uploads textures here; say so, as a renderer would have applied them.
        output.textures_delta.clear();
        let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
        black_box(primitives);
    }

    /// Scrolls three rows down (back to the top at the end) and toggles one span in view.
    fn scroll_and_tag(&mut self) {
        self.frame += 1;
        let total = self.layout.total_height();
        let range = (total - 900.0).max(1.0).min(self.scroll_range);
        self.scroll_y = (self.scroll_y + 90.0) % range;
        let top_block = self
            .layout
            .blocks_in(self.scroll_y, self.scroll_y + 1.0)
            .start;
        let start = self.layout.blocks()[top_block].chars.start;
        let span = Span::new(start, start + 3, "location");
        if !self.annotation.remove(&span) {
            let _ = self.annotation.insert(span);
        }
        self.draw();
    }
}

fn percentiles(name: &str, bench: &mut Bench) {
    let mut times: Vec<Duration> = (0..2000)
        .map(|_| {
            let t = Instant::now();
            bench.scroll_and_tag();
            t.elapsed()
        })
        .collect();
    times.sort();
    let at = |p: f64| times[((times.len() as f64 - 1.0) * p) as usize].as_secs_f64() * 1e3;
    println!(
        "{name}: p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, max {:.3} ms (2000 frames)",
        at(0.5),
        at(0.9),
        at(0.99),
        at(1.0)
    );
}

/// Three screens: the reading case scrolls within them.
const READING: f32 = 2700.0;

fn benches(c: &mut Criterion) {
    let small = annotate("bench", article(10 * 1024), 100);
    let large = annotate("bench", article(1024 * 1024), 10_000);
    assert_eq!(large.spans().len(), 10_000);

    // Reading: scrolling within the same three screens, as a reader goes back and forth.
    let mut group = c.benchmark_group("frame");
    let mut bench_small = Bench::new(small, READING);
    group.bench_function("10KB", |b| b.iter(|| bench_small.scroll_and_tag()));
    let mut bench_large = Bench::new(large.clone(), READING);
    group.bench_function("1MB", |b| b.iter(|| bench_large.scroll_and_tag()));
    // The same without the label keys on spans (issue 15), to see what they cost.
    let mut bench_untagged = Bench::new(large.clone(), READING);
    bench_untagged.label_tags = false;
    group.bench_function("1MB_without_label_keys", |b| {
        b.iter(|| bench_untagged.scroll_and_tag())
    });
    // Right-to-left: every line laid out in display order (issue 13).
    let arabic = annotate("bench", arabic_article(1024 * 1024), 10_000);
    let mut bench_arabic = Bench::new(arabic.clone(), READING);
    group.bench_function("1MB_arabic", |b| b.iter(|| bench_arabic.scroll_and_tag()));
    // 1,000 suggestions (issue 14), outlined: over the whole article, as a gazetteer
    // spreads them; and all in the screens read, a third of them in view at once.
    let suggested = |step: usize| {
        let mut a = large.clone();
        let mut added = 0;
        let mut at = 0;
        while added < 1000 {
            let span = Span::new(at + 1, at + 5, "location");
            if a.suggest(Suggestion::new(span, Origin::Gazetteer)) {
                added += 1;
            }
            at += step;
        }
        a
    };
    let spread = large.document.char_len() / 1000;
    let mut bench_spread = Bench::new(suggested(spread), READING);
    group.bench_function("1MB_1000_suggestions", |b| {
        b.iter(|| bench_spread.scroll_and_tag())
    });
    let mut bench_dense = Bench::new(suggested(9), READING);
    group.bench_function("1MB_1000_suggestions_in_view", |b| {
        b.iter(|| bench_dense.scroll_and_tag())
    });
    group.finish();

    // Skimming: every frame scrolls into text never shown before, which is laid out then.
    let mut group = c.benchmark_group("frame_new_text");
    let mut bench_skim = Bench::new(large.clone(), f32::MAX);
    group.bench_function("1MB", |b| b.iter(|| bench_skim.scroll_and_tag()));
    let mut bench_skim_arabic = Bench::new(arabic.clone(), f32::MAX);
    group.bench_function("1MB_arabic", |b| {
        b.iter(|| bench_skim_arabic.scroll_and_tag())
    });
    group.finish();

    let file = to_ron(&large);
    let mut group = c.benchmark_group("open");
    group.sample_size(20);
    group.bench_function("1MB", |b| {
        b.iter(|| {
            let loaded =
                parse_annotation(Path::new("bench.ron"), &file, &Schema::default()).unwrap();
            black_box(Bench::new(loaded.annotation, READING));
        })
    });
    group.finish();

    // A corpus of 1,000 articles: from launch to the first frame with the list shown.
    let corpus = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(corpus.path().join("samples")).unwrap();
    let text = article(5 * 1024);
    for i in 0..1000 {
        std::fs::write(
            corpus.path().join(format!("samples/article-{i:04}.txt")),
            &text,
        )
        .unwrap();
    }
    let mut group = c.benchmark_group("open");
    group.sample_size(20);
    group.bench_function("1000_docs", |b| {
        b.iter(|| {
            let (ctx, mut app) = launch_on(corpus.path());
            app.worker().run_pending();
            let mut output = ctx.run_ui(Bench::input(), |ui| app.show(ui));
            output.textures_delta.clear();
            assert_eq!(app.entries().len(), 1000);
            black_box(ctx.tessellate(output.shapes, output.pixels_per_point));
        })
    });
    group.finish();

    // The same corpus with every article annotated by the user: from launch to the
    // frame where every document's state (status, span count) is shown.
    for i in 0..1000 {
        let id = format!("article-{i:04}");
        let mut a = annotate(&id, text.clone(), 76);
        a.annotator = AnnotatorName::new("bench").unwrap();
        a.document = spantag::model::Document::new(
            a.document.id().clone(),
            format!("samples/{id}.txt"),
            text.as_str(),
        );
        let path = corpus.path().join(format!("annotations/{id}/bench.ron"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, to_ron(&a)).unwrap();
    }
    let mut group = c.benchmark_group("open");
    group.sample_size(10);
    group.bench_function("1000_docs_with_states", |b| {
        b.iter(|| {
            let (ctx, mut app) = launch_on(corpus.path());
            // Listing, then the states asked for once the list is shown, then the
            // frame that shows them.
            for _ in 0..3 {
                app.worker().run_pending();
                let mut output = ctx.run_ui(Bench::input(), |ui| app.show(ui));
                output.textures_delta.clear();
                black_box(output.shapes.len());
            }
            let annotated = app
                .entries()
                .iter()
                .filter(|e| {
                    matches!(
                        e.summary,
                        Some(spantag::ui::worker::Summary::Annotated { spans: 76, .. })
                    )
                })
                .count();
            assert_eq!(annotated, 1000);
        })
    });
    group.finish();

    percentiles("frame/10KB", &mut bench_small);
    percentiles("frame/1MB", &mut bench_large);
    percentiles("frame_new_text/1MB", &mut Bench::new(large, f32::MAX));
    percentiles("frame/1MB_arabic", &mut bench_arabic);
    percentiles(
        "frame_new_text/1MB_arabic",
        &mut Bench::new(arabic, f32::MAX),
    );
}

criterion_group!(text_view, benches);
criterion_main!(text_view);
