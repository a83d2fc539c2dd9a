#!/usr/bin/env bash
# Runs the fuzz targets in parallel (needs `cargo install cargo-fuzz`; the stable
# toolchain works with RUSTC_BOOTSTRAP=1). Seeds each corpus from the fixtures.
#   scripts/fuzz.sh [SECONDS]        default 1800 per target
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-1800}
export RUSTC_BOOTSTRAP=1
mkdir -p fuzz/corpus/pipeline fuzz/corpus/front_matter
cp fixtures/*.md fixtures/*/*.md fuzz/corpus/pipeline/ 2>/dev/null || true
for f in fixtures/*.md fixtures/*/*.md; do
  awk 'NR==1 && $0=="---"{fm=1; next} fm && ($0=="---"){exit} fm{print}' "$f" > "fuzz/corpus/front_matter/$(basename "$f" .md).yaml"
done
cargo fuzz build --release
for t in pipeline front_matter; do
  cargo fuzz run "$t" --release -- -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 > "fuzz/$t.log" 2>&1 &
done
wait
for t in pipeline front_matter; do echo "== $t"; tail -n 15 "fuzz/$t.log"; done
