"""The server as a stranger, a participant, and a facilitator whose connection fails meet it."""

import http.client
import re
import time
import urllib.error
import urllib.request
from urllib.parse import quote

from playwright.sync_api import Page, expect

from tests.browser.identity import sign_in
from tests.browser.server_process import kernel_process, start_server, stop_server

FLAGSHIP = "/voila/render/identify-community-members-and-networks.ipynb"
PARTICIPANT = "/voila/render/participant.ipynb"
KERNEL_ID = re.compile(r"/api/kernels/([0-9a-f-]{36})")
NO_JOURNAL = "() => !Object.keys(localStorage).some(k => k.startsWith('rw-journal:'))"
HAS_JOURNAL = "() => Object.keys(localStorage).some(k => k.startsWith('rw-journal:'))"


def _watch_kernels(page: Page) -> list[str]:
    ids: list[str] = []
    page.on("websocket", lambda ws: ids.extend(KERNEL_ID.findall(ws.url)))
    return ids


def _open_workbook(page: Page, url: str, name: str = "Kim") -> None:
    page.goto(url)
    sign_in(page, name)  # asked once; the same browser is let in without asking afterwards
    page.locator(".rw-section-summary .rw-make-report").wait_for(state="visible", timeout=120_000)
    expect(page.locator(".rw-loading")).to_have_count(0)


def _kernel_known(server, kernel_id: str) -> bool:
    """Whether the server still lists the kernel (its process may already be gone)."""
    try:
        with urllib.request.urlopen(f"{server.url}/api/kernels/{kernel_id}", timeout=5):
            return True
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return False
        raise


def _wait_gone(server, kernel_id: str, timeout: float = 30) -> float:
    """Seconds until the kernel's process has ended and the server no longer lists it."""
    start = time.monotonic()
    while kernel_process(server.proc.pid, kernel_id) is not None or _kernel_known(
        server, kernel_id
    ):
        if time.monotonic() - start > timeout:
            raise AssertionError(f"kernel {kernel_id} still runs after {timeout} s")
        time.sleep(0.05)
    return time.monotonic() - start


def _pages_opened(server) -> int:
    """How many notebook pages the server has let through its gate so far."""
    return server.log.read_text().count("Opening ")


def test_a_stranger_with_names_cannot_open_anything(page: Page, voila):
    voila.keys.add("Coalition North")
    before = _pages_opened(voila)
    for path in (FLAGSHIP, PARTICIPANT):
        page.goto(f"{path}?workspace={quote('Coalition North')}&respondent=JD")
        expect(page.locator("h1")).to_have_text("Reentry coalition workbooks")
        assert page.url.rstrip("/") == voila.url
    page.goto("/pages?workspace=Coalition%20North")
    expect(page.locator("h1")).to_have_text("Reentry coalition workbooks")
    page.goto(f"{FLAGSHIP}?key=Coalition%20North")
    expect(page.locator(".problem")).to_contain_text("This link does not open a workspace")
    assert "Coalition North" not in page.content()
    assert _pages_opened(voila) == before


def test_a_participant_link_cannot_open_the_facilitator_page(page: Page, voila, screenshots):
    key = voila.keys.add("Coalition South", "participant")
    before = _pages_opened(voila)
    page.goto(f"{FLAGSHIP}?key={key}")
    expect(page.locator("h1")).to_have_text("This link cannot open this page")
    assert _pages_opened(voila) == before
    page.goto(f"/pages?key={key}")
    expect(page.locator("h1")).to_contain_text("Coalition South: questions for you")
    expect(page.get_by_role("link", name="Open the workbook")).to_have_count(0)
    page.screenshot(path=str(screenshots / "server-participant-index.png"), full_page=True)
    page.get_by_role("link", name="Answer the questions").first.click()
    page.locator(".rw-start-panel").wait_for(state="visible")


