#!/usr/bin/env bash
# Headless-browser check of a notebook's HTML export (default: target/notebooks/01-step-by-step.html):
# Debian's chromium loads the page with no network, runs its scripts, dumps the resulting DOM and
# takes a screenshot. Passes when the DOM holds greater4j tables (<table class="g4j-table">) and at
# least one plotly chart drawn by plotly.js (<svg class="main-svg">), and no figure reports that
# plotly.js is missing; every figure must have been drawn.
#
# usage: environment/check-html.sh [FILE.html] [--min-charts N]
# Writes FILE.dom.html and FILE.png beside the export. Exit 0 on success, 1 on failure.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
file="$root/target/notebooks/01-step-by-step.html"; min_charts=1
while [ $# -gt 0 ]; do
  case "$1" in
    --min-charts) min_charts="$2"; shift ;;
    *) file="$1" ;;
  esac
  shift
done
[ -f "$file" ] || { echo "check-html: no file $file (run ./greater notebooks --execute first)"; exit 1; }
file="$(realpath "$file")"
browser="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$browser" ] || { echo "check-html: chromium is not installed (apt-get install chromium)"; exit 1; }
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --disable-component-update
       --disable-sync --no-first-run --user-data-dir="$profile" --virtual-time-budget=20000 --run-all-compositor-stages-before-draw)
dom="${file%.html}.dom.html"
png="${file%.html}.png"
timeout 180 "$browser" "${flags[@]}" --dump-dom "file://$file" >"$dom" 2>"$profile/dom.err"
timeout 180 "$browser" "${flags[@]}" --window-size=1280,4000 --screenshot="$png" "file://$file" >/dev/null 2>"$profile/png.err"
tables=$(grep -o '<table class="g4j-table">' "$dom" | wc -l)
charts=$(grep -o '<svg class="main-svg"' "$dom" | wc -l)
figures=$(grep -o '<div id="g4j_plot_' "$dom" | wc -l)
drawn=$(grep -o 'class="[^"]*js-plotly-plot' "$dom" | wc -l)
missing=$(grep -o '>plotly.js is not loaded on this page' "$dom" | wc -l)
echo "check-html: $(basename "$file"): $tables greater4j tables, $figures figures ($drawn drawn by plotly.js), $charts plotly svg layers (class main-svg), screenshot $(basename "$png") ($(stat -c %s "$png" 2>/dev/null || echo 0) bytes)"
fail=0
[ "$tables" -ge 1 ] || { echo "check-html: no greater4j table in the DOM"; fail=1; }
[ "$charts" -ge "$min_charts" ] || { echo "check-html: fewer than $min_charts drawn plotly charts (svg.main-svg)"; fail=1; }
[ "$drawn" -eq "$figures" ] || { echo "check-html: only $drawn of $figures figures were drawn"; fail=1; }
[ "$missing" -eq 0 ] || { echo "check-html: $missing figure(s) report that plotly.js is missing"; fail=1; }
[ -s "$png" ] || { echo "check-html: no screenshot"; fail=1; }
if [ $fail -ne 0 ]; then tail -5 "$profile/dom.err"; echo "0 passed, 1 failed"; exit 1; fi
echo "1 passed, 0 failed"
