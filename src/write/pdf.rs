//! Pages → PDF bytes (printpdf). Draws what the layout placed; knows nothing of GB/T 9704.
//!
//! Fonts are embedded as subsets under their PostScript names. Resource names and the
//! file ID are derived from the content, never from a clock or a counter, so the same
//! pages give the same bytes in any process and thread.

use std::collections::BTreeMap;
use std::path::PathBuf;

use printpdf::{
    Color as PdfColor, CurTransMat, FontId, Mm, Op, ParsedFont, PdfDocument, PdfFont,
    PdfFontHandle, PdfPage, PdfSaveOptions, Pt, RawImage, Rect, Rgb, TextItem, TextMatrix, XObject,
    XObjectId, XObjectTransform,
};

use crate::error::Error;
use crate::fonts::{FaceId, FontSet};
use crate::layout::{Color, Item, Page, TextRun};
use crate::spec::{MM_PER_PT, PAGE_H, PAGE_W};

fn fail(message: impl Into<String>) -> Error {
    Error::Write {
        format: "PDF",
        message: message.into(),
    }
}

fn rgb(c: Color) -> PdfColor {
    PdfColor::Rgb(Rgb {
        r: f32::from(c.0) / 255.0,
        g: f32::from(c.1) / 255.0,
        b: f32::from(c.2) / 255.0,
        icc_profile: None,
    })
}

fn to_pt(mm: f32) -> Pt {
    Pt(mm / MM_PER_PT)
}

/// A six-letter subset tag (ISO 32000-1 9.6.4) that is the same for the same face.
fn font_id(face: FaceId) -> FontId {
    let n = face.0;
    let tag: String = [n / 676 % 26, n / 26 % 26, n % 26]
        .iter()
        .map(|&d| char::from(b'A' + d as u8))
        .collect();
    FontId(format!("GWF{tag}"))
}

/// Writes pages as a PDF with `info` in its metadata.
pub(crate) fn write(pages: &[Page], fonts: &FontSet, info: &super::Info) -> Result<Vec<u8>, Error> {
    let mut doc = PdfDocument::new(&info.title);
    doc.metadata.info.producer = "gongwen".into();
    doc.metadata.info.creator = "gongwen".into();
    doc.metadata.info.author = info.author.clone();
    if let Some(t) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .or(info.unix)
    {
        if let Ok(d) = printpdf::OffsetDateTime::from_unix_timestamp(t) {
            doc.metadata.info.creation_date = d;
            doc.metadata.info.modification_date = d;
            doc.metadata.info.metadata_date = d;
        }
    }
    let mut used: BTreeMap<FaceId, FontId> = BTreeMap::new();
    let mut images: BTreeMap<PathBuf, (XObjectId, u32, u32)> = BTreeMap::new();
    let glyphs = super::subset::used_glyphs(pages);
    for item in pages.iter().flat_map(Page::drawn) {
        match item {
            Item::Text(run) if !used.contains_key(&run.face) => {
                let face = fonts.face_by_id(run.face);
                let mut warnings = Vec::new();
                // Only the used outlines reach printpdf, which parses what it is given.
                let (bytes, index, subset) = super::subset::program(face, &glyphs[&run.face]);
                let mut parsed = ParsedFont::from_bytes(&bytes, index as usize, &mut warnings)
                    .ok_or_else(|| fail(format!("cannot read the font {}", face.name)))?;
                // printpdf embeds what it is given as it is (without its `text_layout`
                // feature it neither subsets again nor reads a name): /BaseFont is the
                // face's PostScript name, tagged as a subset where it is one (ISO
                // 32000-1, 9.6.4).
                let id = font_id(run.face);
                parsed.font_name = Some(if subset {
                    format!("{}+{}", id.0, face.name)
                } else {
                    face.name.clone()
                });
                doc.resources
                    .fonts
                    .map
                    .insert(id.clone(), PdfFont::new(parsed));
                used.insert(run.face, id);
            }
            Item::Image { path, .. } if !images.contains_key(path) => {
                let bytes =
                    std::fs::read(path).map_err(|e| fail(format!("{}: {e}", path.display())))?;
                crate::read::resources::check_image_bytes(&bytes)
                    .map_err(|p| fail(format!("{}: {p}", path.display())))?;
                let mut warnings = Vec::new();
                let raw = RawImage::decode_from_bytes(&bytes, &mut warnings)
                    .map_err(|e| fail(format!("{}: {e}", path.display())))?;
                let id = XObjectId(format!("IM{}", images.len() + 1));
                let (w, h) = (raw.width as u32, raw.height as u32);
                doc.resources
                    .xobjects
                    .map
                    .insert(id.clone(), XObject::Image(raw));
                images.insert(path.clone(), (id, w, h));
            }
            _ => {}
        }
    }
    let pdf_pages = pages
        .iter()
        .map(|p| {
            let mut ops = Vec::new();
            draw(&mut ops, &p.items, PAGE_H, &used, &images);
            PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), ops)
        })
        .collect();
    doc.with_pages(pdf_pages);
    let opts = PdfSaveOptions {
        subset_fonts: true,
        ..PdfSaveOptions::default()
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    // printpdf writes an empty GTS_PDFXVersion (readers then call the file PDF/X) and
    // empty Subject and Keywords.
    if let Ok(lopdf::Object::Reference(id)) = lo.trailer.get(b"Info") {
        let id = *id;
        if let Ok(lopdf::Object::Dictionary(d)) = lo.get_object_mut(id) {
            let empty: Vec<Vec<u8>> = d
                .iter()
                .filter(|(k, v)| {
                    k.as_slice() == b"GTS_PDFXVersion"
                        || matches!(v, lopdf::Object::String(s, _) if s.is_empty())
                })
                .map(|(k, _)| k.clone())
                .collect();
            for k in empty {
                d.remove(&k);
            }
        }
    }
    // A page printed turned is shown turned, as a reader reads it (STD 8).
    for (n, id) in lo.get_pages() {
        if !pages[n as usize - 1].turned().is_empty() {
            if let Ok(lopdf::Object::Dictionary(d)) = lo.get_object_mut(id) {
                d.set("Rotate", 90);
            }
        }
    }
    // printpdf labels its files 1.3, but seals keep their transparency as soft masks
    // (`SMask`), which came with PDF 1.4.
    lo.version = "1.4".into();
    compress(&mut lo);
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| fail(format!("cannot write the PDF: {e}")))?;
    stable_id(&mut bytes);
    Ok(bytes)
}