def test_start_page_creates_a_workspace_with_two_links(page: Page, voila, screenshots):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    page.screenshot(path=str(screenshots / "server-start-phone.png"), full_page=True)
    page.get_by_label("Coalition name").fill("Lakeside Reentry <Coalition>")
    page.get_by_label("Your name").fill("Robin")
    page.get_by_role("button", name="Create the workspace").click()
    expect(page.locator("h1")).to_have_text("“Lakeside Reentry <Coalition>” is ready")
    page.screenshot(path=str(screenshots / "server-created-phone.png"), full_page=True)
    facilitator = page.locator(".rw-facilitator-link").input_value()
    participant = page.locator(".rw-participant-link").input_value()
    assert facilitator != participant and "key=" in facilitator and "key=" in participant
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth + 1")
    page.goto(facilitator)
    expect(page.locator("h1")).to_have_text("Lakeside Reentry <Coalition>")
    expect(page.locator(".rw-index-page").first).to_contain_text("required answers given")
    page.screenshot(path=str(screenshots / "server-index-phone.png"), full_page=True)


def test_a_killed_kernel_is_noticed_and_typing_is_offered_back(page: Page, voila, screenshots):
    key = voila.keys.add("Guard Coalition")
    url = f"{FLAGSHIP}?key={key}"
    ids = _watch_kernels(page)
    _open_workbook(page, url)
    status = page.locator(".rw-save-status")
    box = page.locator(".rw-section-step-next_steps .rw-item-next_steps textarea")
    box.fill("Call the commissioner")
    expect(status).to_contain_text("Saved", timeout=15_000)
    page.wait_for_function(NO_JOURNAL)
    for kernel_id in ids:
        kernel_process(voila.proc.pid, kernel_id).kill()
    box.press_sequentially(" on Monday")
    expect(status).to_contain_text("Connection to the server lost", timeout=15_000)
    expect(status).not_to_contain_text("Saved")
    page.wait_for_function(HAS_JOURNAL)
    status.screenshot(path=str(screenshots / "guard-lost.png"))

    page.reload()
    _open_workbook(page, url)
    offer = page.locator(".rw-guard-offer")
    expect(offer).to_contain_text("You typed 1 answer here that was not saved")
    expect(offer).to_contain_text("What will the coalition do")
    offer.screenshot(path=str(screenshots / "guard-offer.png"))
    expect(box).to_have_value("Call the commissioner")
    offer.get_by_role("button", name="Put them back").click()
    expect(box).to_have_value("Call the commissioner on Monday")
    expect(status).to_contain_text("Saved", timeout=15_000)
    page.wait_for_function(NO_JOURNAL)

    page.reload()
    _open_workbook(page, url)
    expect(box).to_have_value("Call the commissioner on Monday")
    expect(offer).to_be_hidden()


def test_a_stopped_server_is_noticed_and_typing_is_offered_back(
    page: Page, tmp_path_factory, screenshots
):
    server = start_server(tmp_path_factory.mktemp("stopping"), preheat=())
    try:
        key = server.keys.add("Stop Coalition")
        url = f"{server.url}{FLAGSHIP}?key={key}"
        _open_workbook(page, url)
        status = page.locator(".rw-save-status")
        box = page.locator(".rw-section-step-next_steps .rw-item-next_steps textarea")
        box.fill("Book the hall")
        expect(status).to_contain_text("Saved", timeout=15_000)
        page.wait_for_function(NO_JOURNAL)
        stop_server(server)
        box.press_sequentially(" for May")
        expect(status).to_contain_text("Connection to the server lost", timeout=15_000)
        expect(status).not_to_contain_text("Saved")
        page.wait_for_function(HAS_JOURNAL)

        server = start_server(server.folder, preheat=(), port=server.port)
        page.reload()
        _open_workbook(page, url)
        offer = page.locator(".rw-guard-offer")
        expect(offer).to_contain_text("You typed 1 answer here that was not saved")
        offer.get_by_role("button", name="Put them back").click()
        expect(box).to_have_value("Book the hall for May")
        expect(status).to_contain_text("Saved", timeout=15_000)
        page.wait_for_function(NO_JOURNAL)
        page.reload()
        _open_workbook(page, url)
        expect(box).to_have_value("Book the hall for May")
        status.screenshot(path=str(screenshots / "guard-saved-after-restart.png"))
    finally:
        if server.proc.poll() is None:
            stop_server(server)


