//! 版头 (份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人, red rule), title and 主送机关.

use super::lines::{self, Align, Ch};
use super::{chars, Color, Flow, Item};
use crate::fonts::Role;
use crate::model::{Layout, Meta};
use crate::spec::{self, pt, BLOCK_W, LINE_PITCH, MARGIN_LEFT, MARGIN_TOP};

/// Lays out everything above the body. Returns true when the 主送机关 had to move to the 版记.
pub(super) fn front(flow: &mut Flow, meta: &Meta) -> bool {
    flow.line = 2;
    let has_head = meta.layout == Layout::File && !meta.mark_lines().is_empty();
    if has_head {
        head(flow, meta);
    }
    if let Some(title) = &meta.title {
        title_lines(flow, title, spec::SIZE_2);
    }
    recipients(flow, meta)
}

/// 份号, 密级★期限, 紧急程度 stacked top-left in 黑体 (7.2.1–7.2.3).
fn stack(flow: &mut Flow, meta: &Meta) {
    let mut items: Vec<String> = Vec::new();
    items.extend(meta.copy_no.clone());
    if let Some(s) = meta.secrecy {
        items.push(match &meta.secrecy_term {
            Some(t) => format!("{}★{t}", s.as_str()),
            None => s.as_str().to_string(),
        });
    }
    items.extend(meta.urgency.map(|u| u.as_str().to_string()));
    for text in items {
        let cs = flow.shape(&text, Role::Hei, spec::SIZE_3, Color::BLACK, true);
        let xs = lines::place(&cs, MARGIN_LEFT, BLOCK_W, Align::Left);
        flow.grid_line(&cs, &xs);
    }
}

/// Shapes the red mark at the largest size up to 初号 that fits one line of the 版心.
pub(super) fn mark(flow: &mut Flow, texts: &[String], top: f32) -> f32 {
    let widest = texts
        .iter()
        .map(|t| {
            lines::width(&flow.shape(
                t,
                Role::XiaoBiaoSong,
                spec::MARK_MAX_SIZE,
                Color::RED,
                false,
            ))
        })
        .fold(0.0, f32::max);
    let size = if widest > BLOCK_W {
        spec::MARK_MAX_SIZE * BLOCK_W / widest
    } else {
        spec::MARK_MAX_SIZE
    };
    let mut bottom = top;
    let mut baseline = 0.0;
    for (i, t) in texts.iter().enumerate() {
        let cs = flow.shape(t, Role::XiaoBiaoSong, size, Color::RED, false);
        if i == 0 {
            let ink = cs
                .iter()
                .filter_map(|c| flow.shaper.metrics.ink_top(c.face, c.ch))
                .fold(0.0, f32::max);
            baseline = top + ink * pt(size);
        } else {
            baseline += pt(size) * 1.2;
        }
        let xs = lines::place(&cs, MARGIN_LEFT, BLOCK_W, Align::Center);
        flow.emit(&cs, &xs, baseline);
        bottom = baseline + (1.0 - spec::EM_ASCENT) * pt(size);
    }
    bottom
}

fn head(flow: &mut Flow, meta: &Meta) {
    stack(flow, meta);
    let mark_bottom = mark(
        flow,
        &meta.mark_lines(),
        MARGIN_TOP + spec::MARK_TOP_BELOW_BLOCK,
    );
    let em = pt(spec::SIZE_3);
    let docno_top = mark_bottom + spec::DOCNO_GAP_LINES * LINE_PITCH;
    let baseline = docno_top + spec::EM_ASCENT * em;
    let docno = meta.doc_number.clone().unwrap_or_default();
    let dn = flow.shape(&docno, Role::Fang, spec::SIZE_3, Color::BLACK, true);
    if meta.signers.is_empty() {
        let xs = lines::place(&dn, MARGIN_LEFT, BLOCK_W, Align::Center);
        flow.emit(&dn, &xs, baseline);
    } else {
        // 上行文: 字号 one character in from the left, 签发人 one character in from the right.
        let side = chars(spec::DOCNO_SIDE_INDENT_CHARS);
        let xs = lines::place(&dn, MARGIN_LEFT + side, BLOCK_W - 2.0 * side, Align::Left);
        flow.emit(&dn, &xs, baseline);
        let mut sig: Vec<Ch> = flow.shape("签发人：", Role::Fang, spec::SIZE_3, Color::BLACK, true);
        sig.extend(flow.shape(
            &meta.signers.join("　"),
            Role::Kai,
            spec::SIZE_3,
            Color::BLACK,
            true,
        ));
        let xs = lines::place(&sig, MARGIN_LEFT + side, BLOCK_W - 2.0 * side, Align::Right);
        flow.emit(&sig, &xs, baseline);
    }
    let rule_y = docno_top + em + spec::RED_RULE_GAP;
    flow.page().items.push(Item::Rule {
        x: MARGIN_LEFT,
        y: rule_y,
        width: BLOCK_W,
        thickness: spec::RED_RULE_THICKNESS,
        color: Color::RED,
    });
    flow.y = rule_y + spec::TITLE_GAP_LINES * LINE_PITCH;
}

