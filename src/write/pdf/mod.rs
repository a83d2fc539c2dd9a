//! Pages → PDF bytes (printpdf). Draws what the layout placed; knows nothing of GB/T 9704.
//!
//! printpdf builds the document: catalog, pages, fonts (from the subsets and metrics
//! we hand it), pictures and metadata. The page content streams are written here
//! ([`content`]) and put in place of printpdf's. Fonts are embedded as subsets under
//! their PostScript names. Resource names and the file ID are derived from the
//! content, never from a clock or a counter, so the same pages give the same bytes in
//! any process and thread.

mod content;

use std::collections::BTreeMap;
use std::path::PathBuf;

use printpdf::{
    Codepoint, FontId, FontMetrics, FontType, Mm, Op, ParsedFont, PdfDocument, PdfFont,
    PdfFontHandle, PdfFontMetricsStub, PdfPage, PdfSaveOptions, Pt, RawImage, TextItem, XObject,
    XObjectId,
};

use crate::error::Error;
use crate::fonts::{FaceId, FontSet};
use crate::layout::{Item, Page};
use crate::spec::{PAGE_H, PAGE_W};
use content::FontRes;

fn fail(message: impl Into<String>) -> Error {
    Error::Write {
        format: "PDF",
        message: message.into(),
    }
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

/// A big-endian integer of a font table.
fn be(table: &[u8], at: usize) -> Option<u16> {
    table
        .get(at..at + 2)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
}

/// What printpdf needs of an embedded program, read from its tables (no parse of the
/// whole font): the drawn characters' glyphs and advances, and the font's metrics.
fn parsed_font(
    program: &super::subset::Program<'_>,
    used: &BTreeMap<char, u16>,
    name: String,
) -> Option<ParsedFont> {
    let face = ttf_parser::Face::parse(&program.bytes, program.index).ok()?;
    let table = |tag: &[u8; 4]| face.raw_face().table(ttf_parser::Tag::from_bytes(tag));
    let (head, hhea) = (table(b"head")?, table(b"hhea")?);
    let signed = |t: &[u8], at| be(t, at).map(|v| v as i16);
    let units_per_em = be(head, 18)?;
    let glyph_widths = program
        .gids
        .values()
        .map(|&g| {
            (
                g,
                face.glyph_hor_advance(ttf_parser::GlyphId(g)).unwrap_or(0),
            )
        })
        .collect();
    let codepoint_to_glyph = used
        .iter()
        .filter_map(|(&c, g)| Some((u32::from(c), *program.gids.get(g)?)))
        .collect();
    let font_type = if table(b"CFF ").is_some() {
        FontType::OpenTypeCFF(())
    } else {
        FontType::TrueType
    };
    let pdf_font_metrics = PdfFontMetricsStub {
        units_per_em,
        x_min: signed(head, 36)?,
        y_min: signed(head, 38)?,
        x_max: signed(head, 40)?,
        y_max: signed(head, 42)?,
        caret_slope_rise: signed(hhea, 18)?,
        caret_slope_run: signed(hhea, 20)?,
        us_weight_class: table(b"OS/2").and_then(|t| be(t, 4)).unwrap_or(0),
    };
    let font_metrics = FontMetrics {
        ascent: signed(hhea, 4)?,
        descent: signed(hhea, 6)?,
    };
    Some(ParsedFont {
        original_bytes: program.bytes.to_vec(),
        font_index: program.index,
        font_name: Some(name),
        codepoint_to_glyph,
        glyph_widths,
        units_per_em,
        font_metrics,
        font_type,
        pdf_font_metrics,
    })
}

/// Writes pages as a PDF with `info` in its metadata.
pub(crate) fn write(pages: &[Page], fonts: &FontSet, info: &super::Info) -> Result<Vec<u8>, Error> {
    // Each face cut to its glyphs, on every core.
    let glyphs: Vec<(FaceId, BTreeMap<char, u16>)> =
        super::subset::used_glyphs(pages).into_iter().collect();
    let programs = super::par_map(&glyphs, |(face, used)| {
        super::subset::program(fonts.face_by_id(*face), used)
    });
    // The font programs are most of the file: they are deflated while printpdf builds
    // the document around them.
    let (lo, packed) = std::thread::scope(|s| {
        let packing = s.spawn(|| {
            let bytes: Vec<&[u8]> = programs.iter().map(|p| &*p.bytes).collect();
            super::deflate::zlib_all(&bytes, DEFLATE_LEVEL)
        });
        (
            document(pages, fonts, info, &glyphs, &programs),
            packing.join(),
        )
    });
    let mut lo = lo?;
    let packed = packed.map_err(|_| fail("the font compressor stopped"))?;
    compress(
        &mut lo,
        programs.iter().map(|p| &*p.bytes).zip(packed).collect(),
    );
    // Room for the streams and the objects around them, so the file is not copied as
    // it grows.
    let streams: usize = lo
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .map(|s| s.content.len())
        .sum();
    let mut bytes = Vec::with_capacity(streams + streams / 8 + 64 * 1024);
    lo.save_to(&mut bytes)
        .map_err(|e| fail(format!("cannot write the PDF: {e}")))?;
    stable_id(&mut bytes);
    Ok(bytes)
}

/// The document printpdf builds from the pages, with our content streams and the fonts
/// `programs` (cut for the faces and characters of `glyphs`), not yet compressed.
fn document(
    pages: &[Page],
    fonts: &FontSet,
    info: &super::Info,
    glyphs: &[(FaceId, BTreeMap<char, u16>)],
    programs: &[super::subset::Program<'_>],
) -> Result<lopdf::Document, Error> {
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
    // Fonts: each program handed to printpdf with its metrics. printpdf learns which
    // glyphs a font shows (its /W widths and ToUnicode map are made of them) from text
    // operations: the first page's operations show each font's glyphs once, with their
    // characters, and are then replaced by the real content like every page's.
    let mut font_res: BTreeMap<FaceId, FontRes> = BTreeMap::new();
    let mut declare = Vec::new();
    for ((face_id, used), program) in glyphs.iter().zip(programs) {
        let face = fonts.face_by_id(*face_id);
        let id = font_id(*face_id);
        // /BaseFont: the PostScript name, tagged where the program is a subset (ISO
        // 32000-1, 9.6.4).
        let name = if program.subset {
            format!("{}+{}", id.0, face.name)
        } else {
            face.name.clone()
        };
        // A CID-keyed CFF program is shown by CID, any other by glyph id.
        let cids = match program.bytes.get(..4) {
            Some(b"OTTO") => {
                printpdf::cff_charset_gid_to_cid_map(&program.bytes, program.index as usize)
            }
            _ => None,
        };
        let mut codes = vec![0u16; used.values().max().map_or(0, |&g| usize::from(g) + 1)];
        for (&old, &new) in &program.gids {
            if let Some(c) = codes.get_mut(usize::from(old)) {
                *c = cids
                    .as_ref()
                    .and_then(|m| m.get(&new).copied())
                    .unwrap_or(new);
            }
        }
        let shown = used
            .iter()
            .filter_map(|(&c, g)| {
                Some(Codepoint {
                    gid: *program.gids.get(g)?,
                    offset: 0.0,
                    cid: Some(c.to_string()),
                })
            })
            .collect();
        declare.push(Op::SetFont {
            font: PdfFontHandle::External(id.clone()),
            size: Pt(1.0),
        });
        declare.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(shown)],
        });
        let parsed = parsed_font(program, used, name)
            .ok_or_else(|| fail(format!("cannot read the font {}", face.name)))?;
        doc.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(parsed));
        font_res.insert(*face_id, FontRes { name: id.0, codes });
    }
    // Pictures, named IM1, IM2 … in the order they are first drawn.
    let mut images: BTreeMap<PathBuf, String> = BTreeMap::new();
    for item in pages.iter().flat_map(Page::drawn) {
        if let Item::Image { path, .. } = item {
            if images.contains_key(path) {
                continue;
            }
            let (bytes, _) = crate::read::resources::read_image(path).map_err(fail)?;
            let mut warnings = Vec::new();
            let raw = RawImage::decode_from_bytes(&bytes, &mut warnings)
                .map_err(|e| fail(format!("{}: {e}", path.display())))?;
            let name = format!("IM{}", images.len() + 1);
            doc.resources
                .xobjects
                .map
                .insert(XObjectId(name.clone()), XObject::Image(raw));
            images.insert(path.clone(), name);
        }
    }
    let contents = super::par_map(pages, |p| content::page(p, &font_res, &images));
    let pdf_pages = (0..pages.len())
        .map(|i| {
            let ops = if i == 0 {
                std::mem::take(&mut declare)
            } else {
                Vec::new()
            };
            PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), ops)
        })
        .collect();
    doc.with_pages(pdf_pages);
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&PdfSaveOptions::default(), &mut warnings);
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
    for ((n, id), content) in lo.get_pages().into_iter().zip(contents) {
        let Ok(lopdf::Object::Dictionary(d)) = lo.get_object_mut(id) else {
            return Err(fail(format!("page {n} is missing")));
        };
        // A page printed turned is shown turned, as a reader reads it (STD 8).
        if !pages[n as usize - 1].turned().is_empty() {
            d.set("Rotate", 90);
        }
        let stream = d.get(b"Contents").and_then(lopdf::Object::as_reference);
        match stream.map(|s| lo.get_object_mut(s)) {
            Ok(Ok(lopdf::Object::Stream(s))) => s.set_content(content),
            _ => return Err(fail(format!("page {n} has no content stream"))),
        }
    }
    // printpdf labels its files 1.3, but seals keep their transparency as soft masks
    // (`SMask`), which came with PDF 1.4.
    lo.version = "1.4".into();
    Ok(lo)
}

