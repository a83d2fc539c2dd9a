//! YAML front matter → [`Meta`]. The only module that knows the YAML crate, so the
//! parser can be swapped for a maintained one without touching the rest.

use serde_yaml::Value;

use super::resources::Resolver;
use crate::error::{Problem, Sink};
use crate::model::{
    Attachment, Date, DocKind, FontChoice, Layout, Meta, Secrecy, SignedBy, Urgency,
};

/// Every key of the contract: English name and Chinese alias.
pub const KEYS: &[(&str, &str)] = &[
    ("kind", "文种"),
    ("layout", "版式"),
    ("copy_no", "份号"),
    ("secrecy", "密级"),
    ("secrecy_term", "保密期限"),
    ("urgency", "紧急程度"),
    ("issuer", "发文机关"),
    ("issuer_mark", "发文机关标志"),
    ("doc_number", "发文字号"),
    ("signers", "签发人"),
    ("title", "标题"),
    ("recipients", "主送机关"),
    ("attachments", "附件"),
    ("signature", "署名"),
    ("date", "成文日期"),
    ("seal", "印章"),
    ("signed_by", "签名章"),
    ("note", "附注"),
    ("cc", "抄送"),
    ("printer", "印发机关"),
    ("print_date", "印发日期"),
    ("fonts", "字体"),
];

/// GB/T 9704's own names of the elements (clause 7), accepted as further aliases: the
/// key they stand for in [`KEYS`].
///
/// ```
/// let doc = gongwen::Converter::new()?.read_str("---\n抄送机关: 县财政局\n---\n\n正文。\n")?;
/// assert_eq!(doc.report().meta.cc, ["县财政局"]);
/// assert!(gongwen::ELEMENT_NAMES.contains(&("抄送机关", "cc")));
/// # Ok::<(), gongwen::Error>(())
/// ```
pub const ELEMENT_NAMES: &[(&str, &str)] = &[
    ("发文机关名称", "issuer"),
    ("附件说明", "attachments"),
    ("发文机关署名", "signature"),
    ("抄送机关", "cc"),
];

/// Words authors use for a key, by meaning: suggested when such a key is unknown.
const MEANINGS: &[(&str, &str)] = &[
    ("文号", "发文字号"),
    ("字号", "发文字号"),
    ("日期", "成文日期"),
    ("发文日期", "成文日期"),
    ("落款", "署名"),
    ("落款日期", "成文日期"),
    ("主送", "主送机关"),
    ("抄报", "抄送"),
    ("印发", "印发机关"),
    ("盖章", "印章"),
    ("公章", "印章"),
    ("备注", "附注"),
    ("类型", "文种"),
    ("种类", "文种"),
    ("签发", "签发人"),
    ("题目", "标题"),
    ("author", "发文机关"),
];

/// The index in [`KEYS`] of a key as written: English, Chinese alias or element name.
fn key_index(key: &str) -> Option<usize> {
    let english = ELEMENT_NAMES
        .iter()
        .find(|(name, _)| *name == key)
        .map_or(key, |(_, english)| english);
    KEYS.iter().position(|(e, c)| *e == english || *c == key)
}

/// A top-level key as it stands in the file.
struct KeyLine {
    key: String,
    line: usize,
    value_col: usize,
    /// The scalar text after the colon, unquoted (keeps `000123` as written).
    raw: String,
}

fn scan_keys(yaml: &str, first_line: usize) -> Vec<KeyLine> {
    let mut out = Vec::new();
    for (i, l) in yaml.lines().enumerate() {
        if l.is_empty() || l.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        let Some(colon) = l.find(':') else { continue };
        let key = l[..colon].trim().trim_matches(['"', '\'']).to_string();
        let rest = &l[colon + 1..];
        let value = rest.trim_start();
        let value_col = l[..colon + 1].chars().count() + (rest.len() - value.len()) + 1;
        let raw = value
            .split(" #")
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches(['"', '\''])
            .to_string();
        out.push(KeyLine {
            key,
            line: first_line + i,
            value_col,
            raw,
        });
    }
    out
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn suggest(key: &str) -> Option<&'static str> {
    if let Some((_, meant)) = MEANINGS
        .iter()
        .find(|(word, _)| *word == key.to_lowercase())
    {
        return Some(meant);
    }
    let (d, best) = KEYS
        .iter()
        .flat_map(|(e, c)| [*e, *c])
        .map(|k| (distance(&key.to_lowercase(), k), k))
        .min()?;
    (d <= (key.chars().count() / 2).max(1)).then_some(best)
}

