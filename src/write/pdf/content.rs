//! Page content streams (ISO 32000-1, 8.2 and 9.4) written as bytes straight from the
//! laid-out pages: text as `Tj`/`TJ` with the run's character spacing and kerning,
//! filled rectangles for rules, pictures, and the quarter turn of a 横排 page. printpdf
//! builds the document around them; its operation model cost more than the rest of
//! the PDF together on long reports.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use crate::fonts::FaceId;
use crate::layout::{Color, Item, Page, TextRun};
use crate::spec::{MM_PER_PT, PAGE_H, PAGE_W};

/// How the content names a face: its resource name and, by the face's glyph id, the
/// two-byte code that shows the glyph (`Identity-H`: the glyph's id in the embedded
/// program, or its CID where that program is a CID-keyed CFF).
pub(super) struct FontRes {
    pub(super) name: String,
    pub(super) codes: Vec<u16>,
}

/// The content stream of `page`, whose fonts and pictures (by path) are named in
/// `fonts` and `images`.
pub(super) fn page(
    page: &Page,
    fonts: &BTreeMap<FaceId, FontRes>,
    images: &BTreeMap<PathBuf, String>,
) -> Vec<u8> {
    let mut w = Writer {
        out: Vec::with_capacity(8 * 1024),
        state: State::default(),
        fonts,
        images,
    };
    w.draw(&page.items, PAGE_H);
    w.out
}

/// The graphics state the stream has set so far (ISO 32000-1, 8.4): what is already
/// in force is not written again.
#[derive(Clone, Copy, Default, PartialEq)]
struct State {
    fill: Option<Color>,
    font: Option<(FaceId, u32)>,
    spacing: Option<i64>,
}

struct Writer<'a> {
    out: Vec<u8>,
    state: State,
    fonts: &'a BTreeMap<FaceId, FontRes>,
    images: &'a BTreeMap<PathBuf, String>,
}

/// A length in mm as points.
fn pt(mm: f32) -> f32 {
    mm / MM_PER_PT
}

/// Numbers are written to [`PLACES`] decimal places (points: 0.00001 pt is far below
/// anything a printer or a screen shows), without trailing zeros.
const PLACES: u32 = 4;

