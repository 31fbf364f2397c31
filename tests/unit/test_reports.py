"""Exports: user text escaped in HTML, formulas neutralised in CSV, XLSX text stored as text."""

import csv
import datetime as dt
import io
import json
import zipfile

import pytest

from reentry_workbook import load_shipped
from reentry_workbook.report import report_html
from reentry_workbook.reports import (
    answers_json,
    csv_text,
    file_stem,
    list_frames,
    list_titles,
    neutralise,
    xlsx_bytes,
)
from reentry_workbook.views import PageContext

Q = load_shipped("identify-community-members-and-networks")
HOSTILE = [
    '=HYPERLINK("http://evil.invalid","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tTAB",
    "\rCR",
    "=cmd|' /C calc'!A0",
]
XSS = "<script>alert('x')</script><img src=x onerror=alert(1)>"


@pytest.mark.parametrize("text", HOSTILE)
def test_neutralise(text):
    assert neutralise(text).startswith("'")


def test_control_characters_are_removed():
    assert neutralise("a\x00b\x07c") == "abc"


def _answers():
    return {
        "networks": [{"name": t, "type": "faith", "groups_reached": ["families"]} for t in HOSTILE]
        + [{"name": XSS, "reaches_skeptics": True}],
        "next_steps": XSS,
        "q_networks_found": "partly",
    }


def _rows(text):
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_csv_neutralises_every_dangerous_cell_in_every_column():
    answers = _answers()
    answers["networks"][0]["contact_owner"] = "=1+1"
    text = csv_text(list_frames(Q, answers)["networks"])
    rows = _rows(text)
    assert len(rows) == len(answers["networks"]) + 1  # CR/LF inside a field stay in the field
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n")), cell
    assert rows[1][0] == "'" + HOSTILE[0]
    assert "'=1+1" in rows[1]


def test_csv_starts_with_the_byte_order_mark_excel_expects():
    text = csv_text(list_frames(Q, _answers())["networks"])
    assert text.startswith("\ufeff") and text.encode("utf-8").startswith(b"\xef\xbb\xbf")
    assert not csv_text(list_frames(Q, _answers())["networks"], bom=False).startswith("\ufeff")


def _book(frames, titles):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(xlsx_bytes(frames, titles)))


def test_xlsx_has_no_formulas_and_no_visible_apostrophe():
    frames = list_frames(Q, _answers())
    data = xlsx_bytes(frames, {"networks": "Networks"})
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        for name in sheets:
            assert "<f>" not in z.read(name).decode()
    sheet = _book(frames, {"networks": "Networks"})["Networks"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2, max_row=len(HOSTILE) + 1)]
    # shown exactly as typed, no apostrophe (XML turns a lone CR into LF)
    assert [c.value for c in cells] == [h.replace("\r", "\n") for h in HOSTILE]
    assert {c.data_type for c in cells} == {"s"}


def test_xlsx_dates_are_dates_and_the_header_is_bold_frozen_and_wide_enough():
    answers = {
        "outreach_plan": [
            {"target": "Pat Placeholder", "messenger": "Ann", "due": "2026-12-15"},
            {"target": "Sam Sample"},
        ]
    }
    frames = list_frames(Q, answers)
    sheet = _book(frames, list_titles(Q))["Outreach steps"]
    header = [c.value for c in sheet[1]]
    due = header.index("By when") + 1
    assert sheet.cell(row=2, column=due).value == dt.datetime(2026, 12, 15)
    assert sheet.cell(row=2, column=due).is_date
    assert sheet.cell(row=3, column=due).value is None
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width >= len(header[0])


def test_lists_are_named_with_proper_plurals():
    titles = list_titles(Q)
    assert titles["priorities"] == "Priorities"
    assert titles["decision_makers"] == "Decision makers"
    book = _book(list_frames(Q, _answers()), titles)
    assert "Priorities" in book.sheetnames and "prioritys" not in book.sheetnames
    assert file_stem(titles["ties"]) != "ties" and file_stem("Decision makers") == "decision-makers"
    assert list_titles(Q, {"priorities": "Policy goals"})["priorities"] == "Policy goals"


def test_report_escapes_user_text():
    html = report_html(PageContext.of(Q, _answers()), "W <b>")
    assert "<script>alert" not in html and "onerror=alert(1)>" not in html
    assert "&lt;script&gt;" in html and "W &lt;b&gt;" in html
    assert Q.source.url in html


def test_json_export_is_self_describing():
    doc = json.loads(answers_json(Q, "W", _answers()))
    assert doc["questionnaire"] == Q.id and doc["source"] == Q.source.url
    assert doc["answers"]["next_steps"] == XSS
