//! # gongwen — reports to DOCX, PDF and OFD in the format of GB/T 9704-2012
//!
//! A report is a Markdown file with a YAML front matter. gongwen reads it into a typed
//! [`Report`], lays it out on the standard's grid (A4, 版心 156 × 225 mm, 22 lines of
//! 28 characters, 仿宋 3号, red 版头, 版记, "— 1 —" page numbers) and writes a PDF
//! ready to print, a DOCX that Word, WPS and LibreOffice lay out the same way, and an
//! OFD (GB/T 33190-2016) of the same pages for the systems that exchange 公文.
//!
//! ```
//! let converter = gongwen::Converter::new()?;
//! let doc = converter.read_str("---\n标题: 关于开展安全检查的通知\n成文日期: 2023-07-10\n---\n\n各单位要认真开展自查。\n")?;
//! let pdf: Vec<u8> = doc.to_pdf()?;
//! let docx: Vec<u8> = doc.to_docx()?;
//! assert!(pdf.starts_with(b"%PDF") && docx.starts_with(b"PK"));
//! # Ok::<(), gongwen::Error>(())
//! ```
//!
//! ## The report format in brief
//!
//! ```markdown
//! ---
//! 发文机关: 某县市场监督管理局        # issuer: a list makes a joint document
//! 发文字号: 某市监〔2023〕15号        # doc_number: [2023] and (2023) become 〔2023〕
//! 签发人: [张某某]                    # signers: makes the 上行文 layout
//! 标题: 关于2023年上半年工作情况的报告  # title: \n forces a line break
//! 主送机关: 某县人民政府              # recipients
//! 成文日期: 2023-07-10                # date, printed 2023年7月10日
//! 抄送: [市市场监督管理局]            # cc
//! 印发机关: 某县市场监督管理局办公室  # printer
//! 印发日期: 2023-07-10                # print_date
//! ---
//!
//! # 上半年工作情况                     (numbered 一、 automatically; 一、 written is kept)
//!
//! ## 坚持党建引领                      (（一）, then 1. and （1）)
//!
//! 正文段落，金额****万元。              (asterisks are text, never emphasis)
//! ```
//!
//! Every key has an English name and a Chinese alias (`title` / `标题`, …); the full
//! list is [`KEYS`]. The standard's own element names are keys too ([`ELEMENT_NAMES`]:
//! `抄送机关`, `发文机关署名`, `附件说明`, `发文机关名称`), and an unknown key is answered
//! with the key it most likely means (`落款` → `署名`, `文号` → `发文字号`), else the
//! nearest spelling. Decisions where the contract is silent:
//!
//! - Emphasis markup is never rendered: `*`, `**` and `_` print as written, because
//!   masks of redacted figures (`金额****万元`) cannot be told from emphasis and the
//!   standard uses no bold or italic in the body.
//! - A paragraph that starts with its own marker (`一、` `（一）` `1.` `（1）`) keeps its
//!   text; its heading part (up to the first 。！？, or all of it) takes the level's
//!   face (黑体, 楷体, 仿宋), as run-in headings do in practice.
//! - A missing front matter is a warning (the body is still rendered); `#####` is a
//!   warning and prints as a paragraph; raw HTML is an error.
//! - A link prints its text and, when different, its address in （）: the address
//!   pulldown-cmark resolves (inline, reference-style or autolink); a link title is not
//!   printed.
//! - Footnotes (`[^a]` … `[^a]: …`) are numbered in the order of first reference and
//!   marked ① … ⑩ in the text (〔1〕 … when a body has more than ten); the notes follow
//!   the body as paragraphs, the first starting "注：". A note nothing refers to is
//!   printed too, with a warning.
//! - Tables: 仿宋 cells, a 黑体 header row, 4号 or as much smaller as keeps every cell
//!   on one line, down to 五号 (10.5 pt; smaller only with a warning); columns share the
//!   版心 by their content, never narrower than their longest word; GFM alignment per
//!   column; a header of up to four characters is one term; the header row repeats on
//!   every page, rows never split (but one taller than a page, between its lines), and
//!   the table ends on the line grid ([`layout::TableGeom`], which the DOCX follows cell line by line).
//! - A table whose longest words do not fit 156 mm at 五号 is a 横排表格 (GB/T 9704
//!   clause 8): it gets pages of its own, printed turned a quarter turn with its head
//!   toward the paper's left edge (the 订口 of an odd page, the 切口 of an even one), in
//!   a 版心 225 mm wide; the page number stays upright where every page has it. The PDF
//!   shows such a page turned (`/Rotate 90`), the DOCX puts it in a landscape section
//!   whose page number is turned text in a box on the same spot of the paper. The text
//!   before the table (an attachment's label and title included) stays on its upright
//!   page; the text after it starts a new one. Only a table too wide even for 225 mm is
//!   set smaller than 五号, with a warning.
//! - An image prints its alternative text as a caption: 仿宋 3号, centred on the grid
//!   lines right below it, on the same page (the image shrinks to leave room).
//! - List items and quoted paragraphs are 7.3.3 paragraphs: first line two characters
//!   in, wrapped lines flush left, the marker inline: the author's numbers as `1.` and,
//!   nested, `（1）`; bullets as `●`.
//! - A body with no text is a warning at the front matter's closing line; the document
//!   still has its 版头, title, 主送, signature and date.
//! - In a 纪要 the attendance lines print in the order 出席, 请假, 列席 (10.3) whatever
//!   order they were written in; a note names the line that moved.
//! - A dash (`——`, or `—` as in `2024—2026`) never starts a line; in the DOCX an
//!   invisible WORD JOINER (U+2060) binds it to the character before, as Word and
//!   LibreOffice honour (their own line-start rules do not cover it after digits).
//! - Soft line breaks join Chinese text without a space.
//! - A report without `发文机关` uses the `plain` layout: title, body, signature, date.
//! - Numbers and their percent signs stay on one line; a date may break before its 年,
//!   月 or 日 as in Word and LibreOffice, and after its 年 or 月 only when keeping the
//!   number with it would leave a line more than four characters short.
//! - Ideographs and adjacent Latin letters or digits are 0.22 em apart, and half-width
//!   characters take their advance less the grid's −0.25 pt letter spacing, as Word and
//!   LibreOffice set them, so the PDF and the DOCX break lines in the same places
//!   (measured on the seed: 132 of 134 lines alike in LibreOffice's PDF of the DOCX).
//! - A counter after a number (`18家次`, `110件`) may start the next line, as in Word
//!   and LibreOffice; the number itself, its decimals and % never.
//! - An enclosed number (① …, a footnote mark) takes the side of what precedes it, as
//!   LibreOffice sets it: after Chinese text it is Chinese (`成效①和`: no space; `成效①A`:
//!   a quarter em before the A); at a paragraph's start and after Latin letters, digits
//!   or `%` it is Western (`②民生…`, `20%①和`: a quarter em before the ideograph).
//! - A web address is not broken after its `//` or another slash before a letter, as in
//!   LibreOffice; a masked figure (`****万元`, `**.**万元`) stays on one line. In the DOCX
//!   these pairs are bound with a WORD JOINER, which Word honours; LibreOffice 7.4 still
//!   breaks between asterisks (measured), so there its line may end one character later.
//! - Run-in headings (`（一）……。正文`) set their heading part in the level's face in
//!   both the PDF and the DOCX.
//! - A sealed joint document puts the organs' names side by side, as many to a row as
//!   fit with their 42 mm seals at least 3 mm apart, rows five lines apart, the last
//!   organ over the date (7.3.5.1); `印章` gives one image per organ or one for all.
//! - Several 签发人 go two to a line: the first line two lines below the mark and one
//!   character in from the right (居右空一字), later lines under its first name (moved
//!   left only if a longer later line would leave the 版心), the 发文字号 on the last
//!   line (7.2.5–7.2.6).
//! - When the signature must move to the next page, the last two lines of text go with
//!   it (7.3.5.5), but page 1 always keeps one line of body text (7.3.3).
//! - A 请示 copied (抄送) to “各…” or to 所属 / 下属 / 直属 units warns: a 请示 is not
//!   copied to subordinate organs (条例 第十五条); other names cannot be told apart.
//! - A title too long for one line breaks after an organ name, a space the author
//!   wrote, 的 or before 关于; it takes a third line rather than split a word.
//!
//! ## Features and environment
//!
//! - `pdf` (default): the PDF writer ([`Document::to_pdf`]). Its streams are deflated
//!   by libdeflate, whose C code is built with the crate: a C compiler is needed (as for
//!   any `cc` crate). Without it and `ofd` only the DOCX writer is compiled, with far
//!   fewer dependencies and no C.
//! - `ofd` (default): the OFD writer ([`Document::to_ofd`]), GB/T 33190-2016: the PDF's
//!   pages and font subsets, the title, 发文机关 and 成文日期 as document info, the 版头
//!   facts as `CustomData`. It adds no dependency to the PDF's.
//! - `bundled-fonts` (default): the Fandol faces compiled in (the crates
//!   `gongwen-fonts-body` and `gongwen-fonts-headings`, GPL-3.0-or-later WITH
//!   Font-exception-2.0), so a bare machine needs no installed fonts; without it, give
//!   faces with [`FontSet`] or the front matter's `字体`.
//! - `SOURCE_DATE_EPOCH` (environment, seconds since 1970): when set, the PDF's
//!   creation and modification dates; otherwise they are the 成文日期 at midnight
//!   Beijing time. Nothing else is read from the environment or the clock, so the same
//!   report gives the same bytes.
//!
//! The report format, key by key: `docs/REPORT-FORMAT.md` in the repository and the
//! package.
//!
//! ## Stages
//!
//! [`read`](Converter::read_path) (front matter + Markdown → [`Report`]) →
//! layout ([`Document::pages`], positions in millimetres) → writers
//! ([`Document::to_pdf`], [`Document::to_ofd`], [`Document::to_docx`]). All GB/T 9704
//! numbers live in [`spec`].

