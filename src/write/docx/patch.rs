//! The one patch step over the parts `Docx::build()` returns: what docx-rs cannot say.
//!
//! - the font table names each face with its fallback (`w:altName`: 仿宋, 楷体 …);
//! - the seal is anchored behind the text (`behindDoc`);
//! - a 版记 preceded by a blank page gets a section of its own whose footers are empty
//!   (the content section keeps the odd/even page-number footers);
//! - paragraph ids become sequential (docx-rs draws them from a process-wide counter);
//! - children of `pPr`, `rPr`, `sectPr`, `tblPr`, `tcPr` are put in the order the OOXML
//!   schema requires, which docx-rs does not always follow (Word "repairs" such files);
//! - what else docx-rs writes outside ISO/IEC 29500 (an empty `rPr` in a style's `pPr`,
//!   `w:type` on a grid column, a negative offset as unsigned) is mended;
//! - turned tables get landscape sections, the core properties a title and author.
//!
//! Every part is read and written by quick-xml as a list of events ([`super::xml`]).

use std::ops::Range;

use docx_rs::XMLDocx;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::xml::{self, Ev};
use crate::fonts::Role;

/// Schema order (ECMA-376 Part 1, §17) of the children of the elements we reorder.
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
            "w:suppressLineNumbers",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
            "w:pPrChange",
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
            "w:caps",
            "w:smallCaps",
            "w:strike",
            "w:dstrike",
            "w:outline",
            "w:shadow",
            "w:emboss",
            "w:imprint",
            "w:noProof",
            "w:snapToGrid",
            "w:vanish",
            "w:webHidden",
            "w:color",
            "w:spacing",
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
            "w:ins",
            "w:del",
            "w:rPrChange",
        ],
    ),
    (
        "w:settings",
        &[
            "w:writeProtection",
            "w:view",
            "w:zoom",
            "w:removePersonalInformation",
            "w:removeDateAndTime",
            "w:mirrorMargins",
            "w:proofState",
            "w:defaultTabStop",
            "w:autoHyphenation",
            "w:evenAndOddHeaders",
            "w:characterSpacingControl",
            "w:noLineBreaksAfter",
            "w:noLineBreaksBefore",
            "w:updateFields",
            "w:footnotePr",
            "w:endnotePr",
            "w:compat",
            "w:docVars",
            "w:rsids",
            "w:themeFontLang",
            "w:decimalSymbol",
            "w:listSeparator",
        ],
    ),
    (
        "w:sectPr",
        &[
            "w:headerReference",
            "w:footerReference",
            "w:footnotePr",
            "w:endnotePr",
            "w:type",
            "w:pgSz",
            "w:pgMar",
            "w:paperSrc",
            "w:pgBorders",
            "w:lnNumType",
            "w:pgNumType",
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
            "w:printerSettings",
            "w:sectPrChange",
        ],
    ),
    (
        "w:tblPr",
        &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblOverlap",
            "w:bidiVisual",
            "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize",
            "w:tblW",
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
        ],
    ),
    (
        "w:style",
        &[
            "w:name",
            "w:aliases",
            "w:basedOn",
            "w:next",
            "w:link",
            "w:autoRedefine",
            "w:hidden",
            "w:uiPriority",
            "w:semiHidden",
            "w:unhideWhenUsed",
            "w:qFormat",
            "w:locked",
            "w:personal",
            "w:personalCompose",
            "w:personalReply",
            "w:rsid",
            "w:pPr",
            "w:rPr",
            "w:tblPr",
            "w:trPr",
            "w:tcPr",
            "w:tblStylePr",
        ],
    ),
    (
        "w:tcPr",
        &[
            "w:cnfStyle",
            "w:tcW",
            "w:gridSpan",
            "w:hMerge",
            "w:vMerge",
            "w:tcBorders",
            "w:shd",
            "w:noWrap",
            "w:tcMar",
            "w:textDirection",
            "w:tcFitText",
            "w:vAlign",
            "w:hideMark",
        ],
    ),
];

