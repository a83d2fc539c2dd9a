//! Report + layout → DOCX (docx-rs), plus one small patch step over the built parts.
//!
//! The document is real Word: styles (正文, 公文标题1–4, 公文标题, 主送机关, 附件说明, 署名,
//! 成文日期, 附注, 版记 …), paragraphs and runs, no text boxes. What a word processor
//! cannot know is taken from the layout ([`crate::layout::Anchors`]): the 版头's
//! vertical positions, the title's place, the signature's indents, the seal's position
//! on the page, and where the 版记 goes (its own unnumbered section when a blank page
//! precedes it). Page 1's positioned paragraphs follow LibreOffice's rule for exact
//! line spacing: a line of height L has its baseline 0.8·L below its top.

mod package;
mod patch;
mod styles;
mod xml;

use docx_rs::{
    AlignmentType, BorderType, BreakType, BuildXML, DocGrid, DocGridType, Docx, FieldCharType,
    Footer, FrameProperty, Header, HeightRule, InstrPAGE, InstrText, LineSpacing, LineSpacingType,
    PageMargin, Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Pic,
    RelativeFromHType, RelativeFromVType, Run, SpecialIndentType, Tab, TabValueType, Table,
    TableBorder, TableBorderPosition, TableBorders, TableCell, TableCellBorder,
    TableCellBorderPosition, TableCellBorders, TableCellMargins, TableLayoutType, TableRow,
    VAlignType, WidthType,
};

use crate::error::Error;
use crate::fonts::Role;
use crate::layout::{lines, Anchors, Laid};
use crate::model::{Block, CellAlign, HeadingLevel, Meta, Report};
use crate::spec::{self, twips, CELL, LINE_PITCH, MARGIN_LEFT, MARGIN_TOP};
use styles::{fonts, half_points, CHAR_TWIPS};

/// LibreOffice puts the baseline of an exactly spaced line at 80 % of its height.
const EXACT_ASCENT: f32 = 0.8;
const PITCH: i32 = spec::DOCX_LINE_PITCH_TWIPS as i32;
/// EMU per millimetre (DrawingML).
const EMU_PER_MM: f32 = 36_000.0;
/// Room left below the 版记's last rule, twips: LibreOffice sets the first row's top
/// border above the row (measured: a 版记 without rules needs the same 40 twips), and
/// rounding must not push the last row to a new page.
const SLACK: i32 = 50;

pub(crate) fn write(report: &Report, laid: &Laid) -> Result<Vec<u8>, Error> {
    let info = crate::write::Info::of(&report.meta);
    let mut w = Writer {
        info: &info,
        docx: Some(styles::add(Docx::new())),
        anchors: &laid.anchors,
        t: 0,
        pics: 0,
        figures: 0,
        tables: 0,
        carry: carry_split(&report.body, &laid.anchors),
    };
    let meta = &report.meta;
    w.front(meta, laid.recipients_in_colophon);
    w.blocks(&report.body);
    w.closing(meta, report.body.len());
    w.attachments(meta);
    let own_section = w.colophon(meta, laid);
    let turned = turned_page_numbers(laid);
    let docx = w.finish(turned.is_some());
    let mut parts = docx.build();
    patch::patch(
        &mut parts,
        patch::Options {
            colophon_section: own_section,
            first_page_number: meta.layout != crate::model::Layout::Letter,
            fallbacks: &laid.anchors.fallbacks,
            turned,
            info: &info,
        },
    )
    .map_err(|m| Error::Write {
        format: "DOCX",
        message: m,
    })?;
    package::pack(parts).map_err(|m| Error::Write {
        format: "DOCX",
        message: m,
    })
}

struct Writer<'a> {
    info: &'a crate::write::Info,
    docx: Option<Docx>,
    anchors: &'a Anchors,
    /// Page 1 only: where the flow is, in twips below the top margin.
    t: i32,
    pics: usize,
    /// Body images written so far (index into [`Anchors::figures`]).
    figures: usize,
    /// Tables written so far (index into [`Anchors::tables`]).
    tables: usize,
    /// The body's last paragraph and the byte where the layout carried its last lines
    /// to the next page with the signature (7.3.5.5): a page break goes there.
    carry: Option<(&'a Block, usize)>,
}

/// Where the layout carried lines over with the signature (7.3.5.5), when they all come
/// from the body's last paragraph: that paragraph and the byte offset of the first
/// carried character.
fn carry_split<'a>(body: &'a [Block], anchors: &Anchors) -> Option<(&'a Block, usize)> {
    anchors.carried_from?;
    let last = body.last()?;
    let Block::Paragraph { text, run_in, .. } = last else {
        return None;
    };
    let carried = anchors.carried_text.replace(' ', "");
    let at = text.len().checked_sub(carried.len())?;
    let run_in_end = run_in.map_or(0, |(_, n)| n);
    (at > run_in_end && text.is_char_boundary(at) && text[at..].replace(' ', "") == carried)
        .then_some((last, at))
}

fn run(text: &str, role: Role, size: f32) -> Run {
    let mut r = Run::new()
        .add_text(bind_pairs(text))
        .fonts(fonts(role))
        .size(half_points(size));
    if size == spec::SIZE_3 {
        r = r.character_spacing(spec::DOCX_CHAR_SPACING);
    }
    r
}

/// The pairs the layout keeps on one line and word processors might split
/// ([`lines::joined`]: a dash and what precedes it, a hyphen or a slash and what
/// follows, the asterisks of a masked figure) get a WORD JOINER (U+2060: invisible, no
/// width, absent from the PDF LibreOffice exports) between them, which Word and
/// LibreOffice honour, so they break lines where the layout does.
fn bind_pairs(text: &str) -> std::borrow::Cow<'_, str> {
    let chars: Vec<char> = text.chars().collect();
    let binds = |i: usize| i > 0 && lines::joined(chars[i - 1], chars[i]);
    if !(0..chars.len()).any(binds) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        if binds(i) {
            out.push('\u{2060}');
        }
        out.push(c);
    }
    out.into()
}

