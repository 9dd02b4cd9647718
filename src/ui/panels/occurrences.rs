//! "Tag all occurrences in the corpus" (Ctrl+Shift+T, issue 14): a preview of how many
//! places each document has, then, on the analyst's word, spans in the open document
//! and suggestions everywhere else.

use crate::jobs::suggest::SuggestReport;
use crate::model::{DocId, Schema};
use crate::ui::bidi_layout::display_order;
use crate::ui::command::Command;

/// Documents listed by name at most; the rest are counted.
const LISTED: usize = 200;

/// The preview window's state.
pub struct OccurrencesWindow {
    /// The document the span was selected in: tagged with spans there.
    pub document: DocId,
    /// The span selected: its words are the name, its label theirs.
    pub span: crate::model::Span,
    /// The name, as the span's text.
    pub name: String,
    /// New spans in the document itself.
    pub here: usize,
    /// Documents open in this window other than `document`, with their new places:
    /// given their suggestions in memory, not through their files.
    pub open: Vec<(DocId, usize)>,
    /// What the other documents' files would get, once counted; or why it failed.
    pub preview: Option<Result<SuggestReport, String>>,
    /// The suggestions are being written.
    pub running: bool,
    /// What was done, once done.
    pub done: Option<String>,
}

impl OccurrencesWindow {
    /// Places in other documents, counted in their files and in those open here.
    fn elsewhere(&self) -> Option<(usize, usize)> {
        let report = self.preview.as_ref()?.as_ref().ok()?;
        Some(self.places_with(report))
    }

    /// The places `report` counts in the files plus those in documents open here, and
    /// how many documents they are in.
    pub(crate) fn places_with(&self, report: &SuggestReport) -> (usize, usize) {
        let open = self.open.iter().filter(|(_, n)| *n > 0);
        (
            report.total() + open.clone().map(|(_, n)| n).sum::<usize>(),
            report.changed.len() + open.count(),
        )
    }
}

/// Shows the window. Returns its commands and whether it stays open.
pub fn occurrences_ui(
    ctx: &egui::Context,
    window: &OccurrencesWindow,
    schema: &Schema,
) -> (Vec<Command>, bool) {
    let mut out = Vec::new();
    let mut open = true;
    let mut close = false;
    let label = schema
        .get(&window.span.label)
        .map_or(window.span.label.as_str(), |d| d.display.as_str());
    egui::Window::new("Tag all occurrences in the corpus")
        .open(&mut open)
        .collapsible(false)
        .default_width(420.0)
        .show(ctx, |ui| {
            ui.label(format!(
                "“{}” as {label}",
                display_order(&window.name.replace(['\r', '\n'], " "))
            ));
            ui.label(match window.here {
                0 => "This document: no other place to tag.".to_owned(),
                1 => "This document: 1 more place, tagged as a span.".to_owned(),
                n => format!("This document: {n} more places, tagged as spans."),
            });
            match (&window.preview, window.elsewhere()) {
                (None, _) => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label("Counting in the other documents…");
                    });
                }
                (Some(Err(e)), _) => {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                (Some(Ok(report)), Some((places, documents))) => {
                    ui.label(format!(
                        "Other documents: {places} {} in {documents} {}, added as suggestions to accept or reject there.",
                        if places == 1 { "place" } else { "places" },
                        if documents == 1 { "document" } else { "documents" },
                    ));
                    let rows: Vec<(String, usize)> = report
                        .changed
                        .iter()
                        .map(|d| (d.document.clone(), d.added.iter().map(|(_, n)| n).sum()))
                        .chain(
                            window
                                .open
                                .iter()
                                .filter(|(_, n)| *n > 0)
                                .map(|(id, n)| (id.to_string(), *n)),
                        )
                        .collect();
                    egui::ScrollArea::vertical()
                        .max_height(200.0)
                        .show(ui, |ui| {
                            for (doc, n) in rows.iter().take(LISTED) {
                                ui.label(format!("{doc}: {n}"));
                            }
                            if rows.len() > LISTED {
                                ui.label(format!("and {} more documents", rows.len() - LISTED));
                            }
                        });
                    for error in &report.errors {
                        ui.colored_label(ui.visuals().warn_fg_color, error);
                    }
                }
                (Some(Ok(_)), None) => {}
            }
            ui.separator();
            if let Some(done) = &window.done {
                ui.label(done);
                if ui.button("Close").clicked() {
                    close = true;
                }
                return;
            }
            ui.horizontal(|ui| {
                let ready = matches!(window.preview, Some(Ok(_))) && !window.running;
                let nothing = window.here == 0 && window.elsewhere().is_some_and(|(p, _)| p == 0);
                if ui
                    .add_enabled(ready && !nothing, egui::Button::new("Tag and suggest"))
                    .clicked()
                {
                    out.push(Command::ConfirmTagAllInCorpus);
                }
                if window.running {
                    ui.spinner();
                }
                if ui.button("Cancel").clicked() {
                    close = true;
                }
            });
        });
    (out, open && !close)
}
