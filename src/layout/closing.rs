//! After the body: 附件说明 (7.3.4), 署名, 成文日期 and 印章 (7.3.5), 附注 (7.3.6), and the
//! attachment pages (7.3.7).

use super::lines::{self, Align, Ch};
use super::{blocks, chars, header, Color, Flow, Item};
use crate::fonts::Role;
use crate::model::{Layout, Meta};
use crate::spec::{self, BLOCK_RIGHT, BLOCK_W, LINE_PITCH, MARGIN_LEFT};

pub(super) fn closing(flow: &mut Flow, meta: &Meta) {
    flow.line = 2;
    attachment_note(flow, meta);
    signature(flow, meta);
    if let Some(note) = &meta.note {
        let text = if note.starts_with('（') {
            note.clone()
        } else {
            format!("（{note}）")
        };
        let cs = flow.shape(&text, Role::Fang, spec::SIZE_3, Color::BLACK, true);
        let indent = chars(spec::NOTE_INDENT_CHARS);
        flow.paragraph(&cs, indent, 0.0, 0.0, Align::Justify);
    }
}

/// "附件：" two characters in, one blank line below the body; several attachments are
/// numbered and hang under the first name.
fn attachment_note(flow: &mut Flow, meta: &Meta) {
    if meta.attachments.is_empty() {
        return;
    }
    flow.blank_lines(spec::ATTACH_NOTE_GAP_LINES);
    let indent = chars(spec::PARA_INDENT_CHARS);
    let label = flow.shape("附件：", Role::Fang, spec::SIZE_3, Color::BLACK, true);
    let label_w = lines::width(&label);
    let many = meta.attachments.len() > 1;
    for (i, a) in meta.attachments.iter().enumerate() {
        // "附件：" then "1." on the first line; later numbers under "1."; names, and their
        // wrapped lines, aligned after the numbers.
        let mut head: Vec<Ch> = if i == 0 { label.clone() } else { Vec::new() };
        if many {
            head.extend(flow.shape(
                &format!("{}.", i + 1),
                Role::Fang,
                spec::SIZE_3,
                Color::BLACK,
                true,
            ));
        }
        let at = if i == 0 { indent } else { indent + label_w };
        let hang = at + lines::width(&head) + head.last().map_or(0.0, |c| c.gap);
        let name = flow.shape(&a.name, Role::Fang, spec::SIZE_3, Color::BLACK, true);
        blocks::labelled(flow, &head, at, &name, hang);
    }
}

/// 署名 and 成文日期, with or without a seal (7.3.5.1, 7.3.5.2).
fn signature(flow: &mut Flow, meta: &Meta) {
    if !meta.signed_by.is_empty() {
        return signed_by(flow, meta);
    }
    let date = meta.date.map(|d| d.to_string());
    if meta.signature.is_empty() && date.is_none() {
        return;
    }
    let names: Vec<Vec<Ch>> = meta
        .signature
        .iter()
        .map(|s| flow.shape(s, Role::Fang, spec::SIZE_3, Color::BLACK, true))
        .collect();
    let date_cs = date
        .map(|d| flow.shape(&d, Role::Fang, spec::SIZE_3, Color::BLACK, true))
        .unwrap_or_default();
    let w_d = lines::width(&date_cs);
    // 纪要 are not sealed (10.3 practice; the reader warns).
    let sealed = !meta.seal.is_empty() && meta.layout != Layout::Minutes;
    let gap = if sealed {
        spec::SIGN_SEALED_GAP_LINES
    } else {
        spec::SIGN_UNSEALED_GAP_LINES
    };
    let needed = gap + names.len() + usize::from(!date_cs.is_empty());
    // 7.3.5.5: the signature never stands alone on a page. Tighten the gap first; if
    // the lines still do not fit, the last two lines of text go to the next page with it.
    let gap = if flow.slots_left() >= needed {
        gap
    } else if flow.slots_left() >= needed - gap {
        flow.slots_left() - (needed - gap)
    } else {
        carry_last_lines(flow, 2);
        gap
    };
    flow.blank_lines(gap);
    flow.anchors.signature_gap = gap;
    let first_slot = flow.next_slot();
    let right_edge = |r: f32| BLOCK_RIGHT - chars(r);
    let (name_x, date_x): (Vec<f32>, f32) = if sealed {
        // Date four characters from the right; each 署名 centred over it.
        let dx = right_edge(spec::DATE_SEALED_RIGHT_CHARS) - w_d;
        let centre = dx + w_d / 2.0;
        (
            names
                .iter()
                .map(|n| centre - lines::width(n) / 2.0)
                .collect(),
            dx,
        )
    } else {
        // 署名 two characters from the right, the date two characters right of its start;
        // a date longer than that is set two from the right and the 署名 moves left.
        let w_o = names.iter().map(|n| lines::width(n)).fold(0.0, f32::max);
        let mut sx = right_edge(spec::SIGN_UNSEALED_RIGHT_CHARS) - w_o;
        let mut dx = sx + chars(spec::DATE_SHIFT_CHARS);
        if dx + w_d > right_edge(spec::SIGN_UNSEALED_RIGHT_CHARS) {
            dx = right_edge(spec::SIGN_UNSEALED_RIGHT_CHARS) - w_d;
            sx = dx - chars(spec::DATE_SHIFT_CHARS);
        }
        (names.iter().map(|_| sx).collect(), dx)
    };
    flow.anchors.signature_x = name_x.clone();
    flow.anchors.date_x = (!date_cs.is_empty()).then_some(date_x);
    let mut first_baseline = None;
    for (n, x) in names.iter().zip(name_x) {
        let xs = lines::place(n, x, BLOCK_W, Align::Left);
        let b = flow.grid_line(n, &xs);
        first_baseline.get_or_insert(b);
    }
    let mut date_baseline = None;
    if !date_cs.is_empty() {
        let xs = lines::place(&date_cs, date_x, BLOCK_W, Align::Left);
        date_baseline = Some(flow.grid_line(&date_cs, &xs));
    }
    if sealed {
        // The seal centred over 署名 and date, pressing them from above: its centre on the
        // top of the 署名's line, so the text sits below the centre (7.3.5.1).
        let slot_top = spec::slot_top(first_slot.min(spec::LINES_PER_PAGE - 1));
        let cx = date_x + w_d / 2.0;
        let d = spec::SEAL_DIAMETER;
        let cy = if first_baseline.is_some() || date_baseline.is_some() {
            slot_top + LINE_PITCH * 0.5
        } else {
            slot_top
        };
        flow.page().items.push(Item::Image {
            x: cx - d / 2.0,
            y: cy - d / 2.0,
            w: d,
            h: d,
            path: meta.seal[0].clone(),
        });
        flow.anchors.seal = Some((cx - d / 2.0, cy - d / 2.0 - slot_top, d, d));
    }
}