/// The style that marks the paragraph ending a turned table's section; the patch gives
/// it the section's properties and the body style.
pub(super) const TURNED_END: &str = "GwTurnedEnd";

/// Height of that paragraph, twips (1 pt; the layout keeps [`spec::TURNED_END`] for it).
pub(super) const TURNED_END_TWIPS: i32 = 20;

fn para(style: &str) -> Paragraph {
    Paragraph::new().style(style)
}

fn exact(line: i32, before: i32, after: i32) -> LineSpacing {
    LineSpacing::new()
        .line(line)
        .line_rule(LineSpacingType::Exact)
        .before(before.max(0) as u32)
        .after(after.max(0) as u32)
}

/// A border's width in eighths of a point (`w:sz`) for a thickness in mm.
fn eighths(mm: f32) -> usize {
    (mm / spec::MM_PER_PT * 8.0).round() as usize
}

fn tw(mm: f32) -> i32 {
    twips(mm)
}

impl Writer<'_> {
    fn add(&mut self, p: Paragraph) {
        self.docx = self.docx.take().map(|d| d.add_paragraph(p));
    }

    fn add_table(&mut self, t: Table) {
        self.docx = self.docx.take().map(|d| d.add_table(t));
    }

    /// A page-1 paragraph of `lines` exact lines of `line` twips whose first line's top
    /// must be at `top` twips below the top margin.
    fn place(&mut self, p: Paragraph, top: i32, line: i32, lines: usize, after: i32) {
        self.place_snapped(p.snap_to_grid(false), top, line, lines, after);
    }

    /// [`Self::place`] for a paragraph on a grid line (the 主送): it snaps to the grid
    /// as the body does, so LibreOffice sets both at the same pitch (without it the
    /// 主送 stood 0.4 mm low).
    fn place_snapped(&mut self, p: Paragraph, top: i32, line: i32, lines: usize, after: i32) {
        let before = (top - self.t).max(0);
        self.add(
            p.line_spacing(exact(line, before, after))
                .widow_control(false),
        );
        self.t += before + line * lines as i32 + after.max(0);
    }

    fn front(&mut self, meta: &Meta, recipients_moved: bool) {
        let a = self.anchors;
        let stack = meta.stack_items();
        for text in stack.iter().take(a.stack_lines) {
            let top = self.t;
            self.place(
                para("GwHeaderInfo").add_run(run(text, Role::Hei, spec::SIZE_3)),
                top,
                PITCH,
                1,
                0,
            );
        }
        if let Some((baseline, size, _)) = a.mark {
            let line = tw(spec::pt(size) * spec::MARK_LINE_PITCH);
            let top = tw(baseline - MARGIN_TOP) - (EXACT_ASCENT * line as f32).round() as i32;
            // Whole half-points, rounded down so the mark still fits its line.
            let half = (size * 2.0).floor() / 2.0;
            let red = |t: &str| run(t, Role::XiaoBiaoSong, half).color("FF0000");
            if let Some(joint) = a.joint_mark {
                self.joint_mark(&meta.issuer, joint, red, top, line);
            } else {
                let lines = meta.mark_lines();
                let mut p = para("GwMark");
                for (i, l) in lines.iter().enumerate() {
                    if i > 0 {
                        p = p.add_run(Run::new().add_break(BreakType::TextWrapping));
                    }
                    p = p.add_run(red(l));
                }
                if a.letter_lines.is_empty() {
                    self.place(p, top, line, lines.len(), 0);
                } else {
                    // 信函式: above the 版心, so a frame on the page (it takes no room).
                    let frame = frame(
                        MARGIN_LEFT,
                        spec::BLOCK_W,
                        tw(MARGIN_TOP) + top,
                        line * lines.len() as i32,
                    );
                    self.add(framed(p, frame, line));
                }
            }
        }
        for pair in a.letter_lines.chunks(2) {
            self.double_line(pair);
        }
        if let Some(docno_top) = a.docno_top {
            let em_top_in_line =
                EXACT_ASCENT * PITCH as f32 - tw(spec::EM_ASCENT * spec::pt(spec::SIZE_3)) as f32;
            let top = tw(docno_top - MARGIN_TOP) - em_top_in_line as i32;
            if a.letter_lines.is_empty() {
                self.doc_number(meta, top);
            } else {
                self.letter_lines(meta, top);
            }
        }
        if let Some((top, lines)) = &a.title {
            // The title's lines as the layout broke them (a trapezoid, words kept whole).
            let line = tw(spec::TITLE_PITCH);
            let n = lines.len();
            let mut p = para("GwTitle");
            for (i, l) in lines.iter().enumerate() {
                if i > 0 {
                    p = p.add_run(Run::new().add_break(BreakType::TextWrapping));
                }
                p = p.add_run(run(l, Role::XiaoBiaoSong, spec::SIZE_2));
            }
            let top = tw(*top - MARGIN_TOP);
            let before = (top - self.t).max(0);
            let first_slot = PITCH * a.first_slot as i32;
            let after = first_slot - (self.t + before + line * n as i32);
            self.place(p, top, line, n, after);
        }
        let first = PITCH * a.first_slot as i32;
        if !meta.recipients.is_empty() && !recipients_moved {
            let text = format!("{}：", meta.recipients.join("、"));
            self.place_snapped(
                para("GwRecipients").add_run(run(&text, Role::Fang, spec::SIZE_3)),
                first,
                PITCH,
                1,
                0,
            );
        } else if self.t < first && self.t > 0 {
            // The body starts on its grid slot (after a 令号, or a 版头 without a title).
            self.add(spacer(first - self.t));
            self.t = first;
        } else if a.title.is_some() {
            self.t = first;
        }
    }

    /// The 发文字号 centred, or with 签发人 for 上行文 (names two a line, earlier lines
    /// above the 字号's line); the red rule of the 文件式 under it.
    fn doc_number(&mut self, meta: &Meta, top: i32) {
        let a = self.anchors;
        let docno = meta.doc_number.clone().unwrap_or_default();
        let mut p = para("GwDocNumber");
        match a.signers_x {
            None => p = p.add_run(run(&docno, Role::Fang, spec::SIZE_3)),
            Some((label_x, names_x)) => {
                let tab = |mm: f32| {
                    Tab::new()
                        .val(TabValueType::Left)
                        .pos(tw(mm - MARGIN_LEFT) as usize)
                };
                let lines = meta.signer_lines();
                for (i, names) in lines.iter().enumerate() {
                    let mut line = para("GwDocNumber").align(AlignmentType::Left);
                    if i + 1 == lines.len() {
                        line = line
                            .add_tab(Tab::new().val(TabValueType::Left).pos(CHAR_TWIPS as usize))
                            .add_run(Run::new().add_tab())
                            .add_run(run(&docno, Role::Fang, spec::SIZE_3));
                    }
                    // "签发人：" on the first line; later lines' names under the first name.
                    line = if i == 0 {
                        line.add_tab(tab(label_x))
                            .add_run(Run::new().add_tab())
                            .add_run(run("签发人：", Role::Fang, spec::SIZE_3))
                    } else {
                        line.add_tab(tab(names_x)).add_run(Run::new().add_tab())
                    };
                    line = line.add_run(run(names, Role::Kai, spec::SIZE_3));
                    if i + 1 == lines.len() {
                        p = line;
                    } else {
                        let above = (lines.len() - 1 - i) as i32 * PITCH;
                        self.place(line, top - above, PITCH, 1, 0);
                    }
                }
            }
        }
        let Some(rule_y) = a.rule_y else {
            self.place(p, top, PITCH, 1, 0);
            return;
        };
        // The red rule: the paragraph's bottom border, `space` whole points below its
        // line; the border's width adds to the paragraph's height.
        let size = eighths(spec::RED_RULE_THICKNESS);
        let width_tw = (size * 20 / 8) as i32;
        let line_bottom = top + PITCH;
        let space_pt = ((tw(rule_y - MARGIN_TOP) - line_bottom - width_tw / 2) as f32 / 20.0)
            .round()
            .max(0.0) as i32;
        let rule = ParagraphBorder::new(ParagraphBorderPosition::Bottom)
            .val(BorderType::Single)
            .size(size)
            .space(space_pt as usize)
            .color("FF0000");
        p.property = p
            .property
            .set_borders(ParagraphBorders::with_empty().set(rule));
        self.place(p, top, PITCH, 1, 0);
        self.t = line_bottom + space_pt * 20 + width_tw;
    }

    /// 信函式 (10.1): 份号 / 密级 / 紧急程度 flush left, one a line, the 发文字号 flush right
    /// on the first of them.
    fn letter_lines(&mut self, meta: &Meta, top: i32) {
        let stack = meta.stack_items();
        let n = stack.len().max(usize::from(meta.doc_number.is_some()));
        for i in 0..n {
            let mut p = para("GwHeaderInfo");
            if let Some(t) = stack.get(i) {
                p = p.add_run(run(t, Role::Hei, spec::SIZE_3));
            }
            if let (0, Some(d)) = (i, &meta.doc_number) {
                p = p
                    .add_tab(
                        Tab::new()
                            .val(TabValueType::Right)
                            .pos(tw(spec::BLOCK_W) as usize),
                    )
                    .add_run(Run::new().add_tab())
                    .add_run(run(d, Role::Fang, spec::SIZE_3));
            }
            self.place(p, top + i as i32 * PITCH, PITCH, 1, 0);
        }
    }

    /// A joint mark (7.2.4) as a borderless table: the names stacked and spread to one
    /// width in the left cell, "文件" in the right cell, centred on them.
    fn joint_mark(
        &mut self,
        names: &[String],
        (x0, names_w, suffix_x, suffix_w): (f32, f32, f32, f32),
        red: impl Fn(&str) -> Run,
        top: i32,
        line: i32,
    ) {
        if top > self.t {
            self.add(spacer(top - self.t));
        }
        let cell_para = |t: &str, align| {
            Paragraph::new()
                .style("GwMark")
                .align(align)
                .line_spacing(exact(line, 0, 0))
                .snap_to_grid(false)
                .add_run(red(t))
        };
        let widths = [names_w, suffix_x + suffix_w - x0 - names_w].map(|w| tw(w) as usize);
        let mut left = TableCell::new().width(widths[0], WidthType::Dxa);
        for n in names {
            left = left.add_paragraph(cell_para(n, AlignmentType::Distribute));
        }
        let right = TableCell::new()
            .width(widths[1], WidthType::Dxa)
            .vertical_align(VAlignType::Center)
            .add_paragraph(cell_para("文件", AlignmentType::Right));
        self.add_table(
            Table::new(vec![TableRow::new(vec![left, right])])
                .set_grid(widths.to_vec())
                .indent(tw(x0 - MARGIN_LEFT))
                .set_borders(TableBorders::with_empty())
                .margins(no_margins()),
        );
        self.t = self.t.max(top) + line * names.len() as i32;
    }

    /// A pair of the 信函式's red lines (thick over thin, or thin over thick), 170 mm
    /// long and centred: the top and bottom borders of an empty framed paragraph.
    fn double_line(&mut self, pair: &[(f32, f32)]) {
        let [(y1, t1), (y2, t2)] = pair else { return };
        let border = |pos, t: f32| {
            ParagraphBorder::new(pos)
                .val(BorderType::Single)
                .size(eighths(t))
                .space(0)
                .color("FF0000")
        };
        let x = (spec::PAGE_W - spec::LETTER_RULE_LEN) / 2.0;
        let (top, bottom) = (y1 - t1 / 2.0, y2 + t2 / 2.0);
        // The line between the borders is the gap between the two rules.
        let gap = tw(bottom - top) - tw(*t1) - tw(*t2);
        let mut p = Paragraph::new().style("GwBody");
        p.property = p.property.set_borders(
            ParagraphBorders::with_empty()
                .set(border(ParagraphBorderPosition::Top, *t1))
                .set(border(ParagraphBorderPosition::Bottom, *t2)),
        );
        let frame = frame(x, spec::LETTER_RULE_LEN, tw(top), tw(bottom - top));
        self.add(framed(p, frame, gap.max(1)));
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for (i, b) in blocks.iter().enumerate() {
            match b {
                Block::Heading {
                    level,
                    marker,
                    text,
                    ..
                } => {
                    let style = format!("GwHeading{}", *level as u8);
                    let role = crate::layout::blocks::heading_role(*level);
                    let p =
                        para(&style).add_run(run(&format!("{marker}{text}"), role, spec::SIZE_3));
                    self.add(p);
                }
                Block::Paragraph { text, run_in, .. } => match self.carry {
                    Some((last, at)) if std::ptr::eq(last, b) => {
                        let p = body_runs(para("GwBody"), &text[..at], *run_in)
                            .add_run(Run::new().add_break(BreakType::Page));
                        self.add(body_runs(p, &text[at..], None))
                    }
                    _ => self.add(body_runs(para("GwBody"), text, *run_in)),
                },
                Block::Attendees { label, names, .. } => {
                    // One blank line between the body and the first list (10.3).
                    if i > 0 && !matches!(blocks[i - 1], Block::Attendees { .. }) {
                        self.add(para("GwBody"));
                    }
                    let hang = (label.chars().count() as i32 + 1) * CHAR_TWIPS;
                    let p = para("GwBody")
                        .indent(
                            Some(2 * CHAR_TWIPS + hang),
                            Some(SpecialIndentType::Hanging(hang)),
                            None,
                            None,
                        )
                        .add_run(run(&format!("{label}："), Role::Hei, spec::SIZE_3))
                        .add_run(run(names, Role::Fang, spec::SIZE_3));
                    self.add(p);
                }
                Block::List { start, items, .. } => self.list(*start, items, 0),
                Block::Quote(inner) => self.blocks(inner),
                Block::Table { .. } => self.table(),
                Block::Image { path, alt, .. } => self.figure(path, alt),
                Block::PageBreak => self.add(
                    Paragraph::new()
                        .style("GwBody")
                        .add_run(Run::new().add_break(BreakType::Page)),
                ),
            }
        }
    }

    /// A list as the layout sets it: 7.3.3 paragraphs with the marker inline.
    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>], level: usize) {
        for (i, item) in items.iter().enumerate() {
            let marker = crate::layout::blocks::list_marker(start, i, level);
            let mut rest = &item[..];
            if let Some(Block::Paragraph { text, run_in, .. }) = item.first() {
                let p = para("GwBody").add_run(run(&marker, Role::Fang, spec::SIZE_3));
                self.add(body_runs(p, text, *run_in));
                rest = &item[1..];
            }
            for b in rest {
                match b {
                    Block::List { start, items, .. } => self.list(*start, items, level + 1),
                    other => self.blocks(std::slice::from_ref(other)),
                }
            }
        }
    }

    /// An image at the size the layout gave it, centred, kept with its caption (the alt
    /// text, centred on the grid lines below it).
    fn figure(&mut self, path: &std::path::Path, alt: &str) {
        let Some(&(w, h)) = self.anchors.figures.get(self.figures) else {
            return;
        };
        self.figures += 1;
        let Ok((bytes, (wp, hp))) = crate::read::resources::read_image(path) else {
            return;
        };
        let pic = self.pic(bytes, wp, hp, w, h);
        let caption = alt.trim();
        self.add(
            Paragraph::new()
                .style("GwBody")
                .align(AlignmentType::Center)
                .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
                .line_spacing(
                    LineSpacing::new()
                        .line_rule(LineSpacingType::Auto)
                        .line(240),
                )
                .keep_next(!caption.is_empty())
                .add_run(Run::new().add_image(pic)),
        );
        if !caption.is_empty() {
            self.add(
                para("GwBody")
                    .align(AlignmentType::Center)
                    .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
                    .add_run(run(caption, Role::Fang, spec::SIZE_3)),
            );
        }
    }

    fn pic(&mut self, bytes: Vec<u8>, wp: u32, hp: u32, w: f32, h: f32) -> Pic {
        self.pics += 1;
        Pic::new_with_dimensions(bytes, wp, hp)
            .id(format!("rIdImage{}", self.pics))
            .size((w * EMU_PER_MM) as u32, (h * EMU_PER_MM) as u32)
    }

    /// A table exactly as the layout set it ([`crate::layout::TableGeom`]): fixed
    /// layout on the layout's column grid, its type size, each cell's lines as the
    /// layout broke them, exact line and row heights, rows that never split, the header
    /// row repeated on every page.
    fn table(&mut self) {
        let Some(geom) = self.anchors.tables.get(self.tables) else {
            return;
        };
        self.tables += 1;
        let grid: Vec<usize> = geom.widths.iter().map(|w| tw(*w).max(0) as usize).collect();
        let pad = tw(spec::TABLE_PAD).max(0) as usize;
        let mk_row = |(r, cells): (usize, &Vec<Vec<String>>)| {
            let head = r == 0;
            let role = if head { Role::Hei } else { Role::Fang };
            let cells = grid
                .iter()
                .enumerate()
                .map(|(c, &w)| {
                    let align = match (head, geom.align[c]) {
                        (true, _) | (false, CellAlign::Center) => AlignmentType::Center,
                        (false, CellAlign::Right) => AlignmentType::Right,
                        _ => AlignmentType::Left,
                    };
                    let mut p = para("GwTable")
                        .align(align)
                        .line_spacing(exact(tw(geom.line), 0, 0))
                        .snap_to_grid(false);
                    for (i, line) in cells.get(c).into_iter().flatten().enumerate() {
                        if i > 0 {
                            p = p.add_run(Run::new().add_break(BreakType::TextWrapping));
                        }
                        p = p.add_run(run(line, role, geom.size));
                    }
                    TableCell::new().width(w, WidthType::Dxa).add_paragraph(p)
                })
                .collect();
            // A row that splits keeps its lines' exact height but not the row's: a
            // minimum taller than a page made LibreOffice clip the row.
            let row = TableRow::new(cells);
            if geom.whole[r] {
                row.row_height(tw(geom.rows[r]) as f32)
                    .height_rule(HeightRule::Exact)
                    .cant_split()
            } else {
                row
            }
        };
        let trs = geom.cells.iter().enumerate().map(mk_row).collect();
        let borders = [
            TableBorderPosition::Top,
            TableBorderPosition::Left,
            TableBorderPosition::Bottom,
            TableBorderPosition::Right,
            TableBorderPosition::InsideH,
            TableBorderPosition::InsideV,
        ]
        .into_iter()
        .fold(TableBorders::with_empty(), |b, pos| {
            b.set(
                TableBorder::new(pos)
                    .size(eighths(spec::TABLE_RULE))
                    .border_type(BorderType::Single)
                    .color("000000"),
            )
        });
        self.add_table(
            Table::new(trs)
                .set_grid(grid.clone())
                .width(grid.iter().sum(), WidthType::Dxa)
                .layout(TableLayoutType::Fixed)
                .set_borders(borders)
                .margins(
                    TableCellMargins::new()
                        .margin_left(pad, WidthType::Dxa)
                        .margin_right(pad, WidthType::Dxa)
                        .margin_top(pad, WidthType::Dxa)
                        .margin_bottom(0, WidthType::Dxa),
                ),
        );
        if geom.turned {
            self.add(
                para(TURNED_END)
                    .line_spacing(exact(TURNED_END_TWIPS, 0, 0))
                    .snap_to_grid(false),
            );
        }
    }

    fn closing(&mut self, meta: &Meta, body_blocks: usize) {
        if !meta.attachments.is_empty() {
            self.add(para("GwBody"));
            let label_w = 3 * CHAR_TWIPS;
            let many = meta.attachments.len() > 1;
            for (i, att) in meta.attachments.iter().enumerate() {
                let number = if many {
                    format!("{}.", i + 1)
                } else {
                    String::new()
                };
                let number_w = if many {
                    (number.len() as i32) * CHAR_TWIPS / 2
                } else {
                    0
                };
                let left = 2 * CHAR_TWIPS + label_w + number_w;
                let first = if i == 0 {
                    2 * CHAR_TWIPS
                } else {
                    2 * CHAR_TWIPS + label_w
                };
                let mut p = para("GwAttachNote").indent(
                    Some(left),
                    Some(SpecialIndentType::Hanging(left - first)),
                    None,
                    None,
                );
                if i == 0 {
                    p = p.add_run(run("附件：", Role::Fang, spec::SIZE_3));
                }
                self.add(p.add_run(run(
                    &format!("{number}{}", att.name),
                    Role::Fang,
                    spec::SIZE_3,
                )));
            }
        }
        // 7.3.5.5: where the layout carried text over with the signature, a page break
        // inside the last paragraph does the same; when the carried lines are not all
        // its own, the word processor keeps that paragraph with the signature, except
        // when it is the only body text on page 1 (LibreOffice would move it whole).
        let keep = match self.anchors.carried_from {
            _ if self.carry.is_some() => false,
            Some(0) => body_blocks > 1,
            Some(_) => true,
            None => false,
        };
        if keep {
            if let Some(docx_rs::DocumentChild::Paragraph(p)) = self
                .docx
                .as_mut()
                .and_then(|d| d.document.children.last_mut())
            {
                p.property = p.property.clone().keep_next(true);
            }
        }
        if !meta.signed_by.is_empty() {
            self.signed_by(meta);
        } else if !meta.signature.is_empty() || meta.date.is_some() {
            self.signature(meta);
        }
        if let Some(note) = &meta.note {
            let text = if note.starts_with('（') {
                note.clone()
            } else {
                format!("（{note}）")
            };
            self.add(para("GwNote").add_run(run(&text, Role::Fang, spec::SIZE_3)));
        }
    }

    /// A picture floating over the text: left edge `x` on the page, top `dy` below the
    /// top of the paragraph it is anchored to.
    fn floating(
        &mut self,
        path: &std::path::Path,
        (x, dy, w, h): (f32, f32, f32, f32),
    ) -> Option<Run> {
        let (bytes, (wp, hp)) = crate::read::resources::read_image(path).ok()?;
        let pic = self
            .pic(bytes, wp, hp, w, h)
            .floating()
            .overlapping()
            .relative_from_h(RelativeFromHType::Page)
            .relative_from_v(RelativeFromVType::Paragraph)
            .offset_x((x * EMU_PER_MM) as i32)
            .offset_y((dy * EMU_PER_MM) as i32);
        Some(Run::new().add_image(pic))
    }

    /// The date on its own line at the layout's left edge.
    fn date(&mut self, meta: &Meta) {
        if let (Some(date), Some(x)) = (meta.date, self.anchors.date_x) {
            self.add(
                para("GwDate")
                    .indent(Some(tw(x - MARGIN_LEFT)), None, None, None)
                    .add_run(run(&date.to_string(), Role::Fang, spec::SIZE_3)),
            );
        }
    }

    /// 签名章 (7.3.5.3): two blank lines; each signer's title right-aligned two characters
    /// left of the stamp, the stamp floating on the line, a blank line; then the date.
    fn signed_by(&mut self, meta: &Meta) {
        for _ in 0..spec::SIGN_STAMP_GAP_LINES {
            self.add(para("GwBody").keep_next(true));
        }
        for (s, &stamp) in meta.signed_by.iter().zip(&self.anchors.stamps) {
            let right = spec::BLOCK_RIGHT - stamp.0 + spec::STAMP_TITLE_GAP_CHARS * CELL;
            let mut p = para("GwSignature")
                .keep_next(true)
                .align(AlignmentType::Right)
                .indent(Some(0), None, Some(tw(right)), None)
                .add_run(run(&s.title, Role::Fang, spec::SIZE_3));
            if let Some(r) = self.floating(&s.stamp, stamp) {
                p = p.add_run(r);
            }
            self.add(p);
            self.add(para("GwBody").keep_next(true));
        }
        self.date(meta);
    }

    /// 署名 and date, sealed or not (7.3.5.1–2), the blank lines keeping with them: each
    /// 署名 line starts at its first name's left edge, further names (joint, sealed) at
    /// tab stops; each seal floats from its line, so it presses the names and date
    /// wherever the line falls.
    fn signature(&mut self, meta: &Meta) {
        let a = self.anchors;
        for (r, (blank, names)) in a.signature_rows.iter().enumerate() {
            for _ in 0..*blank {
                self.add(para("GwBody").keep_next(true));
            }
            let Some(&(x0, _)) = names.first() else {
                continue;
            };
            let mut p = para("GwSignature").keep_next(true).indent(
                Some(tw(x0 - MARGIN_LEFT)),
                None,
                None,
                None,
            );
            for (k, &(x, i)) in names.iter().enumerate() {
                if k > 0 {
                    p = p
                        .add_tab(
                            Tab::new()
                                .val(TabValueType::Left)
                                .pos(tw(x - MARGIN_LEFT) as usize),
                        )
                        .add_run(Run::new().add_tab());
                }
                p = p.add_run(run(&meta.signature[i], Role::Fang, spec::SIZE_3));
            }
            for seal in a.seals.iter().filter(|s| s.row == r) {
                let place = (seal.x, seal.dy, seal.size, seal.size);
                if let Some(run) = self.floating(&meta.seal[seal.image], place) {
                    p = p.add_run(run);
                }
            }
            self.add(p);
        }
        self.date(meta);
    }

    fn attachments(&mut self, meta: &Meta) {
        let many = meta.attachments.len() > 1;
        for (i, att) in meta.attachments.iter().enumerate() {
            let Some(body) = &att.body else { continue };
            let label = if many {
                format!("附件{}", i + 1)
            } else {
                "附件".to_string()
            };
            self.add(para("GwAttachLabel").page_break_before(true).add_run(run(
                &label,
                Role::Hei,
                spec::SIZE_3,
            )));
            self.add(para("GwBody"));
            let line = tw(spec::TITLE_PITCH);
            let n = att.name.split('\n').count().max(1) as i32;
            let used = n * line;
            let after = (used + PITCH - 1) / PITCH * PITCH - used;
            let mut p = para("GwTitle").line_spacing(exact(line, 0, after));
            for (k, seg) in att.name.split('\n').enumerate() {
                if k > 0 {
                    p = p.add_run(Run::new().add_break(BreakType::TextWrapping));
                }
                p = p.add_run(run(seg, Role::XiaoBiaoSong, spec::SIZE_2));
            }
            self.add(p);
            self.blocks(body);
        }
    }

    /// The 版记 as a table anchored to the bottom of the 版心 on its page, with its
    /// thick and thin rules as cell borders. Returns true when it has a section of its
    /// own (no page numbers: after a blank page, 7.5).
    fn colophon(&mut self, meta: &Meta, laid: &Laid) -> bool {
        let Some((page, _, own_page, content_end)) = self.anchors.colophon else {
            return false;
        };
        let blank_before = page >= 1 && laid.pages[page - 1].kind == crate::layout::PageKind::Blank;
        if own_page && blank_before {
            // The blank page: an empty paragraph that opens the 版记's own section (the
            // patch ends the body's section before it).
            self.add(para("GwBody"));
        }
        // A spacer down to the 版记, whose exact rows end on the 版心 bottom. The table is
        // the body's last element (an empty paragraph after it would spill onto a new
        // page). LibreOffice counts the outer borders (1 pt each) into the rows' height.
        // Positions are counted in the word processor's own twips from the top margin.
        let lines: i32 = self
            .anchors
            .colophon_lines
            .iter()
            .map(|&n| n as i32)
            .sum::<i32>()
            .max(1);

        let from = if own_page {
            0
        } else {
            let k = (content_end - MARGIN_TOP) / LINE_PITCH;
            if (k - k.round()).abs() < 0.01 {
                PITCH * k.round() as i32
            } else {
                tw(content_end - MARGIN_TOP)
            }
        };
        // On a page of its own the spacer starts that page (a page break inside a
        // paragraph would leave an empty line above it).
        self.add(
            spacer((tw(spec::BLOCK_H) - from - lines * PITCH - SLACK).max(20))
                .page_break_before(own_page),
        );
        let indent = tw(spec::COLOPHON_INDENT);
        let width = tw(spec::BLOCK_W);
        let letter = meta.layout == crate::model::Layout::Letter;
        let cell_para = |p: Paragraph| {
            p.line_spacing(exact(PITCH, 0, 0))
                .snap_to_grid(false)
                .widow_control(false)
        };
        let list = |label: &str, names: &str| {
            let head = format!("{label}：");
            let hang = head.chars().count() as i32 * indent;
            cell_para(
                para("GwColophon")
                    .indent(
                        Some(indent + hang),
                        Some(SpecialIndentType::Hanging(hang)),
                        Some(indent),
                        None,
                    )
                    .add_run(run(
                        &format!("{head}{names}"),
                        Role::Fang,
                        spec::COLOPHON_SIZE,
                    )),
            )
        };
        let mut groups: Vec<Vec<Paragraph>> = Vec::new();
        let mut g1 = Vec::new();
        for (label, names) in meta.colophon_lists(laid.recipients_in_colophon) {
            g1.push(list(label, &names));
        }
        if !g1.is_empty() {
            groups.push(g1);
        }
        if !letter && (meta.printer.is_some() || meta.print_date.is_some()) {
            let mut p =
                cell_para(para("GwColophon").indent(Some(indent), None, Some(indent), None))
                    .add_tab(
                        Tab::new()
                            .val(TabValueType::Right)
                            .pos((width - indent) as usize),
                    )
                    .add_run(run(
                        meta.printer.as_deref().unwrap_or(""),
                        Role::Fang,
                        spec::COLOPHON_SIZE,
                    ));
            if let Some(d) = meta.print_date {
                p = p.add_run(Run::new().add_tab()).add_run(run(
                    &format!("{d}印发"),
                    Role::Fang,
                    spec::COLOPHON_SIZE,
                ));
            }
            groups.push(vec![p]);
        }
        let thick = eighths(spec::COLOPHON_THICK);
        let thin = eighths(spec::COLOPHON_THIN);
        let ngroups = groups.len();
        let mut rows = Vec::new();
        for (gi, g) in groups.into_iter().enumerate() {
            let mut borders = TableCellBorders::with_empty();
            if !letter {
                let top = if gi == 0 { thick } else { thin };
                borders = borders.set(
                    TableCellBorder::new(TableCellBorderPosition::Top)
                        .border_type(BorderType::Single)
                        .size(top)
                        .color("000000"),
                );
                if gi + 1 == ngroups {
                    borders = borders.set(
                        TableCellBorder::new(TableCellBorderPosition::Bottom)
                            .border_type(BorderType::Single)
                            .size(thick)
                            .color("000000"),
                    );
                }
            }
            let lines = self
                .anchors
                .colophon_lines
                .get(gi)
                .copied()
                .unwrap_or(g.len())
                .max(1) as i32;
            let mut cell = TableCell::new()
                .width(width as usize, WidthType::Dxa)
                .set_borders(borders);
            // One block (7.4): rows never split and each keeps with the next, so Word
            // and LibreOffice move the whole 版记 rather than part of it.
            let last_group = gi + 1 == ngroups;
            for p in g {
                cell = cell.add_paragraph(p.keep_next(!last_group));
            }
            rows.push(
                TableRow::new(vec![cell])
                    .height_rule(HeightRule::Exact)
                    .row_height((PITCH * lines) as f32)
                    .cant_split(),
            );
        }
        let table = Table::new(rows)
            .set_grid(vec![width as usize])
            .width(width as usize, WidthType::Dxa)
            .set_borders(TableBorders::with_empty())
            .margins(no_margins());
        self.add_table(table);
        own_page && blank_before
    }

    /// `turned`: the document has turned pages, whose page numbers are in headers
    /// (see [`turned_page_numbers`]); every other section gets the empty third header.
    fn finish(mut self, turned: bool) -> Docx {
        let auto = LineSpacing::new()
            .line_rule(LineSpacingType::Auto)
            .line(240);
        let footer = |odd: bool| Footer::new().add_paragraph(page_number(odd, auto.clone()));
        let margin = PageMargin::new()
            .top(tw(MARGIN_TOP))
            .bottom(tw(spec::MARGIN_BOTTOM))
            .left(tw(MARGIN_LEFT))
            .right(tw(spec::MARGIN_RIGHT))
            .header(spec::DOCX_HEADER_TWIPS as i32)
            .footer(spec::DOCX_FOOTER_TWIPS as i32)
            .gutter(0);
        let grid = DocGrid::new()
            .grid_type(DocGridType::Lines)
            .line_pitch(spec::DOCX_LINE_PITCH_TWIPS as usize);
        let mut docx = self.docx.take().expect("built once");
        docx.document.section_property = docx.document.section_property.doc_grid(grid);
        docx = docx
            .page_size(tw(spec::PAGE_W) as u32, tw(spec::PAGE_H) as u32)
            .page_margin(margin)
            .footer(footer(true))
            .even_footer(footer(false))
            // An empty footer part, used by the unnumbered 版记 section (see patch).
            // One twip-thin line, so LibreOffice does not grow the footer into the 版心.
            .first_footer(Footer::new().add_paragraph(spacer(20)));
        if turned {
            // Filled by the patch: docx-rs cannot write a text box.
            docx = docx
                .header(Header::new())
                .even_header(Header::new())
                .first_header(Header::new().add_paragraph(spacer(20)));
        }
        // The 成文日期 (see `write::Info`); never the clock.
        let date = self
            .info
            .w3c
            .clone()
            .unwrap_or_else(|| "2000-01-01T00:00:00Z".into());
        docx.created_at(&date).updated_at(&date)
    }
}