impl Writer<'_> {
    /// A number and a space.
    fn num(&mut self, v: f32) {
        let scale = 10i64.pow(PLACES);
        let n = (f64::from(v) * scale as f64).round() as i64;
        if n < 0 {
            self.out.push(b'-');
        }
        let (int, mut frac) = ((n.abs() / scale), (n.abs() % scale));
        let _ = write!(self.out, "{int}");
        if frac != 0 {
            let mut digits = PLACES;
            while frac % 10 == 0 {
                frac /= 10;
                digits -= 1;
            }
            let _ = write!(self.out, ".{frac:0width$}", width = digits as usize);
        }
        self.out.push(b' ');
    }

    fn op(&mut self, op: &[u8]) {
        self.out.extend_from_slice(op);
        self.out.push(b'\n');
    }

    /// `r g b rg`, unless that is the fill colour already.
    fn fill(&mut self, c: Color) {
        if self.state.fill != Some(c) {
            self.state.fill = Some(c);
            for v in [c.0, c.1, c.2] {
                self.num(f32::from(v) / 255.0);
            }
            self.op(b"rg");
        }
    }

    /// Draws `items` on a page `height` mm tall (coordinates from its top-left).
    fn draw(&mut self, items: &[Item], height: f32) {
        // Rules and images under the text, except seals, which press on it (drawn last).
        for item in items {
            match item {
                Item::Rule {
                    x,
                    y,
                    width,
                    thickness,
                    color,
                } => self.rect(
                    (*x, *y - thickness / 2.0, *width, *thickness),
                    height,
                    *color,
                ),
                Item::VRule {
                    x,
                    y,
                    height: h,
                    thickness,
                } => self.rect(
                    (*x - thickness / 2.0, *y, *thickness, *h),
                    height,
                    Color::BLACK,
                ),
                // The turned page's origin is the paper's bottom-left corner, its x axis
                // the paper's upward edge: (X, Y) of the turned page is (Y, 297 − X).
                Item::Turned(inner) => {
                    let saved = self.state;
                    self.op(b"q");
                    for v in [0.0, 1.0, -1.0, 0.0, pt(PAGE_W), 0.0] {
                        self.num(v);
                    }
                    self.op(b"cm");
                    self.draw(inner, PAGE_W);
                    self.op(b"Q");
                    self.state = saved;
                }
                _ => {}
            }
        }
        let mut runs = items
            .iter()
            .filter_map(|i| match i {
                Item::Text(run) => Some(run),
                _ => None,
            })
            .peekable();
        if runs.peek().is_some() {
            self.op(b"BT");
            for run in runs {
                self.text(run, height);
            }
            self.op(b"ET");
        }
        for item in items {
            if let Item::Image { x, y, w, h, path } = item {
                let Some(image) = self.images.get(path) else {
                    continue;
                };
                self.op(b"q");
                for v in [pt(*w), 0.0, 0.0, pt(*h), pt(*x), pt(height - y - h)] {
                    self.num(v);
                }
                self.op(b"cm");
                self.out.push(b'/');
                self.out.extend_from_slice(image.as_bytes());
                self.op(b" Do");
                self.op(b"Q");
            }
        }
    }

    /// A filled rectangle (x, top, width, height) on a page `page_h` mm tall.
    fn rect(&mut self, (x, top, w, h): (f32, f32, f32, f32), page_h: f32, color: Color) {
        self.fill(color);
        for v in [pt(x), pt(page_h - top - h), pt(w), pt(h)] {
            self.num(v);
        }
        self.op(b"re f");
    }

    /// One run as one `Tj` or `TJ`, inside the text object. The space most glyphs
    /// share after their own advance (the 3号 cell minus the glyph, plus
    /// justification) is the run's character spacing (`Tc`); the few glyphs that differ
    /// (half-width letters, the space between Chinese and Latin) get a kerning term. So
    /// a justified line is one or a few strings, not one per glyph.
    fn text(&mut self, run: &TextRun, page_h: f32) {
        let Some(font) = self.fonts.get(&run.face) else {
            return;
        };
        let size_mm = run.size * MM_PER_PT;
        let extras: Vec<f32> = run
            .glyphs
            .windows(2)
            .map(|w| w[1].x - w[0].x - w[0].advance)
            .collect();
        let common = most_common(&extras);
        let key = (run.face, run.size.to_bits());
        if self.state.font != Some(key) {
            self.state.font = Some(key);
            self.out.push(b'/');
            self.out.extend_from_slice(font.name.as_bytes());
            self.out.push(b' ');
            self.num(run.size);
            self.op(b"Tf");
        }
        self.fill(run.color);
        let spacing = (f64::from(pt(common)) * 10f64.powi(PLACES as i32)).round() as i64;
        if self.state.spacing != Some(spacing) {
            self.state.spacing = Some(spacing);
            self.num(pt(common));
            self.op(b"Tc");
        }
        self.out.extend_from_slice(b"1 0 0 1 ");
        self.num(pt(run.x0()));
        self.num(pt(page_h - run.baseline));
        self.op(b"Tm");
        let kerned = extras.iter().any(|e| (e - common).abs() > 1e-4);
        if kerned {
            self.out.push(b'[');
        }
        self.out.push(b'<');
        for (i, g) in run.glyphs.iter().enumerate() {
            let code = font.codes.get(usize::from(g.gid)).copied().unwrap_or(0);
            hex(&mut self.out, code);
            if let Some(&extra) = extras.get(i) {
                let diff = extra - common;
                if diff.abs() > 1e-4 {
                    self.out.extend_from_slice(b"> ");
                    self.num(-(diff / size_mm * 1000.0));
                    self.out.pop();
                    self.out.push(b'<');
                }
            }
        }
        self.op(if kerned { b">] TJ" } else { b"> Tj" });
    }
}

/// A two-byte code in hexadecimal.
fn hex(out: &mut Vec<u8>, code: u16) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    out.extend([12, 8, 4, 0].map(|shift| DIGITS[usize::from((code >> shift) & 0xF)]));
}