#![warn(missing_docs)]

mod error;
pub mod fonts;
pub mod layout;
pub mod limits;
mod messages;
pub mod model;
mod read;
pub mod spec;
mod write;

use std::path::{Path, PathBuf};

pub use error::{Diagnostic, Error, Problem, Severity};
pub use fonts::{FontSet, Role};
pub use layout::{Laid, Page};
pub use messages::Lang;
pub use model::Report;
pub use read::front_matter::{ELEMENT_NAMES, KEYS};

use error::Sink;

/// Reads reports and renders them. Build one and reuse it: it holds the parsed fonts.
/// It is `Send + Sync`, so one converter can serve many threads.
#[derive(Debug, Clone)]
pub struct Converter {
    fonts: FontSet,
    allowed_roots: Vec<PathBuf>,
}

impl Converter {
    /// A converter with the default fonts (the bundled Fandol set when the
    /// `bundled-fonts` feature is on).
    ///
    /// ```
    /// let converter = gongwen::Converter::new()?;
    /// assert_eq!(converter.fonts().face(gongwen::Role::Fang).name, "FandolFang-Regular");
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn new() -> Result<Converter, Error> {
        Ok(Converter::with_fonts(FontSet::default_set()?))
    }

    /// A converter with the given fonts.
    ///
    /// ```
    /// let converter = gongwen::Converter::with_fonts(gongwen::FontSet::bundled());
    /// assert!(!converter.fonts().is_strict());
    /// ```
    pub fn with_fonts(fonts: FontSet) -> Converter {
        Converter {
            fonts,
            allowed_roots: Vec::new(),
        }
    }

