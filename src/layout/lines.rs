//! Characters to lines: font resolution with fallback, widths on the 28-character grid,
//! line breaking by the Chinese rules (GB/T 15834 via UAX #14 plus 禁则), justification.

use std::collections::HashSet;
use std::ops::Range;

use super::page::Color;
use crate::error::Problem;
use crate::fonts::{FaceId, Metrics, Role};
use crate::spec;

/// A character with its face and widths, ready to break.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ch {
    pub ch: char,
    pub face: FaceId,
    pub gid: u16,
    pub size: f32,
    pub color: Color,
    /// The glyph's own advance, mm.
    pub adv: f32,
    /// The room it takes on the line, mm (one grid cell for a full-width 3号 character).
    pub width: f32,
    /// Extra space after it when the next character stays on the same line, mm (between
    /// an ideograph and a Latin letter or digit).
    pub gap: f32,
}

/// Resolves faces for text and records coverage problems (once per character and role).
pub(crate) struct Shaper<'a> {
    pub metrics: Metrics<'a>,
    pub problems: Vec<(usize, Problem, bool)>,
    /// Characters a role's face lacks and the face that draws them instead.
    pub fallbacks: Vec<(char, Role, FaceId)>,
    warned: HashSet<(char, Role)>,
}

/// Characters that may not start a line (GB/T 15834 §5; Word's Simplified-Chinese set).
const NO_START: &str = "!%),.:;>?]}¢¨°·ˇˉ―‖’”…‰′″›℃∶、。〃〉》」』】〕〗〞︶︺︾﹀﹄﹚﹜﹞！＂％＇），．：；？］｀｜｝～￠—";
/// What stays with the number before it: the percent signs. Counters (家, 件, 户 …)
/// and a date's 年月日 may start a line, as Word and LibreOffice let them.
const AFTER_NUMBER: &str = "％%‰";
/// Characters that may not end a line.
const NO_END: &str = "$([{£¥‘“〈《「『【〔〖〝﹙﹛﹝＄（［｛￡￥";

