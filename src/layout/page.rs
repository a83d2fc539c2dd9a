//! The page model: what the layout placed, in millimetres from the page's top-left.
//! Free of PDF details, so every writer can draw or describe it.

use std::path::PathBuf;

use crate::fonts::FaceId;

/// An RGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Color(pub u8, pub u8, pub u8);

impl Color {
    /// Black text.
    pub const BLACK: Color = Color(0, 0, 0);
    /// The 版头's red.
    pub const RED: Color = Color(crate::spec::RED.0, crate::spec::RED.1, crate::spec::RED.2);
}

/// One character placed on a line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    /// The character (the text layer carries it).
    pub ch: char,
    /// Glyph id in the face.
    pub gid: u16,
    /// Left edge, mm from the page's left.
    pub x: f32,
    /// The glyph's own advance at this size, mm.
    pub advance: f32,
}

/// A run of glyphs sharing face, size and colour on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    /// The face that draws it.
    pub face: FaceId,
    /// Size in points.
    pub size: f32,
    /// Fill colour.
    pub color: Color,
    /// Baseline, mm from the page's top.
    pub baseline: f32,
    /// The glyphs, left to right.
    pub glyphs: Vec<Glyph>,
}

impl TextRun {
    /// The run's text.
    ///
    /// ```
    /// let doc = gongwen::Converter::new()?.read_str("---\n标题: 通知\n---\n\n各单位要认真开展自查。\n")?;
    /// let title = doc.pages()[0].runs().next().unwrap();
    /// assert_eq!(title.text(), "通知");
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.ch).collect()
    }
    /// Left edge of the first glyph.
    ///
    /// ```
    /// let doc = gongwen::Converter::new()?.read_str("---\n标题: 通知\n---\n\n各单位要认真开展自查。\n")?;
    /// let title = doc.pages()[0].runs().next().unwrap();
    /// // Centred in the 版心 (28 mm + 156 mm / 2 = 106 mm).
    /// assert!(((title.x0() + title.x1()) / 2.0 - 106.0).abs() < 0.1);
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn x0(&self) -> f32 {
        self.glyphs.first().map_or(0.0, |g| g.x)
    }
    /// Right edge of the last glyph.
    ///
    /// ```
    /// let doc = gongwen::Converter::new()?.read_str("---\n标题: 通知\n---\n\n各单位要认真开展自查。\n")?;
    /// let body = doc.pages()[0].runs().last().unwrap();
    /// assert!(body.x1() <= 184.0);
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn x1(&self) -> f32 {
        self.glyphs.last().map_or(0.0, |g| g.x + g.advance)
    }
    /// Top of the em box (baseline − 0.88 em).
    ///
    /// ```
    /// let doc = gongwen::Converter::new()?.read_str("---\n标题: 通知\n---\n\n各单位要认真开展自查。\n")?;
    /// let title = doc.pages()[0].runs().next().unwrap();
    /// assert!((title.em_top() - 37.0).abs() < 3.0, "at the top of the 版心 without a 版头");
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn em_top(&self) -> f32 {
        self.baseline - crate::spec::EM_ASCENT * crate::spec::pt(self.size)
    }
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Item {
    /// Text.
    Text(TextRun),
    /// A horizontal rule; `y` is the centre of the stroke.
    Rule {
        /// Left end.
        x: f32,
        /// Centre of the stroke, from the top.
        y: f32,
        /// Length.
        width: f32,
        /// Stroke thickness.
        thickness: f32,
        /// Colour.
        color: Color,
    },
    /// A vertical rule (table borders); `x` is the centre of the stroke.
    VRule {
        /// Centre of the stroke.
        x: f32,
        /// Top end.
        y: f32,
        /// Length.
        height: f32,
        /// Stroke thickness.
        thickness: f32,
    },
    /// Items printed turned a quarter turn on the page (a 横排表格, STD 8): their
    /// coordinates are mm from the top-left of the page as seen turned clockwise to read
    /// them, 297 mm wide and 210 mm tall ([`crate::spec::TURNED_W`] …). A point (X, Y)
    /// of the turned page is (Y, 297 − X) on the page.
    Turned(Vec<Item>),
    /// A picture (image, seal, stamp); drawn over the text, transparency kept.
    Image {
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// The PNG or JPEG file.
        path: PathBuf,
    },
}

