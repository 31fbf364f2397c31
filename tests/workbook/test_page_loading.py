"""How a page gets its address and fills its sections: at once, or after the browser has it."""

import asyncio
import os
import threading
import time

import ipywidgets as W
import pytest

from reentry_workbook import loading, open_store, open_workbook, page, url_parameters
from reentry_workbook.loading import LaterBuilds
from tests.widget_tree import find

pytestmark = pytest.mark.widget
TEMPLATE = "identify-community-members-and-networks"


@pytest.fixture
def store(tmp_path):
    return open_store(f"sqlite:///{tmp_path / 'wb.db'}")


def test_url_parameters_override_defaults_and_ignore_other_keys():
    got = url_parameters(
        "workspace=From+URL&respondent=%3Cb%3EAna&demo=1&template=x&db=sqlite:///evil",
        workspace="Default",
        respondent=None,
        demo=False,
    )
    assert got == {"workspace": "From URL", "respondent": "<b>Ana", "demo": True}
    assert url_parameters("", workspace="Default", demo="no") == {
        "workspace": "Default",
        "demo": False,
    }
    assert len(url_parameters("workspace=" + "x" * 5000)["workspace"]) == 200


def test_outside_voila_the_address_is_read_at_once(store, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "workspace=Now+Coalition&respondent=Pat")
    wb = open_workbook(TEMPLATE, store)
    assert wb.session.workspace == "Now Coalition"
    assert wb.panel.workspace_input.value == "Now Coalition"
    assert not wb.later.enabled


def test_only_a_kernel_started_ahead_draws_its_views_ahead(store, monkeypatch):
    from reentry_workbook.views import warm

    warmed = []
    monkeypatch.setattr(warm, "warm_up", warmed.append)
    open_workbook(TEMPLATE, store)
    assert warmed == []  # the page is asked for already: no rehearsal before it


def _in_a_fake_kernel(monkeypatch, scenario):
    """Run ``scenario()`` (a coroutine function) on an event loop that plays the kernel's, in
    a thread of its own so no other loop of the test session is disturbed."""
    result: dict = {}

    async def main():
        loop = asyncio.get_running_loop()
        for module in (page, loading):
            monkeypatch.setattr(module, "kernel_loop", lambda: loop)
        result["value"] = await scenario()

    def run():
        try:
            asyncio.run(main())
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            result["error"] = exc

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(60)
    if "error" in result:
        raise result["error"]
    return result["value"]


async def _until(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)


def test_preheated_kernel_starts_when_the_request_arrives(store, monkeypatch):
    """Voila ran the notebook before anyone asked; the address comes later, and the first
    step is built at once while the others wait until the browser has the page."""
    import voila.utils

    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("SERVER_SOFTWARE", "")  # undone after the test, like what follows
    monkeypatch.setenv("QUERY_STRING", "")
    arrived = threading.Event()
    key = store.create_workspace("Late Coalition").facilitator_key
    store.create_workspace("Other Coalition")

    def wait_for_request(url=None):
        arrived.wait(10)
        # the names in the address are ignored: the key says which workspace
        os.environ["QUERY_STRING"] = f"key={key}&workspace=Other+Coalition&respondent=Sam"
        os.environ["SERVER_SOFTWARE"] = "voila/0.5"

    monkeypatch.setattr(voila.utils, "wait_for_request", wait_for_request)
    from reentry_workbook.views import warm

    warmed = []  # the page's views drawn while nobody waits: before the request arrives
    real_warm_up = warm.warm_up
    monkeypatch.setattr(
        warm, "warm_up", lambda q: warmed.append((q.id, arrived.is_set())) or real_warm_up(q)
    )

    async def scenario():
        wb = open_workbook(TEMPLATE, store)
        sections = [wb.header()] + [wb.step(s.id) for s in wb.q.steps] + [wb.summary()]
        assert wb.session is None  # the page is ready, nobody has asked for it yet
        assert warmed == [(wb.q.id, False)]
        assert "Start above" in sections[1].children[0].value
        arrived.set()
        await _until(lambda: wb.identity is not None)
        wb.identity.name_input.value = "Sam"
        wb.identity.typed()
        assert wb.session.workspace == "Late Coalition"
        assert wb.forms.keys() == {wb.q.steps[0].id}
        assert all("rw-loading" in s.children[0].value for s in sections[2:])
        wb.later._target.value = True  # what the browser's link sends once it has the page
        await _until(lambda: wb.later.pending() == 0)
        assert list(wb.forms) == [s.id for s in wb.q.steps]
        assert not any(
            isinstance(c, W.HTML) and "rw-loading" in c.value for s in sections for c in s.children
        )
        return wb

    wb = _in_a_fake_kernel(monkeypatch, scenario)
    assert "Late Coalition" in find(wb.header(), "rw-who-box").value


def test_sections_build_after_the_fallback_without_a_browser(monkeypatch):
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5")
    order = []

    async def scenario():
        later = LaterBuilds(fallback=0.05)
        assert later.enabled
        boxes = [W.VBox() for _ in range(3)]
        for i, box in enumerate(boxes):
            later.add(box, lambda i=i: order.append(i) or [W.HTML(f"section {i}")])
        assert "Loading" in boxes[0].children[0].value
        await _until(lambda: later.pending() == 0)
        return boxes

    boxes = _in_a_fake_kernel(monkeypatch, scenario)
    assert order == [0, 1, 2]
    assert [b.children[0].value for b in boxes] == ["section 0", "section 1", "section 2"]


def test_a_section_that_fails_says_why_and_the_rest_still_build(monkeypatch):
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5")

    def broken():
        raise ValueError("the <coverage> picture needs a name")

    async def scenario():
        later = LaterBuilds(fallback=60)
        boxes = [W.VBox(), W.VBox()]
        later.add(boxes[0], broken)
        later.add(boxes[1], lambda: [W.HTML("fine")])
        later._target.value = True
        await _until(lambda: later.pending() == 0)
        return boxes

    boxes = _in_a_fake_kernel(monkeypatch, scenario)
    problem = boxes[0].children[0].value
    assert "could not be shown" in problem and "&lt;coverage&gt;" in problem
    assert boxes[1].children[0].value == "fine"


def test_a_request_that_voila_failed_to_deliver_is_asked_for_again(monkeypatch):
    """Voila's ``wait_for_request`` returns silently when its socket does not open within 5 s
    (a busy server): the page must ask again, not open without its key."""
    for name in ("SERVER_SOFTWARE", "QUERY_STRING"):  # set, then removed: restored afterwards
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    calls = []

    def flaky_wait():
        calls.append(1)
        if len(calls) == 1:
            return None  # the timeout: nothing delivered
        if len(calls) == 2:
            raise ConnectionRefusedError("server busy")
        os.environ["SERVER_SOFTWARE"] = "voila/0.5"
        os.environ["QUERY_STRING"] = "key=abc"

    assert page.wait_for_page_request(flaky_wait, tries=5, pause=0)
    assert len(calls) == 3
    assert url_parameters()["key"] == "abc"


def test_a_request_that_never_arrives_is_given_up_after_the_tries(monkeypatch):
    monkeypatch.setenv("SERVER_SOFTWARE", "")
    monkeypatch.delenv("SERVER_SOFTWARE")
    calls = []
    assert not page.wait_for_page_request(lambda: calls.append(1), tries=3, pause=0)
    assert len(calls) == 3
