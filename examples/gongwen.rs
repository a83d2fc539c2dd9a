//! `gongwen`: convert reports (Markdown + YAML front matter) to GB/T 9704 PDF and DOCX.
//!
//! Exit codes: 0 success, 1 errors in an input report, 2 usage errors (the command line
//! itself), 3 I/O or internal errors.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

use clap::Parser;
use gongwen::{Converter, Diagnostic, Error, FontSet, Lang, Severity};

#[derive(Parser, Debug)]
#[command(
    name = "gongwen",
    version,
    about = "Convert reports (Markdown + YAML front matter) to PDF, DOCX and OFD in the GB/T 9704-2012 official-document format.",
    after_help = "Examples:\n  gongwen report.md                    writes report.pdf and report.docx beside it\n  gongwen report.md -o 通知.pdf         writes only the PDF, to that file\n  gongwen --pdf --docx --ofd report.md  writes all three formats\n  gongwen -o out/ *.md                 converts many reports in parallel into out/\n  gongwen --check report.md            only reads and validates\n  gongwen --pdf - < report.md > out.pdf  stdin to stdout\n\nExit codes: 0 ok, 1 errors in an input report, 2 usage errors, 3 I/O or internal errors."
)]
struct Cli {
    /// Report files (`-` alone reads standard input and writes one format to standard output).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output: a folder (default: each input's folder), or, for one input, a file whose
    /// name ends in .pdf, .docx or .ofd (that format only).
    #[arg(
        short = 'o',
        long = "out",
        visible_alias = "out-dir",
        value_name = "DIR|FILE"
    )]
    out: Option<PathBuf>,
    /// Print errors only: no warnings, notes, progress or summary.
    #[arg(short = 'q', long)]
    quiet: bool,
    /// Write the PDF (with no format flag: the PDF and the DOCX).
    #[arg(long)]
    pdf: bool,
    /// Write the DOCX.
    #[arg(long)]
    docx: bool,
    /// Write the OFD (GB/T 33190), the format government document systems exchange.
    #[arg(long)]
    ofd: bool,
    /// Read and validate only: print every error and warning, write nothing.
    #[arg(long)]
    check: bool,
    /// Folder of font files replacing the bundled ones by role (Fang, Kai, Hei, Song, XiaoBiaoSong in the file names).
    #[arg(long, value_name = "DIR")]
    fonts: Option<PathBuf>,
    /// Refuse to fall back to another font for characters a role's font lacks.
    #[arg(long)]
    strict_fonts: bool,
    /// Allow seals, images and attachments from this folder too.
    #[arg(long, value_name = "DIR")]
    allow_root: Vec<PathBuf>,
    /// Parallel jobs (default: the number of cores).
    #[arg(short = 'j', long)]
    jobs: Option<usize>,
    /// Language of the messages: zh (default, 中文) or en.
    #[arg(long, value_name = "zh|en", default_value = "zh", value_parser = ["zh", "en"])]
    lang: String,
}

struct Style {
    color: bool,
    lang: Lang,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    /// "error: " (or "错误：") in red.
    fn error(&self) -> String {
        let sep = if self.lang == Lang::Zh { "：" } else { ": " };
        format!(
            "{}{sep}",
            self.paint("1;31", Severity::Error.label(self.lang))
        )
    }

    /// The English or the Chinese text.
    fn say<'a>(&self, en: &'a str, zh: &'a str) -> &'a str {
        if self.lang == Lang::Zh {
            zh
        } else {
            en
        }
    }

    fn diagnostic(&self, d: &Diagnostic, source: Option<&str>) -> String {
        let text = d.render_in(source, self.lang);
        let sep = if self.lang == Lang::Zh { "：" } else { ": " };
        let code = match d.severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            _ => "1;36",
        };
        let label = d.severity.label(self.lang);
        text.replacen(
            &format!(": {label}{sep}"),
            &format!(": {}{sep}", self.paint(code, label)),
            1,
        )
    }
}

