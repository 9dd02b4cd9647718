//! Review mode's panels: the places of disagreement with their state, each annotator's
//! version of the current one, and the text with the gold spans and the places marked.

use crate::ui::bidi_layout::display_order;
use egui::Color32;

use crate::model::Schema;
use crate::review::adjudicate::PlaceState;
use crate::ui::command::Command;
use crate::ui::review::{ReviewCommand, ReviewSession};
use crate::ui::text_view::ViewEvent;
use crate::ui::views::{Shown, ViewKey, Views};

/// The files to compare, as check boxes.
fn sources_ui(ui: &mut egui::Ui, session: &ReviewSession, out: &mut Vec<Command>) {
    ui.label("Compare:");
    for (i, (source, on)) in session.sources.iter().zip(&session.chosen).enumerate() {
        let annotation = &source.annotation;
        let mut note = Vec::new();
        if annotation.annotator.as_str() == session.curator {
            note.push("your own file");
        }
        if annotation.status != crate::model::Status::Done {
            note.push("not done");
        }
        let label = if note.is_empty() {
            annotation.annotator.to_string()
        } else {
            format!("{} ({})", annotation.annotator, note.join(", "))
        };
        let mut checked = *on;
        if ui.checkbox(&mut checked, label).changed() {
            out.push(Command::Review(ReviewCommand::Compare {
                source: i,
                on: checked,
            }));
        }
    }
}

/// The review panel. Returns the commands it gave.
pub fn review_panel_ui(
    ui: &mut egui::Ui,
    session: &ReviewSession,
    schema: &Schema,
) -> Vec<Command> {
    let mut out = Vec::new();
    let dark = ui.visuals().dark_mode;
    ui.heading("Review");
    if let Some(notice) = &session.notice {
        out.extend(super::status::notice_ui(ui, notice));
    }
    if session.conflict.is_some() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            "gold.ron was changed on disk (another curator, or a git pull) while you had unsaved decisions. Saving is paused.",
        );
        if ui
            .button("Keep my decisions (overwrite gold.ron)")
            .clicked()
        {
            out.push(Command::KeepMine);
        }
        if ui
            .button("Load gold.ron as it is on disk (drop mine)")
            .clicked()
        {
            out.push(Command::TakeTheirs);
        }
        ui.separator();
    }
    let Some(adj) = &session.adjudication else {
        if let Some(why) = session.why_not() {
            ui.label(why);
        }
        sources_ui(ui, session, &mut out);
        return out;
    };
    let open = adj.undecided().len();
    let disagreements = adj
        .places
        .iter()
        .filter(|p| !p.disagreement.is_agreement())
        .count();
    ui.label(format!(
        "{} annotators: {}. {disagreements} disagreements, {open} undecided.",
        adj.annotators.len(),
        adj.annotators.join(", ")
    ));
    if let Some(error) = &session.save.error {
        ui.colored_label(
            ui.visuals().error_fg_color,
            format!("gold.ron not saved: {error}"),
        );
    } else if !session.save.is_settled() {
        ui.weak("Saving gold.ron…");
    } else if session.save.stamp.is_some() {
        ui.weak("gold.ron saved");
    } else {
        ui.weak("gold.ron is written at your first decision");
    }
    egui::CollapsingHeader::new("Annotators compared")
        .default_open(false)
        .show(ui, |ui| sources_ui(ui, session, &mut out));
    let orphans = adj.orphaned_decisions();
    if !orphans.is_empty() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "{} decisions no longer match any place (an annotator's file changed)",
                orphans.len()
            ),
        );
    }
    ui.separator();
    if open == 0 {
        ui.label("Every place is decided. gold.ron is complete.");
        ui.separator();
    }
    if let Some(i) = session.current {
        let place = &adj.places[i];
        ui.strong(format!("Place {} — {}", i + 1, place.disagreement.name()));
        for (k, (annotator, version)) in adj.annotators.iter().zip(&place.versions).enumerate() {
            let text = match version {
                Some(span) => {
                    let def = schema.get(&span.label);
                    let line = crate::ui::text_view::label_text_color(
                        def.map_or(crate::model::Rgb([128, 128, 128]), |d| d.color_for(dark)),
                        dark,
                    );
                    let words = display_order(
                        &adj.gold
                            .annotation
                            .span_text(span)
                            .replace(['\r', '\n'], " "),
                    );
                    egui::RichText::new(format!("{}  {annotator}: {} “{words}”", k + 1, span.label))
                        .color(line)
                }
                None => egui::RichText::new(format!("{}  {annotator}: nothing", k + 1)).weak(),
            };
            if ui
                .button(text)
                .on_hover_text(format!("Take {annotator}'s version (key {})", k + 1))
                .clicked()
            {
                out.push(Command::Review(ReviewCommand::Accept(k)));
            }
        }
        if ui.button("X  no entity here").clicked() {
            out.push(Command::Review(ReviewCommand::Reject));
        }
        let agreed = crate::ui::review::agreed_places(adj).len();
        let button = egui::Button::new(format!("Accept all agreed places ({agreed})"));
        if ui
            .add_enabled(agreed > 0, button)
            .on_hover_text("Shift+A: at every undecided place where more than half the annotators have the same span, take it (one Ctrl+Z takes them all back)")
            .on_disabled_hover_text("No undecided place has a version more than half the annotators share (with two annotators, the places they agree on are accepted already)")
            .clicked()
        {
            out.push(Command::Review(ReviewCommand::AcceptAgreed));
        }
        match adj.state(i) {
            PlaceState::Decided(d) => {
                ui.weak(format!(
                    "decided: {} by {} at {}",
                    d.choice, d.curator, d.time
                ));
            }
            PlaceState::Stale(d) => {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!(
                        "stale: {} chose {} but the versions have changed since",
                        d.curator, d.choice
                    ),
                );
            }
            PlaceState::Undecided => {
                ui.weak("undecided");
            }
        }
        ui.separator();
    }
    ui.weak("N / P next / previous undecided · 1 2 3 take a version · X no entity · select text and press a label key to draw the span yourself");
    ui.separator();
    let row_height = ui.spacing().interact_size.y + 2.0;
    let rows: Vec<usize> = (0..adj.places.len())
        .filter(|&i| {
            !adj.places[i].disagreement.is_agreement()
                || !matches!(adj.state(i), PlaceState::Decided(_))
        })
        .collect();
    egui::ScrollArea::vertical()
        .id_salt("review_places")
        .auto_shrink(false)
        .show_rows(ui, row_height, rows.len(), |ui, range| {
            for &i in &rows[range] {
                let selected = session.current == Some(i);
                let response =
                    ui.add(egui::Button::selectable(selected, session.describe(i)).truncate());
                if response.clicked() {
                    out.push(Command::Review(ReviewCommand::Goto(i)));
                }
            }
        });
    out
}

