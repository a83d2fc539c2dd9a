//! The one patch step over the parts `Docx::build()` returns: what docx-rs cannot say.
//!
//! - the font table names each face with its fallback (`w:altName`: 仿宋, 楷体 …);
//! - the seal is anchored behind the text (`behindDoc`);
//! - a 版记 preceded by a blank page gets a section of its own whose footers are empty
//!   (the content section keeps the odd/even page-number footers);
//! - paragraph ids become sequential (docx-rs draws them from a process-wide counter);
//! - children of `pPr`, `rPr`, `sectPr`, `tblPr`, `tcPr` are put in the order the OOXML
//!   schema requires, which docx-rs does not always follow (Word "repairs" such files).

use docx_rs::XMLDocx;

use crate::fonts::Role;

/// Schema order (ECMA-376 Part 1, §17) of the children of the elements we reorder.
pub(crate) const ORDER: &[(&str, &[&str])] = &[
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

/// A minimal XML tree over the well-formed output of docx-rs.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    El {
        name: String,
        attrs: String,
        children: Vec<Node>,
    },
    Text(String),
}

pub(crate) fn parse(xml: &str) -> Result<(String, Vec<Node>), String> {
    let (prolog, body) = match xml.find("?>") {
        Some(i) if xml.starts_with("<?xml") => (&xml[..i + 2], &xml[i + 2..]),
        _ => ("", xml),
    };
    let mut stack: Vec<(String, String, Vec<Node>)> =
        vec![(String::new(), String::new(), Vec::new())];
    let mut rest = body;
    while !rest.is_empty() {
        if let Some(stripped) = rest.strip_prefix('<') {
            let end = stripped.find('>').ok_or("unclosed tag")?;
            let tag = &stripped[..end];
            rest = &stripped[end + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                let (n, a, c) = stack.pop().ok_or("unbalanced")?;
                if n != name.trim() {
                    return Err(format!("mismatched </{name}> for <{n}>"));
                }
                stack.last_mut().ok_or("unbalanced")?.2.push(Node::El {
                    name: n,
                    attrs: a,
                    children: c,
                });
            } else {
                let self_closing = tag.ends_with('/');
                let tag = tag.trim_end_matches('/');
                let (name, attrs) = tag.split_once(char::is_whitespace).unwrap_or((tag, ""));
                if self_closing {
                    stack.last_mut().ok_or("unbalanced")?.2.push(Node::El {
                        name: name.into(),
                        attrs: attrs.trim().into(),
                        children: Vec::new(),
                    });
                } else {
                    stack.push((name.into(), attrs.trim().into(), Vec::new()));
                }
            }
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            stack
                .last_mut()
                .ok_or("unbalanced")?
                .2
                .push(Node::Text(rest[..end].into()));
            rest = &rest[end..];
        }
    }
    if stack.len() != 1 {
        return Err("unclosed element".into());
    }
    Ok((prolog.into(), stack.pop().map(|s| s.2).unwrap_or_default()))
}

pub(crate) fn serialize(prolog: &str, nodes: &[Node]) -> String {
    fn walk(n: &Node, out: &mut String) {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::El {
                name,
                attrs,
                children,
            } => {
                out.push('<');
                out.push_str(name);
                if !attrs.is_empty() {
                    out.push(' ');
                    out.push_str(attrs);
                }
                if children.is_empty() {
                    out.push_str(" />");
                } else {
                    out.push('>');
                    children.iter().for_each(|c| walk(c, out));
                    out.push_str("</");
                    out.push_str(name);
                    out.push('>');
                }
            }
        }
    }
    let mut out = prolog.to_string();
    nodes.iter().for_each(|n| walk(n, &mut out));
    out
}

fn reorder(nodes: &mut [Node]) {
    for n in nodes {
        if let Node::El { name, children, .. } = n {
            if let Some((_, order)) = ORDER.iter().find(|(e, _)| e == name) {
                let rank = |c: &Node| match c {
                    Node::El { name, .. } => {
                        order.iter().position(|o| o == name).unwrap_or(order.len())
                    }
                    Node::Text(_) => order.len(),
                };
                children.sort_by_key(rank);
            }
            reorder(children);
        }
    }
}

