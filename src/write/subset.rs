//! Keeps only the glyphs a document uses in a TrueType font: the one subset step of the
//! PDF and OFD writers. The subset keeps a `cmap` of the used characters, which OFD
//! readers look glyphs up by, and printpdf embeds it as it is.
//!
//! printpdf parses the whole font program (64 ms for FandolFang's 7.6 MB) and maps every
//! character of its `cmap` before it subsets; handing it a font whose `glyf` holds only
//! the used outlines and whose `cmap` maps only the used characters makes both cheap.
//! The kept glyphs are renumbered densely (glyph 0 first, then in their old order);
//! printpdf finds them through the `cmap`, as it maps the text it is given. Other font
//! formats return `None` and are used whole.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use crate::fonts::{Face, FaceId};
use crate::layout::{Item, Page};

/// The characters each face draws on the pages, with their glyph ids.
pub(crate) fn used_glyphs(pages: &[Page]) -> BTreeMap<FaceId, BTreeMap<char, u16>> {
    let mut glyphs: BTreeMap<FaceId, BTreeMap<char, u16>> = BTreeMap::new();
    // A text repeats its characters: most are found in this small table of the last
    // one seen per slot and never reach the map.
    let mut seen = vec![(FaceId(usize::MAX), '\0', 0); 4096];
    for item in pages.iter().flat_map(Page::drawn) {
        if let Item::Text(run) = item {
            let map = glyphs.entry(run.face).or_default();
            for g in &run.glyphs {
                let slot = &mut seen[(u32::from(g.ch) as usize ^ run.face.0) % 4096];
                if *slot != (run.face, g.ch, g.gid) {
                    *slot = (run.face, g.ch, g.gid);
                    map.insert(g.ch, g.gid);
                }
            }
        }
    }
    glyphs
}

/// A face's font program as it is embedded, and where the drawn glyphs are in it.
pub(crate) struct Program<'a> {
    /// The font program.
    pub(crate) bytes: Cow<'a, [u8]>,
    /// Its face index (0 unless the face is used whole from a collection).
    pub(crate) index: u32,
    /// Whether it is a subset (its name then carries a subset tag).
    #[cfg_attr(not(feature = "pdf"), allow(dead_code))]
    pub(crate) subset: bool,
    /// Each drawn glyph's id in the face → its id in `bytes`.
    #[cfg_attr(not(feature = "pdf"), allow(dead_code))]
    pub(crate) gids: BTreeMap<u16, u16>,
}

/// The font program to embed for a face drawing `used`. A TrueType face of its own
/// file is cut here ([`keep_glyphs`]: fast, glyph order kept dense); any other face
/// (CFF outlines, a face of a collection, such as the Noto CJK fallback) by allsorts,
/// which printpdf depends on anyway. Both keep a Unicode `cmap` of the used
/// characters. Only a face neither can cut is embedded whole.
pub(crate) fn program<'a>(face: &'a Face, used: &BTreeMap<char, u16>) -> Program<'a> {
    let small = (face.index == 0)
        .then(|| keep_glyphs(face.bytes(), used))
        .flatten()
        .or_else(|| other_subset(face.bytes(), face.index, used));
    match small {
        Some((small, gids)) => Program {
            bytes: Cow::Owned(small),
            index: 0,
            subset: true,
            gids,
        },
        None => Program {
            bytes: Cow::Borrowed(face.bytes()),
            index: face.index,
            subset: false,
            gids: used.values().map(|&g| (g, g)).collect(),
        },
    }
}

/// An OpenType subset of face `index` of `font` by allsorts: glyph 0 first, then the
/// used glyphs in their order, with a Unicode `cmap`; and the glyphs' new ids.
fn other_subset(
    font: &[u8],
    index: u32,
    used: &BTreeMap<char, u16>,
) -> Option<(Vec<u8>, BTreeMap<u16, u16>)> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset, CmapTarget, SubsetProfile};
    let data = ReadScope::new(font).read::<FontData<'_>>().ok()?;
    let provider = data.table_provider(index as usize).ok()?;
    let gids: BTreeSet<u16> = std::iter::once(0).chain(used.values().copied()).collect();
    let gids: Vec<u16> = gids.into_iter().collect();
    let bytes = subset(
        &provider,
        &gids,
        &SubsetProfile::Minimal,
        CmapTarget::Unicode,
    )
    .ok()?;
    let new_ids = gids.iter().enumerate().map(|(i, &g)| (g, i as u16));
    Some((bytes, new_ids.collect()))
}

