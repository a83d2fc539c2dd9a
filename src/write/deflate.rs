//! zlib streams (RFC 1950) of many buffers at once, on every core, by libdeflate: one
//! buffer per job, the largest first. The bytes depend on nothing but the buffers and
//! the level, so they are the same on any machine and with any number of threads.

use std::cell::RefCell;

use libdeflater::{CompressionLvl, Compressor};

/// The zlib stream of each buffer at `level` (`None` where the compressor failed).
pub(crate) fn zlib_all(buffers: &[&[u8]], level: i32) -> Vec<Option<Vec<u8>>> {
    thread_local! {
        static COMPRESSOR: RefCell<Option<(i32, Compressor)>> = const { RefCell::new(None) };
    }
    // Largest first, so the long ones start early.
    let mut order: Vec<usize> = (0..buffers.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(buffers[i].len()));
    let packed = super::par_map(&order, |&i| {
        COMPRESSOR.with_borrow_mut(|c| {
            if c.as_ref().is_none_or(|(l, _)| *l != level) {
                *c = Some((level, Compressor::new(CompressionLvl::new(level).ok()?)));
            }
            let (_, c) = c.as_mut()?;
            let data = buffers[i];
            let mut out = vec![0; c.zlib_compress_bound(data.len())];
            let n = c.zlib_compress(data, &mut out).ok()?;
            out.truncate(n);
            Some(out)
        })
    });
    let mut out: Vec<Option<Vec<u8>>> = vec![None; buffers.len()];
    for (i, z) in order.into_iter().zip(packed) {
        out[i] = z;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inflate(z: &[u8]) -> Vec<u8> {
        let mut d = libdeflater::Decompressor::new();
        let mut out = vec![0; 1 << 20];
        let n = d.zlib_decompress(z, &mut out).expect("a valid zlib stream");
        out.truncate(n);
        out
    }

    #[test]
    fn every_buffer_inflates_to_itself_and_the_bytes_do_not_change() {
        let text: Vec<u8> = (0..400_000u32)
            .map(|i| (i % 251) as u8 ^ (i / 1000) as u8)
            .collect();
        let small = b"BT /F1 16 Tf (hello) Tj ET".to_vec();
        let empty: Vec<u8> = Vec::new();
        let bufs = [small.as_slice(), text.as_slice(), empty.as_slice()];
        let z = zlib_all(&bufs, 1);
        for (z, b) in z.iter().zip(bufs) {
            assert_eq!(inflate(z.as_ref().unwrap()), b);
        }
        assert!(
            z[1].as_ref().unwrap().len() < text.len() / 2,
            "it compresses"
        );
        assert_eq!(z, zlib_all(&bufs, 1), "the same bytes every time");
        assert_eq!(zlib_all(&bufs, 99), vec![None, None, None], "no such level");
    }
}