/// Outcome of one input: 0 ok, 1 input errors, 2 I/O or internal.
fn convert(cli: &Cli, conv: &Converter, input: &Path, style: &Style, err: &Stderr) -> u8 {
    let report = |lines: Vec<String>| err.lines(lines);
    // Read once: the bytes feed the reader and, on errors, the source lines shown.
    let read = std::fs::read(input).map_err(|cause| Error::Io {
        path: input.to_path_buf(),
        cause,
    });
    let source = read
        .as_ref()
        .ok()
        .map(|b| String::from_utf8_lossy(b).into_owned());
    let doc = match read.and_then(|b| conv.read_bytes(&b, Some(input))) {
        Ok(d) => d,
        Err(Error::Invalid(diags)) => {
            report(
                diags
                    .iter()
                    .filter(|d| !cli.quiet || d.severity == Severity::Error)
                    .map(|d| style.diagnostic(d, source.as_deref()))
                    .collect(),
            );
            return 1;
        }
        // An I/O error names its file already.
        Err(e @ Error::Io { .. }) => {
            report(vec![format!("{}{e}", style.error())]);
            return 3;
        }
        Err(e) => {
            report(vec![format!("{}: {}{e}", input.display(), style.error())]);
            return 3;
        }
    };
    if !cli.quiet {
        report(
            doc.diagnostics()
                .iter()
                .map(|d| style.diagnostic(d, Some(doc.source())))
                .collect(),
        );
    }
    if cli.check {
        return 0;
    }
    let jobs = outputs(cli, input);
    if let Some((_, out)) = jobs.iter().find(|(_, out)| same_file(out, input)) {
        report(vec![format!(
            "{}: {}{}",
            out.display(),
            style.error(),
            style.say("refusing to write over the input", "不能覆盖输入文件")
        )]);
        return 3;
    }
    // The two formats render at the same time (the DOCX hides behind the PDF).
    let results: Vec<Result<(), String>> = std::thread::scope(|s| {
        let doc = &doc;
        let handles: Vec<_> = jobs
            .iter()
            .map(|(fmt, out)| {
                s.spawn(move || {
                    render(doc, fmt)
                        .map_err(|e| e.to_string())
                        .and_then(|b| write_atomic(out, &b).map_err(|e| e.to_string()))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err("internal error".into())))
            .collect()
    });
    let mut code = 0;
    for ((_, out), result) in jobs.iter().zip(results) {
        if let Err(e) = result {
            report(vec![format!("{}: {}{e}", out.display(), style.error())]);
            code = 3;
        }
    }
    code
}

/// The format `-o` names when it is a file (`通知.pdf`, `out.docx`), if it is one.
fn out_file_format(cli: &Cli) -> Option<&'static str> {
    let ext = cli
        .out
        .as_ref()?
        .extension()?
        .to_str()?
        .to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => Some("pdf"),
        "docx" => Some("docx"),
        "ofd" => Some("ofd"),
        _ => None,
    }
}

/// The files an input becomes: `DIR/<stem>.pdf` and `.docx`, the stem being the input's
/// name less its last extension, every other dot kept (`2023.07.10-通知.md` →
/// `2023.07.10-通知.pdf`); or the one file `-o` names.
fn outputs(cli: &Cli, input: &Path) -> Vec<(&'static str, PathBuf)> {
    if let (Some(fmt), Some(file)) = (out_file_format(cli), &cli.out) {
        return vec![(fmt, file.clone())];
    }
    let dir = cli
        .out
        .clone()
        .unwrap_or_else(|| input.parent().map(Path::to_path_buf).unwrap_or_default());
    let stem = input.file_stem().unwrap_or_default();
    formats(cli)
        .into_iter()
        .map(|ext| {
            let mut name = stem.to_os_string();
            name.push(".");
            name.push(ext);
            (ext, dir.join(name))
        })
        .collect()
}

/// Two inputs that would write the same file (`a/report.md` and `b/report.md` with one
/// `-o`): the first such pair, found before anything is written.
fn colliding(cli: &Cli) -> Option<(PathBuf, PathBuf, PathBuf)> {
    let key = |p: &Path| {
        let dir = p.parent().filter(|d| !d.as_os_str().is_empty());
        let dir = dir.unwrap_or(Path::new("."));
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        dir.join(p.file_name().unwrap_or_default())
    };
    let mut seen: std::collections::HashMap<PathBuf, &Path> = std::collections::HashMap::new();
    for input in &cli.inputs {
        for (_, out) in outputs(cli, input) {
            if let Some(first) = seen.insert(key(&out), input) {
                if first != input.as_path() {
                    return Some((first.to_path_buf(), input.clone(), out));
                }
            }
        }
    }
    None
}

