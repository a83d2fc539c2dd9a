//! The heading faces of [gongwen](https://crates.io/crates/gongwen): the Fandol fonts by
//! Clerk Ma and Jie Su (v0.3, 2015), GPL v3 with the GPL font exception (`COPYING`,
//! `README.fandol`): documents made with them are not covered by the GPL. TrueType
//! outlines converted from Debian's CFF originals; names and metrics unchanged.
//!
//! ```
//! assert!(gongwen_fonts_headings::KAI.starts_with(&[0, 1, 0, 0]), "a TrueType font");
//! ```
#![no_std]

/// FandolKai-Regular: 楷体, heading 2 and the 签发人 names.
pub static KAI: &[u8] = include_bytes!("../FandolKai-Regular.ttf");
/// FandolHei-Regular: 黑体, heading 1, 密级, 紧急程度, the 附件 label, table headers.
pub static HEI: &[u8] = include_bytes!("../FandolHei-Regular.ttf");
