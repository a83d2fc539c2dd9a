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
    ] {
        let p = parts(fixture);
        for part in ["word/document.xml", "word/styles.xml"] {
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
