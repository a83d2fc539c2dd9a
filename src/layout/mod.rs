//! The GB/T 9704 layout engine: [`Report`] → pages of positioned items.
//!
//! A flow fills the 22-line grid page by page; the element modules place what the
//! standard puts where: `header` (版头, title, 主送), `blocks` (the body), `closing`
//! (附件说明, signature, seal, 附注, attachment pages), `colophon` (版记 and page
//! numbers). Every number comes from [`crate::spec`].

pub(crate) mod blocks;
mod closing;
mod colophon;
mod header;
pub(crate) mod lines;
pub mod page;
mod table;

use crate::error::Problem;
use crate::fonts::{FontSet, Metrics, Role};
use crate::model::Report;
use crate::spec::{self, LINES_PER_PAGE, LINE_PITCH, MARGIN_TOP};
use lines::{Align, Ch, Shaper};
pub use page::{Color, Glyph, Item, Page, PageKind, TextRun};
pub use table::TableGeom;

/// The laid-out document.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Laid {
    /// The pages, in order.
    pub pages: Vec<Page>,
    /// True when the 主送机关 did not fit on page 1 and moved to the 版记 (7.3.2).
    pub recipients_in_colophon: bool,
    /// Where the layout put the elements a DOCX must place the same way.
    pub anchors: Anchors,
}

/// Positions (mm from the page's top-left) of the elements that a word processor cannot
/// find on its own: the DOCX writer places them where the PDF has them.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct Anchors {
    /// Grid slots of page 1 used by 份号, 密级, 紧急程度.
    pub stack_lines: usize,
    /// The mark: baseline of its first line, size, and the bottom of its last em box.
    pub mark: Option<(f32, f32, f32)>,
    /// A joint mark (7.2.4): left edge and width of the stacked names, left edge and
    /// width of "文件".
    pub joint_mark: Option<(f32, f32, f32, f32)>,
    /// Top of the 发文字号's em box (信函式: of the first line below the double line,
    /// which holds 份号 … on the left and the 发文字号 on the right).
    pub docno_top: Option<f32>,
    /// 上行文: left edges of "签发人：" and of the names, in lines of [`Meta::signer_lines`]
    /// (the 发文字号 on the last of them).
    ///
    /// [`Meta::signer_lines`]: crate::model::Meta::signer_lines
    pub signers_x: Option<(f32, f32)>,
    /// The 信函式's red lines on page 1: centre and thickness, top to bottom.
    pub letter_lines: Vec<(f32, f32)>,
    /// Centre of the red rule.
    pub rule_y: Option<f32>,
    /// Top of the title's first line box, and its lines as broken.
    pub title: Option<(f32, Vec<String>)>,
    /// The first grid slot of page 1 after the title (主送 or body).
    pub first_slot: usize,
    /// The 署名 lines: blank lines before each, and the left edge and index (in
    /// `Meta::signature`) of each name on it; joint sealed documents put several names on
    /// a line (7.3.5.1).
    pub signature_rows: Vec<(usize, Vec<(f32, usize)>)>,
    /// Left edge of the date.
    pub date_x: Option<f32>,
    /// The seals, one per sealed organ.
    pub seals: Vec<SealPlace>,
    /// The page (index) whose last lines of text went to the next page with the
    /// signature (7.3.5.5).
    pub carried_from: Option<usize>,
    /// The text of the lines carried over (7.3.5.5), in reading order.
    pub carried_text: String,
    /// Each 签名章 (7.3.5.3): left edge on the page, top relative to the top of its
    /// signer's line, width, height.
    pub stamps: Vec<(f32, f32, f32, f32)>,
    /// The 版记: page index, top, whether it has a page of its own, and where the content
    /// before it ended on its page.
    pub colophon: Option<(usize, f32, bool, f32)>,
    /// Each body and attachment image as laid out: width and height, mm, in the order
    /// of the blocks.
    pub figures: Vec<(f32, f32)>,
    /// Characters a role's face lacks, with the family of the face the layout drew them
    /// with: the DOCX names it for them.
    pub fallbacks: Vec<(char, Role, String)>,
    /// Each table as laid out, in the order of the blocks.
    pub tables: Vec<TableGeom>,
    /// Lines of each group of the 版记 (between its rules).
    pub colophon_lines: Vec<usize>,
}

