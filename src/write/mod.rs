//! Writers: the laid-out pages to PDF, the report plus page breaks to DOCX.

pub(crate) mod docx;
#[cfg(feature = "pdf")]
pub(crate) mod pdf;
#[cfg(feature = "pdf")]
mod subset;
