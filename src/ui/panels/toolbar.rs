//! The menu bar and the legend: labels with their keys, colours and counts, as buttons.

use crate::ui::app::SpantagApp;
use crate::ui::command::Command;
use crate::ui::text_view::label_colors;

/// The File, Edit and Help menus.
pub fn menu_bar_ui(ui: &mut egui::Ui, app: &SpantagApp) -> Vec<Command> {
    let mut out = Vec::new();
    // In review mode the annotator's own document is not edited.
    let editor = app.editor().filter(|_| app.review().is_none());
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            if ui.button("Open file…  (Ctrl+O)").clicked() {
                out.push(Command::OpenFileDialog);
            }
            if ui.button("Open folder…  (Ctrl+Shift+O)").clicked() {
                out.push(Command::OpenFolderDialog);
            }
            ui.menu_button("Open recent", |ui| {
                if app.settings().recent.is_empty() {
                    ui.label("Nothing yet");
                }
                for path in &app.settings().recent {
                    if ui.button(path.display().to_string()).clicked() {
                        out.push(Command::Open(path.clone()));
                    }
                }
            });
            ui.separator();
            if ui.button("Export…").clicked() {
                out.push(Command::ShowExport);
            }
            if ui.button("Import…").clicked() {
                out.push(Command::ShowImport);
            }
            ui.separator();
            if ui.button("Save now  (Ctrl+S)").clicked() {
                out.push(Command::SaveNow);
            }
            ui.separator();
            if ui.button("Quit").clicked() {
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        });
        ui.menu_button("Edit", |ui| {
            let can_undo = editor.is_some_and(|e| e.history.can_undo());
            let can_redo = editor.is_some_and(|e| e.history.can_redo());
            if ui
                .add_enabled(can_undo, egui::Button::new("Undo  (Ctrl+Z)"))
                .clicked()
            {
                out.push(Command::Undo);
            }
            if ui
                .add_enabled(can_redo, egui::Button::new("Redo  (Ctrl+Shift+Z)"))
                .clicked()
            {
                out.push(Command::Redo);
            }
            let has_span = editor.is_some_and(|e| e.selected_span.is_some());
            if ui
                .add_enabled(has_span, egui::Button::new("Delete span  (Del)"))
                .clicked()
            {
                out.push(Command::DeleteSelectedSpan);
            }
            ui.separator();
            if ui
                .button("Mark done and go to next  (Ctrl+Enter)")
                .clicked()
            {
                out.push(Command::DoneAndNext);
            }
            if ui.button("Mark in progress again").clicked() {
                out.push(Command::Reopen);
            }
            ui.separator();
            if ui.button("Review mode  (Ctrl+R)").clicked() {
                out.push(Command::ToggleReview);
            }
            if ui.button("Agreement…").clicked() {
                out.push(Command::ShowAgreement);
            }
        });
        ui.menu_button("View", |ui| {
            ui.label("Theme (follows the system unless you choose)");
            egui::widgets::global_theme_preference_buttons(ui);
        });
        ui.menu_button("Help", |ui| {
            if ui.button("Keyboard shortcuts  (F1)").clicked() {
                out.push(Command::ToggleShortcuts);
            }
        });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let who = app.annotator().map_or_else(
                || "no annotator".to_owned(),
                |a| format!("Annotating as {a}"),
            );
            if ui
                .button(who)
                .on_hover_text("Change the annotator name")
                .clicked()
            {
                out.push(Command::AskAnnotator);
            }
        });
    });
    out
}

/// The label buttons with keys, colours and counts, and the document's status.
pub fn legend_ui(ui: &mut egui::Ui, app: &SpantagApp) -> Vec<Command> {
    let mut out = Vec::new();
    let dark = ui.visuals().dark_mode;
    let editor = app.editor();
    let review = app.review();
    // In review mode the legend is the gold's, and its buttons draw gold spans.
    let counts = match review {
        Some(r) => Some(r.gold().annotation.label_counts()),
        None => editor.map(|e| e.annotation.label_counts()),
    };
    ui.horizontal_wrapped(|ui| {
        let target = match review {
            Some(r) => r.selection.is_some() || r.selected_span.is_some(),
            None => editor.is_some_and(|e| {
                e.selection.is_some() || e.selected_span.is_some() || e.caret.is_some()
            }),
        };
        for def in &app.schema.labels {
            let (line, fill) = label_colors(def.color, dark);
            let count = counts
                .as_ref()
                .and_then(|c| c.get(&def.name).copied())
                .unwrap_or(0);
            let text = egui::RichText::new(format!("{}  {}  {count}", def.key, def.display))
                .color(ui.visuals().strong_text_color());
            let button = egui::Button::new(text)
                .fill(fill)
                .stroke(egui::Stroke::new(1.5, line));
            let response = ui
                .add_enabled(target, button)
                .on_hover_text(format!("Tag as {} (key {})", def.display, def.key))
                .on_disabled_hover_text("Select text, or click a span, first");
            if response.clicked() {
                out.push(match review {
                    Some(_) => {
                        Command::Review(crate::ui::review::ReviewCommand::Tag(def.name.clone()))
                    }
                    None => Command::Tag(def.name.clone()),
                });
            }
        }
        if review.is_some() {
            ui.separator();
            if ui
                .selectable_label(true, "Review")
                .on_hover_text("Leave review mode (Ctrl+R); gold.ron is saved as you go")
                .clicked()
            {
                out.push(Command::ToggleReview);
            }
        } else if let Some(editor) = editor {
            ui.separator();
            let done = editor.annotation.status == crate::model::Status::Done;
            if done {
                if ui
                    .button("✔ Done")
                    .on_hover_text("Marked done. Click to mark in progress again.")
                    .clicked()
                {
                    out.push(Command::Reopen);
                }
            } else if ui
                .button("Mark done ▶")
                .on_hover_text("Mark done and open the next document not done (Ctrl+Enter)")
                .clicked()
            {
                out.push(Command::DoneAndNext);
            }
            ui.separator();
            if ui
                .selectable_label(false, "Review")
                .on_hover_text(
                    "Adjudicate the annotators' files of this document into gold.ron (Ctrl+R)",
                )
                .clicked()
            {
                out.push(Command::ToggleReview);
            }
            ui.separator();
            if ui
                .add_enabled(editor.history.can_undo(), egui::Button::new("⟲ Undo"))
                .clicked()
            {
                out.push(Command::Undo);
            }
            if ui
                .add_enabled(editor.history.can_redo(), egui::Button::new("⟳ Redo"))
                .clicked()
            {
                out.push(Command::Redo);
            }
        }
    });
    out
}