impl<'a> Shaper<'a> {
    pub fn new(metrics: Metrics<'a>) -> Shaper<'a> {
        Shaper {
            metrics,
            problems: Vec::new(),
            warned: HashSet::new(),
            fallbacks: Vec::new(),
        }
    }

    /// Shapes `text` in `role` at `size` pt. `grid` sets full-width characters on the
    /// 3号 cell (156 mm / 28) instead of their 16 pt body. `line` is the file line, for warnings.
    pub fn shape(
        &mut self,
        text: &str,
        role: Role,
        size: f32,
        color: Color,
        grid: bool,
        line: usize,
    ) -> Vec<Ch> {
        let set = self.metrics.set();
        let primary = set.role_id(role);
        let mut out: Vec<Ch> = Vec::with_capacity(text.len() / 2);
        let mut before = Script::Other;
        for ch in text.chars() {
            let ch = if ch == '\t' { ' ' } else { ch };
            if ch.is_control() {
                continue;
            }
            let (face, glyph) = match self.metrics.glyph(primary, ch) {
                Some(g) => (primary, Some(g)),
                None if ch == ' ' => (primary, None),
                None => self.fallback(ch, role, line),
            };
            let (gid, adv_em) = glyph.unwrap_or((0, if ch == ' ' { 0.25 } else { 1.0 }));
            let adv = adv_em * spec::pt(size);
            let width = if grid && adv_em >= 0.9 {
                spec::CELL * size / spec::SIZE_3
            } else if grid {
                // Word and LibreOffice tighten every character of the body by the grid's
                // letter spacing (spec::DOCX_CHAR_SPACING); half-width ones keep the rest
                // of their advance.
                adv + spec::pt(spec::DOCX_CHAR_SPACING as f32 / 20.0) * size / spec::SIZE_3
            } else {
                adv
            };
            // A quarter em between Asian text and Latin letters or digits, either way
            // round.
            let here = script(ch, out.last().map(|p| p.ch));
            if let Some(prev) = out.last_mut() {
                if matches!(
                    (before, here),
                    (Script::Asian, Script::Latin) | (Script::Latin, Script::Asian)
                ) {
                    prev.gap = spec::CJK_LATIN_SPACE * spec::pt(size);
                }
            }
            before = here;
            out.push(Ch {
                ch,
                face,
                gid,
                size,
                color,
                adv,
                width,
                gap: 0.0,
            });
        }
        out
    }

    fn fallback(&mut self, ch: char, role: Role, line: usize) -> (FaceId, Option<(u16, f32)>) {
        let set = self.metrics.set();
        let primary = set.role_id(role);
        let face_name = set.face(role).name.clone();
        if set.is_strict() {
            if self.warned.insert((ch, role)) {
                self.problems.push((
                    line,
                    Problem::StrictFonts {
                        ch,
                        face: face_name,
                    },
                    true,
                ));
            }
            return (primary, None);
        }
        let found = set
            .fallback_ids(role)
            .into_iter()
            .find_map(|id| self.metrics.glyph(id, ch).map(|g| (id, g)));
        if self.warned.insert((ch, role)) {
            if let Some((id, _)) = found {
                self.fallbacks.push((ch, role, id));
            }
            let fallback = found.map(|(id, _)| set.face_by_id(id).name.clone());
            self.problems.push((
                line,
                Problem::MissingGlyph {
                    ch,
                    face: face_name,
                    fallback,
                },
                false,
            ));
        }
        match found {
            Some((id, g)) => (id, Some(g)),
            None => (primary, None),
        }
    }
}

/// Where a line may break: `ok[i]` allows a break before character `i`.
pub(crate) fn break_opportunities(chars: &[Ch]) -> Vec<bool> {
    let text: String = chars.iter().map(|c| c.ch).collect();
    let mut ok = vec![false; chars.len() + 1];
    let mut byte_to_char = vec![0usize; text.len() + 1];
    for (ci, (bi, c)) in text.char_indices().enumerate() {
        byte_to_char[bi] = ci;
        byte_to_char[bi + c.len_utf8()] = ci + 1;
    }
    for (bi, _) in unicode_linebreak::linebreaks(&text) {
        ok[byte_to_char[bi]] = true;
    }
    for i in 1..chars.len() {
        let (a, b) = (chars[i - 1].ch, chars[i].ch);
        // UAX #14 (Unicode 15.0) forbids breaks on both sides of the ambiguous quotes;
        // in Chinese text (GB/T 15834 §5) an opening quote may start a line and a
        // closing quote may end one.
        if (matches!(b, '“' | '‘') && is_wide(a)) || (matches!(a, '”' | '’') && is_wide(b))
        {
            ok[i] = true;
        }
        if in_set(NO_START, b) || in_set(NO_END, a) || (a == b && a == '…') || bound(a, b) {
            ok[i] = false;
        }
    }
    ok
}

/// Whether `c` is one of `set`'s characters (none of which is an ideograph or an ASCII
/// letter or digit, the characters most text is made of, which are answered first).
fn in_set(set: &str, c: char) -> bool {
    !is_ideograph(c) && !c.is_ascii_alphanumeric() && set.contains(c)
}

/// Pairs our 禁则 keep together that Word's and LibreOffice's line breaking (UAX #14)
/// may split: a number and its 年月日 or %, 年 or 月 and the number after it, and the
/// [`joined`] pairs. The DOCX writer binds these pairs so that word processors break
/// lines where the layout does.
pub(crate) fn bound(a: char, b: char) -> bool {
    (a.is_ascii_digit() && AFTER_NUMBER.contains(b))
        || ((a == '年' || a == '月') && b.is_ascii_digit())
        || joined(a, b)
}

/// The bound pairs the DOCX binds with an invisible WORD JOINER: a dash and what stands
/// before it (GB/T 15834: a dash never starts a line), a hyphen and the letter or digit
/// after it (0000-12345678: LibreOffice breaks after the hyphen), a slash and the letter
/// after it (a web address: LibreOffice keeps `https://www` whole, UAX #14 would break
/// after `//`), and the asterisks of a masked figure (`****万元`, `**.**万元`: one
/// word; LibreOffice 7.4 breaks between asterisks even with the joiner). The pairs of a number and its 年月日 or % get
/// no joiner: it would take away the quarter-em gap word processors set between digits
/// and ideographs.
pub(crate) fn joined(a: char, b: char) -> bool {
    let mask = |c: char| c == '*' || c == '.';
    (b == '—' && a != '—' && !a.is_whitespace())
        || (a == '-' && b.is_ascii_alphanumeric())
        || (a == '/' && b.is_ascii_alphabetic())
        || ((a == '*' || b == '*') && mask(a) && mask(b))
}

/// What Word and LibreOffice set a quarter em apart: Asian text and Latin letters or
/// digits.
#[derive(Clone, Copy, PartialEq)]
enum Script {
    Latin,
    Asian,
    Other,
}

/// The script of `c` after `prev` (`None` at the start of the text). An enclosed number
/// ① … (a footnote mark) takes its side from what precedes it, as measured in
/// LibreOffice 7.4: Latin at the start of a paragraph and after an ASCII character
/// (①和, %①和: a space after the ①), Asian after anything else (效①和, 》①和, 。①AB:
/// none before an ideograph, one before a letter).
fn script(c: char, prev: Option<char>) -> Script {
    if c.is_ascii_alphanumeric() {
        Script::Latin
    } else if is_ideograph(c) {
        Script::Asian
    } else if ('\u{2460}'..='\u{24FF}').contains(&c) {
        if prev.is_none_or(|p| p.is_ascii() && p != ' ') {
            Script::Latin
        } else {
            Script::Asian
        }
    } else {
        Script::Other
    }
}

/// Han ideographs (the script Word and LibreOffice space apart from Latin text).
fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFD)
}

/// Characters set full width in Chinese text: ideographs, CJK and full-width punctuation.
fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0x20000..=0x3FFFD)
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…')
}