/// Puts the children of the elements in [`ORDER`] in schema order, keeping the order
/// of those the schema ranks alike. Events move; none is copied.
fn reorder(mut ev: Vec<Ev>) -> Vec<Ev> {
    fn visit(ev: &[Ev], range: Range<usize>, out: &mut Vec<usize>) {
        let mut i = range.start;
        while i < range.end {
            let end = xml::close(ev, i);
            out.push(i);
            if end > i {
                let mut kids = xml::children(ev, i);
                let tag = xml::name(&ev[i]);
                if let Some((_, order)) = ORDER.iter().find(|(e, _)| e.as_bytes() == tag) {
                    let rank = |r: &Range<usize>| {
                        let n = xml::name(&ev[r.start]);
                        order
                            .iter()
                            .position(|o| o.as_bytes() == n)
                            .unwrap_or(order.len())
                    };
                    kids.sort_by_key(rank);
                }
                for k in kids {
                    visit(ev, k, out);
                }
                out.push(end);
            }
            i = end + 1;
        }
    }
    let mut order = Vec::with_capacity(ev.len());
    visit(&ev, 0..ev.len(), &mut order);
    order
        .into_iter()
        .map(|i| std::mem::replace(&mut ev[i], Event::Eof))
        .collect()
}

fn font_table() -> Vec<u8> {
    let mut fonts = Vec::new();
    for role in Role::ALL {
        let family = if role == Role::Hei { "modern" } else { "roman" };
        fonts.extend(xml::el(
            "w:font",
            &[("w:name", role.office_name())],
            [
                xml::el("w:altName", &[("w:val", role.office_alt_name())], vec![]),
                xml::el("w:charset", &[("w:val", "86")], vec![]),
                xml::el("w:family", &[("w:val", family)], vec![]),
                xml::el("w:pitch", &[("w:val", "variable")], vec![]),
            ]
            .concat(),
        ));
    }
    fonts.extend(xml::el(
        "w:font",
        &[("w:name", "Times New Roman")],
        [
            xml::el("w:charset", &[("w:val", "00")], vec![]),
            xml::el("w:family", &[("w:val", "roman")], vec![]),
            xml::el("w:pitch", &[("w:val", "variable")], vec![]),
        ]
        .concat(),
    ));
    let mut ev = vec![declaration()];
    ev.extend(xml::el(
        "w:fonts",
        &[("xmlns:r", NS_R), ("xmlns:w", NS_W)],
        fonts,
    ));
    xml::write(&ev)
}

const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn declaration() -> Ev {
    Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), Some("yes")))
}

/// The child elements of a section's properties, each as its events.
type Section = Vec<Vec<Ev>>;

/// The children of the `sectPr` at `i`.
fn section(ev: &[Ev], i: usize) -> Section {
    xml::children(ev, i)
        .into_iter()
        .map(|r| ev[r].to_vec())
        .collect()
}

/// A section's properties without the children named `names`.
fn without(sect: &Section, names: &[&str]) -> Section {
    sect.iter()
        .filter(|c| !names.iter().any(|n| xml::is(&c[0], n)))
        .cloned()
        .collect()
}

/// The `rId` of a section's reference of a kind (`header`, `footer`) and type
/// (`default`, `even`, `first`).
fn ref_id(sect: &Section, kind: &str, t: &str) -> Result<String, String> {
    let tag = format!("w:{kind}Reference");
    sect.iter()
        .find(|c| xml::is(&c[0], &tag) && xml::attr(&c[0], "w:type").as_deref() == Some(t))
        .and_then(|c| xml::attr(&c[0], "r:id"))
        .ok_or(format!("no {t} {kind}"))
}

fn reference(kind: &str, t: &str, rid: &str) -> Vec<Ev> {
    xml::el(
        &format!("w:{kind}Reference"),
        &[("w:type", t), ("r:id", rid)],
        vec![],
    )
}

/// The `w:body` element and the event ranges of its children.
fn body(ev: &[Ev]) -> Result<(usize, Vec<Range<usize>>), String> {
    let b = xml::find(ev, "w:body").ok_or("no w:body")?;
    Ok((b, xml::children(ev, b)))
}

/// The last `sectPr` among the body's children: the document's final section.
fn final_section(ev: &[Ev], kids: &[Range<usize>]) -> Result<usize, String> {
    kids.iter()
        .rev()
        .map(|r| r.start)
        .find(|&i| xml::is(&ev[i], "w:sectPr"))
        .ok_or_else(|| "no final section".into())
}

/// Whether the paragraph at `p` ends a section already.
fn ends_section(ev: &[Ev], p: usize) -> bool {
    xml::child(ev, p, "w:pPr").is_some_and(|r| xml::child(ev, r.start, "w:sectPr").is_some())
}

/// A change to the body, applied after every change at a later event.
enum Edit {
    /// The paragraph at the index ends a section with these properties.
    EndSection(Section),
    /// An empty paragraph ending a section with these properties goes before the index.
    ParagraphBefore(Section),
    /// The `sectPr` at the index gets these children.
    Replace(Section),
}

