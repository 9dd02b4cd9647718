//! Label colours that can be read and told apart: generated for labels a schema does not
//! colour yet (`spantag schema init`).
//!
//! Each label gets two shades of one hue: `color` for the light theme and `dark` for the
//! dark one, because no single colour reaches 4.5:1 contrast on both a near-white and a
//! near-black background (it would need a relative luminance of at most 0.17 for the first
//! and at least 0.22 for the second). Every generated shade has at least
//! [`MIN_CONTRAST`] (WCAG 2 relative luminance) against both backgrounds of its theme:
//! [`LIGHT_BACKGROUNDS`] or [`DARK_BACKGROUND`].
//!
//! Colours are told apart under normal vision and under protanopia, deuteranopia and
//! tritanopia, simulated with the matrices of Machado, Oliveira and Fernandes (2009) at
//! severity 1.0 in linear sRGB; the distance is CIE76 (Euclidean ΔE in CIELAB, D65). The
//! generator picks, from a grid of sRGB candidates that pass the contrast rule, the one
//! farthest (by its smallest distance in any of the four visions and either theme) from
//! the colours already taken, so the first twelve are at least [`MIN_DISTANCE`] apart in
//! every vision and theme (a unit test checks it).

use super::Rgb;

/// The least contrast ratio of label-coloured text on its theme's background (WCAG AA
/// for body text).
pub const MIN_CONTRAST: f64 = 4.5;

/// The least CIE76 distance between any two of the first twelve generated colours, under
/// normal vision and each simulated deficiency, in both themes. About three times the
/// just-noticeable difference (2.3); higher is not reachable for twelve colours that all
/// keep 4.5:1 contrast, since the contrast rule pins their lightness to a narrow band
/// and a dichromat sees only two of the three colour dimensions.
pub const MIN_DISTANCE: f64 = 8.0;

/// The light theme's backgrounds: egui's light panel and white.
pub const LIGHT_BACKGROUNDS: [Rgb; 2] = [Rgb([0xf8, 0xf8, 0xf8]), Rgb([0xff, 0xff, 0xff])];

/// The dark theme's panel background.
pub const DARK_BACKGROUND: Rgb = Rgb([0x1b, 0x1b, 0x1b]);

/// Machado et al. (2009), severity 1.0, applied to linear sRGB.
const PROTANOPIA: [[f64; 3]; 3] = [
    [0.152_286, 1.052_583, -0.204_868],
    [0.114_503, 0.786_281, 0.099_216],
    [-0.003_882, -0.048_116, 1.051_998],
];
const DEUTERANOPIA: [[f64; 3]; 3] = [
    [0.367_322, 0.860_646, -0.227_968],
    [0.280_085, 0.672_501, 0.047_413],
    [-0.011_820, 0.042_940, 0.968_881],
];
const TRITANOPIA: [[f64; 3]; 3] = [
    [1.255_528, -0.076_749, -0.178_779],
    [-0.078_411, 0.930_809, 0.147_602],
    [0.004_733, 0.691_367, 0.303_900],
];

/// A light-theme colour and its dark-theme shade.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shades {
    /// For text on the light theme's background.
    pub light: Rgb,
    /// For text on the dark theme's background.
    pub dark: Rgb,
}

fn linear(channel: u8) -> f64 {
    let c = f64::from(channel) / 255.0;
    if c <= 0.040_45 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

fn linear_rgb(Rgb(c): Rgb) -> [f64; 3] {
    [linear(c[0]), linear(c[1]), linear(c[2])]
}

/// WCAG 2 relative luminance of a colour.
pub fn luminance(rgb: Rgb) -> f64 {
    let [r, g, b] = linear_rgb(rgb);
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

/// WCAG 2 contrast ratio of two colours, 1 to 21.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// A vision to compare colours in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vision {
    /// Normal colour vision.
    Normal,
    /// No long-wavelength cones.
    Protanopia,
    /// No medium-wavelength cones.
    Deuteranopia,
    /// No short-wavelength cones.
    Tritanopia,
}

impl Vision {
    /// Every vision the generator keeps colours apart in.
    pub const ALL: [Vision; 4] = [
        Vision::Normal,
        Vision::Protanopia,
        Vision::Deuteranopia,
        Vision::Tritanopia,
    ];
}

/// The CIELAB (D65) coordinates of `rgb` as seen with `vision`.
pub fn lab(rgb: Rgb, vision: Vision) -> [f64; 3] {
    let lin = linear_rgb(rgb);
    let m = match vision {
        Vision::Normal => return xyz_to_lab(lin),
        Vision::Protanopia => PROTANOPIA,
        Vision::Deuteranopia => DEUTERANOPIA,
        Vision::Tritanopia => TRITANOPIA,
    };
    let sim = m.map(|row| (row[0] * lin[0] + row[1] * lin[1] + row[2] * lin[2]).clamp(0.0, 1.0));
    xyz_to_lab(sim)
}

fn xyz_to_lab([r, g, b]: [f64; 3]) -> [f64; 3] {
    let x = (0.412_456_4 * r + 0.357_576_1 * g + 0.180_437_5 * b) / 0.950_47;
    let y = 0.212_672_9 * r + 0.715_152_2 * g + 0.072_175 * b;
    let z = (0.019_333_9 * r + 0.119_192 * g + 0.950_304_1 * b) / 1.088_83;
    let f = |t: f64| {
        if t > 216.0 / 24_389.0 {
            t.cbrt()
        } else {
            (24_389.0 / 27.0 * t + 16.0) / 116.0
        }
    };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// CIE76 distance between two colours as seen with `vision`.
pub fn distance(a: Rgb, b: Rgb, vision: Vision) -> f64 {
    let (p, q) = (lab(a, vision), lab(b, vision));
    ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)).sqrt()
}