/// Deflate level (libdeflate) for every stream. Measured on the seed's streams (617 KB,
/// 86 % of it TrueType outlines) against zlib-rs, the deflate printpdf uses: zlib-rs
/// level 6 gives 324 KB in 17 ms of one core, its level 2 334 KB in 9.6 ms, its level 1
/// 419 KB; libdeflate level 1 gives 333 KB in 5.9 ms, its level 6 326 KB in 10.9 ms.
/// On 100 times the seed (3.3 MB, mostly page content) libdeflate level 1 gives 1.15 MB
/// in 28 ms, zlib-rs level 6 1.11 MB in 73 ms.
const DEFLATE_LEVEL: i32 = 1;

/// Deflates every stream that allows it and is not compressed yet, on every core
/// ([`super::deflate`]): a font program with the bytes of `known` (a program and its
/// zlib stream) takes them; a stream that would not shrink stays as it is.
fn compress(lo: &mut lopdf::Document, mut known: Vec<(&[u8], Option<Vec<u8>>)>) {
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
    let mut packed: Vec<Option<Vec<u8>>> = streams
        .iter()
        .map(|s| {
            let k = known.iter_mut().find(|(b, _)| *b == s.content.as_slice())?;
            k.1.take()
        })
        .collect();
    let rest: Vec<usize> = (0..streams.len())
        .filter(|&i| packed[i].is_none())
        .collect();
    let contents: Vec<&[u8]> = rest
        .iter()
        .map(|&i| streams[i].content.as_slice())
        .collect();
    for (i, p) in rest
        .iter()
        .zip(super::deflate::zlib_all(&contents, DEFLATE_LEVEL))
    {
        packed[*i] = p;
    }
    for (stream, packed) in streams.iter_mut().zip(packed) {
        if let Some(p) = packed.filter(|p| p.len() < stream.content.len()) {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(p);
        }
    }
}

/// printpdf fills the trailer's /ID with process-global pseudo-random strings; replace
/// them (same length, so no offset moves) with a hash of the file's own content.
fn stable_id(bytes: &mut [u8]) {
    let Some(pos) = find_last(bytes, b"/ID[(").or_else(|| find_last(bytes, b"/ID [(")) else {
        return;
    };
    let start = pos + bytes[pos..].iter().position(|&b| b == b'(').unwrap_or(0) + 1;
    // FNV-1a over eight bytes at a time.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for chunk in bytes[..pos].chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        h = (h ^ u64::from_le_bytes(word)).wrapping_mul(0x0100_0000_01b3);
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
