//! GFM tables inside the 版心, laid out once for every writer: column widths from the
//! content, one type size, lines broken by the body's 禁则, the header row repeated on
//! each page, rows kept whole, the table ending on the line grid. The DOCX writer takes
//! all of it from [`TableGeom`].

use super::lines::{self, Align, Ch};
use super::{Color, Flow, Item};
use crate::error::Problem;
use crate::fonts::Role;
use crate::model::CellAlign;
use crate::spec::{
    self, pt, BLOCK_W, MARGIN_LEFT, TABLE_HEADER_TERM_CHARS, TABLE_LINE_EMS, TABLE_PAD, TABLE_RULE,
    TABLE_SLACK,
};

/// A table as laid out: what a writer that reflows (DOCX) must reproduce.
///
/// ```
/// let doc = gongwen::Converter::new()?.read_str(
///     "---\n标题: 表\n---\n\n| 乡镇 | 检查（家次） |\n|---|---:|\n| 城关镇 | 312 |\n",
/// )?;
/// let t = &doc.laid().anchors.tables[0];
/// assert!((t.widths.iter().sum::<f32>() - 156.0).abs() < 0.01, "the 版心's width");
/// assert_eq!(t.size, 14.0, "4号: everything fits on one line");
/// assert_eq!(t.cells[1][1], ["312"]);
/// assert_eq!(t.align[1], gongwen::model::CellAlign::Right);
/// # Ok::<(), gongwen::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TableGeom {
    /// Column widths, mm, left to right; they add up to the 版心's width.
    pub widths: Vec<f32>,
    /// Type size of every cell, pt (a multiple of 0.5: Word sizes are half points).
    pub size: f32,
    /// Height of one line of cell text, mm (exact).
    pub line: f32,
    /// Each row's height, mm: the header first, then the body rows. The last row is
    /// taller by what brings the table's end onto the line grid.
    pub rows: Vec<f32>,
    /// Whether each row stays on one page: all but a row taller than a page under the
    /// header, which splits between its lines.
    pub whole: Vec<bool>,
    /// Each column's alignment in the body rows (the header row is centred).
    pub align: Vec<CellAlign>,
    /// The text of each cell, line by line as broken here: rows (header first), then
    /// columns, then lines.
    pub cells: Vec<Vec<Vec<String>>>,
    /// A 横排表格 (STD 8): too wide for the 版心 at 五号, it has pages of its own,
    /// printed turned, and its widths add up to the turned 版心's 225 mm.
    pub turned: bool,
}

/// Where a table is set: the 版心 of an upright page, or of a turned one, in that
/// page's own coordinates.
struct Frame {
    left: f32,
    top: f32,
    width: f32,
    bottom: f32,
}

const UPRIGHT: Frame = Frame {
    left: MARGIN_LEFT,
    top: spec::MARGIN_TOP,
    width: BLOCK_W,
    bottom: spec::BLOCK_BOTTOM,
};

const TURNED: Frame = Frame {
    left: spec::TURNED_LEFT,
    top: spec::TURNED_TOP,
    width: spec::TURNED_W,
    bottom: spec::TURNED_TOP + spec::TURNED_H - spec::TURNED_END,
};

/// Width of the widest run of `cs` that may not be broken, mm.
fn longest_token(cs: &[Ch]) -> f32 {
    let ok = lines::break_opportunities(cs);
    let mut widest: f32 = 0.0;
    let mut start = 0;
    for k in 1..=cs.len() {
        if k == cs.len() || ok[k] {
            widest = widest.max(lines::width(&cs[start..k]));
            start = k;
        }
    }
    widest
}

/// Column widths filling `total`, as an automatic table layout shares space: `levels`
/// are each column's widths from the least it needs to the most it would like
/// (longest word, body cells on one line, every cell on one line). Columns get the
/// widest level that fits for all, and the rest of the width toward the next level in
/// proportion to what each still wants; a table that fits at the widest level spreads
/// the spare width in proportion to its columns.
fn share(levels: &[Vec<f32>], total: f32) -> Vec<f32> {
    let sum = |v: &[f32]| v.iter().sum::<f32>();
    let Some(widest) = levels.last() else {
        return Vec::new();
    };
    if sum(widest) <= total {
        let s = sum(widest).max(1e-3);
        return widest.iter().map(|w| w + (total - s) * w / s).collect();
    }
    let first = &levels[0];
    if sum(first) >= total {
        return first.iter().map(|w| w * total / sum(first)).collect();
    }
    let k = levels.iter().rposition(|l| sum(l) <= total).unwrap_or(0);
    let (lo, hi) = (&levels[k], &levels[k + 1]);
    let want: f32 = hi.iter().zip(lo).map(|(h, l)| h - l).sum::<f32>().max(1e-3);
    let spare = total - sum(lo);
    lo.iter()
        .zip(hi)
        .map(|(l, h)| l + spare * (h - l) / want)
        .collect()
}

