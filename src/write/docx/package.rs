//! The DOCX zip, written with fixed timestamps and a fixed part order, so the same
//! report gives the same bytes.

use docx_rs::XMLDocx;

pub(super) fn pack(x: XMLDocx) -> Result<Vec<u8>, String> {
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), x.content_type),
        ("_rels/.rels".into(), x.rels),
        ("docProps/app.xml".into(), x.doc_props.app),
        ("docProps/core.xml".into(), x.doc_props.core),
        ("docProps/custom.xml".into(), x.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), x.document_rels),
        ("word/document.xml".into(), x.document),
        ("word/styles.xml".into(), x.styles),
        ("word/settings.xml".into(), x.settings),
        ("word/fontTable.xml".into(), x.font_table),
        ("word/comments.xml".into(), x.comments),
        ("word/numbering.xml".into(), x.numberings),
        ("word/commentsExtended.xml".into(), x.comments_extended),
        ("word/footnotes.xml".into(), x.footnotes),
    ];
    for (kind, list, rels) in [
        ("header", x.headers, &x.header_rels),
        ("footer", x.footers, &x.footer_rels),
    ] {
        for (i, f) in list.into_iter().enumerate() {
            parts.push((format!("word/{kind}{}.xml", i + 1), f));
            if let Some(r) = rels.get(i) {
                parts.push((format!("word/_rels/{kind}{}.xml.rels", i + 1), r.clone()));
            }
        }
    }
    // Parts nothing refers to (docx-rs writes comments, numbering and footnotes always)
    // stay out, with their content types.
    let rels = String::from_utf8_lossy(&parts[5].1).into_owned();
    let orphan = |name: &str| {
        name.strip_prefix("word/")
            .filter(|n| !n.contains('/') && *n != "document.xml")
            .is_some_and(|n| !rels.contains(&format!("Target=\"{n}\"")))
    };
    let dropped: Vec<String> = parts
        .iter()
        .map(|(n, _)| n.clone())
        .filter(|n| orphan(n))
        .collect();
    parts.retain(|(n, _)| !dropped.contains(n));
    let mut types = String::from_utf8_lossy(&parts[0].1).into_owned();
    for n in &dropped {
        let key = format!("<Override PartName=\"/{n}\"");
        if let Some(start) = types.find(&key) {
            let end = start + types[start..].find("/>").map_or(0, |e| e + 2);
            types.replace_range(start..end, "");
        }
    }
    parts[0].1 = types.into_bytes();
    let mut jpeg = false;
    for (id, bytes) in x.media {
        // docx-rs names every picture .png; a JPEG keeps its bytes and gets its own name.
        let ext = if crate::read::resources::is_jpeg(&bytes) {
            "jpeg"
        } else {
            "png"
        };
        if ext == "jpeg" {
            jpeg = true;
            let from = format!("media/{id}.png");
            let to = format!("media/{id}.jpeg");
            for (name, data) in parts.iter_mut() {
                if name.ends_with(".rels") {
                    *data = String::from_utf8_lossy(data)
                        .replace(&from, &to)
                        .into_bytes();
                }
            }
        }
        parts.push((format!("word/media/{id}.{ext}"), bytes));
    }
    if jpeg {
        let ct = &mut parts[0].1;
        let s = String::from_utf8_lossy(ct).replacen(
            "<Default ",
            "<Default Extension=\"jpeg\" ContentType=\"image/jpeg\" /><Default ",
            1,
        );
        *ct = s.into_bytes();
    }
    super::super::zip(parts)
}
