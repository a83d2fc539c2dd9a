//! Hostile and oversized input: clear errors at their place, never a panic, never a
//! hang, never a file outside the report's folder.

mod common;
use common::*;
use gongwen::{Converter, Error, Problem, Severity};

#[test]
fn two_hundred_levels_of_nested_lists_are_kept_with_a_warning() {
    let mut md = String::from("---\n标题: 嵌套\n---\n\n");
    for depth in 0..200 {
        md.push_str(&"  ".repeat(depth));
        md.push_str(&format!("- 第{depth}层\n"));
    }
    let doc = converter().read_str(&md).expect("reads");
    let w: Vec<_> = doc
        .diagnostics()
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect();
    assert!(
        w.iter()
            .any(|d| matches!(&d.problem, Problem::Limit { what, .. } if what == "list nesting")),
        "{w:?}"
    );
    let text = doc.report().body_text();
    assert!(
        text.contains("第0层") && text.contains("第199层"),
        "no item is lost"
    );
    doc.to_pdf().unwrap();
    doc.to_docx().unwrap();
}

#[test]
fn ten_thousand_nested_quotes_do_not_overflow_the_stack() {
    let md = format!(
        "---\n标题: 引用\n---\n\n{}最深处的文字。\n",
        "> ".repeat(10_000)
    );
    let doc = converter().read_str(&md).expect("reads");
    assert!(doc.report().body_text().contains("最深处的文字。"));
    doc.to_pdf().unwrap();
}

#[test]
fn a_body_over_the_size_limit_is_refused_naming_the_limit() {
    let mut md = String::from("---\n标题: 很大\n---\n\n");
    let para = "很长的正文段落。".repeat(100) + "\n\n";
    while md.len() < 10 << 20 {
        md.push_str(&para);
    }
    match converter().read_str(&md) {
        Err(Error::Invalid(d)) => assert!(
            d[0].to_string().contains("exceeds the limit of 4 MiB"),
            "{}",
            d[0]
        ),
        other => panic!("expected a limit error, got {:?}", other.map(|_| ())),
    }
}

#[test]
fn a_broken_png_is_an_error_not_a_panic() {
    let d = errors("errors/broken-png.md");
    assert!(
        d.iter()
            .any(|d| d.line == 3 && d.to_string().contains("is not a PNG or JPEG image")),
        "{d:?}"
    );
}

#[test]
fn a_symlink_pointing_out_of_the_folder_is_refused() {
    let dir = std::env::temp_dir().join(format!("gongwen-symlink-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let link = dir.join("seal.png");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(fixture("seal.png"), &link).unwrap();
    std::fs::write(
        dir.join("r.md"),
        "---\n标题: 测试\n印章: seal.png\n---\n\n正文。\n",
    )
    .unwrap();
    let err = converter().read_path(dir.join("r.md")).unwrap_err();
    assert!(err
        .diagnostics()
        .iter()
        .any(|d| matches!(d.problem, Problem::OutsideRoot { .. }) && d.line == 3));
    // The caller may allow another root explicitly.
    let allowed = Converter::new().unwrap().allow_root(fixture(""));
    let doc = allowed.read_path(dir.join("r.md")).expect("allowed root");
    assert_eq!(doc.report().meta.seal.len(), 1);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_report_from_a_string_cannot_reach_files_unless_a_root_is_given() {
    let md = "---\n标题: 测试\n印章: seal.png\n---\n\n正文。\n";
    let err = converter().read_str(md).unwrap_err();
    assert!(err
        .diagnostics()
        .iter()
        .any(|d| d.line == 3 && matches!(d.problem, Problem::Unreadable { .. })));
    let doc = Converter::new()
        .unwrap()
        .allow_root(fixture(""))
        .read_str(md)
        .expect("root given");
    assert_eq!(doc.report().meta.seal.len(), 1);
}

#[test]
fn arbitrary_bytes_never_panic() {
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for len in [0usize, 1, 3, 17, 100, 1000] {
        for _ in 0..20 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    (seed >> 24) as u8
                })
                .collect();
            let mut input = b"---\n".to_vec();
            input.extend_from_slice(&bytes);
            if let Ok(doc) = converter().read_bytes(&input, None) {
                doc.to_pdf().unwrap();
                doc.to_docx().unwrap();
            }
        }
    }
}

/// Inputs the fuzzers found, kept as regression tests (`fixtures/regressions/`).
#[test]
fn fuzz_regressions_do_not_panic() {
    let dir = fixture("regressions");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        // The front-matter target wraps its input between `---` lines.
        let mut input = b"---\n".to_vec();
        input.extend_from_slice(&bytes);
        input.extend_from_slice("\n---\n\n正文。\n".as_bytes());
        for candidate in [input, bytes] {
            if let Ok(doc) = converter().read_bytes(&candidate, None) {
                doc.to_pdf().unwrap();
                doc.to_docx().unwrap();
            }
        }
    }
}

#[test]
fn a_header_taller_than_the_page_warns() {
    let names: Vec<String> = (0..40).map(|i| format!("机关{i}")).collect();
    let text = format!(
        "---\n发文机关: [{}]\n发文字号: 某〔2023〕1号\n标题: 测试\n---\n\n正文。\n",
        names.join(", ")
    );
    let doc = Converter::new().unwrap().read_str(&text).unwrap();
    let w: Vec<String> = warnings(&doc).iter().map(|d| d.to_string()).collect();
    assert!(w.iter().any(|m| m.contains("taller than page 1")), "{w:?}");
    let ok = Converter::new()
        .unwrap()
        .read_str("---\n发文机关: [甲局, 乙局]\n标题: 测试\n---\n\n正文。\n")
        .unwrap();
    assert!(warnings(&ok).is_empty(), "two organs fit");
}

#[test]
fn a_font_file_outside_the_reports_folder_is_refused_unless_its_root_is_allowed() {
    let report =
        "---\n标题: 通知\n字体:\n  仿宋: ../fonts/body/FandolFang-Regular.ttf\n---\n\n正文。\n";
    let path = fixture("fonts-outside.md");
    let conv = gongwen::Converter::new().unwrap();
    let err = conv.read_bytes(report.as_bytes(), Some(&path)).unwrap_err();
    assert!(err
        .diagnostics()
        .iter()
        .any(|d| matches!(d.problem, Problem::OutsideRoot { .. })));
    let fonts = fixture("../fonts");
    let doc = conv
        .allow_root(fonts)
        .read_bytes(report.as_bytes(), Some(&path))
        .unwrap();
    assert_eq!(
        doc.fonts().face(gongwen::Role::Fang).name,
        "FandolFang-Regular"
    );
}