fn u16_at(d: &[u8], o: usize) -> Option<u16> {
    d.get(o..o + 2).map(|b| u16::from_be_bytes([b[0], b[1]]))
}

fn u32_at(d: &[u8], o: usize) -> Option<u32> {
    d.get(o..o + 4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut b = [0u8; 4];
        b[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(b))
    })
}

/// Tables a PDF font program needs (ISO 32000-1 9.9); the rest are dropped.
const KEEP: [&[u8; 4]; 10] = [
    b"OS/2", b"cmap", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"name", b"post",
];

/// Where a glyph's components' glyph ids sit in its data: none for a simple glyph,
/// one per component of a composite one (OpenType `glyf`, composite glyph flags).
fn component_ids(data: &[u8]) -> Option<Vec<usize>> {
    let mut at = Vec::new();
    if data.len() < 10 || (u16_at(data, 0)? as i16) >= 0 {
        return Some(at);
    }
    let mut p = 10;
    loop {
        let flags = u16_at(data, p)?;
        at.push(p + 2);
        p += 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
        p += if flags & 0x0008 != 0 {
            2
        } else if flags & 0x0040 != 0 {
            4
        } else if flags & 0x0080 != 0 {
            8
        } else {
            0
        };
        if flags & 0x0020 == 0 {
            return Some(at);
        }
    }
}

/// The most characters [`small_cmap`] maps: one segment and one array entry each
/// (10 bytes) must fit a format 4 subtable, whose length is a `u16`.
const MAX_CHARS: usize = 6_000;

/// A format 4 subtable of `bmp` (sorted), a segment per run of characters less than
/// `gap` code points apart, glyphs from the glyph id array (0 for the holes), and the
/// closing 0xFFFF segment.
fn format4(bmp: &[(u16, u16)], gap: u16) -> Vec<u8> {
    let mut runs: Vec<&[(u16, u16)]> = Vec::new();
    let mut from = 0;
    for i in 1..=bmp.len() {
        if i == bmp.len() || bmp[i].0 - bmp[i - 1].0 >= gap {
            runs.push(&bmp[from..i]);
            from = i;
        }
    }
    let segs = runs.len() + 1;
    let pow = 1usize << (usize::BITS - 1 - segs.leading_zeros());
    let mut t = Vec::new();
    let mut put = |v: usize| t.extend_from_slice(&(v as u16).to_be_bytes());
    for v in [
        4,
        0,
        0,
        2 * segs,
        2 * pow,
        pow.trailing_zeros() as usize,
        2 * (segs - pow),
    ] {
        put(v);
    }
    let first = |r: &[(u16, u16)]| usize::from(r[0].0);
    let last = |r: &[(u16, u16)]| usize::from(r[r.len() - 1].0);
    for r in &runs {
        put(last(r));
    }
    put(0xFFFF);
    put(0);
    for r in &runs {
        put(first(r));
    }
    put(0xFFFF);
    for _ in &runs {
        put(0);
    }
    put(1);
    // idRangeOffset: bytes from its own slot to the run's first entry in the array.
    let mut array_at = 0;
    for (i, r) in runs.iter().enumerate() {
        put(2 * (segs - i) + 2 * array_at);
        array_at += last(r) - first(r) + 1;
    }
    put(0);
    for r in &runs {
        let mut ids = vec![0u16; last(r) - first(r) + 1];
        for &(c, g) in *r {
            ids[usize::from(c) - first(r)] = g;
        }
        for g in ids {
            put(usize::from(g));
        }
    }
    let len = t.len().min(usize::from(u16::MAX)) as u16;
    t[2..4].copy_from_slice(&len.to_be_bytes());
    t
}

