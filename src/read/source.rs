//! Input hygiene: BOM, CRLF, NUL bytes, invalid UTF-8; byte offset → line:column.

use crate::error::{Problem, Sink};

/// Decodes the file's bytes to text the rest of the reader can trust: strips a UTF-8
/// BOM, turns CRLF into LF, removes NUL bytes (with a warning each). Invalid UTF-8 is an
/// error naming the line. Line numbers are those of the file.
pub(crate) fn decode(bytes: &[u8], sink: &mut Sink) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            let col = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            sink.error((line, col), Problem::InvalidUtf8);
            return None;
        }
    };
    // Most files have neither: they are taken as they are.
    if !text.as_bytes().iter().any(|&b| b == 0 || b == b'\r') {
        return Some(text.to_owned());
    }
    let mut out = String::with_capacity(text.len());
    let (mut line, mut col) = (1, 1);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\0' => {
                sink.warn((line, col), Problem::NulByte);
                col += 1;
                continue;
            }
            '\r' if chars.peek() == Some(&'\n') => continue,
            '\n' => {
                line += 1;
                col = 0;
            }
            _ => {}
        }
        col += 1;
        out.push(c);
    }
    Some(out)
}

/// Maps byte offsets of a text to 1-based line and column (in characters).
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
    /// File line of the text's first line.
    first_line: usize,
}

impl LineIndex {
    pub fn new(text: &str, first_line: usize) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts, first_line }
    }

    pub fn at(&self, text: &str, offset: usize) -> (usize, usize) {
        let i = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[i];
        let end = offset.min(text.len());
        let col = text.get(start..end).map_or(1, |s| s.chars().count() + 1);
        (i + self.first_line, col)
    }

    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1 + self.first_line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_removed() {
        let mut sink = Sink::default();
        let t = decode("\u{feff}a\r\nb\r\n".as_bytes(), &mut sink).unwrap();
        assert_eq!(t, "a\nb\n");
        assert!(sink.items.is_empty());
    }

    #[test]
    fn nul_is_removed_with_a_warning_at_its_place() {
        let mut sink = Sink::default();
        let t = decode(b"ab\ncd\0ef", &mut sink).unwrap();
        assert_eq!(t, "ab\ncdef");
        assert_eq!((sink.items[0].line, sink.items[0].col), (2, 3));
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let mut sink = Sink::default();
        assert!(decode(b"ok\nok\n\xd6\xd0\xce\xc4", &mut sink).is_none());
        assert_eq!(sink.items[0].line, 3);
        assert!(sink.items[0].problem.to_string().contains("GBK"));
    }

    #[test]
    fn line_index_counts_characters() {
        let t = "ab\n中文x";
        let idx = LineIndex::new(t, 5);
        assert_eq!(idx.at(t, t.find('x').unwrap()), (6, 3));
    }
}
