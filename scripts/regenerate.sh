#!/usr/bin/env bash
# After changing templates, views or the format: rewrite every file generated from them in this
# checkout (the JSON Schema, docs/views.md, the pages' notebooks), then check every template.
source "$(dirname "$0")/_env.sh"
cd "$ROOT"
ensure_venv
run() { PYTHONPATH="$ROOT" "$VENV/bin/python" -m reentry_workbook "$@"; }
run schema --write
run views --write
run notebook --write >/dev/null && echo "wrote the pages' notebooks in workbooks/"
run check