pub(super) fn table(flow: &mut Flow, header: &[String], rows: &[Vec<String>], align: &[CellAlign]) {
    let ncols = header
        .len()
        .max(rows.iter().map(Vec::len).max().unwrap_or(0))
        .max(1);
    let all: Vec<(bool, &[String])> = std::iter::once((true, header))
        .chain(rows.iter().map(|r| (false, r.as_slice())))
        .collect();
    let role = |head: bool| if head { Role::Hei } else { Role::Fang };
    let cell = |row: &[String], c: usize| row.get(c).map_or("", String::as_str).to_string();
    // Widths at 4号; glyph widths scale with the size.
    let probe = spec::TABLE_SIZE;
    let mut natural = vec![0.0f32; ncols];
    let mut token = vec![pt(probe); ncols];
    let mut body = vec![0.0f32; ncols];
    for (head, row) in &all {
        for c in 0..ncols {
            let cs = flow.shape(&cell(row, c), role(*head), probe, Color::BLACK, false);
            let w = lines::width(&cs);
            natural[c] = natural[c].max(w);
            // A header of up to four characters is one term (序号, 整改率): kept whole.
            let term = *head && cs.len() <= TABLE_HEADER_TERM_CHARS;
            token[c] = token[c].max(if term { w } else { longest_token(&cs) });
            if !head {
                body[c] = body[c].max(w);
            }
        }
    }
    // Body cells on one line, and the header's longest word whole.
    let body: Vec<f32> = body.iter().zip(&token).map(|(b, t)| b.max(*t)).collect();
    let pads = (2.0 * TABLE_PAD + TABLE_SLACK) * ncols as f32;
    let tokens: f32 = token.iter().sum();
    let naturals: f32 = natural.iter().sum();
    // The size, in half points: 4号, or as much smaller as keeps every cell on one line,
    // down to 五号; there body cells keep one line where they can, headers wrap first.
    // A table whose longest words do not fit even at 五号 shrinks further, with a
    // warning.
    let half_points = |v: f32| (v * 2.0).floor() / 2.0;
    // A table whose longest words do not fit the 版心 at 五号 is turned (STD 8).
    let turned = probe * (BLOCK_W - pads) / tokens < spec::TABLE_MIN_SIZE;
    let frame = if turned { &TURNED } else { &UPRIGHT };
    let one_line = probe * (frame.width - pads) / naturals.max(1e-3);
    let fit = probe * (frame.width - pads) / tokens;
    let mut size = half_points(one_line.min(probe)).max(spec::TABLE_MIN_SIZE);
    if fit < spec::TABLE_MIN_SIZE {
        size = half_points(fit).max(spec::TABLE_SMALLEST_SIZE);
        flow.shaper.problems.push((
            flow.line,
            Problem::TableTooWide {
                columns: ncols,
                size: format!("{size} pt"),
            },
            false,
        ));
    }
    let k = size / probe;
    let with_pad = |w: &[f32]| -> Vec<f32> {
        w.iter()
            .map(|w| w * k + 2.0 * TABLE_PAD + TABLE_SLACK)
            .collect()
    };
    let widths = share(
        &[with_pad(&token), with_pad(&body), with_pad(&natural)],
        frame.width,
    );
    // An exact line height in whole twips, as the DOCX states it.
    let line_h = spec::from_twips(spec::twips(pt(size) * TABLE_LINE_EMS));

    // Cells shaped at their size and broken into lines.
    type Cell = (Vec<Ch>, Vec<std::ops::Range<usize>>);
    let laid: Vec<(bool, Vec<Cell>)> = all
        .iter()
        .map(|(head, row)| {
            let cells = (0..ncols)
                .map(|c| {
                    let cs = flow.shape(&cell(row, c), role(*head), size, Color::BLACK, false);
                    let avail = widths[c] - 2.0 * TABLE_PAD - TABLE_SLACK;
                    let ls = lines::break_lines(&cs, |_| avail);
                    (cs, ls)
                })
                .collect();
            (*head, cells)
        })
        .collect();
    let mut heights: Vec<f32> = laid
        .iter()
        .map(|(_, cells)| {
            let n = cells.iter().map(|(_, l)| l.len()).max().unwrap_or(1).max(1);
            n as f32 * line_h + 2.0 * TABLE_PAD
        })
        .collect();

    // Pages: the header and the first row start together; a row that does not fit
    // goes to the next page under a repeated header. A turned table starts a page.
    let k0 = flow.next_slot();
    if k0 >= spec::LINES_PER_PAGE || (turned && !flow.page_is_empty()) {
        flow.new_page();
    }
    let first_page = flow.pages.len() - 1;
    let mut y = if turned {
        frame.top
    } else {
        spec::slot_top(flow.next_slot().min(spec::LINES_PER_PAGE - 1))
    };
    let first = heights[0] + heights.get(1).copied().unwrap_or(0.0);
    if y + first > frame.bottom + 1e-3 && y > frame.top + 1e-3 {
        flow.new_page();
        y = frame.top;
    }
    // (page break before, row index, its lines drawn, height): the header is drawn
    // again after each break. A row taller than a page under its header is the one
    // that splits, line by line.
    let lines_of = |r: usize| {
        laid[r]
            .1
            .iter()
            .map(|(_, l)| l.len())
            .max()
            .unwrap_or(1)
            .max(1)
    };
    let mut plan: Vec<(bool, usize, std::ops::Range<usize>, f32)> =
        vec![(false, 0, 0..lines_of(0), heights[0])];
    let mut whole = vec![true; heights.len()];
    let below_header = frame.top + heights[0];
    let mut top = y + heights[0];
    for (r, &h) in heights.iter().enumerate().skip(1) {
        let n = lines_of(r);
        if top + h <= frame.bottom + 1e-3 {
            plan.push((false, r, 0..n, h));
            top += h;
        } else if below_header + h <= frame.bottom + 1e-3 {
            plan.push((true, r, 0..n, h));
            top = below_header + h;
        } else {
            whole[r] = false;
            let (mut i, mut brk) = (0, false);
            while i < n {
                let room = ((frame.bottom - top - 2.0 * TABLE_PAD) / line_h + 1e-3).floor();
                // A fresh page takes at least one line, whatever the header left.
                let fresh = (top - below_header).abs() < 1e-3;
                if room < 1.0 && !fresh {
                    (brk, top) = (true, below_header);
                    continue;
                }
                let room = room.max(1.0);
                let k = (room as usize).min(n - i);
                let piece = k as f32 * line_h + 2.0 * TABLE_PAD;
                plan.push((brk, r, i..i + k, piece));
                (top, i, brk) = (top + piece, i + k, false);
            }
        }
    }
    // An upright table ends just above a grid line: its last row takes the rest of its
    // last line but the room of two rules, which a word processor draws outside the rows
    // (LibreOffice sets a table 0.3 mm lower than its paragraph's top). A turned table
    // ends its pages.
    let room = 2.0 * TABLE_RULE;
    let k_end = ((top + room - spec::MARGIN_TOP) / spec::LINE_PITCH - 1e-3).ceil();
    let end = (spec::MARGIN_TOP + k_end * spec::LINE_PITCH).min(spec::BLOCK_BOTTOM);
    let extra = if turned {
        0.0
    } else {
        (end - room - top).max(0.0)
    };
    if let (Some(last), Some(piece)) = (heights.last_mut(), plan.last_mut()) {
        *last += extra;
        piece.3 += extra;
    }

    let draw = |flow: &mut Flow, r: usize, shown: std::ops::Range<usize>, y: f32, h: f32| {
        let (head, cells) = &laid[r];
        let mut x = frame.left;
        for (c, (cs, ls)) in cells.iter().enumerate() {
            let a = if *head {
                Align::Center
            } else {
                match align.get(c).copied().unwrap_or_default() {
                    CellAlign::Default | CellAlign::Left => Align::Left,
                    CellAlign::Center => Align::Center,
                    CellAlign::Right => Align::Right,
                }
            };
            for (i, range) in ls.iter().enumerate().skip(shown.start).take(shown.len()) {
                let i = i - shown.start;
                let run = &cs[range.clone()];
                let xs = lines::place(run, x + TABLE_PAD, widths[c] - 2.0 * TABLE_PAD, a);
                let top = y + TABLE_PAD + i as f32 * line_h;
                flow.emit(run, &xs, spec::baseline_in_box(top, line_h, size));
            }
            flow.page().items.push(Item::VRule {
                x,
                y,
                height: h,
                thickness: TABLE_RULE,
            });
            x += widths[c];
        }
        let page = flow.page();
        page.items.push(Item::VRule {
            x: frame.left + frame.width,
            y,
            height: h,
            thickness: TABLE_RULE,
        });
        for at in [y, y + h] {
            page.items.push(Item::Rule {
                x: frame.left,
                y: at,
                width: frame.width,
                thickness: TABLE_RULE,
                color: Color::BLACK,
            });
        }
        y + h
    };
    let header = (0..lines_of(0), heights[0]);
    for (brk, r, shown, h) in plan {
        if brk {
            flow.new_page();
            y = draw(flow, 0, header.0.clone(), frame.top, header.1);
        }
        y = draw(flow, r, shown, y, h);
    }
    flow.y = y + room;
    if turned {
        for page in &mut flow.pages[first_page..] {
            let items = std::mem::take(&mut page.items);
            page.items.push(Item::Turned(items));
        }
        flow.new_page();
    } else if flow.y >= spec::BLOCK_BOTTOM - 1e-3 {
        flow.new_page();
    }
    let cells = laid
        .iter()
        .map(|(_, cells)| {
            cells
                .iter()
                .map(|(cs, ls)| {
                    ls.iter()
                        .map(|r| cs[r.clone()].iter().map(|c| c.ch).collect())
                        .collect()
                })
                .collect()
        })
        .collect();
    flow.anchors.tables.push(TableGeom {
        turned,
        whole,
        cells,
        widths,
        size,
        line: line_h,
        rows: heights,
        align: (0..ncols)
            .map(|c| align.get(c).copied().unwrap_or_default())
            .collect(),
    });
}
