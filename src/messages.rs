//! The diagnostics in Chinese, for the clerks who read them: one table, next to the
//! English messages of [`Problem`] (its `Display`), variant for variant.

use crate::error::{Problem, Severity};

/// The language of a diagnostic's message.
///
/// ```
/// use gongwen::Lang;
/// let err = gongwen::Converter::new()?
///     .read_str("---\n成文日期: 2023-02-30\n---\n\n正文。\n")
///     .unwrap_err();
/// let d = &err.diagnostics()[0];
/// assert!(d.render_in(None, Lang::Zh).contains("错误：`成文日期`：2023-02-30 不是真实存在的日期"));
/// assert!(d.render_in(None, Lang::En).contains("error: `成文日期`: 2023-02-30 is not a real date"));
/// # Ok::<(), gongwen::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Lang {
    /// English (the `Display` of every error).
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Severity {
    /// "error", "warning", "note" or 错误, 警告, 提示.
    ///
    /// ```
    /// assert_eq!(gongwen::Severity::Warning.label(gongwen::Lang::Zh), "警告");
    /// ```
    pub fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Zh, Severity::Error) => "错误",
            (Lang::Zh, Severity::Warning) => "警告",
            (Lang::Zh, Severity::Note) => "提示",
            (_, Severity::Error) => "error",
            (_, Severity::Warning) => "warning",
            (_, Severity::Note) => "note",
        }
    }
}

impl Problem {
    /// The message in a language.
    ///
    /// ```
    /// use gongwen::{Lang, Problem};
    /// let p = Problem::EmptyBody;
    /// assert_eq!(p.message(Lang::En), p.to_string());
    /// assert_eq!(p.message(Lang::Zh), "正文为空：文件有版头、标题和署名，但没有正文");
    /// ```
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => zh(self),
            _ => self.to_string(),
        }
    }
}

fn zh(p: &Problem) -> String {
    use Problem as P;
    match p {
        P::Yaml { message } => format!("前置信息（YAML）有误：{message}"),
        P::NoFrontMatter => {
            "报告没有前置信息（开头两行 `---` 之间的部分），全文按正文处理".into()
        }
        P::UnterminatedFrontMatter => {
            "此处开始的前置信息没有结束：请在最后一个键之后加一行 `---`".into()
        }
        P::UnknownKey { key, suggestion } => format!(
            "未知的键 `{key}`{}",
            suggestion
                .map(|s| format!("；是否要写 `{s}`？"))
                .unwrap_or_default()
        ),
        P::DuplicateKey {
            key,
            other,
            other_line,
        } => format!("`{key}` 重复给出：此处，以及第 {other_line} 行的 `{other}`"),
        P::WrongType { key, expected } => format!("`{key}` 应为 {expected}"),
        P::ImpossibleDate { key, value } => format!("`{key}`：{value} 不是真实存在的日期"),
        P::DateFormat { key, value } => {
            format!("`{key}`：`{value}` 不是 YYYY-MM-DD 形式的日期（例如 2023-07-10）")
        }
        P::NotInSet {
            key,
            value,
            allowed,
        } => format!("`{key}`：不能取 `{value}`；可用：{}", allowed.join(" ")),
        P::CopyNumber { value } => {
            format!("`份号`：`{value}` 应为六位数字，例如 \"000001\"（GB/T 9704 7.2.1）")
        }
        P::DocNumberNormalised { from, to } => {
            format!("`发文字号`：`{from}` 已写作 `{to}`（年份用六角括号〔〕，GB/T 9704 7.2.5）")
        }
        P::RawHtml { snippet } => format!("报告中不能使用 HTML：`{snippet}`"),
        P::HeadingTooDeep { level } => format!(
            "第 {level} 级标题超出 GB/T 9704 7.3.3 规定的四级结构层次，按正文段落排印"
        ),
        P::MarkerMismatch { written, expected } => {
            format!("标题以 `{written}` 开头，但按其位置应为 `{expected}`")
        }
        P::InvalidUtf8 => "此行不是有效的 UTF-8，文件可能是 GBK 编码：请另存为 UTF-8".into(),
        P::NulByte => "此处删除了一个 NUL 字节，其后的文字保留".into(),
        P::MissingGlyph { ch, face, fallback } => format!(
            "`{ch}`（U+{:04X}）不在字体 {face} 中；{}",
            *ch as u32,
            fallback
                .as_ref()
                .map(|f| format!("改用 {f} 排印"))
                .unwrap_or_else(|| "没有字体包含此字，将印成空框".into())
        ),
        P::StrictFonts { ch, face } => format!(
            "`{ch}`（U+{:04X}）不在字体 {face} 中，严格字体模式不允许替代",
            *ch as u32
        ),
        P::Font { role, message } => format!("{role}字体：{message}"),
        P::OutsideRoot { path } => format!("`{path}` 在报告所在文件夹之外；引用的文件须在该文件夹内"),
        P::Unreadable { path, reason } => format!("无法读取 `{path}`：{reason}"),
        P::NotAnImage { path, reason } => format!(
            "`{path}` 不是 PNG 或 JPEG 图片{}",
            reason
                .as_ref()
                .map(|r| format!("：{r}"))
                .unwrap_or_default()
        ),
        P::Limit { what, limit } => format!("{what} 超过上限 {limit}"),
        P::AttendeesReordered { label, before } => format!(
            "出席、请假、列席各行按此顺序排印（GB/T 9704 10.3）；`{label}` 写在了 `{before}` 之前"
        ),
        P::HeadTooTall { issuers, signers } => format!(
            "版头（{issuers} 个发文机关、{signers} 个签发人）超出第一页；请给出较短的 `发文机关标志`"
        ),
        P::TableTooWide { columns, size } => format!(
            "{columns} 列的表格即使横排（225 mm）也无法以五号字（10.5 pt）排入版心，改用 {size}"
        ),
        P::UnreferencedFootnote { label } => {
            format!("注释 `[^{label}]` 未被引用，排在其他注释之后")
        }
        P::EmptyBody => "正文为空：文件有版头、标题和署名，但没有正文".into(),
        P::UpwardWithoutSigner { kind } => {
            format!("{kind}属于上行文，应标注签发人（条例 第九条）")
        }
        P::RequestToSeveral => "请示应当一文一事，一般只写一个主送机关".into(),
        P::RequestCopiedDown { name } => {
            format!("请示不得抄送下级机关（条例 第十五条），但抄送中有“{name}”")
        }
        P::MinutesSealed => "纪要不加盖印章（GB/T 9704 10.3 的通行做法），印章已忽略".into(),
        P::OrderWithoutStamp => "命令应加盖签发人签名章：请给出 `签名章`（GB/T 9704 7.3.5.3）".into(),
        P::SealWithoutSignature => {
            "印章应压在署名上（7.3.5.1）：请给出 `署名` 或 `发文机关`，否则不加盖印章".into()
        }
        P::TermWithoutSecrecy => "只有 `保密期限` 而没有 `密级` 时不排印".into(),
        P::MarkWithoutIssuer => "此版式需要 `发文机关`（或 `发文机关标志`）来排印发文机关标志".into(),
    }
}