/// Where a seal goes (7.3.5.1).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
#[non_exhaustive]
pub struct SealPlace {
    /// The 署名 line it presses (index in [`Anchors::signature_rows`]).
    pub row: usize,
    /// Left edge on the page, mm.
    pub x: f32,
    /// Top, relative to the top of its 署名 line, mm.
    pub dy: f32,
    /// Diameter, mm.
    pub size: f32,
    /// Index in `Meta::seal` of the image.
    pub image: usize,
}

/// A coverage or font problem found while laying out: file line, problem, is it an error.
pub(crate) type LayoutProblem = (usize, Problem, bool);

/// Lays out a report with a font set.
pub(crate) fn layout(report: &Report, fonts: &FontSet) -> (Laid, Vec<LayoutProblem>) {
    let mut flow = Flow::new(fonts);
    let moved = header::front(&mut flow, &report.meta);
    blocks::body(&mut flow, &report.body);
    closing::closing(&mut flow, &report.meta);
    closing::attachments(&mut flow, &report.meta);
    colophon::colophon(&mut flow, &report.meta, moved);
    // A document that ends with a turned table leaves the page opened after it empty.
    while flow.pages.len() > 1 && flow.page_is_empty() && flow.page().kind == PageKind::Content {
        flow.pages.pop();
    }
    colophon::page_numbers(&mut flow, &report.meta);
    let problems = std::mem::take(&mut flow.shaper.problems);
    flow.anchors.fallbacks = std::mem::take(&mut flow.shaper.fallbacks)
        .into_iter()
        .map(|(ch, role, id)| (ch, role, fonts.face_by_id(id).family.clone()))
        .collect();
    (
        Laid {
            pages: flow.pages,
            recipients_in_colophon: moved,
            anchors: flow.anchors,
        },
        problems,
    )
}

/// Fills pages top to bottom on the line grid.
pub(crate) struct Flow<'a> {
    pub pages: Vec<Page>,
    /// Top of the free space on the current page, mm from the page top.
    pub y: f32,
    pub shaper: Shaper<'a>,
    /// File line of the block being laid out (for coverage warnings).
    pub line: usize,
    /// What the DOCX writer needs to know.
    pub anchors: Anchors,
    /// Where the body starts, when it starts on page 1 (below the title and 主送).
    pub body_top: Option<f32>,
}

impl<'a> Flow<'a> {
    fn new(fonts: &'a FontSet) -> Flow<'a> {
        Flow {
            pages: vec![Page::default()],
            y: MARGIN_TOP,
            shaper: Shaper::new(Metrics::new(fonts)),
            line: 1,
            anchors: Anchors::default(),
            body_top: None,
        }
    }

    pub fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("there is always a page")
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = MARGIN_TOP;
    }

    /// Is nothing drawn on the current page yet?
    pub fn page_is_empty(&self) -> bool {
        self.pages.last().is_none_or(|p| p.items.is_empty())
    }

    /// The first grid slot at or below `y`.
    pub fn next_slot(&self) -> usize {
        (((self.y - MARGIN_TOP) / LINE_PITCH) - 1e-3)
            .ceil()
            .max(0.0) as usize
    }

    /// Slots left on the current page.
    pub fn slots_left(&self) -> usize {
        LINES_PER_PAGE.saturating_sub(self.next_slot())
    }

    /// Leaves `n` blank grid lines (none at the top of a page).
    pub fn blank_lines(&mut self, n: usize) {
        if self.y <= MARGIN_TOP + 1e-3 {
            return;
        }
        let k = self.next_slot() + n;
        if k >= LINES_PER_PAGE {
            self.new_page();
        } else {
            self.y = spec::slot_top(k);
        }
    }

