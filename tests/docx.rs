//! The DOCX: page setup, grid, styles and fonts, footers, escaping, schema order, and the
//! same bytes for the same input.

mod common;
use common::*;
use std::io::Read;

fn parts(name: &str) -> std::collections::BTreeMap<String, String> {
    let bytes = read(name).to_docx().expect("docx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut s = Vec::new();
            f.read_to_end(&mut s).unwrap();
            (
                f.name().to_string(),
                String::from_utf8_lossy(&s).into_owned(),
            )
        })
        .collect()
}

#[test]
fn page_setup_is_a4_with_the_standard_margins_and_a_22_line_grid() {
    let p = parts("seed.md");
    let doc = &p["word/document.xml"];
    assert!(doc.contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#));
    assert!(doc.contains(r#"w:top="2098" w:right="1474" w:bottom="1984" w:left="1587""#));
    assert!(doc.contains(r#"<w:docGrid w:type="lines" w:linePitch="579" />"#));
    assert!(p["word/settings.xml"].contains("<w:evenAndOddHeaders />"));
    assert!(!doc.contains("<w:titlePg"), "page 1 is numbered");
}

#[test]
fn body_style_sets_28_characters_a_line_exact_spacing_and_no_widow_control() {
    let styles = &parts("seed.md")["word/styles.xml"];
    let body = styles
        .split(r#"w:styleId="GwBody""#)
        .nth(1)
        .unwrap()
        .split("</w:style>")
        .next()
        .unwrap();
    for want in [
        r#"<w:spacing w:val="-5" />"#,
        r#"<w:sz w:val="32" />"#,
        r#"w:line="579" w:lineRule="exact""#,
        r#"<w:widowControl w:val="0" />"#,
        r#"w:firstLine="630""#,
        r#"<w:jc w:val="both" />"#,
        r#"w:eastAsia="仿宋_GB2312""#,
    ] {
        assert!(body.contains(want), "GwBody lacks {want}: {body}");
    }
    assert!(styles.contains(r#"<w:overflowPunct w:val="1" />"#));
}

#[test]
fn styles_name_the_office_fonts_in_all_four_attributes_without_theme_fonts() {
    let p = parts("full-document.md");
    let styles = &p["word/styles.xml"];
    assert!(!styles.contains("Theme"), "no theme fonts");
    for (id, font) in [
        ("GwHeading1", "黑体"),
        ("GwHeading2", "楷体_GB2312"),
        ("GwHeading3", "仿宋_GB2312"),
        ("GwTitle", "方正小标宋简体"),
        ("GwPageNumber", "宋体"),
    ] {
        let s = styles
            .split(&format!(r#"w:styleId="{id}""#))
            .nth(1)
            .unwrap()
            .split("</w:style>")
            .next()
            .unwrap();
        let want =
            format!(r#"w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}" w:eastAsia="{font}""#);
        assert!(s.contains(&want), "{id}: {s}");
    }
    for (id, lvl) in [
        ("GwHeading1", 0),
        ("GwHeading2", 1),
        ("GwHeading3", 2),
        ("GwHeading4", 3),
    ] {
        let s = styles
            .split(&format!(r#"w:styleId="{id}""#))
            .nth(1)
            .unwrap()
            .split("</w:style>")
            .next()
            .unwrap();
        assert!(
            s.contains(&format!(r#"<w:outlineLvl w:val="{lvl}" />"#)),
            "{id}"
        );
        assert!(!s.contains("<w:b />"), "{id} is not bold");
    }
    let table = &p["word/fontTable.xml"];
    assert!(table.contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋" />"#));
    assert!(table.contains(r#"<w:font w:name="楷体_GB2312"><w:altName w:val="楷体" />"#));
}

#[test]
fn page_numbers_are_page_fields_in_odd_and_even_footers() {
    let p = parts("seed.md");
    let footers: Vec<&String> = p
        .iter()
        .filter(|(k, _)| k.starts_with("word/footer"))
        .map(|(_, v)| v)
        .collect();
    let right = footers
        .iter()
        .find(|f| f.contains(r#"<w:jc w:val="right" />"#))
        .expect("odd footer");
    let left = footers
        .iter()
        .find(|f| f.contains(r#"<w:jc w:val="left" />"#))
        .expect("even footer");
    for f in [right, left] {
        assert!(f.contains("PAGE") && f.contains("— ") && f.contains(" —"));
        assert!(f.contains(r#"<w:sz w:val="28" />"#) && f.contains(r#"w:eastAsia="宋体""#));
    }
    assert!(p["word/document.xml"].contains(r#"w:footer="1425""#));
}

#[test]
fn authors_text_is_escaped_and_never_corrupts_the_file() {
    let p = parts("escaping.md");
    let doc = &p["word/document.xml"];
    assert!(doc.contains("A&amp;B公司&lt;测试&gt;"), "title escaped");
    assert!(doc.contains("R&amp;D中心") && doc.contains("&lt;各部门&gt;"));
    assert!(doc.contains("&lt;tag&gt;"));
    assert!(!doc.contains("<测试>") && !doc.contains("<tag>"));
    for (name, xml) in &p {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            assert!(well_formed(xml), "{name} is not well-formed");
        }
    }
}

/// Elements whose children the OOXML schema orders, and that order (ECMA-376 Part 1 §17).
const ORDER: &[(&str, &[&str])] = &[
    (
        "w:pPr",
        &[
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:kinsoku",
            "w:overflowPunct",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:jc",
            "w:outlineLvl",
            "w:rPr",
            "w:sectPr",
        ],
    ),
    (
        "w:rPr",
        &[
            "w:rStyle",
            "w:rFonts",
            "w:b",
            "w:bCs",
            "w:i",
            "w:iCs",
            "w:color",
            "w:spacing",
            "w:sz",
            "w:szCs",
        ],
    ),
    (
        "w:sectPr",
        &[
            "w:headerReference",
            "w:footerReference",
            "w:type",
            "w:pgSz",
            "w:pgMar",
            "w:cols",
            "w:titlePg",
            "w:docGrid",
        ],
    ),
    (
        "w:tblPr",
        &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblW",
            "w:jc",
            "w:tblInd",
            "w:tblBorders",
            "w:tblLayout",
            "w:tblCellMar",
        ],
    ),
    (
        "w:tcPr",
        &[
            "w:tcW",
            "w:gridSpan",
            "w:vMerge",
            "w:tcBorders",
            "w:shd",
            "w:vAlign",
        ],
    ),
    (
        "w:style",
        &[
            "w:name",
            "w:basedOn",
            "w:next",
            "w:qFormat",
            "w:pPr",
            "w:rPr",
        ],
    ),
];

/// Tags in document order: (name, is_open, is_self_closing).
fn tags(xml: &str) -> Vec<(String, bool, bool)> {
    let mut out = Vec::new();
    for piece in xml.split('<').skip(1) {
        let tag = piece.split('>').next().unwrap_or("").trim();
        if tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        match tag.strip_prefix('/') {
            Some(name) => out.push((name.trim().to_string(), false, false)),
            None => {
                let name = tag
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .trim_end_matches('/')
                    .to_string();
                out.push((name, true, tag.ends_with('/')));
            }
        }
    }
    out
}

fn well_formed(xml: &str) -> bool {
    let mut stack = Vec::new();
    for (name, open, empty) in tags(xml) {
        if open && !empty {
            stack.push(name);
        } else if !open && stack.pop().as_deref() != Some(name.as_str()) {
            return false;
        }
    }
    stack.is_empty()
}

/// Children of the elements in [`ORDER`] that stand before a sibling the schema puts first.
fn order_violations(xml: &str) -> Vec<String> {
    let mut bad = Vec::new();
    let mut stack: Vec<(String, usize)> = Vec::new(); // element, highest child rank seen
    for (name, open, empty) in tags(xml) {
        if !open {
            stack.pop();
            continue;
        }
        if let Some((parent, seen)) = stack.last_mut() {
            if let Some((_, order)) = ORDER.iter().find(|(p, _)| p == parent) {
                if let Some(rank) = order.iter().position(|o| *o == name) {
                    if rank < *seen {
                        bad.push(format!("<{name}> after a later sibling in <{parent}>"));
                    }
                    *seen = (*seen).max(rank);
                }
            }
        }
        if !empty {
            stack.push((name, 0));
        }
    }
    bad
}

#[test]
fn xml_children_follow_the_schema_order() {
    for fixture in [
        "full-document.md",
        "attachments.md",
        "keys-english.md",
        "colophon-full-even.md",
        "forms/letter.md",
        "forms/order.md",
        "forms/joint.md",
    ] {
        let p = parts(fixture);
        for part in ["word/document.xml", "word/styles.xml", "word/settings.xml"] {
            let bad = order_violations(&p[part]);
            assert!(bad.is_empty(), "{fixture} {part}: {bad:?}");
        }
    }
}

#[test]
fn schema_order_check_catches_a_misordered_element() {
    assert_eq!(
        order_violations("<w:p><w:pPr><w:jc /><w:pStyle /></w:pPr></w:p>").len(),
        1
    );
    assert!(order_violations("<w:p><w:pPr><w:pStyle /><w:jc /></w:pPr></w:p>").is_empty());
}

#[test]
fn the_seal_is_a_picture_behind_the_text_anchored_to_the_signature() {
    let doc = &parts("full-document.md")["word/document.xml"];
    let anchor = doc.split("<wp:anchor").nth(1).expect("an anchored picture");
    assert!(anchor.contains(r#"behindDoc="1""#));
    assert!(
        anchor.contains(r#"<wp:positionV relativeFrom="paragraph"><wp:posOffset>-"#),
        "above the 署名's line top"
    );
    assert!(
        anchor.contains(r#"<wp:extent cx="1512000" cy="1512000" />"#),
        "42 mm"
    );
}

#[test]
fn colophon_after_a_blank_page_gets_an_unnumbered_section() {
    let doc = &parts("colophon-full-even.md")["word/document.xml"];
    let sects: Vec<&str> = doc.split("<w:sectPr>").skip(1).collect();
    assert_eq!(sects.len(), 2);
    let refs = |s: &str| s.matches("<w:footerReference").count();
    assert_eq!(refs(sects[0]), 2);
    assert_eq!(refs(sects[1]), 2);
    let rid = |s: &str, kind: &str| {
        s.split(&format!(r#"w:type="{kind}" r:id=""#))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .map(str::to_string)
    };
    assert_ne!(
        rid(sects[0], "default"),
        rid(sects[1], "default"),
        "the 版记 section has its own (empty) footer"
    );
}

#[test]
fn same_input_same_docx_bytes() {
    let a = read("full-document.md").to_docx().unwrap();
    let b = read("full-document.md").to_docx().unwrap();
    assert_eq!(a, b);
    let c = std::thread::spawn(|| read("full-document.md").to_docx().unwrap())
        .join()
        .unwrap();
    assert_eq!(a, c);
}

/// The number in `name="…"` inside `xml`'s first occurrence of it.
fn attr(xml: &str, name: &str) -> i64 {
    xml.split(&format!(r#"{name}=""#))
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in {xml}"))
}

/// The attribute `name` of every element that starts with `tag`, in order.
fn attrs(xml: &str, tag: &str, name: &str) -> Vec<i64> {
    xml.split(tag).skip(1).map(|e| attr(e, name)).collect()
}

/// Twips of a length in millimetres.
fn twips(mm: f32) -> i64 {
    (mm / 25.4 * 1440.0).round() as i64
}

/// The `<w:p>` elements of a part that contain `needle`.
fn paras_with<'a>(xml: &'a str, needle: &str) -> Vec<&'a str> {
    xml.split("<w:p ")
        .skip(1)
        .map(|p| p.split("</w:p>").next().unwrap_or(p))
        .filter(|p| p.contains(needle))
        .collect()
}

#[test]
fn letter_mark_and_double_lines_are_frames_on_the_page_where_the_pdf_has_them() {
    // STD 10.1. LibreOffice puts an exact line's baseline at 0.8 of its height.
    let doc = read("forms/letter.md");
    let p = parts("forms/letter.md");
    let xml = &p["word/document.xml"];
    let frames = paras_with(xml, "<w:framePr");
    assert_eq!(frames.len(), 3, "mark, top and bottom double lines");
    let (_, mark) = line(&doc, "某县市场监督管理局");
    let (y, h) = (attr(frames[0], "w:y"), attr(frames[0], "w:h"));
    assert!(frames[0].contains(r#"w:vAnchor="page""#));
    assert!(
        (y as f32 + 0.8 * h as f32 - twips(mark[0].baseline) as f32).abs() <= 2.0,
        "the mark's baseline: frame at {y} + 0.8 × {h}"
    );
    let mut red = rules(&doc.pages()[0], gongwen::layout::Color::RED);
    red.sort_by(|a, b| a.1.total_cmp(&b.1));
    for (frame, pair) in frames[1..].iter().zip(red.chunks(2)) {
        let (top, bottom) = (pair[0].1 - pair[0].3 / 2.0, pair[1].1 + pair[1].3 / 2.0);
        assert_eq!(attr(frame, "w:x"), twips(20.0));
        assert_eq!(attr(frame, "w:w"), twips(170.0));
        assert!((attr(frame, "w:y") - twips(top)).abs() <= 1);
        assert!((attr(frame, "w:y") + attr(frame, "w:h") - twips(bottom)).abs() <= 1);
        let eighths = |t: f32| (t / 25.4 * 72.0 * 8.0).round() as i64;
        let top_border = frame.split("<w:top ").nth(1).unwrap();
        let bottom_border = frame.split("<w:bottom ").nth(1).unwrap();
        assert_eq!(attr(top_border, "w:sz"), eighths(pair[0].3));
        assert_eq!(attr(bottom_border, "w:sz"), eighths(pair[1].3));
        assert!(top_border.starts_with(r#"w:val="single""#) && frame.contains("FF0000"));
    }
    let no = paras_with(xml, "000012")[0];
    assert!(no.contains("某市监函〔2023〕7号"), "字号 on the 份号 line");
    assert_eq!(
        attr(no, "w:pos"),
        twips(156.0),
        "flush right by a right tab"
    );
    assert!(!no.contains("<w:pBdr"), "no red rule in a letter");
    let sect = xml.split("<w:sectPr>").nth(1).unwrap();
    assert!(sect.contains("<w:titlePg />"), "page 1 without its number");
    assert!(
        !sect.contains(r#"w:type="first""#),
        "a blank first-page footer"
    );
}

#[test]
fn order_signature_stamp_floats_at_the_layouts_place_with_the_title_two_characters_left() {
    // STD 7.3.5.3, 10.2.
    let doc = read("forms/order.md");
    let xml = &parts("forms/order.md")["word/document.xml"];
    let (x, w) = doc.pages()[0]
        .items
        .iter()
        .find_map(|i| match i {
            gongwen::layout::Item::Image { x, w, .. } => Some((*x, *w)),
            _ => None,
        })
        .expect("the stamp");
    let signer = paras_with(xml, "某县人民政府县长")[0];
    assert!(signer.contains(r#"<w:jc w:val="right" />"#));
    let right = 156.0 + 28.0 - x + 2.0 * gongwen::spec::CELL;
    assert!((attr(signer, "w:right") - twips(right)).abs() <= 1);
    let anchor = signer.split("<wp:anchor").nth(1).expect("a floating stamp");
    assert!(anchor.contains(r#"<wp:positionH relativeFrom="page"><wp:posOffset>"#));
    assert_eq!(attr(anchor, "cx"), (w * 36_000.0) as i64);
    let off: i64 = anchor
        .split("<wp:posOffset>")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .and_then(|s| s.parse().ok())
        .unwrap();
    assert!((off - (x * 36_000.0) as i64).abs() <= 1);
    let number = paras_with(xml, "第5号")[0];
    assert!(!number.contains("<w:pBdr"), "a 令 has no red rule");
    assert!(
        !xml.contains(">某县人民政府</w:t>"),
        "signed with the stamp, not the organ's name"
    );
}

#[test]
fn joint_mark_is_a_table_of_stacked_names_with_wenjian_centred_beside_them() {
    // STD 7.2.4.
    let xml = &parts("forms/joint.md")["word/document.xml"];
    let table = xml
        .split("<w:tbl>")
        .nth(1)
        .and_then(|t| t.split("</w:tbl>").next())
        .unwrap();
    let cells: Vec<&str> = table.split("<w:tc>").skip(1).collect();
    assert_eq!(cells.len(), 2);
    for name in ["某县市场监督管理局", "某县教育局"] {
        let p = paras_with(cells[0], name)[0];
        assert!(
            p.contains(r#"<w:jc w:val="distribute" />"#),
            "names spread to one width"
        );
        assert!(p.contains(r#"<w:color w:val="FF0000" />"#));
    }
    assert!(cells[1].contains(r#"<w:vAlign w:val="center" />"#) && cells[1].contains(">文件<"));
    let widths: i64 = cells.iter().map(|c| attr(c, "w:w")).sum();
    assert!(widths <= twips(156.0) + 1, "inside the 版心: {widths}");
    assert!(
        xml.find("<w:tbl>").unwrap() < xml.find("某市监〔2023〕21号").unwrap(),
        "above the 字号"
    );
}

#[test]
fn colophon_on_its_own_page_starts_the_page_without_an_empty_line() {
    let xml = &parts("colophon-full-even.md")["word/document.xml"];
    let before_table = &xml[..xml.rfind("<w:tbl>").unwrap()];
    let paras: Vec<&str> = before_table.split("<w:p ").collect();
    let n = paras.len();
    assert!(
        paras[n - 1].contains("<w:pageBreakBefore />"),
        "the spacer opens the 版记's page"
    );
    assert!(
        !paras[n - 2].contains("<w:t"),
        "an empty paragraph on the blank page"
    );
    assert!(
        paras[n - 3].contains("第22项") && paras[n - 3].contains("<w:sectPr>"),
        "the body's last paragraph ends the numbered section"
    );
}

#[test]
fn joint_seals_float_from_their_signature_line_at_the_layouts_places() {
    // STD 7.3.5.1: names side by side at tab stops, one seal per name.
    let doc = read("forms/joint-sealed.md");
    let xml = &parts("forms/joint-sealed.md")["word/document.xml"];
    let xs: Vec<i64> = doc
        .pages()
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            gongwen::layout::Item::Image { x, .. } => Some((x * 36_000.0) as i64),
            _ => None,
        })
        .collect();
    let offsets = |p: &str| -> Vec<i64> {
        p.split(r#"<wp:positionH relativeFrom="page"><wp:posOffset>"#)
            .skip(1)
            .filter_map(|s| s.split('<').next()?.parse().ok())
            .collect()
    };
    let row1 = paras_with(xml, "某县教育局</w:t>")
        .into_iter()
        .find(|p| p.contains("GwSignature"))
        .expect("the first 署名 line");
    assert!(row1.contains("某县市场监督管理局</w:t>") && row1.contains("<w:tab />"));
    let row2 = paras_with(xml, ">某县卫生健康局</w:t>")
        .into_iter()
        .find(|p| p.contains("GwSignature"))
        .expect("the second 署名 line");
    let found: Vec<i64> = offsets(row1).into_iter().chain(offsets(row2)).collect();
    assert_eq!(found.len(), 3);
    for (a, b) in found.iter().zip(&xs) {
        assert!((a - b).abs() <= 1, "{found:?} vs {xs:?}");
    }
    let media = parts("forms/joint-sealed.md")
        .keys()
        .filter(|k| k.starts_with("word/media/"))
        .count();
    assert_eq!(media, 2, "the two distinct seal images, each stored once");
    assert_eq!(
        xml.matches("<a:blip r:embed=").count(),
        3,
        "three seals drawn"
    );
}

#[test]
fn minutes_attendees_stand_one_blank_line_below_the_body() {
    // STD 10.3: "在正文或附件说明下空一行左空二字编排'出席'".
    let xml = &parts("forms/minutes.md")["word/document.xml"];
    let paras: Vec<&str> = xml.split("<w:p ").collect();
    let at = paras.iter().position(|p| p.contains(">出席：<")).unwrap();
    assert!(
        !paras[at - 1].contains("<w:t"),
        "an empty paragraph before 出席"
    );
    assert!(
        paras[at - 2].contains("确保按期完成全年目标任务"),
        "after the body"
    );
    assert!(paras[at + 1].contains(">请假：<"), "请假 on the next line");
}

#[test]
fn a_dash_is_bound_to_the_character_before_it_and_the_attendees_keep_the_standards_order() {
    // GB/T 15834: a dash never starts a line; GB/T 9704 10.3: 出席, 请假, 列席.
    let docx = parts("forms/minutes-order-dash.md");
    let doc = &docx["word/document.xml"];
    assert!(
        doc.contains("2024\u{2060}—2026"),
        "a joiner before a single dash"
    );
    assert!(
        doc.contains("各股室\u{2060}——特别是"),
        "and before a double dash"
    );
    assert!(!doc.contains("—\u{2060}—"), "never inside a double dash");
    let at = |s: &str| doc.find(s).unwrap_or_else(|| panic!("{s}"));
    assert!(at("出席：") < at("请假：") && at("请假：") < at("列席："));
}

#[test]
fn list_items_are_body_paragraphs_and_figures_take_the_layouts_size_and_caption() {
    let laid = read("lists-quotes-images.md");
    let docx = parts("lists-quotes-images.md");
    let doc = &docx["word/document.xml"];
    for item in ["1.", "●", "（1）"] {
        let p = paras_with(doc, &format!(">{item}<"));
        assert!(!p.is_empty(), "{item}");
        assert!(
            p.iter().all(|p| !p.contains("w:hanging")),
            "{item}: no hanging indent"
        );
    }
    let (w, h) = laid
        .pages()
        .iter()
        .flat_map(|p| &p.items)
        .find_map(|i| match i {
            gongwen::layout::Item::Image { w, h, .. } => Some((*w, *h)),
            _ => None,
        })
        .unwrap();
    let pic = paras_with(doc, "<wp:inline")[0];
    assert_eq!(attr(pic, "cx"), (w * 36_000.0) as i64);
    assert_eq!(attr(pic, "cy"), (h * 36_000.0) as i64);
    assert!(pic.contains("<w:keepNext"), "kept with its caption");
    let caption = paras_with(doc, ">印章示意<");
    assert_eq!(caption.len(), 1);
    assert!(caption[0].contains(r#"w:jc w:val="center""#));
}

#[test]
fn a_data_table_is_fixed_to_the_layouts_grid_with_a_repeated_header_and_whole_rows() {
    let laid = read("table-long.md");
    let geom = &laid.laid().anchors.tables[0];
    let docx = parts("table-long.md");
    let doc = &docx["word/document.xml"];
    let in_twips = |mm: &[f32]| mm.iter().map(|v| twips(*v)).collect::<Vec<_>>();
    assert_eq!(attrs(doc, "<w:gridCol ", "w:w"), in_twips(&geom.widths));
    assert!(doc.contains(r#"<w:tblLayout w:type="fixed""#));
    assert_eq!(
        doc.matches("<w:tblHeader").count(),
        1,
        "the header row repeats"
    );
    assert_eq!(doc.matches("<w:cantSplit").count(), geom.rows.len());
    assert_eq!(attrs(doc, "<w:trHeight ", "w:val"), in_twips(&geom.rows));
    let size = (geom.size * 2.0) as i64;
    let cell = paras_with(doc, ">某县第1小学食堂<")[0];
    let sz = cell.split("<w:sz ").nth(1).expect("a size");
    assert_eq!(attr(sz, "w:val"), size, "the layout's size");
}

#[test]
fn the_colophon_is_one_block_of_rows_that_never_split() {
    let docx = parts("colophon-odd.md");
    let doc = &docx["word/document.xml"];
    let colophon = &doc[doc.rfind("<w:tbl>").unwrap()..];
    assert_eq!(colophon.matches("<w:cantSplit").count(), 2);
    assert!(!colophon.contains("<w:tblHeader"));
    let printed = paras_with(colophon, "印发")[0];
    let cc = paras_with(colophon, "抄送")[0];
    assert!(cc.contains("<w:keepNext") && !printed.contains("<w:keepNext"));
}

#[test]
fn a_character_the_roles_face_lacks_names_the_face_the_layout_drew_it_with() {
    // The 楷体 role given a face without Chinese (the page-number cut of FandolSong):
    // a level-2 heading falls back to the bundled 楷体 face, which the DOCX names.
    let fonts = gongwen::FontSet::bundled()
        .with_role(
            gongwen::Role::Kai,
            "fonts/body/FandolSong-Regular.ttf",
            None,
        )
        .unwrap();
    let doc = gongwen::Converter::with_fonts(fonts)
        .read_str("---\n标题: 通知\n---\n\n## 言字旁\n\n正文字。\n")
        .unwrap();
    let fallback = doc
        .pages()
        .iter()
        .flat_map(|p| p.runs())
        .find(|r| r.text().contains('旁'))
        .map(|r| doc.fonts().face_by_id(r.face).name.clone());
    assert_eq!(
        fallback.as_deref(),
        Some("FandolKai-Regular"),
        "the same style first"
    );
    let bytes = doc.to_docx().unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let run = xml
        .split("<w:r>")
        .find(|r| r.contains("旁<"))
        .expect("the heading's run");
    assert!(run.contains(r#"w:eastAsia="FandolKai""#), "{run}");
    let body = xml
        .split("<w:r>")
        .find(|r| r.contains("正文字。<"))
        .unwrap();
    assert!(
        body.contains(r#"w:eastAsia="仿宋_GB2312""#),
        "the rest stays 仿宋"
    );
}

#[test]
fn a_turned_table_has_a_landscape_section_whose_page_numbers_stand_where_upright_ones_do() {
    let p = parts("table-landscape-notice.md");
    let doc = &p["word/document.xml"];
    let sects: Vec<&str> = doc.split("<w:sectPr>").skip(1).collect();
    // Upright body, the turned table, the 版记's own section after the blank page.
    assert_eq!(sects.len(), 3);
    let turned = sects[1];
    assert!(turned.contains(r#"w:orient="landscape""#));
    assert_eq!(attr(turned, "w:w"), twips(297.0));
    assert_eq!(attr(turned, "w:h"), twips(210.0));
    // The portrait margins turned: the 订口 on top, the bottom margin on the left.
    assert_eq!(attr(turned, "w:top"), twips(gongwen::spec::TURNED_TOP));
    assert_eq!(attr(turned, "w:left"), twips(gongwen::spec::TURNED_LEFT));
    assert_eq!(attr(turned, "w:right"), twips(37.0));
    assert_eq!(attr(turned, "w:bottom"), twips(26.0));
    assert!(
        !turned.contains("w:docGrid"),
        "rows at the layout's heights, off the grid"
    );
    // The table sits between the two section ends.
    let at = |needle: &str, from: usize| from + doc[from..].find(needle).unwrap();
    let first_end = at("<w:sectPr>", 0);
    let table = at("城北污水处理厂", 0);
    assert!(first_end < table && table < at("<w:sectPr>", first_end + 1));
    // The turned section's headers hold the page numbers, turned text in a box on the
    // page's left edge (the paper's bottom seen turned), 156 mm long over the 版心.
    let rid = |s: &str, kind: &str, t: &str| {
        s.split(&format!(r#"<w:{kind}Reference w:type="{t}" r:id=""#))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap()
            .to_string()
    };
    let rels = &p["word/_rels/document.xml.rels"];
    let target = |id: &str| {
        rels.split(&format!(r#"Id="{id}""#))
            .nth(1)
            .and_then(|r| r.split("Target=\"").nth(1))
            .and_then(|r| r.split('"').next())
            .unwrap()
            .to_string()
    };
    for t in ["default", "even"] {
        let header = &p[&format!("word/{}", target(&rid(turned, "header", t)))];
        assert!(header.contains("layout-flow:vertical"), "{header}");
        assert!(header.contains("PAGE"));
        assert!(header.contains(&format!(
            "height:{:.2}pt",
            gongwen::spec::BLOCK_W / gongwen::spec::MM_PER_PT
                + 2.0 * 1.5 / gongwen::spec::MM_PER_PT
        )));
        // The upright sections show no header, and their footers the page numbers.
        for s in [sects[0], sects[2]] {
            let empty = &p[&format!("word/{}", target(&rid(s, "header", t)))];
            assert!(!empty.contains("PAGE"));
        }
        let footer = &p[&format!("word/{}", target(&rid(sects[0], "footer", t)))];
        assert!(footer.contains("PAGE"));
        let none = &p[&format!("word/{}", target(&rid(turned, "footer", t)))];
        assert!(
            !none.contains("PAGE"),
            "the turned page's number is in its header only"
        );
    }
}

#[test]
fn the_package_holds_only_parts_something_refers_to_and_what_the_schema_allows() {
    for fixture in [
        "full-document.md",
        "table-landscape-notice.md",
        "forms/joint.md",
    ] {
        let p = parts(fixture);
        let rels = &p["word/_rels/document.xml.rels"];
        for name in p.keys() {
            if let Some(n) = name.strip_prefix("word/").filter(|n| !n.contains('/')) {
                assert!(
                    n == "document.xml" || rels.contains(&format!(r#"Target="{n}""#)),
                    "{fixture}: {name} is an orphan"
                );
            }
        }
        // CT_TblGridCol has a width only; CT_PPrGeneral (styles) has no w:rPr.
        assert!(!p["word/document.xml"].contains(r#"<w:gridCol w:w="0" w:type"#));
        assert!(p["word/document.xml"]
            .split("<w:gridCol ")
            .skip(1)
            .all(|g| !g.split("/>").next().unwrap().contains("w:type")));
        assert!(!p["word/styles.xml"].contains("<w:rPr /></w:pPr>"));
        let types = &p["[Content_Types].xml"];
        for part in types.split(r#"PartName="/"#).skip(1) {
            let name = part.split('"').next().unwrap();
            assert!(
                p.contains_key(name),
                "{fixture}: a content type for the absent {name}"
            );
        }
    }
}

#[test]
fn the_docx_says_its_title_author_and_date_from_the_front_matter() {
    let core = &parts("forms/joint.md")["docProps/core.xml"];
    assert!(core.contains(
        "<dc:title>某县市场监督管理局 某县教育局关于加强学校食品安全管理的通知</dc:title>"
    ));
    assert!(core.contains("<dc:creator>某县市场监督管理局、某县教育局</dc:creator>"));
    assert!(core.contains(">2023-08-20T00:00:00+08:00</dcterms:created>"));
    assert!(!core.contains("unknown"));
}

#[test]
fn a_web_address_and_a_masked_figure_are_bound_where_the_layout_keeps_them_whole() {
    // The layout keeps these pairs on one line; a WORD JOINER (U+2060) tells Word so.
    // (LibreOffice 7.4 keeps the address whole anyway and breaks between asterisks even
    // with the joiner: measured.)
    let docx = parts("masks-and-addresses.md");
    let doc = &docx["word/document.xml"];
    let wj = '\u{2060}';
    assert!(
        doc.contains(&format!("资金*{wj}*{wj}*{wj}*万元")),
        "the mask"
    );
    assert!(
        doc.contains(&format!("罚没款*{wj}*{wj}.{wj}*{wj}*万元")),
        "and with its point"
    );
    assert!(
        doc.contains(&format!("https://{wj}www.example.gov.cn/{wj}audit/2026/31")),
        "the address"
    );
    assert!(
        !doc.contains(&format!("{wj}万")),
        "not the ideograph after a mask"
    );
}
