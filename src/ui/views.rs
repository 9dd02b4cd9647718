//! The text views' own state, per document: the laid-out geometry and the widget's
//! scroll and drag state. Held by the app shell, never by the window's state, so that
//! the state stays free of egui.

use std::collections::HashMap;
use std::ops::Range;

use super::text_layout::TextLayout;
use super::text_view::{ViewEvent, ViewInput, ViewState, text_view_ui};
use crate::model::{Annotation, DocId, Schema, Span};
use crate::text::bidi::BaseDirection;

/// Which text a view shows.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ViewKey {
    /// The annotator's document.
    Doc(DocId),
    /// A document's gold in review mode.
    Review(DocId),
}

impl ViewKey {
    /// The egui id of the view's scroll area: each text keeps its own scroll position.
    pub fn egui_id(&self) -> egui::IdSalt {
        egui::IdSalt::new(("text_view", self))
    }
}

/// One text's view state.
pub struct DocView {
    /// The text's geometry.
    pub layout: TextLayout,
    /// The widget's state.
    pub view: ViewState,
    /// Scroll to this offset (content points) on the next frame.
    pub scroll_offset: Option<f32>,
    /// Bring this code point into view on the next frame.
    pub scroll_to: Option<usize>,
}

impl DocView {
    /// A view of `text`, at its top.
    pub fn new(text: &str) -> Self {
        Self {
            layout: TextLayout::new(text),
            view: ViewState::default(),
            scroll_offset: None,
            scroll_to: None,
        }
    }

    /// Scrolls by a page (most of the visible height).
    pub fn scroll_page(&mut self, down: bool) {
        let page = self.view.viewport_height() * 0.9;
        let now = self.view.scroll_offset();
        let target = if down { now + page } else { now - page };
        let max = (self.layout.total_height() - self.view.viewport_height()).max(0.0);
        self.scroll_offset = Some(target.clamp(0.0, max));
    }

    /// The character on the row above or below `c`, at the same x, if that row is laid
    /// out.
    pub fn row_neighbour(&mut self, c: usize, down: bool) -> Option<usize> {
        let rect = self.layout.caret_rect(c)?;
        let y = if down {
            rect.max.y + 2.0
        } else {
            rect.min.y - 2.0
        };
        if y < 0.0 {
            return None;
        }
        self.layout.char_at(egui::pos2(rect.min.x, y))
    }

    /// Where code point `c` was drawn in the last frame (screen coordinates).
    pub fn screen_rect_of(&mut self, c: usize) -> Option<egui::Rect> {
        self.view.screen_rect_of(&mut self.layout, c)
    }
}

/// What a text view shows of the state: the annotation and what is selected in it.
pub struct Shown<'a> {
    /// The spans to draw, on their document's text.
    pub annotation: &'a Annotation,
    /// Label colours.
    pub schema: &'a Schema,
    /// The current selection, if any.
    pub selection: Option<Range<usize>>,
    /// The caret, if any.
    pub caret: Option<usize>,
    /// The selected span, if any.
    pub selected_span: Option<&'a Span>,
    /// Ranges to outline, with their colour and stroke width.
    pub marks: &'a [(Range<usize>, egui::Color32, f32)],
    /// Draw open suggestions except those of these sources; `None`: none.
    pub suggestions: Option<&'a [crate::model::Origin]>,
    /// The selected suggestion, if any.
    pub selected_suggestion: Option<&'a crate::model::Suggestion>,
    /// Draw each span's label key at its start.
    pub label_tags: bool,
    /// The article's font size.
    pub text_size: f32,
    /// The widest a line may be, the text centred; `None`: the view's width.
    pub max_width: Option<f32>,
    /// Review mode: the annotators' versions of the current place.
    pub versions: &'a [(Range<usize>, egui::Color32, String)],
    /// Which way its paragraphs read.
    pub direction: BaseDirection,
}

/// Every text's view state.
#[derive(Default)]
pub struct Views {
    map: HashMap<ViewKey, DocView>,
}

impl Views {
    /// The view of `key`, made for `text` if it has none yet.
    pub fn get_or_new(&mut self, key: &ViewKey, text: &str) -> &mut DocView {
        self.map
            .entry(key.clone())
            .or_insert_with(|| DocView::new(text))
    }

    /// Draws the text of `key` (its view made on first sight) with what `shown` holds,
    /// taking the view's pending scroll requests. Returns what the pointer asked for.
    pub fn text_ui(
        &mut self,
        ui: &mut egui::Ui,
        key: &ViewKey,
        shown: Shown<'_>,
    ) -> Vec<ViewEvent> {
        let text = shown.annotation.document.text();
        let view = self.get_or_new(key, text);
        view.layout.set_base_direction(shown.direction);
        text_view_ui(
            ui,
            &mut view.layout,
            &mut view.view,
            &ViewInput {
                id: key.egui_id(),
                text,
                annotation: shown.annotation,
                schema: shown.schema,
                selection: shown.selection,
                caret: shown.caret,
                selected_span: shown.selected_span,
                scroll_to: view.scroll_to.take(),
                scroll_offset: view.scroll_offset.take(),
                read_only: false,
                marks: shown.marks,
                suggestions: shown.suggestions,
                selected_suggestion: shown.selected_suggestion,
                label_tags: shown.label_tags,
                text_size: shown.text_size,
                max_width: shown.max_width,
                versions: shown.versions,
            },
        )
    }

    /// The view of `key`, if it was shown.
    pub fn get_mut(&mut self, key: &ViewKey) -> Option<&mut DocView> {
        self.map.get_mut(key)
    }

    /// Forgets the view of `key` (its text changed).
    pub fn forget(&mut self, key: &ViewKey) {
        self.map.remove(key);
    }

    /// Forgets every view (a new corpus or annotator).
    pub fn clear(&mut self) {
        self.map.clear();
    }
}
