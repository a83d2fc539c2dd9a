//! The reader: every key in both spellings, errors with file line and column, the
//! seed's text kept character for character, numbering, input hygiene, font coverage.

mod common;
use common::*;
use gongwen::model::{Block, DocKind, HeadingLevel, Layout, Secrecy, Urgency};
use gongwen::{Problem, Severity};

#[test]
fn every_key_reads_the_same_in_english_and_chinese() {
    let en = read("keys-english.md");
    let zh = read("keys-chinese.md");
    assert_eq!(en.report(), zh.report());
    let m = &en.report().meta;
    assert_eq!(m.kind, Some(DocKind::Request));
    assert_eq!(m.layout, Layout::File);
    assert_eq!(m.copy_no.as_deref(), Some("000001"));
    assert_eq!(m.secrecy, Some(Secrecy::Confidential));
    assert_eq!(m.secrecy_term.as_deref(), Some("2年"));
    assert_eq!(m.urgency, Some(Urgency::Urgent));
    assert_eq!(m.issuer, ["某县人民政府"]);
    assert_eq!(m.issuer_mark.as_deref(), Some("某县人民政府文件"));
    assert_eq!(m.doc_number.as_deref(), Some("某政〔2023〕8号"));
    assert_eq!(m.signers, ["王某某"]);
    assert_eq!(
        m.title.as_deref(),
        Some("某县人民政府关于申请专项资金的请示")
    );
    assert_eq!(m.recipients, ["某市人民政府"]);
    assert_eq!(m.attachments.len(), 2);
    assert_eq!(m.attachments[1].name, "项目清单");
    assert!(m.attachments[1]
        .body
        .as_ref()
        .is_some_and(|b| !b.is_empty()));
    assert_eq!(m.signature, ["某县人民政府"]);
    assert_eq!(
        m.date.map(|d| d.to_string()).as_deref(),
        Some("2023年3月1日")
    );
    assert_eq!(m.seal.len(), 1);
    assert_eq!(m.signed_by[0].title, "县长");
    assert_eq!(m.note.as_deref(), Some("联系人：李某某，电话：1234567"));
    assert_eq!(m.cc, ["某市财政局"]);
    assert_eq!(m.printer.as_deref(), Some("某县人民政府办公室"));
    assert_eq!(
        m.print_date.map(|d| d.to_string()).as_deref(),
        Some("2023年3月2日")
    );
    assert!(m.fonts.fangsong.is_some());
}

#[test]
fn unquoted_copy_number_keeps_its_leading_zeros() {
    assert_eq!(
        read("classified.md").report().meta.copy_no.as_deref(),
        Some("000123")
    );
}

#[test]
fn doc_number_brackets_are_normalised_with_a_note() {
    let doc = read("full-document.md");
    assert_eq!(
        doc.report().meta.doc_number.as_deref(),
        Some("某市监〔2023〕15号")
    );
    let note = doc
        .diagnostics()
        .iter()
        .find(|d| d.severity == Severity::Note)
        .expect("a note");
    assert_eq!((note.line, note.col), (3, 7));
    assert!(note.to_string().contains("〔2023〕"), "{note}");
}

