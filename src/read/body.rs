//! Markdown body → [`Block`]s, keeping every character the author wrote.
//!
//! pulldown-cmark reads emphasis into events and drops its delimiters. In Chinese
//! official text asterisks are masks of redacted figures (`金额****万元`), and masks
//! cannot be told from emphasis by syntax; GB/T 9704 uses no bold or italic in the
//! body either. So the delimiters of every emphasis span are put back as text from
//! the source: `**` and `_` always print.

use pulldown_cmark::{Event, HeadingLevel as MdLevel, Options, Parser, Tag, TagEnd};

use super::numbering::{self, Counter};
use super::resources::Resolver;
use super::source::LineIndex;
use crate::error::{Problem, Sink};
use crate::limits;
use crate::model::{Block, CellAlign, HeadingLevel, Layout};

/// Soft line breaks become nothing between CJK characters and a space between Latin words.
const SOFT: char = '\u{1F}';

enum Frame {
    Blocks(Vec<Block>),
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
        line: usize,
    },
    Item(Vec<Block>),
    Quote(Vec<Block>),
    /// A footnote definition `[^label]: …`.
    Note {
        label: String,
        blocks: Vec<Block>,
        line: usize,
    },
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        row: Vec<String>,
        align: Vec<CellAlign>,
        line: usize,
    },
}

impl Frame {
    fn blocks(&mut self) -> Option<&mut Vec<Block>> {
        match self {
            Frame::Blocks(b) | Frame::Item(b) | Frame::Quote(b) => Some(b),
            Frame::Note { blocks, .. } => Some(blocks),
            _ => None,
        }
    }
}

/// Text being collected for a paragraph, heading, cell or image caption.
#[derive(Default)]
struct Leaf {
    text: String,
    start: usize,
    heading: Option<u8>,
    image: Option<(String, usize, String)>,
    /// Open links: where their text starts in `text`, and their address.
    links: Vec<(usize, String)>,
}

struct Reader<'a> {
    src: &'a str,
    idx: &'a LineIndex,
    res: &'a Resolver,
    layout: Layout,
    sink: &'a mut Sink,
    stack: Vec<Frame>,
    leaf: Option<Leaf>,
    pending_images: Vec<Block>,
    counter: Counter,
    depth: usize,
    flattened: usize,
    quotes_flattened: usize,
    warned_depth: bool,
    /// How many footnote definitions the body has (they decide the markers' style).
    note_count: usize,
    /// Footnote labels in the order of their first reference.
    note_refs: Vec<String>,
    /// Footnote definitions: label, text, file line.
    notes: Vec<(String, String, usize)>,
}

/// Reads a Markdown body. `idx` maps offsets in `src` to file lines.
pub(crate) fn parse(
    src: &str,
    idx: &LineIndex,
    res: &Resolver,
    layout: Layout,
    sink: &mut Sink,
) -> Vec<Block> {
    let mut r = Reader {
        src,
        idx,
        res,
        layout,
        sink,
        stack: vec![Frame::Blocks(Vec::new())],
        leaf: None,
        pending_images: Vec::new(),
        counter: Counter::default(),
        depth: 0,
        flattened: 0,
        quotes_flattened: 0,
        warned_depth: false,
        note_count: 0,
        note_refs: Vec::new(),
        notes: Vec::new(),
    };
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    // The markers' style depends on how many notes there are: count them first (a
    // second pass only for a body that has any).
    if src.contains("[^") {
        r.note_count = Parser::new_ext(src, options)
            .filter(|e| matches!(e, Event::Start(Tag::FootnoteDefinition(_))))
            .count();
    }
    for (ev, range) in Parser::new_ext(src, options).into_offset_iter() {
        r.event(ev, range);
    }
    r.close_leaf();
    let mut blocks = match r.stack.pop() {
        Some(Frame::Blocks(b)) => b,
        _ => Vec::new(),
    };
    let notes = r.notes_block();
    blocks.extend(notes);
    order_attendees(&mut blocks, sink);
    blocks
}

