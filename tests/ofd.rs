//! The OFD read back by a reader of its own (zip + XML events): every part the package
//! refers to is there, IDs are unique and `MaxUnitID` is the highest, fonts are
//! embedded with a `cmap` holding every drawn character, and every glyph, rule and
//! picture stands where the layout put it (0.01 mm).
#![cfg(feature = "ofd")]

mod common;
use common::*;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use gongwen::layout::{Color, Item, Page};
use quick_xml::events::Event;

/// One element: its name without the `ofd:` prefix, attributes, text and children.
#[derive(Debug, Default)]
struct El {
    name: String,
    attrs: BTreeMap<String, String>,
    text: String,
    kids: Vec<El>,
}

impl El {
    fn parse(xml: &[u8]) -> El {
        let mut reader = quick_xml::Reader::from_reader(xml);
        let mut stack = vec![El::default()];
        let open = |s: &quick_xml::events::BytesStart| El {
            name: String::from_utf8_lossy(s.local_name().as_ref()).into_owned(),
            attrs: s
                .attributes()
                .map(|a| {
                    let a = a.unwrap();
                    let v = quick_xml::escape::unescape(std::str::from_utf8(&a.value).unwrap())
                        .unwrap()
                        .into_owned();
                    (String::from_utf8_lossy(a.key.as_ref()).into_owned(), v)
                })
                .collect(),
            ..El::default()
        };
        let mut buf = Vec::new();
        loop {
            match reader.read_event_into(&mut buf).expect("well-formed XML") {
                Event::Start(s) => stack.push(open(&s)),
                Event::Empty(s) => stack.last_mut().unwrap().kids.push(open(&s)),
                Event::Text(t) => stack
                    .last_mut()
                    .unwrap()
                    .text
                    .push_str(&t.decode().unwrap()),
                Event::GeneralRef(r) => {
                    let s = quick_xml::escape::unescape(&format!("&{};", r.decode().unwrap()))
                        .unwrap()
                        .into_owned();
                    stack.last_mut().unwrap().text.push_str(&s);
                }
                Event::End(_) => {
                    let done = stack.pop().unwrap();
                    stack.last_mut().unwrap().kids.push(done);
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        stack.pop().unwrap().kids.remove(0)
    }
    fn all<'a>(&'a self, name: &str, out: &mut Vec<&'a El>) {
        if self.name == name {
            out.push(self);
        }
        self.kids.iter().for_each(|k| k.all(name, out));
    }
    fn find(&self, name: &str) -> Vec<&El> {
        let mut out = Vec::new();
        self.all(name, &mut out);
        out
    }
    fn one(&self, name: &str) -> &El {
        self.find(name)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no {name}"))
    }
    fn nums(&self, key: &str) -> Vec<f32> {
        self.attrs[key]
            .split(' ')
            .map(|v| v.parse().unwrap())
            .collect()
    }
}

/// The package's members by name.
fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_string(), data)
        })
        .collect()
}

/// `DeltaX` expanded (`g N V` is N times V).
fn expand(s: &str) -> Vec<f32> {
    let mut out = Vec::new();
    let mut it = s.split(' ');
    while let Some(t) = it.next() {
        if t == "g" {
            let n: usize = it.next().unwrap().parse().unwrap();
            let v: f32 = it.next().unwrap().parse().unwrap();
            out.extend(std::iter::repeat_n(v, n));
        } else {
            out.push(t.parse().unwrap());
        }
    }
    out
}

/// The package read back: parts by name, the document, its pages' content in order.
struct Ofd {
    files: BTreeMap<String, Vec<u8>>,
    root: El,
    document: El,
    pages: Vec<El>,
}

fn ofd(name: &str) -> (gongwen::Document, Ofd) {
    let doc = read(name);
    let files = unzip(&doc.to_ofd().expect("ofd"));
    let root = El::parse(&files["OFD.xml"]);
    let loc = root.one("DocRoot").text.clone();
    let document = El::parse(&files[&loc]);
    let dir = loc.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let pages = document
        .one("Pages")
        .find("Page")
        .iter()
        .map(|p| El::parse(&files[&format!("{dir}/{}", p.attrs["BaseLoc"])]))
        .collect();
    (
        doc,
        Ofd {
            files,
            root,
            document,
            pages,
        },
    )
}