/// (fixture, text the message must contain, file line, column)
const ERRORS: &[(&str, &str, usize, usize)] = &[
    (
        "errors/unknown-key.md",
        "unknown key `成文日起`; did you mean `成文日期`?",
        3,
        1,
    ),
    (
        "errors/unknown-key-english.md",
        "did you mean `title`?",
        2,
        1,
    ),
    (
        "errors/duplicate-key.md",
        "`标题` is given twice: here and as `title` on line 2",
        4,
        1,
    ),
    (
        "errors/impossible-date.md",
        "2023-02-30 is not a real date",
        3,
        7,
    ),
    (
        "errors/date-format.md",
        "not a date in the form YYYY-MM-DD (for example 2023-07-10)",
        2,
        7,
    ),
    (
        "errors/date-chinese.md",
        "`二〇二三年七月十日` is not a date in the form YYYY-MM-DD",
        2,
        7,
    ),
    ("errors/copy-no.md", "must be six digits", 2, 5),
    ("errors/secrecy.md", "use one of: 秘密 机密 绝密", 2, 5),
    ("errors/urgency.md", "use one of: 特急 加急", 2, 7),
    (
        "errors/layout.md",
        "use one of: file 文件式 letter 信函式 order 命令式 minutes 纪要式 plain",
        2,
        5,
    ),
    (
        "errors/kind.md",
        "`简报` is not allowed; use one of: 决议",
        2,
        5,
    ),
    ("errors/raw-html-block.md", "raw HTML is not allowed", 7, 1),
    (
        "errors/raw-html-inline.md",
        "raw HTML is not allowed in a report: `<span>`",
        5,
        3,
    ),
    (
        "errors/raw-html-comment.md",
        "raw HTML is not allowed in a report: `<!-- 注释 -->`",
        7,
        1,
    ),
    ("errors/yaml-indent.md", "not valid YAML", 5, 2),
    ("errors/yaml-tab.md", "not valid YAML", 4, 1),
    ("errors/unterminated.md", "never closed", 1, 1),
    (
        "errors/gbk.md",
        "not valid UTF-8; the file may be GBK-encoded",
        5,
        1,
    ),
    (
        "errors/outside-root.md",
        "`../../etc/passwd` is outside the report's folder",
        3,
        5,
    ),
    (
        "errors/absolute-path.md",
        "`/etc/passwd` is outside the report's folder",
        3,
        5,
    ),
    (
        "errors/not-an-image.md",
        "`not-an-image.png` is not a PNG or JPEG image",
        3,
        5,
    ),
    (
        "errors/missing-seal.md",
        "cannot read `no-such-seal.png`",
        3,
        5,
    ),
    (
        "errors/image-outside.md",
        "`../../etc/hosts` is outside the report's folder",
        7,
        1,
    ),
];

#[test]
fn each_bad_input_gets_its_message_at_its_file_line_and_column() {
    let mut failures = Vec::new();
    for &(name, msg, line, col) in ERRORS {
        let diags = errors(name);
        let hit = diags
            .iter()
            .find(|d| d.severity == Severity::Error && d.to_string().contains(msg));
        match hit {
            Some(d)
                if (d.line, d.col) == (line, col)
                    && d.file.as_ref().is_some_and(|f| f.ends_with(name)) => {}
            other => failures.push(format!(
                "{name}: wanted `{msg}` at {line}:{col}, got {other:?} in {diags:#?}"
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn several_errors_are_reported_at_once() {
    let diags = errors("errors/multiple.md");
    let lines: Vec<usize> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.line)
        .collect();
    assert_eq!(lines, [3, 4, 5], "{diags:#?}");
}

#[test]
fn errors_render_as_path_line_col_then_the_source_line() {
    let d = &errors("errors/unknown-key.md")[0];
    let src = std::fs::read_to_string(fixture("errors/unknown-key.md")).unwrap();
    let text = d.render(Some(&src));
    let mut lines = text.lines();
    assert!(
        lines.next().unwrap().ends_with(
            "errors/unknown-key.md:3:1: error: unknown key `成文日起`; did you mean `成文日期`?"
        ),
        "{text}"
    );
    assert_eq!(lines.next().unwrap(), "  | 成文日起: 2023-07-10");
    assert_eq!(lines.next().unwrap(), "  | ^");
    assert!(matches!(
        d.problem,
        Problem::UnknownKey {
            suggestion: Some("成文日期"),
            ..
        }
    ));
}

#[test]
fn deep_headings_warn_and_keep_their_text() {
    let doc = read("warnings/heading-5.md");
    let w = warnings(&doc);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].line, 5);
    assert!(matches!(w[0].problem, Problem::HeadingTooDeep { level: 5 }));
    assert!(doc.report().body_text().contains("第五级标题文字"));
}

#[test]
fn nul_byte_warns_at_its_place_and_the_text_after_it_survives() {
    let doc = read("warnings/nul.md");
    let w = warnings(&doc);
    assert_eq!((w[0].line, w[0].col), (5, 4));
    assert!(doc.report().body_text().contains("前半句后半句。"));
}

#[test]
fn a_report_without_front_matter_is_read_with_a_warning() {
    let doc = read("warnings/no-front-matter.md");
    assert!(matches!(warnings(&doc)[0].problem, Problem::NoFrontMatter));
    assert!(doc.report().body_text().contains("正文照样输出。"));
}

#[test]
fn a_written_marker_that_disagrees_with_its_position_warns() {
    let doc = read("warnings/marker-mismatch.md");
    let w = warnings(&doc);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].line, 7);
    assert!(
        w[0].to_string()
            .contains("starts with `三、` but is number `二、`"),
        "{}",
        w[0]
    );
}

