//! The body: headings, paragraphs, lists, quotes, tables, images, page breaks (7.3.3).

use super::lines::{Align, Ch};
use super::{chars, table, Color, Flow, Item};
use crate::fonts::Role;
use crate::limits;
use crate::model::{Block, HeadingLevel};
use crate::spec::{self, BLOCK_W, MARGIN_LEFT};

/// The face of a heading level: 黑体, 楷体, 仿宋, 仿宋 (7.3.3).
pub(crate) fn heading_role(level: HeadingLevel) -> Role {
    match level {
        HeadingLevel::One => Role::Hei,
        HeadingLevel::Two => Role::Kai,
        HeadingLevel::Three | HeadingLevel::Four => Role::Fang,
    }
}

/// Shapes body text in 仿宋 3号 on the grid, with a run-in heading part in its level's face.
pub(super) fn body_text(
    flow: &mut Flow,
    text: &str,
    run_in: Option<(HeadingLevel, usize)>,
) -> Vec<Ch> {
    let split = run_in.map_or(0, |(_, n)| n.min(text.len()));
    let mut cs = Vec::new();
    if let Some((level, _)) = run_in {
        cs = flow.shape(
            &text[..split],
            heading_role(level),
            spec::SIZE_3,
            Color::BLACK,
            true,
        );
    }
    cs.extend(flow.shape(&text[split..], Role::Fang, spec::SIZE_3, Color::BLACK, true));
    cs
}

/// Lays out blocks; `depth` is the nesting of lists and quotes (indents two characters each).
pub(super) fn body(flow: &mut Flow, blocks: &[Block], depth: usize) {
    let left = chars(2.0 * depth.min(limits::MAX_NESTING) as f32);
    let indent = chars(spec::PARA_INDENT_CHARS);
    for (i, b) in blocks.iter().enumerate() {
        match b {
            Block::Heading {
                level,
                marker,
                text,
                line,
            } => {
                flow.line = *line;
                let cs = flow.shape(
                    &format!("{marker}{text}"),
                    heading_role(*level),
                    spec::SIZE_3,
                    Color::BLACK,
                    true,
                );
                flow.paragraph(&cs, left + indent, left, 0.0, Align::Justify);
            }
            Block::Paragraph { text, run_in, line } => {
                flow.line = *line;
                let cs = body_text(flow, text, *run_in);
                flow.paragraph(&cs, left + indent, left, 0.0, Align::Justify);
            }
            Block::Attendees { label, names, line } => {
                flow.line = *line;
                // One blank line between the body and the first attendee line (10.3).
                if i > 0 && !matches!(blocks[i - 1], Block::Attendees { .. }) {
                    flow.blank_lines(1);
                }
                // The label stands two characters in; the names are justified after
                // it, their wrapped lines aligned under the first name (10.3).
                let head = flow.shape(
                    &format!("{label}："),
                    Role::Hei,
                    spec::SIZE_3,
                    Color::BLACK,
                    true,
                );
                let hang = indent + super::lines::width(&head);
                let cs = flow.shape(names, Role::Fang, spec::SIZE_3, Color::BLACK, true);
                labelled(flow, &head, indent, &cs, hang);
            }
            Block::List { start, items, line } => {
                flow.line = *line;
                for (i, item) in items.iter().enumerate() {
                    let marker = match start {
                        Some(n) => format!("{}.", n + i as u64),
                        None => "●".to_string(),
                    };
                    list_item(flow, &marker, item, depth);
                }
            }
            Block::Quote(inner) => body(flow, inner, depth + 1),
            Block::Table { header, rows, line } => {
                flow.line = *line;
                table::table(flow, header, rows);
            }
            Block::Image { path, line, .. } => {
                flow.line = *line;
                image(flow, path);
            }
            Block::PageBreak => {
                if !flow.page_is_empty() {
                    flow.new_page();
                }
            }
        }
    }
}

/// A paragraph whose first line starts with a fixed label at `indent` and whose text is
/// set (justified) from `hang` on every line, so the wrapped lines align under its first
/// character.
pub(super) fn labelled(flow: &mut Flow, label: &[Ch], indent: f32, text: &[Ch], hang: f32) {
    if flow.next_slot() >= spec::LINES_PER_PAGE {
        flow.new_page();
    }
    let baseline = spec::baseline_in_box(
        spec::slot_top(flow.next_slot()),
        spec::LINE_PITCH,
        spec::SIZE_3,
    );
    let xs = super::lines::place(label, MARGIN_LEFT + indent, BLOCK_W - indent, Align::Left);
    flow.emit(label, &xs, baseline);
    flow.paragraph(text, hang, hang, 0.0, Align::Justify);
}

/// A list item: the marker two characters in, wrapped lines hanging under the text.
fn list_item(flow: &mut Flow, marker: &str, item: &[Block], depth: usize) {
    let left = chars(2.0 * depth.min(limits::MAX_NESTING) as f32);
    let indent = left + chars(spec::PARA_INDENT_CHARS);
    let mut rest = item;
    if let Some(Block::Paragraph { text, run_in, line }) = item.first() {
        flow.line = *line;
        let mut cs = flow.shape(marker, Role::Fang, spec::SIZE_3, Color::BLACK, true);
        let hang = indent
            + super::lines::width(&cs)
            + if marker.ends_with('.') {
                spec::CELL * 0.25
            } else {
                0.0
            };
        if marker.ends_with('.') {
            cs.extend(flow.shape(" ", Role::Fang, spec::SIZE_3, Color::BLACK, true));
        }
        cs.extend(body_text(flow, text, *run_in));
        flow.paragraph(&cs, indent, hang.min(BLOCK_W / 2.0), 0.0, Align::Justify);
        rest = &item[1..];
    }
    body(flow, rest, depth + 1);
}

/// An image scaled to fit the 版心 (its natural size at 96 dpi at most), centred.
fn image(flow: &mut Flow, path: &std::path::Path) {
    let Ok((w_px, h_px)) = image::image_dimensions(path) else {
        return;
    };
    let (w_px, h_px) = (w_px.max(1) as f32, h_px.max(1) as f32);
    let mut w = (w_px / 96.0 * 25.4).min(BLOCK_W);
    let mut h = w * h_px / w_px;
    if h > spec::BLOCK_H {
        h = spec::BLOCK_H;
        w = h * w_px / h_px;
    }
    let k = flow.next_slot();
    let mut top = spec::slot_top(k);
    if top + h > spec::BLOCK_BOTTOM + 1e-3 {
        flow.new_page();
        top = spec::MARGIN_TOP;
    }
    let x = MARGIN_LEFT + (BLOCK_W - w) / 2.0;
    flow.page().items.push(Item::Image {
        x,
        y: top,
        w,
        h,
        path: path.to_path_buf(),
    });
    flow.y = top + h;
    let k = flow.next_slot();
    if k >= spec::LINES_PER_PAGE {
        flow.new_page();
    } else {
        flow.y = spec::slot_top(k);
    }
}
