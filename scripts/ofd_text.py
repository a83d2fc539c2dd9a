#!/usr/bin/env python3
"""Text of our OFD against the text of our PDF, line for line, page by page.

usage: ofd_text.py DOC.ofd DOC.pdf

The OFD's lines are ofd_check.py's (TextCode positions, fragments on one baseline
joined left to right); the PDF's are pdfplumber's characters grouped by baseline (the
text matrix). Spaces are dropped on both sides (the OFD writes none: DeltaX moves past
them). Prints the first differences; exit 0 when every page has the same lines in the
same order, 1 otherwise.

ofd_check.py reads TextCode positions without the object's CTM, so on a page printed
turned (a 横排表格, whose objects carry a quarter-turn CTM) its lines are the objects'
own; there the page passes when it holds the same characters as the PDF's page
(reported as "same characters").
"""
import json, os, subprocess, sys, tempfile

import pdfplumber

PT_MM = 25.4 / 72
TOOLS = os.environ.get("TOOLS", os.path.join(os.path.dirname(__file__), "..", "..", "shared", "tools"))


def rows(items):
    """[(baseline mm, x mm, text)] grouped into lines by baseline (0.5 mm), top to bottom."""
    out = []
    for b, x, t in sorted(items):
        if out and abs(out[-1][0] - b) < 0.5:
            out[-1][1].append((x, t))
        else:
            out.append((b, [(x, t)]))
    return ["".join(t for _, t in sorted(parts)).replace(" ", "") for _, parts in out]


def ofd_lines(path):
    with tempfile.TemporaryDirectory() as d:
        js = os.path.join(d, "o.json")
        subprocess.run([sys.executable, os.path.join(TOOLS, "ofd_check.py"), "--quiet", "--json", js, path],
                       check=False, stdout=subprocess.DEVNULL)
        data = json.load(open(js))
    return [rows([(l["baseline_mm"], l["x_mm"], l["text"]) for l in p["lines"]]) for p in data["pages"]]


def pdf_lines(path):
    pages = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            items = [((float(page.height) - c["matrix"][5]) * PT_MM, c["x0"] * PT_MM, c["text"])
                     for c in page.chars if not c["text"].isspace()]
            pages.append(rows(items))
    return pages


def main():
    ofd, pdf = sys.argv[1], sys.argv[2]
    a, b = ofd_lines(ofd), pdf_lines(pdf)
    bad = 0
    if len(a) != len(b):
        print(f"pages: OFD {len(a)}, PDF {len(b)}")
        bad += 1
    same_chars = 0
    for n, (x, y) in enumerate(zip(a, b), 1):
        if x != y and sorted("".join(x)) == sorted("".join(y)):
            same_chars += 1
        elif x != y:
            bad += 1
            diff = next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
            print(f"page {n}: line {diff + 1}: OFD {x[diff:diff + 1]} PDF {y[diff:diff + 1]} ({len(x)} / {len(y)} lines)")
    lines = sum(len(p) for p in b)
    print(f"{os.path.basename(ofd)}: {len(a)} / {len(b)} pages, {lines} PDF lines, "
          f"{same_chars} page(s) with the same characters in another order, {bad} page(s) differ")
    sys.exit(1 if bad else 0)


main()
