#!/usr/bin/env bash
# Install reentry-workbook into .venv and start the app (Voila on 127.0.0.1, SQLite data).
source "$(dirname "$0")/_env.sh"
cd "$ROOT"
echo "Installing reentry-workbook into .venv (about a minute the first time)…"
ensure_venv
# -q keeps pip's progress quiet; its warnings and errors still reach the terminal
if ! "$VENV/bin/python" -m pip install -q --disable-pip-version-check .; then
  echo "reentry-workbook could not be installed: pip's message above says why." >&2
  exit 1
fi
echo "Starting… the addresses to open follow; the first page can take a minute to appear."
exec "$VENV/bin/reentry-workbook" serve "$@"