    /// Strict fonts: a character the role's face lacks is an error instead of a fallback.
    ///
    /// ```
    /// // 𠮷 (U+20BB7) is in no bundled face: strict mode refuses the fallback.
    /// let strict = gongwen::Converter::new()?.strict_fonts(true);
    /// let err = strict.read_str("---\n标题: 通知\n---\n\n𠮷野家。\n").unwrap_err();
    /// assert!(err.diagnostics()[0].to_string().contains("𠮷"));
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn strict_fonts(mut self, strict: bool) -> Converter {
        self.fonts = self.fonts.strict(strict);
        self
    }

    /// Allows seals, images and attachments from `root` as well as from the report's folder.
    ///
    /// ```
    /// // A report from a string has no folder; allow one so its seal can be found.
    /// let converter = gongwen::Converter::new()?.allow_root("fixtures/forms");
    /// let doc = converter.read_str("---\n发文机关: 某县市场监督管理局\n成文日期: 2023-07-10\n印章: seal.png\n---\n\n正文。\n")?;
    /// assert_eq!(doc.report().meta.seal.len(), 1);
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn allow_root(mut self, root: impl Into<PathBuf>) -> Converter {
        self.allowed_roots.push(root.into());
        self
    }

    /// The font set in use.
    ///
    /// ```
    /// let converter = gongwen::Converter::new()?;
    /// assert_eq!(converter.fonts().face(gongwen::Role::Hei).name, "FandolHei-Regular");
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn fonts(&self) -> &FontSet {
        &self.fonts
    }

