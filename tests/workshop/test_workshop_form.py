"""The participant form per kind, over every shipped page's participant items."""

from __future__ import annotations

import json
import re

import pytest

from reentry_workbook.kinds import ITEM_KINDS, item_rules
from reentry_workbook.model import TableItem
from reentry_workbook.server.catalog import shipped_questionnaires
from reentry_workbook.workshop.form import environment, form_steps
from reentry_workbook.workshop.room import asked_items

PAGES = shipped_questionnaires()
FORM_KINDS = {
    "status",
    "single_choice",
    "multiple_choice",
    "yes_no",
    "likert",
    "rating",
    "matrix",
    "short_text",
    "long_text",
    "integer",
    "number",
    "date",
}


def test_every_form_kind_has_a_template_through_the_registry():
    for kind in FORM_KINDS:
        name = ITEM_KINDS[kind].participant_template
        assert name, kind
        environment().get_template(f"kinds/{name}")
    assert ITEM_KINDS["table"].participant_template is None


@pytest.mark.parametrize("q", PAGES, ids=lambda q: q.id)
def test_every_participant_item_of_every_shipped_page_renders(q):
    steps = form_steps(q, {})
    html = "".join(str(s.html) for s in steps)
    for item in asked_items(q):
        assert f'data-item="{item.id}"' in html, item.id
        block = html.split(f'id="q-{item.id}"', 1)[1].split("</fieldset>", 1)[0]
        if isinstance(item, TableItem):
            assert "full page" in block
        else:
            assert "data-input=" in block, item.id
    assert "<script" not in html
    facilitator_only = [i for _, i in q.iter_items() if not q.for_participants(i)]
    for item in facilitator_only:
        assert f'data-item="{item.id}"' not in html


@pytest.mark.parametrize("q", PAGES, ids=lambda q: q.id)
def test_options_carry_values_the_kind_rules_accept(q):
    from reentry_workbook.answers import normalize_answer

    html = "".join(str(s.html) for s in form_steps(q, {}))
    for item in asked_items(q):
        if item_rules(item).participant_template not in ("radio.html", "checkboxes.html"):
            continue
        block = html.split(f'id="q-{item.id}"', 1)[1].split("</fieldset>", 1)[0]
        for raw in re.findall(r'value="([^"]*)"', block):
            value = json.loads(raw.replace("&#34;", '"'))
            value = [value] if item.kind == "multiple_choice" else value
            assert normalize_answer(q, item, value) is not None


def test_answers_are_shown_checked_and_text_escaped():
    q = next(p for p in PAGES if p.id == "identify_community_members_and_networks")
    html = "".join(str(s.html) for s in form_steps(q, {"q_networks_found": "partly"}))
    block = html.split('id="q-q_networks_found"', 1)[1].split("</fieldset>", 1)[0]
    assert 'value="&#34;partly&#34;" checked' in block
    assert block.count('" checked>') == 1


def test_text_answers_are_escaped():
    q = next(
        (p for p in PAGES for i in asked_items(p) if i.kind in ("short_text", "long_text")), None
    )
    if q is None:
        pytest.skip("no shipped page asks participants for text")
    item = next(i for i in asked_items(q) if i.kind in ("short_text", "long_text"))
    html = "".join(str(s.html) for s in form_steps(q, {item.id: "<script>x</script>"}))
    assert "<script>x</script>" not in html and "&lt;script&gt;" in html