/// The marker of footnote `n` (1-based) in a body with `count` notes: ① … ⑩ (in every
/// bundled face) while there are at most ten, else 〔n〕 for all of them.
fn note_marker(n: usize, count: usize) -> String {
    match char::from_u32(0x245F + n as u32) {
        Some(c) if count <= 10 => c.to_string(),
        _ => format!("〔{n}〕"),
    }
}

/// The 纪要's attendance lines in the order GB/T 9704 10.3 gives (出席, then 请假, then
/// 列席), whatever order the author wrote them in; a note names the first line moved.
/// Each run of consecutive attendance lines is ordered on its own (stable).
fn order_attendees(blocks: &mut [Block], sink: &mut Sink) {
    let rank = |b: &Block| match b {
        Block::Attendees { label, .. } => ATTENDEE_LABELS.iter().position(|l| l == label),
        _ => None,
    };
    let mut i = 0;
    while i < blocks.len() {
        let run = blocks[i..].iter().take_while(|b| rank(b).is_some()).count();
        if run > 1 {
            let group = &mut blocks[i..i + run];
            let out_of_order = group.windows(2).find(|w| rank(&w[0]) > rank(&w[1]));
            if let Some(
                [Block::Attendees { label, line, .. }, Block::Attendees { label: next, .. }],
            ) = out_of_order
            {
                let p = Problem::AttendeesReordered {
                    label: label.clone(),
                    before: next.clone(),
                };
                sink.push(crate::error::Severity::Note, (*line, 1), p);
                group.sort_by_key(rank);
            }
        }
        i += run.max(1);
    }
}

/// The 纪要's attendance labels in the order of GB/T 9704 10.3.
const ATTENDEE_LABELS: [&str; 3] = ["出席", "请假", "列席"];

