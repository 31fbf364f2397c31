"""``serve --workshop``: the room, the keys, the printed links, QR code and memory."""

from __future__ import annotations

import argparse
import io

import pytest

from reentry_workbook.errors import ReentryWorkbookError
from reentry_workbook.serve import add_command
from reentry_workbook.server.access import StoreKeys
from reentry_workbook.server.catalog import shipped_questionnaires
from reentry_workbook.store import open_store
from reentry_workbook.workshop.link import join_url, qr_svg
from reentry_workbook.workshop.room import has_questions, session_cap
from reentry_workbook.workshop.start import announce, prepare

PAGES = shipped_questionnaires()
FLAGSHIP = "identify_community_members_and_networks"


@pytest.fixture
def keys(tmp_path):
    keys = StoreKeys(open_store(f"sqlite:///{tmp_path / 'db.sqlite3'}"))
    yield keys
    keys.close()


def test_the_flags(monkeypatch):
    parser = argparse.ArgumentParser()
    add_command(parser.add_subparsers())
    args = parser.parse_args(
        ["serve", "--workshop", "--participants", "12", "--workspace", "R", "--page", FLAGSHIP]
    )
    assert args.workshop and args.participants == 12 and args.page == [FLAGSHIP]
    assert args.host is None  # --workshop then listens on the network address
    assert parser.parse_args(["serve"]).workshop is False


def test_a_new_name_creates_the_workspace_and_the_keys_open_it(keys):
    shop = prepare(keys, PAGES, "Riverside Reentry", [FLAGSHIP], 20)
    assert shop.created and shop.workspace_name == "Riverside Reentry"
    assert keys.check(shop.participant_key).role == "participant"
    assert keys.check(shop.facilitator_key).role == "facilitator"
    assert [q.id for q in shop.pages] == [FLAGSHIP]
    assert shop.room.places.cap == session_cap(20) == 24
    again = prepare(keys, PAGES, "Riverside Reentry", [FLAGSHIP], 20)
    assert not again.created and again.workspace_id == shop.workspace_id


def test_a_name_like_another_is_refused_not_copied(keys):
    prepare(keys, PAGES, "Riverside Reentry", [FLAGSHIP], 20)
    with pytest.raises(ReentryWorkbookError):
        prepare(keys, PAGES, "Riverside Reentri", [FLAGSHIP], 20)
    assert len(keys.store.workspaces()) == 1


def test_pages_and_participants_are_checked_in_words(keys):
    with pytest.raises(ReentryWorkbookError, match="--page: no page nope"):
        prepare(keys, PAGES, "R", ["nope"], 20)
    with pytest.raises(ReentryWorkbookError, match="at least 1"):
        prepare(keys, PAGES, "R", [FLAGSHIP], 0)
    everything = prepare(keys, PAGES, "R", [], 20)
    assert [q.id for q in everything.pages] == [q.id for q in PAGES if has_questions(q)]


def test_the_announcement_has_both_links_a_qr_code_and_the_memory(keys):
    shop = prepare(keys, PAGES, "Riverside Reentry", [FLAGSHIP], 20)
    out = io.StringIO()
    announce(shop, "http://10.1.2.3:8866/", "tok", 150, out)
    text = out.getvalue()
    assert f"http://10.1.2.3:8866/join/{shop.participant_key}" in text
    assert f"key={shop.facilitator_key}" in text and "token=tok" in text
    assert "█" in text  # the QR code
    assert "320 MB" in text and "Up to 24 participants" in text
    assert "token" not in text.split("Participants join with:")[1].split("\n")[0]


def test_the_qr_code_svg_encodes_the_link():
    svg = qr_svg(join_url("http://10.1.2.3:8866/", "abc"))
    assert svg.startswith("<svg") and "</svg>" in svg
