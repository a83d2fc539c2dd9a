//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use gongwen::layout::{Color, Item, Page, TextRun};
use gongwen::spec::pt;
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

/// The seed document's text as the bureau wrote it (`fixtures/seed-source.txt`, a copy
/// of `../shared/seed/2023-h1-work-summary.txt`, so a clone anywhere can compare).
pub fn seed_text() -> String {
    std::fs::read_to_string(fixture("seed-source.txt")).expect("seed source")
}

/// Runs grouped into lines by baseline: (baseline, runs sorted by x).
pub fn lines(page: &Page) -> Vec<(f32, Vec<&TextRun>)> {
    let mut runs: Vec<&TextRun> = page.runs().collect();
    runs.sort_by(|a, b| {
        a.baseline
            .total_cmp(&b.baseline)
            .then(a.x0().total_cmp(&b.x0()))
    });
    let mut out: Vec<(f32, Vec<&TextRun>)> = Vec::new();
    for r in runs {
        match out.last_mut() {
            Some((b, rs)) if (*b - r.baseline).abs() < 0.5 => rs.push(r),
            _ => out.push((r.baseline, vec![r])),
        }
    }
    out
}

pub fn text(runs: &[&TextRun]) -> String {
    runs.iter().map(|r| r.text()).collect()
}

/// The line whose text starts with `prefix`, anywhere in the document: (page index, runs).
pub fn line<'a>(doc: &'a Document, prefix: &str) -> (usize, Vec<&'a TextRun>) {
    for (i, p) in doc.pages().iter().enumerate() {
        for (_, rs) in lines(p) {
            if text(&rs).starts_with(prefix) {
                return (i, rs);
            }
        }
    }
    panic!("no line starting with {prefix}");
}

/// Top of the ink of a run's glyphs, mm below its baseline.
pub fn ink_top(doc: &Document, run: &TextRun) -> f32 {
    let face = doc.fonts().face_by_id(run.face);
    let f = ttf_parser::Face::parse(face.bytes(), 0).unwrap();
    let upem = f32::from(f.units_per_em());
    run.glyphs
        .iter()
        .filter_map(|g| f.glyph_bounding_box(ttf_parser::GlyphId(g.gid)))
        .map(|b| f32::from(b.y_max) / upem)
        .fold(0.0, f32::max)
        * pt(run.size)
}

/// Horizontal rules of one colour on a page: (x, y of the stroke's centre, width, thickness).
pub fn rules(page: &Page, colour: Color) -> Vec<(f32, f32, f32, f32)> {
    page.items
        .iter()
        .filter_map(|i| match i {
            Item::Rule {
                x,
                y,
                width,
                thickness,
                color,
            } if *color == colour => Some((*x, *y, *width, *thickness)),
            _ => None,
        })
        .collect()
}

/// Bottom of a run's em box (the standard measures gaps between em boxes).
pub fn em_bottom(run: &TextRun) -> f32 {
    run.baseline + (1.0 - gongwen::spec::EM_ASCENT) * gongwen::spec::pt(run.size)
}
