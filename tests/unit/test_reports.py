"""Exports: user text escaped in HTML, spreadsheet formulas neutralised in CSV and XLSX."""

import io
import json
import zipfile

import pytest

from reentry_workbook import load_shipped
from reentry_workbook.report import report_html
from reentry_workbook.reports import answers_json, csv_text, list_frames, neutralise, xlsx_bytes
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


def test_csv_neutralises_every_dangerous_cell():
    text = csv_text(list_frames(Q, _answers())["networks"])
    for line in text.splitlines()[1:]:
        first = line.split('","')[0].lstrip('"')
        assert not first.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_xlsx_has_no_formulas():
    frames = list_frames(Q, _answers())
    data = xlsx_bytes(frames, {"networks": "Networks"})
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        for name in sheets:
            assert "<f>" not in z.read(name).decode()
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    values = [c.value for row in book["Networks"].iter_rows(min_row=2) for c in row[:1]]
    assert values[0] == "'" + HOSTILE[0]


def test_report_escapes_user_text():
    html = report_html(PageContext.of(Q, _answers()), "W <b>")
    assert "<script>alert" not in html and "onerror=alert(1)>" not in html
    assert "&lt;script&gt;" in html and "W &lt;b&gt;" in html
    assert Q.source.url in html


def test_json_export_is_self_describing():
    doc = json.loads(answers_json(Q, "W", _answers()))
    assert doc["questionnaire"] == Q.id and doc["source"] == Q.source.url
    assert doc["answers"]["next_steps"] == XSS
