//! The corpus panel: every document with its state for this annotator, a filter and the
//! corpus's progress.

use crate::model::Status;
use crate::ui::command::Command;
use crate::ui::state::AppState;
use crate::ui::worker::Summary;

/// The corpus panel and its own state.
#[derive(Debug, Default)]
pub struct CorpusPanel {
    /// What the filter box holds.
    pub filter: String,
}

impl CorpusPanel {
    /// Draws the list of documents. Returns the document clicked, if any.
    pub fn ui(&mut self, ui: &mut egui::Ui, app: &AppState) -> Option<Command> {
        corpus_ui(ui, app, &mut self.filter)
    }
}

fn corpus_ui(ui: &mut egui::Ui, app: &AppState, filter: &mut String) -> Option<Command> {
    ui.heading("Documents");
    ui.label(
        egui::RichText::new(app.corpus.root().display().to_string())
            .small()
            .weak(),
    );
    let total = app.entries.len();
    let done = app
        .entries
        .iter()
        .filter(|e| {
            matches!(
                e.summary,
                Some(Summary::Annotated {
                    status: Status::Done,
                    ..
                })
            )
        })
        .count();
    if total > 0 {
        ui.add(
            egui::ProgressBar::new(done as f32 / total as f32)
                .text(format!("{done} of {total} done")),
        );
    }
    ui.add(
        egui::TextEdit::singleline(filter)
            .hint_text("Filter documents")
            .desired_width(f32::INFINITY),
    );
    ui.separator();
    let mut relink = None;
    for (i, orphan) in app.orphans.iter().enumerate() {
        match &orphan.relink_to {
            Some(to) => {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!(
                        "annotations/{} matches no text; its files were made on {to}.",
                        orphan.folder
                    ),
                );
                if ui
                    .button(format!("Relink to {to}"))
                    .on_hover_text("Move its annotation files to that text's folder")
                    .clicked()
                {
                    relink = Some(Command::Relink(i));
                }
            }
            None => {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!(
                        "annotations/{} matches no text, and no text has the one its files hold.",
                        orphan.folder
                    ),
                );
            }
        }
    }
    if !app.orphans.is_empty() {
        ui.separator();
    }
    if let Some(error) = &app.list_error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    } else if app.listing {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Reading the folder…");
        });
    } else if total == 0 {
        ui.label("No .txt files in samples/.");
    }
    let filter = filter.to_lowercase();
    let shown: Vec<usize> = (0..total)
        .filter(|&i| {
            filter.is_empty()
                || app.entries[i]
                    .text
                    .id
                    .as_str()
                    .to_lowercase()
                    .contains(&filter)
        })
        .collect();
    let mut clicked = None;
    let row_height = ui.spacing().interact_size.y + 2.0;
    egui::ScrollArea::vertical()
        .id_salt("corpus_list")
        .auto_shrink(false)
        .show_rows(ui, row_height, shown.len(), |ui, rows| {
            for &i in &shown[rows] {
                let entry = &app.entries[i];
                let (mark, detail) = match &entry.summary {
                    None => ("…", String::new()),
                    Some(Summary::NotStarted) => ("○", "not started".to_owned()),
                    Some(Summary::Annotated {
                        status: Status::InProgress,
                        spans,
                    }) => ("◑", super::status::spans_phrase(*spans)),
                    Some(Summary::Annotated {
                        status: Status::Done,
                        spans,
                    }) => (
                        "✔",
                        format!("done · {}", super::status::spans_phrase(*spans)),
                    ),
                    Some(Summary::Broken(_)) => ("⚠", "cannot be read".to_owned()),
                };
                let selected = app.current == Some(i);
                let count = match &entry.summary {
                    Some(Summary::Annotated { spans, .. }) => spans.to_string(),
                    _ => String::new(),
                };
                let detail = match entry.gold_undecided {
                    Some(0) => format!("{detail} · gold complete"),
                    Some(n) => format!("{detail} · gold: {n} undecided"),
                    None => detail,
                };
                // The counts first, from the right edge, then the name in the room left:
                // a row never reaches past the panel, so a long span count cannot widen
                // it (a resizable panel grows to what its rows take, frame after frame).
                let row = egui::vec2(ui.available_width(), row_height);
                let layout = egui::Layout::right_to_left(egui::Align::Center);
                ui.allocate_ui_with_layout(row, layout, |ui| {
                    if let Some(n) = entry.gold_undecided.filter(|&n| n > 0) {
                        ui.weak(format!("{n} undecided"));
                    }
                    ui.weak(count);
                    let width = ui.available_width().max(0.0);
                    let response = ui
                        .add_sized(
                            [width, row_height - 2.0],
                            // The name at the left (the room after it grows), so that the
                            // state marks line up whatever the names' lengths.
                            egui::Button::selectable(
                                selected,
                                (format!("{mark} {}", entry.text.id), egui::Atom::grow()),
                            )
                            .truncate(),
                        )
                        .on_hover_text(match &entry.summary {
                            Some(Summary::Broken(why)) => why.clone(),
                            _ => format!("{} — {detail}", entry.text.id),
                        });
                    if response.clicked() {
                        clicked = Some(Command::OpenDocument(i));
                    }
                });
            }
        });
    relink.or(clicked)
}