fn apply(ev: &mut Vec<Ev>, mut edits: Vec<(usize, Edit)>) {
    edits.sort_by_key(|(i, _)| std::cmp::Reverse(*i));
    for (i, edit) in edits {
        match edit {
            Edit::EndSection(s) => {
                let sect = xml::el("w:sectPr", &[], s.concat());
                match xml::child(ev, i, "w:pPr") {
                    Some(ppr) => xml::append(ev, ppr.start, sect),
                    None => xml::prepend(ev, i, xml::el("w:pPr", &[], sect)),
                }
            }
            Edit::ParagraphBefore(s) => {
                let sect = xml::el("w:sectPr", &[], s.concat());
                let p = xml::el("w:p", &[], xml::el("w:pPr", &[], sect));
                ev.splice(i..i, p);
            }
            Edit::Replace(s) => xml::replace_children(ev, i, s.concat()),
        }
    }
}

/// Splits off the 版记 section: the last content paragraph before the section mark gets
/// a `sectPr` with the page-number footers; the final `sectPr` points at the empty footer.
fn colophon_section(ev: &mut Vec<Ev>) -> Result<(), String> {
    let (_, kids) = body(ev)?;
    let last = final_section(ev, &kids)?;
    let sect = section(ev, last);
    let rid = |t: &str| ref_id(&sect, "footer", t);
    let (odd, even, empty) = (rid("default")?, rid("even")?, rid("first")?);
    let rest = without(&sect, &["w:footerReference"]);
    let with = |odd: &str, even: &str| -> Section {
        let mut s = vec![
            reference("footer", "default", odd),
            reference("footer", "even", even),
        ];
        s.extend(rest.iter().cloned());
        s
    };
    let mut edits = vec![(last, Edit::Replace(with(&empty, &empty)))];
    // Before the 版记 table: the spacer, before it the empty paragraph that opens the
    // section on the blank page, before that the body's last paragraph, which ends the
    // numbered section.
    let tbl = kids
        .iter()
        .rposition(|r| xml::is(&ev[r.start], "w:tbl"))
        .ok_or("no 版记 table")?;
    let para_before = |end: usize| {
        kids[..end]
            .iter()
            .rposition(|r| xml::is(&ev[r.start], "w:p"))
    };
    let prev = para_before(tbl)
        .and_then(para_before)
        .and_then(para_before)
        .ok_or("no content paragraph")?;
    // A turned table's section may end right there already.
    let p = kids[prev].start;
    if !ends_section(ev, p) {
        edits.push((p, Edit::EndSection(with(&odd, &even))));
    }
    apply(ev, edits);
    Ok(())
}

/// The `w:pStyle` of the paragraph at `p`, if it names `style`.
fn styled(ev: &[Ev], p: usize, style: &str) -> Option<usize> {
    let ppr = xml::child(ev, p, "w:pPr")?;
    let s = xml::child(ev, ppr.start, "w:pStyle")?.start;
    (xml::attr(&ev[s], "w:val").as_deref() == Some(style)).then_some(s)
}

