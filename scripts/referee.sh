#!/usr/bin/env bash
# Runs the independent GB/T 9704 referee (../shared/tools) on the fixtures' PDF and DOCX.
#   scripts/referee.sh [--install] [OUTDIR]
# --install: apt/pip-install what the referee needs (poppler-utils, qpdf, LibreOffice,
# the Fandol fonts for LibreOffice, pdfplumber, python-docx).
# Prints `N passed, M failed` and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
TOOLS=${GONGWEN_TOOLS:-../shared/tools}
# A local clone (git clone /work/main /tmp/x) finds the tools beside the repository it
# was cloned from.
if [ ! -d "$TOOLS" ] && origin=$(git config --get remote.origin.url 2>/dev/null) \
   && [ -d "$origin/../shared/tools" ]; then
  TOOLS="$origin/../shared/tools"
fi
[ -d "$TOOLS" ] || { echo "referee tools not found at $TOOLS (set GONGWEN_TOOLS)"; exit 1; }
install=0
[ "${1:-}" = "--install" ] && { install=1; shift; }
OUT=${1:-target/referee}
mkdir -p "$OUT"

if [ $install = 1 ]; then
  need=()
  command -v pdftoppm >/dev/null || need+=(poppler-utils)
  command -v qpdf >/dev/null || need+=(qpdf)
  command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
  if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  python3 -c 'import pdfplumber, docx' 2>/dev/null || pip install -q pdfplumber python-docx
  if ! fc-list | grep -qi FandolFang; then
    mkdir -p /usr/local/share/fonts/fandol
    # The referee's LibreOffice needs the Fandol fonts installed (its fontconfig aliases map
    # 仿宋_GB2312 … to them). Ours are TrueType copies of the same faces.
    cp fonts/*.ttf /usr/local/share/fonts/fandol/
    cp "$TOOLS/gongwen-fonts.conf" /etc/fonts/conf.d/60-gongwen-fonts.conf
    fc-cache -f >/dev/null
  fi
fi

cargo build --locked --example gongwen >/dev/null 2>&1 || { echo "build failed"; exit 1; }
BIN=${CARGO_TARGET_DIR:-target}/debug/examples/gongwen
pass=0; fail=0
check() { # name, command...
  local name=$1; shift
  if "$@" > "$OUT/$name.log" 2>&1; then pass=$((pass+1)); echo "ok   $name";
  else fail=$((fail+1)); echo "FAIL $name"; tail -20 "$OUT/$name.log"; fi
}
for f in seed full-document; do
  $BIN -o "$OUT" fixtures/$f.md 2>/dev/null
done
check seed.pdf.gbt9704 python3 "$TOOLS/gbt9704_check.py" "$OUT/seed.pdf"
check full-document.pdf.gbt9704 python3 "$TOOLS/gbt9704_check.py" "$OUT/full-document.pdf" --expect-header --expect-footer
check seed.pdf.fidelity python3 "$TOOLS/text_fidelity.py" fixtures/seed.md "$OUT/seed.pdf"
check full-document.pdf.fidelity python3 "$TOOLS/text_fidelity.py" fixtures/full-document.md "$OUT/full-document.pdf"
check seed.pdf.qpdf qpdf --check "$OUT/seed.pdf"
check full-document.pdf.qpdf qpdf --check "$OUT/full-document.pdf"
if [ -n "${GONGWEN_REFEREE_DOCX:-1}" ]; then
  # Known and documented: docx_check counts a run-in heading's 楷体 part (（一）……。正文)
  # as body text, while gbt9704_check demands 楷体 there (HEADING.FONT). We follow the
  # standard (7.3.3); the seed has six such paragraphs. Nothing else may be reported.
  check seed.docx.check python3 scripts/referee_rules.py "$TOOLS" docx_check.py "$OUT/seed.docx" DOCX.FONT:楷体 --pdf-out "$OUT/seed.lo.pdf"
  check full-document.docx.check python3 "$TOOLS/docx_check.py" "$OUT/full-document.docx" --expect-header --expect-footer --pdf-out "$OUT/full-document.lo.pdf"
  check seed.docx.fidelity python3 "$TOOLS/text_fidelity.py" fixtures/seed.md "$OUT/seed.lo.pdf"
  # The PDF and LibreOffice's PDF of the DOCX break lines alike (132 of 134 measured).
  check seed.parity python3 - "$TOOLS" "$OUT/seed.pdf" "$OUT/seed.lo.pdf" <<'PY'
import json, subprocess, sys, tempfile
tools, ours, other = sys.argv[1:4]
out = tempfile.mktemp(suffix=".json")
subprocess.run([sys.executable, f"{tools}/parity.py", ours, other, "--json", out], check=True)
d = json.load(open(out))
print(f"line parity {d['line_parity']:.1%}, page breaks {d['page_break_parity']:.0%}")
sys.exit(0 if d["line_parity"] >= 0.95 and d["page_break_parity"] == 1.0 else 1)
PY
  check full-document.docx.fidelity python3 "$TOOLS/text_fidelity.py" fixtures/full-document.md "$OUT/full-document.lo.pdf"
  check seed.docx.python-docx python3 -c "import docx,sys; d=docx.Document(sys.argv[1]); assert d.paragraphs" "$OUT/seed.docx"
fi
# The forms (issue 5): PDF and LibreOffice's PDF of the DOCX against the referee, with
# what it reports for a documented reason allowed per fixture (README, "Referee"), and
# 100 % text fidelity in both.
FORMS="$OUT/forms"
mkdir -p "$FORMS"
# The letter's header and title lines, which the referee reads as body text:
L=(000012 加急 某县市场监督管理局关于 商请协助开展)
LETTER=HEADER.*,TITLE.MISSING,LAYOUT.TOP,FOOTER.PRINT_LINE,FOOTER.RULES,PAGENUM.MISSING
for t in "${L[@]}"; do LETTER+=",BODY.FONT:$t,BODY.SIZE:$t,BODY.INDENT:$t,BODY.JUSTIFY:$t,GRID.ALIGN:$t"; done
form() { # stem, referee flags, allowed in both, allowed in the DOCX only
  local stem=$1 flags=$2 allowed=$3 docx_only=$4
  $BIN -o "$FORMS" "fixtures/forms/$stem.md" >/dev/null 2>&1
  check "forms.$stem.pdf.gbt9704" python3 scripts/referee_rules.py "$TOOLS" gbt9704_check.py "$FORMS/$stem.pdf" "$allowed" $flags
  check "forms.$stem.docx.check" python3 scripts/referee_rules.py "$TOOLS" docx_check.py "$FORMS/$stem.docx" "$allowed,$docx_only" $flags --pdf-out "$FORMS/$stem.lo.pdf"
  check "forms.$stem.pdf.fidelity" python3 "$TOOLS/text_fidelity.py" "fixtures/forms/$stem.md" "$FORMS/$stem.pdf"
  check "forms.$stem.docx.fidelity" python3 "$TOOLS/text_fidelity.py" "fixtures/forms/$stem.md" "$FORMS/$stem.lo.pdf"
}
form upward --expect-header "" ""
form upward-four-signers --expect-header HEADER.DOCNO_POS DOCX.FONT:楷体
form joint --expect-header HEADER.MARK_CENTER,LAYOUT.TOP:抄送 ""
form joint-sealed --expect-header HEADER.MARK_CENTER DOCX.FONT:黑体
form letter "" "$LETTER" DOCX.FONT:黑体
form minutes "" HEADER.MISSING,BODY.FONT:FandolHei DOCX.FONT:黑体
form order "" HEADER.MISSING,HEADER.MARK_TOP,TITLE.SIZE,TITLE.FONT ""
# Every fixture that reads: its PDF passes qpdf, its DOCX opens in python-docx and in
# LibreOffice (converted in one run), and LibreOffice's PDF keeps all the text.
ALL="$OUT/all"
mkdir -p "$ALL"
for f in fixtures/*.md fixtures/forms/*.md; do
  $BIN -o "$ALL" "$f" >/dev/null 2>&1 || continue
  stem=$(basename "$f" .md)
  check "all.$stem.qpdf" qpdf --check "$ALL/$stem.pdf"
  check "all.$stem.python-docx" python3 -c "import docx,sys; docx.Document(sys.argv[1])" "$ALL/$stem.docx"
done
profile=$(mktemp -d)
soffice -env:UserInstallation=file://$profile --headless --convert-to pdf --outdir "$ALL/lo" "$ALL"/*.docx >/dev/null 2>&1
for d in "$ALL"/*.docx; do
  stem=$(basename "$d" .docx)
  check "all.$stem.libreoffice" test -s "$ALL/lo/$stem.pdf"
done
echo "referee: $pass passed, $fail failed"
[ $fail = 0 ]