#[test]
fn front_matter_ending_at_end_of_file_is_valid_and_an_empty_body_is_fine() {
    assert_eq!(
        read("warnings/eof-front-matter.md")
            .report()
            .meta
            .title
            .as_deref(),
        Some("结尾无换行")
    );
    let doc = read("warnings/empty-body.md");
    assert!(doc.report().body.is_empty());
    assert_eq!(doc.pages().len(), 1);
}

#[test]
fn the_seed_keeps_every_character_asterisks_included() {
    let doc = read("seed.md");
    let seed = seed_text();
    let model = doc.report().body_text();
    assert_eq!(model.trim_end(), seed.trim_end());
    for mask in ["金额****万元", "罚没款**.**万元", "幸福**的", "*.*万余元"] {
        assert!(model.contains(mask), "{mask}");
    }
}

#[test]
fn headings_are_numbered_per_level_and_restart_under_each_parent() {
    let doc = read("numbering.md");
    let got: Vec<(HeadingLevel, String)> = doc
        .report()
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Heading {
                level,
                marker,
                text,
                ..
            } => Some((*level, format!("{marker}{text}"))),
            _ => None,
        })
        .collect();
    let want = [
        (HeadingLevel::One, "一、总体要求"),
        (HeadingLevel::Two, "（一）指导思想"),
        (HeadingLevel::Three, "1.坚持问题导向"),
        (HeadingLevel::Four, "（1）细化清单"),
        (HeadingLevel::Four, "（2）压实责任"),
        (HeadingLevel::Three, "2.坚持目标导向"),
        (HeadingLevel::Two, "（二）基本原则"),
        (HeadingLevel::One, "二、主要任务"),
        (HeadingLevel::Two, "（一）深化改革"),
        (HeadingLevel::Two, "（三）强化监管"),
        (HeadingLevel::Three, "1.加强抽检"),
    ];
    let want: Vec<(HeadingLevel, String)> = want.iter().map(|(l, t)| (*l, t.to_string())).collect();
    assert_eq!(got, want);
    // The written （三） at position （二） is kept, with a warning on its line.
    let w = warnings(&doc);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].line, 23);
}

#[test]
fn bom_and_crlf_give_the_same_report_and_the_same_pdf() {
    let a = read("bom-crlf.md");
    let b = read("bom-crlf-lf.md");
    assert_eq!(a.report(), b.report());
    assert_eq!(a.to_pdf().unwrap(), b.to_pdf().unwrap());
}

