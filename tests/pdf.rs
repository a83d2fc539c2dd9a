//! The PDF: fonts embedded as named subsets, a text layer that gives the author's text,
//! pure red 版头, A4 pages, and the same bytes for the same input in any thread.

mod common;
use common::*;
use lopdf::{Document as Pdf, Object};

fn pdf(name: &str) -> Vec<u8> {
    read(name).to_pdf().expect("pdf")
}

fn fonts(doc: &Pdf) -> Vec<String> {
    let mut names: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(Object::as_name).ok() == Some(b"Font".as_slice()))
        .filter_map(|d| {
            d.get(b"BaseFont")
                .and_then(Object::as_name)
                .ok()
                .map(|n| String::from_utf8_lossy(n).into_owned())
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn fonts_are_embedded_as_subsets_under_their_postscript_names() {
    let doc = Pdf::load_mem(&pdf("full-document.md")).unwrap();
    let names = fonts(&doc);
    for face in [
        "FandolFang-Regular",
        "FandolKai-Regular",
        "FandolHei-Regular",
        "FandolSong-Regular",
        "FandolSong-Bold",
    ] {
        let hit = names
            .iter()
            .find(|n| n.ends_with(&format!("+{face}")))
            .unwrap_or_else(|| panic!("{face} not in {names:?}"));
        let tag = hit.split('+').next().unwrap();
        assert!(
            tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()),
            "{hit}"
        );
    }
    let embedded = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.has(b"FontFile2") || d.has(b"FontFile3"))
        .count();
    assert!(embedded >= 5);
}

#[test]
fn pages_are_a4_and_the_mark_is_pure_red() {
    let doc = Pdf::load_mem(&pdf("full-document.md")).unwrap();
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 2);
    for id in pages.values() {
        let page = doc.get_dictionary(*id).unwrap();
        let mb = page.get(b"MediaBox").and_then(Object::as_array).unwrap();
        let w = mb[2].as_float().unwrap() * 25.4 / 72.0;
        let h = mb[3].as_float().unwrap() * 25.4 / 72.0;
        assert!(
            (w - 210.0).abs() < 0.05 && (h - 297.0).abs() < 0.05,
            "{w}×{h}"
        );
    }
    let first = *pages.get(&1).unwrap();
    let content = String::from_utf8_lossy(&doc.get_page_content(first)).into_owned();
    assert!(content.contains("1 0 0 rg"), "pure RGB red fill on page 1");
}

#[test]
fn the_text_layer_gives_back_the_authors_text_asterisks_included() {
    let doc = Pdf::load_mem(&pdf("seed.md")).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text: String = doc
        .extract_text(&pages)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for needle in [
        "金额****万元",
        "罚没款**.**万元",
        "幸福**的社会氛围",
        "“一网通办”率100％",
    ] {
        assert!(text.contains(needle), "{needle}");
    }
}

#[test]
fn same_input_same_bytes_across_runs_and_threads() {
    let a = pdf("full-document.md");
    let b = pdf("full-document.md");
    assert_eq!(a, b);
    let threads: Vec<Vec<u8>> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..4)
            .map(|_| s.spawn(|| pdf("full-document.md")))
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(threads.iter().all(|t| *t == a));
}

#[test]
fn seal_is_drawn_over_the_text_with_its_transparency() {
    let doc = Pdf::load_mem(&pdf("full-document.md")).unwrap();
    let images = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image".as_slice())
        })
        .count();
    assert!(images >= 1);
    let smask = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .any(|s| s.dict.has(b"SMask"));
    assert!(smask, "the seal keeps its alpha channel");
    assert_eq!(doc.version, "1.4", "soft masks need PDF 1.4");
}

#[test]
fn converter_and_document_can_be_shared_across_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<gongwen::Converter>();
    send_sync::<gongwen::Document>();
    let mut out = Vec::new();
    read("seed.md").write_pdf(&mut out).unwrap();
    assert_eq!(out, pdf("seed.md"));
}

#[test]
fn a_turned_table_page_is_shown_turned_and_drawn_a_quarter_turn() {
    let bytes = pdf("table-landscape-notice.md");
    let doc = Pdf::load_mem(&bytes).unwrap();
    let laid = read("table-landscape-notice.md");
    for (n, id) in doc.get_pages() {
        let page = doc.get_dictionary(id).unwrap();
        let turned = !laid.pages()[n as usize - 1].turned().is_empty();
        let rotate = page.get(b"Rotate").and_then(Object::as_i64).ok();
        assert_eq!(rotate, turned.then_some(90), "page {n}");
        let content = String::from_utf8_lossy(&doc.get_page_content(id)).into_owned();
        assert_eq!(
            content.contains("0 1 -1 0 595.2"),
            turned,
            "page {n}: the turned items under a quarter-turn matrix"
        );
    }
}

