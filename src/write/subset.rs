//! Keeps only the glyphs a document uses in a TrueType font, before printpdf sees it.
//!
//! printpdf parses the whole font program (64 ms for FandolFang's 7.6 MB) before it
//! subsets; handing it a font whose `glyf` table holds only the used outlines makes that
//! parse cheap. Glyph ids are kept (unused glyphs become empty), so the `cmap` and the
//! ids in the pages stay valid. Other font formats return `None` and are used whole.

use std::collections::BTreeSet;

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

/// A copy of a single-face TrueType font whose `glyf` holds only `gids` (and the
/// components they use, and glyph 0).
pub(crate) fn keep_glyphs(font: &[u8], gids: &BTreeSet<u16>) -> Option<Vec<u8>> {
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
        if data.len() < 10 || (u16_at(data, 0)? as i16) >= 0 {
            continue;
        }
        let mut p = 10;
        loop {
            let flags = u16_at(data, p)?;
            let comp = u16_at(data, p + 2)?;
            if usize::from(comp) < num_glyphs && keep.insert(comp) {
                todo.push(comp);
            }
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
                break;
            }
        }
    }

    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity(4 * (num_glyphs + 1));
    for g in 0..num_glyphs {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        if keep.contains(&(g as u16)) {
            new_glyf.extend_from_slice(glyph(g)?);
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
    let mut new_head = head.to_vec();
    new_head.get_mut(8..12)?.copy_from_slice(&[0; 4]);
    new_head
        .get_mut(50..52)?
        .copy_from_slice(&1u16.to_be_bytes());
    let mut out_tables: Vec<([u8; 4], Vec<u8>)> = Vec::new();
    for tag in KEEP {
        let data = match tag {
            b"glyf" => new_glyf.clone(),
            b"loca" => new_loca.clone(),
            b"head" => new_head.clone(),
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
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&(count as u16).to_be_bytes());
    out.extend_from_slice(&((pow * 16) as u16).to_be_bytes());
    out.extend_from_slice(&(pow.trailing_zeros() as u16).to_be_bytes());
    out.extend_from_slice(&((count * 16 - pow * 16) as u16).to_be_bytes());
    let mut offset = 12 + 16 * count;
    let mut body = Vec::new();
    for (tag, data) in &out_tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        body.extend_from_slice(data);
        while body.len() % 4 != 0 {
            body.push(0);
        }
        offset = 12 + 16 * count + body.len();
    }
    out.extend_from_slice(&body);
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
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_used_outlines_and_the_glyph_ids() {
        let set = crate::FontSet::default_set().unwrap();
        let face = set.face(crate::Role::Fang);
        let f = face.parse();
        let ids: BTreeSet<u16> = "金额万元"
            .chars()
            .filter_map(|c| f.glyph_index(c))
            .map(|g| g.0)
            .collect();
        let small = keep_glyphs(face.bytes(), &ids).expect("TrueType");
        assert!(
            small.len() < face.bytes().len() / 10,
            "{} bytes",
            small.len()
        );
        let s = ttf_parser::Face::parse(&small, 0).unwrap();
        for c in "金额万元".chars() {
            let g = s.glyph_index(c).unwrap();
            assert_eq!(Some(g), f.glyph_index(c));
            assert_eq!(s.glyph_bounding_box(g), f.glyph_bounding_box(g));
        }
        let other = f.glyph_index('国').unwrap();
        assert_eq!(
            s.glyph_bounding_box(other),
            None,
            "unused outlines are gone"
        );
    }
}