/// Each upright text run of a page as (first glyph's x, baseline, text without spaces).
fn layout_runs(page: &Page) -> Vec<(f32, f32, Vec<f32>, String)> {
    page.runs()
        .map(|r| {
            let g: Vec<_> = r.glyphs.iter().filter(|g| !g.ch.is_whitespace()).collect();
            (
                g[0].x,
                r.baseline,
                g.iter().map(|g| g.x).collect(),
                g.iter().map(|g| g.ch).collect(),
            )
        })
        .collect()
}

#[test]
fn every_reference_resolves_ids_are_unique_and_max_unit_id_is_the_highest() {
    let (_, o) = ofd("full-document.md");
    assert!(
        o.files.keys().all(|n| n.is_ascii()),
        "member names are ASCII"
    );
    let mut ids = Vec::new();
    let mut parts = vec![&o.document];
    parts.extend(o.pages.iter());
    let res: Vec<El> = ["PublicRes", "DocumentRes"]
        .iter()
        .map(|r| El::parse(&o.files[&format!("Doc_0/{}", o.document.one(r).text)]))
        .collect();
    parts.extend(res.iter());
    for part in &parts {
        let mut all = Vec::new();
        collect_ids(part, &mut all);
        ids.extend(all);
    }
    let unique: BTreeSet<u32> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "IDs are unique");
    let max: u32 = o.document.one("MaxUnitID").text.parse().unwrap();
    assert_eq!(Some(&max), unique.iter().next_back());
    // Fonts and pictures: the files are in the package; objects refer to them.
    let fonts: BTreeMap<String, String> = res[0]
        .find("Font")
        .iter()
        .map(|f| {
            let file = format!("Doc_0/Res/{}", f.one("FontFile").text);
            assert!(o.files.contains_key(&file), "{file}");
            (f.attrs["ID"].clone(), file)
        })
        .collect();
    let images: BTreeSet<String> = res[1]
        .find("MultiMedia")
        .iter()
        .map(|m| {
            let file = format!("Doc_0/Res/{}", m.one("MediaFile").text);
            assert!(o.files[&file].starts_with(b"\x89PNG"), "{file}");
            m.attrs["ID"].clone()
        })
        .collect();
    for page in &o.pages {
        for t in page.find("TextObject") {
            let file = &fonts[&t.attrs["Font"]];
            // The embedded font maps every drawn character (readers look glyphs up by it).
            let face = ttf_parser::Face::parse(&o.files[file], 0).unwrap();
            for c in t.one("TextCode").text.chars() {
                assert!(face.glyph_index(c).is_some(), "{c} in {file}");
            }
        }
        for i in page.find("ImageObject") {
            assert!(images.contains(&i.attrs["ResourceID"]));
        }
    }
}

fn collect_ids(e: &El, out: &mut Vec<u32>) {
    if let Some(id) = e.attrs.get("ID") {
        out.push(id.parse().unwrap());
    }
    e.kids.iter().for_each(|k| collect_ids(k, out));
}

#[test]
fn every_glyph_rule_and_picture_stands_where_the_layout_put_it() {
    for name in [
        "full-document.md",
        "forms/letter.md",
        "forms/minutes.md",
        "seed.md",
    ] {
        let (doc, o) = ofd(name);
        assert_eq!(o.pages.len(), doc.pages().len(), "{name}");
        for (n, (page, content)) in doc.pages().iter().zip(&o.pages).enumerate() {
            let texts = content.find("TextObject");
            let want = layout_runs(page);
            assert_eq!(texts.len(), want.len(), "{name} page {}", n + 1);
            for (t, (_, baseline, xs, chars)) in texts.iter().zip(&want) {
                let b = t.nums("Boundary");
                let code = t.one("TextCode");
                let (x, y): (f32, f32) = (
                    code.attrs["X"].parse().unwrap(),
                    code.attrs["Y"].parse().unwrap(),
                );
                assert_eq!(&code.text, chars);
                assert!((b[1] + y - baseline).abs() < 0.01, "{name}: {chars}");
                let mut at = b[0] + x;
                let steps = code.attrs.get("DeltaX").map_or(vec![], |d| expand(d));
                assert_eq!(steps.len() + 1, xs.len(), "{chars}");
                for (k, want_x) in xs.iter().enumerate() {
                    assert!((at - want_x).abs() < 0.01, "{name}: {chars} glyph {k}");
                    at += steps.get(k).copied().unwrap_or(0.0);
                }
            }
            // Rules: filled rectangles of the layout's extent and colour.
            let rules: Vec<_> = [Color::BLACK, Color::RED]
                .into_iter()
                .flat_map(|c| {
                    rules(page, c)
                        .into_iter()
                        .map(move |(x, y, w, t)| ([x, y - t / 2.0, w, t], c))
                })
                .collect();
            let horizontal = page.items.iter().filter(|i| matches!(i, Item::Rule { .. }));
            assert_eq!(rules.len(), horizontal.count(), "rules are black or red");
            let paths = content.find("PathObject");
            for (want, color) in &rules {
                let hit = paths.iter().find(|p| {
                    let b = p.nums("Boundary");
                    b.iter().zip(want).all(|(a, w)| (a - w).abs() < 0.01)
                });
                let hit = hit.unwrap_or_else(|| panic!("{name}: rule {want:?}"));
                let rgb = format!("{} {} {}", color.0, color.1, color.2);
                assert_eq!(hit.one("FillColor").attrs["Value"], rgb);
            }
            // Pictures: the layout's box, the unit square scaled to it.
            let images: Vec<_> = page
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Image { x, y, w, h, .. } => Some([*x, *y, *w, *h]),
                    _ => None,
                })
                .collect();
            let objects = content.find("ImageObject");
            assert_eq!(objects.len(), images.len());
            for (o, want) in objects.iter().zip(&images) {
                let b = o.nums("Boundary");
                assert!(b.iter().zip(want).all(|(a, w)| (a - w).abs() < 0.01));
                assert_eq!(o.nums("CTM"), vec![want[2], 0.0, 0.0, want[3], 0.0, 0.0]);
            }
        }
    }
}