/// The page-number paragraph: "— n —", one 4号 character in from the outer edge (7.5).
fn page_number(odd: bool, spacing: LineSpacing) -> Paragraph {
    let indent = tw(spec::PAGENUM_INDENT);
    let p = para("GwPageNumber").line_spacing(spacing);
    let p = if odd {
        p.align(AlignmentType::Right)
            .indent(None, None, Some(indent), None)
    } else {
        p.align(AlignmentType::Left)
            .indent(Some(indent), None, None, None)
    };
    let r = || {
        Run::new()
            .fonts(fonts(Role::Song))
            .size(half_points(spec::PAGENUM_SIZE))
    };
    p.add_run(r().add_text("— "))
        .add_run(r().add_field_char(FieldCharType::Begin, false))
        .add_run(r().add_instr_text(InstrText::PAGE(InstrPAGE::new())))
        .add_run(r().add_field_char(FieldCharType::Separate, false))
        .add_run(r().add_text("1"))
        .add_run(r().add_field_char(FieldCharType::End, false))
        .add_run(r().add_text(" —"))
}

/// What LibreOffice 7.4 keeps inside a VML text box of turned text whatever its inset
/// says, mm, measured: across the line (the baseline sits this much further from the
/// box's edge) and at each end of it.
const VML_INSET: (f32, f32) = (0.7, 1.5);

