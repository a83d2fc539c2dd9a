//! Writers: the laid-out pages to PDF and OFD, the report plus page breaks to DOCX.

#[cfg(feature = "pdf")]
mod deflate;
pub(crate) mod docx;
#[cfg(feature = "ofd")]
pub(crate) mod ofd;
#[cfg(feature = "pdf")]
pub(crate) mod pdf;
#[cfg(any(feature = "pdf", feature = "ofd"))]
mod subset;

use crate::model::Meta;

/// What a document says about itself (PDF Info, DOCX core properties): the title, the
/// 发文机关 as author, and the 成文日期 as the date it was made, at midnight Beijing
/// time (UTC+8). Never the clock: the same report gives the same bytes.
pub(crate) struct Info {
    pub title: String,
    pub author: String,
    /// Seconds since 1970-01-01 UTC of the 成文日期's midnight in Beijing (the PDF's dates).
    #[cfg_attr(not(feature = "pdf"), allow(dead_code))]
    pub unix: Option<i64>,
    /// The same instant as W3CDTF (`2024-07-05T00:00:00+08:00`).
    pub w3c: Option<String>,
}

/// China Standard Time, UTC+8, in hours.
const BEIJING_UTC_OFFSET: i64 = 8;

impl Info {
    pub fn of(meta: &Meta) -> Info {
        let date = meta.date;
        Info {
            title: meta.title.clone().unwrap_or_default().replace('\n', ""),
            author: meta.issuer.join("、"),
            unix: date.map(|d| {
                days_from_civil(i64::from(d.year), i64::from(d.month), i64::from(d.day)) * 86_400
                    - BEIJING_UTC_OFFSET * 3_600
            }),
            w3c: date.map(|d| {
                format!(
                    "{:04}-{:02}-{:02}T00:00:00+{BEIJING_UTC_OFFSET:02}:00",
                    d.year, d.month, d.day
                )
            }),
        }
    }
}

/// A ZIP of `parts` in their order, deflated, every entry dated 1980-01-01 00:00 (the
/// format's earliest time), so the same parts give the same bytes (DOCX, OFD).
pub(crate) fn zip(parts: Vec<(String, Vec<u8>)>) -> Result<Vec<u8>, String> {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, data) in parts {
        zip.start_file(name, options).map_err(|e| e.to_string())?;
        zip.write_all(&data).map_err(|e| e.to_string())?;
    }
    Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
}

/// `f` of every item, on every core, in the items' order. Items are taken one at a time
/// from a shared counter, so put the longest first.
#[cfg(feature = "pdf")]
pub(crate) fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let done: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let work = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(item) = items.get(i) else { break };
        let r = f(item);
        if let Ok(mut slot) = done[i].lock() {
            *slot = Some(r);
        }
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(items.len()));
    std::thread::scope(|s| {
        for _ in 1..threads {
            s.spawn(work);
        }
        work();
    });
    done.into_iter()
        .filter_map(|m| m.into_inner().ok().flatten())
        .collect()
}

/// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    #[test]
    fn days_from_civil_counts_from_1970() {
        assert_eq!(super::days_from_civil(1970, 1, 1), 0);
        assert_eq!(super::days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(super::days_from_civil(2024, 7, 5), 19_909);
    }
}
