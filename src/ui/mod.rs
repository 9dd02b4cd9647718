//! The desktop window (cargo feature `gui`). egui only: no file formats, no metrics.

pub mod app;
pub mod command;
pub mod editor;
pub mod fonts;
pub mod panels;
pub mod review;
pub mod text_layout;
pub mod text_view;
pub mod worker;

use std::path::PathBuf;

pub use app::{FileDialogs, NativeDialogs, Settings, SpantagApp, window_title};

use crate::model::AnnotatorName;

/// Every symbol the window draws outside the article text; a test checks each has a
/// glyph in the bundled fonts.
pub const UI_SYMBOLS: &str = "○◑✔⚠…■✖⟲⟳▶·—κ“”";

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
            .with_app_id("spantag")
            .with_title(window_title(launch.annotator.as_ref(), None))
            .with_inner_size([1280.0, 800.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "spantag",
        options,
        Box::new(move |cc| {
            fonts::install_fonts(&cc.egui_ctx);
            let settings: Settings = cc
                .storage
                .and_then(|s| eframe::get_value(s, app::SETTINGS_KEY))
                .unwrap_or_default();
            Ok(Box::new(SpantagApp::new(
                &launch,
                settings,
                &cc.egui_ctx,
                Box::new(NativeDialogs),
            )))
        }),
    )
}
