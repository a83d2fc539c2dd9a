//! The reader: a report file (YAML front matter + Markdown) → [`Report`].
//!
//! Stages: [`source`] makes the bytes trustworthy text, [`front_matter`] types the
//! metadata, [`body`] turns Markdown into blocks, [`numbering`] handles 一、（一）1.（1）.

pub(crate) mod body;
pub(crate) mod front_matter;
pub(crate) mod numbering;
pub(crate) mod resources;
pub(crate) mod source;

use std::path::{Path, PathBuf};

use crate::error::{Problem, Severity, Sink};
use crate::limits;
use crate::model::{DocKind, Layout, Report};
use resources::Resolver;
use source::LineIndex;

/// Splits `---\n…\n---` off the top. Returns the YAML, the file line of its first line,
/// and the byte offset where the body starts.
fn split_front_matter<'a>(text: &'a str, sink: &mut Sink) -> (Option<&'a str>, usize) {
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        sink.warn((1, 1), Problem::NoFrontMatter);
        return (None, 0);
    }
    let yaml_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut pos = yaml_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            let body = (end + 1).min(text.len());
            return (Some(&text[yaml_start..pos]), body);
        }
        pos = end + 1;
    }
    sink.error((1, 1), Problem::UnterminatedFrontMatter);
    (None, text.len())
}

/// Reads a whole report from text. `path` is where it came from (for diagnostics and
/// for resolving resources); `allowed` are extra roots resources may come from.
pub(crate) fn read(
    text: &str,
    path: Option<&Path>,
    allowed: &[PathBuf],
    sink: &mut Sink,
) -> Report {
    let res = Resolver::new(path, allowed);
    let (yaml, body_start) = split_front_matter(text, sink);
    let mut meta = yaml
        .map(|y| front_matter::parse(y, 2, &res, sink))
        .unwrap_or_default();
    let body_src = &text[body_start..];
    let first_body_line = text[..body_start].matches('\n').count() + 1;
    let idx = LineIndex::new(body_src, first_body_line);
    let body = body::parse(body_src, &idx, &res, meta.layout, sink);
    if body.is_empty() {
        // At the front matter's closing line: the body should follow it.
        sink.warn(
            (first_body_line.saturating_sub(1).max(1), 1),
            Problem::EmptyBody,
        );
    }

    for att in &mut meta.attachments {
        let Some(file) = att.file.clone() else {
            continue;
        };
        let mut sub = Sink {
            file: Some(file.clone()),
            items: Vec::new(),
        };
        match std::fs::read(&file) {
            Ok(bytes) => {
                if let Some(t) = source::decode(&bytes, &mut sub) {
                    let start = if t.starts_with("---\n") {
                        split_front_matter(&t, &mut Sink::default()).1
                    } else {
                        0
                    };
                    let line0 = t[..start].matches('\n').count() + 1;
                    let idx = LineIndex::new(&t[start..], line0);
                    att.body = Some(body::parse(&t[start..], &idx, &res, meta.layout, &mut sub));
                }
            }
            Err(e) => sub.error(
                (1, 1),
                Problem::Unreadable {
                    path: file.display().to_string(),
                    reason: e.to_string(),
                },
            ),
        }
        sink.items.extend(sub.items);
    }
    check(&meta, sink);
    Report { meta, body }
}

/// Document-level checks of the 条例 and GB/T 9704 that no single key shows.
fn check(meta: &crate::model::Meta, sink: &mut Sink) {
    let mut warn = |p: Problem| sink.push(Severity::Warning, (2, 1), p);
    if let Some(kind) = meta.kind {
        if kind.is_upward() && meta.signers.is_empty() && !meta.issuer.is_empty() {
            warn(Problem::UpwardWithoutSigner {
                kind: kind.as_str().into(),
            });
        }
        if kind == DocKind::Request && meta.recipients.len() > 1 {
            warn(Problem::RequestToSeveral);
        }
        if kind == DocKind::Request {
            if let Some(sub) = meta.cc.iter().find(|c| is_subordinate(c)) {
                warn(Problem::RequestCopiedDown { name: sub.clone() });
            }
        }
        if kind == DocKind::Minutes && !meta.seal.is_empty() {
            warn(Problem::MinutesSealed);
        }
        if kind == DocKind::Order && meta.signed_by.is_empty() {
            warn(Problem::OrderWithoutStamp);
        }
    }
    if !meta.seal.is_empty() && meta.signature.is_empty() && meta.signed_by.is_empty() {
        warn(Problem::SealWithoutSignature);
    }
    if meta.secrecy_term.is_some() && meta.secrecy.is_none() {
        warn(Problem::TermWithoutSecrecy);
    }
    if meta.layout != Layout::Plain && meta.issuer.is_empty() && meta.issuer_mark.is_none() {
        warn(Problem::MarkWithoutIssuer);
    }
}

/// Does a 抄送 entry name organs below the issuer? “各…” (各乡镇人民政府, 各股室) and
/// 所属 / 下属 / 直属 units are read as subordinates; other names cannot be told apart.
fn is_subordinate(name: &str) -> bool {
    name.starts_with('各') || ["所属", "下属", "直属"].iter().any(|w| name.contains(w))
}

/// Decodes bytes and reads them, enforcing the input size limit.
pub(crate) fn read_bytes(
    bytes: &[u8],
    path: Option<&Path>,
    allowed: &[PathBuf],
    sink: &mut Sink,
) -> Option<(String, Report)> {
    if bytes.len() > limits::MAX_INPUT_BYTES {
        sink.error(
            (1, 1),
            Problem::Limit {
                what: format!("the report ({} bytes)", bytes.len()),
                limit: format!("{} MiB", limits::MAX_INPUT_BYTES >> 20),
            },
        );
        return None;
    }
    let text = source::decode(bytes, sink)?;
    let report = read(&text, path, allowed, sink);
    Some((text, report))
}
