//! The example binary: output names, inputs that would overwrite each other.

use std::path::PathBuf;
use std::process::Command;

/// The example binary `cargo test` builds next to the test executables.
fn binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    dir.join("examples")
        .join(format!("gongwen{}", std::env::consts::EXE_SUFFIX))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gongwen-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const REPORT: &str = "---\n标题: 通知\n署名: 某局\n成文日期: 2024-01-02\n---\n\n正文。\n";

#[test]
fn output_names_keep_every_dot_of_the_stem() {
    let dir = scratch("dots");
    let input = dir.join("2023.07.10-通知.md");
    std::fs::write(&input, REPORT).unwrap();
    let out = Command::new(binary()).arg(&input).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for ext in ["pdf", "docx"] {
        assert!(
            dir.join(format!("2023.07.10-通知.{ext}")).is_file(),
            "{ext}"
        );
    }
    assert!(!dir.join("2023.07.pdf").exists());
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "no temporary file left");
}

#[test]
fn two_inputs_for_one_output_are_refused_before_anything_is_written() {
    let dir = scratch("clash");
    for sub in ["a", "b"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        std::fs::write(dir.join(sub).join("report.md"), REPORT).unwrap();
    }
    let out_dir = dir.join("out");
    let out = Command::new(binary())
        .args([dir.join("a/report.md"), dir.join("b/report.md")])
        .arg("-o")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("都会写到"), "{err}");
    assert!(!out_dir.exists(), "nothing written");
    // report.v1.md and report.v2.md write report.v1.* and report.v2.*: no clash.
    for v in ["v1", "v2"] {
        std::fs::write(dir.join(format!("report.{v}.md")), REPORT).unwrap();
    }
    let out = Command::new(binary())
        .args([dir.join("report.v1.md"), dir.join("report.v2.md")])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.join("report.v1.pdf").is_file() && dir.join("report.v2.docx").is_file());
}

fn run(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(binary())
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn o_names_a_file_for_one_input_and_one_format_and_a_folder_otherwise() {
    let dir = scratch("out-file");
    std::fs::write(dir.join("a.md"), REPORT).unwrap();
    let (code, err) = run(&dir, &["a.md", "-o", "通知.pdf"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(std::fs::read(dir.join("通知.pdf"))
        .unwrap()
        .starts_with(b"%PDF"));
    assert!(!dir.join("a.docx").exists(), "that format only");
    // A .docx file for two inputs, or a .pdf file with --docx: usage errors (2).
    assert_eq!(run(&dir, &["a.md", "a.md", "-o", "x.docx"]).0, Some(2));
    assert_eq!(run(&dir, &["a.md", "-o", "x.pdf", "--docx"]).0, Some(2));
    // Anything else is a folder.
    let (code, _) = run(&dir, &["a.md", "-o", "out"]);
    assert_eq!(code, Some(0));
    assert!(dir.join("out/a.pdf").is_file() && dir.join("out/a.docx").is_file());
}

#[test]
fn format_flags_choose_the_formats_and_the_default_is_pdf_and_docx() {
    let dir = scratch("formats");
    std::fs::write(dir.join("a.md"), REPORT).unwrap();
    let (code, err) = run(&dir, &["a.md", "--ofd", "-o", "ofd"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(std::fs::read(dir.join("ofd/a.ofd"))
        .unwrap()
        .starts_with(b"PK"));
    assert!(!dir.join("ofd/a.pdf").exists() && !dir.join("ofd/a.docx").exists());
    run(&dir, &["a.md", "--pdf", "--docx", "--ofd", "-o", "all"]);
    assert!(["pdf", "docx", "ofd"]
        .iter()
        .all(|e| dir.join(format!("all/a.{e}")).is_file()));
    run(&dir, &["a.md", "-o", "default"]);
    assert!(dir.join("default/a.pdf").is_file() && dir.join("default/a.docx").is_file());
    assert!(!dir.join("default/a.ofd").exists(), "the OFD is asked for");
    // `-o x.ofd` is that file and format; with another format flag, a usage error.
    assert_eq!(run(&dir, &["a.md", "-o", "公文.ofd"]).0, Some(0));
    assert!(std::fs::read(dir.join("公文.ofd"))
        .unwrap()
        .starts_with(b"PK"));
    assert_eq!(run(&dir, &["a.md", "-o", "x.ofd", "--pdf"]).0, Some(2));
}

#[test]
fn exit_codes_tell_usage_from_report_and_io_errors_and_name_a_missing_file_once() {
    let dir = scratch("codes");
    std::fs::write(dir.join("a.md"), REPORT).unwrap();
    std::fs::write(
        dir.join("bad.md"),
        "---\n成文日期: 2023-02-30\n---\n\n正文。\n",
    )
    .unwrap();
    assert_eq!(run(&dir, &["a.md", "-"]).0, Some(2), "`-` among files");
    assert_eq!(run(&dir, &["bad.md"]).0, Some(1));
    let (code, err) = run(&dir, &["missing.md"]);
    assert_eq!(code, Some(3));
    assert_eq!(err.matches("missing.md").count(), 1, "{err}");
}

#[test]
fn quiet_prints_errors_only() {
    let dir = scratch("quiet");
    // An unreferenced footnote is a warning.
    std::fs::write(dir.join("w.md"), format!("{REPORT}\n[^a]: 注释。\n")).unwrap();
    let (code, loud) = run(&dir, &["w.md"]);
    assert_eq!(code, Some(0));
    assert!(
        loud.contains("警告"),
        "messages are Chinese by default: {loud}"
    );
    let (code, quiet) = run(&dir, &["-q", "w.md"]);
    assert_eq!(code, Some(0));
    assert!(quiet.is_empty(), "{quiet}");
}

#[test]
fn messages_are_chinese_by_default_and_english_on_request() {
    let dir = scratch("lang");
    std::fs::write(
        dir.join("bad.md"),
        "---\n成文日期: 2023-02-30\n---\n\n正文。\n",
    )
    .unwrap();
    let (code, zh) = run(&dir, &["bad.md"]);
    assert_eq!(code, Some(1));
    assert!(
        zh.contains("bad.md:2:7: 错误：`成文日期`：2023-02-30 不是真实存在的日期"),
        "{zh}"
    );
    let (_, en) = run(&dir, &["--lang", "en", "bad.md"]);
    assert!(
        en.contains("bad.md:2:7: error: `成文日期`: 2023-02-30 is not a real date"),
        "{en}"
    );
}