/// The smallest distance between two pairs of shades in any vision and either theme.
pub fn worst_distance(a: Shades, b: Shades) -> f64 {
    Vision::ALL
        .iter()
        .flat_map(|&v| [distance(a.light, b.light, v), distance(a.dark, b.dark, v)])
        .fold(f64::INFINITY, f64::min)
}

/// Whether text in `shades` reads on both themes' backgrounds.
pub fn readable(shades: Shades) -> bool {
    LIGHT_BACKGROUNDS
        .iter()
        .all(|&bg| contrast(shades.light, bg) >= MIN_CONTRAST)
        && contrast(shades.dark, DARK_BACKGROUND) >= MIN_CONTRAST
}

/// The dark-theme shade of a light-theme colour: mixed towards white, just enough to read
/// on the dark background (with a small margin), so the hue stays.
fn dark_shade(Rgb(c): Rgb) -> Rgb {
    for step in 0..=100u8 {
        let t = f64::from(step) / 100.0;
        let mix = |x: u8| {
            let v = f64::from(x) + t * (255.0 - f64::from(x));
            // In 0..=255 by construction.
            v.round().clamp(0.0, 255.0) as u8
        };
        let shade = Rgb(c.map(mix));
        if contrast(shade, DARK_BACKGROUND) >= MIN_CONTRAST + 0.1 {
            return shade;
        }
    }
    Rgb([0xff; 3])
}

/// A shade of `rgb` that reads as text in its theme: `rgb` itself when it has
/// [`MIN_CONTRAST`] against the theme's backgrounds, else mixed towards black (light
/// theme) or white (dark theme) just enough, so the hue stays. For label colours chosen
/// by hand that do not read (the default orange is 2.7:1 on the light panel).
pub fn text_shade(Rgb(c): Rgb, dark: bool) -> Rgb {
    let reads = |shade: Rgb| {
        if dark {
            contrast(shade, DARK_BACKGROUND) >= MIN_CONTRAST
        } else {
            LIGHT_BACKGROUNDS
                .iter()
                .all(|&bg| contrast(shade, bg) >= MIN_CONTRAST)
        }
    };
    let target = if dark { 255.0 } else { 0.0 };
    for step in 0..=100u8 {
        let t = f64::from(step) / 100.0;
        // In 0..=255 by construction.
        let mix = |x: u8| {
            (f64::from(x) + t * (target - f64::from(x)))
                .round()
                .clamp(0.0, 255.0) as u8
        };
        let shade = Rgb(c.map(mix));
        if reads(shade) {
            return shade;
        }
    }
    Rgb([if dark { 0xff } else { 0 }; 3])
}

/// Every candidate: sRGB on a grid, light shades that read on the light backgrounds with
/// a small margin, and not too grey (a grey label looks like no label).
fn candidates() -> Vec<Shades> {
    let steps = (0..=15u8).map(|i| i * 17);
    let mut out = Vec::new();
    for r in steps.clone() {
        for g in steps.clone() {
            for b in steps.clone() {
                let light = Rgb([r, g, b]);
                let [_, a, bb] = lab(light, Vision::Normal);
                let chroma = a.hypot(bb);
                let lum = luminance(light);
                if chroma < 20.0 || lum < 0.02 {
                    continue;
                }
                let shades = Shades {
                    light,
                    dark: dark_shade(light),
                };
                if LIGHT_BACKGROUNDS
                    .iter()
                    .all(|&bg| contrast(light, bg) >= MIN_CONTRAST + 0.1)
                    && readable(shades)
                {
                    out.push(shades);
                }
            }
        }
    }
    out
}

