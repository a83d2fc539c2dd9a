//! Errors and warnings: every one names the file, the file line and column.
//!
//! A [`Diagnostic`] pairs a place in the source with a [`Problem`] (a `thiserror`
//! type the caller can match on). Reading a report collects as many diagnostics as it
//! can find; errors among them make the read fail with [`Error::Invalid`].

use std::fmt;
use std::path::PathBuf;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Severity {
    /// The report cannot be rendered as written.
    Error,
    /// The report renders, but something deserves the author's attention.
    Warning,
    /// Something was changed on the author's behalf (for example a normalised 发文字号).
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// What is wrong, with a message a clerk understands.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Problem {
    /// The front matter is not valid YAML.
    #[error("the front matter is not valid YAML: {message}")]
    Yaml {
        /// The parser's message, without its position.
        message: String,
    },
    /// The file does not start with a `---` front-matter block.
    #[error("the report has no front matter (a block between two `---` lines at the top); it is read as body text only")]
    NoFrontMatter,
    /// The opening `---` has no closing `---`.
    #[error("the front matter opened here is never closed: add a line `---` after the last key")]
    UnterminatedFrontMatter,
    /// A top-level key that the contract does not know.
    #[error("unknown key `{key}`{}", suggestion.map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
    UnknownKey {
        /// The key as written.
        key: String,
        /// The closest valid key, if one is close.
        suggestion: Option<&'static str>,
    },
    /// The same key given twice (in the same or in its other spelling).
    #[error("`{key}` is given twice: here and as `{other}` on line {other_line}")]
    DuplicateKey {
        /// The key as written here.
        key: String,
        /// The other spelling as written.
        other: String,
        /// The file line of the other spelling.
        other_line: usize,
    },
    /// A value of the wrong shape (a list where a text is expected, …).
    #[error("`{key}` must be {expected}")]
    WrongType {
        /// The key.
        key: String,
        /// What the key takes, in words.
        expected: &'static str,
    },
    /// A date that does not exist.
    #[error("`{key}`: {value} is not a real date")]
    ImpossibleDate {
        /// The key.
        key: String,
        /// The value as written.
        value: String,
    },
    /// A date not written as `YYYY-MM-DD`.
    #[error("`{key}`: `{value}` is not a date in the form YYYY-MM-DD (for example 2023-07-10)")]
    DateFormat {
        /// The key.
        key: String,
        /// The value as written.
        value: String,
    },
    /// A value outside its set.
    #[error("`{key}`: `{value}` is not allowed; use one of: {}", allowed.join(" "))]
    NotInSet {
        /// The key.
        key: String,
        /// The value as written.
        value: String,
        /// The allowed values.
        allowed: &'static [&'static str],
    },
    /// 份号 that is not six digits.
    #[error("`份号`: `{value}` must be six digits, for example \"000001\" (GB/T 9704 7.2.1)")]
    CopyNumber {
        /// The value as written.
        value: String,
    },
    /// A 发文字号 whose year brackets were changed to 〔〕.
    #[error("`发文字号`: `{from}` written as `{to}` (the year takes 〔〕, GB/T 9704 7.2.5)")]
    DocNumberNormalised {
        /// As written.
        from: String,
        /// As printed.
        to: String,
    },
    /// Raw HTML in the body.
    #[error("raw HTML is not allowed in a report: `{snippet}`")]
    RawHtml {
        /// The start of the HTML.
        snippet: String,
    },
    /// `#####` or `######`.
    #[error("heading level {level} is deeper than the four levels of GB/T 9704 7.3.3; it is printed as a paragraph")]
    HeadingTooDeep {
        /// 5 or 6.
        level: u8,
    },
    /// A heading marker the author wrote that disagrees with its position.
    #[error("the heading starts with `{written}` but is number `{expected}` at its position")]
    MarkerMismatch {
        /// The marker as written.
        written: String,
        /// The marker the position gives.
        expected: String,
    },
    /// Bytes that are not UTF-8.
    #[error("this line is not valid UTF-8; the file may be GBK-encoded: save it as UTF-8")]
    InvalidUtf8,
    /// A NUL byte, which was removed.
    #[error("a NUL byte was removed here; the text after it is kept")]
    NulByte,
    /// A character the role's face lacks.
    #[error("`{ch}` (U+{:04X}) is not in the {face} font; {}", *ch as u32, fallback.as_ref().map(|f| format!("it is drawn with {f}")).unwrap_or_else(|| "no font covers it and it prints as an empty box".into()))]
    MissingGlyph {
        /// The character.
        ch: char,
        /// The face that lacks it.
        face: String,
        /// The face that draws it instead, if any.
        fallback: Option<String>,
    },
    /// Strict fonts: a character would need a fallback.
    #[error("`{ch}` (U+{:04X}) is not in the {face} font and strict fonts allow no fallback", *ch as u32)]
    StrictFonts {
        /// The character.
        ch: char,
        /// The face that lacks it.
        face: String,
    },
    /// A font given in the front matter or the API that cannot be used.
    #[error("font for {role}: {message}")]
    Font {
        /// The role (仿宋, 楷体, …).
        role: String,
        /// What went wrong.
        message: String,
    },
    /// A resource path that leaves the report's folder.
    #[error("`{path}` is outside the report's folder; resources must stay inside it")]
    OutsideRoot {
        /// The path as written.
        path: String,
    },
    /// A resource that cannot be read.
    #[error("cannot read `{path}`: {reason}")]
    Unreadable {
        /// The path as written.
        path: String,
        /// Why.
        reason: String,
    },
    /// A resource that is not a PNG or JPEG image.
    #[error("`{path}` is not a PNG or JPEG image{}", reason.as_ref().map(|r| format!(": {r}")).unwrap_or_default())]
    NotAnImage {
        /// The path as written.
        path: String,
        /// The decoder's complaint, if it got that far.
        reason: Option<String>,
    },
    /// An input over one of the documented limits.
    #[error("{what} exceeds the limit of {limit}")]
    Limit {
        /// What is too large.
        what: String,
        /// The limit, with its unit.
        limit: String,
    },
    /// 纪要 attendance lines the author wrote out of the standard's order, printed as
    /// 出席, 请假, 列席 (GB/T 9704 10.3).
    #[error("the attendance lines are printed in the order 出席, 请假, 列席 (GB/T 9704 10.3); `{label}` was written before `{before}`")]
    AttendeesReordered {
        /// The label written too early.
        label: String,
        /// The label it was written before.
        before: String,
    },
    /// The 版头 is taller than page 1 (so many organs or signers).
    #[error("the 版头 ({issuers} 发文机关, {signers} 签发人) is taller than page 1; give a shorter `发文机关标志`")]
    HeadTooTall {
        /// How many 发文机关.
        issuers: usize,
        /// How many 签发人.
        signers: usize,
    },
    /// A table too wide for the 版心 even turned (STD 8), set below 五号.
    #[error("a table of {columns} columns is too wide for the 版心 at 五号 (10.5 pt), even turned (225 mm); it is set at {size}")]
    TableTooWide {
        /// Its columns.
        columns: usize,
        /// The size it is set at, e.g. "7 pt".
        size: String,
    },
    /// A footnote nothing refers to; it is printed after the others.
    #[error("footnote `[^{label}]` is never referred to; it is printed after the others")]
    UnreferencedFootnote {
        /// The note's label.
        label: String,
    },
    /// The body has no text.
    #[error("the body is empty: the document has its 版头, title and signature but no text")]
    EmptyBody,
    /// A 上行文 (报告, 请示) without 签发人.
    #[error("a {kind} is a 上行文 and should name its 签发人 (条例 第九条)")]
    UpwardWithoutSigner {
        /// 报告 or 请示.
        kind: String,
    },
    /// A 请示 to more than one 主送机关.
    #[error("a 请示 goes to one 主送机关 (条例: 一文一事, 一般只写一个主送机关)")]
    RequestToSeveral,
    /// A 请示 copied to a subordinate organ.
    #[error("a 请示 is not copied to subordinate organs (条例 第十五条), but 抄送 names “{name}”")]
    RequestCopiedDown {
        /// The 抄送 entry.
        name: String,
    },
    /// A sealed 纪要; the seal is ignored.
    #[error("纪要 are not sealed (GB/T 9704 10.3 practice); the 印章 is ignored")]
    MinutesSealed,
    /// A 命令 without 签名章.
    #[error("a 命令 is signed with a 签名章: give `签名章` (GB/T 9704 7.3.5.3)")]
    OrderWithoutStamp,
    /// A seal with nothing to press.
    #[error("the 印章 presses the 署名 (7.3.5.1): give `署名` or `发文机关`; without one the seal is not printed")]
    SealWithoutSignature,
    /// 保密期限 without 密级.
    #[error("`保密期限` without `密级` is not printed")]
    TermWithoutSecrecy,
    /// A 版式 with a mark but no issuer.
    #[error("this 版式 needs `发文机关` (or `发文机关标志`) for its mark")]
    MarkWithoutIssuer,
}

