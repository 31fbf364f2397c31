"""Opening a page by its key: the key decides the workspace and the role, names in the address
are ignored when served, a bad key gets one plain line, and people say who they are inside."""

import pytest

from reentry_workbook import open_store, open_workbook, questionnaire_app
from reentry_workbook.messages import catalog
from reentry_workbook.widgets.device import DeviceKey
from reentry_workbook.workbook.identity import address_from
from tests.widget_tree import find, find_all, walk

pytestmark = pytest.mark.widget
TEMPLATE = "identify-community-members-and-networks"
STEM = "identify-community-members-and-networks"
tr = catalog()


@pytest.fixture
def store(tmp_path):
    return open_store(f"sqlite:///{tmp_path / 'keys.db'}")


@pytest.fixture
def served(monkeypatch):
    """Make the next page believe Voila serves it at ``served(query)``."""
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)

    def serve(query: str) -> None:
        monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5")
        monkeypatch.setenv("QUERY_STRING", query)

    return serve


@pytest.fixture
def secrets_sent(monkeypatch):
    """The device secrets pages gave their browser to keep."""
    sent: list[str] = []
    monkeypatch.setattr(DeviceKey, "remember", lambda self, secret: sent.append(secret))
    return sent


def _text(root) -> str:
    return " ".join(str(getattr(w, "value", "")) for w in walk(root) if hasattr(w, "value"))


def _sections(wb):
    return [wb.header()] + [wb.step(s.id) for s in wb.q.steps] + [wb.summary()]


def _as(panel, name):
    panel.name_input.value = name
    panel.typed()


def test_served_pages_ignore_names_in_the_address():
    params = {"key": " k ", "page": "p", "demo": False, "workspace": "North", "respondent": "JD"}
    served = address_from(params, served=True)
    assert (served.key, served.page, served.workspace, served.respondent) == ("k", "p", "", "")
    local = address_from(params, served=False)
    assert (local.workspace, local.respondent) == ("North", "JD")


def test_a_facilitator_key_opens_its_workspace_whatever_names_the_address_adds(store, served):
    south = store.create_workspace("Coalition South")
    north = store.create_workspace("Coalition North")
    jd = store.join(north.workspace.id, "JD", "participant")
    plan = open_workbook(TEMPLATE, store, "Coalition North", "JD")  # on this computer, by name
    _sections(plan)
    plan.forms["next_steps"].field("next_steps").input.widget.value = "North's secret plan"
    served(f"key={south.facilitator_key}&workspace=Coalition+North&respondent=JD")
    wb = open_workbook(TEMPLATE, store)
    sections = _sections(wb)
    assert wb.session is None and wb.identity is not None
    assert "Coalition South" in _text(wb.header())
    assert "Coalition North" not in _text(wb.header()) and "JD" not in _text(wb.header())
    _as(wb.identity, "Sam")
    assert wb.session.workspace == "Coalition South"
    assert "North's secret plan" not in str(wb.answers) + "".join(_text(s) for s in sections)
    assert [p.id for p in store.people(north.workspace.id)] == [jd.id]  # nobody joined North


@pytest.mark.parametrize("key", ["", "not-a-key", "x" * 300, "Coalition North", "revoked"])
def test_a_key_that_opens_nothing_gets_one_plain_line_and_no_data(store, served, key):
    north = store.create_workspace("Coalition North")
    if key == "revoked":
        key = store.issue_key(north.workspace.id, "facilitator")
        store.revoke_keys(north.workspace.id, "facilitator")
    served(f"key={key}&workspace=Coalition+North&respondent=JD" if key else "workspace=North")
    wb = open_workbook(TEMPLATE, store)
    sections = _sections(wb)
    expected = tr("opening.denied") if key else tr("opening.no_key")
    assert find(wb.header(), "rw-refused-box").value.count(expected) == 1
    assert wb.session is None and all(not s.children for s in sections[1:])
    assert "Coalition North" not in _text(wb.header())
    app = questionnaire_app(TEMPLATE, store)
    assert expected in _text(app) and "Coalition North" not in _text(app)


def test_a_participant_key_does_not_open_the_facilitator_workbook(store, served):
    new = store.create_workspace("Coalition South")
    served(f"key={new.participant_key}")
    wb = open_workbook(TEMPLATE, store)
    _sections(wb)
    assert tr("opening.participants_only") in find(wb.header(), "rw-refused-box").value
    assert wb.session is None