/// Reads the front matter. `first_line` is the file line of the YAML's first line.
pub(crate) fn parse(yaml: &str, first_line: usize, res: &Resolver, sink: &mut Sink) -> Meta {
    let mut meta = Meta::default();
    let value: Value = match serde_yaml::from_str(yaml) {
        Ok(v) => v,
        Err(e) => {
            let (line, col) = e
                .location()
                .map_or((first_line, 1), |l| (first_line + l.line() - 1, l.column()));
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
            sink.error((line, col), Problem::Yaml { message: msg });
            return meta;
        }
    };
    let map = match value {
        Value::Null => return meta,
        Value::Mapping(m) => m,
        _ => {
            sink.error(
                (first_line, 1),
                Problem::Yaml {
                    message: "the front matter must be `key: value` lines".into(),
                },
            );
            return meta;
        }
    };
    let lines = scan_keys(yaml, first_line);
    let mut seen: Vec<(usize, String, usize)> = Vec::new();
    let mut issuer_given = false;
    let mut layout_given = false;
    let mut signature_given = false;
    for (k, v) in &map {
        let key = match k {
            Value::String(s) => s.clone(),
            other => serde_yaml::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_string(),
        };
        let kl = lines.iter().find(|l| l.key == key);
        let at = kl.map_or((first_line, 1), |l| (l.line, 1));
        let vat = kl.map_or(at, |l| (l.line, l.value_col));
        let raw = kl.map(|l| l.raw.as_str()).unwrap_or("");
        let Some(idx) = key_index(&key) else {
            sink.error(
                at,
                Problem::UnknownKey {
                    key: key.clone(),
                    suggestion: suggest(&key),
                },
            );
            continue;
        };
        if let Some((_, other, other_line)) = seen.iter().find(|(i, ..)| *i == idx) {
            sink.error(
                at,
                Problem::DuplicateKey {
                    key: key.clone(),
                    other: other.clone(),
                    other_line: *other_line,
                },
            );
            continue;
        }
        seen.push((idx, key.clone(), at.0));
        let mut cx = Cx {
            key: &key,
            at: vat,
            sink,
        };
        match KEYS[idx].0 {
            "kind" => meta.kind = cx.choice(v, DocKind::ALL, DocKind::parse),
            "layout" => {
                layout_given = true;
                meta.layout = cx.choice(v, Layout::ALL, Layout::parse).unwrap_or_default()
            }
            "copy_no" => meta.copy_no = cx.copy_no(v, raw),
            "secrecy" => meta.secrecy = cx.choice(v, Secrecy::ALL, Secrecy::parse),
            "secrecy_term" => meta.secrecy_term = cx.text(v),
            "urgency" => meta.urgency = cx.choice(v, Urgency::ALL, Urgency::parse),
            "issuer" => {
                issuer_given = true;
                meta.issuer = cx.list(v)
            }
            "issuer_mark" => meta.issuer_mark = cx.text(v),
            "doc_number" => meta.doc_number = cx.text(v).map(|s| cx.doc_number(s)),
            "signers" => meta.signers = cx.list(v),
            "title" => meta.title = cx.text(v),
            "recipients" => meta.recipients = cx.list(v),
            "attachments" => meta.attachments = cx.attachments(v, res),
            "signature" => {
                signature_given = true;
                meta.signature = cx.list(v)
            }
            "date" => meta.date = cx.date(v),
            "seal" => {
                meta.seal = cx
                    .list(v)
                    .iter()
                    .filter_map(|p| res.image(p, vat, cx.sink))
                    .collect()
            }
            "signed_by" => meta.signed_by = cx.signed_by(v, res),
            "note" => meta.note = cx.text(v),
            "cc" => meta.cc = cx.list(v),
            "printer" => meta.printer = cx.text(v),
            "print_date" => meta.print_date = cx.date(v),
            "fonts" => meta.fonts = cx.fonts(v),
            _ => unreachable!("every key of KEYS is handled"),
        }
    }
    if !layout_given && issuer_given && !meta.issuer.is_empty() {
        meta.layout = match meta.kind {
            Some(DocKind::Letter) => Layout::Letter,
            Some(DocKind::Order) => Layout::Order,
            Some(DocKind::Minutes) => Layout::Minutes,
            _ => Layout::File,
        };
    }
    // 署名 defaults to the issuer; 纪要 carry their organ in the mark and sign nothing.
    if !signature_given && meta.layout != Layout::Minutes {
        meta.signature = meta.issuer.clone();
    }
    meta
}

