//! The README's library snippet runs as written in a function returning
//! `Box<dyn Error>` and in one returning `gongwen::Error`.

/// The README's snippet, verbatim (the test checks the README still has it).
#[rustfmt::skip]
macro_rules! snippet {
    () => {
        // README begin
let converter = gongwen::Converter::new()?;                 // parses the bundled fonts once
let doc = converter.read_path("fixtures/full-document.md")?; // read + check + lay out
for d in doc.diagnostics() { eprintln!("{}", d.render(Some(doc.source()))); }
doc.save_pdf("out.pdf")?;                                    // or to_pdf() for the bytes
doc.save_docx("out.docx")?;
doc.save_ofd("out.ofd")?;
        // README end
    };
}

fn with_box() -> Result<(), Box<dyn std::error::Error>> {
    snippet!();
    Ok(())
}

fn with_gongwen_error() -> Result<(), gongwen::Error> {
    snippet!();
    Ok(())
}

#[test]
fn the_readme_snippet_runs_as_written_with_either_error_type() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let this = std::fs::read_to_string("tests/readme.rs").unwrap();
    let lines = |s: &str, from: &str, to: &str| -> String {
        let start = s.find(from).unwrap() + from.len();
        let end = start + s[start..].find(to).unwrap();
        s[start..end].trim().to_string()
    };
    assert_eq!(
        lines(&readme, "```rust\n", "```"),
        lines(&this, "// README begin\n", "// README end"),
        "the README's snippet changed"
    );
    with_box().unwrap();
    with_gongwen_error().unwrap();
    for f in ["out.pdf", "out.docx", "out.ofd"] {
        assert!(std::fs::metadata(f).unwrap().len() > 1000);
        std::fs::remove_file(f).unwrap();
    }
}