/// `n` new colours, each as far as can be from `taken` and from each other (see the
/// module's doc). Deterministic: the same `taken` and `n` give the same colours.
///
/// ```
/// use spantag::model::palette::{generate, readable};
/// let colours = generate(&[], 3);
/// assert_eq!(colours.len(), 3);
/// assert!(colours.iter().all(|&c| readable(c)));
/// ```
pub fn generate(taken: &[Shades], n: usize) -> Vec<Shades> {
    let pool = candidates();
    let mut chosen: Vec<Shades> = taken.to_vec();
    let mut out = Vec::with_capacity(n);
    // Each candidate's smallest distance to what is chosen so far, kept up to date.
    let mut nearest: Vec<f64> = pool
        .iter()
        .map(|&c| {
            chosen
                .iter()
                .map(|&t| worst_distance(c, t))
                .fold(f64::INFINITY, f64::min)
        })
        .collect();
    for _ in 0..n {
        let best = if chosen.is_empty() {
            // Start from a strong blue, the first colour most palettes give.
            pool.iter()
                .position(|c| c.light == Rgb([0, 85, 187]))
                .unwrap_or(0)
        } else {
            let mut best = 0;
            for (i, &d) in nearest.iter().enumerate() {
                if d > nearest[best] {
                    best = i;
                }
            }
            best
        };
        let Some(&pick) = pool.get(best) else {
            break;
        };
        chosen.push(pick);
        out.push(pick);
        for (i, &c) in pool.iter().enumerate() {
            nearest[i] = nearest[i].min(worst_distance(c, pick));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_labels_stay_apart_in_every_vision_as_text() {
        let schema = crate::model::Schema::default();
        let shades: Vec<Shades> = schema
            .labels
            .iter()
            .map(|l| Shades {
                light: text_shade(l.color_for(false), false),
                dark: text_shade(l.color_for(true), true),
            })
            .collect();
        for (i, a) in shades.iter().enumerate() {
            for b in &shades[i + 1..] {
                let d = worst_distance(*a, *b);
                // 16.7 for the closest pair, the blue and the purple.
                assert!(d >= 16.0, "{a:?} {b:?}: {d:.1}");
            }
        }
    }

    #[test]
    fn text_in_a_label_colour_reads_in_both_themes() {
        // Hand-picked colours: the orange and the blue do not read on the light panel
        // (2.7:1 and 4.2:1), the old purple did.
        for (hex, changes_on_light) in [("#e67e22", true), ("#2e86c1", true), ("#8e44ad", false)] {
            let rgb = Rgb::try_from(hex.to_owned()).unwrap();
            let light = text_shade(rgb, false);
            let dark = text_shade(rgb, true);
            for bg in LIGHT_BACKGROUNDS {
                assert!(contrast(light, bg) >= MIN_CONTRAST, "{hex} {light:?}");
            }
            assert!(
                contrast(dark, DARK_BACKGROUND) >= MIN_CONTRAST,
                "{hex} {dark:?}"
            );
            assert_eq!(light != rgb, changes_on_light, "{hex}");
        }
        assert!(contrast(Rgb([0xe6, 0x7e, 0x22]), LIGHT_BACKGROUNDS[0]) < 3.0);
        // A shade, not another colour: the orange stays orange (red above green above
        // blue).
        let Rgb([r, g, b]) = text_shade(Rgb([0xe6, 0x7e, 0x22]), false);
        assert!(r > g && g > b, "{r} {g} {b}");
    }

    #[test]
    fn contrast_matches_wcag_examples() {
        let white = Rgb([255, 255, 255]);
        let black = Rgb([0, 0, 0]);
        assert!((contrast(white, black) - 21.0).abs() < 1e-9);
        // #767676 is the lightest grey with 4.5:1 on white.
        assert!(contrast(Rgb([0x76, 0x76, 0x76]), white) >= 4.5);
        assert!(contrast(Rgb([0x77, 0x77, 0x77]), white) < 4.5);
    }

    #[test]
    fn no_single_colour_reads_on_both_themes() {
        // Why the schema keeps a dark shade: the best grey for both falls short.
        let best = (0..=255u8)
            .map(|v| {
                let c = Rgb([v; 3]);
                contrast(c, LIGHT_BACKGROUNDS[0]).min(contrast(c, DARK_BACKGROUND))
            })
            .fold(0.0, f64::max);
        assert!(best < MIN_CONTRAST, "{best}");
    }

    #[test]
    fn the_first_twelve_colours_read_and_stay_apart_in_every_vision() {
        let colours = generate(&[], 12);
        assert_eq!(colours.len(), 12);
        for &c in &colours {
            for bg in LIGHT_BACKGROUNDS {
                assert!(contrast(c.light, bg) >= 4.5, "{c:?} on {bg:?}");
            }
            assert!(contrast(c.dark, DARK_BACKGROUND) >= 4.5, "{c:?}");
        }
        let mut worst = f64::INFINITY;
        for (i, &a) in colours.iter().enumerate() {
            for &b in &colours[i + 1..] {
                worst = worst.min(worst_distance(a, b));
            }
        }
        assert!(worst >= MIN_DISTANCE, "closest pair is {worst:.1} apart");
    }

    #[test]
    fn new_colours_keep_away_from_those_taken() {
        let first = generate(&[], 3);
        let more = generate(&first, 2);
        assert!(!more.iter().any(|c| first.contains(c)));
        assert_eq!(generate(&[], 5)[..3], first[..]);
    }

    #[test]
    fn simulation_keeps_grey_grey_and_merges_red_green_for_protanopes() {
        let grey = Rgb([128, 128, 128]);
        let [_, a, b] = lab(grey, Vision::Protanopia);
        assert!(a.abs() < 1.5 && b.abs() < 1.5, "{a} {b}");
        let (red, green) = (Rgb([200, 60, 40]), Rgb([110, 110, 30]));
        assert!(
            distance(red, green, Vision::Protanopia) < distance(red, green, Vision::Normal) / 2.0
        );
    }
}
