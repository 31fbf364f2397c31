#!/usr/bin/env bash
# Install everything the tests need (Python packages, Chromium, PostgreSQL) and run the whole suite.
source "$(dirname "$0")/_env.sh"
cd "$ROOT"

apt_install chromium postgresql fonts-dejavu-core
ensure_venv
"$VENV/bin/python" -m pip install -q ".[test]"

WORK="$ROOT/.test-work"
rm -rf "$WORK" && mkdir -p "$WORK/tmp" "$WORK/home"
export TMPDIR="$WORK/tmp"
export REENTRY_WORKBOOK_DB="sqlite:///$WORK/default.sqlite3"   # never the real data folder
export REENTRY_WORKBOOK_SCREENSHOTS="$WORK/screenshots"          # browser tests save them here

# A throw-away PostgreSQL server on a local port, stopped when this script ends.
eval "$(bash scripts/postgres.sh start "$WORK/pg")"
trap 'bash scripts/postgres.sh stop "$WORK/pg" >/dev/null 2>&1 || true' EXIT

echo "--- lint"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
"$VENV/bin/mypy" reentry_workbook
"$VENV/bin/reentry-workbook" schema --check
"$VENV/bin/reentry-workbook" check
"$VENV/bin/reentry-workbook" notebook

echo "--- tests"
# pytest exits 5 when it collects no test, so an empty run fails here too.
HOME="$WORK/home" "$VENV/bin/python" -m pytest tests -p no:cacheprovider \
  --basetemp="$WORK/pytest" --durations=10 "$@"
