//! 版头 (份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人, red rule), title and 主送机关.

use super::lines::{self, Align, Ch};
use super::{chars, Color, Flow, Item};
use crate::fonts::Role;
use crate::model::{Layout, Meta};
use crate::spec::{self, pt, BLOCK_W, LINE_PITCH, MARGIN_LEFT, MARGIN_TOP};

/// Lays out everything above the body. Returns true when the 主送机关 had to move to the 版记.
pub(super) fn front(flow: &mut Flow, meta: &Meta) -> bool {
    flow.line = 2;
    let has_mark = !meta.mark_lines().is_empty();
    match meta.layout {
        Layout::File | Layout::Minutes | Layout::Order if has_mark => head(flow, meta),
        Layout::Letter if has_mark => letter_head(flow, meta),
        _ => {}
    }
    if flow.y > spec::BLOCK_BOTTOM {
        // So many organs or signers that the 版头 runs off page 1: say so rather than
        // print below the paper's edge unnoticed.
        flow.shaper.problems.push((
            2,
            crate::error::Problem::HeadTooTall {
                issuers: meta.issuer.len(),
                signers: meta.signers.len(),
            },
            false,
        ));
    }
    if let Some(title) = &meta.title {
        let top = flow.y;
        let (bottom, lines) = title_lines(flow, title, spec::SIZE_2);
        flow.anchors.title = Some((top, lines));
        // One blank line below the title's em box (7.3.2), snapped to the nearest grid
        // slot; that slot's top is always below the title's line box, so a word processor
        // can stack the same boxes.
        let slot_em = (LINE_PITCH - pt(spec::SIZE_3)) / 2.0;
        let want = bottom + spec::RECIPIENT_GAP_LINES as f32 * LINE_PITCH;
        let first = ((want - slot_em - MARGIN_TOP) / LINE_PITCH)
            .round()
            .max(0.0) as usize;
        if first >= spec::LINES_PER_PAGE {
            flow.new_page();
        } else {
            flow.y = spec::slot_top(first);
        }
    }
    if flow.pages.len() == 1 {
        flow.anchors.first_slot = flow.next_slot();
    }
    let moved = recipients(flow, meta);
    flow.body_top = (flow.pages.len() == 1).then_some(flow.y);
    moved
}

/// 份号, 密级★期限, 紧急程度 stacked top-left in 黑体 (7.2.1–7.2.3).
fn stack(flow: &mut Flow, meta: &Meta) {
    let items = meta.stack_items();
    flow.anchors.stack_lines = items.len();
    for text in items {
        let cs = flow.shape(&text, Role::Hei, spec::SIZE_3, Color::BLACK, true);
        let xs = lines::place(&cs, MARGIN_LEFT, BLOCK_W, Align::Left);
        flow.grid_line(&cs, &xs);
    }
}

/// The baseline that puts the top of a mark line's ink at `top` (the standard measures
/// the mark by its visible edge), recorded for the DOCX writer.
fn first_mark_baseline(flow: &mut Flow, cs: &[Ch], top: f32, size: f32) -> f32 {
    let ink = cs
        .iter()
        .filter_map(|c| flow.shaper.metrics.ink_top(c.face, c.ch))
        .fold(0.0, f32::max);
    let baseline = top + ink * pt(size);
    flow.anchors.mark = Some((baseline, size, 0.0));
    baseline
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
            baseline = first_mark_baseline(flow, &cs, top, size);
        } else {
            baseline += pt(size) * spec::MARK_LINE_PITCH;
        }
        let xs = lines::place(&cs, MARGIN_LEFT, BLOCK_W, Align::Center);
        flow.emit(&cs, &xs, baseline);
        bottom = baseline + (1.0 - spec::EM_ASCENT) * pt(size);
    }
    if let Some(m) = &mut flow.anchors.mark {
        m.2 = bottom;
    }
    bottom
}