/// Deflate level for streams. printpdf saves at 9; measured on the seed, level 6 gives
/// 335 KB where printpdf's save gave 338 KB, in half the deflate time; level 1 saves a
/// few more milliseconds but gives 430 KB.
const DEFLATE_LEVEL: u32 = 6;

/// Deflates every stream that allows it and is not compressed yet, on every core
/// ([`super::deflate`]); a stream that would not shrink stays as it is.
fn compress(lo: &mut lopdf::Document) {
    let mut streams: Vec<&mut lopdf::Stream> = lo
        .objects
        .values_mut()
        .filter_map(|o| match o {
            lopdf::Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => {
                Some(s)
            }
            _ => None,
        })
        .collect();
    let contents: Vec<&[u8]> = streams.iter().map(|s| s.content.as_slice()).collect();
    let packed = super::deflate::zlib_all(&contents, DEFLATE_LEVEL);
    for (stream, packed) in streams.iter_mut().zip(packed) {
        if let Some(p) = packed.filter(|p| p.len() < stream.content.len()) {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(p);
        }
    }
}

/// Draws `items` on a page `height` mm tall (coordinates from its top-left).
fn draw(
    ops: &mut Vec<Op>,
    items: &[Item],
    height: f32,
    fonts: &BTreeMap<FaceId, FontId>,
    images: &BTreeMap<PathBuf, (XObjectId, u32, u32)>,
) {
    // Rules and images under the text, except seals, which press on it (drawn last).
    for item in items {
        match item {
            Item::Rule {
                x,
                y,
                width,
                thickness,
                color,
            } => rect(
                ops,
                (*x, *y - thickness / 2.0, *width, *thickness),
                height,
                *color,
            ),
            Item::VRule {
                x,
                y,
                height: h,
                thickness,
            } => rect(
                ops,
                (*x - thickness / 2.0, *y, *thickness, *h),
                height,
                Color::BLACK,
            ),
            // The turned page's origin is the paper's bottom-left corner, its x axis
            // the paper's upward edge: (X, Y) of the turned page is (Y, 297 − X).
            Item::Turned(inner) => {
                ops.push(Op::SaveGraphicsState);
                ops.push(Op::SetTransformationMatrix {
                    matrix: CurTransMat::Raw([0.0, 1.0, -1.0, 0.0, to_pt(PAGE_W).0, 0.0]),
                });
                draw(ops, inner, PAGE_W, fonts, images);
                ops.push(Op::RestoreGraphicsState);
            }
            _ => {}
        }
    }
    for item in items {
        if let Item::Text(run) = item {
            text(ops, run, height, &fonts[&run.face]);
        }
    }
    for item in items {
        if let Item::Image { x, y, w, h, path } = item {
            let (id, pw, ph) = &images[path];
            ops.push(Op::SaveGraphicsState);
            ops.push(Op::UseXobject {
                id: id.clone(),
                transform: XObjectTransform {
                    translate_x: Some(to_pt(*x)),
                    translate_y: Some(to_pt(height - y - h)),
                    scale_x: Some(to_pt(*w).0 / *pw as f32),
                    scale_y: Some(to_pt(*h).0 / *ph as f32),
                    dpi: Some(72.0),
                    ..XObjectTransform::default()
                },
            });
            ops.push(Op::RestoreGraphicsState);
        }
    }
}