#[test]
fn characters_missing_from_the_fonts_are_named_at_their_line_and_column() {
    let doc = read("rare-characters.md");
    let missing: Vec<(char, usize, usize, String)> = doc
        .diagnostics()
        .iter()
        .filter_map(|d| match &d.problem {
            Problem::MissingGlyph { ch, face, .. } => Some((*ch, d.line, d.col, face.clone())),
            _ => None,
        })
        .collect();
    let at = |c: char| {
        missing
            .iter()
            .find(|m| m.0 == c)
            .map(|m| (m.1, m.2, m.3.as_str()))
    };
    assert_eq!(at('𠮷'), Some((5, 4, "FandolFang-Regular")), "{missing:?}");
    assert_eq!(at('堃'), Some((5, 11, "FandolFang-Regular")), "{missing:?}");
    assert_eq!(at('龑'), Some((7, 5, "FandolHei-Regular")), "黑体 heading");
    assert_eq!(at('喆'), Some((9, 4, "FandolKai-Regular")), "楷体 heading");
    // Whatever this machine has installed, a fallback is never a bold face.
    for d in doc.diagnostics() {
        if let Problem::MissingGlyph {
            fallback: Some(f), ..
        } = &d.problem
        {
            assert!(!f.to_lowercase().contains("bold"), "{f}");
        }
    }
}

#[test]
fn strict_fonts_refuse_to_fall_back() {
    let strict = gongwen::Converter::new().unwrap().strict_fonts(true);
    let err = strict.read_path(fixture("rare-characters.md")).unwrap_err();
    assert!(err
        .diagnostics()
        .iter()
        .any(|d| matches!(d.problem, Problem::StrictFonts { ch: '𠮷', .. }) && d.line == 5));
}

/// The text of the body's paragraphs, in order.
fn paragraphs(doc: &gongwen::Document) -> Vec<String> {
    doc.report()
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn links_print_their_address_as_pulldown_cmark_resolves_it() {
    let p = paragraphs(&read("links.md"));
    assert_eq!(
        p[0],
        "办事指南见县政务服务网（https://zwfw.example.gov.cn/guide），常见问题见百科条目（https://zh.example.org/wiki/A_(B)）。",
        "the title is not printed; parentheses in the address are kept"
    );
    assert_eq!(
        p[1],
        "申报系统的地址是申报系统（https://sb.example.gov.cn/apply），咨询邮箱mailto:zixun@example.gov.cn，也可直接访问https://www.example.gov.cn。",
        "reference links keep their address; autolinks print once"
    );
    let doc = gongwen::Converter::new()
        .unwrap()
        .read_str("---\n标题: 通知\n---\n\n邮箱<zixun@example.gov.cn>。\n")
        .unwrap();
    assert_eq!(
        paragraphs(&doc),
        ["邮箱zixun@example.gov.cn。"],
        "an e-mail autolink prints once"
    );
}

#[test]
fn footnotes_are_numbered_by_first_reference_and_printed_after_the_body() {
    let doc = read("footnotes.md");
    let p = paragraphs(&doc);
    assert_eq!(
        p[0],
        "2023年全县一般公共预算支出12.6亿元①，其中民生支出占比78.5%②。"
    );
    assert_eq!(
        p[1], "专项资金按项目拨付，执行率96.2%①。",
        "same note, same number"
    );
    assert_eq!(
        &p[2..],
        [
            "注：①数据来源于县财政局2023年度决算报表，未经审计。",
            "②民生支出包括教育、社会保障和就业、卫生健康等八类支出。",
            "③本报告金额均保留一位小数。",
        ]
    );
    let unused: Vec<_> = warnings(&doc)
        .into_iter()
        .filter(|d| d.to_string().contains("[^bz]"))
        .collect();
    assert_eq!(
        unused.len(),
        1,
        "a note nothing refers to is printed and warned"
    );
    assert_eq!(unused[0].line, 16);
}

#[test]
fn an_image_keeps_its_alt_text_as_a_caption() {
    let doc = read("lists-quotes-images.md");
    assert!(doc.report().body_text().contains("印章示意\n"));
    assert!(doc
        .pages()
        .iter()
        .flat_map(|p| p.runs())
        .any(|r| r.text() == "印章示意"));
}

#[test]
fn an_empty_body_warns_at_the_front_matter_end() {
    let doc = gongwen::Converter::new()
        .unwrap()
        .read_str("---\n标题: 通知\n署名: 某局\n成文日期: 2024-01-02\n---\n\n\n\n")
        .unwrap();
    let w = warnings(&doc);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!((w[0].line, w[0].col), (5, 1));
    assert!(w[0].to_string().contains("body is empty"));
    assert!(
        doc.pages()[0].runs().any(|r| r.text() == "通知"),
        "the title prints"
    );
}

#[test]
fn the_standards_element_names_are_keys_and_unknown_keys_are_suggested_by_meaning() {
    let doc = gongwen::Converter::new()
        .unwrap()
        .read_str(
            "---\n抄送机关: [县财政局]\n发文机关署名: 某县财政局\n附件说明: [表1]\n---\n\n正文。\n",
        )
        .unwrap();
    let m = &doc.report().meta;
    assert_eq!(
        (m.cc.as_slice(), m.signature.as_slice()),
        (
            &["县财政局".to_string()][..],
            &["某县财政局".to_string()][..]
        )
    );
    assert_eq!(m.attachments[0].name, "表1");
    let err = gongwen::Converter::new()
        .unwrap()
        .read_str("---\n抄送: 甲\n抄送机关: 乙\n落款: 某局\n文号: 某〔2024〕1号\n---\n\n正文。\n")
        .unwrap_err();
    let msgs: Vec<String> = err.diagnostics().iter().map(|d| d.to_string()).collect();
    assert!(msgs[0].contains("抄送"), "the same key twice: {msgs:?}");
    assert!(
        msgs[1].contains("`落款`") && msgs[1].contains("`署名`"),
        "{msgs:?}"
    );
    assert!(
        msgs[2].contains("`文号`") && msgs[2].contains("`发文字号`"),
        "{msgs:?}"
    );
}

#[test]
fn minutes_attendance_lines_come_out_in_the_standards_order_with_a_note() {
    let doc = read("forms/minutes-order-dash.md");
    let labels: Vec<&str> = doc
        .report()
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Attendees { label, .. } => Some(label.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(labels, ["出席", "请假", "列席"]);
    let notes: Vec<_> = doc
        .diagnostics()
        .iter()
        .filter(|d| d.severity == Severity::Note)
        .collect();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].line, 16);
    assert!(matches!(
        notes[0].problem,
        Problem::AttendeesReordered { .. }
    ));
}

