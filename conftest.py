"""Keep every test run (unit, notebook, browser) away from the real per-user data folder."""

import os
import tempfile

if not os.environ.get("REENTRY_WORKBOOK_DB"):
    _folder = tempfile.mkdtemp(prefix="reentry-workbook-tests-")
    os.environ["REENTRY_WORKBOOK_DB"] = f"sqlite:///{_folder}/tests.sqlite3"
