#!/usr/bin/env bash
# Times the example binary against its peers on the same inputs in one run (hyperfine),
# and writes the table with ratios to BENCHMARKS.md.
#   scripts/bench-peers.sh            needs hyperfine, pandoc, LibreOffice (apt-get install
#                                     hyperfine pandoc libreoffice-writer-nogui)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target/bench-peers
mkdir -p "$OUT"
cargo build --release --locked --example gongwen >/dev/null 2>&1
BIN=$PWD/target/release/examples/gongwen

# Inputs: the seed, and 100 times its body (about 560 pages).
cp fixtures/seed.md "$OUT/seed1.md"
python3 - "$OUT" <<'PY'
import sys
out = sys.argv[1]
text = open("fixtures/seed.md", encoding="utf-8").read()
i = text.index("\n---\n") + 5
head, body = text[:i], text[i:]
for n in (10, 100):
    open(f"{out}/seed{n}.md", "w", encoding="utf-8").write(head + ("\n" + body) * n)
PY

profile=$(mktemp -d)
lo="soffice -env:UserInstallation=file://$profile --headless --convert-to pdf --outdir $OUT"
rows=()
for n in 1 10 100; do
  in="$OUT/seed$n.md"
  runs=$([ $n = 100 ] && echo 3 || echo 10)
  hyperfine --warmup 1 --runs "$runs" --export-json "$OUT/seed$n.json" \
    -n "gongwen PDF+DOCX" "$BIN -o $OUT/g $in" \
    -n "pandoc DOCX" "pandoc $in -o $OUT/p$n.docx" \
    -n "pandoc+LibreOffice PDF" "pandoc $in -o $OUT/pl$n.docx && $lo $OUT/pl$n.docx" >/dev/null
  rows+=("$n")
done

mem() { /usr/bin/time -f %M "$BIN" -o "$OUT/g" "$1" 2>&1 >/dev/null | tail -1; }
m1=$(mem "$OUT/seed1.md"); m100=$(mem "$OUT/seed100.md")

python3 - "$OUT" "$m1" "$m100" <<'PY'
import json, sys, platform, subprocess, datetime
out, m1, m100 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
pages = {}
lines = ["# Benchmarks", "",
         f"Machine: {cpu}, {cores} cores, Linux {platform.release()}; measured {datetime.date.today()} by `scripts/bench-peers.sh` (hyperfine, one run for all tools).", "",
         "| input | gongwen PDF+DOCX | pandoc DOCX | pandoc+LibreOffice PDF | pandoc ÷ gongwen | pandoc+LO ÷ gongwen |",
         "|---|---|---|---|---|---|"]
median = {}
for n in (1, 10, 100):
    r = {x["command"]: x for x in json.load(open(f"{out}/seed{n}.json"))["results"]}
    g, p, pl = (r[k]["median"] * 1000 for k in ("gongwen PDF+DOCX", "pandoc DOCX", "pandoc+LibreOffice PDF"))
    median[n] = g
    lines.append(f"| seed ×{n} | {g:.1f} ms | {p:.1f} ms | {pl:.0f} ms | {p / g:.1f}× | {pl / g:.1f}× |")
met = lambda ok: "met" if ok else "**not met**"
lines += ["", f"Peak memory of gongwen (max RSS): seed ×1 {m1 / 1024:.1f} MB, seed ×100 {m100 / 1024:.1f} MB.", "",
          "Targets (issue 7):", "",
          f"- seed → PDF + DOCX ≤ 10 ms: {median[1]:.1f} ms, {met(median[1] <= 10)}",
          f"- seed ×100 → both ≤ 300 ms: {median[100]:.1f} ms, {met(median[100] <= 300)}",
          f"- peak memory ≤ 50 MB (seed) and ≤ 150 MB (×100): {m1 / 1024:.1f} MB and {m100 / 1024:.1f} MB, {met(m1 <= 50 * 1024 and m100 <= 150 * 1024)}", "",
          "Medians. gongwen writes both formats in one process; pandoc writes only a DOCX without",
          "the official format; pandoc+LibreOffice is the usual way to get a PDF from it.",
          "Stage timings (read+layout, PDF, DOCX) are in `cargo bench --bench pipeline`."]
open("BENCHMARKS.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
