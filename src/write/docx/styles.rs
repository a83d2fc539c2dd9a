//! The styles a clerk finds in the DOCX, and the run formatting they share.

use docx_rs::{
    AlignmentType, Docx, LineSpacing, LineSpacingType, RunFonts, SpecialIndentType, Style,
    StyleType,
};

use crate::fonts::Role;
use crate::spec;

/// All four `w:rFonts` attributes set to the office name of a role (no theme fonts).
pub(super) fn fonts(role: Role) -> RunFonts {
    let n = role.office_name();
    RunFonts::new().ascii(n).hi_ansi(n).east_asia(n).cs(n)
}

/// Half-points for a size in points.
pub(super) fn half_points(size: f32) -> usize {
    (size * 2.0).round() as usize
}

/// One 3号 character as LibreOffice and Word set it: 16 pt − 0.25 pt spacing, in twips.
pub(super) const CHAR_TWIPS: i32 = 320 + spec::DOCX_CHAR_SPACING;

/// Exact line spacing on the 22-line grid.
pub(super) fn grid_spacing() -> LineSpacing {
    LineSpacing::new()
        .line(spec::DOCX_LINE_PITCH_TWIPS as i32)
        .line_rule(LineSpacingType::Exact)
        .before(0)
        .after(0)
}

/// A paragraph style: face, size, alignment, first-line indent (twips), outline level.
struct Def {
    id: &'static str,
    name: &'static str,
    role: Role,
    size: f32,
    align: AlignmentType,
    first_line: i32,
    outline: Option<usize>,
    color: Option<&'static str>,
}

#[allow(clippy::too_many_arguments)]
const fn def(
    id: &'static str,
    name: &'static str,
    role: Role,
    size: f32,
    align: AlignmentType,
    first_line: i32,
    outline: Option<usize>,
    color: Option<&'static str>,
) -> Def {
    Def {
        id,
        name,
        role,
        size,
        align,
        first_line,
        outline,
        color,
    }
}

#[rustfmt::skip]
const DEFS: &[Def] = &[
    def("GwBody", "公文正文", Role::Fang, spec::SIZE_3, AlignmentType::Both, 2 * CHAR_TWIPS, None, None),
    def("GwHeading1", "公文标题1（一、黑体）", Role::Hei, spec::SIZE_3, AlignmentType::Both, 2 * CHAR_TWIPS, Some(0), None),
    def("GwHeading2", "公文标题2（（一）楷体）", Role::Kai, spec::SIZE_3, AlignmentType::Both, 2 * CHAR_TWIPS, Some(1), None),
    def("GwHeading3", "公文标题3（1.仿宋）", Role::Fang, spec::SIZE_3, AlignmentType::Both, 2 * CHAR_TWIPS, Some(2), None),
    def("GwHeading4", "公文标题4（（1）仿宋）", Role::Fang, spec::SIZE_3, AlignmentType::Both, 2 * CHAR_TWIPS, Some(3), None),
    def("GwTitle", "公文标题", Role::XiaoBiaoSong, spec::SIZE_2, AlignmentType::Center, 0, None, None),
    def("GwRecipients", "主送机关", Role::Fang, spec::SIZE_3, AlignmentType::Both, 0, None, None),
    def("GwAttachNote", "附件说明", Role::Fang, spec::SIZE_3, AlignmentType::Both, 0, None, None),
    def("GwSignature", "署名", Role::Fang, spec::SIZE_3, AlignmentType::Left, 0, None, None),
    def("GwDate", "成文日期", Role::Fang, spec::SIZE_3, AlignmentType::Left, 0, None, None),
    def("GwNote", "附注", Role::Fang, spec::SIZE_3, AlignmentType::Both, 2 * CHAR_TWIPS, None, None),
    def("GwColophon", "版记", Role::Fang, spec::COLOPHON_SIZE, AlignmentType::Left, 0, None, None),
    def("GwHeaderInfo", "份号密级紧急程度", Role::Hei, spec::SIZE_3, AlignmentType::Left, 0, None, None),
    def("GwMark", "发文机关标志", Role::XiaoBiaoSong, spec::MARK_MAX_SIZE, AlignmentType::Center, 0, None, Some("FF0000")),
    def("GwDocNumber", "发文字号", Role::Fang, spec::SIZE_3, AlignmentType::Center, 0, None, None),
    def("GwAttachLabel", "附件标识", Role::Hei, spec::SIZE_3, AlignmentType::Left, 0, None, None),
    def("GwTable", "表格文字", Role::Fang, spec::TABLE_SIZE, AlignmentType::Left, 0, None, None),
    def("GwPageNumber", "页码", Role::Song, spec::PAGENUM_SIZE, AlignmentType::Right, 0, None, None),
];

/// Adds the document defaults and the styles.
pub(super) fn add(mut docx: Docx) -> Docx {
    docx = docx
        .default_fonts(fonts(Role::Fang))
        .default_size(half_points(spec::SIZE_3))
        .default_line_spacing(grid_spacing());
    for d in DEFS {
        let mut s = Style::new(d.id, StyleType::Paragraph)
            .name(d.name)
            .fonts(fonts(d.role))
            .size(half_points(d.size))
            .align(d.align)
            .line_spacing(grid_spacing());
        if d.first_line != 0 {
            s = s.indent(
                Some(0),
                Some(SpecialIndentType::FirstLine(d.first_line)),
                None,
                None,
            );
        }
        if let Some(l) = d.outline {
            s = s.outline_lvl(l);
        }
        if let Some(c) = d.color {
            s = s.color(c);
        }
        if d.size == spec::SIZE_3 {
            s.run_property = s.run_property.character_spacing(spec::DOCX_CHAR_SPACING);
        }
        if d.size > spec::SIZE_3 {
            s = s.snap_to_grid(false);
        }
        s.paragraph_property = s.paragraph_property.widow_control(false);
        docx = docx.add_style(s);
    }
    docx
}