/// The 版头 of the 文件式 (7.2), and the marks of the 纪要式 (10.3, at the same 35 mm)
/// and 命令式 (10.2, 20 mm below the 版心 top, its 令号 two lines below, the body two
/// lines below that, no rule).
fn head(flow: &mut Flow, meta: &Meta) {
    stack(flow, meta);
    let order = meta.layout == Layout::Order;
    let top = MARGIN_TOP
        + if order {
            spec::ORDER_MARK_TOP_BELOW_BLOCK
        } else {
            spec::MARK_TOP_BELOW_BLOCK
        };
    let mark_bottom =
        if meta.layout == Layout::File && meta.issuer.len() > 1 && meta.issuer_mark.is_none() {
            joint_mark(flow, &meta.issuer, "文件", top)
        } else {
            mark(flow, &meta.mark_lines(), top)
        };
    let em = pt(spec::SIZE_3);
    // The 字号 two lines below the mark (7.2.5); with several lines of 签发人 the first
    // of them takes that place and the 字号 shares the last (7.2.6).
    let signer_lines = match meta.layout {
        Layout::File => meta.signer_lines().len(),
        _ => 0,
    };
    let later_lines = signer_lines.saturating_sub(1) as f32;
    let docno_top = mark_bottom + (spec::DOCNO_GAP_LINES + later_lines) * LINE_PITCH;
    let baseline = docno_top + spec::EM_ASCENT * em;
    // The 文件式 always has its 字号 line and rule; 纪要 and 令 only with a number.
    let docno = match (&meta.doc_number, meta.layout) {
        (Some(d), _) => d.clone(),
        (None, Layout::File) => String::new(),
        (None, _) => {
            flow.y = mark_bottom + spec::TITLE_GAP_LINES * LINE_PITCH;
            return;
        }
    };
    flow.anchors.docno_top = Some(docno_top);
    let dn = flow.shape(&docno, Role::Fang, spec::SIZE_3, Color::BLACK, true);
    if meta.signers.is_empty() || meta.layout != Layout::File {
        let xs = lines::place(&dn, MARGIN_LEFT, BLOCK_W, Align::Center);
        flow.emit(&dn, &xs, baseline);
    } else {
        signers(flow, meta, &dn, docno_top);
    }
    let em_bottom = docno_top + em;
    if order {
        // 10.2: the body two blank lines below the 令号.
        flow.y = em_bottom + spec::ORDER_BODY_GAP_LINES * LINE_PITCH;
        return;
    }
    let rule_y = em_bottom + spec::RED_RULE_GAP;
    flow.anchors.rule_y = Some(rule_y);
    flow.page().items.push(Item::Rule {
        x: MARGIN_LEFT,
        y: rule_y,
        width: BLOCK_W,
        thickness: spec::RED_RULE_THICKNESS,
        color: Color::RED,
    });
    flow.y = rule_y + spec::TITLE_GAP_LINES * LINE_PITCH;
}

/// 上行文 (7.2.5–7.2.6): "签发人：" and the names (楷体) one character in from the right,
/// two names a line, later lines aligned under the first name; the 发文字号 one character
/// in from the left on the last line, which is the 字号's own line (`top`): earlier
/// lines go above it, the first two lines below the mark.
fn signers(flow: &mut Flow, meta: &Meta, docno: &[Ch], top: f32) {
    let side = chars(spec::DOCNO_SIDE_INDENT_CHARS);
    let label = flow.shape("签发人：", Role::Fang, spec::SIZE_3, Color::BLACK, true);
    let names: Vec<Vec<Ch>> = meta
        .signer_lines()
        .iter()
        .map(|l| flow.shape(l, Role::Kai, spec::SIZE_3, Color::BLACK, true))
        .collect();
    let Some(first) = names.first() else {
        return;
    };
    // The first line ends one character in from the right (居右空一字); later lines start
    // under its first name, and all move left only as far as a longer later line needs
    // to stay inside the 版心.
    let right_aligned = |n: &[Ch], x: f32, w: f32| {
        lines::place(n, x, w, Align::Right)
            .first()
            .copied()
            .unwrap_or(x)
    };
    let names_x = names.iter().fold(
        right_aligned(first, MARGIN_LEFT + side, BLOCK_W - 2.0 * side),
        |x, n| x.min(right_aligned(n, MARGIN_LEFT, BLOCK_W)),
    );
    let label_x = names_x - lines::width(&label) - label.last().map_or(0.0, |c| c.gap);
    flow.anchors.signers_x = Some((label_x, names_x));
    let em_ascent = spec::EM_ASCENT * pt(spec::SIZE_3);
    for (i, n) in names.iter().enumerate() {
        let baseline = top - (names.len() - 1 - i) as f32 * LINE_PITCH + em_ascent;
        if i == 0 {
            let xs = lines::place(&label, label_x, BLOCK_W, Align::Left);
            flow.emit(&label, &xs, baseline);
        }
        let xs = lines::place(n, names_x, BLOCK_W, Align::Left);
        flow.emit(n, &xs, baseline);
    }
    let xs = lines::place(docno, MARGIN_LEFT + side, BLOCK_W - 2.0 * side, Align::Left);
    flow.emit(docno, &xs, top + em_ascent);
}