def test_the_demo_opens_the_demo_workspace_and_never_a_real_one(store, served):
    from reentry_workbook.demo import DEMO_WORKSPACE

    store.create_workspace(DEMO_WORKSPACE)  # a real coalition with the demo's name
    served("demo=1&workspace=Riverbend+County+Reentry+Coalition+%28demo%29")
    before = {w.id for w in store.workspaces()}
    wb = open_workbook(TEMPLATE, store)
    _sections(wb)
    assert wb.session.is_demo
    assert wb.session.workspace_id == store.demo_workspace().workspace.id
    assert {w.id for w in store.workspaces() if not w.is_demo} <= before
    app = questionnaire_app(TEMPLATE, store)
    _as(app.identity, "")
    assert app.page_session.workspace_id == wb.session.workspace_id


def test_co_facilitators_with_one_key_share_the_plan_whatever_their_names(store, served):
    new = store.create_workspace("Riverbend")
    served(f"key={new.facilitator_key}")
    dana = open_workbook(TEMPLATE, store)
    _sections(dana)
    _as(dana.identity, "Dana Whitfield")
    dana.forms["next_steps"].field("next_steps").input.widget.value = "Meet the sheriff"
    robin = open_workbook(TEMPLATE, store)
    _sections(robin)
    _as(robin.identity, "Robin")
    assert robin.answers["next_steps"] == "Meet the sheriff"
    assert robin.session.person != dana.session.person


def test_typed_names_match_regardless_of_case_spacing_and_accents(store, served, secrets_sent):
    new = store.create_workspace("Riverbend")
    other = store.create_workspace("Elsewhere")
    store.join(other.workspace.id, "Dana Whitworth", "facilitator")
    dana = store.join(new.workspace.id, "José Dana Núñez", "facilitator")
    served(f"key={new.facilitator_key}")
    wb = open_workbook(TEMPLATE, store)
    wb.header()
    pick = find(wb.header(), "rw-people-pick")
    assert [label for label, _ in pick.options][1:] == ["José Dana Núñez"]  # this workspace's
    _as(wb.identity, "  jose   dana NUNEZ ")
    assert wb.session.person_record.id == dana.id and secrets_sent

    wb = open_workbook(TEMPLATE, store)
    _as(wb.identity, "Jose Dana")
    offers = [b.description for b in find_all(wb.header(), "rw-did-you-mean")]
    assert offers == ["Yes: José Dana Núñez"]  # never a person of another workspace
    find(wb.header(), "rw-did-you-mean").click()
    assert wb.session.person_record.id == dana.id

    wb = open_workbook(TEMPLATE, store)
    _as(wb.identity, "Jose Dana Nunes")  # close, but someone else
    find(wb.header(), "rw-add-new").click()
    assert wb.session.person == "Jose Dana Nunes"


def test_the_same_browser_comes_back_without_typing(store, served, secrets_sent):
    new = store.create_workspace("Riverbend")
    served(f"key={new.participant_key}&page={STEM}")
    first = questionnaire_app(TEMPLATE, store)
    _as(first.identity, "")  # no name: a pseudonym
    me = first.page_session.person_record
    assert me.pseudonym and me.name.startswith("Participant")
    again = questionnaire_app(TEMPLATE, store)
    again.identity.device._received(None, {"type": "device", "secret": secrets_sent[-1]}, [])
    assert again.page_session.person_record.id == me.id
    stranger = questionnaire_app(TEMPLATE, store)
    stranger.identity.device._received(None, {"type": "device", "secret": "guess"}, [])
    assert stranger.page_session is None


def test_a_participant_answers_only_their_own_questions_and_sees_no_one_elses(
    store, served, secrets_sent
):
    new = store.create_workspace("Riverbend")
    served(f"key={new.participant_key}&page={STEM}")
    ana = questionnaire_app(TEMPLATE, store)
    _as(ana.identity, "Ana")
    q = ana.questionnaire
    assert all(q.for_participants(q.item(i)) for i in ana.form.value.keys() | set(ana.form.items))
    assert {i: v for i, v in ana.form.value.items() if v is not None} == {}
    status_item = next(
        i.id for _, i in q.iter_items() if i.id in ana.form.items and i.kind == "status"
    )
    ana.form.value = {**ana.form.value, status_item: "yes"}
    ana.autosaver.note(status_item, "yes")
    mine = store.snapshot(ana.page_session.mine_id).answers
    assert mine[status_item].value == "yes"
    assert store.snapshot(ana.page_session.plan_id).answers == {}
    # someone else with the same link, even typing Ana's name, never sees Ana's answer
    other = questionnaire_app(TEMPLATE, store)
    _as(other.identity, "ana ")
    assert "already answers as" in _text(other.identity) and other.page_session is None
    _as(other.identity, "Ben")
    assert other.form.value.get(status_item) is None
    facilitator_only = [i.id for _, i in q.iter_items() if not q.for_participants(i)]
    assert facilitator_only and not set(facilitator_only) & set(other.form.items)


