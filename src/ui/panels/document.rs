//! The middle of the window: the open document's text with its banners, or the gold in
//! review mode.

use crate::ui::command::{Command, EditCommand};
use crate::ui::state::{AppState, OpenDoc};
use crate::ui::text_view::ViewEvent;
use crate::ui::views::{Shown, ViewKey, Views};

/// Draws the document shown, with `marks` outlined (the find bar's hits, sorted).
/// Returns the commands given in it.
pub fn document_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    views: &mut Views,
    marks: &[(std::ops::Range<usize>, egui::Color32, f32)],
) -> Vec<Command> {
    let Some(id) = state.current_id().cloned() else {
        ui.centered_and_justified(|ui| {
            ui.label(if state.listing {
                "Reading the folder…"
            } else if state.entries.is_empty() {
                "No documents here. Open a text file or a corpus folder (File menu, or drop it on the window)."
            } else {
                "Choose a document on the left."
            });
        });
        return Vec::new();
    };
    if state.annotator.is_none() {
        ui.label("Enter your annotator name to start.");
        return Vec::new();
    }
    if state.reviewing.as_ref() == Some(&id) {
        let schema = &state.schema;
        let Some(session) = state.reviews.get(&id) else {
            return Vec::new();
        };
        let direction = state.direction_of(&id);
        return super::review::review_text_ui(
            ui,
            session,
            schema,
            views,
            direction,
            &state.settings,
        );
    }
    let path = state.annotation_path(&id);
    let schema = &state.schema;
    match state.docs.get(&id) {
        None | Some(OpenDoc::Loading) => {
            ui.spinner();
            Vec::new()
        }
        Some(OpenDoc::Failed(error)) => {
            super::status::error_banner(
                ui,
                "This document's annotation file cannot be read, so it is shown nowhere and will not be overwritten. Fix or move the file, then open the document again.",
                &error.to_string(),
            );
            Vec::new()
        }
        Some(OpenDoc::Ready(editor)) => {
            let choice = super::status::document_banners(ui, editor, path.as_deref());
            let direction = state.direction_of(&id);
            // Over the foot of the text, not above it: the text does not move when the
            // hint goes away with the first span.
            if editor.annotation.spans().is_empty() && editor.read_only.is_none() {
                let foot = ui.max_rect().center_bottom() - egui::vec2(0.0, 8.0);
                egui::Area::new(egui::Id::unique("first-hint"))
                    .order(egui::Order::Foreground)
                    .pivot(egui::Align2::CENTER_BOTTOM)
                    .fixed_pos(foot)
                    .interactable(false)
                    .show(ui.ctx(), |ui| {
                        egui::Frame::popup(ui.style()).show(ui, |ui| {
                            ui.label(first_hint(schema));
                        });
                    });
            }
            let events = views.text_ui(
                ui,
                &ViewKey::Doc(id),
                Shown {
                    annotation: &editor.annotation,
                    schema,
                    selection: editor.selection.clone(),
                    caret: editor.caret,
                    selected_span: editor.selected_span.as_ref(),
                    marks,
                    suggestions: Some(&editor.hidden_sources),
                    selected_suggestion: editor.selected_suggestion.as_ref(),
                    label_tags: !state.settings.hide_label_tags,
                    text_size: state.settings.text_size(),
                    max_width: state.settings.max_width(),
                    versions: &[],
                    direction,
                },
            );
            choice
                .into_iter()
                .chain(events.into_iter().map(view_event_command))
                .collect()
        }
    }
}

/// How to tag, in one line, for a text with no span yet.
fn first_hint(schema: &crate::model::Schema) -> String {
    let keys: Vec<String> = schema
        .labels
        .iter()
        .take(4)
        .map(|l| format!("{} {}", l.key, l.display))
        .collect();
    format!(
        "To tag: drag across words (or double-click one), then press a label key: {}.",
        keys.join(", ")
    )
}

/// The command for something the pointer did in the text.
fn view_event_command(event: ViewEvent) -> Command {
    Command::Edit(match event {
        ViewEvent::Select { range, caret } => EditCommand::Select { range, caret },
        ViewEvent::PlaceCaret(c) => EditCommand::PlaceCaret(c),
        ViewEvent::ClickSpan(span) => EditCommand::SelectSpan(span),
        ViewEvent::ClickSuggestion(suggestion) => EditCommand::SelectSuggestion(suggestion),
        ViewEvent::ResizeSpan { old, new } => EditCommand::ResizeSpan { old, new },
        ViewEvent::Tag(label) => EditCommand::Tag(label),
        ViewEvent::DeleteSelectedSpan => EditCommand::DeleteSelectedSpan,
    })
}