/// Puts each turned table (STD 8) in a landscape section of its own: the paragraph
/// before it ends the upright section, the [`super::TURNED_END`] paragraph after it
/// ends the turned one (or the document, when nothing follows). The turned section's
/// page numbers are in its headers (turned text boxes), its footers are empty and it
/// has no line grid (the rows have the layout's heights); every other section has the
/// empty header, and only the first keeps a `titlePg`.
fn turned_sections(ev: &mut Vec<Ev>) -> Result<(), String> {
    use crate::spec::{
        twips, DOCX_HEADER_TWIPS, PAGE_H, PAGE_W, TURNED_BOTTOM, TURNED_LEFT, TURNED_RIGHT,
        TURNED_TOP,
    };
    let (_, kids) = body(ev)?;
    let last = final_section(ev, &kids)?;
    let original = section(ev, last);
    let rid = |kind: &str, t: &str| ref_id(&original, kind, t);
    let empty = rid("header", "first")?;
    let mut upright = without(&original, &["w:headerReference"]);
    upright.extend(["default", "even", "first"].map(|t| reference("header", t, &empty)));
    let later = without(&upright, &["w:titlePg"]);
    let mut turned = without(
        &later,
        &[
            "w:headerReference",
            "w:footerReference",
            "w:pgSz",
            "w:pgMar",
            "w:docGrid",
        ],
    );
    let empty_footer = rid("footer", "first")?;
    let (width, height) = (twips(PAGE_H).to_string(), twips(PAGE_W).to_string());
    let margins =
        [TURNED_TOP, TURNED_RIGHT, TURNED_BOTTOM, TURNED_LEFT].map(|m| twips(m).to_string());
    let header = DOCX_HEADER_TWIPS.to_string();
    turned.extend([
        reference("header", "default", &rid("header", "default")?),
        reference("header", "even", &rid("header", "even")?),
        reference("footer", "default", &empty_footer),
        reference("footer", "even", &empty_footer),
        xml::el(
            "w:pgSz",
            &[("w:w", &width), ("w:h", &height), ("w:orient", "landscape")],
            vec![],
        ),
        // Its footers are empty: Word's default distance, as for the headers.
        xml::el(
            "w:pgMar",
            &[
                ("w:top", &margins[0]),
                ("w:right", &margins[1]),
                ("w:bottom", &margins[2]),
                ("w:left", &margins[3]),
                ("w:header", &header),
                ("w:footer", &header),
                ("w:gutter", "0"),
            ],
            vec![],
        ),
    ]);
    let mut final_children = later.clone();
    let mut edits = Vec::new();
    let mut ended = Vec::new();
    let mut first = true;
    for (k, r) in kids.iter().enumerate() {
        let Some(style) = styled(ev, r.start, super::TURNED_END) else {
            continue;
        };
        xml::set_attr(&mut ev[style], "w:val", Some("GwBody"));
        let table = k
            .checked_sub(1)
            .filter(|&t| xml::is(&ev[kids[t].start], "w:tbl"))
            .ok_or("a turned table's end without its table")?;
        let more = kids[k + 1..]
            .iter()
            .any(|n| xml::is(&ev[n.start], "w:p") || xml::is(&ev[n.start], "w:tbl"));
        if more {
            edits.push((r.start, Edit::EndSection(turned.clone())));
            ended.push(k);
        } else {
            // A section of its own after the table would be an empty page.
            final_children = turned.clone();
        }
        let sect = if std::mem::take(&mut first) {
            upright.clone()
        } else {
            later.clone()
        };
        match table.checked_sub(1) {
            Some(p) if xml::is(&ev[kids[p].start], "w:p") => {
                if !ends_section(ev, kids[p].start) && !ended.contains(&p) {
                    edits.push((kids[p].start, Edit::EndSection(sect)));
                    ended.push(p);
                }
            }
            _ => edits.push((kids[table].start, Edit::ParagraphBefore(sect))),
        }
    }
    edits.push((last, Edit::Replace(final_children)));
    apply(ev, edits);
    Ok(())
}

/// The header row of every data table (the fixed-layout tables: the layout's GFM
/// tables) repeats on each page the table spans (`w:tblHeader`, which docx-rs cannot
/// write).
fn repeat_table_headers(ev: &mut Vec<Ev>) {
    for t in xml::all(ev, "w:tbl").into_iter().rev() {
        let fixed = xml::child(ev, t, "w:tblPr")
            .is_some_and(|p| xml::child(ev, p.start, "w:tblLayout").is_some());
        let tr_pr = xml::child(ev, t, "w:tr").and_then(|r| xml::child(ev, r.start, "w:trPr"));
        if let (true, Some(tr_pr)) = (fixed, tr_pr) {
            xml::append(ev, tr_pr.start, xml::el("w:tblHeader", &[], vec![]));
        }
    }
}

/// The text of the `w:t` element at `t`, unescaped.
fn text_of(ev: &[Ev], t: usize) -> Option<String> {
    let mut raw = String::new();
    for e in &ev[t + 1..xml::close(ev, t)] {
        match e {
            Event::Text(s) => raw.push_str(std::str::from_utf8(s).ok()?),
            Event::GeneralRef(r) => raw.push_str(&format!("&{};", std::str::from_utf8(r).ok()?)),
            _ => return None,
        }
    }
    quick_xml::escape::unescape(&raw)
        .ok()
        .map(|s| s.into_owned())
}

/// Runs holding characters their face lacks are split so that those characters name
/// the face the layout drew them with (a word processor would pick a fallback of its own:
/// LibreOffice took a Japanese sans for 仿宋 text).
fn fallback_runs(ev: &mut Vec<Ev>, fallbacks: &[(char, Role, String)]) {
    for r in xml::all(ev, "w:r").into_iter().rev() {
        if let Some(runs) = split_run(ev, r, fallbacks) {
            let end = xml::close(ev, r);
            ev.splice(r..=end, runs);
        }
    }
}

