//! Pages → OFD (GB/T 33190-2016). Like the PDF writer it draws what the layout placed
//! and knows nothing of GB/T 9704: every glyph run is a `TextObject` whose `TextCode`
//! stands on the run's baseline with the layout's advances as `DeltaX`, every rule a
//! filled `PathObject`, every picture an `ImageObject` scaled by its `CTM`. Sizes and
//! positions are millimetres, as in the layout.
//!
//! The package (`OFD.xml`, `Doc_0/Document.xml`, `PublicRes.xml` with the fonts,
//! `DocumentRes.xml` with the pictures, `Res/`, one `Pages/Page_N/Content.xml` per
//! page) follows the standard's Annex A schemas in element order. One counter numbers
//! every ID; `MaxUnitID` is the last. Fonts are the subsets the PDF embeds (they keep
//! a `cmap`, which OFD readers look glyphs up by). Nothing depends on a clock: the
//! `DocID` is a hash of the content, the dates are the 成文日期.

use std::collections::BTreeMap;
use std::path::PathBuf;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use crate::error::Error;
use crate::fonts::{FaceId, FontSet};
use crate::layout::{Color, Item, Page, TextRun};
use crate::spec::{pt, PAGE_H, PAGE_W};

/// The OFD namespace (GB/T 33190-2016 7.1).
const NS: &str = "http://www.ofdspec.org/2016";

fn fail(message: impl Into<String>) -> Error {
    Error::Write {
        format: "OFD",
        message: message.into(),
    }
}

/// A number as OFD writers print it: at most four decimals (0.1 µm), no trailing zeros.
fn num(v: f32) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" || s.is_empty() {
        "0".into()
    } else {
        s.into()
    }
}

fn nums(v: &[f32]) -> String {
    v.iter().map(|&x| num(x)).collect::<Vec<_>>().join(" ")
}

/// `DeltaX` values with runs of equal values as `g N V` where that is shorter
/// (GB/T 33190 Table 46's repetition syntax).
fn deltas(v: &[f32]) -> String {
    let v: Vec<String> = v.iter().map(|&x| num(x)).collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < v.len() {
        let n = v[i..].iter().take_while(|x| **x == v[i]).count();
        let short = format!("g {n} {}", v[i]);
        if n > 1 && short.len() < n * (v[i].len() + 1) - 1 {
            out.push(short);
        } else {
            out.extend(std::iter::repeat_n(v[i].clone(), n));
        }
        i += n;
    }
    out.join(" ")
}

fn rgb(c: Color) -> String {
    format!("{} {} {}", c.0, c.1, c.2)
}

/// An XML part written with quick-xml, elements in the `ofd:` namespace.
struct Xml(Writer<Vec<u8>>);

impl Xml {
    fn new() -> Xml {
        let mut w = Writer::new(Vec::new());
        // Writing to a Vec cannot fail.
        let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        Xml(w)
    }
    fn tag<'a>(name: &str, attrs: &[(&'a str, &'a str)]) -> BytesStart<'static> {
        BytesStart::new(format!("ofd:{name}")).with_attributes(attrs.iter().copied())
    }
    fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let _ = self.0.write_event(Event::Start(Self::tag(name, attrs)));
    }
    fn close(&mut self, name: &str) {
        let _ = self
            .0
            .write_event(Event::End(BytesEnd::new(format!("ofd:{name}"))));
    }
    fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let _ = self.0.write_event(Event::Empty(Self::tag(name, attrs)));
    }
    fn text(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(name, attrs);
        let _ = self.0.write_event(Event::Text(BytesText::new(text)));
        self.close(name);
    }
    fn root(name: &str, attrs: &[(&str, &str)]) -> Xml {
        let mut x = Xml::new();
        let mut all = vec![("xmlns:ofd", NS)];
        all.extend_from_slice(attrs);
        x.open(name, &all);
        x
    }
    fn finish(mut self, root: &str) -> Vec<u8> {
        self.close(root);
        self.0.into_inner()
    }
}

