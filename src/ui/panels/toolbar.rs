//! The menu bar and the legend: labels with their keys, colours and counts, as buttons.

use crate::model::{Origin, Status};
use crate::text::bidi::BaseDirection;
use crate::ui::command::{Command, EditCommand, shortcut_text};
use crate::ui::review::ReviewCommand;
use crate::ui::state::AppState;
use crate::ui::text_view::label_colors;

/// A menu item named `label`, followed by its shortcut from the shortcut table.
fn item(ui: &mut egui::Ui, enabled: bool, label: &str, command: Command, out: &mut Vec<Command>) {
    let text = match shortcut_text(&command) {
        Some(keys) => format!("{label}  ({keys})"),
        None => label.to_owned(),
    };
    if ui.add_enabled(enabled, egui::Button::new(text)).clicked() {
        out.push(command);
    }
}

/// The File, Edit and Help menus.
pub fn menu_bar_ui(ui: &mut egui::Ui, app: &AppState) -> Vec<Command> {
    let mut out = Vec::new();
    // In review mode the annotator's own document is not edited.
    let editor = app.editor().filter(|_| app.review().is_none());
    let review = app.review();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            item(ui, true, "Open file…", Command::OpenFileDialog, &mut out);
            item(
                ui,
                true,
                "Open folder…",
                Command::OpenFolderDialog,
                &mut out,
            );
            ui.menu_button("Open recent", |ui| {
                if app.settings.recent.is_empty() {
                    ui.label("Nothing yet");
                }
                for path in &app.settings.recent {
                    if ui.button(path.display().to_string()).clicked() {
                        out.push(Command::Open(path.clone()));
                    }
                }
            });
            ui.separator();
            item(ui, true, "Export…", Command::ShowExport, &mut out);
            item(ui, true, "Import…", Command::ShowImport, &mut out);
            ui.separator();
            item(ui, true, "Save now", Command::SaveNow, &mut out);
            ui.separator();
            item(ui, true, "Quit", Command::Quit, &mut out);
        });
        ui.menu_button("Edit", |ui| {
            match review {
                Some(session) => {
                    let undo = Command::Review(ReviewCommand::Undo);
                    item(ui, session.can_undo(), "Undo decision", undo, &mut out);
                    let redo = Command::Review(ReviewCommand::Redo);
                    item(ui, true, "Redo decision", redo, &mut out);
                }
                None => {
                    let can_undo = editor.is_some_and(|e| e.history.can_undo());
                    let can_redo = editor.is_some_and(|e| e.history.can_redo());
                    item(ui, can_undo, "Undo", EditCommand::Undo.into(), &mut out);
                    item(ui, can_redo, "Redo", EditCommand::Redo.into(), &mut out);
                    let has_span = editor.is_some_and(|e| e.selected_span.is_some());
                    let delete = EditCommand::DeleteSelectedSpan.into();
                    item(ui, has_span, "Delete span", delete, &mut out);
                    let all = EditCommand::TagAllOccurrences.into();
                    item(ui, has_span, "Tag all occurrences", all, &mut out);
                    let corpus = Command::TagAllInCorpus;
                    let text = "Tag all occurrences in the corpus…";
                    item(ui, has_span, text, corpus, &mut out);
                    ui.separator();
                    let has_target = editor.is_some_and(|e| e.target_suggestion().is_some());
                    let has_any = editor.is_some_and(|e| e.shown_suggestions().next().is_some());
                    let accept = EditCommand::AcceptSuggestion.into();
                    item(ui, has_target, "Accept suggestion", accept, &mut out);
                    let reject = EditCommand::RejectSuggestion.into();
                    item(ui, has_target, "Reject suggestion", reject, &mut out);
                    let all = EditCommand::AcceptAllSuggestions.into();
                    item(ui, has_any, "Accept all suggestions", all, &mut out);
                }
            }
            ui.separator();
            let annotating = editor.is_some();
            let done = "Mark done and go to next";
            item(ui, annotating, done, Command::DoneAndNext, &mut out);
            let reopen = EditCommand::SetStatus(Status::InProgress).into();
            item(ui, annotating, "Mark in progress again", reopen, &mut out);
            ui.separator();
            item(ui, true, "Review mode", Command::ToggleReview, &mut out);
            item(ui, true, "Agreement…", Command::ShowAgreement, &mut out);
        });
        ui.menu_button("View", |ui| {
            ui.label("Theme (follows the system unless you choose)");
            egui::widgets::global_theme_preference_buttons(ui);
            ui.separator();
            ui.label("Text direction of this document");
            let current = app.current_id().map(|id| app.direction_of(id));
            ui.add_enabled_ui(current.is_some(), |ui| {
                for (direction, name) in [
                    (
                        BaseDirection::Auto,
                        "Each paragraph its own (from its first letter)",
                    ),
                    (BaseDirection::Ltr, "Left to right"),
                    (BaseDirection::Rtl, "Right to left"),
                ] {
                    if ui.radio(current == Some(direction), name).clicked() {
                        out.push(Command::SetDirection(direction));
                    }
                }
            });
            ui.separator();
            // Whole points: the size read from the settings.
            let size = app.settings.text_size() as u8;
            ui.horizontal(|ui| {
                ui.label(format!("Text size {size}"));
                if ui.small_button("-").on_hover_text("Smaller").clicked() {
                    out.push(Command::SetTextSize(Some(size.saturating_sub(1))));
                }
                if ui.small_button("+").on_hover_text("Larger").clicked() {
                    out.push(Command::SetTextSize(Some(size.saturating_add(1))));
                }
                if ui.small_button("Reset").clicked() {
                    out.push(Command::SetTextSize(None));
                }
            })
            .response
            .on_hover_text("The article's text only; Ctrl+= and Ctrl+- zoom the whole window");
            let mut limit = app.settings.limit_line_length;
            if ui
                .checkbox(&mut limit, "Limit line length (about 90 characters), centred")
                .changed()
            {
                out.push(Command::ToggleLineLength);
            }
            let mut tags = !app.settings.hide_label_tags;
            if ui
                .checkbox(&mut tags, "Label keys on spans")
                .on_hover_text("Each span's label key at its start, so that labels do not rest on colour alone")
                .changed()
            {
                out.push(Command::ToggleLabelTags);
            }
            ui.separator();
            ui.label("Suggestions (outlined, not spans until accepted)");
            let hidden = app.hidden_sources();
            let on = &app.schema.suggestions;
            for (source, allowed, name) in [
                (
                    Origin::Dictionary,
                    on.dictionary,
                    "From the corpus dictionary",
                ),
                (Origin::Gazetteer, on.gazetteers, "From the gazetteers"),
                (
                    Origin::Command,
                    on.command.is_some(),
                    "From the corpus's command",
                ),
            ] {
                let mut shown = !hidden.contains(&source);
                let response = ui.add_enabled(allowed, egui::Checkbox::new(&mut shown, name));
                let response = match (allowed, source) {
                    (true, _) => response,
                    (false, Origin::Command) => response
                        .on_disabled_hover_text("This corpus's spantag.ron names no command"),
                    (false, _) => {
                        response.on_disabled_hover_text("Switched off in this corpus's spantag.ron")
                    }
                };
                if response.changed() {
                    out.push(Command::ShowSuggestionsFrom { source, shown });
                }
            }
        });
        ui.menu_button("Help", |ui| {
            item(
                ui,
                true,
                "Keyboard shortcuts",
                Command::ToggleShortcuts,
                &mut out,
            );
        });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let who = app.annotator.as_ref().map_or_else(
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
pub fn legend_ui(ui: &mut egui::Ui, app: &AppState) -> Vec<Command> {
    let mut out = Vec::new();
    let dark = ui.visuals().dark_mode;
    let editor = app.editor();
    let review = app.review();
    // In review mode the legend is the gold's, and its buttons draw gold spans.
    let counts = match review {
        Some(r) => r.gold().map(|g| g.annotation.label_counts()),
        None => editor.map(|e| e.annotation.label_counts()),
    };
    ui.horizontal_wrapped(|ui| {
        let target = match review {
            Some(r) => r.selection.is_some() || r.selected_span.is_some(),
            // A document another window holds is read here, not tagged.
            None => editor.is_some_and(|e| {
                e.read_only.is_none()
                    && (e.selection.is_some() || e.selected_span.is_some() || e.caret.is_some())
            }),
        };
        for def in &app.schema.labels {
            let (line, fill) = label_colors(def.color_for(dark), dark);
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
                    Some(_) => ReviewCommand::Tag(def.name.clone()).into(),
                    None => EditCommand::Tag(def.name.clone()).into(),
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
            let done = editor.annotation.status == Status::Done;
            let writable = editor.read_only.is_none();
            if done {
                if ui
                    .add_enabled(writable, egui::Button::new("✔ Done"))
                    .on_hover_text("Marked done. Click to mark in progress again.")
                    .clicked()
                {
                    out.push(EditCommand::SetStatus(Status::InProgress).into());
                }
            } else if ui
                .add_enabled(writable, egui::Button::new("Mark done ▶"))
                .on_hover_text("Say you have tagged every entity in this document: it shows as done in the list and counts as finished in agreement and export. Then the next document not done opens (Ctrl+Enter). Edit → Mark in progress again undoes it.")
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
                out.push(EditCommand::Undo.into());
            }
            if ui
                .add_enabled(editor.history.can_redo(), egui::Button::new("⟳ Redo"))
                .clicked()
            {
                out.push(EditCommand::Redo.into());
            }
        }
    });
    out
}