#[test]
fn the_pdf_says_its_title_author_and_date_from_the_front_matter_and_nothing_empty() {
    let bytes = pdf("forms/joint.md");
    let doc = Pdf::load_mem(&bytes).unwrap();
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
        .unwrap();
    let text = |k: &[u8]| {
        info.get(k)
            .and_then(Object::as_str)
            .map(|s| s.to_vec())
            .unwrap_or_default()
    };
    assert!(info.get(b"GTS_PDFXVersion").is_err(), "not PDF/X");
    assert!(
        text(b"CreationDate").starts_with(b"D:20230819160000"),
        "成文日期 2023-08-20, midnight in Beijing"
    );
    assert!(!text(b"Author").is_empty());
    for (k, v) in info.iter() {
        assert!(
            !matches!(v, Object::String(s, _) if s.is_empty()),
            "empty {k:?}"
        );
    }
}

/// A glyph's outline as its path commands in font units.
fn outline(face: &ttf_parser::Face, gid: ttf_parser::GlyphId) -> Vec<String> {
    struct Path(Vec<String>);
    impl ttf_parser::OutlineBuilder for Path {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0.push(format!("M{x} {y}"));
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0.push(format!("L{x} {y}"));
        }
        fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
            self.0.push(format!("Q{x1} {y1} {x} {y}"));
        }
        fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
            self.0.push(format!("C{x1} {y1} {x2} {y2} {x} {y}"));
        }
        fn close(&mut self) {
            self.0.push("Z".into());
        }
    }
    let mut p = Path(Vec::new());
    face.outline_glyph(gid, &mut p);
    p.0
}