/// Moves the last `n` grid lines of text on the current page to the top of a new page.
fn carry_last_lines(flow: &mut Flow, n: usize) {
    let page = flow.page();
    let mut baselines: Vec<f32> = page
        .runs()
        .filter(|r| r.baseline < spec::BLOCK_BOTTOM)
        .map(|r| r.baseline)
        .collect();
    baselines.sort_by(f32::total_cmp);
    baselines.dedup_by(|a, b| (*a - *b).abs() < 0.5);
    let keep = baselines.len().saturating_sub(n);
    let moved = baselines[keep..].to_vec();
    let Some(&first) = moved.first() else {
        flow.new_page();
        return;
    };
    let (carried, stay): (Vec<Item>, Vec<Item>) =
        std::mem::take(&mut page.items).into_iter().partition(|i| matches!(i, Item::Text(r) if r.baseline >= first - 0.5 && r.baseline < spec::BLOCK_BOTTOM));
    page.items = stay;
    flow.new_page();
    let shift = spec::baseline_in_box(spec::slot_top(0), LINE_PITCH, spec::SIZE_3) - first;
    for mut item in carried {
        if let Item::Text(r) = &mut item {
            r.baseline += shift;
        }
        flow.page().items.push(item);
    }
    flow.y = spec::slot_top(moved.len());
}

/// 签发人签名章 (7.3.5.3, 命令 and 议案): two blank lines below the text, each stamp four
/// characters from the right with the signer's full title two characters to its left,
/// centred on it; joint signers stacked, one per line; the date one blank line below the
/// last stamp, four characters from the right.
fn signed_by(flow: &mut Flow, meta: &Meta) {
    flow.blank_lines(spec::SIGN_STAMP_GAP_LINES);
    let right = BLOCK_RIGHT - chars(spec::DATE_SEALED_RIGHT_CHARS);
    for s in &meta.signed_by {
        let (w_px, h_px) = image::image_dimensions(&s.stamp).unwrap_or((3, 1));
        let h = spec::STAMP_HEIGHT;
        let w = (h * w_px as f32 / h_px.max(1) as f32).min(BLOCK_W / 2.0);
        if flow.slots_left() < 2 {
            flow.new_page();
        }
        let slot = flow.next_slot();
        let centre = spec::slot_top(slot) + LINE_PITCH / 2.0;
        flow.page().items.push(Item::Image {
            x: right - w,
            y: centre - h / 2.0,
            w,
            h,
            path: s.stamp.clone(),
        });
        let cs = flow.shape(&s.title, Role::Fang, spec::SIZE_3, Color::BLACK, true);
        let end = right - w - chars(spec::STAMP_TITLE_GAP_CHARS);
        let xs = lines::place(&cs, MARGIN_LEFT, end - MARGIN_LEFT, Align::Right);
        flow.grid_line(&cs, &xs);
        flow.blank_lines(1);
    }
    if let Some(d) = meta.date {
        let cs = flow.shape(&d.to_string(), Role::Fang, spec::SIZE_3, Color::BLACK, true);
        let xs = lines::place(&cs, MARGIN_LEFT, right - MARGIN_LEFT, Align::Right);
        flow.anchors.date_x = xs.first().copied();
        flow.grid_line(&cs, &xs);
    }
}

/// Each attachment with a file starts a new page: "附件N" in 黑体 on line 1, the title
/// centred on line 3, then its body; page numbers continue.
pub(super) fn attachments(flow: &mut Flow, meta: &Meta) {
    let many = meta.attachments.len() > 1;
    for (i, a) in meta.attachments.iter().enumerate() {
        let Some(body) = &a.body else { continue };
        flow.new_page();
        flow.line = 2;
        let label = if many {
            format!("附件{}", i + 1)
        } else {
            "附件".to_string()
        };
        let cs = flow.shape(&label, Role::Hei, spec::SIZE_3, Color::BLACK, true);
        let xs = lines::place(&cs, MARGIN_LEFT, BLOCK_W, Align::Left);
        flow.y = spec::slot_top(spec::ATTACHMENT_LABEL_SLOT);
        flow.grid_line(&cs, &xs);
        flow.y = spec::slot_top(spec::ATTACHMENT_TITLE_SLOT);
        header::title_lines(flow, &a.name, spec::SIZE_2);
        flow.y += 0.01;
        blocks::body(flow, body, 0);
    }
}
