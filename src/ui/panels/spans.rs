//! The document's spans, grouped by label, then its suggestions apart; a click selects
//! one and scrolls to it. Virtualized: only the rows in view are drawn, so 10,000 spans
//! cost nothing.

use crate::model::{Schema, Span, Suggestion};
use crate::ui::bidi_layout::{display_order, display_order_fitting};
use crate::ui::command::{Command, EditCommand};
use crate::ui::editor::Editor;
use crate::ui::text_view::label_text_color;

enum Row<'a> {
    Header(&'a str, usize, egui::Color32),
    Span(&'a Span),
    SuggestionsHeader(usize),
    Suggestion(&'a Suggestion, egui::Color32),
}

/// The span list. Returns the span clicked, if any.
pub fn spans_ui(ui: &mut egui::Ui, editor: &Editor, schema: &Schema) -> Option<Command> {
    let dark = ui.visuals().dark_mode;
    ui.heading("Spans");
    let spans = editor.annotation.spans();
    let suggestions: Vec<&Suggestion> = editor.shown_suggestions().collect();
    let mut clicked = None;
    if !suggestions.is_empty()
        && ui
            .add(
                egui::Button::new("Accept all suggestions")
                    .small()
                    .truncate(),
            )
            .on_hover_text("Shift+A: every suggestion shown, as one undo step")
            .clicked()
    {
        clicked = Some(EditCommand::AcceptAllSuggestions.into());
    }
    if spans.is_empty() {
        ui.label("None yet. Select text and press a label key.");
        if suggestions.is_empty() {
            return clicked;
        }
    }
    let mut rows = Vec::with_capacity(spans.len() + suggestions.len() + schema.labels.len() + 2);
    let mut known: Vec<&str> = schema.labels.iter().map(|l| l.name.as_str()).collect();
    for span in spans {
        if !known.contains(&span.label.as_str()) {
            known.push(span.label.as_str());
        }
    }
    for name in known {
        let of_label: Vec<&Span> = spans.iter().filter(|s| s.label.as_str() == name).collect();
        if of_label.is_empty() {
            continue;
        }
        let def = schema.labels.iter().find(|l| l.name.as_str() == name);
        let color = def.map_or(egui::Color32::GRAY, |d| {
            label_text_color(d.color_for(dark), dark)
        });
        let title = def.map_or(name, |d| d.display.as_str());
        rows.push(Row::Header(title, of_label.len(), color));
        rows.extend(of_label.into_iter().map(Row::Span));
    }
    if !suggestions.is_empty() {
        rows.push(Row::SuggestionsHeader(suggestions.len()));
        for suggestion in suggestions {
            let color = schema
                .get(&suggestion.span.label)
                .map_or(egui::Color32::GRAY, |d| {
                    label_text_color(d.color_for(dark), dark)
                });
            rows.push(Row::Suggestion(suggestion, color));
        }
    }
    let row_height = ui.spacing().interact_size.y + 2.0;
    // A span's words are cut to the row at their logical end, so that a right-to-left
    // one keeps its first words (egui would cut it on the right, where it starts).
    let font = egui::TextStyle::Button.resolve(ui.style());
    let room = ui.available_width() - 2.0 * ui.spacing().button_padding.x;
    egui::ScrollArea::vertical()
        .id_salt("span_list")
        .auto_shrink(false)
        .show_rows(ui, row_height, rows.len(), |ui, range| {
            for row in &rows[range] {
                match row {
                    Row::Header(title, count, color) => {
                        ui.colored_label(
                            *color,
                            egui::RichText::new(format!("{title} ({count})")).strong(),
                        );
                    }
                    Row::Span(span) => {
                        let text = editor.annotation.span_text(span).replace(['\r', '\n'], " ");
                        let shown = display_order_fitting(&text, |s| {
                            ui.fonts_mut(|f| {
                                f.layout_no_wrap(
                                    format!("  {s}"),
                                    font.clone(),
                                    egui::Color32::WHITE,
                                )
                                .size()
                                .x
                            }) <= room
                        });
                        let text = display_order(&text);
                        let selected = editor.selected_span.as_ref() == Some(*span);
                        let response = ui
                            .add(
                                egui::Button::selectable(selected, format!("  {shown}")).truncate(),
                            )
                            .on_hover_text(format!("{text} [{}, {})", span.start, span.end));
                        if response.clicked() {
                            clicked = Some(EditCommand::SelectSpan((*span).clone()).into());
                        }
                    }
                    Row::SuggestionsHeader(count) => {
                        let title = egui::RichText::new(format!("Suggestions ({count})")).strong();
                        ui.add(egui::Label::new(title).truncate())
                            .on_hover_text("Not spans until accepted: Enter accepts, a label key accepts as that label, X rejects, Tab walks them");
                    }
                    Row::Suggestion(suggestion, color) => {
                        let span = &suggestion.span;
                        let text = editor.annotation.span_text(span).replace(['\r', '\n'], " ");
                        let label = schema
                            .get(&span.label)
                            .map_or(span.label.as_str(), |d| d.display.as_str());
                        let shown = display_order_fitting(&text, |s| {
                            ui.fonts_mut(|f| {
                                f.layout_no_wrap(
                                    format!("  {s} · {label}"),
                                    font.clone(),
                                    egui::Color32::WHITE,
                                )
                                .size()
                                .x
                            }) <= room
                        });
                        let selected = editor.selected_suggestion.as_ref() == Some(*suggestion);
                        let row = egui::RichText::new(format!("  {shown} · {label}")).italics();
                        // Selected: the highlight's own text colour, which reads on it.
                        let row = if selected { row } else { row.color(*color) };
                        let response = ui
                            .add(egui::Button::selectable(selected, row).truncate())
                            .on_hover_text(format!(
                                "{} [{}, {}), suggested by the {}",
                                display_order(&text),
                                span.start,
                                span.end,
                                suggestion.source
                            ));
                        if response.clicked() {
                            clicked =
                                Some(EditCommand::SelectSuggestion((*suggestion).clone()).into());
                        }
                    }
                }
            }
        });
    clicked
}
