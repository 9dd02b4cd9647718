//! Fonts: egui's defaults plus bundled fonts for the scripts news text needs, so the
//! window draws real glyphs, not boxes, on a machine with no fonts installed.
//!
//! Bundled (SIL Open Font License 1.1, see `assets/fonts/`): Noto Sans Arabic, Noto
//! Sans Hebrew, Noto Sans Thai, a subset of Noto Sans CJK SC (ideographs, kana, Hangul syllables) and
//! the current monochrome Noto Emoji (skin tones, flags, 🤝 and other emoji newer than
//! egui's).

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

const ARABIC: &[u8] = include_bytes!("../../assets/fonts/NotoSansArabic-Regular.ttf");
const HEBREW: &[u8] = include_bytes!("../../assets/fonts/NotoSansHebrew-Regular.ttf");
const THAI: &[u8] = include_bytes!("../../assets/fonts/NotoSansThai-Regular.ttf");
const CJK: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJK-Subset.otf");
const EMOJI: &[u8] = include_bytes!("../../assets/fonts/NotoEmoji-Regular.ttf");

/// egui's definitions with the bundled fonts in the right fallback places: scripts right
/// after the Latin font (before egui's icon fonts, which map fullwidth letters as
/// icons), the new emoji font before egui's old one.
pub fn font_definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    for (name, bytes) in [
        ("NotoSansCJK-Subset", CJK),
        ("NotoSansArabic", ARABIC),
        ("NotoSansHebrew", HEBREW),
        ("NotoSansThai", THAI),
        ("NotoEmoji-2025", EMOJI),
    ] {
        fonts
            .font_data
            .insert(name.to_owned(), Arc::new(FontData::from_static(bytes)));
    }
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        let chain = fonts.families.entry(family).or_default();
        let after_latin = chain
            .iter()
            .position(|n| n == "egui-icons")
            .unwrap_or(chain.len());
        chain.insert(after_latin, "NotoSansThai".to_owned());
        chain.insert(after_latin, "NotoSansHebrew".to_owned());
        chain.insert(after_latin, "NotoSansArabic".to_owned());
        chain.insert(after_latin, "NotoSansCJK-Subset".to_owned());
        let before_old_emoji = chain
            .iter()
            .position(|n| n == "NotoEmoji-Regular")
            .unwrap_or(chain.len());
        chain.insert(before_old_emoji, "NotoEmoji-2025".to_owned());
    }
    fonts
}

/// Installs the window's fonts into `ctx`.
pub fn install_fonts(ctx: &egui::Context) {
    ctx.set_fonts(font_definitions());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallback_order_puts_scripts_before_icons_and_new_emoji_first() {
        let fonts = font_definitions();
        let chain = &fonts.families[&FontFamily::Proportional];
        let at = |name: &str| chain.iter().position(|n| n == name).unwrap();
        assert_eq!(at("Ubuntu-Light"), 0);
        assert!(at("NotoSansCJK-Subset") < at("egui-icons"));
        assert!(at("NotoSansArabic") < at("egui-icons"));
        assert!(at("NotoSansHebrew") < at("egui-icons"));
        assert!(at("NotoSansThai") < at("egui-icons"));
        assert!(at("NotoEmoji-2025") < at("NotoEmoji-Regular"));
        assert!(at("NotoEmoji-2025") < at("emoji-icon-font"));
    }

    #[test]
    fn every_symbol_the_window_uses_has_a_glyph() {
        let ctx = egui::Context::default();
        install_fonts(&ctx);
        let mut out = ctx.run_ui(Default::default(), |_| {});
        out.textures_delta.clear();
        let font = egui::FontId::proportional(14.0);
        for c in crate::ui::UI_SYMBOLS.chars() {
            assert!(
                ctx.fonts_mut(|f| f.has_glyph(&font, c)),
                "{c} U+{:04X}",
                c as u32
            );
        }
        // And the scripts of the bundled fonts.
        for c in "东京서울ひカالأسدשלוםירושליםХарківกรุงเทพฯ🤝🙏🏽🇺🇳😀".chars()
        {
            assert!(
                ctx.fonts_mut(|f| f.has_glyph(&font, c)),
                "{c} U+{:04X}",
                c as u32
            );
        }
    }
}