#[test]
fn every_drawn_character_keeps_its_outline_and_advance_in_the_embedded_subset() {
    // The fonts are cut once (ours for TrueType, allsorts otherwise) and embedded as
    // they are: each drawn character's glyph in the PDF's font program has the same
    // outline and advance as in the face the layout used.
    let doc = read("full-document.md");
    let pdf = Pdf::load_mem(&doc.to_pdf().unwrap()).unwrap();
    let mut checked = 0;
    for d in pdf.objects.values().filter_map(|o| o.as_dict().ok()) {
        let (Ok(name), Ok(file)) = (
            d.get(b"FontName").and_then(Object::as_name),
            d.get(b"FontFile2").and_then(Object::as_reference),
        ) else {
            continue;
        };
        let name = String::from_utf8_lossy(name);
        let ps = name.split('+').nth(1).expect("a subset tag");
        let program = pdf
            .get_object(file)
            .and_then(Object::as_stream)
            .unwrap()
            .decompressed_content()
            .unwrap();
        let sub = ttf_parser::Face::parse(&program, 0).unwrap();
        let (page_face, chars): (_, std::collections::BTreeSet<char>) = doc
            .pages()
            .iter()
            .flat_map(|p| p.runs())
            .filter(|r| doc.fonts().face_by_id(r.face).name == ps)
            .fold((None, Default::default()), |(_, mut set), r| {
                set.extend(r.glyphs.iter().map(|g| g.ch).filter(|c| !c.is_whitespace()));
                (Some(r.face), set)
            });
        let source = doc.fonts().face_by_id(page_face.expect("drawn"));
        let orig = ttf_parser::Face::parse(source.bytes(), 0).unwrap();
        for c in chars {
            let (a, b) = (orig.glyph_index(c).unwrap(), sub.glyph_index(c).unwrap());
            assert_eq!(outline(&orig, a), outline(&sub, b), "{ps} {c}");
            assert_eq!(
                orig.glyph_hor_advance(a),
                sub.glyph_hor_advance(b),
                "{ps} {c}"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} characters checked");
}

/// A font of the PDF as the content uses it: advances by code (1/1000 em) and the
/// character each code shows (from the embedded program's `cmap`).
struct ShownFont {
    widths: std::collections::BTreeMap<u16, f32>,
    chars: std::collections::BTreeMap<u16, char>,
}

fn shown_font(pdf: &Pdf, font: &lopdf::Dictionary) -> ShownFont {
    let deref = |o: &Object| match o {
        Object::Reference(id) => pdf.get_object(*id).unwrap().clone(),
        o => o.clone(),
    };
    let descendants = deref(font.get(b"DescendantFonts").unwrap());
    let cid = deref(&descendants.as_array().unwrap()[0]);
    let cid = cid.as_dict().unwrap();
    let mut widths = std::collections::BTreeMap::new();
    let w = deref(cid.get(b"W").unwrap());
    let w = w.as_array().unwrap();
    let num = |o: &Object| o.as_float().unwrap_or_else(|_| o.as_i64().unwrap() as f32);
    let mut i = 0;
    while i < w.len() {
        let first = num(&w[i]) as u16;
        match &w[i + 1] {
            Object::Array(list) => {
                for (k, v) in list.iter().enumerate() {
                    widths.insert(first + k as u16, num(v));
                }
                i += 2;
            }
            last => {
                for c in first..=num(last) as u16 {
                    widths.insert(c, num(&w[i + 2]));
                }
                i += 3;
            }
        }
    }
    let descriptor = deref(cid.get(b"FontDescriptor").unwrap());
    let file = descriptor.as_dict().unwrap().get(b"FontFile2").unwrap();
    let program = pdf
        .get_object(file.as_reference().unwrap())
        .and_then(Object::as_stream)
        .unwrap()
        .decompressed_content()
        .unwrap();
    let face = ttf_parser::Face::parse(&program, 0).unwrap();
    let mut chars = std::collections::BTreeMap::new();
    for sub in face.tables().cmap.unwrap().subtables {
        sub.codepoints(|c| {
            if let (Some(ch), Some(g)) = (char::from_u32(c), sub.glyph_index(c)) {
                chars.insert(g.0, ch);
            }
        });
    }
    ShownFont { widths, chars }
}

/// Every glyph the content streams show, per page: (character, x, baseline), in mm
/// from the page's top-left, read by following the text operators as a viewer does.
fn shown_glyphs(bytes: &[u8]) -> Vec<Vec<(char, f32, f32)>> {
    let pdf = Pdf::load_mem(bytes).unwrap();
    let mm = |pt: f32| pt * 25.4 / 72.0;
    let mut pages = Vec::new();
    for (_, id) in pdf.get_pages() {
        let fonts = pdf.get_page_fonts(id).unwrap();
        let shown: std::collections::BTreeMap<Vec<u8>, ShownFont> = fonts
            .iter()
            .map(|(name, d)| (name.clone(), shown_font(&pdf, d)))
            .collect();
        let content = lopdf::content::Content::decode(&pdf.get_page_content(id)).unwrap();
        let (mut font, mut size, mut spacing, mut x, mut y) = (None, 0.0, 0.0, 0.0, 0.0);
        let mut glyphs = Vec::new();
        let num = |o: &Object| o.as_float().unwrap_or_else(|_| o.as_i64().unwrap() as f32);
        for op in &content.operations {
            let mut show = |s: &[u8], x: &mut f32| {
                let f: &ShownFont = &shown[font.as_ref().unwrap()];
                for code in s.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])) {
                    glyphs.push((f.chars[&code], mm(*x), 297.0 - mm(y)));
                    *x += f.widths[&code] / 1000.0 * size + spacing;
                }
            };
            match op.operator.as_str() {
                "Tf" => {
                    font = Some(op.operands[0].as_name().unwrap().to_vec());
                    size = num(&op.operands[1]);
                }
                "Tc" => spacing = num(&op.operands[0]),
                "Tm" => (x, y) = (num(&op.operands[4]), num(&op.operands[5])),
                "Tj" => show(op.operands[0].as_str().unwrap(), &mut x),
                "TJ" => {
                    for item in op.operands[0].as_array().unwrap() {
                        match item {
                            Object::String(s, _) => show(s, &mut x),
                            n => x -= num(n) / 1000.0 * size,
                        }
                    }
                }
                _ => {}
            }
        }
        pages.push(glyphs);
    }
    pages
}

#[test]
fn every_shown_glyph_is_the_layouts_character_at_the_layouts_place() {
    // The content streams are written from the laid-out pages: read back as a viewer
    // reads them (codes through the embedded fonts' cmaps, advances from /W, character
    // spacing and kerning), they show each character where the layout put it.
    for name in [
        "seed.md",
        "full-document.md",
        "forms/letter.md",
        "footnotes.md",
    ] {
        let doc = read(name);
        let shown = shown_glyphs(&doc.to_pdf().unwrap());
        assert_eq!(shown.len(), doc.pages().len(), "{name}");
        for (n, (page, glyphs)) in doc.pages().iter().zip(&shown).enumerate() {
            let laid: Vec<(char, f32, f32)> = page
                .runs()
                .flat_map(|r| r.glyphs.iter().map(move |g| (g.ch, g.x, r.baseline)))
                .collect();
            assert_eq!(laid.len(), glyphs.len(), "{name} page {}", n + 1);
            for (a, b) in laid.iter().zip(glyphs) {
                assert_eq!(a.0, b.0, "{name} page {}", n + 1);
                assert!(
                    (a.1 - b.1).abs() < 0.01 && (a.2 - b.2).abs() < 0.01,
                    "{name} page {}: {a:?} laid out, {b:?} shown",
                    n + 1
                );
            }
        }
    }
}
