"""Take-home files: lists as CSV and XLSX, everything as JSON (the report is in report.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from .answers import RECORD_ID
from .cell_rules import plural
from .kinds import Context
from .model import Questionnaire

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
BOM = "\ufeff"
SHEET_NAME_LIMIT = 31
COLUMN_WIDTH = (8, 60)
"""Narrowest and widest spreadsheet column, in characters."""


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
    """Every table item as a DataFrame keyed by item id, with readable column names and cells
    (option labels, names of picked records; ``ctx`` lets pick lists find records on other
    pages); date cells are ``datetime.date`` (ISO text in CSV, real dates in XLSX); columns
    marked sensitive are left out."""
    from .answers import context
    from .kinds import column_rules
    from .model import DateColumn, TableItem

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
            row: dict[str, dt.date | str | None] = {}
            for col in columns:
                value = record.get(col.id)
                if value is None:
                    row[col.label] = None
                elif isinstance(col, DateColumn) and isinstance(value, str):
                    row[col.label] = dt.date.fromisoformat(value)
                else:
                    row[col.label] = column_rules(col).display(ctx, col, value)
            rows.append(row)
        frames[item.id] = pd.DataFrame(rows, columns=[c.label for c in columns])
    return frames


def list_titles(q: Questionnaire, plurals: Mapping[str, str] | None = None) -> dict[str, str]:
    """Table item id -> the list's name for sheets, files and headings, e.g. 'Decision makers':
    the name in ``plurals`` (a template's plural record label), else the plural of its record
    label, else its prompt."""
    titles = {}
    for _, item in q.iter_items():
        if item.kind != "table":
            continue
        given = (plurals or {}).get(item.id)
        name = given or (plural(item.record_label) if item.record_label else item.prompt)
        titles[item.id] = name[:1].upper() + name[1:]
    return titles


def file_stem(title: str) -> str:
    """A list's name as a file name part: 'Decision makers' -> 'decision-makers'."""
    keep = "".join(ch if ch.isalnum() else "-" for ch in title.lower())
    return "-".join(part for part in keep.split("-") if part)[:60] or "list"


def _cell_text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else neutralise(value)


def csv_text(frame: pd.DataFrame, bom: bool = True) -> str:
    """CSV with every text cell neutralised and every field quoted; with ``bom``, it starts
    with the byte order mark that Excel needs to read UTF-8 (accented names) correctly."""
    out = io.StringIO()
    if bom:
        out.write(BOM)
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow([neutralise(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        writer.writerow(["" if pd.isna(v) else _cell_text(v) for v in row])
    return out.getvalue()


def _sheet_title(text: str, used: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", " ", text).strip()[:SHEET_NAME_LIMIT] or "List"
    base, n = title, 2
    while title.lower() in used:  # Excel compares sheet names without regard to case
        suffix = f" {n}"
        title, n = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


def _xlsx_value(value: Any) -> Any:
    if value is None or (not isinstance(value, str | list) and pd.isna(value)):
        return None
    if isinstance(value, str):
        return _CONTROL.sub("", value)  # openpyxl refuses control characters
    return value


def xlsx_bytes(
    frames: Mapping[str, pd.DataFrame], titles: Mapping[str, str] | None = None
) -> bytes:
    """One sheet per list (named by ``titles``, see ``list_titles``), header bold and frozen,
    columns sized to their text, dates as dates. Text cells are stored as text, never as
    formulas, so they need no apostrophe: '+1 555 0100' shows as typed."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    bold = Font(bold=True)
    for name, frame in frames.items():
        sheet = book.create_sheet(_sheet_title((titles or {}).get(name, name), used))
        sheet.append([_xlsx_value(str(c)) for c in frame.columns])
        for row in frame.itertuples(index=False):
            sheet.append([_xlsx_value(v) for v in row])
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = TYPE_STRING  # never a formula, whatever it starts with
                elif isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
        low, high = COLUMN_WIDTH
        for i, column in enumerate(sheet.iter_cols(), start=1):
            longest = max((len(str(c.value)) for c in column if c.value is not None), default=0)
            sheet.column_dimensions[get_column_letter(i)].width = min(high, max(low, longest + 2))
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
