//! Small windows: the annotator's name, the keyboard shortcuts.

use crate::model::AnnotatorName;
use crate::ui::command::{Command, SHORTCUTS};
use crate::ui::leave::{LeaveAnswer, LeavePrompt};
use crate::ui::panels::agreement::AgreementWindow;
use crate::ui::panels::transfer::{ExportForm, ImportForm};

/// The window's own UI state outside the panels that draw documents.
#[derive(Default)]
pub struct Windows {
    /// The first-start (or change) annotator name prompt, with what is typed so far.
    pub name_prompt: Option<String>,
    /// The shortcuts window is open.
    pub show_shortcuts: bool,
    /// The export dialog.
    pub export: Option<ExportForm>,
    /// The import dialog.
    pub import: Option<ImportForm>,
    /// The agreement window.
    pub agreement: Option<AgreementWindow>,
    /// The corpus search window.
    pub search: Option<super::search::SearchWindow>,
    /// The question whether to run the corpus's suggestion command: its command line.
    pub command_prompt: Option<String>,
    /// The preview of "tag all occurrences in the corpus".
    pub occurrences: Option<super::occurrences::OccurrencesWindow>,
    /// The question asked before leaving with unsaved work.
    pub leave: Option<LeavePrompt>,
}

/// Shows whichever dialogs are open. Returns the commands they gave.
pub fn dialogs_ui(
    ctx: &egui::Context,
    windows: &mut Windows,
    annotator: Option<&AnnotatorName>,
) -> Vec<Command> {
    let mut out = Vec::new();
    if let Some(command) = &windows.command_prompt {
        egui::Window::new("Run this corpus's suggestion command?")
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label("This corpus's spantag.ron asks to run a program to suggest entities:");
                ui.label(egui::RichText::new(command).monospace());
                ui.label("A corpus is shared data: run it only if you trust whoever wrote this file. Your answer is remembered for this corpus and this exact command.");
                ui.horizontal(|ui| {
                    if ui.button("Run it").clicked() {
                        out.push(Command::AllowCommand(true));
                    }
                    if ui.button("Not now").clicked() {
                        out.push(Command::AllowCommand(false));
                    }
                });
            });
    }
    let first_time = annotator.is_none();
    let mut cancel = false;
    if let Some(name) = &mut windows.name_prompt {
        egui::Window::new("Who is annotating?")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                ui.label("It names your files: annotations/<document>/<name>.ron");
                let label = ui.label("Your annotator name");
                // Read before the field takes the key: Enter submits.
                let enter_pressed = ui.input(|i| i.key_pressed(egui::Key::Enter));
                let edit = ui
                    .add(
                        egui::TextEdit::singleline(name)
                            .hint_text("e.g. alice")
                            .desired_width(240.0),
                    )
                    .labelled_by(label.id);
                if first_time && !edit.lost_focus() {
                    edit.request_focus();
                }
                let checked = AnnotatorName::person(name.trim());
                match &checked {
                    Err(e) if !name.is_empty() => {
                        ui.colored_label(ui.visuals().error_fg_color, e.to_string());
                    }
                    _ => {}
                }
                let enter = enter_pressed && (edit.has_focus() || edit.lost_focus());
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
        windows.name_prompt = None;
    }
    if windows.show_shortcuts {
        let mut open = true;
        egui::Window::new("Keyboard shortcuts")
            .open(&mut open)
            .resizable(false)
            .show(ctx, |ui| {
                egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                    for shortcut in SHORTCUTS {
                        ui.strong(shortcut.keys);
                        ui.label(shortcut.does);
                        ui.end_row();
                    }
                });
            });
        windows.show_shortcuts = open;
    }
    if let Some(prompt) = &windows.leave {
        out.extend(leave_prompt_ui(ctx, prompt));
    }
    out
}

/// Asks what to do with work that could not be written before leaving.
fn leave_prompt_ui(ctx: &egui::Context, prompt: &LeavePrompt) -> Option<Command> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("leave-prompt")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading("Some of your work is not saved");
        let n = prompt.unsaved.len();
        ui.label(if n == 1 {
            "This file could not be written:".to_owned()
        } else {
            format!("These {n} files could not be written:")
        });
        for file in &prompt.unsaved {
            ui.horizontal_wrapped(|ui| {
                ui.strong(&file.what);
                ui.label(&file.why);
            });
            ui.weak(file.path.display().to_string());
        }
        if let Some(problem) = &prompt.problem {
            ui.colored_label(ui.visuals().error_fg_color, problem);
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui
                .button("Keep trying")
                .on_hover_text("Stay here with your edits; saving is tried again every few seconds")
                .clicked()
            {
                answer = Some(LeaveAnswer::KeepTrying);
            }
            if ui
                .button("Save a copy elsewhere…")
                .on_hover_text("Write the unsaved files to a folder you choose, then go on")
                .clicked()
            {
                answer = Some(LeaveAnswer::CopyElsewhere);
            }
            if ui
                .button(prompt.intent.discard_label())
                .on_hover_text("Lose the edits that are not saved")
                .clicked()
            {
                answer = Some(LeaveAnswer::Discard);
            }
        });
    });
    answer.map(Command::Leave)
}
