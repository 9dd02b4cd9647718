//! The status line (saved or not, and why), and the banners above the text.

use std::path::Path;

use crate::ui::app::SpantagApp;
use crate::ui::command::Command;
use crate::ui::editor::Editor;

/// One line at the bottom: save state, document size, caret.
pub fn status_ui(ui: &mut egui::Ui, app: &SpantagApp) {
    ui.horizontal(|ui| {
        if let Some(error) = &app.error {
            ui.colored_label(ui.visuals().warn_fg_color, error);
            ui.separator();
        }
        if let Some(review) = app.review() {
            let gold = &review.gold().annotation;
            let open = review.adjudication.undecided().len();
            ui.label(format!(
                "Review: gold.ron has {} spans · {open} places undecided · curator {}",
                gold.spans().len(),
                review.curator
            ));
            return;
        }
        let Some(editor) = app.editor() else {
            ui.label(format!("{} documents", app.entries.len()));
            return;
        };
        let save = &editor.save;
        if let Some(error) = &save.error {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("Not saved: {error} — retrying; your edits are kept"),
            );
        } else if save.in_flight.is_some() {
            ui.label("Saving…");
        } else if save.is_dirty() {
            ui.label("Unsaved changes");
        } else if save.stamp.is_some() {
            ui.label("Saved");
        } else {
            ui.weak("Nothing to save yet");
        }
        ui.separator();
        let doc = &editor.annotation.document;
        ui.label(format!(
            "{} spans · {} characters",
            editor.annotation.spans().len(),
            doc.char_len()
        ));
        if let Some(range) = &editor.selection {
            ui.separator();
            ui.label(format!("selected [{}, {})", range.start, range.end));
        } else if let Some(span) = &editor.selected_span {
            ui.separator();
            ui.label(format!(
                "span [{}, {}) {}",
                span.start, span.end, span.label
            ));
        } else if let Some(c) = editor.caret {
            ui.separator();
            ui.label(format!("at {c}"));
        }
    });
}

/// An error box with a title line and details.
pub fn error_banner(ui: &mut egui::Ui, title: &str, details: &str) {
    egui::Frame::group(ui.style())
        .fill(ui.visuals().extreme_bg_color)
        .show(ui, |ui| {
            ui.colored_label(ui.visuals().error_fg_color, title);
            ui.label(egui::RichText::new(details).monospace());
        });
}

/// Banners about the open document: a changed source text, a notice, a conflict (whose
/// buttons answer with a command).
pub fn document_banners(
    ui: &mut egui::Ui,
    editor: &mut Editor,
    path: Option<&Path>,
) -> Option<Command> {
    let mut choice = None;
    if editor.source_changed {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "The text in {} has changed since this annotation was made. You are working on the text stored in the annotation file; no span was moved.",
                editor.annotation.document.source()
            ),
        );
    }
    if editor.conflict.is_some() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "{} was changed on disk (another window, or a git pull) while you had unsaved edits. Saving is paused.",
                    path.map_or_else(String::new, |p| p.display().to_string())
                ),
            );
            ui.horizontal(|ui| {
                if ui.button("Keep my version (overwrite the file)").clicked() {
                    choice = Some(Command::KeepMine);
                }
                if ui.button("Load the file's version (drop my edits)").clicked() {
                    choice = Some(Command::TakeTheirs);
                }
            });
        });
    }
    let mut dismiss = false;
    if let Some(notice) = &editor.notice {
        ui.horizontal(|ui| {
            ui.label(notice);
            dismiss = ui.small_button("✖").on_hover_text("Dismiss").clicked();
        });
    }
    if dismiss {
        editor.notice = None;
    }
    choice
}