/// Where a group of items stands: upright on the page, or turned a quarter turn (a
/// 横排表格, STD 8), where (X, Y) of the turned page is (Y, 297 − X) on the paper.
#[derive(Clone, Copy, PartialEq)]
enum Frame {
    Upright,
    Turned,
}

impl Frame {
    /// The page `Boundary` of a box (x, y, w, h) of this frame, and the `CTM` that maps
    /// the box's own coordinates (origin at its top-left) into that boundary.
    fn place(self, (x, y, w, h): (f32, f32, f32, f32)) -> ([f32; 4], Option<[f32; 6]>) {
        match self {
            Frame::Upright => ([x, y, w, h], None),
            // (u, v) of the box is (x + u, y + v) turned, (y + v, 297 − x − u) on the
            // paper, (v, w − u) in the boundary [y, 297 − x − w, h, w].
            Frame::Turned => (
                [y, PAGE_H - x - w, h, w],
                Some([0.0, -1.0, 1.0, 0.0, 0.0, w]),
            ),
        }
    }
}

/// `a` after `b` (both `[a b c d e f]`, x' = a·x + c·y + e, y' = b·x + d·y + f).
fn then(b: [f32; 6], a: Option<[f32; 6]>) -> [f32; 6] {
    let Some(a) = a else { return b };
    [
        a[0] * b[0] + a[2] * b[1],
        a[1] * b[0] + a[3] * b[1],
        a[0] * b[2] + a[2] * b[3],
        a[1] * b[2] + a[3] * b[3],
        a[0] * b[4] + a[2] * b[5] + a[4],
        a[1] * b[4] + a[3] * b[5] + a[5],
    ]
}

/// The IDs of the document's resources, and the one counter every ID comes from.
struct Ids {
    next: u32,
    fonts: BTreeMap<FaceId, u32>,
    images: BTreeMap<PathBuf, u32>,
}

impl Ids {
    fn take(&mut self) -> String {
        self.next += 1;
        self.next.to_string()
    }
}

/// One page's `Content.xml`.
fn page(p: &Page, ids: &mut Ids) -> Vec<u8> {
    let mut x = Xml::root("Page", &[]);
    x.open("Content", &[]);
    let layer = ids.take();
    x.open("Layer", &[("ID", &layer), ("Type", "Body")]);
    draw(&mut x, &p.items, Frame::Upright, ids);
    x.close("Layer");
    x.close("Content");
    x.finish("Page")
}

/// Draws `items` in the PDF's order: rules (and turned groups) under the text, pictures
/// (seals press on the text) last.
fn draw(x: &mut Xml, items: &[Item], frame: Frame, ids: &mut Ids) {
    for item in items {
        match item {
            Item::Rule {
                x: left,
                y,
                width,
                thickness,
                color,
            } => rule(
                x,
                frame,
                (*left, y - thickness / 2.0, *width, *thickness),
                *color,
                ids,
            ),
            Item::VRule {
                x: centre,
                y,
                height,
                thickness,
            } => rule(
                x,
                frame,
                (centre - thickness / 2.0, *y, *thickness, *height),
                Color::BLACK,
                ids,
            ),
            Item::Turned(inner) => draw(x, inner, Frame::Turned, ids),
            _ => {}
        }
    }
    for item in items {
        if let Item::Text(run) = item {
            text(x, run, frame, ids);
        }
    }
    for item in items {
        if let Item::Image {
            x: left,
            y,
            w,
            h,
            path,
        } = item
        {
            let (boundary, turn) = frame.place((*left, *y, *w, *h));
            let ctm = then([*w, 0.0, 0.0, *h, 0.0, 0.0], turn);
            let (id, res) = (ids.take(), ids.images[path].to_string());
            x.empty(
                "ImageObject",
                &[
                    ("ID", &id),
                    ("Boundary", &nums(&boundary)),
                    ("CTM", &nums(&ctm)),
                    ("ResourceID", &res),
                ],
            );
        }
    }
}