/// A `cmap` with the characters `used` and their glyphs: format 4 for the BMP, and
/// format 12 as well when a character lies beyond it.
fn small_cmap(used: &BTreeMap<char, u16>) -> Vec<u8> {
    let bmp: Vec<(u16, u16)> = used
        .iter()
        .filter_map(|(&c, &g)| Some((u16::try_from(u32::from(c)).ok()?, g)))
        .filter(|&(c, _)| c != 0xFFFF)
        .collect();
    // Readers look a character up segment by segment (allsorts scans them in order), so
    // the characters go into few segments, each a run of nearby code points whose glyphs
    // sit in the glyph id array; the widest grouping that fits the table's 64 KiB wins.
    let f4 = [1024, 256, 64, 16, 1]
        .into_iter()
        .map(|gap| format4(&bmp, gap))
        .find(|t| t.len() <= usize::from(u16::MAX))
        .unwrap_or_else(|| format4(&bmp, 1));
    let wide = used.keys().any(|&c| u32::from(c) > 0xFFFF);
    let mut f12 = Vec::new();
    if wide {
        for v in [12u16, 0] {
            f12.extend_from_slice(&v.to_be_bytes());
        }
        let len = 16 + 12 * used.len() as u32;
        for v in [len, 0, used.len() as u32] {
            f12.extend_from_slice(&v.to_be_bytes());
        }
        for (&c, &g) in used {
            for v in [u32::from(c), u32::from(c), u32::from(g)] {
                f12.extend_from_slice(&v.to_be_bytes());
            }
        }
    }
    let n: u16 = if wide { 2 } else { 1 };
    let mut out = Vec::new();
    for v in [0, n] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let first = 4 + 8 * u32::from(n);
    out.extend_from_slice(&[0, 3, 0, 1]);
    out.extend_from_slice(&first.to_be_bytes());
    if wide {
        out.extend_from_slice(&[0, 3, 0, 10]);
        out.extend_from_slice(&(first + f4.len() as u32).to_be_bytes());
    }
    out.extend(f4);
    out.extend(f12);
    out
}