fn font_table() -> Vec<u8> {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    );
    for role in Role::ALL {
        s.push_str(&format!(
            r#"<w:font w:name="{}"><w:altName w:val="{}" /><w:charset w:val="86" /><w:family w:val="{}" /><w:pitch w:val="variable" /></w:font>"#,
            role.office_name(),
            role.office_alt_name(),
            if role == Role::Hei { "modern" } else { "roman" }
        ));
    }
    s.push_str(r#"<w:font w:name="Times New Roman"><w:charset w:val="00" /><w:family w:val="roman" /><w:pitch w:val="variable" /></w:font></w:fonts>"#);
    s.into_bytes()
}

/// The `rId` of a `sectPr`'s reference of a kind (`header`, `footer`) and type
/// (`default`, `even`, `first`).
fn ref_id(sect: &[Node], kind: &str, t: &str) -> Result<String, String> {
    section_refs(sect)
        .into_iter()
        .find(|(k, ty, _)| k == kind && ty == t)
        .map(|(_, _, r)| r)
        .ok_or(format!("no {t} {kind}"))
}

/// Each header and footer reference of a `sectPr`: (`header`|`footer`, type, `rId`).
fn section_refs(sect: &[Node]) -> Vec<(String, String, String)> {
    sect.iter()
        .filter_map(|n| match n {
            Node::El { name, attrs, .. }
                if name == "w:footerReference" || name == "w:headerReference" =>
            {
                let get = |k: &str| {
                    attrs
                        .split(&format!("{k}=\""))
                        .nth(1)
                        .and_then(|r| r.split('"').next())
                        .map(str::to_string)
                };
                let kind = name.trim_start_matches("w:").trim_end_matches("Reference");
                Some((kind.to_string(), get("w:type")?, get("r:id")?))
            }
            _ => None,
        })
        .collect()
}

fn footer_ref(kind: &str, rid: &str) -> Node {
    Node::El {
        name: "w:footerReference".into(),
        attrs: format!("w:type=\"{kind}\" r:id=\"{rid}\""),
        children: Vec::new(),
    }
}

/// Splits off the 版记 section: the last content paragraph before the section mark gets
/// a `sectPr` with the page-number footers; the final `sectPr` points at the empty footer.
fn colophon_section(body: &mut [Node]) -> Result<(), String> {
    let Some(Node::El {
        children: final_sect,
        ..
    }) = body
        .iter()
        .rev()
        .find(|n| matches!(n, Node::El { name, .. } if name == "w:sectPr"))
        .cloned()
    else {
        return Err("no final section".into());
    };
    let rid = |t: &str| ref_id(&final_sect, "footer", t);
    let (odd, even, empty) = (rid("default")?, rid("even")?, rid("first")?);
    let strip = |s: &[Node]| -> Vec<Node> {
        s.iter()
            .filter(|n| !matches!(n, Node::El { name, .. } if name == "w:footerReference"))
            .cloned()
            .collect()
    };
    let mut first_sect = vec![footer_ref("default", &odd), footer_ref("even", &even)];
    first_sect.extend(strip(&final_sect));
    let mut last_sect = vec![footer_ref("default", &empty), footer_ref("even", &empty)];
    last_sect.extend(strip(&final_sect));
    for n in body.iter_mut() {
        if let Node::El { name, children, .. } = n {
            if name == "w:sectPr" {
                *children = last_sect.clone();
            }
        }
    }
    // Before the 版记 table: the spacer, before it the empty paragraph that opens the
    // section on the blank page, before that the body's last paragraph, which ends the
    // numbered section.
    let tbl = body
        .iter()
        .rposition(|n| matches!(n, Node::El { name, .. } if name == "w:tbl"))
        .ok_or("no 版记 table")?;
    let para_before = |end: usize| {
        body[..end]
            .iter()
            .rposition(|n| matches!(n, Node::El { name, .. } if name == "w:p"))
    };
    let prev = para_before(tbl)
        .and_then(para_before)
        .and_then(para_before)
        .ok_or("no content paragraph")?;
    // A turned table's section may end right there already.
    if section_of(&body[prev]).is_none() {
        end_section(&mut body[prev], first_sect);
    }
    Ok(())
}