/// A filled rectangle (x, top, w, h), as the PDF draws rules.
fn rule(
    x: &mut Xml,
    frame: Frame,
    (left, top, w, h): (f32, f32, f32, f32),
    c: Color,
    ids: &mut Ids,
) {
    let (boundary, ctm) = frame.place((left, top, w, h));
    let id = ids.take();
    let (boundary, ctm) = (nums(&boundary), ctm.map(|m| nums(&m)));
    let mut attrs = vec![("ID", id.as_str()), ("Boundary", boundary.as_str())];
    if let Some(m) = &ctm {
        attrs.push(("CTM", m));
    }
    attrs.extend([("Stroke", "false"), ("Fill", "true")]);
    x.open("PathObject", &attrs);
    x.empty("FillColor", &[("Value", &rgb(c))]);
    let (w, h) = (num(w), num(h));
    x.text(
        "AbbreviatedData",
        &[],
        &format!("M 0 0 L {w} 0 L {w} {h} L 0 {h} C"),
    );
    x.close("PathObject");
}

/// One run as one `TextObject` with one `TextCode` on its baseline. Spaces are not
/// written (GB/T 33190 would have them escaped); the next glyph's `DeltaX` moves past
/// them.
fn text(x: &mut Xml, run: &TextRun, frame: Frame, ids: &mut Ids) {
    let glyphs: Vec<_> = run
        .glyphs
        .iter()
        .filter(|g| !g.ch.is_whitespace())
        .collect();
    let (Some(first), Some(last)) = (glyphs.first(), glyphs.last()) else {
        return;
    };
    let em = pt(run.size);
    // The box holds the em boxes with room for ink beyond them (readers clip to it).
    let (left, top) = (first.x - em / 2.0, run.baseline - 1.25 * em);
    let size = (last.x + last.advance + em / 2.0 - left, 1.75 * em);
    let (boundary, ctm) = frame.place((left, top, size.0, size.1));
    let id = ids.take();
    let font = ids.fonts[&run.face].to_string();
    let (boundary, ctm) = (nums(&boundary), ctm.map(|m| nums(&m)));
    let em = num(em);
    let mut attrs = vec![("ID", id.as_str()), ("Boundary", boundary.as_str())];
    if let Some(m) = &ctm {
        attrs.push(("CTM", m));
    }
    attrs.extend([("Font", font.as_str()), ("Size", em.as_str())]);
    x.open("TextObject", &attrs);
    x.empty("FillColor", &[("Value", &rgb(run.color))]);
    let steps: Vec<f32> = glyphs.windows(2).map(|w| w[1].x - w[0].x).collect();
    let (cx, cy) = (num(first.x - left), num(run.baseline - top));
    let chars: String = glyphs.iter().map(|g| g.ch).collect();
    let dx = deltas(&steps);
    let mut code = vec![("X", cx.as_str()), ("Y", cy.as_str())];
    if !steps.is_empty() {
        code.push(("DeltaX", &dx));
    }
    x.text("TextCode", &code, &chars);
    x.close("TextObject");
}

/// The 版头 facts carried as `CustomData` (name, value), in the order of the 版头.
pub(crate) type Facts = Vec<(&'static str, String)>;

/// The facts of a report's front matter that receiving systems index: 份号, 密级 and
/// 保密期限, 紧急程度, 发文机关, 发文字号, 签发人, 文种, 主送机关, 成文日期.
pub(crate) fn facts(meta: &crate::model::Meta) -> Facts {
    let join = |v: &[String]| v.join("、");
    let mut f: Facts = Vec::new();
    let mut put = |name: &'static str, value: Option<String>| {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            f.push((name, v));
        }
    };
    put("份号", meta.copy_no.clone());
    put("密级", meta.secrecy.map(|s| s.as_str().to_string()));
    put("保密期限", meta.secrecy_term.clone());
    put("紧急程度", meta.urgency.map(|u| u.as_str().to_string()));
    put("发文机关", Some(join(&meta.issuer)));
    put("发文字号", meta.doc_number.clone());
    put("签发人", Some(join(&meta.signers)));
    put("文种", meta.kind.map(|k| k.as_str().to_string()));
    put("主送机关", Some(join(&meta.recipients)));
    put(
        "成文日期",
        meta.date
            .map(|d| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)),
    );
    f
}