/// A copy of a single-face TrueType font whose `glyf` holds only the glyphs of `used`
/// (and the components they use, and glyph 0), and whose `cmap` maps only `used`; and
/// each kept glyph's new id.
pub(crate) fn keep_glyphs(
    font: &[u8],
    used: &BTreeMap<char, u16>,
) -> Option<(Vec<u8>, BTreeMap<u16, u16>)> {
    // See MAX_CHARS; the font is then used whole.
    if used.len() > MAX_CHARS {
        return None;
    }
    let gids: BTreeSet<u16> = used.values().copied().collect();
    if u32_at(font, 0)? != 0x0001_0000 {
        return None;
    }
    let n = usize::from(u16_at(font, 4)?);
    let mut tables = Vec::with_capacity(n);
    for i in 0..n {
        let rec = 12 + 16 * i;
        let tag: [u8; 4] = font.get(rec..rec + 4)?.try_into().ok()?;
        let off = u32_at(font, rec + 8)? as usize;
        let len = u32_at(font, rec + 12)? as usize;
        tables.push((tag, font.get(off..off.checked_add(len)?)?));
    }
    let table = |t: &[u8; 4]| tables.iter().find(|(tag, _)| tag == t).map(|(_, d)| *d);
    let (head, loca, glyf, maxp) = (
        table(b"head")?,
        table(b"loca")?,
        table(b"glyf")?,
        table(b"maxp")?,
    );
    let num_glyphs = usize::from(u16_at(maxp, 4)?);
    let long = u16_at(head, 50)? == 1;
    let offset = |g: usize| -> Option<usize> {
        if long {
            u32_at(loca, 4 * g).map(|v| v as usize)
        } else {
            u16_at(loca, 2 * g).map(|v| 2 * usize::from(v))
        }
    };
    let glyph = |g: usize| -> Option<&[u8]> { glyf.get(offset(g)?..offset(g + 1)?) };

    // The closure over composite components.
    let mut keep: BTreeSet<u16> = gids
        .iter()
        .copied()
        .filter(|&g| usize::from(g) < num_glyphs)
        .collect();
    keep.insert(0);
    let mut todo: Vec<u16> = keep.iter().copied().collect();
    while let Some(g) = todo.pop() {
        let data = glyph(usize::from(g))?;
        for at in component_ids(data)? {
            let comp = u16_at(data, at)?;
            if usize::from(comp) < num_glyphs && keep.insert(comp) {
                todo.push(comp);
            }
        }
    }

    // Dense new ids, in the old order; components point at their new ids.
    let new_id: BTreeMap<u16, u16> = keep
        .iter()
        .enumerate()
        .map(|(i, &g)| (g, i as u16))
        .collect();
    let size: usize = keep
        .iter()
        .map(|&g| glyph(usize::from(g)).map_or(0, |d| d.len().div_ceil(4) * 4))
        .sum();
    let mut new_glyf = Vec::with_capacity(size);
    let mut new_loca = Vec::with_capacity(4 * (keep.len() + 1));
    for &g in &keep {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        let start = new_glyf.len();
        new_glyf.extend_from_slice(glyph(usize::from(g))?);
        let data = &mut new_glyf[start..];
        for at in component_ids(data)? {
            let comp = new_id.get(&u16_at(data, at)?).copied().unwrap_or(0);
            data.get_mut(at..at + 2)?
                .copy_from_slice(&comp.to_be_bytes());
        }
        while new_glyf.len() % 4 != 0 {
            new_glyf.push(0);
        }
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
    // Every kept glyph gets a full metric (advance, left side bearing).
    let (hhea, hmtx) = (table(b"hhea")?, table(b"hmtx")?);
    let long_metrics = usize::from(u16_at(hhea, 34)?).max(1);
    let mut new_hmtx = Vec::with_capacity(4 * keep.len());
    for &g in &keep {
        let g = usize::from(g);
        let advance = u16_at(hmtx, 4 * (g.min(long_metrics - 1)))?;
        let lsb = if g < long_metrics {
            u16_at(hmtx, 4 * g + 2)?
        } else {
            u16_at(hmtx, 4 * long_metrics + 2 * (g - long_metrics))?
        };
        new_hmtx.extend_from_slice(&advance.to_be_bytes());
        new_hmtx.extend_from_slice(&lsb.to_be_bytes());
    }
    let mut new_hhea = hhea.to_vec();
    new_hhea
        .get_mut(34..36)?
        .copy_from_slice(&(keep.len() as u16).to_be_bytes());
    let mut new_maxp = maxp.to_vec();
    new_maxp
        .get_mut(4..6)?
        .copy_from_slice(&(keep.len() as u16).to_be_bytes());
    let renumbered: BTreeMap<char, u16> = used
        .iter()
        .filter_map(|(&c, g)| Some((c, *new_id.get(g)?)))
        .collect();
    let mut new_head = head.to_vec();
    new_head.get_mut(8..12)?.copy_from_slice(&[0; 4]);
    new_head
        .get_mut(50..52)?
        .copy_from_slice(&1u16.to_be_bytes());
    let mut out_tables: Vec<([u8; 4], Vec<u8>)> = Vec::new();
    for tag in KEEP {
        let data = match tag {
            b"glyf" => std::mem::take(&mut new_glyf),
            b"loca" => std::mem::take(&mut new_loca),
            b"head" => std::mem::take(&mut new_head),
            b"cmap" => small_cmap(&renumbered),
            b"hmtx" => std::mem::take(&mut new_hmtx),
            b"hhea" => std::mem::take(&mut new_hhea),
            b"maxp" => std::mem::take(&mut new_maxp),
            b"post" => {
                // Version 3: no glyph names.
                let mut p = table(tag)?.get(..32)?.to_vec();
                p[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
                p
            }
            t => match table(t) {
                Some(d) => d.to_vec(),
                None => continue,
            },
        };
        out_tables.push((*tag, data));
    }

    let count = out_tables.len();
    let mut pow = 1;
    while pow * 2 <= count {
        pow *= 2;
    }
    // One buffer of the font's final size: the tables are written once, in place.
    let dir = 12 + 16 * count;
    let size = dir
        + out_tables
            .iter()
            .map(|(_, d)| d.len().div_ceil(4) * 4)
            .sum::<usize>();
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&(count as u16).to_be_bytes());
    out.extend_from_slice(&((pow * 16) as u16).to_be_bytes());
    out.extend_from_slice(&(pow.trailing_zeros() as u16).to_be_bytes());
    out.extend_from_slice(&((count * 16 - pow * 16) as u16).to_be_bytes());
    let mut offset = dir;
    for (tag, data) in &out_tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in &out_tables {
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    let head_at = 12 + 16 * count + {
        let mut at = 0;
        for (tag, data) in &out_tables {
            if tag == b"head" {
                break;
            }
            at += data.len().div_ceil(4) * 4;
        }
        at
    };
    out.get_mut(head_at + 8..head_at + 12)?
        .copy_from_slice(&adjust.to_be_bytes());
    Some((out, new_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_used_outlines_and_characters_under_dense_ids() {
        let set = crate::FontSet::default_set().unwrap();
        let face = set.face(crate::Role::Fang);
        let f = face.parse();
        let used: BTreeMap<char, u16> = "金额万元〔〕2023"
            .chars()
            .filter_map(|c| Some((c, f.glyph_index(c)?.0)))
            .collect();
        let (small, gids) = keep_glyphs(face.bytes(), &used).expect("TrueType");
        assert!(small.len() < 20_000, "{} bytes", small.len());
        let s = ttf_parser::Face::parse(&small, 0).unwrap();
        let distinct: BTreeSet<u16> = used.values().copied().collect();
        assert_eq!(
            usize::from(s.number_of_glyphs()),
            distinct.len() + 1,
            "glyph 0 + the used"
        );
        for (&c, &old) in &used {
            let (new, old) = (s.glyph_index(c).unwrap(), ttf_parser::GlyphId(old));
            assert!(new.0 <= distinct.len() as u16, "{c}");
            assert_eq!(gids[&old.0], new.0, "{c}: the returned id is the cmap's");
            assert_eq!(s.glyph_bounding_box(new), f.glyph_bounding_box(old), "{c}");
            assert_eq!(s.glyph_hor_advance(new), f.glyph_hor_advance(old), "{c}");
            assert_eq!(
                s.glyph_hor_side_bearing(new),
                f.glyph_hor_side_bearing(old),
                "{c}"
            );
        }
        assert_eq!(
            s.glyph_index('国'),
            None,
            "only the used characters are mapped"
        );
    }

    #[test]
    fn maps_scattered_characters_through_few_segments() {
        let text = "A1，。、“”一丁中国龥！～";
        let used: BTreeMap<char, u16> = text.chars().zip(1..).collect();
        let cmap = small_cmap(&used);
        let table = ttf_parser::cmap::Table::parse(&cmap).unwrap();
        let sub = table.subtables.get(0).unwrap();
        for (&c, &g) in &used {
            assert_eq!(
                sub.glyph_index(u32::from(c)),
                Some(ttf_parser::GlyphId(g)),
                "{c}"
            );
        }
        for c in ['B', '丂', '乙', '０'] {
            assert_eq!(sub.glyph_index(u32::from(c)), None, "{c} is not mapped");
        }
        let segments = |cmap: &[u8]| u16::from_be_bytes([cmap[12 + 6], cmap[12 + 7]]) / 2;
        assert!(segments(&cmap) <= 8, "{} segments", segments(&cmap));
        // The seed's 600-odd characters: a handful of segments, not one each.
        let seed = std::fs::read_to_string("fixtures/seed.md").unwrap();
        let used: BTreeMap<char, u16> = seed.chars().zip(1..).collect();
        let n = segments(&small_cmap(&used));
        assert!(n <= 12, "{n} segments for {} characters", used.len());
    }

    #[test]
    fn finds_the_component_ids_of_a_composite_glyph() {
        let mut g = vec![0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0]; // -1 contours, bbox
        g.extend([0x00, 0x21, 0, 5, 0, 1, 0, 2]); // MORE | word args, glyph 5
        g.extend([0x00, 0x08, 0, 7, 1, 2, 0x40, 0]); // byte args, scale, glyph 7
        assert_eq!(component_ids(&g), Some(vec![12, 20]));
        let simple = [0u8, 1, 0, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(component_ids(&simple), Some(vec![]));
    }

    #[test]
    fn maps_characters_beyond_the_bmp() {
        let used: BTreeMap<char, u16> = [('中', 7), ('𠮷', 9)].into_iter().collect();
        let cmap = small_cmap(&used);
        let table = ttf_parser::cmap::Table::parse(&cmap).unwrap();
        let find = |c: char| {
            table
                .subtables
                .into_iter()
                .find_map(|t| t.glyph_index(u32::from(c)))
        };
        assert_eq!(find('中'), Some(ttf_parser::GlyphId(7)));
        assert_eq!(find('𠮷'), Some(ttf_parser::GlyphId(9)));
        assert_eq!(find('国'), None);
    }
}