/// Breaks `chars` into lines. `avail(k)` is the width of line `k`. A line ends at the
/// last allowed break that fits; a forbidden break pulls characters down to the next
/// line (the line is then stretched by justification). Only a run longer than a whole
/// line is split where no break is allowed, and a date only after its 年 or 月 when
/// keeping it whole would leave a line more than four characters short.
pub(crate) fn break_lines(chars: &[Ch], avail: impl Fn(usize) -> f32) -> Vec<Range<usize>> {
    let ok = break_opportunities(chars);
    let mut lines = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        while start < chars.len() && chars[start].ch == ' ' && !lines.is_empty() {
            start += 1;
        }
        if start >= chars.len() {
            break;
        }
        let width = avail(lines.len()) + 0.01;
        let mut sum = 0.0;
        let mut end = start;
        while end < chars.len() && sum + chars[end].width <= width {
            sum += chars[end].width + chars[end].gap;
            end += 1;
        }
        if end < chars.len() {
            let best = (start + 1..=end)
                .rev()
                .find(|&k| ok[k] || chars[k].ch == ' ');
            // A date is kept whole, unless that leaves the line looser than four
            // characters: then it may break after 年 or 月, never inside a number.
            let loose = |k: usize| width - 0.01 - self::width(&chars[start..k]) > 4.0 * spec::CELL;
            let soft = || {
                (start + 1..=end).rev().find(|&k| {
                    matches!(chars[k - 1].ch, '年' | '月') && chars[k].ch.is_ascii_digit()
                })
            };
            end = match best {
                Some(k) if !loose(k) => k,
                Some(k) => soft().filter(|&s| s > k).unwrap_or(k),
                None => soft().unwrap_or(end.max(start + 1)),
            };
        }
        lines.push(start..end);
        start = end;
    }
    lines
}

/// How a line sits between its edges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Justify,
    Center,
    Right,
}

/// Left edges of the characters of a line set in `[x0, x0 + avail]`.
pub(crate) fn place(chars: &[Ch], x0: f32, avail: f32, align: Align) -> Vec<f32> {
    let n = chars.iter().rposition(|c| c.ch != ' ').map_or(0, |i| i + 1);
    let natural = width(&chars[..n]);
    // Flush right and centred lines align the last glyph's own advance, which for a 3号
    // character is a hair wider than its grid cell.
    let overhang = chars[..n]
        .last()
        .map_or(0.0, |c| (c.adv - c.width).max(0.0));
    let slack = match align {
        Align::Right => avail - natural - overhang,
        Align::Center => avail - natural - overhang,
        _ => avail - natural,
    }
    .max(0.0);
    let (mut x, gap) = match align {
        Align::Left => (x0, 0.0),
        Align::Justify if n > 1 => (x0, slack / (n - 1) as f32),
        Align::Justify => (x0, 0.0),
        Align::Center => (x0 + slack / 2.0, 0.0),
        Align::Right => (x0 + slack, 0.0),
    };
    let mut xs = Vec::with_capacity(chars.len());
    for c in chars {
        xs.push(x);
        x += c.width + c.gap + gap;
    }
    xs
}

/// Width of characters set on one line, mm (the last one's trailing gap not counted).
pub(crate) fn width(chars: &[Ch]) -> f32 {
    chars.iter().map(|c| c.width + c.gap).sum::<f32>() - chars.last().map_or(0.0, |c| c.gap)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> Vec<Ch> {
        text.chars()
            .map(|ch| Ch {
                ch,
                face: FaceId(0),
                gid: 0,
                size: spec::SIZE_3,
                color: Color::BLACK,
                adv: spec::CELL,
                width: spec::CELL,
                gap: 0.0,
            })
            .collect()
    }

    /// Whether a line may break before the character at `at` (a char index).
    fn breaks_before(text: &str, at: usize) -> bool {
        break_opportunities(&chars(text))[at]
    }

    #[test]
    fn numbers_and_percentages_stay_whole_units_and_counters_may_go_down() {
        // 检查经营店18家次，合格率12.5%，截至2023年7月10日。
        let t = "检查经营店18家次，合格率12.5%，截至2023年7月10日。";
        let at = |s: &str| {
            t.chars()
                .collect::<String>()
                .find(s)
                .map(|b| t[..b].chars().count())
                .unwrap()
        };
        assert!(!breaks_before(t, at("8家")), "inside 18");
        assert!(
            breaks_before(t, at("家次")),
            "18|家次, as Word and LibreOffice break"
        );
        assert!(!breaks_before(t, at(".5%")), "before the decimal point");
        assert!(!breaks_before(t, at("%，")), "before the percent sign");
        assert!(!breaks_before(t, at("023年")), "inside 2023");
        assert!(
            breaks_before(t, at("年7")),
            "2023|年, as Word and LibreOffice break"
        );
        assert!(breaks_before(t, at("日。")), "10|日");
        assert!(
            !breaks_before(t, at("7月")),
            "年|7 only where a line would be loose"
        );
    }
}