    /// Reads a report file. Resources resolve relative to its folder.
    ///
    /// ```
    /// let doc = gongwen::Converter::new()?.read_path("fixtures/seed.md")?;
    /// let out = std::env::temp_dir().join(format!("seed-{}.pdf", std::process::id()));
    /// std::fs::write(&out, doc.to_pdf()?).unwrap();
    /// assert_eq!(doc.pages().len(), 7);
    /// # std::fs::remove_file(out).unwrap();
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn read_path(&self, path: impl AsRef<Path>) -> Result<Document, Error> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|cause| Error::Io {
            path: path.to_path_buf(),
            cause,
        })?;
        self.read_bytes(&bytes, Some(path))
    }

    /// Reads a report from text. Without a path there is no folder: resources are
    /// refused unless [`allow_root`](Converter::allow_root) gave one.
    ///
    /// ```
    /// let doc = gongwen::Converter::new()?.read_str("---\n标题: 通知\n---\n\n正文，金额****万元。\n")?;
    /// assert!(doc.report().body_text().contains("金额****万元"));
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn read_str(&self, text: &str) -> Result<Document, Error> {
        self.read_bytes(text.as_bytes(), None)
    }

    /// Reads a report from bytes (UTF-8, BOM and CRLF accepted). `path` names the file
    /// in diagnostics and anchors resources.
    ///
    /// ```
    /// // A BOM and CRLF line ends are accepted; the path names the file in diagnostics.
    /// let bytes = "\u{feff}---\r\n标题: 通知\r\n---\r\n\r\n正文。\r\n".as_bytes();
    /// let doc = gongwen::Converter::new()?.read_bytes(bytes, Some("通知.md".as_ref()))?;
    /// assert_eq!(doc.path(), Some(std::path::Path::new("通知.md")));
    /// let bad = gongwen::Converter::new()?.read_bytes(b"---\ntitel: x\n---\n", Some("bad.md".as_ref()));
    /// let err = bad.unwrap_err();
    /// assert!(err.diagnostics()[0].to_string().starts_with("bad.md:2:1: error"));
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn read_bytes(&self, bytes: &[u8], path: Option<&Path>) -> Result<Document, Error> {
        let mut sink = Sink {
            file: path.map(Path::to_path_buf),
            items: Vec::new(),
        };
        let base = match (path, self.allowed_roots.first()) {
            (Some(p), _) => Some(p.to_path_buf()),
            (None, Some(root)) => Some(root.join("report.md")),
            (None, None) => None,
        };
        let Some((source, report)) =
            read::read_bytes(bytes, base.as_deref(), &self.allowed_roots, &mut sink)
        else {
            return Err(Error::Invalid(sink.items));
        };
        self.lay_out(report, source, base.as_deref(), path, sink)
    }

    /// Lays out a report built in code (no Markdown read): the same layout and checks of
    /// fonts as for a report read from text. Its resources (seals, images, attachment
    /// files) are taken as given, and diagnostics have no file and column.
    ///
    /// ```
    /// use gongwen::model::{Block, Meta, Report};
    /// let mut meta = Meta::default();
    /// meta.title = Some("关于开展安全检查的通知".into());
    /// meta.recipients = vec!["各科室".into()];
    /// let body = vec![Block::paragraph("请于5月10日前完成自查。")];
    /// let doc = gongwen::Converter::new()?.render(Report::new(meta, body))?;
    /// assert!(doc.to_docx()?.starts_with(b"PK"));
    /// assert_eq!(doc.pages()[0].lines()[0].1, "关于开展安全检查的通知");
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn render(&self, report: Report) -> Result<Document, Error> {
        let sink = Sink {
            file: None,
            items: Vec::new(),
        };
        self.lay_out(report, String::new(), None, None, sink)
    }

    fn lay_out(
        &self,
        report: Report,
        source: String,
        base: Option<&Path>,
        path: Option<&Path>,
        mut sink: Sink,
    ) -> Result<Document, Error> {
        let fonts = self.document_fonts(&report, base, &mut sink);
        if sink.has_errors() {
            return Err(Error::Invalid(sink.items));
        }
        let (laid, problems) = layout::layout(&report, &fonts);
        for (line, problem, is_error) in problems {
            let sev = if is_error {
                Severity::Error
            } else {
                Severity::Warning
            };
            let at = match &problem {
                Problem::MissingGlyph { ch, .. } | Problem::StrictFonts { ch, .. } => {
                    locate(&source, line, *ch)
                }
                _ => (line, 1),
            };
            sink.push(sev, at, problem);
        }
        if sink.has_errors() {
            return Err(Error::Invalid(sink.items));
        }
        Ok(Document {
            report,
            laid,
            fonts,
            diagnostics: sink.items,
            source,
            path: path.map(Path::to_path_buf),
        })
    }

    /// Applies the front matter's `fonts` overrides.
    fn document_fonts(&self, report: &Report, base: Option<&Path>, sink: &mut Sink) -> FontSet {
        let f = &report.meta.fonts;
        let mut set = self.fonts.clone();
        // A font file comes from the report's folder or an allowed root, as seals and
        // images do; a family name is looked up among the installed fonts.
        let res = read::resources::Resolver::new(base, &self.allowed_roots);
        for (role, spec) in [
            (Role::Fang, &f.fangsong),
            (Role::Kai, &f.kaiti),
            (Role::Hei, &f.heiti),
            (Role::Song, &f.songti),
            (Role::XiaoBiaoSong, &f.xiaobiaosong),
        ] {
            let Some(spec) = spec else { continue };
            let is_file = spec.contains(['/', '\\'])
                || [".ttf", ".otf", ".ttc", ".otc"]
                    .iter()
                    .any(|e| spec.to_ascii_lowercase().ends_with(e));
            let spec = if is_file {
                match res.file(spec, (2, 1), sink) {
                    Some(p) => p.to_string_lossy().into_owned(),
                    None => continue,
                }
            } else {
                spec.clone()
            };
            match set.clone().with_role(role, &spec, None) {
                Ok(s) => set = s,
                Err(e) => sink.error(
                    (2, 1),
                    Problem::Font {
                        role: role.name().into(),
                        message: e.to_string(),
                    },
                ),
            }
        }
        set
    }
}