def test_the_participant_page_shows_the_page_its_address_names(store, served):
    new = store.create_workspace("Riverbend")
    served(f"key={new.participant_key}&page=no-such-page")
    app = questionnaire_app(TEMPLATE, store)
    assert tr("opening.no_page") in _text(app) and app.identity is None
    served(f"key={new.participant_key}&page=safe-stable-affordable-housing")
    app = questionnaire_app(TEMPLATE, store)
    _as(app.identity, "")
    assert app.questionnaire.id != TEMPLATE.replace("-", "_")
    assert app.page_session.q.id == app.questionnaire.id


def test_facilitators_are_counted_only_when_they_choose(store, served):
    new = store.create_workspace("Riverbend")
    served(f"key={new.facilitator_key}")
    wb = open_workbook(TEMPLATE, store)
    _sections(wb)
    _as(wb.identity, "Dana")
    switch = find(wb.header(), "rw-count-mine")
    assert switch.value is False and not wb.session.counted
    switch.value = True
    assert store.person(wb.session.person_record.id).counted and wb.session.counted


def test_the_facilitator_renames_and_joins_people_with_history_kept(store, served):
    new = store.create_workspace("Riverbend")
    ws = new.workspace.id
    dana = store.join(ws, "Dana", "participant")
    dana_w = store.join(ws, "Dana Whitfield", "participant")
    served(f"key={new.facilitator_key}")
    wb = open_workbook(TEMPLATE, store)
    _sections(wb)
    _as(wb.identity, "Robin")
    panel = find(wb.summary(), "rw-people")
    people = wb.people
    people.rename_who.value = dana.id
    people.rename_to.value = "dana whitfield"
    find(panel, "rw-rename").click()
    assert "already the name of another person" in people.notice.value
    people.rename_to.value = "Dana W."
    find(panel, "rw-rename").click()
    assert "Renamed" in people.notice.value and store.person(dana.id).name == "Dana W."
    people.keep.value, people.other.value = dana_w.id, dana.id
    find(panel, "rw-merge").click()
    assert "Joined" in people.notice.value
    assert [p.name for p in store.people(ws)] == ["Dana Whitfield", "Robin"]
    assert "Dana W." not in people.listing.value


def test_not_you_forgets_this_browser_and_asks_again(store, served, monkeypatch):
    forgotten = []
    monkeypatch.setattr(DeviceKey, "forget", lambda self: forgotten.append(self))
    new = store.create_workspace("Riverbend")
    served(f"key={new.facilitator_key}")
    wb = open_workbook(TEMPLATE, store)
    _sections(wb)
    _as(wb.identity, "Dana")
    find(wb.header(), "rw-not-you").click()
    assert forgotten and find(wb.header(), "rw-identity")
    _as(wb.identity, "Robin")
    assert wb.session.person == "Robin"
    served(f"key={new.participant_key}&page={STEM}")
    app = questionnaire_app(TEMPLATE, store)
    _as(app.identity, "Ana")
    find(app, "rw-not-you").click()
    assert find(app, "rw-identity") and len(forgotten) == 2


@pytest.fixture
def focus(monkeypatch):
    import ipywidgets as W

    from tests.widgets.find import FocusSpy

    spy = FocusSpy()
    monkeypatch.setattr(W.DOMWidget, "focus", lambda self: spy.calls.append(self))
    return spy


def test_start_leaves_the_focus_at_the_top_of_what_opened_not_the_page_top(
    store, served, secrets_sent, focus
):
    from reentry_workbook.widgets.focus import anchor_of

    new = store.create_workspace("Riverbend")
    served(f"key={new.participant_key}&page={STEM}")
    app = questionnaire_app(TEMPLATE, store)
    assert focus.calls == []  # opening the page takes no focus
    _as(app.identity, "Ana")  # the Start button pressed is gone now
    marker = anchor_of(app.form.body)
    assert marker is not None and focus.last is marker
    assert marker.description.startswith("Step 1 of")

    served(f"key={new.facilitator_key}")
    wb = open_workbook(TEMPLATE, store)
    _sections(wb)
    _as(wb.identity, "Robin")
    marker = anchor_of(wb.header())
    assert marker is not None and focus.last is marker
    assert "Riverbend" in marker.description and "Robin" in marker.description