/// A joint mark (7.2.4): the organs' names stacked, "文件" to their right, centred on
/// them vertically; the whole block centred and sized to fit the 版心.
fn joint_mark(flow: &mut Flow, names: &[String], suffix: &str, top: f32) -> f32 {
    let probe = spec::MARK_MAX_SIZE;
    let widest = names
        .iter()
        .map(|n| lines::width(&flow.shape(n, Role::XiaoBiaoSong, probe, Color::RED, false)))
        .fold(0.0, f32::max);
    let suffix_w = lines::width(&flow.shape(suffix, Role::XiaoBiaoSong, probe, Color::RED, false));
    let gap = pt(probe) * 0.5;
    let total = widest + gap + suffix_w;
    // Half points, as a word processor sizes type.
    let size = if total + spec::JOINT_SLACK > BLOCK_W {
        (probe * (BLOCK_W - spec::JOINT_SLACK) / total * 2.0).floor() / 2.0
    } else {
        probe
    };
    let scale = size / probe;
    let (widest, suffix_w, gap) = (
        widest * scale + spec::JOINT_SLACK,
        suffix_w * scale,
        gap * scale,
    );
    let x0 = MARGIN_LEFT + (BLOCK_W - (widest + gap + suffix_w)) / 2.0;
    flow.anchors.joint_mark = Some((x0, widest, x0 + widest + gap, suffix_w));
    let pitch = pt(size) * spec::MARK_LINE_PITCH;
    let mut baseline = 0.0;
    for (i, n) in names.iter().enumerate() {
        let cs = flow.shape(n, Role::XiaoBiaoSong, size, Color::RED, false);
        if i == 0 {
            baseline = first_mark_baseline(flow, &cs, top, size);
        } else {
            baseline += pitch;
        }
        // Names justified to the block's width so they line up on both sides.
        let xs = lines::place(
            &cs,
            x0,
            widest,
            if cs.len() > 1 {
                Align::Justify
            } else {
                Align::Center
            },
        );
        flow.emit(&cs, &xs, baseline);
    }
    let first = flow.anchors.mark.map_or(baseline, |m| m.0);
    let middle = (first + baseline) / 2.0;
    let cs = flow.shape(suffix, Role::XiaoBiaoSong, size, Color::RED, false);
    let xs = lines::place(&cs, x0 + widest + gap, suffix_w, Align::Left);
    flow.emit(&cs, &xs, middle);
    let bottom = baseline + (1.0 - spec::EM_ASCENT) * pt(size);
    if let Some(m) = &mut flow.anchors.mark {
        m.2 = bottom;
    }
    bottom
}

