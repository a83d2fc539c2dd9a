//! Every GB/T 9704-2012 number the crate uses, in one place.
//!
//! Each constant cites its clause of the standard (`STD x.y`) as digested in
//! `GBT9704.md`; where sources disagree the choice and its reason stand next to
//! the constant. Lengths are millimetres measured from the top-left corner of
//! the page, sizes are points. Nothing else lives here.
//!
//! # Stability
//!
//! Deliberately public: the laid-out [`Page`](crate::Page)s give positions in
//! millimetres, and a caller checking or adding to them needs the same 版心, grid and
//! sizes the layout used (the crate's own tests do exactly that). The public constants
//! are the standard's numbers and what follows from them; a value is corrected in a
//! patch release if it is found to differ from the standard, and names change only in
//! a major release. The tuning values of the writers (DOCX grid pitch, slack a word
//! processor needs in a table cell) are internal.

/// Millimetres per point: exactly 25.4 / 72 (GBT9704.md warns against 0.3528).
pub const MM_PER_PT: f32 = 25.4 / 72.0;

/// Converts points to millimetres.
///
/// ```
/// // 3号 is 16 pt: 5.644 mm.
/// assert!((gongwen::spec::pt(16.0) - 5.6444).abs() < 1e-3);
/// ```
pub const fn pt(v: f32) -> f32 {
    v * MM_PER_PT
}

/// Paper width, A4 (STD 5.1).
pub const PAGE_W: f32 = 210.0;
/// Paper height, A4 (STD 5.1).
pub const PAGE_H: f32 = 297.0;
/// 天头: top margin (STD 5.2.1).
pub const MARGIN_TOP: f32 = 37.0;
/// 订口: left margin (STD 5.2.1).
pub const MARGIN_LEFT: f32 = 28.0;
/// 版心 width (STD 5.2.1).
pub const BLOCK_W: f32 = 156.0;
/// 版心 height (STD 5.2.1).
pub const BLOCK_H: f32 = 225.0;
/// Right edge of the 版心.
pub const BLOCK_RIGHT: f32 = MARGIN_LEFT + BLOCK_W;
/// Bottom edge of the 版心.
pub const BLOCK_BOTTOM: f32 = MARGIN_TOP + BLOCK_H;
/// Right margin (derived: 210 − 28 − 156).
pub const MARGIN_RIGHT: f32 = PAGE_W - BLOCK_RIGHT;
/// Bottom margin (derived: 297 − 37 − 225).
pub const MARGIN_BOTTOM: f32 = PAGE_H - BLOCK_BOTTOM;

/// Lines a page (STD 5.2.3).
pub const LINES_PER_PAGE: usize = 22;
/// Characters a line (STD 5.2.3).
pub const CHARS_PER_LINE: usize = 28;
/// Line pitch of the PDF grid: 225 mm / 22 = 10.227 mm (28.99 pt), so 22 lines fill the
/// 版心 exactly ("撑满版心", STD 5.2.3). Word's grid rounds this to 579 twips (28.95 pt),
/// which the DOCX uses; the difference over 21 lines is 0.3 mm.
pub const LINE_PITCH: f32 = BLOCK_H / LINES_PER_PAGE as f32;
/// One character cell: 156 mm / 28 = 5.571 mm (15.793 pt). 3号 characters are set at
/// 16 pt and advanced by this cell, i.e. 0.207 pt narrower than their body (GBT9704.md §1.5).
pub const CELL: f32 = BLOCK_W / CHARS_PER_LINE as f32;

/// 3号: body size and the default of every element (STD 5.2.2).
pub const SIZE_3: f32 = 16.0;
/// 2号: the title (STD 7.3.1).
pub const SIZE_2: f32 = 22.0;
/// 4号: 版记 and page numbers (STD 7.4.2, 7.5).
pub const SIZE_4: f32 = 14.0;
/// Largest 发文机关标志 size: 初号 (practice; the standard sets none, GBT9704.md §11.15).
pub const MARK_MAX_SIZE: f32 = 42.0;

/// Space between an ideograph and an adjacent Latin letter or digit, in em. Word
/// (`w:autoSpaceDE`/`autoSpaceDN`, on by default) and LibreOffice ("space between Asian
/// and non-Asian text", always on for DOCX) add it; LibreOffice's is a quarter of the
/// font's ascent, 0.22 em for the Fandol faces (measured: 3.48 pt at 16 pt). The PDF uses
/// the same, so it breaks lines where they do. The standard is silent.
pub const CJK_LATIN_SPACE: f32 = 0.22;

/// Line pitch of a mark of several lines (joint documents), in em (practice).
pub const MARK_LINE_PITCH: f32 = 1.2;

