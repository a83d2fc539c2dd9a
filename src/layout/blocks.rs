//! The body: headings, paragraphs, lists, quotes, tables, images, page breaks (7.3.3).

use super::lines::{Align, Ch};
use super::{chars, table, Color, Flow, Item};
use crate::fonts::Role;
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

/// Lays out blocks. Every paragraph, in a list or a quote too, is a 7.3.3 自然段: first
/// line two characters in, wrapped lines flush left.
pub(super) fn body(flow: &mut Flow, blocks: &[Block]) {
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
                flow.paragraph(&cs, indent, 0.0, 0.0, Align::Justify);
            }
            Block::Paragraph { text, run_in, line } => {
                flow.line = *line;
                let cs = body_text(flow, text, *run_in);
                flow.paragraph(&cs, indent, 0.0, 0.0, Align::Justify);
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
                list(flow, *start, items, 0);
            }
            Block::Quote(inner) => body(flow, inner),
            Block::Table {
                header,
                rows,
                align,
                line,
            } => {
                flow.line = *line;
                table::table(flow, header, rows, align);
            }
            Block::Image { path, line, alt } => {
                flow.line = *line;
                image(flow, path, alt);
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

/// The marker of item `i` of a list whose first number is `start` (None: bullets),
/// nested `level` lists deep: the author's numbers as `1.` at the first level and `（1）`
/// below it; bullets `●`. The DOCX writer prints the same markers.
pub(crate) fn list_marker(start: Option<u64>, i: usize, level: usize) -> String {
    match start {
        Some(n) if level == 0 => format!("{}.", n + i as u64),
        Some(n) => format!("（{}）", n + i as u64),
        None => "●".to_string(),
    }
}

/// A list as 7.3.3 paragraphs: each item's first paragraph starts with its marker two
/// characters in, its wrapped lines flush left, like any 自然段; nested lists and later
/// paragraphs of an item are paragraphs of the same kind.
fn list(flow: &mut Flow, start: Option<u64>, items: &[Vec<Block>], level: usize) {
    let indent = chars(spec::PARA_INDENT_CHARS);
    for (i, item) in items.iter().enumerate() {
        let marker = list_marker(start, i, level);
        let mut rest = &item[..];
        if let Some(Block::Paragraph { text, run_in, line }) = item.first() {
            flow.line = *line;
            let mut cs = flow.shape(&marker, Role::Fang, spec::SIZE_3, Color::BLACK, true);
            cs.extend(body_text(flow, text, *run_in));
            flow.paragraph(&cs, indent, 0.0, 0.0, Align::Justify);
            rest = &item[1..];
        }
        for b in rest {
            match b {
                Block::List { start, items, .. } => list(flow, *start, items, level + 1),
                other => body(flow, std::slice::from_ref(other)),
            }
        }
    }
}

/// An image scaled to fit the 版心 (its natural size at 96 dpi at most), centred, with
/// its alternative text as a caption: 仿宋 3号 centred on the grid lines right below it,
/// on the same page (the image shrinks to leave the caption room on a page).
fn image(flow: &mut Flow, path: &std::path::Path, alt: &str) {
    let Some((w, h)) = image_size(path) else {
        return;
    };
    let caption = (!alt.trim().is_empty())
        .then(|| flow.shape(alt.trim(), Role::Fang, spec::SIZE_3, Color::BLACK, true));
    let caption_lines = caption
        .as_ref()
        .map_or(0, |cs| flow.break_paragraph(cs, 0.0, 0.0, 0.0).len().max(1));
    // Room for the caption below the image on one page.
    let room = spec::BLOCK_H - caption_lines as f32 * spec::LINE_PITCH;
    let (w, h) = if h > room {
        (w * room / h, room)
    } else {
        (w, h)
    };
    let k = flow.next_slot();
    let mut top = spec::slot_top(k);
    if top + h + caption_lines as f32 * spec::LINE_PITCH > spec::BLOCK_BOTTOM + 1e-3 {
        flow.new_page();
        top = spec::MARGIN_TOP;
    }
    let x = MARGIN_LEFT + (BLOCK_W - w) / 2.0;
    flow.anchors.figures.push((w, h));
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
    if let Some(cs) = caption {
        flow.paragraph(&cs, 0.0, 0.0, 0.0, Align::Center);
    }
}

/// An image's size on the page, mm: its natural size at 96 dpi, scaled down to fit the
/// 版心. The DOCX writer uses the same size.
pub(crate) fn image_size(path: &std::path::Path) -> Option<(f32, f32)> {
    let (w_px, h_px) = image::image_dimensions(path).ok()?;
    let (w_px, h_px) = (w_px.max(1) as f32, h_px.max(1) as f32);
    let mut w = (w_px / 96.0 * 25.4).min(BLOCK_W);
    let mut h = w * h_px / w_px;
    if h > spec::BLOCK_H {
        h = spec::BLOCK_H;
        w = h * w_px / h_px;
    }
    Some((w, h))
}