fn clean_soft_breaks(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == SOFT {
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + 1).copied();
            if before.is_some_and(|b| b.is_ascii_alphanumeric() || b.is_ascii_punctuation())
                && after.is_some_and(|a| a.is_ascii_alphanumeric())
            {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

impl Reader<'_> {
    /// The footnotes as paragraphs after the body: "注：" and the first note, then one
    /// paragraph a note, numbered in the order of first reference; a definition nothing
    /// refers to is printed too (after the others), with a warning, so no text is lost.
    fn notes_block(&mut self) -> Vec<Block> {
        let mut notes = std::mem::take(&mut self.notes);
        for (label, _, line) in &notes {
            if !self.note_refs.contains(label) {
                self.sink.warn(
                    (*line, 1),
                    Problem::UnreferencedFootnote {
                        label: label.clone(),
                    },
                );
            }
        }
        let rank = |label: &str| self.note_refs.iter().position(|l| l == label);
        notes.sort_by_key(|(label, ..)| rank(label).unwrap_or(usize::MAX));
        let count = notes.len();
        notes
            .into_iter()
            .enumerate()
            .map(|(i, (_, text, line))| {
                let lead = if i == 0 { "注：" } else { "" };
                let text = format!("{lead}{}{text}", note_marker(i + 1, count));
                Block::Paragraph {
                    text,
                    run_in: None,
                    line,
                }
            })
            .collect()
    }

    fn at(&self, offset: usize) -> (usize, usize) {
        self.idx.at(self.src, offset)
    }

    fn push_block(&mut self, b: Block) {
        if let Some(blocks) = self.stack.last_mut().and_then(Frame::blocks) {
            blocks.push(b);
        } else if let Some(Frame::List { items, .. }) = self.stack.last_mut() {
            // Text directly in a flattened list: give it an item of its own.
            items.push(vec![b]);
        }
    }

    fn open_leaf(&mut self, start: usize, heading: Option<u8>) {
        self.close_leaf();
        self.leaf = Some(Leaf {
            start,
            heading,
            ..Leaf::default()
        });
    }

    /// Text outside any paragraph (tight list items): open an implicit paragraph.
    fn leaf(&mut self, at: usize) -> &mut Leaf {
        if self.leaf.is_none() {
            self.leaf = Some(Leaf {
                start: at,
                ..Leaf::default()
            });
        }
        self.leaf.as_mut().expect("just set")
    }

    fn close_leaf(&mut self) {
        let Some(leaf) = self.leaf.take() else { return };
        let line = self.idx.line(leaf.start);
        let text = clean_soft_breaks(&leaf.text);
        let in_table = matches!(self.stack.last(), Some(Frame::Table { .. }));
        if in_table {
            if let Some(Frame::Table { row, .. }) = self.stack.last_mut() {
                row.push(text);
            }
            return;
        }
        match leaf.heading {
            Some(l @ 1..=4) => {
                let level = [
                    HeadingLevel::One,
                    HeadingLevel::Two,
                    HeadingLevel::Three,
                    HeadingLevel::Four,
                ][l as usize - 1];
                let n = self.counter.next(level);
                let expected = numbering::marker(level, n);
                let marker = match numbering::written(&text) {
                    Some((wl, wn, len)) => {
                        if wl != level || wn != n {
                            self.sink.warn(
                                (line, 1),
                                Problem::MarkerMismatch {
                                    written: text[..len].to_string(),
                                    expected,
                                },
                            );
                        }
                        String::new()
                    }
                    None => expected,
                };
                self.push_block(Block::Heading {
                    level,
                    marker,
                    text,
                    line,
                });
            }
            Some(l) => {
                self.sink
                    .warn((line, 1), Problem::HeadingTooDeep { level: l });
                let run_in = numbering::run_in(&text);
                self.push_block(Block::Paragraph { text, run_in, line });
            }
            None if text.trim() == "\\newpage" => self.push_block(Block::PageBreak),
            None if text.trim().is_empty() => {}
            None => {
                let attendee = ATTENDEE_LABELS
                    .iter()
                    .find(|l| text.starts_with(&format!("{l}：")));
                match attendee {
                    Some(label) if self.layout == Layout::Minutes => {
                        let names = text[label.len() + '：'.len_utf8()..].to_string();
                        self.push_block(Block::Attendees {
                            label: label.to_string(),
                            names,
                            line,
                        });
                    }
                    _ => {
                        let run_in = numbering::run_in(&text);
                        self.push_block(Block::Paragraph { text, run_in, line });
                    }
                }
            }
        }
        for img in std::mem::take(&mut self.pending_images) {
            self.push_block(img);
        }
    }

    /// Warns once that nesting went past the limit and deeper levels are flattened.
    fn warn_depth(&mut self, what: &str, offset: usize) {
        if !self.warned_depth {
            self.warned_depth = true;
            let at = self.at(offset);
            let limit = format!(
                "{} levels; deeper levels are set at that depth",
                limits::MAX_NESTING
            );
            self.sink.warn(
                at,
                Problem::Limit {
                    what: what.into(),
                    limit,
                },
            );
        }
    }

    fn html(&mut self, html: &str, offset: usize) {
        let snippet: String = html.trim().chars().take(40).collect();
        let at = self.at(offset);
        self.sink.error(at, Problem::RawHtml { snippet });
    }

    fn event(&mut self, ev: Event<'_>, range: std::ops::Range<usize>) {
        let src = self.src;
        match ev {
            Event::Start(tag) => match tag {
                Tag::Paragraph => self.open_leaf(range.start, None),
                Tag::Heading { level, .. } => {
                    let l = match level {
                        MdLevel::H1 => 1,
                        MdLevel::H2 => 2,
                        MdLevel::H3 => 3,
                        MdLevel::H4 => 4,
                        MdLevel::H5 => 5,
                        MdLevel::H6 => 6,
                    };
                    self.open_leaf(range.start, Some(l));
                }
                Tag::Emphasis | Tag::Strong | Tag::Strikethrough => {
                    let n = if matches!(tag, Tag::Emphasis) { 1 } else { 2 };
                    let delim = src
                        .get(range.start..range.start + n)
                        .unwrap_or("")
                        .to_string();
                    self.leaf(range.start).text.push_str(&delim);
                }
                Tag::Link { dest_url, .. } => {
                    let leaf = self.leaf(range.start);
                    let start = leaf.text.len();
                    leaf.links.push((start, dest_url.to_string()));
                }
                Tag::Image { dest_url, .. } => {
                    let line = self.idx.line(range.start);
                    self.leaf(range.start).image =
                        Some((dest_url.to_string(), line, String::new()));
                }
                Tag::List(start) => {
                    self.close_leaf();
                    self.depth += 1;
                    if self.depth > limits::MAX_NESTING {
                        self.flattened += 1;
                        self.warn_depth("list nesting", range.start);
                        return;
                    }
                    let line = self.idx.line(range.start);
                    self.stack.push(Frame::List {
                        start,
                        items: Vec::new(),
                        line,
                    });
                }
                Tag::Item => {
                    self.close_leaf();
                    if self.flattened == 0 || !matches!(self.stack.last(), Some(Frame::Item(_))) {
                        self.stack.push(Frame::Item(Vec::new()));
                    } else {
                        // Flattened: close the current item and start a sibling.
                        self.end_item();
                        self.stack.push(Frame::Item(Vec::new()));
                    }
                }
                Tag::BlockQuote(_) => {
                    self.close_leaf();
                    let quotes = self
                        .stack
                        .iter()
                        .filter(|f| matches!(f, Frame::Quote(_)))
                        .count();
                    if quotes >= limits::MAX_NESTING {
                        // Deeper quotes keep their text at this depth.
                        self.quotes_flattened += 1;
                        self.warn_depth("quote nesting", range.start);
                        return;
                    }
                    self.stack.push(Frame::Quote(Vec::new()));
                }
                Tag::CodeBlock(_) => self.open_leaf(range.start, None),
                Tag::HtmlBlock => self.html(src.get(range.clone()).unwrap_or(""), range.start),
                Tag::Table(aligns) => {
                    self.close_leaf();
                    let line = self.idx.line(range.start);
                    let align = aligns
                        .iter()
                        .map(|a| match a {
                            pulldown_cmark::Alignment::None => CellAlign::Default,
                            pulldown_cmark::Alignment::Left => CellAlign::Left,
                            pulldown_cmark::Alignment::Center => CellAlign::Center,
                            pulldown_cmark::Alignment::Right => CellAlign::Right,
                        })
                        .collect();
                    self.stack.push(Frame::Table {
                        header: Vec::new(),
                        rows: Vec::new(),
                        row: Vec::new(),
                        align,
                        line,
                    });
                }
                Tag::TableHead | Tag::TableRow => {}
                Tag::FootnoteDefinition(label) => {
                    self.close_leaf();
                    let line = self.idx.line(range.start);
                    self.stack.push(Frame::Note {
                        label: label.to_string(),
                        blocks: Vec::new(),
                        line,
                    });
                }
                Tag::TableCell => self.open_leaf(range.start, None),
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::TableCell => {
                    self.close_leaf()
                }
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                    let n = if matches!(end, TagEnd::Emphasis) {
                        1
                    } else {
                        2
                    };
                    let delim = src
                        .get(range.end.saturating_sub(n)..range.end)
                        .unwrap_or("")
                        .to_string();
                    self.leaf(range.start).text.push_str(&delim);
                }
                TagEnd::Link => {
                    // The address as pulldown-cmark resolved it (inline, reference or
                    // autolink; the title is not printed), in full-width parentheses
                    // after the link text unless the text is the address itself.
                    let leaf = self.leaf(range.start);
                    if let Some((start, url)) = leaf.links.pop() {
                        let shown = &leaf.text[start..];
                        let bare = url.strip_prefix("mailto:").unwrap_or(&url);
                        if !url.is_empty() && shown != url && shown != bare {
                            leaf.text.push_str(&format!("（{url}）"));
                        }
                    }
                }
                TagEnd::Image => {
                    if let Some((url, line, alt)) = self.leaf.as_mut().and_then(|l| l.image.take())
                    {
                        if let Some(path) = self.res.image(&url, (line, 1), self.sink) {
                            self.pending_images.push(Block::Image { alt, path, line });
                        }
                    }
                }
                TagEnd::List(_) => {
                    self.close_leaf();
                    self.depth -= 1;
                    if self.flattened > 0 {
                        self.flattened -= 1;
                        return;
                    }
                    if let Some(Frame::List { start, items, line }) = self.stack.pop() {
                        self.push_block(Block::List { start, items, line });
                    }
                }
                TagEnd::Item => {
                    self.close_leaf();
                    if self.flattened == 0 {
                        self.end_item();
                    }
                }
                TagEnd::BlockQuote(_) => {
                    self.close_leaf();
                    if self.quotes_flattened > 0 {
                        self.quotes_flattened -= 1;
                        return;
                    }
                    if let Some(Frame::Quote(b)) = self.stack.pop() {
                        self.push_block(Block::Quote(b));
                    }
                }
                TagEnd::FootnoteDefinition => {
                    self.close_leaf();
                    if let Some(Frame::Note {
                        label,
                        blocks,
                        line,
                    }) = self.stack.pop()
                    {
                        let text = crate::model::blocks_text(&blocks);
                        let text = text.trim_end().replace('\n', "");
                        self.notes.push((label, text, line));
                    }
                }
                TagEnd::TableHead | TagEnd::TableRow => {
                    if let Some(Frame::Table {
                        header, rows, row, ..
                    }) = self.stack.last_mut()
                    {
                        let r = std::mem::take(row);
                        if matches!(end, TagEnd::TableHead) {
                            *header = r;
                        } else {
                            rows.push(r);
                        }
                    }
                }
                TagEnd::Table => {
                    if let Some(Frame::Table {
                        header,
                        rows,
                        align,
                        line,
                        ..
                    }) = self.stack.pop()
                    {
                        let cols = header
                            .len()
                            .max(rows.iter().map(Vec::len).max().unwrap_or(0));
                        if cols > limits::MAX_TABLE_COLUMNS
                            || cols * (rows.len() + 1) > limits::MAX_TABLE_CELLS
                        {
                            self.sink.error(
                                (line, 1),
                                Problem::Limit {
                                    what: format!(
                                        "a table of {cols} columns and {} rows",
                                        rows.len() + 1
                                    ),
                                    limit: format!(
                                        "{} columns and {} cells",
                                        limits::MAX_TABLE_COLUMNS,
                                        limits::MAX_TABLE_CELLS
                                    ),
                                },
                            );
                        } else {
                            self.push_block(Block::Table {
                                header,
                                rows,
                                align,
                                line,
                            });
                        }
                    }
                }
                _ => {}
            },
            Event::Text(t) | Event::Code(t) => {
                let leaf = self.leaf(range.start);
                match &mut leaf.image {
                    Some((_, _, alt)) => alt.push_str(&t),
                    None => leaf.text.push_str(&t),
                }
            }
            Event::SoftBreak => self.leaf(range.start).text.push(SOFT),
            Event::HardBreak => self.leaf(range.start).text.push('\n'),
            // Block HTML was reported at its start (Tag::HtmlBlock).
            Event::Html(_) => {}
            Event::InlineHtml(h) => self.html(&h, range.start),
            Event::Rule => self.close_leaf(),
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.leaf(range.start).text.push_str(&t)
            }
            Event::FootnoteReference(label) => {
                if !self.note_refs.iter().any(|l| *l == *label) {
                    self.note_refs.push(label.to_string());
                }
                let n = self
                    .note_refs
                    .iter()
                    .position(|l| *l == *label)
                    .unwrap_or(0);
                let marker = note_marker(n + 1, self.note_count);
                self.leaf(range.start).text.push_str(&marker);
            }
            Event::TaskListMarker(done) => {
                self.leaf(range.start)
                    .text
                    .push_str(if done { "[x] " } else { "[ ] " })
            }
        }
    }

    fn end_item(&mut self) {
        if let Some(Frame::Item(b)) = self.stack.pop() {
            if let Some(Frame::List { items, .. }) = self.stack.last_mut() {
                items.push(b);
            } else {
                // Item without its list (cannot happen with pulldown-cmark): keep the text.
                for block in b {
                    self.push_block(block);
                }
            }
        }
    }
}