/// The `sectPr` a paragraph ends, if it ends one.
fn section_of(p: &Node) -> Option<&Vec<Node>> {
    let Node::El { children, .. } = p else {
        return None;
    };
    children.iter().find_map(|c| match c {
        Node::El { name, children, .. } if name == "w:pPr" => {
            children.iter().find_map(|s| match s {
                Node::El { name, children, .. } if name == "w:sectPr" => Some(children),
                _ => None,
            })
        }
        _ => None,
    })
}

/// Makes paragraph `p` the last of a section with properties `sect`.
fn end_section(p: &mut Node, sect: Vec<Node>) {
    let sect = Node::El {
        name: "w:sectPr".into(),
        attrs: String::new(),
        children: sect,
    };
    if let Some(c) = ppr(p) {
        c.push(sect);
    } else if let Node::El { children, .. } = p {
        children.insert(
            0,
            Node::El {
                name: "w:pPr".into(),
                attrs: String::new(),
                children: vec![sect],
            },
        );
    }
}

fn is_el(n: &Node, target: &str) -> bool {
    matches!(n, Node::El { name, .. } if name == target)
}

/// Drops the empty `w:rPr` docx-rs writes in every `w:pPr` (styles, numbering).
fn remove_empty_rpr_in_ppr(nodes: &mut [Node]) {
    for n in nodes {
        if let Node::El { name, children, .. } = n {
            if name == "w:pPr" {
                children.retain(|c| {
                    !matches!(c, Node::El { name, children, .. } if name == "w:rPr" && children.is_empty())
                });
            }
            remove_empty_rpr_in_ppr(children);
        }
    }
}

/// `w:gridCol` has a width only (CT_TblGridCol); docx-rs adds `w:type`.
fn grid_widths_only(nodes: &mut [Node]) {
    for n in nodes {
        if let Node::El {
            name,
            attrs,
            children,
        } = n
        {
            if name == "w:gridCol" {
                *attrs = attrs
                    .split_whitespace()
                    .filter(|a| !a.starts_with("w:type="))
                    .collect::<Vec<_>>()
                    .join(" ");
            }
            grid_widths_only(children);
        }
    }
}

/// The children of `p`'s `w:pPr`, if it has one.
fn ppr(p: &mut Node) -> Option<&mut Vec<Node>> {
    let Node::El { children, .. } = p else {
        return None;
    };
    children.iter_mut().find_map(|c| match c {
        Node::El { name, children, .. } if name == "w:pPr" => Some(children),
        _ => None,
    })
}

/// An empty element.
fn empty_el(name: &str, attrs: String) -> Node {
    Node::El {
        name: name.into(),
        attrs,
        children: Vec::new(),
    }
}

