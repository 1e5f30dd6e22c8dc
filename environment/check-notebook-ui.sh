#!/usr/bin/env bash
# Headless-browser check of an executed notebook in the classic Jupyter Notebook (default:
# target/notebooks/01-step-by-step.ipynb): the notebook is copied to a temporary folder and signed
# (trusted, so the Notebook runs the scripts of its outputs, as after executing it there), a Notebook
# server is started on a free local port, and Debian's chromium opens the notebook with no network,
# under the Notebook's RequireJS. Passes when the page shows greater4j tables and every figure was
# drawn by plotly.js (svg.main-svg). Writes FILE.ui.dom.html and FILE.ui.png beside the notebook.
#
# usage: environment/check-notebook-ui.sh [FILE.ipynb]
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
nb="${1:-$root/target/notebooks/01-step-by-step.ipynb}"
[ -f "$nb" ] || { echo "check-notebook-ui: no file $nb (run ./greater notebooks --execute first)"; exit 1; }
nb="$(realpath "$nb")"
browser="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$browser" ] || { echo "check-notebook-ui: chromium is not installed (apt-get install chromium)"; exit 1; }
command -v jupyter-notebook >/dev/null || { echo "check-notebook-ui: the classic Notebook is not installed (apt-get install jupyter-notebook)"; exit 1; }
py=/usr/bin/python3; [ -x "$py" ] || py=python3
work="$(mktemp -d)"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
name="$(basename "$nb")"
cp "$nb" "$work/$name"
"$py" - "$work/$name" <<'PY'
import sys, nbformat
from nbformat.sign import NotebookNotary
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookNotary().sign(nb)
nbformat.write(nb, sys.argv[1])
PY
port=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
token="check$RANDOM$RANDOM"
allow=""; [ "$(id -u)" -eq 0 ] && allow="--allow-root"
jupyter notebook --no-browser $allow --ip=127.0.0.1 --port="$port" --NotebookApp.token="$token" \
    --NotebookApp.iopub_data_rate_limit=1.0e10 --notebook-dir="$work" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do
  grep -q "is running at" "$work/server.log" 2>/dev/null && break
  sleep 0.5
done
url="http://127.0.0.1:$port/notebooks/$name?token=$token"
flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --disable-component-update
       --disable-sync --no-first-run --user-data-dir="$work/profile" --virtual-time-budget=40000)
dom="${nb%.ipynb}.ui.dom.html"
png="${nb%.ipynb}.ui.png"
timeout 180 "$browser" "${flags[@]}" --dump-dom "$url" >"$dom" 2>/dev/null
timeout 180 "$browser" "${flags[@]}" --window-size=1280,3000 --screenshot="$png" "$url" >/dev/null 2>&1
tables=$(grep -o '<table class="g4j-table">' "$dom" | wc -l)
figures=$(grep -o '<div id="g4j_plot_' "$dom" | wc -l)
drawn=$(grep -o 'class="[^"]*js-plotly-plot' "$dom" | wc -l)
charts=$(grep -o '<svg class="main-svg"' "$dom" | wc -l)
echo "check-notebook-ui: $name in the classic Notebook: $tables greater4j tables, $figures figures ($drawn drawn by plotly.js), $charts plotly svg layers, screenshot $(basename "$png")"
fail=0
[ "$tables" -ge 1 ] || { echo "check-notebook-ui: no greater4j table on the page"; fail=1; }
[ "$figures" -ge 1 ] && [ "$drawn" -eq "$figures" ] || { echo "check-notebook-ui: $drawn of $figures figures drawn"; fail=1; }
if [ $fail -ne 0 ]; then tail -5 "$work/server.log"; echo "0 passed, 1 failed"; exit 1; fi
echo "1 passed, 0 failed"
