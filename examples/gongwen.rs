fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let conv = gongwen::Converter::new().unwrap();
    for a in args {
        match conv.read_path(&a) {
            Ok(doc) => {
                for d in doc.diagnostics() {
                    eprintln!("{}", d.render(Some(doc.source())));
                }
                let stem = std::path::Path::new(&a).with_extension("");
                std::fs::write(stem.with_extension("pdf"), doc.to_pdf().unwrap()).unwrap();
                std::fs::write(stem.with_extension("docx"), doc.to_docx().unwrap()).unwrap();
            }
            Err(e) => {
                for d in e.diagnostics() {
                    eprintln!("{}", d.render(None));
                }
                eprintln!("{e}");
            }
        }
    }
}