    /// Shapes text in the flow's current block.
    pub fn shape(
        &mut self,
        text: &str,
        role: Role,
        size: f32,
        color: Color,
        grid: bool,
    ) -> Vec<Ch> {
        let line = self.line;
        self.shaper.shape(text, role, size, color, grid, line)
    }

    /// Draws characters at given left edges on a baseline on the current page.
    pub fn emit(&mut self, chars: &[Ch], xs: &[f32], baseline: f32) {
        let items = runs(chars, xs, baseline);
        self.page().items.extend(items);
    }

    /// Sets one line on the next grid slot (a new page when this one is full). Returns the baseline.
    pub fn grid_line(&mut self, chars: &[Ch], xs: &[f32]) -> f32 {
        let mut k = self.next_slot();
        if k >= LINES_PER_PAGE {
            self.new_page();
            k = 0;
        }
        let size = chars.iter().map(|c| c.size).fold(spec::SIZE_3, f32::max);
        let baseline = spec::baseline_in_box(spec::slot_top(k), LINE_PITCH, size);
        self.emit(chars, xs, baseline);
        self.y = spec::slot_top(k + 1);
        baseline
    }

    /// Sets a paragraph on the grid: `first` and `rest` are left indents (mm) of the
    /// first and later lines, `right` the right indent. Non-final lines are justified
    /// when `align` is [`Align::Justify`]; the final line is flush left then.
    pub fn paragraph(&mut self, chars: &[Ch], first: f32, rest: f32, right: f32, align: Align) {
        for (i, (range, last)) in self
            .break_paragraph(chars, first, rest, right)
            .into_iter()
            .enumerate()
        {
            let indent = if i == 0 { first } else { rest };
            let avail = spec::BLOCK_W - indent - right;
            let a = if align == Align::Justify && last {
                Align::Left
            } else {
                align
            };
            let xs = lines::place(&chars[range.clone()], spec::MARGIN_LEFT + indent, avail, a);
            self.grid_line(&chars[range], &xs);
        }
    }

    /// Line ranges of a paragraph and whether each ends a segment (hard break or end).
    pub fn break_paragraph(
        &self,
        chars: &[Ch],
        first: f32,
        rest: f32,
        right: f32,
    ) -> Vec<(std::ops::Range<usize>, bool)> {
        let mut out = Vec::new();
        let mut seg_start = 0;
        let mut first_line = true;
        for seg_end in chars
            .iter()
            .enumerate()
            .filter(|(_, c)| c.ch == '\n')
            .map(|(i, _)| i)
            .chain([chars.len()])
        {
            let seg = &chars[seg_start..seg_end];
            let is_first = first_line;
            let ranges = lines::break_lines(seg, |k| {
                spec::BLOCK_W - right - if k == 0 && is_first { first } else { rest }
            });
            let n = ranges.len();
            for (j, r) in ranges.into_iter().enumerate() {
                out.push((r.start + seg_start..r.end + seg_start, j + 1 == n));
            }
            if n == 0 {
                out.push((seg_start..seg_start, true));
            }
            first_line = false;
            seg_start = seg_end + 1;
        }
        out
    }
}

/// Characters at given left edges on a baseline, grouped into runs of one face, size and colour.
pub(crate) fn runs(chars: &[Ch], xs: &[f32], baseline: f32) -> Vec<Item> {
    let mut out: Vec<TextRun> = Vec::new();
    for (c, &x) in chars.iter().zip(xs) {
        if c.ch == '\n' {
            continue;
        }
        let g = Glyph {
            ch: c.ch,
            gid: c.gid,
            x,
            advance: c.adv,
        };
        match out.last_mut() {
            Some(r) if r.face == c.face && r.size == c.size && r.color == c.color => {
                r.glyphs.push(g)
            }
            _ => out.push(TextRun {
                face: c.face,
                size: c.size,
                color: c.color,
                baseline,
                glyphs: vec![g],
            }),
        }
    }
    out.into_iter().map(Item::Text).collect()
}

/// Widths in characters of the 3号 grid.
pub(crate) fn chars(n: f32) -> f32 {
    n * spec::CELL
}