/// The most frequent value (to 0.001 mm) of a run's extra spacings, 0 for none.
fn most_common(values: &[f32]) -> f32 {
    let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
    for v in values {
        *counts.entry((v * 1000.0).round() as i64).or_default() += 1;
    }
    let best = counts
        .into_iter()
        .max_by_key(|&(k, n)| (n, -k.abs()))
        .map_or(0, |(k, _)| k);
    values
        .iter()
        .copied()
        .find(|v| (v * 1000.0).round() as i64 == best)
        .unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{Glyph, PageKind};

    fn run(face: usize, color: Color, baseline: f32, text: &str) -> Item {
        let glyphs = text
            .chars()
            .enumerate()
            .map(|(i, ch)| Glyph {
                ch,
                gid: i as u16 + 1,
                x: 28.0 + i as f32 * 5.6,
                advance: 5.6,
            })
            .collect();
        Item::Text(TextRun {
            face: FaceId(face),
            size: 16.0,
            color,
            baseline,
            glyphs,
        })
    }

    fn stream(items: Vec<Item>) -> String {
        let fonts: BTreeMap<FaceId, FontRes> = (0..2)
            .map(|f| {
                let codes = (0..16).map(|g| g + 0x100 * f as u16).collect();
                let name = format!("F{f}");
                (FaceId(f), FontRes { name, codes })
            })
            .collect();
        let page = Page {
            number: None,
            kind: PageKind::Content,
            items,
        };
        String::from_utf8(super::page(&page, &fonts, &BTreeMap::new())).unwrap()
    }

    #[test]
    fn numbers_have_four_places_and_no_trailing_zeros() {
        let (fonts, images) = (BTreeMap::new(), BTreeMap::new());
        let mut w = Writer {
            out: Vec::new(),
            state: State::default(),
            fonts: &fonts,
            images: &images,
        };
        for v in [1.0, -0.206_969_56, 0.000_01, 595.275_6, 0.5, -3.0, 2.000_04] {
            w.num(v);
        }
        let out = String::from_utf8(w.out).unwrap();
        assert_eq!(out, "1 -0.207 0 595.2756 0.5 -3 2 ");
    }

    #[test]
    fn runs_are_shown_by_their_codes_and_state_in_force_is_not_written_again() {
        let s = stream(vec![
            Item::Rule {
                x: 28.0,
                y: 80.0,
                width: 156.0,
                thickness: 0.5,
                color: Color::RED,
            },
            run(0, Color::BLACK, 100.0, "一二"),
            run(0, Color::BLACK, 110.0, "三"),
            run(1, Color::BLACK, 120.0, "四"),
        ]);
        assert_eq!(s.matches("BT").count(), 1, "one text object:\n{s}");
        assert!(
            s.starts_with("1 0 0 rg\n79.3701 "),
            "the red rule first:\n{s}"
        );
        assert_eq!(s.matches(" rg").count(), 2, "red, then black once:\n{s}");
        assert_eq!(s.matches("/F0 16 Tf").count(), 1, "{s}");
        assert_eq!(s.matches("/F1 16 Tf").count(), 1, "{s}");
        assert_eq!(
            s.matches(" Tc").count(),
            1,
            "the same spacing throughout:\n{s}"
        );
        assert!(
            s.contains("<00010002> Tj\n"),
            "glyph ids 1 and 2 of face 0:\n{s}"
        );
        assert!(s.contains("<0101> Tj\n"), "glyph 1 of face 1:\n{s}");
        // 28 mm = 79.3701 pt; baseline 100 mm from the top = 841.8898 − 283.4646 pt.
        assert!(s.contains("1 0 0 1 79.3701 558.4252 Tm\n"), "{s}");
        assert!(s.ends_with("ET\n"), "{s}");
    }

    #[test]
    fn a_turned_page_restores_the_state_it_changed() {
        let s = stream(vec![
            run(0, Color::BLACK, 100.0, "一"),
            Item::Turned(vec![run(0, Color::RED, 50.0, "二")]),
            run(0, Color::BLACK, 120.0, "三"),
        ]);
        let turned = s.find("0 1 -1 0 595.2756 0 cm").expect("the quarter turn");
        let restored = s.find("Q\n").expect("restored");
        assert!(turned < restored, "{s}");
        // The turned page is drawn first (with the rules); what it set ends at Q, so
        // the font and colour are set again after it.
        assert!(s[turned..restored].contains("/F0 16 Tf\n1 0 0 rg\n"), "{s}");
        assert!(s[restored..].contains("/F0 16 Tf\n0 0 0 rg\n"), "{s}");
    }
}