/// Line height of a turned page's page number, twips (exact, so its baseline is known).
const TURNED_NUMBER_LINE: i32 = 560;

/// The page numbers of turned pages (STD 8: where an upright page has them): for odd
/// and even pages, a header paragraph anchoring a text box whose text runs turned,
/// across the 版心's width, on the baseline the layout gave the page number. Seen
/// turned, the paper's bottom edge is on the left, so the box stands there. `None`
/// when no page is turned.
fn turned_page_numbers(laid: &Laid) -> Option<[String; 2]> {
    let baseline = laid
        .pages
        .iter()
        .find(|p| !p.turned().is_empty())
        .and_then(|p| p.runs().next())?
        .baseline;
    let line = spec::from_twips(TURNED_NUMBER_LINE);
    // LibreOffice's exact line: the baseline 0.8 of the line below its top, which in
    // turned text is the box's right edge.
    let top = baseline - EXACT_ASCENT * line;
    // VML: LibreOffice 7.4 placed a DrawingML text box of a header at the page's corner
    // on most documents, whatever its offsets; a VML one where it is told.
    let pt = |mm: f32| mm / spec::MM_PER_PT;
    let (across, along) = VML_INSET;
    let (x, w) = (pt(spec::PAGE_H - top - line - across), pt(line));
    let (y, h) = (pt(MARGIN_LEFT - along), pt(spec::BLOCK_W + 2.0 * along));
    let box_for = |odd: bool| {
        let inner = page_number(odd, exact(TURNED_NUMBER_LINE, 0, 0)).build();
        let inner = String::from_utf8_lossy(&inner);
        let id = if odd { "odd" } else { "even" };
        format!(
            r##"<w:p><w:pPr><w:pStyle w:val="GwPageNumber"/><w:spacing w:line="{TURNED_END_TWIPS}" w:lineRule="exact" w:before="0" w:after="0"/></w:pPr><w:r><w:pict><v:shape id="page-number-{id}" type="#_x0000_t202" style="position:absolute;margin-left:{x:.2}pt;margin-top:{y:.2}pt;width:{w:.2}pt;height:{h:.2}pt;z-index:1;mso-position-horizontal-relative:page;mso-position-vertical-relative:page;layout-flow:vertical" stroked="f" filled="f"><v:textbox style="layout-flow:vertical" inset="0,0,0,0"><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"##
        )
    };
    Some([box_for(true), box_for(false)])
}