/// A report read, checked and laid out: ready to write as PDF and DOCX.
#[derive(Debug, Clone)]
pub struct Document {
    report: Report,
    laid: Laid,
    fonts: FontSet,
    diagnostics: Vec<Diagnostic>,
    source: String,
    path: Option<PathBuf>,
}

impl Document {
    /// The typed report.
    ///
    /// ```
    /// let report = "---\n发文机关: 某县市场监督管理局\n标题: 关于开展安全检查的通知\n成文日期: 2023-07-10\n---\n\n各单位要认真开展自查。\n";
    /// let doc = gongwen::Converter::new()?.read_str(report)?;
    /// assert_eq!(doc.report().meta.issuer, ["某县市场监督管理局"]);
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// The pages, with every item's position in millimetres from the top-left.
    ///
    /// ```
    /// let report = "---\n发文机关: 某县市场监督管理局\n标题: 关于开展安全检查的通知\n成文日期: 2023-07-10\n---\n\n各单位要认真开展自查。\n";
    /// let doc = gongwen::Converter::new()?.read_str(report)?;
    /// let page = &doc.pages()[0];
    /// // The body's first line: two characters in from the 版心's left edge at 28 mm.
    /// let (_, first) = page.lines().into_iter().find(|(_, t)| t.starts_with("各单位")).unwrap();
    /// let run = page.runs().find(|r| r.text().starts_with("各单位")).unwrap();
    /// assert!((run.x0() - (28.0 + 2.0 * gongwen::spec::CELL)).abs() < 0.01, "{first}");
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn pages(&self) -> &[Page] {
        &self.laid.pages
    }

