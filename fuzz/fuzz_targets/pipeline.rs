//! Bytes → report → layout → PDF and DOCX: never a panic, never a hang.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn converter() -> &'static gongwen::Converter {
    static C: OnceLock<gongwen::Converter> = OnceLock::new();
    C.get_or_init(|| gongwen::Converter::with_fonts(gongwen::FontSet::default_set().expect("fonts").system_fallback(false)))
}

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = converter().read_bytes(data, None) {
        let _ = doc.to_pdf();
        let _ = doc.to_docx();
    }
});