/// An empty paragraph `height` twips high.
fn spacer(height: i32) -> Paragraph {
    para("GwBody")
        .line_spacing(exact(height, 0, 0))
        .snap_to_grid(false)
}

fn no_margins() -> TableCellMargins {
    TableCellMargins::new()
        .margin_left(0, WidthType::Dxa)
        .margin_right(0, WidthType::Dxa)
        .margin_top(0, WidthType::Dxa)
        .margin_bottom(0, WidthType::Dxa)
}

/// A frame at `x` mm from the page's left, `top` twips from its top, `w` mm wide and
/// `h` twips high, over the text around it.
fn frame(x: f32, w: f32, top: i32, h: i32) -> FrameProperty {
    FrameProperty {
        x: Some(tw(x)),
        y: Some(top),
        w: Some(tw(w) as u32),
        h: Some(h.max(1) as u32),
        h_rule: Some("exact".into()),
        h_anchor: Some("page".into()),
        v_anchor: Some("page".into()),
        wrap: Some("none".into()),
        ..FrameProperty::default()
    }
}

/// A paragraph in `frame`, with exact lines of `line` twips.
fn framed(p: Paragraph, frame: FrameProperty, line: i32) -> Paragraph {
    let mut p = p
        .line_spacing(exact(line, 0, 0))
        .snap_to_grid(false)
        .indent(
            Some(0),
            Some(SpecialIndentType::FirstLine(0)),
            Some(0),
            None,
        );
    p.property = p.property.frame_property(frame);
    p
}