    /// The layout, with what it decided beyond positions.
    ///
    /// ```
    /// let report = "---\n发文机关: 某县市场监督管理局\n标题: 关于开展安全检查的通知\n成文日期: 2023-07-10\n---\n\n各单位要认真开展自查。\n";
    /// let doc = gongwen::Converter::new()?.read_str(report)?;
    /// // The red mark's ink starts 35 mm below the 版心's top (37 mm).
    /// let (baseline, size, _) = doc.laid().anchors.mark.unwrap();
    /// assert!(baseline > 37.0 + 35.0 && size <= 42.0);
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn laid(&self) -> &Laid {
        &self.laid
    }

    /// Warnings and notes found while reading and laying out (errors make reading fail).
    ///
    /// ```
    /// let doc = gongwen::Converter::new()?.read_str("---\n标题: 通知\n---\n\n##### 第五级\n")?;
    /// assert!(doc.diagnostics()[0].to_string().contains("warning"));
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The decoded source text (for showing diagnostics with their line).
    ///
    /// ```
    /// let doc = gongwen::Converter::new()?.read_str("\u{feff}---\r\n标题: 通知\r\n---\r\n")?;
    /// assert_eq!(doc.source(), "---\n标题: 通知\n---\n");
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The file the report was read from.
    ///
    /// ```
    /// let doc = gongwen::Converter::new()?.read_path("fixtures/seed.md")?;
    /// assert_eq!(doc.path().unwrap().file_name().unwrap(), "seed.md");
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The font set the document was laid out with.
    ///
    /// ```
    /// let doc = gongwen::Converter::new()?.read_str("---\n标题: 通知\n---\n\n正文。\n")?;
    /// assert_eq!(doc.fonts().face(gongwen::Role::Fang).name, "FandolFang-Regular");
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn fonts(&self) -> &FontSet {
        &self.fonts
    }

    /// The PDF (feature `pdf`).
    ///
    /// ```
    /// let doc = gongwen::Converter::new()?.read_str("---\n标题: 通知\n---\n\n正文。\n")?;
    /// let pdf = doc.to_pdf()?;
    /// assert!(pdf.starts_with(b"%PDF") && pdf == doc.to_pdf()?, "the same bytes every time");
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    #[cfg(feature = "pdf")]
    pub fn to_pdf(&self) -> Result<Vec<u8>, Error> {
        let info = write::Info::of(&self.report.meta);
        write::pdf::write(&self.laid.pages, &self.fonts, &info)
    }

    /// The DOCX.
    ///
    /// ```
    /// let doc = gongwen::Converter::new()?.read_str("---\n标题: 通知\n---\n\n正文。\n")?;
    /// let docx = doc.to_docx()?;
    /// assert!(docx.starts_with(b"PK") && docx == doc.to_docx()?, "the same bytes every time");
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn to_docx(&self) -> Result<Vec<u8>, Error> {
        write::docx::write(&self.report, &self.laid)
    }

    /// The OFD (GB/T 33190-2016; feature `ofd`): the same pages as the PDF, with the
    /// same font subsets, the title, 发文机关 and 成文日期 as document info and the 版头
    /// facts (发文字号, 签发人 …) as `CustomData`.
    ///
    /// ```
    /// let doc = gongwen::Converter::new()?.read_str("---\n标题: 通知\n---\n\n正文。\n")?;
    /// let ofd = doc.to_ofd()?;
    /// assert!(ofd.starts_with(b"PK") && ofd == doc.to_ofd()?, "the same bytes every time");
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    #[cfg(feature = "ofd")]
    pub fn to_ofd(&self) -> Result<Vec<u8>, Error> {
        let info = write::Info::of(&self.report.meta);
        let facts = write::ofd::facts(&self.report.meta);
        write::ofd::write(&self.laid.pages, &self.fonts, &info, &facts)
    }

