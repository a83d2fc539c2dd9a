//! The body faces of [gongwen](https://crates.io/crates/gongwen): the Fandol fonts by
//! Clerk Ma and Jie Su (v0.3, 2015), GPL v3 with the GPL font exception (`COPYING`,
//! `README.fandol`): documents made with them are not covered by the GPL. TrueType
//! outlines converted from Debian's CFF originals; names and metrics unchanged.
//!
//! ```
//! assert!(gongwen_fonts_body::FANG.starts_with(&[0, 1, 0, 0]), "a TrueType font");
//! ```
#![no_std]

/// FandolFang-Regular: 仿宋, the body, headings 3–4 and the 版记.
pub static FANG: &[u8] = include_bytes!("../FandolFang-Regular.ttf");
/// FandolSong-Bold: the stand-in for 方正小标宋 (no free 小标宋 exists): mark and title.
pub static SONG_BOLD: &[u8] = include_bytes!("../FandolSong-Bold.ttf");
/// FandolSong-Regular cut to printable ASCII and the em dash (97 glyphs, 17 KB): the
/// 宋体 page numbers "— 1 —" need no more, and the whole face is 5.7 MB. Glyphs,
/// advances and names are the original's.
pub static SONG_PAGE_NUMBERS: &[u8] = include_bytes!("../FandolSong-Regular.ttf");