/// Writes pages as an OFD package.
pub(crate) fn write(
    pages: &[Page],
    fonts: &FontSet,
    info: &super::Info,
    facts: &Facts,
) -> Result<Vec<u8>, Error> {
    let glyphs = super::subset::used_glyphs(pages);
    let mut ids = Ids {
        next: 0,
        fonts: BTreeMap::new(),
        images: BTreeMap::new(),
    };
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    // Fonts.
    let mut res = Xml::root("Res", &[("BaseLoc", "Res")]);
    res.open("Fonts", &[]);
    for (face_id, used) in &glyphs {
        let face = fonts.face_by_id(*face_id);
        let super::subset::Program { bytes, index, .. } = super::subset::program(face, used);
        if index != 0 {
            return Err(fail(format!(
                "{} is face {index} of a font collection; OFD embeds one face per file",
                face.name
            )));
        }
        let id = ids.take();
        // OpenType with CFF outlines is .otf, with TrueType outlines .ttf.
        let ext = if bytes.starts_with(b"OTTO") {
            "otf"
        } else {
            "ttf"
        };
        let file = format!("font_{id}.{ext}");
        res.open(
            "Font",
            &[
                ("ID", &id),
                ("FontName", &face.name),
                ("FamilyName", &face.family),
            ],
        );
        res.text("FontFile", &[], &file);
        res.close("Font");
        parts.push((format!("Doc_0/Res/{file}"), bytes.into_owned()));
        ids.fonts.insert(*face_id, ids.next);
    }
    res.close("Fonts");
    let public = res.finish("Res");
    // Pictures, in the order they are first drawn.
    let mut media = Xml::root("Res", &[("BaseLoc", "Res")]);
    let mut any = false;
    for item in pages.iter().flat_map(Page::drawn) {
        let Item::Image { path, .. } = item else {
            continue;
        };
        if ids.images.contains_key(path) {
            continue;
        }
        let (bytes, _) = crate::read::resources::read_image(path).map_err(fail)?;
        let (format, ext) = if crate::read::resources::is_jpeg(&bytes) {
            ("JPEG", "jpg")
        } else {
            ("PNG", "png")
        };
        if !any {
            media.open("MultiMedias", &[]);
            any = true;
        }
        let id = ids.take();
        let file = format!("image_{id}.{ext}");
        media.open(
            "MultiMedia",
            &[("ID", &id), ("Type", "Image"), ("Format", format)],
        );
        media.text("MediaFile", &[], &file);
        media.close("MultiMedia");
        parts.push((format!("Doc_0/Res/{file}"), bytes));
        ids.images.insert(path.clone(), ids.next);
    }
    if any {
        media.close("MultiMedias");
    }
    let media = media.finish("Res");
    // Pages.
    let page_ids: Vec<String> = pages.iter().map(|_| ids.take()).collect();
    for (n, p) in pages.iter().enumerate() {
        let content = page(p, &mut ids);
        parts.push((format!("Doc_0/Pages/Page_{n}/Content.xml"), content));
    }
    let mut doc = Xml::root("Document", &[]);
    doc.open("CommonData", &[]);
    doc.text("MaxUnitID", &[], &ids.next.to_string());
    doc.open("PageArea", &[]);
    doc.text("PhysicalBox", &[], &nums(&[0.0, 0.0, PAGE_W, PAGE_H]));
    doc.close("PageArea");
    doc.text("PublicRes", &[], "PublicRes.xml");
    if any {
        doc.text("DocumentRes", &[], "DocumentRes.xml");
    }
    doc.close("CommonData");
    doc.open("Pages", &[]);
    for (n, id) in page_ids.iter().enumerate() {
        let loc = format!("Pages/Page_{n}/Content.xml");
        doc.empty("Page", &[("ID", id), ("BaseLoc", &loc)]);
    }
    doc.close("Pages");
    let document = doc.finish("Document");
    let mut head = vec![
        ("Doc_0/Document.xml".to_string(), document),
        ("Doc_0/PublicRes.xml".to_string(), public),
    ];
    if any {
        head.push(("Doc_0/DocumentRes.xml".to_string(), media));
    }
    head.append(&mut parts);
    let ofd = root_part(info, facts, &doc_id(&head));
    head.insert(0, ("OFD.xml".to_string(), ofd));
    super::zip(head).map_err(|e| fail(format!("cannot write the OFD package: {e}")))
}

