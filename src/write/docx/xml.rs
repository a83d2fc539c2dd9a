//! A package part as the list of its XML events, read and written by quick-xml, and the
//! few structural questions the patch step asks of it: where an element ends, its
//! children, its attributes. Edits are splices of events; nothing is re-serialised by
//! hand.

use std::ops::Range;

use quick_xml::events::{BytesEnd, BytesStart, Event};
use quick_xml::{Reader, Writer};

/// One event of a part, owning its bytes.
pub(super) type Ev = Event<'static>;

/// The events of a part, without the final `Eof`.
pub(super) fn read(part: &[u8]) -> Result<Vec<Ev>, String> {
    let text = std::str::from_utf8(part).map_err(|e| e.to_string())?;
    let mut reader = Reader::from_str(text);
    let mut events = Vec::new();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Eof => return Ok(events),
            // `<a />` keeps the space in its content; the writer adds its own.
            Event::Empty(s) => {
                let raw = std::str::from_utf8(&s).map_err(|e| e.to_string())?;
                let n = s.name().into_inner().len();
                let trimmed = BytesStart::from_content(raw.trim_end().to_string(), n);
                events.push(Event::Empty(trimmed));
            }
            e => events.push(e.into_owned()),
        }
    }
}

/// The part's bytes: empty elements as `<a />`, as docx-rs writes them.
pub(super) fn write(events: &[Ev]) -> Vec<u8> {
    let mut w = Writer::new(Vec::with_capacity(events.len() * 24));
    w.config_mut().add_space_before_slash_in_empty_elements = true;
    for e in events {
        // Writing to a Vec cannot fail.
        let _ = w.write_event(e.borrow());
    }
    w.into_inner()
}

/// The element's qualified name (`w:p`); empty for text and other events.
pub(super) fn name(e: &Ev) -> &[u8] {
    match e {
        Event::Start(s) | Event::Empty(s) => s.name().into_inner(),
        _ => b"",
    }
}

/// Whether the event opens an element named `n`.
pub(super) fn is(e: &Ev, n: &str) -> bool {
    name(e) == n.as_bytes()
}

/// The index of the event that closes the node opened at `i` (`i` itself for an empty
/// element or text).
pub(super) fn close(ev: &[Ev], i: usize) -> usize {
    if !matches!(ev[i], Event::Start(_)) {
        return i;
    }
    let mut depth = 0usize;
    for (j, e) in ev.iter().enumerate().skip(i) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    ev.len() - 1
}

/// The events of each child node of the element opened at `i`.
pub(super) fn children(ev: &[Ev], i: usize) -> Vec<Range<usize>> {
    let end = close(ev, i);
    let mut out = Vec::new();
    let mut j = i + 1;
    while j < end {
        let c = close(ev, j);
        out.push(j..c + 1);
        j = c + 1;
    }
    out
}

/// The first child element named `n` of the element opened at `i`.
pub(super) fn child(ev: &[Ev], i: usize, n: &str) -> Option<Range<usize>> {
    children(ev, i).into_iter().find(|r| is(&ev[r.start], n))
}

/// The first element named `n` in `ev`, in document order.
pub(super) fn find(ev: &[Ev], n: &str) -> Option<usize> {
    ev.iter().position(|e| is(e, n))
}

/// Every element named `n`, in document order.
pub(super) fn all(ev: &[Ev], n: &str) -> Vec<usize> {
    (0..ev.len()).filter(|&i| is(&ev[i], n)).collect()
}

/// The unescaped value of attribute `key` of an element.
pub(super) fn attr(e: &Ev, key: &str) -> Option<String> {
    let (Event::Start(s) | Event::Empty(s)) = e else {
        return None;
    };
    let a = s.try_get_attribute(key).ok()??;
    let raw = std::str::from_utf8(&a.value).ok()?;
    quick_xml::escape::unescape(raw)
        .ok()
        .map(|v| v.into_owned())
}

