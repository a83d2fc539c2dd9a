#!/usr/bin/env bash
# Times the example binary per output format against its peers on the same inputs, in one
# run (hyperfine, medians of whole processes), with peak memory and output sizes, and
# writes the table with ratios to BENCHMARKS.md.
#   scripts/bench-peers.sh     needs hyperfine, pandoc, LibreOffice (apt-get install
#                              hyperfine pandoc libreoffice-writer-nogui); Typst through
#                              its Python package (pip install typst), if present
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target/bench-peers
mkdir -p "$OUT"
cargo build --release --locked --example gongwen >/dev/null 2>&1
BIN=$PWD/target/release/examples/gongwen

# Inputs: the seed, and 10 and 100 times its body (about 56 and 560 pages).
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

# Typst: the same text as Typst markup (headings and paragraphs; every markup character
# escaped), compiled with the same Fandol faces.
typst=0
if python3 -c 'import typst' 2>/dev/null; then
  typst=1
  mkdir -p "$OUT/fonts" && cp fonts/*/*.ttf "$OUT/fonts/"
  python3 - "$OUT" <<'PY'
import re, sys
out = sys.argv[1]
for n in (1, 10, 100):
    text = open(f"{out}/seed{n}.md", encoding="utf-8").read()
    body = text[text.index("\n---\n") + 5:]
    lines = ['#set text(font: "FandolFang", size: 16pt, lang: "zh")', '#set page(paper: "a4")']
    for block in body.split("\n\n"):
        block = block.strip()
        if not block:
            continue
        level = len(block) - len(block.lstrip("#"))
        esc = re.sub(r'([*_#$@<>`\\\[\]~=-])', r'\\\1', block.lstrip("# "))
        lines.append(("=" * level + " " if level else "") + esc)
    open(f"{out}/seed{n}.typ", "w", encoding="utf-8").write("\n\n".join(lines) + "\n")
PY
fi

profile=$(mktemp -d)
lo="soffice -env:UserInstallation=file://$profile --headless --convert-to pdf --outdir $OUT"
g="$BIN -q -o $OUT/g"
for n in 1 10 100; do
  in="$OUT/seed$n.md"
  runs=$([ $n = 100 ] && echo 5 || echo 20)
  cmds=(-n "gongwen DOCX" "$g --docx $in" -n "gongwen PDF" "$g --pdf $in"
        -n "gongwen OFD" "$g --ofd $in" -n "gongwen PDF+DOCX" "$g $in"
        -n "gongwen all three" "$g --pdf --docx --ofd $in"
        -n "pandoc DOCX" "pandoc $in -o $OUT/p$n.docx"
        -n "pandoc+LibreOffice PDF" "pandoc $in -o $OUT/pl$n.docx && $lo $OUT/pl$n.docx")
  [ $typst = 1 ] && cmds+=(-n "Typst PDF" "python3 -c \"import typst; typst.compile('$OUT/seed$n.typ', output='$OUT/t$n.pdf', font_paths=['$OUT/fonts'])\"")
  hyperfine --warmup 2 --runs "$runs" --export-json "$OUT/seed$n.json" "${cmds[@]}" >/dev/null
done

mem() { /usr/bin/time -f %M $g "$@" 2>&1 >/dev/null | tail -1; }
for n in 1 100; do
  for f in docx pdf ofd; do echo "$n $f $(mem --$f "$OUT/seed$n.md")"; done
  echo "$n both $(mem "$OUT/seed$n.md")"
done > "$OUT/mem.txt"
$g --pdf --docx --ofd "$OUT/seed1.md"

python3 - "$OUT" "$typst" <<'PY'
import json, os, sys, platform, subprocess, datetime
out, typst = sys.argv[1], sys.argv[2] == "1"
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
mem = {}
for line in open(f"{out}/mem.txt"):
    n, f, kb = line.split()
    mem[(int(n), f)] = int(kb) / 1024
ours = ["gongwen DOCX", "gongwen PDF", "gongwen OFD", "gongwen PDF+DOCX", "gongwen all three"]
peers = ["pandoc DOCX", "pandoc+LibreOffice PDF"] + (["Typst PDF"] if typst else [])
med = {}
for n in (1, 10, 100):
    for x in json.load(open(f"{out}/seed{n}.json"))["results"]:
        med[(n, x["command"])] = x["median"] * 1000
ms = lambda v: f"{v:.0f} ms" if v >= 100 else f"{v:.1f} ms"
L = ["# Benchmarks", "",
     f"Machine: {cpu}, {cores} cores, Linux {platform.release()}; measured {datetime.date.today()} by "
     "`scripts/bench-peers.sh` (hyperfine, medians of whole processes, one run for all tools). "
     "The seed is `fixtures/seed.md` (7 pages); ×10 and ×100 repeat its body (56 and 560 pages).", "",
     "| tool, output | seed ×1 | seed ×10 | seed ×100 |", "|---|---|---|---|"]
for c in ours + peers:
    L.append(f"| {c} | " + " | ".join(ms(med[(n, c)]) for n in (1, 10, 100)) + " |")
L += ["", "Ratios, per format (peer ÷ gongwen; above 1 gongwen is faster):", "",
      "| comparison | seed ×1 | seed ×10 | seed ×100 |", "|---|---|---|---|"]
pairs = [("pandoc DOCX", "gongwen DOCX"), ("pandoc+LibreOffice PDF", "gongwen PDF")]
if typst:
    pairs.append(("Typst PDF", "gongwen PDF"))
pairs += [("gongwen PDF", "gongwen DOCX"), ("gongwen OFD", "gongwen DOCX")]
for a, b in pairs:
    L.append(f"| {a} ÷ {b} | " + " | ".join(f"{med[(n, a)] / med[(n, b)]:.1f}×" for n in (1, 10, 100)) + " |")
size = lambda e: os.path.getsize(f"{out}/g/seed1.{e}") / 1024
L += ["", "Peak memory of gongwen (max RSS) and the seed's output sizes:", "",
      "| output | seed ×1 | seed ×100 | seed's file |", "|---|---|---|---|"]
for f, name in (("docx", "DOCX"), ("pdf", "PDF"), ("ofd", "OFD")):
    L.append(f"| {name} | {mem[(1, f)]:.1f} MB | {mem[(100, f)]:.1f} MB | {size(f):.0f} KB |")
L.append(f"| PDF+DOCX | {mem[(1, 'both')]:.1f} MB | {mem[(100, 'both')]:.1f} MB | |")
L += ["", "gongwen writes each format from the same layout in one process; pandoc writes a DOCX",
      "without the official format; pandoc+LibreOffice is the usual way to a PDF from it;",
      "Typst (its Python package, Python's start included) compiles the same text as Typst markup",
      "with the same Fandol faces, without the official format. Stage timings (read +",
      "layout, PDF, OFD, DOCX) are in `cargo bench --bench pipeline`."]
open("BENCHMARKS.md", "w").write("\n".join(L) + "\n")
print("\n".join(L))
PY
