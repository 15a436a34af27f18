#!/usr/bin/env bash
# The README's `make demo`: generate the national sample corpus (once), check every plan
# in parallel, record the plans in a revision history and write the Excel dashboard.
#   bash scripts/demo.sh [SAMPLE_DIR] [RUN_DIR]   (defaults: reports/sample reports/demo)
set -euo pipefail
sample=${1:-reports/sample}
run=${2:-reports/demo}
beredskab --version
if [ ! -f "$sample/manifest.csv" ]; then
  echo "Laver eksempelkorpus i $sample / generating the sample corpus in $sample"
  beredskab sample "$sample"
fi
mkdir -p "$run"
beredskab batch "$sample/manifest.csv" --out "$run" --record --db "$run/history.sqlite"
echo
echo "Dashboard: $run/dashboard.xlsx"
echo "Rapporter pr. plan / per-plan reports: $run/plans/"
echo "Historik / history: beredskab history list --db $run/history.sqlite"
echo "Dashboard igen fra historikken / again from the history:"
echo "  beredskab dashboard --db $run/history.sqlite --out $run/dashboard-historik.xlsx"
