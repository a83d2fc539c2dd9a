//! Criterion benchmarks of each stage on 1×, 10× and 100× the seed report:
//! read + layout (`read`), PDF writing (`pdf`), OFD writing (`ofd`) and DOCX writing
//! (`docx`).
//!
//! `cargo bench --bench pipeline`; the 100× input is about 560 pages.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn seed(times: usize) -> String {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/seed.md"))
        .expect("seed fixture");
    let body_start = text.find("\n---\n").map_or(0, |i| i + 5);
    let (head, body) = text.split_at(body_start);
    let mut out = head.to_string();
    for _ in 0..times {
        out.push_str(body);
        out.push('\n');
    }
    out
}

fn stages(c: &mut Criterion) {
    let conv = gongwen::Converter::new().expect("bundled fonts");
    for times in [1usize, 10, 100] {
        let input = seed(times);
        let doc = conv.read_str(&input).expect("seed reads");
        let mut g = c.benchmark_group(format!("seed×{times}"));
        g.sample_size(if times == 100 { 10 } else { 30 });
        g.throughput(Throughput::Bytes(input.len() as u64));
        g.bench_with_input(BenchmarkId::new("read+layout", times), &input, |b, i| {
            b.iter(|| conv.read_str(i).expect("reads"))
        });
        g.bench_with_input(BenchmarkId::new("pdf", times), &doc, |b, d| {
            b.iter(|| d.to_pdf().expect("pdf"))
        });
        g.bench_with_input(BenchmarkId::new("ofd", times), &doc, |b, d| {
            b.iter(|| d.to_ofd().expect("ofd"))
        });
        g.bench_with_input(BenchmarkId::new("docx", times), &doc, |b, d| {
            b.iter(|| d.to_docx().expect("docx"))
        });
        g.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