/// Converts one value, reporting problems at its place.
struct Cx<'a> {
    key: &'a str,
    at: (usize, usize),
    sink: &'a mut Sink,
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl Cx<'_> {
    fn wrong(&mut self, expected: &'static str) {
        self.sink.error(
            self.at,
            Problem::WrongType {
                key: self.key.into(),
                expected,
            },
        );
    }

    fn text(&mut self, v: &Value) -> Option<String> {
        match v {
            Value::Null => None,
            v => scalar(v).or_else(|| {
                self.wrong("a text");
                None
            }),
        }
    }

    fn list(&mut self, v: &Value) -> Vec<String> {
        match v {
            Value::Null => Vec::new(),
            Value::Sequence(items) => {
                let out: Vec<String> = items.iter().filter_map(scalar).collect();
                if out.len() != items.len() {
                    self.wrong("a text or a list of texts");
                }
                out
            }
            v => match scalar(v) {
                Some(s) => vec![s],
                None => {
                    self.wrong("a text or a list of texts");
                    Vec::new()
                }
            },
        }
    }

    fn choice<T>(
        &mut self,
        v: &Value,
        allowed: &'static [&'static str],
        parse: fn(&str) -> Option<T>,
    ) -> Option<T> {
        let s = self.text(v)?;
        let t = parse(s.trim());
        if t.is_none() {
            self.sink.error(
                self.at,
                Problem::NotInSet {
                    key: self.key.into(),
                    value: s,
                    allowed,
                },
            );
        }
        t
    }

    fn copy_no(&mut self, v: &Value, raw: &str) -> Option<String> {
        // YAML reads an unquoted 000123 as the number 123: keep the digits as written.
        let s = match v {
            Value::Number(_) if !raw.is_empty() => raw.to_string(),
            v => self.text(v)?,
        };
        if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
            Some(s)
        } else {
            self.sink.error(self.at, Problem::CopyNumber { value: s });
            None
        }
    }

    fn date(&mut self, v: &Value) -> Option<Date> {
        let s = self.text(v)?;
        let t = s.trim();
        let parts: Vec<&str> = t.split('-').collect();
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        if parts.len() != 3 || !digits(parts[0], 4) || !digits(parts[1], 2) || !digits(parts[2], 2)
        {
            self.sink.error(
                self.at,
                Problem::DateFormat {
                    key: self.key.into(),
                    value: s,
                },
            );
            return None;
        }
        let n = |p: &str| p.parse::<u16>().unwrap_or(0);
        let d = Date::new(n(parts[0]), n(parts[1]) as u8, n(parts[2]) as u8);
        if d.is_none() {
            self.sink.error(
                self.at,
                Problem::ImpossibleDate {
                    key: self.key.into(),
                    value: s,
                },
            );
        }
        d
    }

    /// `[2023]`, `(2023)`, `（2023）`, `【2023】` → `〔2023〕`, with a note.
    fn doc_number(&mut self, s: String) -> String {
        let chars: Vec<char> = s.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            let open = matches!(chars[i], '[' | '(' | '（' | '【' | '［' | '〔');
            let year = chars.len() >= i + 6 && chars[i + 1..i + 5].iter().all(char::is_ascii_digit);
            if open && year && matches!(chars[i + 5], ']' | ')' | '）' | '】' | '］' | '〕') {
                out.push('〔');
                out.extend(&chars[i + 1..i + 5]);
                out.push('〕');
                i += 6;
            } else {
                out.push(chars[i]);
                i += 1;
            }
        }
        if out != s {
            self.sink.push(
                crate::Severity::Note,
                self.at,
                Problem::DocNumberNormalised {
                    from: s,
                    to: out.clone(),
                },
            );
        }
        out
    }

    fn field<'v>(m: &'v serde_yaml::Mapping, names: &[&str]) -> Option<&'v Value> {
        names.iter().find_map(|n| m.get(*n))
    }

    fn attachments(&mut self, v: &Value, res: &Resolver) -> Vec<Attachment> {
        let items = match v {
            Value::Null => return Vec::new(),
            Value::Sequence(items) => items.clone(),
            other => vec![other.clone()],
        };
        let mut out = Vec::new();
        for item in &items {
            match item {
                Value::Mapping(m) => {
                    let name = Self::field(m, &["name", "名称"]).and_then(scalar);
                    let file = Self::field(m, &["file", "文件"]).and_then(scalar);
                    let Some(name) = name else {
                        self.wrong("a list of names or of {name, file}");
                        continue;
                    };
                    let file = file.and_then(|f| res.file(&f, self.at, self.sink));
                    out.push(Attachment {
                        name,
                        body: None,
                        file,
                    });
                }
                v => match scalar(v) {
                    Some(name) => out.push(Attachment {
                        name,
                        body: None,
                        file: None,
                    }),
                    None => self.wrong("a list of names or of {name, file}"),
                },
            }
        }
        out
    }

    fn signed_by(&mut self, v: &Value, res: &Resolver) -> Vec<SignedBy> {
        let Value::Sequence(items) = v else {
            if !v.is_null() {
                self.wrong("a list of {title, stamp}");
            }
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            let Value::Mapping(m) = item else {
                self.wrong("a list of {title, stamp}");
                continue;
            };
            let title = Self::field(m, &["title", "职务"]).and_then(scalar);
            let stamp = Self::field(m, &["stamp", "图片"]).and_then(scalar);
            match (title, stamp) {
                (Some(title), Some(stamp)) => {
                    if let Some(stamp) = res.image(&stamp, self.at, self.sink) {
                        out.push(SignedBy { title, stamp });
                    }
                }
                _ => self.wrong("a list of {title, stamp}"),
            }
        }
        out
    }

    fn fonts(&mut self, v: &Value) -> FontChoice {
        let mut f = FontChoice::default();
        let Value::Mapping(m) = v else {
            if !v.is_null() {
                self.wrong(
                    "a map of roles (fangsong, kaiti, heiti, songti, xiaobiaosong) to fonts",
                );
            }
            return f;
        };
        const ROLES: &[&str] = &[
            "fangsong",
            "仿宋",
            "kaiti",
            "楷体",
            "heiti",
            "黑体",
            "songti",
            "宋体",
            "xiaobiaosong",
            "小标宋",
        ];
        for (k, val) in m {
            let role = scalar(k).unwrap_or_default();
            let value = scalar(val);
            let slot = match role.as_str() {
                "fangsong" | "仿宋" => &mut f.fangsong,
                "kaiti" | "楷体" => &mut f.kaiti,
                "heiti" | "黑体" => &mut f.heiti,
                "songti" | "宋体" => &mut f.songti,
                "xiaobiaosong" | "小标宋" => &mut f.xiaobiaosong,
                _ => {
                    self.sink.error(
                        self.at,
                        Problem::NotInSet {
                            key: format!("{}.{role}", self.key),
                            value: role.clone(),
                            allowed: ROLES,
                        },
                    );
                    continue;
                }
            };
            *slot = value;
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_suggests_the_closest_key() {
        assert_eq!(suggest("成文日起"), Some("成文日期"));
        assert_eq!(suggest("titel"), Some("title"));
        assert_eq!(suggest("完全无关的键名"), None);
    }
}
