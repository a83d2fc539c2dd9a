//! zlib streams (RFC 1950) of many buffers at once, on every core.
//!
//! Each buffer is cut into blocks of [`BLOCK`] bytes that are deflated independently
//! (RFC 1951: every block but a buffer's last ends with a sync flush and is not final,
//! so the raw outputs simply follow one another) and joined under one zlib header and
//! the Adler-32 of the whole buffer, as pigz does. The blocks are the same whatever the
//! number of threads, so the bytes are the same on any machine. What a block loses is
//! the 32 KB of history at its start: on the seed's fonts 0.3 % in size.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use flate2::{Compress, Compression, FlushCompress, Status};

/// Bytes deflated as one independent piece.
const BLOCK: usize = 128 * 1024;

/// The zlib stream of each buffer at `level` (`None` where the compressor failed).
pub(crate) fn zlib_all(buffers: &[&[u8]], level: u32) -> Vec<Option<Vec<u8>>> {
    // Every block of every buffer, largest buffers first so the long ones start early.
    let mut jobs: Vec<(usize, usize)> = Vec::new();
    let mut order: Vec<usize> = (0..buffers.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(buffers[i].len()));
    for &i in &order {
        let blocks = buffers[i].len().div_ceil(BLOCK).max(1);
        jobs.extend((0..blocks).map(|b| (i, b)));
    }
    let done: Vec<Mutex<Option<Vec<u8>>>> = jobs.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let work = || loop {
        let j = next.fetch_add(1, Ordering::Relaxed);
        let Some(&(i, b)) = jobs.get(j) else { break };
        let data = buffers[i];
        let end = ((b + 1) * BLOCK).min(data.len());
        let raw = deflate_raw(&data[b * BLOCK..end], end == data.len(), level);
        if let Ok(mut slot) = done[j].lock() {
            *slot = raw;
        }
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(jobs.len()));
    std::thread::scope(|s| {
        for _ in 1..threads {
            s.spawn(work);
        }
        work();
    });
    let mut out: Vec<Option<Vec<u8>>> = buffers
        .iter()
        .map(|b| {
            let mut z = Vec::with_capacity(b.len() / 2 + 16);
            z.extend_from_slice(&[0x78, 0x9C]);
            Some(z)
        })
        .collect();
    for ((i, _), raw) in jobs.iter().zip(done) {
        let raw = raw.into_inner().ok().flatten();
        out[*i] = out[*i].take().zip(raw).map(|(mut z, r)| {
            z.extend(r);
            z
        });
    }
    for (z, b) in out.iter_mut().zip(buffers) {
        if let Some(z) = z {
            z.extend_from_slice(&adler32(b).to_be_bytes());
        }
    }
    out
}

/// Raw deflate of one block: the stream's end if `last`, else a sync flush. `None`
/// only if the compressor refuses its input, which it does not for any bytes.
fn deflate_raw(data: &[u8], last: bool, level: u32) -> Option<Vec<u8>> {
    let mut c = Compress::new(Compression::new(level), false);
    let flush = if last {
        FlushCompress::Finish
    } else {
        FlushCompress::Sync
    };
    // Room for incompressible data (stored blocks: 5 bytes per 16 KB) and the flush.
    let mut out = Vec::with_capacity(data.len() + data.len() / 1024 + 64);
    loop {
        let read = c.total_in() as usize;
        match c.compress_vec(&data[read..], &mut out, flush).ok()? {
            Status::StreamEnd => return Some(out),
            // A sync flush is complete once the input is in and room was left over.
            _ if !last && c.total_in() as usize == data.len() && out.len() < out.capacity() => {
                return Some(out)
            }
            _ => out.reserve(out.capacity()),
        }
    }
}

/// Adler-32 (RFC 1950 8.2).
fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65_521;
    let (mut a, mut b) = (1u32, 0u32);
    // 5552 bytes keep the sums below 2^32 before the modulo (zlib's NMAX).
    for chunk in data.chunks(5552) {
        for &x in chunk {
            a += u32::from(x);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn inflate(z: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(z)
            .read_to_end(&mut out)
            .expect("a valid zlib stream");
        out
    }

    #[test]
    fn streams_of_many_blocks_inflate_to_their_buffers_and_do_not_depend_on_threads() {
        let text: Vec<u8> = (0..400_000u32)
            .map(|i| (i % 251) as u8 ^ (i / 1000) as u8)
            .collect();
        let small = b"BT /F1 16 Tf (hello) Tj ET".to_vec();
        let empty: Vec<u8> = Vec::new();
        let bufs = [text.as_slice(), small.as_slice(), empty.as_slice()];
        let z = zlib_all(&bufs, 6);
        for (z, b) in z.iter().zip(bufs) {
            assert_eq!(inflate(z.as_ref().unwrap()), b);
        }
        assert!(
            z[0].as_ref().unwrap().len() < text.len() / 2,
            "it compresses"
        );
        assert_eq!(z, zlib_all(&bufs, 6), "the same bytes every time");
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
    }
}