/// The runs the run at `r` becomes when its text holds fallback characters of its role.
fn split_run(ev: &[Ev], r: usize, fallbacks: &[(char, Role, String)]) -> Option<Vec<Ev>> {
    let rpr = xml::child(ev, r, "w:rPr")?;
    let fonts = xml::child(ev, rpr.start, "w:rFonts")?.start;
    let east = xml::attr(&ev[fonts], "w:eastAsia")?;
    let role = Role::ALL.into_iter().find(|r| r.office_name() == east)?;
    let t = xml::child(ev, r, "w:t")?;
    let text = text_of(ev, t.start)?;
    let family = |c: char| {
        fallbacks
            .iter()
            .find(|(ch, r, _)| *ch == c && *r == role)
            .map(|(_, _, f)| f.as_str())
    };
    if !text.chars().any(|c| family(c).is_some()) {
        return None;
    }
    // Segments of one face: None for the role's own.
    let mut segments: Vec<(Option<&str>, String)> = Vec::new();
    for c in text.chars() {
        let f = family(c);
        match segments.last_mut() {
            Some((g, s)) if *g == f => s.push(c),
            _ => segments.push((f, c.to_string())),
        }
    }
    let run = &ev[r..=xml::close(ev, r)];
    let (fonts, t) = (fonts - r, t.start - r);
    let mut out = Vec::new();
    for (f, s) in segments {
        let mut copy = run.to_vec();
        if let Some(f) = f {
            for key in ["w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"] {
                if xml::attr(&copy[fonts], key).as_deref() == Some(role.office_name()) {
                    xml::set_attr(&mut copy[fonts], key, Some(f));
                }
            }
        }
        xml::replace_children(
            &mut copy,
            t,
            vec![Event::Text(BytesText::new(&s).into_owned())],
        );
        out.extend(copy);
    }
    Some(out)
}

/// Drops the empty `w:rPr` docx-rs writes in every `w:pPr` (styles, numbering):
/// CT_PPrGeneral has none.
fn remove_empty_rpr_in_ppr(ev: &mut Vec<Ev>) {
    for p in xml::all(ev, "w:pPr").into_iter().rev() {
        for c in xml::children(ev, p).into_iter().rev() {
            if xml::is(&ev[c.start], "w:rPr") && c.len() <= 2 {
                ev.drain(c);
            }
        }
        if let (Event::Start(s), Some(Event::End(_))) = (&ev[p], ev.get(p + 1)) {
            ev[p] = Event::Empty(s.clone());
            ev.remove(p + 1);
        }
    }
}

/// Edits one part: parse, `f`, schema order, sequential paragraph ids (docx-rs draws
/// them from a process-wide counter), write.
fn edit(
    part: &mut Vec<u8>,
    f: impl FnOnce(&mut Vec<Ev>) -> Result<(), String>,
) -> Result<(), String> {
    let mut ev = xml::read(part)?;
    f(&mut ev)?;
    let mut ev = reorder(ev);
    let mut n = 0u32;
    for e in ev.iter_mut().filter(|e| xml::is(e, "w:p")) {
        if xml::attr(e, "w14:paraId").is_some() {
            n += 1;
            xml::set_attr(e, "w14:paraId", Some(&format!("{n:08X}")));
        }
    }
    *part = xml::write(&ev);
    Ok(())
}

/// What the patch needs to know about the document.
pub(super) struct Options<'a> {
    /// The 版记 has a section of its own (after a blank page).
    pub colophon_section: bool,
    /// Page 1 shows its number (every form but the letter, 10.1), so the `titlePg` that
    /// docx-rs writes for the (empty) first-page footer goes.
    pub first_page_number: bool,
    /// Characters drawn with another face than their role's.
    pub fallbacks: &'a [(char, Role, String)],
    /// The odd and even headers' paragraphs of turned pages (their page numbers).
    pub turned: Option<[String; 2]>,
    /// The document's title and author for the core properties.
    pub info: &'a crate::write::Info,
}

