"""Opening a served page as a person: the key in the address, then a name (or none)."""

from playwright.sync_api import Page

FLAGSHIP = "/voila/render/identify-community-members-and-networks.ipynb"
PARTICIPANT = "/voila/render/participant.ipynb"
FLAGSHIP_STEM = "identify-community-members-and-networks"


def workbook_url(key: str) -> str:
    return f"{FLAGSHIP}?key={key}"


def questions_url(key: str, page: str = FLAGSHIP_STEM) -> str:
    return f"{PARTICIPANT}?page={page}&key={key}"


def sign_in(page: Page, name: str = "") -> None:
    """Say who is working (a browser that was here before is let in without asking)."""
    page.locator(".rw-identity .rw-respondent input, .rw-who").first.wait_for(state="visible")
    if page.locator(".rw-who").count():
        return
    panel = page.locator(".rw-identity")
    panel.locator(".rw-respondent input").fill(name)
    panel.locator("button.rw-start, button.rw-add-me").last.click()
    page.locator(".rw-who, .rw-add-new").first.wait_for(state="visible")
    if page.locator(".rw-add-new").count():  # close to someone's name: "no, I am new"
        page.locator(".rw-add-new").click()
        page.locator(".rw-who").first.wait_for(state="visible")


def open_as(page: Page, url: str, name: str = "") -> None:
    """Go to ``url`` and sign in as ``name``."""
    page.goto(url)
    sign_in(page, name)