/// 信函式 (10.1): the organ's name 30 mm from the paper's top; red double lines, thick
/// over thin 4 mm below it and thin over thick 20 mm above the paper's bottom, 170 mm
/// long and centred; 份号 / 密级 / 紧急程度 flush left and the 发文字号 flush right, the
/// first of them 7/8 of a 3号 character below the double line; the title two lines below.
fn letter_head(flow: &mut Flow, meta: &Meta) {
    let mark_bottom = mark(flow, &meta.mark_lines()[..1], spec::LETTER_MARK_TOP);
    let x = (spec::PAGE_W - spec::LETTER_RULE_LEN) / 2.0;
    let (thick, thin, gap) = (spec::LETTER_THICK, spec::LETTER_THIN, spec::LETTER_RULE_GAP);
    let top_line = mark_bottom + spec::RED_RULE_GAP + thick / 2.0;
    let thin_line = top_line + thick / 2.0 + gap + thin / 2.0;
    let bottom_thick = spec::PAGE_H - spec::LETTER_BOTTOM_RULE - thick / 2.0;
    let bottom_thin = bottom_thick - thick / 2.0 - gap - thin / 2.0;
    for (y, t) in [
        (top_line, thick),
        (thin_line, thin),
        (bottom_thin, thin),
        (bottom_thick, thick),
    ] {
        flow.anchors.letter_lines.push((y, t));
        flow.page().items.push(Item::Rule {
            x,
            y,
            width: spec::LETTER_RULE_LEN,
            thickness: t,
            color: Color::RED,
        });
    }
    let em = pt(spec::SIZE_3);
    let first_top = thin_line + thin / 2.0 + spec::LETTER_ELEMENT_GAP;
    flow.anchors.docno_top = Some(first_top);
    let items = meta.stack_items();
    let mut last_top = first_top;
    for (i, t) in items.iter().enumerate() {
        let cs = flow.shape(t, Role::Hei, spec::SIZE_3, Color::BLACK, true);
        last_top = first_top + i as f32 * LINE_PITCH;
        let xs = lines::place(&cs, MARGIN_LEFT, BLOCK_W, Align::Left);
        flow.emit(&cs, &xs, last_top + spec::EM_ASCENT * em);
    }
    if let Some(docno) = &meta.doc_number {
        let cs = flow.shape(docno, Role::Fang, spec::SIZE_3, Color::BLACK, true);
        let xs = lines::place(&cs, MARGIN_LEFT, BLOCK_W, Align::Right);
        flow.emit(&cs, &xs, first_top + spec::EM_ASCENT * em);
    }
    flow.y = last_top + em + spec::TITLE_GAP_LINES * LINE_PITCH;
}

/// Characters after which a title may break without cutting a word: the ends of organ
/// names (局, 政府, 委员会 …), 的, 关于, conjunctions and punctuation.
const TITLE_BREAK_AFTER: &str = "的于和与及、，；》）局府委会厅部办院所处室站队社年度";