def test_a_closed_page_frees_its_kernel_within_seconds(context, voila, participant_key):
    page = context.new_page()
    ids = _watch_kernels(page)
    page.goto(f"{PARTICIPANT}?key={participant_key}")
    sign_in(page, "Al")
    page.locator(".rw-next-step").wait_for(state="visible")
    expect(page.locator(".rw-save-status")).to_be_visible()
    (kernel_id,) = set(ids)
    assert kernel_process(voila.proc.pid, kernel_id) is not None
    page.close(run_before_unload=True)
    seconds = _wait_gone(voila, kernel_id)
    print(f"closed page's kernel gone after {seconds:.2f} s")
    assert seconds < 5


def test_beyond_the_cap_a_polite_page_and_no_kernel(browser, tmp_path_factory, screenshots):
    server = start_server(tmp_path_factory.mktemp("capped"), preheat=(), max_kernels=1)
    try:
        key = server.keys.add("Busy Coalition")
        url = f"{server.url}{PARTICIPANT}?key={key}"
        first = browser.new_page()
        ids = _watch_kernels(first)
        first.goto(url)
        sign_in(first, "A")
        first.locator(".rw-next-step").wait_for(state="visible")
        expect(first.locator(".rw-save-status")).to_be_visible()
        second = browser.new_page()
        response = second.goto(url)
        assert response.status == 503
        expect(second.locator(".rw-busy")).to_contain_text(
            "The workbook is busy: 1 page is open. Close a tab you no longer use, or try "
            "again in a minute."
        )
        second.screenshot(path=str(screenshots / "server-busy.png"), full_page=True)
        assert len(server.kernels()) == 1
        first.close(run_before_unload=True)
        _wait_gone(server, ids[0])
        second.reload()
        sign_in(second, "B")
        second.locator(".rw-next-step").wait_for(state="visible")
        second.close()
    finally:
        stop_server(server)


def test_a_foreign_host_header_is_refused(voila):
    for path, headers in (
        ("/", {}),
        (f"{FLAGSHIP}?demo=1", {}),
        (
            "/api/kernels/00000000-0000-0000-0000-000000000000/channels",
            {
                "Upgrade": "websocket",
                "Connection": "Upgrade",
                "Sec-WebSocket-Version": "13",
                "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
            },
        ),
    ):
        before = _pages_opened(voila)
        conn = http.client.HTTPConnection("127.0.0.1", voila.port, timeout=10)
        conn.putrequest("GET", path, skip_host=True)
        conn.putheader("Host", f"attacker.example:{voila.port}")
        for name, value in headers.items():
            conn.putheader(name, value)
        conn.endheaders()
        response = conn.getresponse()
        body = response.read().decode()
        conn.close()
        assert response.status == 403, path
        assert body.count("\n") == 1 and "Host header refused" in body
        assert _pages_opened(voila) == before


def test_money_stays_text(page: Page, voila, screenshots):
    url = f"{FLAGSHIP}?key={voila.keys.add('Money Coalition')}"
    _open_workbook(page, url, "Sam")
    nets = page.locator(".rw-section-step-networks")
    nets.get_by_role("button", name="+ Add network").click()
    nets.locator(".rw-editor .rw-col-name input").fill("$5 a day and $100 a month")
    nets.get_by_role("button", name="Done").click()
    row = nets.locator(".rw-row-summary").first
    expect(row).to_have_text("1. $5 a day and $100 a month")
    expect(page.locator(".rw-save-status")).to_contain_text("Saved", timeout=15_000)
    page.wait_for_timeout(0)  # let a typesetting pass, if any, run before looking
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 500)))")
    assert row.locator("mjx-container, .MathJax").count() == 0
    expect(row).to_have_text("1. $5 a day and $100 a month")
    row.screenshot(path=str(screenshots / "money-stays-text.png"))
