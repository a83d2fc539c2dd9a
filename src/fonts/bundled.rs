//! The Fandol faces compiled into the library (feature `bundled-fonts`).

use super::{Bytes, Face};

use gongwen_fonts_body::{FANG, SONG_BOLD, SONG_PAGE_NUMBERS as SONG};
use gongwen_fonts_headings::{HEI, KAI};

/// 仿宋, 楷体, 黑体, 宋体, 小标宋 (FandolSong-Bold stands in).
pub(super) fn faces() -> Vec<Face> {
    [FANG, KAI, HEI, SONG, SONG_BOLD]
        .into_iter()
        .map(|b| Face::new(Bytes::Static(b), 0).expect("bundled fonts parse"))
        .collect()
}
