//! The front matter alone: any YAML between the `---` lines gives a report or diagnostics.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn converter() -> &'static gongwen::Converter {
    static C: OnceLock<gongwen::Converter> = OnceLock::new();
    C.get_or_init(|| gongwen::Converter::with_fonts(gongwen::FontSet::default_set().expect("fonts").system_fallback(false)))
}

fuzz_target!(|data: &[u8]| {
    let mut input = b"---\n".to_vec();
    input.extend_from_slice(data);
    input.extend_from_slice("\n---\n\n正文。\n".as_bytes());
    let _ = converter().read_bytes(&input, None);
});