/// Puts each turned table (STD 8) in a landscape section of its own: the paragraph
/// before it ends the upright section, the [`super::TURNED_END`] paragraph after it
/// ends the turned one (or the document, when nothing follows). The turned section's
/// page numbers are in its headers (turned text boxes), its footers are empty and it
/// has no line grid (the rows have the layout's heights); every other section has the
/// empty header, and only the first keeps a `titlePg`.
fn turned_sections(body: &mut Vec<Node>) -> Result<(), String> {
    use crate::spec::{
        twips, DOCX_HEADER_TWIPS, PAGE_H, PAGE_W, TURNED_BOTTOM, TURNED_LEFT, TURNED_RIGHT,
        TURNED_TOP,
    };
    let marker = format!("w:val=\"{}\"", super::TURNED_END);
    let Some(Node::El {
        children: final_sect,
        ..
    }) = body.iter_mut().rev().find(|n| is_el(n, "w:sectPr"))
    else {
        return Err("no final section".into());
    };
    let original = final_sect.clone();
    let rid = |kind: &str, t: &str| ref_id(&original, kind, t);
    let header_ref =
        |t: &str, r: &str| empty_el("w:headerReference", format!("w:type=\"{t}\" r:id=\"{r}\""));
    let empty = rid("header", "first")?;
    final_sect.retain(|n| !is_el(n, "w:headerReference"));
    final_sect.extend(["default", "even", "first"].map(|t| header_ref(t, &empty)));
    let upright = final_sect.clone();
    final_sect.retain(|n| !is_el(n, "w:titlePg"));
    let later = final_sect.clone();
    let replaced = [
        "w:headerReference",
        "w:footerReference",
        "w:pgSz",
        "w:pgMar",
        "w:docGrid",
    ];
    let mut turned: Vec<Node> = later
        .iter()
        .filter(|n| !replaced.iter().any(|t| is_el(n, t)))
        .cloned()
        .collect();
    let empty_footer = rid("footer", "first")?;
    turned.extend([
        header_ref("default", &rid("header", "default")?),
        header_ref("even", &rid("header", "even")?),
        footer_ref("default", &empty_footer),
        footer_ref("even", &empty_footer),
        empty_el(
            "w:pgSz",
            format!(
                "w:w=\"{}\" w:h=\"{}\" w:orient=\"landscape\"",
                twips(PAGE_H),
                twips(PAGE_W)
            ),
        ),
        // Its footers are empty: Word's default distance, as for the headers.
        empty_el(
            "w:pgMar",
            format!(
                "w:top=\"{}\" w:right=\"{}\" w:bottom=\"{}\" w:left=\"{}\" w:header=\"{DOCX_HEADER_TWIPS}\" w:footer=\"{DOCX_HEADER_TWIPS}\" w:gutter=\"0\"",
                twips(TURNED_TOP),
                twips(TURNED_RIGHT),
                twips(TURNED_BOTTOM),
                twips(TURNED_LEFT),
            ),
        ),
    ]);
    let mut first = true;
    let mut i = 0;
    while i < body.len() {
        let style = ppr(&mut body[i]).and_then(|c| {
            c.iter_mut().find_map(|s| match s {
                Node::El { name, attrs, .. } if name == "w:pStyle" && attrs.contains(&marker) => {
                    Some(attrs)
                }
                _ => None,
            })
        });
        let Some(style) = style else {
            i += 1;
            continue;
        };
        *style = "w:val=\"GwBody\"".into();
        let table = i
            .checked_sub(1)
            .filter(|&t| is_el(&body[t], "w:tbl"))
            .ok_or("a turned table's end without its table")?;
        if body[i + 1..]
            .iter()
            .any(|n| is_el(n, "w:p") || is_el(n, "w:tbl"))
        {
            end_section(&mut body[i], turned.clone());
        } else if let Some(Node::El { children, .. }) =
            body.iter_mut().rev().find(|n| is_el(n, "w:sectPr"))
        {
            // A section of its own after the table would be an empty page.
            *children = turned.clone();
        }
        let sect = if std::mem::take(&mut first) {
            upright.clone()
        } else {
            later.clone()
        };
        match table.checked_sub(1) {
            Some(p) if is_el(&body[p], "w:p") => {
                if section_of(&body[p]).is_none() {
                    end_section(&mut body[p], sect);
                }
            }
            _ => {
                let mut p = empty_el("w:p", String::new());
                end_section(&mut p, sect);
                body.insert(table, p);
                i += 1;
            }
        }
        i += 1;
    }
    Ok(())
}