#[test]
fn document_checks_are_matchable_problems() {
    let doc = converter()
        .read_str("---\n文种: 请示\n发文机关: 某局\n标题: 关于某事的请示\n主送机关: [县政府, 市政府]\n抄送: 各乡镇人民政府\n---\n\n正文。\n\n[^a]: 注。\n")
        .unwrap();
    let problems: Vec<&gongwen::Problem> = doc.diagnostics().iter().map(|d| &d.problem).collect();
    assert!(problems
        .iter()
        .any(|p| matches!(p, gongwen::Problem::UpwardWithoutSigner { kind } if kind == "请示")));
    assert!(problems
        .iter()
        .any(|p| matches!(p, gongwen::Problem::RequestToSeveral)));
    assert!(problems.iter().any(
        |p| matches!(p, gongwen::Problem::RequestCopiedDown { name } if name.contains("各乡镇"))
    ));
    assert!(problems
        .iter()
        .any(|p| matches!(p, gongwen::Problem::UnreferencedFootnote { label } if label == "a")));
}

#[test]
fn a_failing_destination_keeps_its_io_error() {
    struct Full;
    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "disk full",
            ))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let doc = converter()
        .read_str("---\n标题: 通知\n---\n\n正文。\n")
        .unwrap();
    match doc.write_docx(Full) {
        Err(gongwen::Error::Output { format, cause }) => {
            assert_eq!(format, "DOCX");
            assert_eq!(cause.kind(), std::io::ErrorKind::StorageFull);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        gongwen::fonts::Face::from_bytes(b"not a font".to_vec(), 0),
        Err(gongwen::Error::BadFont { path: None, .. })
    ));
}
