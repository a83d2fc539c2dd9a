//! Heading markers 一、（一）1.（1）: generating them and recognising those the author wrote.

use crate::model::HeadingLevel;

const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// 1 → 一, 10 → 十, 21 → 二十一 (up to 99; larger numbers stay Arabic).
pub fn chinese(n: u32) -> String {
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n > 10 {
                DIGITS[(n - 10) as usize].to_string()
            } else {
                String::new()
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if !n.is_multiple_of(10) {
                DIGITS[(n % 10) as usize].to_string()
            } else {
                String::new()
            }
        ),
        _ => n.to_string(),
    }
}

fn parse_chinese(s: &str) -> Option<u32> {
    let ds: Vec<u32> = s
        .chars()
        .map(|c| {
            DIGITS
                .iter()
                .position(|&d| d == c)
                .map(|p| p as u32)
                .or((c == '十').then_some(10))
        })
        .collect::<Option<_>>()?;
    match ds.as_slice() {
        [d] => Some(*d),
        [10, d] => Some(10 + d),
        [t, 10] if *t < 10 => Some(t * 10),
        [t, 10, d] if *t < 10 && *d < 10 => Some(t * 10 + d),
        _ => None,
    }
}

/// The marker of a heading at `level` numbered `n`.
pub fn marker(level: HeadingLevel, n: u32) -> String {
    match level {
        HeadingLevel::One => format!("{}、", chinese(n)),
        HeadingLevel::Two => format!("（{}）", chinese(n)),
        HeadingLevel::Three => format!("{n}."),
        HeadingLevel::Four => format!("（{n}）"),
    }
}

/// A marker at the start of `text`: its level, number and byte length.
pub fn written(text: &str) -> Option<(HeadingLevel, u32, usize)> {
    let is_cn = |c: char| DIGITS.contains(&c) || c == '十';
    if let Some(rest) = text.strip_prefix('（') {
        let inner: String = rest.chars().take_while(|&c| c != '）').collect();
        let close = '（'.len_utf8() + inner.len() + '）'.len_utf8();
        if rest[inner.len()..].starts_with('）') && !inner.is_empty() {
            if inner.chars().all(|c| c.is_ascii_digit()) {
                return inner.parse().ok().map(|n| (HeadingLevel::Four, n, close));
            }
            if inner.chars().all(is_cn) {
                return parse_chinese(&inner).map(|n| (HeadingLevel::Two, n, close));
            }
        }
        return None;
    }
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() && digits.len() <= 3 {
        let after = &text[digits.len()..];
        if after.starts_with('.') || after.starts_with('．') {
            let len = digits.len() + after.chars().next().map_or(0, char::len_utf8);
            // "1.5亿" is a number, not a marker.
            if !after[after.chars().next().map_or(0, char::len_utf8)..]
                .starts_with(|c: char| c.is_ascii_digit())
            {
                return digits.parse().ok().map(|n| (HeadingLevel::Three, n, len));
            }
        }
        return None;
    }
    let cn: String = text.chars().take_while(|&c| is_cn(c)).collect();
    if !cn.is_empty() && text[cn.len()..].starts_with('、') {
        return parse_chinese(&cn).map(|n| (HeadingLevel::One, n, cn.len() + '、'.len_utf8()));
    }
    None
}

/// The heading part of a paragraph that starts with a marker: up to and including the
/// first 。！？ (a run-in heading), or the whole paragraph.
pub fn run_in(text: &str) -> Option<(HeadingLevel, usize)> {
    let (level, _, _) = written(text)?;
    let end = text
        .find(['。', '！', '？'])
        .map_or(text.len(), |i| i + '。'.len_utf8());
    Some((level, end))
}

/// Numbers headings: counters per level, restarting under each parent.
#[derive(Debug, Default)]
pub struct Counter {
    counts: [u32; 4],
}

impl Counter {
    /// The number of the next heading at `level`.
    pub fn next(&mut self, level: HeadingLevel) -> u32 {
        let i = level as usize - 1;
        self.counts[i] += 1;
        self.counts[i + 1..].iter_mut().for_each(|c| *c = 0);
        self.counts[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        let got: Vec<String> = [1, 9, 10, 11, 20, 21, 99]
            .iter()
            .map(|&n| chinese(n))
            .collect();
        assert_eq!(got, ["一", "九", "十", "十一", "二十", "二十一", "九十九"]);
        for n in 1..100 {
            assert_eq!(parse_chinese(&chinese(n)), Some(n));
        }
    }

    #[test]
    fn recognises_written_markers() {
        assert_eq!(written("一、上半年"), Some((HeadingLevel::One, 1, 6)));
        assert_eq!(written("（十二）坚持"), Some((HeadingLevel::Two, 12, 12)));
        assert_eq!(written("1.一网通办"), Some((HeadingLevel::Three, 1, 2)));
        assert_eq!(written("（3）细则"), Some((HeadingLevel::Four, 3, 7)));
        assert_eq!(written("1.5亿元"), None);
        assert_eq!(written("一是持续"), None);
        assert_eq!(written("2023年"), None);
    }

    #[test]
    fn run_in_heading_ends_at_the_first_full_stop() {
        let t = "（一）责任意识不够高。部分党支部";
        assert_eq!(run_in(t), Some((HeadingLevel::Two, t.find('部').unwrap())));
    }
}
