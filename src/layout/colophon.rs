//! 版记 at the bottom of the last (even) page (7.4) and page numbers (7.5).

use super::lines::{self, Align, Ch};
use super::{Color, Flow, Item, PageKind};
use crate::fonts::Role;
use crate::model::{Layout, Meta};
use crate::spec::{self, pt, BLOCK_BOTTOM, BLOCK_W, COLOPHON_ROW, COLOPHON_SIZE, MARGIN_LEFT};

/// A row broken into lines.
type Broken<'a> = (Vec<std::ops::Range<usize>>, &'a Row);

/// One row of the 版记 with its rule above.
struct Row {
    chars: Vec<Ch>,
    first: f32,
    hang: f32,
    right: Option<Vec<Ch>>,
}

/// 主送 (when moved) and 抄送: "label：" then names, wrapped lines aligned after the colon.
fn list_rows(flow: &mut Flow, label: &str, names: &str) -> Row {
    let head = flow.shape(
        &format!("{label}："),
        Role::Fang,
        COLOPHON_SIZE,
        Color::BLACK,
        false,
    );
    let hang = spec::COLOPHON_INDENT + lines::width(&head);
    let mut chars = head;
    chars.extend(flow.shape(names, Role::Fang, COLOPHON_SIZE, Color::BLACK, false));
    Row {
        chars,
        first: spec::COLOPHON_INDENT,
        hang,
        right: None,
    }
}

pub(super) fn colophon(flow: &mut Flow, meta: &Meta, moved_recipients: bool) {
    flow.line = 2;
    let letter = meta.layout == Layout::Letter;
    let mut groups: Vec<Vec<Row>> = Vec::new();
    let mut top_group = Vec::new();
    for (label, names) in meta.colophon_lists(moved_recipients) {
        top_group.push(list_rows(flow, label, &names));
    }
    if !top_group.is_empty() {
        groups.push(top_group);
    }
    if !letter && (meta.printer.is_some() || meta.print_date.is_some()) {
        let left = flow.shape(
            meta.printer.as_deref().unwrap_or(""),
            Role::Fang,
            COLOPHON_SIZE,
            Color::BLACK,
            false,
        );
        let right = meta.print_date.map(|d| {
            flow.shape(
                &format!("{d}印发"),
                Role::Fang,
                COLOPHON_SIZE,
                Color::BLACK,
                false,
            )
        });
        groups.push(vec![Row {
            chars: left,
            first: spec::COLOPHON_INDENT,
            hang: spec::COLOPHON_INDENT,
            right,
        }]);
    }
    if groups.is_empty() {
        return;
    }
    // Break every row into lines first, to know the height.
    let avail = |indent: f32| BLOCK_W - indent - spec::COLOPHON_INDENT;
    let broken: Vec<Vec<Broken>> = groups
        .iter()
        .map(|g| {
            g.iter()
                .map(|r| {
                    (
                        lines::break_lines(&r.chars, |k| {
                            avail(if k == 0 { r.first } else { r.hang })
                        }),
                        r,
                    )
                })
                .collect()
        })
        .collect();
    let nlines: usize = broken.iter().flatten().map(|(l, _)| l.len().max(1)).sum();
    flow.anchors.colophon_lines = broken
        .iter()
        .map(|g| g.iter().map(|(l, _)| l.len().max(1)).sum())
        .collect();
    let height = nlines as f32 * COLOPHON_ROW;

    // 7.4.1: on the last page, which must be even; a blank page before it when needed.
    let content_end = flow.y;
    let page_no = flow.pages.len();
    let fits = flow.y <= BLOCK_BOTTOM - height + 1e-3;
    if page_no.is_multiple_of(2) && fits {
        // Here.
    } else if page_no % 2 == 1 {
        // An odd page left empty (after a turned table) is the blank page before it.
        if flow.page_is_empty() {
            flow.page().kind = PageKind::Blank;
        }
        flow.new_page();
        flow.page().kind = PageKind::Colophon;
    } else {
        flow.new_page();
        flow.page().kind = PageKind::Blank;
        flow.new_page();
        flow.page().kind = PageKind::Colophon;
    }
    let mut y = BLOCK_BOTTOM - height;
    let own_page = flow.page().kind == PageKind::Colophon;
    flow.anchors.colophon = Some((flow.pages.len() - 1, y, own_page, content_end));
    for (gi, group) in broken.iter().enumerate() {
        if !letter {
            let thickness = if gi == 0 {
                spec::COLOPHON_THICK
            } else {
                spec::COLOPHON_THIN
            };
            flow.page().items.push(Item::Rule {
                x: MARGIN_LEFT,
                y,
                width: BLOCK_W,
                thickness,
                color: Color::BLACK,
            });
        }
        for (ranges, row) in group {
            for (i, r) in ranges.iter().enumerate() {
                let indent = if i == 0 { row.first } else { row.hang };
                let baseline = spec::baseline_in_box(y, COLOPHON_ROW, COLOPHON_SIZE);
                let xs = lines::place(
                    &row.chars[r.clone()],
                    MARGIN_LEFT + indent,
                    avail(indent),
                    Align::Left,
                );
                flow.emit(&row.chars[r.clone()], &xs, baseline);
                if let (0, Some(right)) = (i, &row.right) {
                    let xs = lines::place(
                        right,
                        MARGIN_LEFT,
                        BLOCK_W - spec::COLOPHON_INDENT,
                        Align::Right,
                    );
                    flow.emit(right, &xs, baseline);
                }
                y += COLOPHON_ROW;
            }
        }
    }
    if !letter {
        flow.page().items.push(Item::Rule {
            x: MARGIN_LEFT,
            y: BLOCK_BOTTOM,
            width: BLOCK_W,
            thickness: spec::COLOPHON_THICK,
            color: Color::BLACK,
        });
    }
}

/// "— n —" in 4号 宋体, the dash's top 7 mm below the 版心; odd pages right, even left,
/// one character in. No number on a blank page before the 版记 nor on that 版记 page,
/// nor on the first page of a letter (10.1).
pub(super) fn page_numbers(flow: &mut Flow, meta: &Meta) {
    let n = flow.pages.len();
    let blank_before_colophon = n >= 2 && flow.pages[n - 2].kind == PageKind::Blank;
    for i in 0..n {
        let no = i + 1;
        let kind = flow.pages[i].kind;
        let skip = kind == PageKind::Blank
            || (kind == PageKind::Colophon && blank_before_colophon)
            || (no == 1 && meta.layout == Layout::Letter);
        if skip {
            continue;
        }
        let text = format!("— {no} —");
        let cs = flow.shape(&text, Role::Song, spec::PAGENUM_SIZE, Color::BLACK, false);
        let dash = cs.first().map(|c| (c.face, c.ch));
        let ink = dash
            .and_then(|(f, c)| flow.shaper.metrics.ink_top(f, c))
            .unwrap_or(0.3);
        let baseline = BLOCK_BOTTOM + spec::PAGENUM_GAP + ink * pt(spec::PAGENUM_SIZE);
        let (x0, align) = if no % 2 == 1 {
            (MARGIN_LEFT, Align::Right)
        } else {
            (MARGIN_LEFT + spec::PAGENUM_INDENT, Align::Left)
        };
        let xs = lines::place(&cs, x0, BLOCK_W - spec::PAGENUM_INDENT, align);
        flow.pages[i].items.extend(super::runs(&cs, &xs, baseline));
        flow.pages[i].number = Some(no as u32);
    }
}
