//! Small windows: the annotator's name, the keyboard shortcuts.

use crate::model::AnnotatorName;
use crate::ui::app::SpantagApp;
use crate::ui::command::{Command, SHORTCUTS};

/// Shows whichever dialogs are open. Returns the commands they gave.
pub fn dialogs_ui(ctx: &egui::Context, app: &mut SpantagApp) -> Vec<Command> {
    let mut out = Vec::new();
    let first_time = app.annotator.is_none();
    let mut cancel = false;
    if let Some(name) = &mut app.name_prompt {
        egui::Window::new("Who is annotating?")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                ui.label("It names your files: annotations/<document>/<name>.ron");
                let label = ui.label("Your annotator name");
                let edit = ui
                    .add(
                        egui::TextEdit::singleline(name)
                            .hint_text("e.g. alice")
                            .desired_width(240.0),
                    )
                    .labelled_by(label.id);
                if first_time {
                    edit.request_focus();
                }
                let checked = AnnotatorName::person(name.trim());
                match &checked {
                    Err(e) if !name.is_empty() => {
                        ui.colored_label(ui.visuals().error_fg_color, e.to_string());
                    }
                    _ => {}
                }
                let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    let ok = ui.add_enabled(checked.is_ok(), egui::Button::new("Start annotating"));
                    if (ok.clicked() || enter)
                        && let Ok(name) = checked
                    {
                        out.push(Command::SetAnnotator(name));
                    }
                    cancel = !first_time && ui.button("Cancel").clicked();
                });
            });
    }
    if cancel {
        app.name_prompt = None;
    }
    if app.show_shortcuts {
        let mut open = true;
        egui::Window::new("Keyboard shortcuts")
            .open(&mut open)
            .resizable(false)
            .show(ctx, |ui| {
                egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                    for (keys, what) in SHORTCUTS {
                        ui.strong(*keys);
                        ui.label(*what);
                        ui.end_row();
                    }
                });
            });
        app.show_shortcuts = open;
    }
    out
}
