//! Report + page breaks → DOCX (docx-rs).

use docx_rs::{Docx, Paragraph, Run};

use crate::error::Error;
use crate::layout::Laid;
use crate::model::Report;

pub(crate) fn write(report: &Report, _laid: &Laid) -> Result<Vec<u8>, Error> {
    let mut docx = Docx::new();
    if let Some(t) = &report.meta.title {
        docx = docx.add_paragraph(Paragraph::new().add_run(Run::new().add_text(t)));
    }
    for line in report.body_text().lines() {
        docx = docx.add_paragraph(Paragraph::new().add_run(Run::new().add_text(line)));
    }
    let mut out = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut out).map_err(|e| Error::Write {
        format: "DOCX",
        message: e.to_string(),
    })?;
    Ok(out.into_inner())
}
