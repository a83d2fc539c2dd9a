//! After the body: 附件说明 (7.3.4), 署名, 成文日期 and 印章 (7.3.5), 附注 (7.3.6), and the
//! attachment pages (7.3.7).

use super::lines::{self, Align, Ch};
use super::{blocks, chars, header, Color, Flow, Item};
use crate::fonts::Role;
use crate::model::Meta;
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
        let mut cs: Vec<Ch> = if i == 0 { label.clone() } else { Vec::new() };
        let number = if many {
            flow.shape(
                &format!("{}.", i + 1),
                Role::Fang,
                spec::SIZE_3,
                Color::BLACK,
                true,
            )
        } else {
            Vec::new()
        };
        let number_w = lines::width(&number);
        cs.extend(number);
        cs.extend(flow.shape(&a.name, Role::Fang, spec::SIZE_3, Color::BLACK, true));
        let first = if i == 0 { indent } else { indent + label_w };
        flow.paragraph(&cs, first, indent + label_w + number_w, 0.0, Align::Justify);
    }
}

/// 署名 and 成文日期, with or without a seal (7.3.5.1, 7.3.5.2).
fn signature(flow: &mut Flow, meta: &Meta) {
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
    let sealed = !meta.seal.is_empty();
    let gap = if sealed {
        spec::SIGN_SEALED_GAP_LINES
    } else {
        spec::SIGN_UNSEALED_GAP_LINES
    };
    let needed = gap + names.len() + usize::from(!date_cs.is_empty());
    // 7.3.5.5: the signature never stands alone on a page; tighten the gap first.
    let gap = if flow.slots_left() >= needed {
        gap
    } else {
        gap.min(flow.slots_left().saturating_sub(needed - gap))
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
