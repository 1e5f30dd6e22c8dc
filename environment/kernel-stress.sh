#!/usr/bin/env bash
# Kernel start stress test: N consecutive headless starts of a Java kernel, each executing a trivial
# cell (1 + 1) with `jupyter nbconvert --execute`. A start that does not answer within the startup
# timeout is a hang. Prints one line per start and a summary; --out writes a Markdown table.
#
# usage: environment/kernel-stress.sh [--starts 50] [--kernel greater4j] [--startup-timeout 30] [--out FILE]
# The kernel must be installed (environment/install.sh). To measure rapaio's own start without the
# launcher's repair, install it under another name first:
#   environment/install.sh --kernel-only --name rapaio-main --main-class org.rapaio.jupyter.kernel.MainApp
set -uo pipefail
starts=50; kernel=greater4j; startup=30; out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --starts) starts="$2"; shift ;;
    --kernel) kernel="$2"; shift ;;
    --startup-timeout) startup="$2"; shift ;;
    --out) out="$2"; shift ;;
    *) echo "kernel-stress.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
py=/usr/bin/python3; [ -x "$py" ] || py=python3
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$py" - "$work/tiny.ipynb" "$kernel" <<'PY'
import json, sys
nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": sys.argv[2], "display_name": sys.argv[2], "language": "java"}},
      "cells": [{"cell_type": "code", "id": "c1", "metadata": {}, "execution_count": None, "outputs": [], "source": "1 + 1"}]}
json.dump(nb, open(sys.argv[1], "w"))
PY
ok=0; hangs=0; errors=0; revived_total=0; times=()
rows=""
for i in $(seq 1 "$starts"); do
  t0=$(date +%s.%N)
  timeout $((startup + 90)) jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name="$kernel" \
      --ExecutePreprocessor.startup_timeout="$startup" --ExecutePreprocessor.timeout=60 \
      "$work/tiny.ipynb" --output "$work/out.ipynb" >"$work/log" 2>&1
  rc=$?
  t1=$(date +%s.%N)
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')
  revived=$(grep -c 'revived the dead loop' "$work/log")
  if [ $rc -eq 0 ] && grep -q '"2"' "$work/out.ipynb" 2>/dev/null; then
    status=ok; ok=$((ok+1)); times+=("$secs")
  elif [ $rc -eq 124 ] || grep -q "didn't respond\|Kernel died before replying\|timed out" "$work/log"; then
    status=HANG; hangs=$((hangs+1))
  else
    status=ERROR; errors=$((errors+1)); tail -5 "$work/log" >&2
  fi
  revived_total=$((revived_total + revived))
  echo "start $i/$starts: $status  ${secs}s  revived loops: $revived"
  rows+="| $i | $status | $secs | $revived |"$'\n'
  rm -f "$work/out.ipynb"
done
stats=$(printf '%s\n' "${times[@]:-}" | awk 'NF{n++; s+=$1; if(min==""||$1<min)min=$1; if($1>max)max=$1} END{if(n) printf "mean %.1f s, min %.1f s, max %.1f s", s/n, min, max; else print "none"}')
summary="kernel $kernel: $starts starts, $ok ok, $hangs hangs, $errors errors; $revived_total channel loops revived; successful start+execute: $stats"
echo "$summary"
if [ -n "$out" ]; then
  { echo "$summary"; echo; echo "| start | status | seconds | loops revived |"; echo "|---|---|---|---|"; printf '%s' "$rows"; } >"$out"
fi
echo "$ok passed, $((hangs + errors)) failed"
[ $((hangs + errors)) -eq 0 ]
