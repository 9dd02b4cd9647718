//! The desktop window (cargo feature `gui`). The layers, outside in: `app.rs` is the
//! shell (frame loop, dialogs, title), `handle.rs` what each command does,
//! `background.rs` replies, saves and the exit barrier, `worker.rs` the only code that
//! touches the disk; `state.rs`, `editor.rs`, `review.rs` and `autosave.rs` hold the state
//! with no egui in it; `panels/` draw it and return commands. See docs/architecture.md.

pub mod app;
pub mod autosave;
mod background;
mod bidi_layout;
pub mod blocks;
pub mod clock;
pub mod command;
pub mod editor;
pub mod fonts;
mod handle;
pub mod leave;
pub mod panels;
pub mod review;
pub mod state;
pub mod text_layout;
pub mod text_view;
pub mod views;
pub mod worker;

use std::path::PathBuf;

pub use app::{Environment, FileDialogs, NativeDialogs, SpantagApp, window_title};
pub use state::Settings;
pub use worker::recovery_path;

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
