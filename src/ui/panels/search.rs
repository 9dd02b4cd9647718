//! The corpus search window (Ctrl+Shift+F, issue 14): a pattern and its options, which
//! hits to keep by the spans on them, and the hits in context, one line each; a click
//! opens the document with the hit selected.

use crate::jobs::search::{Hit, SearchRequest, TagFilter};
use crate::model::{AnnotatorName, DocId, Label, Schema};
use crate::text::search::Query;
use egui::Color32;

use crate::text::bidi::has_rtl_characters;
use crate::ui::bidi_layout::display_order;
use crate::ui::command::Command;
use crate::ui::worker::SearchResults;

/// Hits a search shows at most; the rest are counted.
pub const SHOWN: usize = 5000;

/// Which hits the window keeps, as chosen in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Keep {
    /// Every hit.
    #[default]
    All,
    /// Hits no span has.
    Untagged,
    /// Hits a span with this label has.
    Label(String),
}

/// The window's state.
#[derive(Default)]
pub struct SearchWindow {
    /// What to find, and how.
    pub query: Query,
    /// Which hits to keep.
    pub keep: Keep,
    /// A search is running.
    pub running: bool,
    /// The last search's hits, or why it failed.
    pub results: Option<Result<Box<SearchResults>, String>>,
    /// Put the cursor in the field on the next frame.
    pub focus: bool,
}

impl SearchWindow {
    /// The request for what the window shows, the labels being `annotator`'s: in the
    /// window, "untagged" means the places still to tag for whoever is annotating.
    fn request(&self, annotator: Option<&AnnotatorName>) -> SearchRequest {
        let mut request = SearchRequest::new(self.query.clone());
        request.annotator = annotator.cloned();
        request.filter = match &self.keep {
            Keep::All => TagFilter::Any,
            Keep::Untagged => TagFilter::Untagged,
            Keep::Label(l) => TagFilter::Label(Label::new(l.clone())),
        };
        request
    }
}

/// Shows the window. Returns its commands (search, open a hit) and whether it stays
/// open.
pub fn search_ui(
    ctx: &egui::Context,
    window: &mut SearchWindow,
    schema: &Schema,
    annotator: Option<&AnnotatorName>,
) -> (Vec<Command>, bool) {
    let mut out = Vec::new();
    let mut open = true;
    egui::Window::new("Search the corpus")
        .open(&mut open)
        .default_width(760.0)
        .default_height(420.0)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 70.0))
        .show(ctx, |ui| {
            let mut go = false;
            ui.horizontal(|ui| {
                let label = ui.label("Search for");
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut window.query.pattern)
                            .id_salt("corpus-search")
                            .desired_width(260.0),
                    )
                    .labelled_by(label.id);
                if std::mem::take(&mut window.focus) {
                    field.request_focus();
                }
                if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    go = true;
                }
                go |= ui
                    .add_enabled(!window.running, egui::Button::new("Search"))
                    .clicked();
            });
            ui.horizontal(|ui| {
                ui.checkbox(&mut window.query.whole_word, "whole word");
                ui.checkbox(&mut window.query.ignore_case, "any case");
                ui.checkbox(&mut window.query.ignore_marks, "ignore marks")
                    .on_hover_text("accents, harakat and tatweel; alef and yeh variants");
                ui.checkbox(&mut window.query.regex, "regex");
            });
            // Which hits: the labels are those of whoever is annotating.
            ui.horizontal_wrapped(|ui| {
                ui.label("Keep");
                ui.radio_value(&mut window.keep, Keep::All, "every hit");
                ui.radio_value(&mut window.keep, Keep::Untagged, "untagged")
                    .on_hover_text("no span of yours has exactly this place");
                for def in &schema.labels {
                    let name = def.name.as_str().to_owned();
                    let text = format!("tagged {name}");
                    ui.radio_value(&mut window.keep, Keep::Label(name), text);
                }
            });
            if go && !window.query.pattern.is_empty() {
                window.running = true;
                out.push(Command::Search(window.request(annotator)));
            }
            ui.separator();
            if window.running {
                ui.spinner();
                return;
            }
            match &window.results {
                None => {}
                Some(Err(e)) => {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                Some(Ok(results)) => {
                    let summary = &results.summary;
                    ui.label(format!(
                        "{} {} in {} of {} {}{}",
                        summary.hits,
                        crate::jobs::plural(summary.hits, "hit", "hits"),
                        summary.documents_with_hits,
                        summary.documents,
                        crate::jobs::plural(summary.documents, "document", "documents"),
                        if results.hits.len() < summary.hits {
                            format!(" (the first {} shown)", results.hits.len())
                        } else {
                            String::new()
                        }
                    ));
                    for warning in &summary.warnings {
                        ui.colored_label(ui.visuals().warn_fg_color, warning);
                    }
                    hits_ui(ui, &results.hits, &mut out);
                }
            }
        });
    (out, open)
}

/// One line a hit: its document, the hit in its context (the hit in the selection's
/// colour), the labels on it.
fn hits_ui(ui: &mut egui::Ui, hits: &[Hit], out: &mut Vec<Command>) {
    let row_height = ui.spacing().interact_size.y + 2.0;
    let font = egui::TextStyle::Button.resolve(ui.style());
    let (text, weak) = (ui.visuals().text_color(), ui.visuals().weak_text_color());
    let highlight = ui.visuals().selection.bg_fill;
    egui::ScrollArea::vertical()
        .id_salt("search-hits")
        .auto_shrink(false)
        .show_rows(ui, row_height, hits.len(), |ui, range| {
            for hit in &hits[range] {
                let one_line = |s: &str| s.replace(['\t', '\r', '\n'], " ");
                let format = |color: Color32, background: Color32| egui::TextFormat {
                    font_id: font.clone(),
                    color,
                    background,
                    ..Default::default()
                };
                let mut job = egui::text::LayoutJob::default();
                let document = format!("{}  ", hit.document);
                job.append(&document, 0.0, format(weak, Color32::TRANSPARENT));
                let (before, found, after) = (
                    one_line(&hit.before),
                    one_line(&hit.text),
                    one_line(&hit.after),
                );
                let line = format!("{before}{found}{after}");
                if has_rtl_characters(&line) {
                    // Right-to-left context is reordered as a whole, which the hit's
                    // own colour would not survive: shown in reading order, uncoloured.
                    job.append(
                        &display_order(&line),
                        8.0,
                        format(text, Color32::TRANSPARENT),
                    );
                } else {
                    job.append(&before, 8.0, format(text, Color32::TRANSPARENT));
                    job.append(&found, 0.0, format(text, highlight));
                    job.append(&after, 0.0, format(text, Color32::TRANSPARENT));
                }
                if !hit.labels.is_empty() {
                    let names: Vec<&str> = hit.labels.iter().map(Label::as_str).collect();
                    let labels = format!("[{}]", names.join(", "));
                    job.append(&labels, 16.0, format(weak, Color32::TRANSPARENT));
                }
                let response = ui
                    .add(egui::Button::selectable(false, job).truncate())
                    .on_hover_text(format!("{} [{}, {})", hit.document, hit.start, hit.end));
                if response.clicked()
                    && let Ok(id) = DocId::new(hit.document.clone())
                {
                    out.push(Command::OpenAt {
                        id,
                        range: hit.start..hit.end,
                    });
                }
            }
        });
}