/// What a page is, for writers that need to know (the DOCX writer's page breaks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum PageKind {
    /// Body, or anything else.
    #[default]
    Content,
    /// A blank page inserted so the 版记 falls on an even page.
    Blank,
    /// A page that holds only the 版记.
    Colophon,
}

/// One page.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct Page {
    /// The printed page number, or `None` where the standard prints none.
    pub number: Option<u32>,
    /// What the page is.
    pub kind: PageKind,
    /// What is drawn.
    pub items: Vec<Item>,
}

impl Page {
    /// The text runs of the page.
    ///
    /// ```
    /// let doc = gongwen::Converter::new()?.read_str("---\n标题: 通知\n---\n\n各单位要认真开展自查。\n")?;
    /// // The title, the body line and the page number.
    /// assert_eq!(doc.pages()[0].runs().count(), 3);
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn runs(&self) -> impl Iterator<Item = &TextRun> {
        self.items.iter().filter_map(|i| match i {
            Item::Text(t) => Some(t),
            _ => None,
        })
    }

    /// Every item drawn, the turned ones included, each in its own page's coordinates.
    ///
    /// ```
    /// let doc = gongwen::Converter::new()?.read_str("---\n标题: 通知\n---\n\n各单位要认真开展自查。\n")?;
    /// assert_eq!(doc.pages()[0].drawn().count(), doc.pages()[0].items.len());
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn drawn(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().flat_map(|i| match i {
            Item::Turned(inner) => inner.as_slice(),
            other => std::slice::from_ref(other),
        })
    }

    /// What the page prints turned (a 横排表格), in the turned page's coordinates; empty
    /// on an upright page.
    ///
    /// ```
    /// // Twelve columns of eight-digit numbers: too wide for 156 mm at 五号.
    /// let cols: String = (1..=12).map(|i| format!("|指标{i}")).collect();
    /// let rule = "|---".repeat(12);
    /// let row: String = (1..=12).map(|i| format!("|{}", 12_345_670 + i)).collect();
    /// let doc = gongwen::Converter::new()?
    ///     .read_str(&format!("---\n标题: 表\n---\n\n{cols}|\n{rule}|\n{row}|\n"))?;
    /// let page = &doc.pages()[1];
    /// assert!(page.turned().iter().any(|i| matches!(i, gongwen::layout::Item::Text(_))));
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn turned(&self) -> &[Item] {
        self.items
            .iter()
            .find_map(|i| match i {
                Item::Turned(items) => Some(items.as_slice()),
                _ => None,
            })
            .unwrap_or(&[])
    }

    /// Text lines of the page: runs grouped by baseline, top to bottom, each line's
    /// text in reading order.
    ///
    /// ```
    /// let doc = gongwen::Converter::new()?.read_str("---\n标题: 通知\n---\n\n各单位要认真开展自查。\n")?;
    /// let lines = doc.pages()[0].lines();
    /// assert_eq!(lines[1].1, "各单位要认真开展自查。");
    /// assert!(lines[0].0 < lines[1].0, "baselines top to bottom");
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    /// A turned page's lines are those of its turned items, in their coordinates.
    pub fn lines(&self) -> Vec<(f32, String)> {
        let items = match self.turned() {
            [] => self.items.as_slice(),
            turned => turned,
        };
        let mut runs: Vec<&TextRun> = items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) => Some(t),
                _ => None,
            })
            .collect();
        runs.sort_by(|a, b| {
            a.baseline
                .total_cmp(&b.baseline)
                .then(a.x0().total_cmp(&b.x0()))
        });
        let mut out: Vec<(f32, String)> = Vec::new();
        for r in runs {
            match out.last_mut() {
                Some((b, t)) if (*b - r.baseline).abs() < 0.5 => t.push_str(&r.text()),
                _ => out.push((r.baseline, r.text())),
            }
        }
        out
    }
}
