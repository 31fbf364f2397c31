"""Autosave: a failed save says so, keeps the answer queued, and a retry writes it."""

import ipywidgets as W
import pytest

from reentry_workbook import StoreError, load_shipped, open_store
from reentry_workbook.app import Autosaver, questionnaire_app
from reentry_workbook.widgets import QuestionnaireForm

pytestmark = pytest.mark.widget


class FlakyStore:
    """Wraps a real store; fails while ``broken`` is set, like a full disk or a locked file."""

    def __init__(self, store):
        self.store = store
        self.broken = False

    def save_answers(self, *args, **kwargs):
        if self.broken:
            raise StoreError("disk full")
        return self.store.save_answers(*args, **kwargs)


def test_failed_save_is_shown_and_retried(tmp_path):
    real = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    q = load_shipped("identify-community-members-and-networks")
    session = real.open_session("W", "P", q.id)
    flaky = FlakyStore(real)
    form = QuestionnaireForm(q)
    saver = Autosaver(flaky, session, form)
    flaky.broken = True
    form.field("q_decision_makers_named").input.widget.value = "yes"
    assert "Not saved: disk full" in saver.status.value
    assert saver.retry.layout.display is None and saver.pending
    assert real.load_answers(session.response_id) == {}
    flaky.broken = False
    saver.retry.click()
    assert "✓ Saved" in saver.status.value and not saver.pending
    assert saver.retry.layout.display == "none"
    assert real.load_answers(session.response_id) == {"q_decision_makers_named": "yes"}


def test_step_change_flushes(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    app = questionnaire_app("identify-community-members-and-networks", store, "W", "P")
    app.form.field("q_decision_makers_named").input.widget.value = "partly"
    app.form.next_button.click()
    assert store.load_answers(app.session.response_id)["q_decision_makers_named"] == "partly"


def test_participant_resume(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'c.db'}")
    first = questionnaire_app("identify-community-members-and-networks", store, "W", "Ana")
    first.form.field("outreach_view").input.rows["skeptics"].widget.value = 2
    again = questionnaire_app("identify-community-members-and-networks", store, "W", "Ana")
    assert again.form.value == {"outreach_view": {"skeptics": 2}}
    who = next(c for c in again.children if isinstance(c, W.HTML) and "rw-who" in c.value)
    assert "answering as Ana" in who.value
