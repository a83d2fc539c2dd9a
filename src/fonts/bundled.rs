//! The Fandol faces compiled into the library (feature `bundled-fonts`).

use super::{Bytes, Face};

static FANG: &[u8] = include_bytes!("../../fonts/FandolFang-Regular.ttf");
static KAI: &[u8] = include_bytes!("../../fonts/FandolKai-Regular.ttf");
static HEI: &[u8] = include_bytes!("../../fonts/FandolHei-Regular.ttf");
static SONG: &[u8] = include_bytes!("../../fonts/FandolSong-Regular.ttf");
static SONG_BOLD: &[u8] = include_bytes!("../../fonts/FandolSong-Bold.ttf");

/// 仿宋, 楷体, 黑体, 宋体, 小标宋 (FandolSong-Bold stands in).
pub(super) fn faces() -> Vec<Face> {
    [FANG, KAI, HEI, SONG, SONG_BOLD]
        .into_iter()
        .map(|b| Face::new(Bytes::Static(b), 0).expect("bundled fonts parse"))
        .collect()
}
