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

const DEFS: &[Def] = &[
    Def {
        id: "GwBody",
        name: "公文正文",
        role: Role::Fang,
        size: spec::SIZE_3,
        align: AlignmentType::Both,
        first_line: 2 * CHAR_TWIPS,
        outline: None,
        color: None,
    },
    Def {
        id: "GwHeading1",
        name: "公文标题1（一、黑体）",
        role: Role::Hei,
        size: spec::SIZE_3,
        align: AlignmentType::Both,
        first_line: 2 * CHAR_TWIPS,
        outline: Some(0),
        color: None,
    },
    Def {
        id: "GwHeading2",
        name: "公文标题2（（一）楷体）",
        role: Role::Kai,
        size: spec::SIZE_3,
        align: AlignmentType::Both,
        first_line: 2 * CHAR_TWIPS,
        outline: Some(1),
        color: None,
    },
    Def {
        id: "GwHeading3",
        name: "公文标题3（1.仿宋）",
        role: Role::Fang,
        size: spec::SIZE_3,
        align: AlignmentType::Both,
        first_line: 2 * CHAR_TWIPS,
        outline: Some(2),
        color: None,
    },
    Def {
        id: "GwHeading4",
        name: "公文标题4（（1）仿宋）",
        role: Role::Fang,
        size: spec::SIZE_3,
        align: AlignmentType::Both,
        first_line: 2 * CHAR_TWIPS,
        outline: Some(3),
        color: None,
    },
    Def {
        id: "GwTitle",
        name: "公文标题",
        role: Role::XiaoBiaoSong,
        size: spec::SIZE_2,
        align: AlignmentType::Center,
        first_line: 0,
        outline: None,
        color: None,
    },
    Def {
        id: "GwRecipients",
        name: "主送机关",
        role: Role::Fang,
        size: spec::SIZE_3,
        align: AlignmentType::Both,
        first_line: 0,
        outline: None,
        color: None,
    },
    Def {
        id: "GwAttachNote",
        name: "附件说明",
        role: Role::Fang,
        size: spec::SIZE_3,
        align: AlignmentType::Both,
        first_line: 0,
        outline: None,
        color: None,
    },
    Def {
        id: "GwSignature",
        name: "署名",
        role: Role::Fang,
        size: spec::SIZE_3,
        align: AlignmentType::Left,
        first_line: 0,
        outline: None,
        color: None,
    },
    Def {
        id: "GwDate",
        name: "成文日期",
        role: Role::Fang,
        size: spec::SIZE_3,
        align: AlignmentType::Left,
        first_line: 0,
        outline: None,
        color: None,
    },
    Def {
        id: "GwNote",
        name: "附注",
        role: Role::Fang,
        size: spec::SIZE_3,
        align: AlignmentType::Both,
        first_line: 2 * CHAR_TWIPS,
        outline: None,
        color: None,
    },
    Def {
        id: "GwColophon",
        name: "版记",
        role: Role::Fang,
        size: spec::COLOPHON_SIZE,
        align: AlignmentType::Left,
        first_line: 0,
        outline: None,
        color: None,
    },
    Def {
        id: "GwHeaderInfo",
        name: "份号密级紧急程度",
        role: Role::Hei,
        size: spec::SIZE_3,
        align: AlignmentType::Left,
        first_line: 0,
        outline: None,
        color: None,
    },
    Def {
        id: "GwMark",
        name: "发文机关标志",
        role: Role::XiaoBiaoSong,
        size: spec::MARK_MAX_SIZE,
        align: AlignmentType::Center,
        first_line: 0,
        outline: None,
        color: Some("FF0000"),
    },
    Def {
        id: "GwDocNumber",
        name: "发文字号",
        role: Role::Fang,
        size: spec::SIZE_3,
        align: AlignmentType::Center,
        first_line: 0,
        outline: None,
        color: None,
    },
    Def {
        id: "GwAttachLabel",
        name: "附件标识",
        role: Role::Hei,
        size: spec::SIZE_3,
        align: AlignmentType::Left,
        first_line: 0,
        outline: None,
        color: None,
    },
    Def {
        id: "GwTable",
        name: "表格文字",
        role: Role::Fang,
        size: spec::TABLE_SIZE,
        align: AlignmentType::Left,
        first_line: 0,
        outline: None,
        color: None,
    },
    Def {
        id: "GwPageNumber",
        name: "页码",
        role: Role::Song,
        size: spec::PAGENUM_SIZE,
        align: AlignmentType::Right,
        first_line: 0,
        outline: None,
        color: None,
    },
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