    /// Writes the PDF to any writer (feature `pdf`).
    ///
    /// ```
    /// let doc = gongwen::Converter::new()?.read_str("---\n标题: 通知\n---\n\n正文。\n")?;
    /// let mut out = Vec::new();
    /// doc.write_pdf(&mut out)?;
    /// assert!(out.starts_with(b"%PDF"));
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    #[cfg(feature = "pdf")]
    pub fn write_pdf(&self, w: impl std::io::Write) -> Result<(), Error> {
        emit(w, "PDF", &self.to_pdf()?)
    }

    /// Writes the DOCX to any writer.
    ///
    /// ```
    /// let doc = gongwen::Converter::new()?.read_str("---\n标题: 通知\n---\n\n正文。\n")?;
    /// let mut file = std::io::Cursor::new(Vec::new());
    /// doc.write_docx(&mut file)?;
    /// assert!(file.get_ref().starts_with(b"PK"));
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn write_docx(&self, w: impl std::io::Write) -> Result<(), Error> {
        emit(w, "DOCX", &self.to_docx()?)
    }

    /// Writes the OFD to any writer (feature `ofd`).
    ///
    /// ```
    /// let doc = gongwen::Converter::new()?.read_str("---\n标题: 通知\n---\n\n正文。\n")?;
    /// let mut out = Vec::new();
    /// doc.write_ofd(&mut out)?;
    /// assert!(out.starts_with(b"PK"));
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    #[cfg(feature = "ofd")]
    pub fn write_ofd(&self, w: impl std::io::Write) -> Result<(), Error> {
        emit(w, "OFD", &self.to_ofd()?)
    }

    /// Writes the PDF to a file (feature `pdf`); a failure names the file.
    ///
    /// ```
    /// let doc = gongwen::Converter::new()?.read_str("---\n标题: 通知\n---\n\n正文。\n")?;
    /// let err = doc.save_pdf("/no/such/folder/通知.pdf").unwrap_err();
    /// assert!(err.to_string().starts_with("/no/such/folder/通知.pdf: "));
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    #[cfg(feature = "pdf")]
    pub fn save_pdf(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        save(path.as_ref(), &self.to_pdf()?)
    }

    /// Writes the DOCX to a file; a failure names the file.
    ///
    /// ```
    /// let doc = gongwen::Converter::new()?.read_str("---\n标题: 通知\n---\n\n正文。\n")?;
    /// let path = std::env::temp_dir().join("gongwen-save-docx-example.docx");
    /// doc.save_docx(&path)?;
    /// assert!(std::fs::read(&path).unwrap().starts_with(b"PK"));
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn save_docx(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        save(path.as_ref(), &self.to_docx()?)
    }

    /// Writes the OFD to a file (feature `ofd`); a failure names the file.
    ///
    /// ```
    /// let doc = gongwen::Converter::new()?.read_str("---\n标题: 通知\n---\n\n正文。\n")?;
    /// let path = std::env::temp_dir().join("gongwen-save-ofd-example.ofd");
    /// doc.save_ofd(&path)?;
    /// assert!(std::fs::read(&path).unwrap().starts_with(b"PK"));
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    #[cfg(feature = "ofd")]
    pub fn save_ofd(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        save(path.as_ref(), &self.to_ofd()?)
    }
}

fn emit(mut w: impl std::io::Write, format: &'static str, bytes: &[u8]) -> Result<(), Error> {
    w.write_all(bytes)
        .map_err(|cause| Error::Output { format, cause })
}

fn save(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    std::fs::write(path, bytes).map_err(|cause| Error::Io {
        path: path.to_path_buf(),
        cause,
    })
}

/// Where `ch` first stands in `source` at or after file line `line`: (line, column in
/// characters), or the start of `line` when it is not found (text from an attachment).
fn locate(source: &str, line: usize, ch: char) -> (usize, usize) {
    source
        .lines()
        .enumerate()
        .skip(line.saturating_sub(1))
        .find_map(|(i, l)| l.chars().position(|c| c == ch).map(|col| (i + 1, col + 1)))
        .unwrap_or((line, 1))
}