/// The text in review mode: gold spans, places outlined (the current one strongly).
pub fn review_text_ui(
    ui: &mut egui::Ui,
    session: &ReviewSession,
    schema: &Schema,
    views: &mut Views,
    direction: crate::text::bidi::BaseDirection,
    settings: &crate::ui::state::Settings,
) -> Vec<Command> {
    let Some(adj) = &session.adjudication else {
        ui.label(session.why_not().unwrap_or_default());
        return Vec::new();
    };
    // Places get a colour of their own, a grey no label takes (the Actor orange was
    // easy to take for a span); the current one the strongest text colour.
    let open = if ui.visuals().dark_mode {
        Color32::from_gray(150)
    } else {
        Color32::from_gray(110)
    };
    let strong = ui.visuals().strong_text_color();
    let dark = ui.visuals().dark_mode;
    let short = crate::review::names::short_names(&adj.annotators);
    let versions: Vec<(std::ops::Range<usize>, Color32, String)> = session
        .current
        .and_then(|i| adj.places.get(i))
        .map(|place| {
            place
                .versions
                .iter()
                .zip(&short)
                .filter_map(|(version, who)| {
                    let span = version.as_ref()?;
                    let crate::model::Rgb([r, g, b]) = schema
                        .get(&span.label)
                        .map_or(crate::model::Rgb([128, 128, 128]), |d| d.color_for(dark));
                    Some((
                        span.start..span.end,
                        Color32::from_rgb(r, g, b),
                        who.clone(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    let marks: Vec<(std::ops::Range<usize>, Color32, f32)> = (0..adj.places.len())
        .filter_map(|i| {
            let place = &adj.places[i];
            let (start, end) = place.range();
            if session.current == Some(i) {
                Some((start..end, strong, 2.0))
            } else if !matches!(adj.state(i), PlaceState::Decided(_)) {
                Some((start..end, open, 1.0))
            } else {
                None
            }
        })
        .collect();
    let events = views.text_ui(
        ui,
        &ViewKey::Review(session.id.clone()),
        Shown {
            annotation: &adj.gold.annotation,
            schema,
            selection: session.selection.clone(),
            caret: None,
            selected_span: session.selected_span.as_ref(),
            marks: &marks,
            suggestions: None,
            selected_suggestion: None,
            label_tags: !settings.hide_label_tags,
            text_size: settings.text_size(),
            max_width: settings.max_width(),
            versions: &versions,
            direction,
        },
    );
    let mut out = Vec::new();
    for event in events {
        match event {
            ViewEvent::Select { range, .. } => {
                out.push(Command::Review(ReviewCommand::Select(range)));
            }
            // Review draws no suggestion, so none is clicked.
            ViewEvent::PlaceCaret(_) | ViewEvent::ClickSuggestion(_) => {
                out.push(Command::Review(ReviewCommand::Clear));
            }
            ViewEvent::ClickSpan(span) => {
                out.push(Command::Review(ReviewCommand::SelectSpan(span)));
            }
            ViewEvent::Tag(label) => out.push(Command::Review(ReviewCommand::Tag(label))),
            ViewEvent::DeleteSelectedSpan => out.push(Command::Review(ReviewCommand::Delete)),
            ViewEvent::ResizeSpan { old, new } => {
                out.push(Command::Review(ReviewCommand::Resize { old, new }));
            }
        }
    }
    out
}
