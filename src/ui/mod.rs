//! The desktop window (cargo feature `gui`). egui only: no file formats, no metrics.

mod app;
pub mod editor;
pub mod fonts;
pub mod text_layout;
pub mod worker;
pub mod text_view;

use std::path::PathBuf;

pub use app::{SpantagApp, window_title};

use crate::model::AnnotatorName;

/// What the window opens with.
#[derive(Clone, Debug)]
pub struct Launch {
    /// A corpus folder or a text file.
    pub path: PathBuf,
    /// The annotator, if given on the command line.
    pub annotator: Option<AnnotatorName>,
}

/// Opens the window and runs until it is closed.
pub fn run(launch: Launch) -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(window_title(launch.annotator.as_ref()))
            .with_inner_size([1100.0, 750.0]),
        ..Default::default()
    };
    eframe::run_native(
        "spantag",
        options,
        Box::new(move |cc| {
            fonts::install_fonts(&cc.egui_ctx);
            Ok(Box::new(SpantagApp::open(&launch)))
        }),
    )
}