/// docx-rs writes a negative `wp:posOffset` as its unsigned 32-bit pattern; write it signed.
fn signed_offsets(xml: &str) -> String {
    let key = "<wp:posOffset>";
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(i) = rest.find(key) {
        out.push_str(&rest[..i + key.len()]);
        let after = &rest[i + key.len()..];
        let end = after.find('<').unwrap_or(after.len());
        match after[..end].parse::<i64>() {
            Ok(v) if v > i64::from(i32::MAX) => out.push_str(&(v - (1i64 << 32)).to_string()),
            _ => out.push_str(&after[..end]),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn sequential_para_ids(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    let mut n = 0u32;
    let key = "w14:paraId=\"";
    while let Some(i) = rest.find(key) {
        out.push_str(&rest[..i + key.len()]);
        let after = &rest[i + key.len()..];
        let end = after.find('"').unwrap_or(0);
        n += 1;
        out.push_str(&format!("{:08X}", n));
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn patch_xml(
    part: &mut Vec<u8>,
    f: impl FnOnce(&mut Vec<Node>) -> Result<(), String>,
) -> Result<(), String> {
    let text = String::from_utf8(std::mem::take(part)).map_err(|e| e.to_string())?;
    let (prolog, mut nodes) = parse(&text)?;
    f(&mut nodes)?;
    reorder(&mut nodes);
    *part = sequential_para_ids(&serialize(&prolog, &nodes)).into_bytes();
    Ok(())
}

fn find_first<'a>(nodes: &'a mut [Node], target: &str) -> Option<&'a mut Node> {
    for n in nodes {
        let hit = matches!(n, Node::El { name, .. } if name == target);
        if hit {
            return Some(n);
        }
        if let Node::El { children, .. } = n {
            if let Some(f) = find_first(children, target) {
                return Some(f);
            }
        }
    }
    None
}

/// The header row of every data table (the fixed-layout tables: the layout's GFM
/// tables) repeats on each page the table spans (`w:tblHeader`, which docx-rs cannot
/// write).
fn repeat_table_headers(nodes: &mut [Node]) {
    let is = |c: &Node, n: &str| matches!(c, Node::El { name, .. } if name == n);
    for n in nodes {
        let Node::El { name, children, .. } = n else {
            continue;
        };
        let fixed = children.iter().any(|c| match c {
            Node::El { name, children, .. } if name == "w:tblPr" => {
                children.iter().any(|t| is(t, "w:tblLayout"))
            }
            _ => false,
        });
        if name == "w:tbl" && fixed {
            let row = children.iter_mut().find(|c| is(c, "w:tr"));
            if let Some(Node::El { children: row, .. }) = row {
                if let Some(Node::El {
                    children: tr_pr, ..
                }) = row.iter_mut().find(|c| is(c, "w:trPr"))
                {
                    tr_pr.push(Node::El {
                        name: "w:tblHeader".into(),
                        attrs: String::new(),
                        children: Vec::new(),
                    });
                }
            }
        }
        repeat_table_headers(children);
    }
}

/// Runs holding characters their face lacks are split so that those characters name
/// the face the layout drew them with (a word processor would pick a fallback of its own:
/// LibreOffice took a Japanese sans for 仿宋 text).
fn fallback_runs(nodes: &mut Vec<Node>, fallbacks: &[(char, Role, String)]) {
    let mut i = 0;
    while i < nodes.len() {
        let split = match &nodes[i] {
            Node::El { name, children, .. } if name == "w:r" => split_run(children, fallbacks),
            _ => None,
        };
        match split {
            Some(runs) => {
                let n = runs.len();
                nodes.splice(i..=i, runs);
                i += n;
            }
            None => {
                if let Node::El { children, .. } = &mut nodes[i] {
                    fallback_runs(children, fallbacks);
                }
                i += 1;
            }
        }
    }
}

/// The runs one run becomes when its text holds fallback characters of its role.
fn split_run(children: &[Node], fallbacks: &[(char, Role, String)]) -> Option<Vec<Node>> {
    let is = |c: &Node, n: &str| matches!(c, Node::El { name, .. } if name == n);
    let rpr = children.iter().find(|c| is(c, "w:rPr"))?;
    let Node::El {
        children: props, ..
    } = rpr
    else {
        return None;
    };
    let Some(Node::El { attrs: fonts, .. }) = props.iter().find(|c| is(c, "w:rFonts")) else {
        return None;
    };
    let role = Role::ALL
        .into_iter()
        .find(|r| fonts.contains(&format!("w:eastAsia=\"{}\"", r.office_name())))?;
    let t = children.iter().position(|c| is(c, "w:t"))?;
    let Node::El { children: text, .. } = &children[t] else {
        return None;
    };
    let [Node::Text(text)] = text.as_slice() else {
        return None;
    };
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
    let office = role.office_name();
    Some(
        segments
            .into_iter()
            .map(|(f, s)| {
                let mut run = children.to_vec();
                if let (Some(f), Some(Node::El { attrs, .. })) =
                    (f, find_first(&mut run, "w:rFonts"))
                {
                    *attrs = attrs.replace(office, f);
                }
                if let Node::El { children, .. } = &mut run[t] {
                    *children = vec![Node::Text(s)];
                }
                Node::El {
                    name: "w:r".into(),
                    attrs: String::new(),
                    children: run,
                }
            })
            .collect(),
    )
}

fn find_body(nodes: &mut [Node]) -> Option<&mut Vec<Node>> {
    for n in nodes {
        if let Node::El { name, children, .. } = n {
            if name == "w:body" {
                return Some(children);
            }
            if let Some(b) = find_body(children) {
                return Some(b);
            }
        }
    }
    None
}

fn remove_all(nodes: &mut Vec<Node>, target: &str) {
    nodes.retain(|n| !matches!(n, Node::El { name, .. } if name == target));
    for n in nodes {
        if let Node::El { children, .. } = n {
            remove_all(children, target);
        }
    }
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
}

pub(super) fn patch(parts: &mut XMLDocx, o: Options) -> Result<(), String> {
    let Options {
        colophon_section: colophon_section_needed,
        first_page_number,
        fallbacks,
        turned,
    } = o;
    parts.font_table = font_table();
    if let Some(paras) = &turned {
        for (part, para) in parts.headers.iter_mut().zip(paras) {
            *part = format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="w14">{para}</w:hdr>"#
            )
            .into_bytes();
        }
    }
    let doc = String::from_utf8(std::mem::take(&mut parts.document)).map_err(|e| e.to_string())?;
    parts.document =
        signed_offsets(&doc.replace("behindDoc=\"0\"", "behindDoc=\"1\"")).into_bytes();
    patch_xml(&mut parts.document, |nodes| {
        if first_page_number {
            remove_all(nodes, "w:titlePg");
        }
        if turned.is_some() {
            turned_sections(find_body(nodes).ok_or("no w:body")?)?;
        }
        match (colophon_section_needed, find_body(nodes)) {
            (true, Some(body)) => colophon_section(body)?,
            (true, None) => return Err("no w:body".into()),
            _ => {}
        }
        repeat_table_headers(nodes);
        grid_widths_only(nodes);
        if !fallbacks.is_empty() {
            fallback_runs(nodes, fallbacks);
        }
        if !first_page_number {
            // `titlePg` without a first-page footer gives page 1 a blank one (ECMA-376
            // 17.10.5); LibreOffice moves page 1's text down ~5 mm when the empty
            // footer part is referenced instead.
            if let Some(body) = find_body(nodes) {
                for n in body.iter_mut() {
                    if let Node::El { name, children, .. } = n {
                        if name == "w:sectPr" {
                            children.retain(|c| !matches!(c, Node::El { name, attrs, .. } if name == "w:footerReference" && attrs.contains("w:type=\"first\"")));
                        }
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
    patch_xml(&mut parts.styles, |nodes| {
        let punct = Node::El {
            name: "w:overflowPunct".into(),
            attrs: "w:val=\"1\"".into(),
            children: Vec::new(),
        };
        match find_first(nodes, "w:pPrDefault") {
            Some(Node::El { children, .. }) => match children.first_mut() {
                Some(Node::El { children: ppr, .. }) => ppr.push(punct),
                _ => children.push(Node::El {
                    name: "w:pPr".into(),
                    attrs: String::new(),
                    children: vec![punct],
                }),
            },
            _ => return Err("styles.xml has no pPrDefault".into()),
        }
        Ok(())
    })?;
    for f in parts.footers.iter_mut().chain(parts.headers.iter_mut()) {
        patch_xml(f, |_| Ok(()))?;
    }
    // Where docx-rs leaves the schema (ISO/IEC 29500 transitional): an empty `w:rPr`
    // in the `w:pPr` of a style or numbering level (CT_PPrGeneral has none), and
    // `w:settings` out of order (the ORDER table).
    for part in [&mut parts.styles, &mut parts.numberings] {
        patch_xml(part, |nodes| {
            remove_empty_rpr_in_ppr(nodes);
            Ok(())
        })?;
    }
    patch_xml(&mut parts.settings, |_| Ok(()))?;
    Ok(())
}
