//! The typed report: what the author meant, with no formatting decisions.
//!
//! [`Report`] is filled by the reader ([`crate::Converter::read_path`]) and consumed by the
//! layout engine and the DOCX writer. Each block keeps the file line it came from.

use std::fmt;
use std::path::PathBuf;

/// A calendar date, validated (no 2023-02-30).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Full year.
    pub year: u16,
    /// 1–12.
    pub month: u8,
    /// 1–31, valid for the month.
    pub day: u8,
}

impl Date {
    /// A date if it exists in the Gregorian calendar.
    ///
    /// ```
    /// use gongwen::model::Date;
    /// assert_eq!(Date::new(2023, 7, 10).unwrap().to_string(), "2023年7月10日");
    /// assert_eq!(Date::new(2023, 2, 29), None);
    /// assert!(Date::new(2024, 2, 29).is_some());
    /// ```
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (year >= 1 && (1..=days).contains(&day)).then_some(Date { year, month, day })
    }
}

/// Printed as GB/T 9704 7.3.5.4 wants it: `2023年7月10日` (Arabic numerals, no leading zeros).
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}年{}月{}日", self.year, self.month, self.day)
    }
}

macro_rules! text_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vm])* $v),+ }
        impl $name {
            /// Every value as written in a report.
            pub const ALL: &'static [&'static str] = &[$($s),+];
            /// The value as written in a report.
            pub fn as_str(self) -> &'static str { match self { $($name::$v => $s),+ } }
            /// Parses the written form.
            pub fn parse(s: &str) -> Option<Self> { match s { $($s => Some($name::$v),)+ _ => None } }
        }
    };
}

text_enum!(
    /// 密级 (条例; GB/T 9704 7.2.2).
    Secrecy { /** 秘密 */ Secret = "秘密", /** 机密 */ Confidential = "机密", /** 绝密 */ TopSecret = "绝密" }
);
text_enum!(
    /// 紧急程度 (条例; GB/T 9704 7.2.3).
    ///
    /// ```
    /// use gongwen::model::Urgency;
    /// assert_eq!(Urgency::parse("特急"), Some(Urgency::Extra));
    /// assert_eq!(Urgency::Urgent.as_str(), "加急");
    /// assert_eq!(Urgency::ALL, ["特急", "加急"]);
    /// ```
    Urgency { /** 特急 */ Extra = "特急", /** 加急 */ Urgent = "加急" }
);
text_enum!(
    /// The 15 kinds of 公文 (条例 第八条).
    DocKind {
        /** 决议 */ Resolution = "决议", /** 决定 */ Decision = "决定", /** 命令 */ Order = "命令",
        /** 公报 */ Communique = "公报", /** 公告 */ Announcement = "公告", /** 通告 */ Circular = "通告",
        /** 意见 */ Opinion = "意见", /** 通知 */ Notice = "通知", /** 通报 */ Bulletin = "通报",
        /** 报告 */ Report = "报告", /** 请示 */ Request = "请示", /** 批复 */ Reply = "批复",
        /** 议案 */ Motion = "议案", /** 函 */ Letter = "函", /** 纪要 */ Minutes = "纪要",
    }
);

impl DocKind {
    /// 报告 and 请示 go up (上行文) and need 签发人 (条例).
    ///
    /// ```
    /// use gongwen::model::DocKind;
    /// assert!(DocKind::Request.is_upward() && !DocKind::Notice.is_upward());
    /// assert_eq!(DocKind::parse("请示"), Some(DocKind::Request));
    /// assert_eq!(DocKind::Report.as_str(), "报告");
    /// ```
    pub fn is_upward(self) -> bool {
        matches!(self, DocKind::Report | DocKind::Request)
    }
}

/// 版式: the form of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Layout {
    /// 文件式: red 版头 with 发文机关标志 (default when `issuer` is set).
    File,
    /// 信函式 (GB/T 9704 10.1).
    Letter,
    /// 命令式 (10.2).
    Order,
    /// 纪要式 (10.3).
    Minutes,
    /// No 版头: title, body, signature, date (default without `issuer`).
    #[default]
    Plain,
}