/// Body text runs: a run-in heading part in its level's face, the rest in 仿宋.
fn body_runs(mut p: Paragraph, text: &str, run_in: Option<(HeadingLevel, usize)>) -> Paragraph {
    let split = run_in.map_or(0, |(_, n)| n.min(text.len()));
    if let Some((level, _)) = run_in {
        let role = crate::layout::blocks::heading_role(level);
        p = p.add_run(run(&text[..split], role, spec::SIZE_3));
    }
    for (i, seg) in text[split..].split('\n').enumerate() {
        if i > 0 {
            p = p.add_run(Run::new().add_break(BreakType::TextWrapping));
        }
        if !seg.is_empty() {
            p = p.add_run(run(seg, Role::Fang, spec::SIZE_3));
        }
    }
    p
}

#[cfg(test)]
mod tests {
    /// The DOCX table grid is the layout's, not a width of the writer's own.
    #[test]
    fn the_table_grid_follows_the_layouts_widths() {
        let conv = crate::Converter::new().unwrap();
        let doc = conv
            .read_str("---\n标题: 表\n---\n\n| 甲 | 乙 |\n|---|---|\n| 一 | 二 |\n")
            .unwrap();
        let grid = |laid: &crate::layout::Laid| {
            let bytes = super::write(doc.report(), laid).unwrap();
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
                .unwrap();
            xml.split("<w:gridCol w:w=\"")
                .skip(1)
                .map(|s| s.split('"').next().unwrap().parse::<i32>().unwrap())
                .collect::<Vec<_>>()
        };
        let laid = doc.laid().clone();
        let widths = &laid.anchors.tables[0].widths;
        assert_eq!(
            grid(&laid),
            widths.iter().map(|w| super::tw(*w)).collect::<Vec<_>>()
        );
        let mut changed = laid.clone();
        changed.anchors.tables[0].widths = vec![40.0, 116.0];
        assert_eq!(grid(&changed), [super::tw(40.0), super::tw(116.0)]);
    }
}
