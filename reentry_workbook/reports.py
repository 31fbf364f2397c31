"""Take-home files: lists as CSV and XLSX, everything as JSON (the report is in report.py)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from .answers import RECORD_ID
from .kinds import Context
from .model import Questionnaire

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(value: Any) -> Any:
    """Make a cell safe for spreadsheets (OWASP CSV injection): text starting with = + - @ TAB
    CR or LF gets a leading apostrophe; control characters are removed."""
    if not isinstance(value, str):
        return value
    value = _CONTROL.sub("", value)
    return "'" + value if value.startswith(DANGEROUS_START) else value


def list_frames(
    q: Questionnaire, answers: Mapping[str, Any], ctx: Context | None = None
) -> dict[str, pd.DataFrame]:
    """Every table item as a DataFrame with readable column names and cells (option labels,
    names of picked records); ``ctx`` lets pick lists find records on other pages."""
    from .answers import context
    from .kinds import column_rules
    from .model import TableItem

    ctx = ctx or context(q)
    frames = {}
    for _, item in q.iter_items():
        if not isinstance(item, TableItem):
            continue
        columns = [c for c in item.columns if not c.sensitive]
        rows = []
        for record in answers.get(item.id) or []:
            if not any(k != RECORD_ID for k in record):
                continue
            row = {}
            for col in columns:
                value = record.get(col.id)
                row[col.label] = (
                    None if value is None else column_rules(col).display(ctx, col, value)
                )
            rows.append(row)
        frames[item.id] = pd.DataFrame(rows, columns=[c.label for c in columns])
    return frames


def csv_text(frame: pd.DataFrame) -> str:
    """CSV with every text cell neutralised and every field quoted."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow([neutralise(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        writer.writerow(["" if pd.isna(v) else neutralise(v) for v in row])
    return out.getvalue()


def xlsx_bytes(frames: Mapping[str, pd.DataFrame], titles: Mapping[str, str]) -> bytes:
    """One sheet per list; text cells are stored as text, never as formulas."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for name, frame in frames.items():
        title = re.sub(r"[\[\]:*?/\\]", " ", titles.get(name, name))[:31] or "List"
        while title in used:
            title = title[:28] + f" {len(used)}"
        used.add(title)
        sheet = book.create_sheet(title)
        sheet.append([neutralise(c) for c in frame.columns])
        for row in frame.itertuples(index=False):
            sheet.append([None if pd.isna(v) else neutralise(v) for v in row])
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = TYPE_STRING  # never a formula, whatever it starts with
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def answers_json(q: Questionnaire, workspace: str, answers: Mapping[str, Any]) -> str:
    """The answers as self-describing JSON (template id and version included)."""
    clean = {
        k: (
            [{f: v for f, v in r.items() if f != RECORD_ID} for r in value]
            if isinstance(value, list) and value and isinstance(value[0], dict)
            else value
        )
        for k, value in answers.items()
    }
    return json.dumps(
        {
            "questionnaire": q.id,
            "template_version": q.version,
            "source": q.source.url,
            "workspace": workspace,
            "answers": clean,
        },
        indent=2,
        ensure_ascii=False,
        sort_keys=True,
    )