/// A problem at a place in a file.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Diagnostic {
    /// Error, warning or note.
    pub severity: Severity,
    /// The file, when the report was read from one.
    pub file: Option<PathBuf>,
    /// 1-based line in the file (line 1 is the opening `---`).
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// What is wrong.
    pub problem: Problem,
}

impl Diagnostic {
    /// Renders the diagnostic as `path:line:col: error: message`, then the source line
    /// and a caret under the column when `source` is the text the report was read from.
    ///
    /// ```
    /// let err = gongwen::Converter::new()
    ///     .unwrap()
    ///     .read_str("---\n成文日起: 2023-07-10\n---\n")
    ///     .unwrap_err();
    /// let d = &err.diagnostics()[0];
    /// let shown = d.render(Some("---\n成文日起: 2023-07-10\n---\n"));
    /// assert!(shown.starts_with("<input>:2:1: error"), "{shown}");
    /// assert!(shown.contains("成文日期"), "suggests the right key: {shown}");
    /// assert!(shown.ends_with("| ^"));
    /// ```
    pub fn render(&self, source: Option<&str>) -> String {
        self.render_in(source, crate::Lang::En)
    }

    /// [`render`](Diagnostic::render) with the message in a language
    /// ([`crate::Lang`]); the place and the source line stay as they are.
    pub fn render_in(&self, source: Option<&str>, lang: crate::Lang) -> String {
        let file = self
            .file
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "<input>".into());
        let (label, message) = (self.severity.label(lang), self.problem.message(lang));
        let sep = if lang == crate::Lang::Zh { "：" } else { ": " };
        let mut out = format!("{file}:{}:{}: {label}{sep}{message}", self.line, self.col);
        if let Some(text) = source.and_then(|s| s.lines().nth(self.line.saturating_sub(1))) {
            let text = text.trim_end_matches('\r');
            let pad: String = text
                .chars()
                .take(self.col.saturating_sub(1))
                .map(|c| {
                    if c == '\t' {
                        '\t'
                    } else if is_wide(c) {
                        '\u{3000}'
                    } else {
                        ' '
                    }
                })
                .collect();
            out.push_str(&format!("\n  | {text}\n  | {pad}^"));
        }
        out
    }
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self
            .file
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "<input>".into());
        write!(
            f,
            "{file}:{}:{}: {}: {}",
            self.line, self.col, self.severity, self.problem
        )
    }
}

