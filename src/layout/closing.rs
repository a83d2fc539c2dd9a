//! After the body: 附件说明 (7.3.4), 署名, 成文日期 and 印章 (7.3.5), 附注 (7.3.6), and the
//! attachment pages (7.3.7).

use super::lines::{self, Align, Ch};
use super::{blocks, chars, header, Color, Flow, Item, SealPlace};
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
    // The 署名 lines: each name on its own line, or for a joint sealed document the
    // names side by side, rows of them `row_lines` apart so their seals do not touch.
    let joint = sealed && names.len() > 1;
    let d = spec::SEAL_DIAMETER;
    let right_edge = |r: f32| BLOCK_RIGHT - chars(r);
    let row_lines = if joint {
        ((d + spec::SEAL_MIN_GAP) / LINE_PITCH).ceil() as usize
    } else {
        1
    };
    let date_cx = right_edge(spec::DATE_SEALED_RIGHT_CHARS) - w_d / 2.0;
    let widest = names.iter().map(|n| lines::width(n)).fold(0.0, f32::max);
    let pitch_x = (d + spec::SEAL_MIN_GAP).max(widest + chars(spec::SEAL_NAME_GAP_CHARS));
    let per_row = if joint {
        1 + ((date_cx - d.max(widest) / 2.0 - MARGIN_LEFT) / pitch_x).max(0.0) as usize
    } else {
        1
    };
    let rows: Vec<Vec<usize>> = (0..names.len())
        .collect::<Vec<_>>()
        .chunks(per_row)
        .map(<[usize]>::to_vec)
        .collect();
    let needed = gap
        + rows.len().saturating_sub(1) * row_lines
        + usize::from(!rows.is_empty())
        + usize::from(!date_cs.is_empty());
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
    // Left edges: sealed, each name centred on its column (the last over the date, four
    // characters from the right); unsealed, two characters from the right with the date
    // two further right, or, when the date is longer, the date two from the right and the
    // names two left of it (7.3.5.2).
    let (unsealed_x, unsealed_date_x) = {
        let edge = right_edge(spec::SIGN_UNSEALED_RIGHT_CHARS);
        let sx = edge - widest;
        let dx = sx + chars(spec::DATE_SHIFT_CHARS);
        if dx + w_d > edge {
            (edge - w_d - chars(spec::DATE_SHIFT_CHARS), edge - w_d)
        } else {
            (sx, dx)
        }
    };
    let date_x = if sealed {
        date_cx - w_d / 2.0
    } else {
        unsealed_date_x
    };
    let centre = |row: &[usize], k: usize| date_cx - (row.len() - 1 - k) as f32 * pitch_x;
    flow.anchors.date_x = (!date_cs.is_empty()).then_some(date_x);
    for (r, row) in rows.iter().enumerate() {
        if r > 0 {
            flow.blank_lines(row_lines - 1);
        }
        let mut placed = Vec::new();
        let mut line: Vec<Ch> = Vec::new();
        let mut xs = Vec::new();
        for (k, &i) in row.iter().enumerate() {
            let w = lines::width(&names[i]);
            // A name too long for its column still stays inside the 版心.
            let x = if sealed {
                (centre(row, k) - w / 2.0)
                    .min(BLOCK_RIGHT - w)
                    .max(MARGIN_LEFT)
            } else {
                unsealed_x.max(MARGIN_LEFT)
            };
            placed.push((x, i));
            xs.extend(lines::place(&names[i], x, BLOCK_W, Align::Left));
            line.extend(names[i].iter().cloned());
        }
        flow.grid_line(&line, &xs);
        // The row's line is the last one set (on a new page if it had to be).
        let line_top = flow.y - LINE_PITCH;
        let blank = if r == 0 { gap } else { row_lines - 1 };
        flow.anchors.signature_rows.push((blank, placed.clone()));
        if !sealed {
            continue;
        }
        // Each seal centred on its name's column, its centre on the middle of the name's
        // line, so the name (and, under the last, the date) sit below the centre.
        for (k, &(x, i)) in placed.iter().enumerate() {
            // On its name; the last organ's seal on the date column, pressing both.
            let cx = if i + 1 == names.len() {
                centre(row, k)
            } else {
                x + lines::width(&names[i]) / 2.0
            };
            let place = SealPlace {
                row: r,
                x: cx - d / 2.0,
                dy: (LINE_PITCH - d) / 2.0,
                size: d,
                image: i.min(meta.seal.len() - 1),
            };
            flow.page().items.push(Item::Image {
                x: place.x,
                y: line_top + place.dy,
                w: d,
                h: d,
                path: meta.seal[place.image].clone(),
            });
            flow.anchors.seals.push(place);
        }
    }
    if !date_cs.is_empty() {
        let xs = lines::place(&date_cs, date_x, BLOCK_W, Align::Left);
        flow.grid_line(&date_cs, &xs);
    }
}

/// Moves the last `n` grid lines of text on the current page to the top of a new page
/// (fewer on page 1 when it would otherwise show no body text).
fn carry_last_lines(flow: &mut Flow, n: usize) {
    let body_top = flow.body_top.filter(|_| flow.pages.len() == 1);
    flow.anchors.carried_from = Some(flow.pages.len() - 1);
    let page = flow.page();
    let mut baselines: Vec<f32> = page
        .runs()
        .filter(|r| r.baseline < spec::BLOCK_BOTTOM)
        .map(|r| r.baseline)
        .collect();
    baselines.sort_by(f32::total_cmp);
    baselines.dedup_by(|a, b| (*a - *b).abs() < 0.5);
    // Page 1 keeps at least one line of body text (7.3.3).
    let first_body = body_top.map_or(0, |top| baselines.iter().filter(|&&b| b < top).count());
    let keep = baselines
        .len()
        .saturating_sub(n)
        .max((first_body + 1).min(baselines.len()));
    let moved = baselines[keep..].to_vec();
    let Some(&first) = moved.first() else {
        flow.new_page();
        return;
    };
    let (carried, stay): (Vec<Item>, Vec<Item>) =
        std::mem::take(&mut page.items).into_iter().partition(|i| matches!(i, Item::Text(r) if r.baseline >= first - 0.5 && r.baseline < spec::BLOCK_BOTTOM));
    page.items = stay;
    let mut lines: Vec<(f32, f32, String)> = carried
        .iter()
        .filter_map(|i| match i {
            Item::Text(r) => Some((r.baseline, r.x0(), r.text())),
            _ => None,
        })
        .collect();
    lines.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    flow.anchors.carried_text = lines.into_iter().map(|l| l.2).collect();
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
        flow.anchors
            .stamps
            .push((right - w, (LINE_PITCH - h) / 2.0, w, h));
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
        blocks::body(flow, body);
    }
}
