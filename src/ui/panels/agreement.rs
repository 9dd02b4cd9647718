//! The agreement window: the same figures as `spantag agree`, a per-label F1 chart, and
//! the documents sorted by disagreement, worst first, to review those first.

use egui_plot::{Bar, BarChart, Legend, Plot};

use crate::review::agreement::{Agreement, DocumentAgreement, mean_f1};
use crate::ui::command::Command;

/// The agreement window's state.
#[derive(Default)]
pub struct AgreementWindow {
    /// The figures, once computed (on the I/O thread).
    pub figures: Option<Box<(Agreement, Vec<DocumentAgreement>)>>,
}

fn figure(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_owned(), |v| format!("{v:.3}"))
}

/// Shows the window. Returns commands (open a document) and whether it stays open.
pub fn agreement_ui(
    ctx: &egui::Context,
    window: &AgreementWindow,
    documents: &[String],
) -> (Vec<Command>, bool) {
    let mut out = Vec::new();
    let mut open = true;
    egui::Window::new("Agreement")
        .open(&mut open)
        .default_width(640.0)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 70.0))
        .show(ctx, |ui| {
            let Some(figures) = &window.figures else {
                ui.spinner();
                return;
            };
            let (corpus, per_document) = &**figures;
            ui.label(format!(
                "{} {} with two or more annotators; annotators: {}",
                corpus.documents,
                crate::jobs::plural(corpus.documents, "document", "documents"),
                corpus.annotators.join(", ")
            ));
            if corpus.pairs.is_empty() {
                ui.label("No two annotators share a document yet.");
                return;
            }
            egui::Grid::new("pairs").striped(true).show(ui, |ui| {
                for h in [
                    "pair",
                    "docs",
                    "exact P",
                    "exact R",
                    "exact F1",
                    "overlap F1",
                    "token κ",
                ] {
                    ui.strong(h);
                }
                ui.end_row();
                for p in &corpus.pairs {
                    ui.label(format!("{} / {}", p.a, p.b));
                    ui.label(p.documents.to_string());
                    ui.label(format!("{:.3}", p.exact.precision));
                    ui.label(format!("{:.3}", p.exact.recall));
                    ui.label(format!("{:.3}", p.exact.f1));
                    ui.label(format!("{:.3}", p.overlap.f1));
                    ui.label(figure(p.token_kappa));
                    ui.end_row();
                }
            });
            let d = &corpus.disagreements;
            ui.label(format!(
                "Fleiss' κ: {}   ·   places: {} agreed, {} label, {} boundary, {} partial",
                figure(corpus.fleiss_kappa),
                d.agreed,
                d.label,
                d.boundary,
                d.partial
            ));
            ui.separator();
            ui.strong("Per-label F1 (exact match)");
            let labels: Vec<&String> = corpus
                .confusion
                .labels
                .iter()
                .filter(|l| *l != "none")
                .collect();
            let pairs = corpus.pairs.len() as f64;
            Plot::new("per_label_f1")
                .height(180.0)
                .legend(Legend::default())
                .include_y(0.0)
                .include_y(1.0)
                .allow_drag(false)
                .allow_zoom(false)
                .allow_scroll(false)
                .x_axis_formatter({
                    let names: Vec<String> = labels.iter().map(|l| (*l).clone()).collect();
                    move |mark, _range| {
                        let i = mark.value.round();
                        if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                            names.get(i as usize).cloned().unwrap_or_default()
                        } else {
                            String::new()
                        }
                    }
                })
                .show(ui, |plot| {
                    for (k, p) in corpus.pairs.iter().enumerate() {
                        let width = 0.8 / pairs;
                        let bars: Vec<Bar> = labels
                            .iter()
                            .enumerate()
                            .map(|(i, l)| {
                                let x = i as f64 - 0.4 + width * (k as f64 + 0.5);
                                Bar::new(x, p.per_label.get(*l).map_or(0.0, |f| f.f1))
                                    .width(width * 0.9)
                                    .name(format!("{} F1", l))
                            })
                            .collect();
                        plot.bar_chart(BarChart::new(format!("{} / {}", p.a, p.b), bars));
                    }
                });
            ui.separator();
            ui.strong("Documents, most disagreement first");
            egui::ScrollArea::vertical()
                .max_height(200.0)
                .show(ui, |ui| {
                    for d in per_document {
                        let text = format!(
                            "{:.3}  {}  ({} label, {} boundary, {} partial)",
                            mean_f1(&d.agreement),
                            d.doc,
                            d.agreement.disagreements.label,
                            d.agreement.disagreements.boundary,
                            d.agreement.disagreements.partial
                        );
                        if ui
                            .button(text)
                            .on_hover_text("Open it (then Ctrl+R to review)")
                            .clicked()
                            && let Some(i) = documents.iter().position(|id| *id == d.doc)
                        {
                            out.push(Command::OpenDocument(i));
                        }
                    }
                });
        });
    (out, open)
}