/// Ideographic em box of the Fandol (and SimSun/FangSong) faces: top 0.88 em above the baseline.
pub const EM_ASCENT: f32 = 0.88;

/// Body paragraphs: first line indented two characters (STD 7.3.3).
pub const PARA_INDENT_CHARS: f32 = 2.0;

/// 发文机关标志: top edge 35 mm below the 版心 top (STD 7.2.4; 2012 uses 35 mm for every
/// direction, the 1999 80 mm for 上行文 is obsolete).
pub const MARK_TOP_BELOW_BLOCK: f32 = 35.0;
/// 发文字号: two blank lines below the mark (STD 7.2.5).
pub const DOCNO_GAP_LINES: f32 = 2.0;
/// Red rule: 4 mm below the 发文字号 (STD 7.2.7).
pub const RED_RULE_GAP: f32 = 4.0;
/// Red rule thickness: not given by the standard; 0.5 mm is inside practice (0.35–0.5 mm).
pub const RED_RULE_THICKNESS: f32 = 0.5;
/// 发文字号 of a 上行文: one character in from the left; 签发人 one character in from the right (STD 7.2.5–7.2.6).
pub const DOCNO_SIDE_INDENT_CHARS: f32 = 1.0;
/// 7.2.6: several 签发人 go two to a line, later lines aligned under the first name, and
/// the 发文字号 shares the last line (7.2.5).
pub const SIGNERS_PER_LINE: usize = 2;
/// 命令式: the mark's top 20 mm below the 版心 top (STD 10.2).
pub const ORDER_MARK_TOP_BELOW_BLOCK: f32 = 20.0;
/// 命令式: the body two blank lines below the 令号 (STD 10.2).
pub const ORDER_BODY_GAP_LINES: f32 = 2.0;
/// 信函式: the mark's top 30 mm from the paper's top (STD 10.1).
pub const LETTER_MARK_TOP: f32 = 30.0;
/// 信函式: both red double lines are 170 mm long, centred on the page (STD 10.1 says
/// "居中排布"; we centre on the paper, 20…190 mm, as the standard's 式样 does).
pub const LETTER_RULE_LEN: f32 = 170.0;
/// 信函式: the lower double line 20 mm above the paper's bottom (STD 10.1).
pub const LETTER_BOTTOM_RULE: f32 = 20.0;
/// 信函式: thick line of a double line, 1.5 pt (practice, GBT9704.md §6.2).
pub const LETTER_THICK: f32 = pt(1.5);
/// 信函式: thin line of a double line, 0.75 pt (practice).
pub const LETTER_THIN: f32 = pt(0.75);
/// 信函式: white between the two lines of a double line (practice).
pub const LETTER_RULE_GAP: f32 = 0.75;
/// 信函式: the first element below the double line by 7/8 of a 3号 character (STD 10.1).
pub const LETTER_ELEMENT_GAP: f32 = pt(14.0);
/// 签名章: the stamp's height, 1.5 grid lines, centred on its title's line (practice;
/// the standard sets no size).
pub const STAMP_HEIGHT: f32 = 1.5 * LINE_PITCH;
/// 签名章: two blank lines below the text (STD 7.3.5.3).
pub const SIGN_STAMP_GAP_LINES: usize = 2;
/// 签名章: the signer's title two characters left of the stamp (STD 7.3.5.3).
pub const STAMP_TITLE_GAP_CHARS: f32 = 2.0;

/// Title: two blank lines below the red rule (STD 7.3.1).
pub const TITLE_GAP_LINES: f32 = 2.0;
/// Title line pitch: 2号 + 7/8 of 3号 = 22 + 14 = 36 pt (the standard's 行 for 2号, STD 3).
pub const TITLE_PITCH: f32 = pt(SIZE_2 + 14.0);
/// 主送机关: one blank line below the title (STD 7.3.2).
pub const RECIPIENT_GAP_LINES: usize = 1;
/// 附件说明: one blank line below the body, two characters in (STD 7.3.4).
pub const ATTACH_NOTE_GAP_LINES: usize = 1;
/// Unsealed signature: one blank line, 署名 two characters from the right (STD 7.3.5.2).
pub const SIGN_UNSEALED_GAP_LINES: usize = 1;
/// Unsealed: 署名 right indent in characters (STD 7.3.5.2).
pub const SIGN_UNSEALED_RIGHT_CHARS: f32 = 2.0;
/// Unsealed: the date starts two characters right of the 署名's first character (STD 7.3.5.2).
pub const DATE_SHIFT_CHARS: f32 = 2.0;
/// Sealed: the date four characters from the right (STD 7.3.5.1).
pub const DATE_SEALED_RIGHT_CHARS: f32 = 4.0;
/// Sealed: blank lines between the body and the 署名, so the seal's top lies within one
/// line of the text above (STD 7.3.5.1; practice puts 2–3 lines here).
pub const SIGN_SEALED_GAP_LINES: usize = 2;
/// Seal diameter when drawn: 42 mm, a county-level organ's seal (国发〔1999〕25号: 4.2–4.5 cm).
pub const SEAL_DIAMETER: f32 = 42.0;
/// Joint seals do not touch (7.3.5.1): at least this much between neighbours, mm (our
/// choice: 3 mm reads as clearly apart in print).
pub const SEAL_MIN_GAP: f32 = 3.0;
/// Joint 署名 side by side stand at least this many characters apart (our choice, so
/// the names read as separate organs).
pub const SEAL_NAME_GAP_CHARS: f32 = 1.0;
/// 附注: the line after the date, two characters in (STD 7.3.6).
pub const NOTE_INDENT_CHARS: f32 = 2.0;