pub(super) fn patch(parts: &mut XMLDocx, o: Options) -> Result<(), String> {
    let Options {
        colophon_section: colophon_section_needed,
        first_page_number,
        fallbacks,
        turned,
        info,
    } = o;
    parts.font_table = font_table();
    // docx-rs names no title and "unknown" as creator.
    edit(&mut parts.doc_props.core, |ev| {
        let creator = xml::find(ev, "dc:creator").ok_or("no dc:creator")?;
        let text = |s: &str| vec![Event::Text(BytesText::new(s).into_owned())];
        xml::replace_children(ev, creator, text(&info.author));
        let modifier = xml::find(ev, "cp:lastModifiedBy").ok_or("no cp:lastModifiedBy")?;
        xml::replace_children(ev, modifier, text("gongwen"));
        ev.splice(
            creator..creator,
            xml::el("dc:title", &[], text(&info.title)),
        );
        Ok(())
    })?;
    if let Some(paras) = &turned {
        for (part, para) in parts.headers.iter_mut().zip(paras) {
            *part = format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr xmlns:r="{NS_R}" xmlns:w="{NS_W}" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="w14">{para}</w:hdr>"#
            )
            .into_bytes();
        }
    }
    edit(&mut parts.document, |ev| {
        for i in xml::all(ev, "wp:anchor") {
            xml::set_attr(&mut ev[i], "behindDoc", Some("1"));
        }
        signed_offsets(ev);
        if first_page_number {
            xml::remove_all(ev, "w:titlePg");
        }
        if turned.is_some() {
            turned_sections(ev)?;
        }
        if colophon_section_needed {
            colophon_section(ev)?;
        }
        repeat_table_headers(ev);
        for g in xml::all(ev, "w:gridCol") {
            // CT_TblGridCol has a width only; docx-rs adds `w:type`.
            xml::set_attr(&mut ev[g], "w:type", None);
        }
        if !fallbacks.is_empty() {
            fallback_runs(ev, fallbacks);
        }
        if !first_page_number {
            // `titlePg` without a first-page footer gives page 1 a blank one (ECMA-376
            // 17.10.5); LibreOffice moves page 1's text down ~5 mm when the empty
            // footer part is referenced instead.
            let (_, kids) = body(ev)?;
            let sections: Vec<usize> = kids
                .iter()
                .map(|r| r.start)
                .filter(|&i| xml::is(&ev[i], "w:sectPr"))
                .collect();
            for s in sections.into_iter().rev() {
                for c in xml::children(ev, s).into_iter().rev() {
                    let first = xml::attr(&ev[c.start], "w:type").as_deref() == Some("first");
                    if xml::is(&ev[c.start], "w:footerReference") && first {
                        ev.drain(c);
                    }
                }
            }
        }
        Ok(())
    })?;
    // LibreOffice maps `overflowPunct` the other way round from Word: val="0" turns its
    // hanging punctuation on (sw/source/writerfilter/dmapper/DomainMapper.cxx:
    // PROP_PARA_IS_HANGING_PUNCTUATION = (value == 0)). val="1" keeps a line-final "，"
    // inside the 版心, pulling a character down as our PDF does.
    edit(&mut parts.styles, |ev| {
        let defaults = xml::find(ev, "w:pPrDefault").ok_or("styles.xml has no pPrDefault")?;
        let punct = xml::el("w:overflowPunct", &[("w:val", "1")], vec![]);
        match xml::child(ev, defaults, "w:pPr") {
            Some(ppr) => xml::append(ev, ppr.start, punct),
            None => xml::append(ev, defaults, xml::el("w:pPr", &[], punct)),
        }
        remove_empty_rpr_in_ppr(ev);
        Ok(())
    })?;
    edit(&mut parts.numberings, |ev| {
        remove_empty_rpr_in_ppr(ev);
        Ok(())
    })?;
    for part in parts
        .footers
        .iter_mut()
        .chain(parts.headers.iter_mut())
        .chain([&mut parts.settings])
    {
        edit(part, |_| Ok(()))?;
    }
    Ok(())
}

/// docx-rs writes a negative `wp:posOffset` as its unsigned 32-bit pattern; write it signed.
fn signed_offsets(ev: &mut [Ev]) {
    for i in xml::all(ev, "wp:posOffset") {
        let Some(Event::Text(t)) = ev.get(i + 1) else {
            continue;
        };
        let v = std::str::from_utf8(t)
            .ok()
            .and_then(|s| s.parse::<i64>().ok());
        if let Some(v) = v.filter(|&v| v > i64::from(i32::MAX)) {
            ev[i + 1] = Event::Text(BytesText::new(&(v - (1i64 << 32)).to_string()).into_owned());
        }
    }
}