/// The formats the flags ask for: without any, the PDF and the DOCX (the OFD is for
/// the systems that exchange it; `--ofd` adds it).
fn formats(cli: &Cli) -> Vec<&'static str> {
    let chosen = chosen(cli);
    if chosen.is_empty() {
        vec!["pdf", "docx"]
    } else {
        chosen
    }
}

/// The format flags given.
fn chosen(cli: &Cli) -> Vec<&'static str> {
    [("pdf", cli.pdf), ("docx", cli.docx), ("ofd", cli.ofd)]
        .into_iter()
        .filter(|(_, on)| *on)
        .map(|(f, _)| f)
        .collect()
}

fn render(doc: &gongwen::Document, fmt: &str) -> Result<Vec<u8>, Error> {
    match fmt {
        "pdf" => doc.to_pdf(),
        "ofd" => doc.to_ofd(),
        _ => doc.to_docx(),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Writes to a temporary file in the target folder, then renames it into place, so an
/// error or a kill never leaves a half-written file.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    // Unique per process and per file written, so parallel jobs never share one.
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let tmp = dir.join(format!(
        ".{}.{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("out"),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Standard error shared by the jobs: whole lines, and a progress bar that diagnostics
/// never share a line with.
struct Stderr {
    out: Mutex<std::io::Stderr>,
    /// The bar is drawn and its line not yet ended.
    bar_open: AtomicBool,
}

impl Stderr {
    fn lines(&self, lines: Vec<String>) {
        if lines.is_empty() {
            return;
        }
        let mut e = self.out.lock().unwrap_or_else(|p| p.into_inner());
        if self.bar_open.swap(false, Ordering::SeqCst) {
            let _ = writeln!(e);
        }
        for l in lines {
            let _ = writeln!(e, "{l}");
        }
    }

    fn bar(&self, done: usize, n: usize) {
        let mut e = self.out.lock().unwrap_or_else(|p| p.into_inner());
        let bar = "#".repeat(done * 30 / n);
        let _ = write!(e, "\r[{bar:<30}] {done}/{n}");
        if done == n {
            let _ = writeln!(e);
        }
        self.bar_open.store(done < n, Ordering::SeqCst);
    }
}

/// A usage error: exit code 2.
fn usage(style: &Style, message: &str) -> ExitCode {
    eprintln!("{}{message}", style.error());
    ExitCode::from(2)
}

fn stdin_to_stdout(cli: &Cli, conv: &Converter, style: &Style) -> u8 {
    let chosen = chosen(cli);
    if !cli.check && chosen.len() != 1 {
        eprintln!(
            "{}{}",
            style.error(),
            style.say(
                "with `-` choose one format: --pdf, --docx or --ofd",
                "使用 `-` 时请选择一种格式：--pdf、--docx 或 --ofd"
            )
        );
        return 2;
    }
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
        eprintln!("<stdin>: {}{e}", style.error());
        return 3;
    }
    let root = cli
        .allow_root
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let doc = match conv.read_bytes(&bytes, Some(&root.join("<stdin>"))) {
        Ok(d) => d,
        Err(Error::Invalid(diags)) => {
            let src = String::from_utf8_lossy(&bytes);
            diags
                .iter()
                .for_each(|d| eprintln!("{}", style.diagnostic(d, Some(&src))));
            return 1;
        }
        Err(e) => {
            eprintln!("<stdin>: {}{e}", style.error());
            return 3;
        }
    };
    doc.diagnostics()
        .iter()
        .filter(|_| !cli.quiet)
        .for_each(|d| eprintln!("{}", style.diagnostic(d, Some(doc.source()))));
    if cli.check {
        return 0;
    }
    let out = render(&doc, chosen[0]);
    match out {
        Ok(b) => match std::io::stdout().lock().write_all(&b) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("<stdout>: {}{e}", style.error());
                3
            }
        },
        Err(e) => {
            eprintln!("<stdin>: {}{e}", style.error());
            3
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let tty = std::io::stderr().is_terminal();
    let style = Style {
        color: tty && std::env::var_os("NO_COLOR").is_none(),
        lang: if cli.lang == "en" { Lang::En } else { Lang::Zh },
    };
    let fonts = match &cli.fonts {
        Some(dir) => FontSet::from_dir(dir),
        None => FontSet::default_set(),
    };
    let mut conv = match fonts {
        Ok(f) => Converter::with_fonts(f).strict_fonts(cli.strict_fonts),
        Err(e) => {
            eprintln!("{}{e}", style.error());
            return ExitCode::from(3);
        }
    };
    for root in &cli.allow_root {
        conv = conv.allow_root(root);
    }
    let stdin = cli.inputs.iter().any(|i| i.as_os_str() == "-");
    if stdin && cli.inputs.len() > 1 {
        return usage(
            &style,
            style.say(
                "`-` (standard input) cannot stand among files",
                "`-`（标准输入）不能与文件一起给出",
            ),
        );
    }
    if stdin {
        if cli.out.is_some() {
            return usage(
                &style,
                style.say(
                    "`-` writes to standard output; -o does not apply",
                    "`-` 写到标准输出，不能与 -o 同用",
                ),
            );
        }
        return ExitCode::from(stdin_to_stdout(&cli, &conv, &style));
    }
    if let Some(fmt) = out_file_format(&cli) {
        if cli.inputs.len() > 1 {
            return usage(
                &style,
                style.say(
                    "-o names a file: give one input, or a folder for several",
                    "-o 给的是文件：只能有一个输入；多个输入请给文件夹",
                ),
            );
        }
        let chosen = chosen(&cli);
        if !chosen.is_empty() && chosen != [fmt] {
            return usage(
                &style,
                &match style.lang {
                    Lang::Zh => format!("-o 给的是 .{fmt} 文件，只能写这一种格式"),
                    _ => format!("-o names a .{fmt} file: it holds that format only"),
                },
            );
        }
    }
    if !cli.check {
        if let Some((a, b, out)) = colliding(&cli) {
            return usage(
                &style,
                &match style.lang {
                    Lang::Zh => format!(
                        "{} 和 {} 都会写到 {}；请转换到不同的文件夹（-o）",
                        a.display(),
                        b.display(),
                        out.display()
                    ),
                    _ => format!(
                        "{} and {} would both write {}; convert them into different folders (-o)",
                        a.display(),
                        b.display(),
                        out.display()
                    ),
                },
            );
        }
    }
    let n = cli.inputs.len();
    let jobs = cli
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |p| p.get()))
        .clamp(1, n);
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results = Mutex::new(vec![0u8; n]);
    let err = Stderr {
        out: Mutex::new(std::io::stderr()),
        bar_open: AtomicBool::new(false),
    };
    let progress = tty && n > 3 && !cli.quiet;
    std::thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= n {
                    break;
                }
                let code = convert(&cli, &conv, &cli.inputs[i], &style, &err);
                results.lock().unwrap_or_else(|p| p.into_inner())[i] = code;
                let d = done.fetch_add(1, Ordering::SeqCst) + 1;
                if progress {
                    err.bar(d, n);
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(|p| p.into_inner());
    let failed_input = results.iter().filter(|&&c| c == 1).count();
    let failed_io = results.iter().filter(|&&c| c == 3).count();
    if n > 1 && !cli.quiet {
        let ok = n - failed_input - failed_io;
        eprintln!(
            "{}",
            match style.lang {
                Lang::Zh =>
                    format!("转换成功 {ok} 个，有错误 {failed_input} 个，写入失败 {failed_io} 个"),
                _ => format!(
                    "{ok} converted, {failed_input} with errors, {failed_io} failed to write"
                ),
            }
        );
    }
    ExitCode::from(if failed_io > 0 {
        3
    } else if failed_input > 0 {
        1
    } else {
        0
    })
}