/// 版记 text size (STD 7.4.2).
pub const COLOPHON_SIZE: f32 = SIZE_4;
/// 版记 indents: one 4号 character on each side (STD 7.4.2; GBT9704.md §4 chooses 14 pt).
pub const COLOPHON_INDENT: f32 = pt(SIZE_4);
/// 版记 thick rules (first and last), 0.35 mm (STD 7.4.1).
pub const COLOPHON_THICK: f32 = 0.35;
/// 版记 thin rules (between elements), 0.25 mm (STD 7.4.1).
pub const COLOPHON_THIN: f32 = 0.25;
/// 版记 row height: one grid line, so the 版记 sits on the body grid.
pub const COLOPHON_ROW: f32 = LINE_PITCH;

/// Page numbers: 4号 宋体 (STD 7.5).
pub const PAGENUM_SIZE: f32 = SIZE_4;
/// The dash's top 7 mm below the 版心 (STD 7.5).
pub const PAGENUM_GAP: f32 = 7.0;
/// Page numbers: one 4号 character in from the outer edge (STD 7.5; GBT9704.md §5 picks 14 pt).
pub const PAGENUM_INDENT: f32 = pt(SIZE_4);

/// Attachment pages: "附件N" on line 1, title on line 3 (STD 7.3.7) — zero-based grid slots.
pub const ATTACHMENT_LABEL_SLOT: usize = 0;
/// Attachment title slot (third line, STD 7.3.7).
pub const ATTACHMENT_TITLE_SLOT: usize = 2;

/// Tables: cell text size, 4号 (practice, GBT9704.md §6.1).
pub const TABLE_SIZE: f32 = SIZE_4;
/// Smallest size a table shrinks to so that no cell breaks inside a word: 五号 (the
/// issue's practice, GBT9704.md §6.1 sets 4号 or 小四).
pub const TABLE_MIN_SIZE: f32 = 10.5;
/// A table too wide even at 五号 shrinks further, with a warning, down to this size;
/// below it cells break inside words. Never outside the 版心.
pub const TABLE_SMALLEST_SIZE: f32 = 7.0;
/// Table rule thickness, 0.5 pt (practice).
pub const TABLE_RULE: f32 = pt(0.5);
/// Cell padding, left/right and top/bottom.
pub const TABLE_PAD: f32 = 1.0;
/// Line height of table text, in ems of its size (practice: Word's 1.5 lines).
pub const TABLE_LINE_EMS: f32 = 1.5;
/// 横排表格 (STD 8): a table too wide for the 版心 at 五号 is printed turned a quarter
/// turn on its page, its head toward the 订口 on odd pages and the 切口 on even ones:
/// with the binding on the left both are the paper's left edge, so every turned page
/// turns the same way (clockwise to read it). Seen turned, the page is 297 × 210 mm and
/// the 版心 is 225 mm wide and 156 mm tall; its margins are the portrait ones, turned:
/// the 订口 (28 mm) on top, the portrait bottom margin (35 mm) on the left.
pub const TURNED_W: f32 = BLOCK_H;
/// 版心 height of a turned page (STD 8).
pub const TURNED_H: f32 = BLOCK_W;
/// Left margin of a turned page: the portrait bottom margin (STD 8).
pub const TURNED_LEFT: f32 = MARGIN_BOTTOM;
/// Top margin of a turned page: the 订口 (STD 8).
pub const TURNED_TOP: f32 = MARGIN_LEFT;
/// Right margin of a turned page: the 天头 (STD 8).
pub const TURNED_RIGHT: f32 = PAGE_H - TURNED_LEFT - TURNED_W;
/// Bottom margin of a turned page: the portrait right margin (STD 8).
pub const TURNED_BOTTOM: f32 = PAGE_W - TURNED_TOP - TURNED_H;
/// Room a turned table keeps below its last row, mm: the word processor ends the turned
/// section with a paragraph of its own (1 pt, see the DOCX writer) after the table.
pub(crate) const TURNED_END: f32 = 1.5;
/// A table header cell this short is one term (序号, 整改率), never broken (practice).
pub(crate) const TABLE_HEADER_TERM_CHARS: usize = 4;
/// Width a cell's lines keep free beyond its padding, mm: the cell's share of the rules
/// and the rounding of widths to twips, so that text that fits in the PDF's cell fits
/// in a word processor's too (measured in LibreOffice).
pub(crate) const TABLE_SLACK: f32 = 0.25;
/// Room the joint mark's names column keeps beyond its widest name, mm: a word
/// processor's cell wraps a name that fills it exactly (LibreOffice set 某县应急管理|局).
pub(crate) const JOINT_SLACK: f32 = 0.5;