impl Layout {
    /// Every value as written in a report (English or Chinese).
    pub const ALL: &'static [&'static str] = &[
        "file",
        "文件式",
        "letter",
        "信函式",
        "order",
        "命令式",
        "minutes",
        "纪要式",
        "plain",
    ];
    /// Parses the written form.
    ///
    /// ```
    /// use gongwen::model::Layout;
    /// assert_eq!(Layout::parse("信函式"), Layout::parse("letter"));
    /// assert_eq!(Layout::parse("poster"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Layout> {
        Some(match s {
            "file" | "文件式" => Layout::File,
            "letter" | "信函式" => Layout::Letter,
            "order" | "命令式" => Layout::Order,
            "minutes" | "纪要式" => Layout::Minutes,
            "plain" => Layout::Plain,
            _ => return None,
        })
    }
}

/// One 附件 of the 附件说明, optionally with a Markdown file for its pages.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Attachment {
    /// The name, as printed in the 附件说明 and as the attachment's title.
    pub name: String,
    /// The attachment's body, read from `file`.
    pub body: Option<Vec<Block>>,
    /// The file the body came from.
    pub file: Option<PathBuf>,
}

/// One signer of a 命令 or 议案: full title and stamp image (7.3.5.3).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SignedBy {
    /// 职务, printed in full.
    pub title: String,
    /// The 签名章 image.
    pub stamp: PathBuf,
}

/// Font overrides from the front matter: role → file path or installed family.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct FontChoice {
    /// 仿宋.
    pub fangsong: Option<String>,
    /// 楷体.
    pub kaiti: Option<String>,
    /// 黑体.
    pub heiti: Option<String>,
    /// 宋体.
    pub songti: Option<String>,
    /// 小标宋.
    pub xiaobiaosong: Option<String>,
}

/// The front matter, typed. Field names are the contract's English keys
/// (`docs/REPORT-FORMAT.md`); the Chinese alias of each is in brackets.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Meta {
    /// 文种 (`kind`): 通知, 报告, 请示 …; 报告 and 请示 are 上行文.
    pub kind: Option<DocKind>,
    /// 版式 (`layout`): 文件式 by default with an issuer, else plain.
    pub layout: Layout,
    /// 份号 (`copy_no`), six digits (7.2.1).
    pub copy_no: Option<String>,
    /// 密级 (`secrecy`, 7.2.2).
    pub secrecy: Option<Secrecy>,
    /// 保密期限 (`secrecy_term`), printed after the 密级 with ★.
    pub secrecy_term: Option<String>,
    /// 紧急程度 (`urgency`, 7.2.3).
    pub urgency: Option<Urgency>,
    /// 发文机关 (`issuer`); several organs make a joint document.
    pub issuer: Vec<String>,
    /// 发文机关标志 (`issuer_mark`): the mark's text when not `<issuer>文件` (7.2.4).
    pub issuer_mark: Option<String>,
    /// 发文字号 (`doc_number`), its year normalised to 〔YYYY〕 (7.2.5).
    pub doc_number: Option<String>,
    /// 签发人 (`signers`): makes the 上行文 head (7.2.6).
    pub signers: Vec<String>,
    /// 标题 (`title`); may hold `\n` where the author forces a line break (7.3.1).
    pub title: Option<String>,
    /// 主送机关 (`recipients`, 7.3.2).
    pub recipients: Vec<String>,
    /// 附件 (`attachments`): names, or name and Markdown file (7.3.4, 7.3.7).
    pub attachments: Vec<Attachment>,
    /// 署名 (`signature`); defaults to `issuer` (7.3.5).
    pub signature: Vec<String>,
    /// 成文日期 (`date`, 7.3.5); also the documents' creation date in their metadata.
    pub date: Option<Date>,
    /// 印章 (`seal`): one image per organ, or one for all (7.3.5.1).
    pub seal: Vec<PathBuf>,
    /// 签名章 (`signed_by`): signer's title and stamp image, 命令 and 议案 (7.3.5.3).
    pub signed_by: Vec<SignedBy>,
    /// 附注 (`note`, 7.3.6).
    pub note: Option<String>,
    /// 抄送机关 (`cc`, 7.4.2).
    pub cc: Vec<String>,
    /// 印发机关 (`printer`, 7.4.3).
    pub printer: Option<String>,
    /// 印发日期 (`print_date`, 7.4.3).
    pub print_date: Option<Date>,
    /// 字体 (`fonts`): a face per role, replacing the bundled ones.
    pub fonts: FontChoice,
}

