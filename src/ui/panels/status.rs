//! The status line (saved or not, and why), and the banners above the text.

use crate::ui::bidi_layout::display_order;
use std::path::Path;

use crate::ui::autosave::Autosave;
use crate::ui::command::Command;
use crate::ui::editor::Editor;
use crate::ui::state::AppState;

/// The save state in words, with a mark that reads at a glance; `not_saved` starts the
/// message of a failed save.
fn save_ui(ui: &mut egui::Ui, save: &Autosave, not_saved: &str) {
    if let Some(error) = &save.error {
        ui.colored_label(
            ui.visuals().error_fg_color,
            format!("✖ {not_saved}: {error} — retrying; your work is kept"),
        );
    } else if save.in_flight.is_some() || save.is_dirty() {
        ui.colored_label(ui.visuals().warn_fg_color, "◑ Saving…");
    } else if save.stamp.is_some() {
        ui.label("✔ Saved");
    } else {
        ui.weak("Nothing to save yet");
    }
}

/// One line at the bottom: save state, document size, caret.
pub fn status_ui(ui: &mut egui::Ui, app: &AppState) {
    ui.horizontal(|ui| {
        if let Some(error) = &app.error {
            ui.colored_label(ui.visuals().warn_fg_color, error);
            ui.separator();
        }
        if let Some(info) = &app.info {
            ui.label(info);
            ui.separator();
        }
        if let Some(review) = app.review() {
            save_ui(ui, &review.save, "gold.ron not saved");
            ui.separator();
            match &review.adjudication {
                Some(adjudication) => ui.label(format!(
                    "Review: gold.ron has {} · {} places undecided · curator {}",
                    spans_phrase(adjudication.gold.annotation.spans().len()),
                    adjudication.undecided().len(),
                    review.curator
                )),
                None => ui.label("Review: choose two or more annotators to compare"),
            };
            return;
        }
        let Some(editor) = app.editor() else {
            ui.label(format!("{} documents", app.entries.len()));
            return;
        };
        save_ui(ui, &editor.save, "Not saved");
        ui.separator();
        let doc = &editor.annotation.document;
        let suggested = editor.shown_suggestions().count();
        let suggested = match suggested {
            0 => String::new(),
            n => format!(
                " · {n} {}",
                crate::jobs::plural(n, "suggestion", "suggestions")
            ),
        };
        ui.label(format!(
            "{}{suggested} · {} characters",
            spans_phrase(editor.annotation.spans().len()),
            doc.char_len()
        ));
        if let Some(range) = &editor.selection {
            ui.separator();
            ui.label(format!("selected [{}, {})", range.start, range.end));
        } else if let Some(span) = &editor.selected_span {
            ui.separator();
            ui.label(span_in_words(editor, &app.schema, span))
                .on_hover_text(format!("code points [{}, {})", span.start, span.end));
        } else if let Some(s) = &editor.selected_suggestion {
            ui.separator();
            ui.label(format!(
                "Suggested by the {}, {} — Enter accepts, X rejects",
                s.source,
                span_in_words(editor, &app.schema, &s.span)
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
    editor: &Editor,
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
    if let Some(holder) = &editor.read_only {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "Read-only: this file is open in another spantag window ({holder}). You can read it here; it becomes editable when that window closes it."
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
            if let Some((mine, theirs)) = editor.conflict_difference() {
                ui.label(conflict_words(&editor.annotation, &mine, &theirs));
            }
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
    if let Some(copy) = editor.recovered.first() {
        choice = choice.or(recovered_ui(ui, editor, copy));
    }
    if let Some(notice) = &editor.notice {
        choice = choice.or(notice_ui(ui, notice));
    }
    choice
}

/// Offers the recovery copy an earlier session left: restore it or delete it.
fn recovered_ui(
    ui: &mut egui::Ui,
    editor: &Editor,
    copy: &crate::ui::worker::RecoveryCopy,
) -> Option<Command> {
    let mut choice = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        let when = copy.written.strftime("%Y-%m-%d %H:%M UTC");
        let what = match &copy.content {
            Ok(a) => format!(
                "{} (the file has {})",
                spans_phrase(a.spans().len()),
                spans_phrase(editor.annotation.spans().len())
            ),
            Err(e) => format!("it cannot be read: {e}"),
        };
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "Work that could not be saved on {when} was kept in {}: {what}.",
                copy.path.display()
            ),
        );
        ui.horizontal(|ui| {
            let readable = copy.content.is_ok();
            if ui
                .add_enabled(readable, egui::Button::new("Restore it"))
                .on_hover_text("Use that work instead of the file's; it is saved as usual")
                .clicked()
            {
                choice = Some(Command::RestoreRecovered(true));
            }
            if ui
                .button("Delete the copy")
                .on_hover_text("Keep the file as it is and delete the recovery copy")
                .clicked()
            {
                choice = Some(Command::RestoreRecovered(false));
            }
        });
    });
    choice
}

/// What each answer to a conflict drops, in words: nothing is dropped unsaid.
fn conflict_words(
    annotation: &crate::model::Annotation,
    mine: &[crate::model::Span],
    theirs: &[crate::model::Span],
) -> String {
    let list = |spans: &[crate::model::Span]| -> String {
        const SHOWN: usize = 3;
        let mut each: Vec<String> = spans
            .iter()
            .take(SHOWN)
            .map(|s| {
                let text = display_order(annotation.span_text(s));
                format!("“{text}” {}", s.label)
            })
            .collect();
        if spans.len() > SHOWN {
            each.push(format!("{} more", spans.len() - SHOWN));
        }
        each.join(", ")
    };
    let side = |spans: &[crate::model::Span], who: &str| {
        if spans.is_empty() {
            format!("{who} has no span the other lacks")
        } else {
            format!(
                "{who} has {} the other lacks: {}",
                spans_phrase(spans.len()),
                list(spans)
            )
        }
    };
    format!(
        "{}; {}.",
        side(mine, "Your version"),
        side(theirs, "the file's version")
    )
}

/// A span in words: `Actor: “Hayat Tahrir al-Sham”` (a long text cut at its end). Not
/// with an arrow, which the bundled fonts do not draw.
fn span_in_words(
    editor: &Editor,
    schema: &crate::model::Schema,
    span: &crate::model::Span,
) -> String {
    const LONGEST: usize = 60;
    let text = editor.annotation.span_text(span).replace(['\r', '\n'], " ");
    let text = match text.char_indices().nth(LONGEST) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    };
    let label = schema
        .get(&span.label)
        .map_or(span.label.as_str(), |d| d.display.as_str());
    format!("{label}: “{}”", display_order(&text))
}

/// "1 span", "3 spans".
pub(crate) fn spans_phrase(n: usize) -> String {
    format!("{n} {}", crate::jobs::plural(n, "span", "spans"))
}

/// A message shown until dismissed; the ✖ answers with [`Command::DismissNotice`].
pub fn notice_ui(ui: &mut egui::Ui, notice: &str) -> Option<Command> {
    let mut dismiss = None;
    ui.horizontal(|ui| {
        ui.label(notice);
        if ui.small_button("✖").on_hover_text("Dismiss").clicked() {
            dismiss = Some(Command::DismissNotice);
        }
    });
    dismiss
}