/// Red of the 版头: pure RGB red (GBT9704.md §1.2, practice `FF0000`).
pub const RED: (u8, u8, u8) = (255, 0, 0);

/// DOCX: line pitch of Word's 22-line grid, 579 twips = 28.95 pt (GBT9704.md §1.5).
pub(crate) const DOCX_LINE_PITCH_TWIPS: u32 = 579;
/// DOCX: character spacing on 3号 runs that sets 28 characters a line in Word and
/// LibreOffice: −0.25 pt, in twentieths of a point (GBT9704.md §1.5, CRATES.md).
pub(crate) const DOCX_CHAR_SPACING: i32 = -5;
/// DOCX: footer distance that puts the page-number dash 7 mm below the 版心 (tools README: 25.1 mm).
pub(crate) const DOCX_FOOTER_TWIPS: u32 = 1425;
/// DOCX: header distance, 15 mm (Word's default; only turned pages have header content,
/// their page-number box, which is placed on the page).
pub(crate) const DOCX_HEADER_TWIPS: u32 = 851;

/// Millimetres to twips (1/20 pt).
///
/// ```
/// // The 版心's width, 156 mm, as Word measures it.
/// assert_eq!(gongwen::spec::twips(156.0), 8844);
/// ```
pub fn twips(mm: f32) -> i32 {
    (mm / MM_PER_PT * 20.0).round() as i32
}

/// Millimetres of a length in twips.
///
/// ```
/// assert!((gongwen::spec::from_twips(1440) - 25.4).abs() < 1e-4);
/// ```
pub fn from_twips(tw: i32) -> f32 {
    tw as f32 / 20.0 * MM_PER_PT
}

/// Top of grid slot `k` (zero-based) of a page.
///
/// ```
/// use gongwen::spec::{slot_top, BLOCK_BOTTOM, LINES_PER_PAGE};
/// assert_eq!(slot_top(0), 37.0);
/// assert!((slot_top(LINES_PER_PAGE) - BLOCK_BOTTOM).abs() < 1e-3, "22 lines fill 225 mm");
/// ```
pub fn slot_top(k: usize) -> f32 {
    MARGIN_TOP + k as f32 * LINE_PITCH
}

/// Baseline that centres the em box of a `size` pt line in a slot whose top is `top`.
///
/// ```
/// use gongwen::spec::{baseline_in_box, pt, EM_ASCENT, LINE_PITCH};
/// let b = baseline_in_box(37.0, LINE_PITCH, 16.0);
/// let em_top = b - EM_ASCENT * pt(16.0);
/// assert!((em_top - 37.0 - (LINE_PITCH - pt(16.0)) / 2.0).abs() < 1e-4, "em box centred");
/// ```
pub fn baseline_in_box(top: f32, box_h: f32, size: f32) -> f32 {
    let em = pt(size);
    top + (box_h - em) / 2.0 + EM_ASCENT * em
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_fills_the_type_area() {
        assert!((LINE_PITCH * 22.0 - 225.0).abs() < 1e-3);
        assert!((CELL * 28.0 - 156.0).abs() < 1e-3);
        assert!((pt(CELL / MM_PER_PT) - CELL).abs() < 1e-6);
        assert!((CELL / MM_PER_PT - 15.793).abs() < 0.01);
        assert_eq!(MARGIN_RIGHT, 26.0);
        assert_eq!(MARGIN_BOTTOM, 35.0);
        assert_eq!(twips(PAGE_W), 11906);
        assert_eq!(twips(PAGE_H), 16838);
    }
}