/// Splits a title line that is too wide into 2–4 lines that form a trapezoid or a
/// diamond (7.3.1), trying every set of breaks the line-break rules allow and
/// preferring breaks after [`TITLE_BREAK_AFTER`], after the author's spaces and before
/// 关于, so words stay whole.
fn split_title(cs: &[Ch]) -> Vec<std::ops::Range<usize>> {
    let total = lines::width(cs);
    let max = BLOCK_W;
    if total <= max || cs.len() < 2 {
        return std::iter::once(0..cs.len()).collect();
    }
    let ok = lines::break_opportunities(cs);
    let good = |i: usize| {
        TITLE_BREAK_AFTER.contains(cs[i - 1].ch)
            || cs[i - 1].ch.is_whitespace()
            || (cs[i].ch == '关' && cs.get(i + 1).is_some_and(|c| c.ch == '于'))
    };
    let candidates: Vec<usize> = (1..cs.len()).filter(|&i| ok[i]).collect();
    let mut prefix = vec![0.0; cs.len() + 1];
    for (i, c) in cs.iter().enumerate() {
        prefix[i + 1] = prefix[i] + c.width + c.gap;
    }
    let width = |a: usize, b: usize| prefix[b] - prefix[a];
    // (breaks inside a word, line count, shape): fewer bad breaks first, then fewer lines.
    let cost = |breaks: &[usize]| -> Option<(usize, usize, f32)> {
        let mut bounds = vec![0];
        bounds.extend_from_slice(breaks);
        bounds.push(cs.len());
        let ws: Vec<f32> = bounds.windows(2).map(|w| width(w[0], w[1])).collect();
        if ws.iter().any(|&w| w > max) {
            return None;
        }
        let spread =
            ws.iter().cloned().fold(0.0, f32::max) - ws.iter().cloned().fold(f32::MAX, f32::min);
        let bad = breaks.iter().filter(|&&b| !good(b)).count();
        // Hourglass (a middle line shorter than both neighbours) is not allowed.
        let hourglass = ws.windows(3).any(|w| w[1] < w[0] && w[1] < w[2]);
        // A trapezoid wider at the top reads best; penalise lines growing downwards slightly.
        let growth: f32 = ws.windows(2).map(|w| (w[1] - w[0]).max(0.0)).sum();
        Some((
            bad,
            breaks.len(),
            spread + growth * 0.5 + if hourglass { 100.0 * spec::CELL } else { 0.0 },
        ))
    };
    let mut best: Option<((usize, usize, f32), Vec<usize>)> = None;
    let n_min = (total / max).ceil() as usize;
    for n in n_min..=(n_min + 1).min(4) {
        let mut idx: Vec<usize> = (0..n - 1).collect();
        if candidates.len() < n - 1 {
            break;
        }
        loop {
            let breaks: Vec<usize> = idx.iter().map(|&i| candidates[i]).collect();
            if let Some(c) = cost(&breaks) {
                if best
                    .as_ref()
                    .is_none_or(|(b, _)| c.partial_cmp(b).is_some_and(|o| o.is_lt()))
                {
                    best = Some((c, breaks));
                }
            }
            // Next combination of n-1 candidates (bounded: titles are short).
            let k = idx.len();
            let mut i = k;
            while i > 0 && idx[i - 1] == candidates.len() - k + i - 1 {
                i -= 1;
            }
            if i == 0 {
                break;
            }
            idx[i - 1] += 1;
            for j in i..k {
                idx[j] = idx[j - 1] + 1;
            }
        }
        // One more line only if it spares a word.
        if best.as_ref().is_some_and(|((bad, _, _), _)| *bad == 0) {
            break;
        }
    }
    let Some((_, breaks)) = best else {
        return lines::break_lines(cs, |_| max);
    };
    let mut out = Vec::new();
    let mut start = 0;
    for b in breaks.into_iter().chain([cs.len()]) {
        out.push(start..b);
        start = b;
    }
    out
}

/// Title lines in 小标宋, centred, on the title pitch; the author's `\n` breaks kept.
/// Returns the bottom of the last line's em box and the lines as broken.
pub(super) fn title_lines(flow: &mut Flow, title: &str, size: f32) -> (f32, Vec<String>) {
    let mut em_bottom = flow.y;
    let mut texts = Vec::new();
    for seg in title.split('\n') {
        let cs = flow.shape(seg.trim(), Role::XiaoBiaoSong, size, Color::BLACK, false);
        for r in split_title(&cs) {
            // A space the line was broken after does not count in its centring.
            let end = cs[..r.end]
                .iter()
                .rposition(|c| !c.ch.is_whitespace())
                .map_or(r.start, |i| i + 1)
                .max(r.start);
            let line = &cs[r.start..end];
            if flow.y + spec::TITLE_PITCH > spec::BLOCK_BOTTOM {
                flow.new_page();
            }
            let xs = lines::place(line, MARGIN_LEFT, BLOCK_W, Align::Center);
            let baseline = spec::baseline_in_box(flow.y, spec::TITLE_PITCH, size);
            flow.emit(line, &xs, baseline);
            flow.y += spec::TITLE_PITCH;
            em_bottom = baseline + (1.0 - spec::EM_ASCENT) * pt(size);
            texts.push(line.iter().map(|c| c.ch).collect());
        }
    }
    (em_bottom, texts)
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
    if flow.pages.len() == 1 && flow.next_slot() + n >= spec::LINES_PER_PAGE {
        return true;
    }
    flow.paragraph(&cs, 0.0, 0.0, 0.0, Align::Justify);
    false
}