/// Everything that can make reading or rendering fail.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The report has errors; all that were found are listed (warnings included). Its
    /// message names every error with file, line and column, one per line, so that `?`
    /// into `Box<dyn Error>` or anyhow still tells the user what to fix.
    ///
    /// ```
    /// let err = gongwen::Converter::new()?
    ///     .read_str("---\n成文日期: 2023-02-30\n---\n\n正文。\n")
    ///     .unwrap_err();
    /// let text = err.to_string();
    /// assert!(text.starts_with("the report has 1 error:\n"));
    /// assert!(text.contains("<input>:2:"), "{text}");
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    #[error("{}", invalid_message(.0))]
    Invalid(Vec<Diagnostic>),
    /// A file could not be read or written. The message includes the cause, which is
    /// therefore not also given as [`std::error::Error::source`] (it would print twice).
    #[error("{}: {cause}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        cause: std::io::Error,
    },
    /// No usable font for a role.
    #[error("no font for {role}: {message}")]
    Font {
        /// The role.
        role: String,
        /// Why.
        message: String,
    },
    /// Font bytes that are no usable font.
    #[error("{}not a usable font: {message}", path.as_ref().map(|p| format!("{}: ", p.display())).unwrap_or_default())]
    BadFont {
        /// The file, when the font came from one.
        path: Option<PathBuf>,
        /// What the font parser said.
        message: String,
    },
    /// The PDF or DOCX could not be written to its destination ([`Document::write_pdf`],
    /// [`Document::write_docx`]); the I/O error is kept, its message included here.
    ///
    /// [`Document::write_pdf`]: crate::Document::write_pdf
    /// [`Document::write_docx`]: crate::Document::write_docx
    #[error("cannot write the {format}: {cause}")]
    Output {
        /// "PDF" or "DOCX".
        format: &'static str,
        /// The cause.
        cause: std::io::Error,
    },
    /// The PDF or DOCX writer failed.
    #[error("cannot write the {format}: {message}")]
    Write {
        /// "PDF" or "DOCX".
        format: &'static str,
        /// Why.
        message: String,
    },
}

fn invalid_message(all: &[Diagnostic]) -> String {
    let errors: Vec<&Diagnostic> = all
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let mut out = format!(
        "the report has {} error{}:",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    );
    for d in errors {
        out.push_str(&format!("\n{d}"));
    }
    out
}

impl Error {
    /// The diagnostics of an [`Error::Invalid`], empty otherwise.
    ///
    /// ```
    /// let err = gongwen::Converter::new()
    ///     .unwrap()
    ///     .read_str("---\n成文日期: 2023-02-30\n份号: 12\n---\n\n正文。\n")
    ///     .unwrap_err();
    /// assert_eq!(err.diagnostics().len(), 2, "every error at once");
    /// ```
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Invalid(d) => d,
            _ => &[],
        }
    }
}

/// Collects diagnostics while reading, with the file they belong to.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    pub file: Option<PathBuf>,
    pub items: Vec<Diagnostic>,
}

impl Sink {
    pub fn push(&mut self, severity: Severity, (line, col): (usize, usize), problem: Problem) {
        self.items.push(Diagnostic {
            severity,
            file: self.file.clone(),
            line,
            col,
            problem,
        });
    }
    pub fn error(&mut self, at: (usize, usize), p: Problem) {
        self.push(Severity::Error, at, p)
    }
    pub fn warn(&mut self, at: (usize, usize), p: Problem) {
        self.push(Severity::Warning, at, p)
    }
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }
}
