//! The application state and its frame: a list of the corpus's documents and the text of
//! the selected one. The annotation window proper builds on this.

use crate::io::store::{Corpus, TextEntry};
use crate::model::{AnnotatorName, Document};

use super::Launch;

/// The spantag window.
pub struct SpantagApp {
    corpus: Corpus,
    texts: Vec<TextEntry>,
    /// Why the corpus could not be listed, if it could not.
    list_error: Option<String>,
    selected: Option<usize>,
    /// The selected document, or why it could not be read.
    document: Option<Result<Document, String>>,
    annotator: Option<AnnotatorName>,
}

/// The window title: the app and, once known, who is annotating.
pub fn window_title(annotator: Option<&AnnotatorName>) -> String {
    match annotator {
        Some(name) => format!("spantag — {name}"),
        None => "spantag".to_owned(),
    }
}

impl SpantagApp {
    /// The window's state for `launch`: the corpus at or around its path, with the file
    /// it names selected.
    pub fn open(launch: &Launch) -> Self {
        let corpus = Corpus::containing(&launch.path).unwrap_or_else(|| {
            let folder = if launch.path.is_dir() {
                launch.path.clone()
            } else {
                launch
                    .path
                    .parent()
                    .map(ToOwned::to_owned)
                    .unwrap_or_default()
            };
            Corpus::new(folder)
        });
        let (mut texts, list_error) = match corpus.texts() {
            Ok(texts) => (texts, None),
            Err(e) => (Vec::new(), Some(e.to_string())),
        };
        // A lone text file outside any samples/ folder is listed on its own.
        if launch.path.is_file() && !texts.iter().any(|t| t.path == launch.path) {
            let stem = launch
                .path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy();
            texts.insert(
                0,
                TextEntry {
                    id: crate::model::DocId::from_file_stem(&stem),
                    path: launch.path.clone(),
                },
            );
        }
        let mut app = Self {
            corpus,
            texts,
            list_error,
            selected: None,
            document: None,
            annotator: launch.annotator.clone(),
        };
        let wanted = app.texts.iter().position(|t| t.path == launch.path);
        app.select(wanted.or((!app.texts.is_empty()).then_some(0)));
        app
    }

    /// Who is annotating, if known.
    pub fn annotator(&self) -> Option<&AnnotatorName> {
        self.annotator.as_ref()
    }

    fn select(&mut self, index: Option<usize>) {
        self.selected = index;
        self.document = index
            .and_then(|i| self.texts.get(i))
            .map(|entry| self.corpus.load_text(entry).map_err(|e| e.to_string()));
    }

    fn corpus_list_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("Documents");
        ui.label(
            egui::RichText::new(self.corpus.samples_dir().display().to_string())
                .small()
                .weak(),
        );
        ui.separator();
        if let Some(error) = &self.list_error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        } else if self.texts.is_empty() {
            ui.label("No .txt files in samples/.");
        }
        let mut clicked = None;
        egui::ScrollArea::vertical().show(ui, |ui| {
            for (i, entry) in self.texts.iter().enumerate() {
                if ui
                    .selectable_label(self.selected == Some(i), entry.id.as_str())
                    .clicked()
                {
                    clicked = Some(i);
                }
            }
        });
        if clicked.is_some() {
            self.select(clicked);
        }
    }

    fn document_ui(&self, ui: &mut egui::Ui) {
        match &self.document {
            None => {
                ui.label("Choose a document on the left.");
            }
            Some(Err(error)) => {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            Some(Ok(document)) => {
                ui.heading(document.id().as_str());
                ui.separator();
                egui::ScrollArea::vertical().show(ui, |ui| {
                    ui.add(egui::Label::new(document.text()).wrap());
                });
            }
        }
    }
}

impl eframe::App for SpantagApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}

impl SpantagApp {
    /// Draws one frame of the whole window into `ui` (also what UI tests drive).
    pub fn show(&mut self, ui: &mut egui::Ui) {
        egui::Panel::left("corpus")
            .resizable(true)
            .default_size(260.0)
            .show(ui, |ui| self.corpus_list_ui(ui));
        egui::CentralPanel::default().show(ui, |ui| self.document_ui(ui));
    }
}
