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


class Records:
    """A plan with one list of two named records (and one without a name)."""

    def records(self, target):
        return [
            {"_id": "r1", "name": "Housing <first>"},
            {"_id": "r2", "name": "Jobs"},
            {"_id": "r3"},
        ]


def test_a_matrix_over_a_plan_list_rates_its_records_and_saves_their_ids():
    from reentry_workbook.answers import normalize_answer

    q = next(p for p in PAGES if p.id == "opportunities_for_improvement")
    item = q.item("impact")
    html = "".join(str(s.html) for s in form_steps(q, {"impact": {"r2": 3}}, Records()))
    block = html.split('id="q-impact"', 1)[1].split("</fieldset>", 1)[0]
    assert 'data-row="r1"' in block and 'data-row="r2"' in block and 'data-row="r3"' not in block
    assert "Housing &lt;first&gt;" in block and "<first>" not in block
    row = block.split('data-row="r2"', 1)[1].split("</div>\n  </div>", 1)[0]
    assert row.count('" checked>') == 1
    assert normalize_answer(q, item, {"r1": 2}) == {"r1": 2}