impl Meta {
    /// 份号, 密级★保密期限 and 紧急程度 as printed, top to bottom (7.2.1–7.2.3).
    ///
    /// ```
    /// let doc = gongwen::Converter::new()?.read_str(
    ///     "---\n发文机关: 某局\n份号: \"000012\"\n密级: 机密\n保密期限: 1年\n紧急程度: 特急\n---\n\n正文。\n",
    /// )?;
    /// assert_eq!(doc.report().meta.stack_items(), ["000012", "机密★1年", "特急"]);
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn stack_items(&self) -> Vec<String> {
        let mut items: Vec<String> = self.copy_no.iter().cloned().collect();
        if let Some(s) = self.secrecy {
            items.push(
                self.secrecy_term
                    .as_ref()
                    .map_or(s.as_str().to_string(), |t| format!("{}★{t}", s.as_str())),
            );
        }
        items.extend(self.urgency.map(|u| u.as_str().to_string()));
        items
    }

    /// The 版记's list lines above the 印发 line (7.4.2): ("主送", names) when the
    /// 主送机关 moved there, and ("抄送", names ending with 。); names joined by "，".
    ///
    /// ```
    /// let mut meta = gongwen::model::Meta::default();
    /// meta.cc = vec!["市市场监督管理局".into(), "县财政局。".into()];
    /// assert_eq!(meta.colophon_lists(false), [("抄送", "市市场监督管理局，县财政局。".to_string())]);
    /// ```
    pub fn colophon_lists(&self, recipients_moved: bool) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if recipients_moved && !self.recipients.is_empty() {
            out.push(("主送", self.recipients.join("，")));
        }
        if !self.cc.is_empty() {
            let cc: Vec<&str> = self.cc.iter().map(|c| c.trim_end_matches('。')).collect();
            out.push(("抄送", format!("{}。", cc.join("，"))));
        }
        out
    }

    /// The 签发人 names as printed, two to a line (GB/T 9704 7.2.6), full-width space
    /// between them.
    ///
    /// ```
    /// let mut meta = gongwen::model::Meta::default();
    /// meta.signers = vec!["张某某".into(), "李某某".into(), "王某某".into()];
    /// assert_eq!(meta.signer_lines(), ["张某某　李某某", "王某某"]);
    /// ```
    pub fn signer_lines(&self) -> Vec<String> {
        self.signers
            .chunks(crate::spec::SIGNERS_PER_LINE)
            .map(|c| c.join("　"))
            .collect()
    }

    /// The red mark's text: `issuer_mark`, or each issuer + `文件` (file layout), `令`
    /// (order) or `纪要` (minutes); a letter prints the name alone.
    ///
    /// ```
    /// use gongwen::model::{Layout, Meta};
    /// let mut meta = Meta::default();
    /// meta.layout = Layout::File;
    /// meta.issuer = vec!["某县市场监督管理局".into(), "某县教育局".into()];
    /// assert_eq!(meta.mark_lines(), ["某县市场监督管理局文件", "某县教育局文件"]);
    /// meta.layout = Layout::Letter;
    /// assert_eq!(meta.mark_lines(), ["某县市场监督管理局"]);
    /// ```
    pub fn mark_lines(&self) -> Vec<String> {
        if let Some(m) = &self.issuer_mark {
            return m.split('\n').map(str::to_owned).collect();
        }
        let suffix = match self.layout {
            Layout::File => "文件",
            Layout::Order => "令",
            Layout::Minutes => "纪要",
            Layout::Letter | Layout::Plain => "",
        };
        match self.issuer.as_slice() {
            [] => Vec::new(),
            [one] => vec![format!("{one}{suffix}")],
            many if self.layout == Layout::Letter => vec![many[0].clone()],
            many => many.iter().map(|n| format!("{n}{suffix}")).collect(),
        }
    }
}

/// The level-1…4 heading markers of GB/T 9704 7.3.3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeadingLevel {
    /// 一、 in 黑体.
    One = 1,
    /// （一） in 楷体.
    Two = 2,
    /// 1. in 仿宋.
    Three = 3,
    /// （1） in 仿宋.
    Four = 4,
}

