#!/usr/bin/env bash
# The README's main job: the outline of a bundled example plan (grows with the project).
set -euo pipefail
sample=${1:-reports/sample}
run=${2:-reports/demo}
mkdir -p "$sample" "$run"
beredskab --version
