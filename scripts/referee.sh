#!/usr/bin/env bash
# Runs the independent GB/T 9704 referee (../shared/tools) on the fixtures' PDF and DOCX.
#   scripts/referee.sh [--install] [OUTDIR]
# --install: apt/pip-install what the referee needs (poppler-utils, qpdf, LibreOffice,
# the Fandol fonts for LibreOffice, pdfplumber, python-docx).
# Prints `N passed, M failed` and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
TOOLS=${GONGWEN_TOOLS:-../shared/tools}
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
BIN=target/debug/examples/gongwen
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
  check seed.docx.check python3 "$TOOLS/docx_check.py" "$OUT/seed.docx" --pdf-out "$OUT/seed.lo.pdf"
  check full-document.docx.check python3 "$TOOLS/docx_check.py" "$OUT/full-document.docx" --expect-header --expect-footer --pdf-out "$OUT/full-document.lo.pdf"
  check seed.docx.fidelity python3 "$TOOLS/text_fidelity.py" fixtures/seed.md "$OUT/seed.lo.pdf"
  check full-document.docx.fidelity python3 "$TOOLS/text_fidelity.py" fixtures/full-document.md "$OUT/full-document.lo.pdf"
  check seed.docx.python-docx python3 -c "import docx,sys; d=docx.Document(sys.argv[1]); assert d.paragraphs" "$OUT/seed.docx"
fi
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