/// `OFD.xml`: the document's entry and its facts.
fn root_part(info: &super::Info, facts: &Facts, doc_id: &str) -> Vec<u8> {
    let mut x = Xml::root("OFD", &[("Version", "1.0"), ("DocType", "OFD")]);
    x.open("DocBody", &[]);
    x.open("DocInfo", &[]);
    x.text("DocID", &[], doc_id);
    if !info.title.is_empty() {
        x.text("Title", &[], &info.title);
    }
    if !info.author.is_empty() {
        x.text("Author", &[], &info.author);
    }
    if let Some(date) = info.w3c.as_deref().and_then(|d| d.get(..10)) {
        x.text("CreationDate", &[], date);
    }
    x.text("Creator", &[], "gongwen");
    x.text("CreatorVersion", &[], env!("CARGO_PKG_VERSION"));
    if !facts.is_empty() {
        x.open("CustomDatas", &[]);
        for (name, value) in facts {
            x.text("CustomData", &[("Name", name)], value);
        }
        x.close("CustomDatas");
    }
    x.close("DocInfo");
    x.text("DocRoot", &[], "Doc_0/Document.xml");
    x.close("DocBody");
    x.finish("OFD")
}

/// A 32-digit hexadecimal identifier hashed from the parts (two FNV-1a 64-bit hashes),
/// the same for the same content.
fn doc_id(parts: &[(String, Vec<u8>)]) -> String {
    let mut h = [0xcbf2_9ce4_8422_2325u64, 0x6c62_272e_07bb_0142];
    for (name, data) in parts {
        for &b in name.as_bytes().iter().chain(data) {
            for (k, v) in h.iter_mut().enumerate() {
                *v = (*v ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3 + k as u64 * 2);
            }
        }
    }
    format!("{:016x}{:016x}", h[0], h[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_deltas_are_short() {
        assert_eq!(num(5.644_444), "5.6444");
        assert_eq!(num(28.0), "28");
        assert_eq!(num(-0.00001), "0");
        assert_eq!(deltas(&[5.6444, 5.6444, 5.6444, 2.8]), "g 3 5.6444 2.8");
        assert_eq!(deltas(&[1.0, 1.0, 2.0]), "1 1 2", "g 2 1 is no shorter");
    }

    #[test]
    fn a_turned_box_lands_where_the_pdf_turns_it() {
        // The turned page's (X, Y) is (Y, 297 − X) on the paper.
        let (b, ctm) = Frame::Turned.place((35.0, 28.0, 100.0, 10.0));
        assert_eq!(b, [28.0, 162.0, 10.0, 100.0]);
        let m = ctm.unwrap();
        // The box's own (u, v) = (100, 0): turned (135, 28), paper (28, 162).
        let (u, v) = (100.0, 0.0);
        let (px, py) = (m[0] * u + m[2] * v + m[4], m[1] * u + m[3] * v + m[5]);
        assert_eq!((b[0] + px, b[1] + py), (28.0, 162.0));
        // An image's unit square scaled then turned: (1, 1) is the box's far corner.
        let s = then([100.0, 0.0, 0.0, 10.0, 0.0, 0.0], ctm);
        assert_eq!((s[0] + s[2] + s[4], s[1] + s[3] + s[5]), (10.0, 0.0));
    }
}
