//! GFM tables inside the 版心: ruled cells, 4号 text, wrapped cells; wide tables shrink
//! their type down to a minimum and wrap harder, never leaving the 版心.

use super::lines::{self, Align, Ch};
use super::{Color, Flow, Item};
use crate::fonts::Role;
use crate::spec::{self, pt, BLOCK_W, MARGIN_LEFT, TABLE_PAD, TABLE_RULE};

pub(super) fn table(flow: &mut Flow, header: &[String], rows: &[Vec<String>]) {
    let ncols = header
        .len()
        .max(rows.iter().map(Vec::len).max().unwrap_or(0))
        .max(1);
    let all: Vec<(bool, &[String])> = std::iter::once((true, header))
        .chain(rows.iter().map(|r| (false, r.as_slice())))
        .collect();
    // Natural widths at 4号.
    let mut natural = vec![spec::pt(spec::TABLE_SIZE); ncols];
    for (head, row) in &all {
        for (c, text) in row.iter().enumerate() {
            let role = if *head { Role::Hei } else { Role::Fang };
            let w = lines::width(&flow.shape(text, role, spec::TABLE_SIZE, Color::BLACK, false));
            natural[c] = natural[c].max(w);
        }
    }
    let pads = 2.0 * TABLE_PAD * ncols as f32;
    let sum: f32 = natural.iter().sum();
    let size = if sum + pads > BLOCK_W {
        (spec::TABLE_SIZE * (BLOCK_W - pads) / sum).max(spec::TABLE_MIN_SIZE)
    } else {
        spec::TABLE_SIZE
    };
    // Column widths: proportional to the natural widths, at least one character each.
    let min_w = pt(size) + 2.0 * TABLE_PAD;
    let scaled: Vec<f32> = natural
        .iter()
        .map(|w| w * size / spec::TABLE_SIZE + 2.0 * TABLE_PAD)
        .collect();
    let free = (BLOCK_W - min_w * ncols as f32).max(0.0);
    let extra: f32 = scaled
        .iter()
        .map(|w| (w - min_w).max(0.0))
        .sum::<f32>()
        .max(1e-3);
    let widths: Vec<f32> = scaled
        .iter()
        .map(|w| min_w.min(BLOCK_W / ncols as f32) + (w - min_w).max(0.0) / extra * free)
        .collect();
    let line_h = pt(size) * 1.5;

    let k = flow.next_slot();
    flow.y = spec::slot_top(k.min(spec::LINES_PER_PAGE));
    if k >= spec::LINES_PER_PAGE {
        flow.new_page();
    }
    for (head, row) in &all {
        let role = if *head { Role::Hei } else { Role::Fang };
        let cells: Vec<(Vec<Ch>, Vec<std::ops::Range<usize>>)> = (0..ncols)
            .map(|c| {
                let text = row.get(c).map(String::as_str).unwrap_or("");
                let cs = flow.shape(text, role, size, Color::BLACK, false);
                let avail = widths[c] - 2.0 * TABLE_PAD;
                let ls = lines::break_lines(&cs, |_| avail);
                (cs, ls)
            })
            .collect();
        let nlines = cells.iter().map(|(_, l)| l.len()).max().unwrap_or(1).max(1);
        let h = nlines as f32 * line_h + 2.0 * TABLE_PAD;
        if flow.y + h > spec::BLOCK_BOTTOM && flow.y > spec::MARGIN_TOP + 1e-3 {
            flow.new_page();
        }
        let top = flow.y;
        let mut x = MARGIN_LEFT;
        for (c, (cs, ls)) in cells.iter().enumerate() {
            for (i, r) in ls.iter().enumerate() {
                let align = if *head { Align::Center } else { Align::Left };
                let xs = lines::place(
                    &cs[r.clone()],
                    x + TABLE_PAD,
                    widths[c] - 2.0 * TABLE_PAD,
                    align,
                );
                let baseline =
                    spec::baseline_in_box(top + TABLE_PAD + i as f32 * line_h, line_h, size);
                flow.emit(&cs[r.clone()], &xs, baseline);
            }
            flow.page().items.push(Item::VRule {
                x,
                y: top,
                height: h,
                thickness: TABLE_RULE,
            });
            x += widths[c];
        }
        let page = flow.page();
        page.items.push(Item::VRule {
            x: MARGIN_LEFT + BLOCK_W,
            y: top,
            height: h,
            thickness: TABLE_RULE,
        });
        page.items.push(Item::Rule {
            x: MARGIN_LEFT,
            y: top,
            width: BLOCK_W,
            thickness: TABLE_RULE,
            color: Color::BLACK,
        });
        page.items.push(Item::Rule {
            x: MARGIN_LEFT,
            y: top + h,
            width: BLOCK_W,
            thickness: TABLE_RULE,
            color: Color::BLACK,
        });
        flow.y = top + h;
    }
    let k = flow.next_slot();
    if k >= spec::LINES_PER_PAGE {
        flow.new_page();
    } else {
        flow.y = spec::slot_top(k);
    }
}
