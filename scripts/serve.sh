#!/usr/bin/env bash
# Install reentry-workbook into .venv and start the app (Voila on 127.0.0.1, SQLite data).
source "$(dirname "$0")/_env.sh"
cd "$ROOT"
ensure_venv
"$VENV/bin/python" -m pip install -q .
exec "$VENV/bin/reentry-workbook" serve "$@"