#[test]
fn the_red_of_the_mark_and_rule_is_255_0_0_and_the_page_is_a4() {
    let (_, o) = ofd("full-document.md");
    assert_eq!(o.document.one("PhysicalBox").text, "0 0 210 297");
    let first = &o.pages[0];
    let red = |objs: Vec<&El>| {
        objs.iter()
            .filter(|t| t.one("FillColor").attrs["Value"] == "255 0 0")
            .count()
    };
    assert!(red(first.find("TextObject")) >= 1, "the 发文机关标志");
    assert!(red(first.find("PathObject")) >= 1, "the red rule");
}

#[test]
fn document_info_carries_title_author_date_and_the_head_facts() {
    let (doc, o) = ofd("full-document.md");
    let info = o.root.one("DocInfo");
    let meta = &doc.report().meta;
    assert_eq!(
        info.one("Title").text,
        meta.title.clone().unwrap().replace('\n', "")
    );
    assert_eq!(info.one("Author").text, meta.issuer.join("、"));
    let d = meta.date.unwrap();
    assert_eq!(
        info.one("CreationDate").text,
        format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
    );
    assert_eq!(info.one("DocID").text.len(), 32);
    let custom: BTreeMap<&str, &str> = info
        .find("CustomData")
        .iter()
        .map(|c| (c.attrs["Name"].as_str(), c.text.as_str()))
        .collect();
    assert_eq!(custom["发文字号"], meta.doc_number.as_deref().unwrap());
    // Element order of the schemas: DocInfo before DocRoot, MaxUnitID first.
    let body = o.root.one("DocBody");
    assert_eq!(body.kids[0].name, "DocInfo");
    assert_eq!(body.kids[1].name, "DocRoot");
    assert_eq!(o.document.one("CommonData").kids[0].name, "MaxUnitID");
}

#[test]
fn a_turned_table_is_drawn_turned_where_the_pdf_draws_it() {
    let (doc, o) = ofd("table-landscape-notice.md");
    let (n, page) = doc
        .pages()
        .iter()
        .enumerate()
        .find(|(_, p)| !p.turned().is_empty())
        .expect("a turned page");
    let run = page
        .turned()
        .iter()
        .find_map(|i| match i {
            Item::Text(r) => Some(r),
            _ => None,
        })
        .unwrap();
    let t = o.pages[n]
        .find("TextObject")
        .into_iter()
        .find(|t| t.attrs.contains_key("CTM"))
        .expect("a turned text object");
    let (b, m) = (t.nums("Boundary"), t.nums("CTM"));
    let code = t.one("TextCode");
    let (u, v): (f32, f32) = (
        code.attrs["X"].parse().unwrap(),
        code.attrs["Y"].parse().unwrap(),
    );
    // The first glyph's origin on the paper: (X, Y) turned is (Y, 297 − X).
    let (px, py) = (
        b[0] + m[0] * u + m[2] * v + m[4],
        b[1] + m[1] * u + m[3] * v + m[5],
    );
    let g = &run.glyphs[0];
    assert!((px - run.baseline).abs() < 0.01 && (py - (297.0 - g.x)).abs() < 0.01);
}