/// A block of the body.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Block {
    /// `#`…`####`.
    Heading {
        /// The level.
        level: HeadingLevel,
        /// The automatic marker (`一、` …), empty when the author wrote one.
        marker: String,
        /// The text as written (including the author's own marker).
        text: String,
        /// File line.
        line: usize,
    },
    /// A body paragraph.
    Paragraph {
        /// The text, every character of the source (asterisks included).
        text: String,
        /// A run-in heading: the paragraph starts with its own marker; the level and the
        /// byte length of the heading part (up to the first 。！？, or the whole).
        run_in: Option<(HeadingLevel, usize)>,
        /// File line.
        line: usize,
    },
    /// An ordered or unordered list.
    List {
        /// The number of the first item, for ordered lists.
        start: Option<u64>,
        /// Each item's blocks.
        items: Vec<Vec<Block>>,
        /// File line.
        line: usize,
    },
    /// A block quote.
    Quote(Vec<Block>),
    /// A GFM table.
    Table {
        /// Header cells.
        header: Vec<String>,
        /// Body rows.
        rows: Vec<Vec<String>>,
        /// Each column's alignment as the separator row gives it (`:--`, `:-:`, `--:`).
        align: Vec<CellAlign>,
        /// File line.
        line: usize,
    },
    /// An image, resolved and checked to be a PNG or JPEG.
    Image {
        /// Alternative text.
        alt: String,
        /// The file.
        path: PathBuf,
        /// File line.
        line: usize,
    },
    /// `\newpage`.
    PageBreak,
    /// A 纪要 attendee line (`出席：`, `请假：`, `列席：`).
    Attendees {
        /// The label, e.g. `出席`.
        label: String,
        /// The names after the colon.
        names: String,
        /// File line.
        line: usize,
    },
}

impl Block {
    /// A body paragraph of `text` (line 0: built in code).
    ///
    /// ```
    /// let b = gongwen::model::Block::paragraph("正文。");
    /// assert!(matches!(b, gongwen::model::Block::Paragraph { ref text, .. } if text == "正文。"));
    /// ```
    pub fn paragraph(text: impl Into<String>) -> Block {
        Block::Paragraph {
            text: text.into(),
            run_in: None,
            line: 0,
        }
    }
}

/// A table column's alignment, from the GFM separator row.
///
/// ```
/// use gongwen::model::{Block, CellAlign};
/// let doc = gongwen::Converter::new()?.read_str("---\n标题: 表\n---\n\n| 甲 | 乙 | 丙 |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n")?;
/// let Block::Table { align, .. } = &doc.report().body[0] else { panic!() };
/// assert_eq!(align, &[CellAlign::Left, CellAlign::Center, CellAlign::Right]);
/// # Ok::<(), gongwen::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum CellAlign {
    /// No colon (`---`): body cells flush left, the header centred.
    #[default]
    Default,
    /// `:--`.
    Left,
    /// `:-:`.
    Center,
    /// `--:`.
    Right,
}

/// A report: front matter and body.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct Report {
    /// The front matter.
    pub meta: Meta,
    /// The body's blocks.
    pub body: Vec<Block>,
}

impl Report {
    /// A report from its front matter and body, for [`Converter::render`].
    ///
    /// [`Converter::render`]: crate::Converter::render
    ///
    /// ```
    /// use gongwen::model::{Block, Meta, Report};
    /// let r = Report::new(Meta::default(), vec![Block::paragraph("正文。")]);
    /// assert_eq!(r.body_text(), "正文。\n");
    /// ```
    pub fn new(meta: Meta, body: Vec<Block>) -> Report {
        Report { meta, body }
    }

    /// The body's text, one line per paragraph, heading or cell (markers the author
    /// wrote are part of it; automatic ones are not). Used to prove no text was lost.
    ///
    /// ```
    /// let doc = gongwen::Converter::new()?.read_str("---\n标题: 通知\n---\n\n# 总体情况\n\n罚没款**.**万元。\n")?;
    /// assert_eq!(doc.report().body_text(), "总体情况\n罚没款**.**万元。\n");
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn body_text(&self) -> String {
        blocks_text(&self.body)
    }
}

/// The text of blocks, one line per paragraph, heading or table row (cells joined by tabs).
pub(crate) fn blocks_text(blocks: &[Block]) -> String {
    fn walk(blocks: &[Block], out: &mut String) {
        for b in blocks {
            match b {
                Block::Heading { text, .. } | Block::Paragraph { text, .. } => {
                    out.push_str(text);
                    out.push('\n');
                }
                Block::Attendees { label, names, .. } => {
                    out.push_str(&format!("{label}：{names}\n"));
                }
                Block::List { items, .. } => items.iter().for_each(|i| walk(i, out)),
                Block::Quote(inner) => walk(inner, out),
                Block::Table { header, rows, .. } => {
                    for row in std::iter::once(header).chain(rows) {
                        out.push_str(&row.join("\t"));
                        out.push('\n');
                    }
                }
                Block::Image { alt, .. } => {
                    out.push_str(alt);
                    out.push('\n');
                }
                Block::PageBreak => {}
            }
        }
    }
    let mut out = String::new();
    walk(blocks, &mut out);
    out
}