/// Splits a title line that is too wide into balanced lines, longest first (a
/// trapezoid), breaking only where the line-break rules allow and preferring breaks
/// after 的, 关于, 、 and punctuation, so words stay whole.
fn split_title(cs: &[Ch]) -> Vec<std::ops::Range<usize>> {
    let total = lines::width(cs);
    let max = BLOCK_W - 2.0 * spec::CELL;
    if total <= max {
        return vec![0..cs.len()];
    }
    let ok = lines::break_opportunities(cs);
    let n = (total / max).ceil() as usize;
    let mut out = Vec::new();
    let mut start = 0;
    let mut done = 0.0;
    for k in 1..n {
        // Aim a little past the even share so earlier lines are not shorter than later ones.
        let target = total * k as f32 / n as f32 + spec::CELL * 0.5;
        let mut best: Option<(f32, usize)> = None;
        let mut x = done;
        for i in start + 1..cs.len() {
            x += cs[i - 1].width;
            if x - done > max {
                break;
            }
            if !ok[i] {
                continue;
            }
            let good = matches!(
                cs[i - 1].ch,
                '的' | '于' | '、' | '，' | '和' | '与' | '及' | '》' | '）'
            );
            let cost = (x - target).abs() + if good { 0.0 } else { spec::CELL * 2.5 };
            if best.is_none_or(|(c, _)| cost < c) {
                best = Some((cost, i));
            }
        }
        let Some((_, i)) = best else { break };
        done += lines::width(&cs[start..i]);
        out.push(start..i);
        start = i;
    }
    out.push(start..cs.len());
    out
}

/// Title lines in 小标宋, centred, on the title pitch; the author's `\n` breaks kept.
pub(super) fn title_lines(flow: &mut Flow, title: &str, size: f32) {
    for seg in title.split('\n') {
        let cs = flow.shape(seg.trim(), Role::XiaoBiaoSong, size, Color::BLACK, false);
        for r in split_title(&cs) {
            let line = &cs[r];
            if flow.y + spec::TITLE_PITCH > spec::BLOCK_BOTTOM {
                flow.new_page();
            }
            let xs = lines::place(line, MARGIN_LEFT, BLOCK_W, Align::Center);
            let baseline = spec::baseline_in_box(flow.y, spec::TITLE_PITCH, size);
            flow.emit(line, &xs, baseline);
            flow.y += spec::TITLE_PITCH;
        }
    }
}

/// 主送机关 one line below the title, flush left, ending with "：" (7.3.2). Moves to the
/// 版记 when page 1 would show no body text (7.3.3).
fn recipients(flow: &mut Flow, meta: &Meta) -> bool {
    if meta.recipients.is_empty() {
        return false;
    }
    let text = format!("{}：", meta.recipients.join("、"));
    let cs = flow.shape(&text, Role::Fang, spec::SIZE_3, Color::BLACK, true);
    let n = flow.break_paragraph(&cs, 0.0, 0.0, 0.0).len();
    let first = flow.next_slot() + spec::RECIPIENT_GAP_LINES;
    if flow.pages.len() == 1 && first + n >= spec::LINES_PER_PAGE {
        return true;
    }
    flow.blank_lines(spec::RECIPIENT_GAP_LINES);
    flow.paragraph(&cs, 0.0, 0.0, 0.0, Align::Justify);
    false
}
