//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use gongwen::{Converter, Diagnostic, Document, Error, Severity};

/// One converter for the whole test binary (parsing the bundled fonts once).
pub fn converter() -> &'static Converter {
    static C: OnceLock<Converter> = OnceLock::new();
    C.get_or_init(|| Converter::new().expect("bundled fonts"))
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

pub fn read(name: &str) -> Document {
    converter()
        .read_path(fixture(name))
        .unwrap_or_else(|e| panic!("{name}: {e}: {:#?}", e.diagnostics()))
}

pub fn errors(name: &str) -> Vec<Diagnostic> {
    match converter().read_path(fixture(name)) {
        Err(Error::Invalid(d)) => d,
        Err(e) => panic!("{name}: expected diagnostics, got {e}"),
        Ok(_) => panic!("{name}: expected an error"),
    }
}

pub fn warnings(doc: &Document) -> Vec<&Diagnostic> {
    doc.diagnostics()
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect()
}

pub fn seed_text() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seed/2023-h1-work-summary.txt"),
    )
    .unwrap_or_else(|_| std::fs::read_to_string(fixture("seed.md")).expect("seed fixture"))
}