/// A filled rectangle (x, top, width, height) on a page `page_h` mm tall.
fn rect(ops: &mut Vec<Op>, (x, top, w, h): (f32, f32, f32, f32), page_h: f32, color: Color) {
    ops.push(Op::SetFillColor { col: rgb(color) });
    ops.push(Op::DrawRectangle {
        rectangle: Rect {
            x: to_pt(x),
            y: to_pt(page_h - top - h),
            width: to_pt(w),
            height: to_pt(h),
            mode: Some(printpdf::PaintMode::Fill),
            winding_order: None,
        },
    });
}

/// One run as one `TJ`. The space most glyphs share after their own advance (the 3号
/// cell minus the glyph, plus justification) is the run's character spacing (`Tc`); the
/// few glyphs that differ (half-width letters, the space between Chinese and Latin) get
/// a kerning term. So a justified line is one or a few strings, not one per glyph.
fn text(ops: &mut Vec<Op>, run: &TextRun, page_h: f32, font: &FontId) {
    let size_mm = run.size * MM_PER_PT;
    let extras: Vec<f32> = run
        .glyphs
        .windows(2)
        .map(|w| w[1].x - w[0].x - w[0].advance)
        .collect();
    let common = most_common(&extras);
    let mut items = Vec::new();
    let mut acc = String::new();
    for (i, g) in run.glyphs.iter().enumerate() {
        acc.push(g.ch);
        if let Some(&extra) = extras.get(i) {
            let diff = extra - common;
            if diff.abs() > 1e-4 {
                items.push(TextItem::Text(std::mem::take(&mut acc)));
                items.push(TextItem::Offset(-(diff / size_mm * 1000.0)));
            }
        }
    }
    if !acc.is_empty() {
        items.push(TextItem::Text(acc));
    }
    ops.push(Op::StartTextSection);
    ops.push(Op::SetFont {
        font: PdfFontHandle::External(font.clone()),
        size: Pt(run.size),
    });
    ops.push(Op::SetFillColor {
        col: rgb(run.color),
    });
    ops.push(Op::SetCharacterSpacing {
        multiplier: to_pt(common).0,
    });
    ops.push(Op::SetTextMatrix {
        matrix: TextMatrix::Translate(to_pt(run.x0()), to_pt(page_h - run.baseline)),
    });
    ops.push(Op::ShowText { items });
    ops.push(Op::EndTextSection);
}

/// The most frequent value (to 0.001 mm) of a run's extra spacings, 0 for none.
fn most_common(values: &[f32]) -> f32 {
    let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
    for v in values {
        *counts.entry((v * 1000.0).round() as i64).or_default() += 1;
    }
    let best = counts
        .into_iter()
        .max_by_key(|&(k, n)| (n, -k.abs()))
        .map_or(0, |(k, _)| k);
    values
        .iter()
        .copied()
        .find(|v| (v * 1000.0).round() as i64 == best)
        .unwrap_or(0.0)
}

/// printpdf fills the trailer's /ID with process-global pseudo-random strings; replace
/// them (same length, so no offset moves) with a hash of the file's own content.
fn stable_id(bytes: &mut [u8]) {
    let Some(pos) = find_last(bytes, b"/ID[(").or_else(|| find_last(bytes, b"/ID [(")) else {
        return;
    };
    let start = pos + bytes[pos..].iter().position(|&b| b == b'(').unwrap_or(0) + 1;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in &bytes[..pos] {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut i = start;
    for _ in 0..2 {
        let end = match bytes[i..].iter().position(|&b| b == b')') {
            Some(e) => i + e,
            None => return,
        };
        for (k, b) in bytes[i..end].iter_mut().enumerate() {
            *b = b'A' + ((h >> ((k % 16) * 4)) & 0xF) as u8;
        }
        h = h.rotate_left(17).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        i = match bytes[end..].iter().position(|&b| b == b'(') {
            Some(o) => end + o + 1,
            None => return,
        };
    }
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}