/// The element with attribute `key` set to `value` (`None`: removed), other attributes
/// in their order.
pub(super) fn set_attr(e: &mut Ev, key: &str, value: Option<&str>) {
    let (Event::Start(s) | Event::Empty(s)) = e else {
        return;
    };
    let mut kept: Vec<(Vec<u8>, Vec<u8>)> = s
        .attributes()
        .flatten()
        .map(|a| (a.key.into_inner().to_vec(), a.value.into_owned()))
        .collect();
    let pos = kept.iter().position(|(k, _)| k == key.as_bytes());
    match (pos, value) {
        (Some(p), None) => {
            kept.remove(p);
        }
        (Some(p), Some(v)) => kept[p].1 = escaped(v),
        (None, Some(v)) => kept.push((key.as_bytes().to_vec(), escaped(v))),
        (None, None) => return,
    }
    s.clear_attributes();
    for (k, v) in &kept {
        s.push_attribute(quick_xml::events::attributes::Attribute {
            key: quick_xml::name::QName(k),
            value: v.as_slice().into(),
        });
    }
}

fn escaped(v: &str) -> Vec<u8> {
    quick_xml::escape::escape(v).as_bytes().to_vec()
}

/// An element named `n` with attributes and child events: empty when it has none.
pub(super) fn el(n: &str, attrs: &[(&str, &str)], inner: Vec<Ev>) -> Vec<Ev> {
    let start = BytesStart::new(n.to_string()).with_attributes(attrs.iter().copied());
    if inner.is_empty() {
        return vec![Event::Empty(start)];
    }
    let mut out = Vec::with_capacity(inner.len() + 2);
    out.push(Event::Start(start));
    out.extend(inner);
    out.push(Event::End(BytesEnd::new(n.to_string())));
    out
}

/// Opens the empty element at `i` (`<a />` → `<a></a>`) so that it can take children;
/// returns the index of its closing event.
fn open(ev: &mut Vec<Ev>, i: usize) -> usize {
    if let Event::Empty(s) = &ev[i] {
        let s = s.clone();
        let end = Event::End(BytesEnd::new(
            String::from_utf8_lossy(s.name().into_inner()).into_owned(),
        ));
        ev[i] = Event::Start(s);
        ev.insert(i + 1, end);
    }
    close(ev, i)
}

/// Appends `new` to the children of the element at `i`.
pub(super) fn append(ev: &mut Vec<Ev>, i: usize, new: Vec<Ev>) {
    let end = open(ev, i);
    ev.splice(end..end, new);
}

/// Puts `new` before the first child of the element at `i`.
pub(super) fn prepend(ev: &mut Vec<Ev>, i: usize, new: Vec<Ev>) {
    open(ev, i);
    ev.splice(i + 1..i + 1, new);
}

/// Replaces the children of the element at `i` with `new`.
pub(super) fn replace_children(ev: &mut Vec<Ev>, i: usize, new: Vec<Ev>) {
    let end = open(ev, i);
    ev.splice(i + 1..end, new);
}

/// Removes every element named `n`.
pub(super) fn remove_all(ev: &mut Vec<Ev>, n: &str) {
    for i in all(ev, n).into_iter().rev() {
        let end = close(ev, i);
        ev.drain(i..=end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_reads_and_writes_back_with_its_entities_and_empty_elements() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:p a="1"><w:r><w:t>A &amp; B &lt;</w:t></w:r><w:x /></w:p>"#;
        let ev = read(xml.as_bytes()).unwrap();
        assert_eq!(String::from_utf8(write(&ev)).unwrap(), xml);
    }

    #[test]
    fn children_attributes_and_splices_follow_the_elements() {
        let mut ev = read(br#"<a><b k="x &amp; y" j="2" /><c><d /></c>t</a>"#).unwrap();
        let kids = children(&ev, 0);
        assert_eq!(kids.len(), 3);
        assert_eq!(close(&ev, 0), ev.len() - 1);
        assert_eq!(attr(&ev[1], "k").as_deref(), Some("x & y"));
        assert_eq!(child(&ev, 0, "c"), Some(2..5));
        set_attr(&mut ev[1], "k", None);
        set_attr(&mut ev[1], "m", Some("<"));
        append(&mut ev, 1, el("e", &[], Vec::new()));
        prepend(&mut ev, 0, el("f", &[("v", "1")], Vec::new()));
        remove_all(&mut ev, "d");
        let c = find(&ev, "c").unwrap();
        replace_children(&mut ev, c, el("g", &[], Vec::new()));
        assert_eq!(
            String::from_utf8(write(&ev)).unwrap(),
            r#"<a><f v="1" /><b j="2" m="&lt;"><e /></b><c><g /></c>t</a>"#
        );
    }
}
