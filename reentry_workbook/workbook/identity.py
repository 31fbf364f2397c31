"""Opening a page by its link, and saying who you are inside the workspace the link opens.

A served page (Voila) finds its workspace and its role from the key in its address, nothing
else. Inside the workspace a person picks their name from its people or adds one; the same
browser comes back as the same person without typing (a device secret in ``localStorage``).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import ipywidgets as W

from ..errors import ReentryWorkbookError
from ..messages import Catalog
from ..names import name_key
from ..page import kernel_loop
from ..store import Access, AccessDenied, Person, Store
from ..widgets.device import DeviceKey

log = logging.getLogger(__name__)
MAX_SUGGESTIONS = 3
ASK_AFTER = 15.0  # seconds to wait for the browser before asking for a name anyway


@dataclass(frozen=True)
class Address:
    """What a page's address asks for, as far as the page may take it."""

    key: str = ""
    page: str = ""
    demo: bool = False
    workspace: str = ""
    respondent: str = ""


def address_from(params: Mapping[str, Any], *, served: bool) -> Address:
    """The parameters a page acts on.

    A served page ignores ``workspace`` and ``respondent``: anyone can type a coalition's and a
    person's name into an address, so a name must never open data there; the key alone says
    which workspace and with which role. On this computer (JupyterLab, scripts) the person owns
    the data and may still open a workspace by its name.
    """

    def text(name: str) -> str:
        value = params.get(name)
        return value.strip() if isinstance(value, str) else ""

    return Address(
        key=text("key"),
        page=text("page"),
        demo=bool(params.get("demo")),
        workspace="" if served else text("workspace"),
        respondent="" if served else text("respondent"),
    )


class PageRefused(ReentryWorkbookError):
    """The page cannot open for this address; the message is one plain line for the visitor."""


def access_for(store: Store, key: str, tr: Catalog) -> Access:
    """What ``key`` opens; ``PageRefused`` with the same words for every key that opens nothing
    (no hint whether a coalition exists)."""
    try:
        return store.open_by_key(key)
    except AccessDenied:
        raise PageRefused(tr("opening.denied")) from None


def refusal(text: str) -> W.HTML:
    """One plain line where the page would be."""
    box = W.HTML(f"<p class='rw-problem rw-refused' role='alert'>{html.escape(text)}</p>")
    box.add_class("rw-refused-box")
    return box


class IdentityPanel(W.VBox):  # type: ignore[misc]  # ipywidgets has no types
    """Who is this? Facilitators pick their name from the workspace's people or add one (typed
    names close to someone's get "did you mean"); participants give a name or none. A browser
    that was here before comes back as the same person at once.

    Participants never open someone else's answers: a name already used here is refused unless
    this browser holds that person's device secret, and no one's name is suggested to them.
    """

    def __init__(
        self,
        store: Store,
        access: Access,
        tr: Catalog,
        on_person: Callable[[Person], None],
        *,
        role: str,
        subtitle: str = "",
    ) -> None:
        super().__init__()
        self.add_class("rw-form")
        self.add_class("rw-start-panel")
        self.add_class("rw-identity")
        self.store = store
        self.access = access
        self.tr = tr
        self.on_person = on_person
        self.role = role
        self.participant = access.role != "facilitator"
        self.done = False
        ws = access.workspace
        self.device = DeviceKey(ws.id)
        self.device.on_secret(self._resume)
        self.notice = W.HTML("")
        self.notice.add_class("rw-notice")
        self.suggestions = W.VBox()
        self.suggestions.add_class("rw-suggestions")
        intro = tr("identity.participant_text" if self.participant else "identity.facilitator_text")
        heading = W.HTML(
            f"<h2 class='rw-title'>{html.escape(tr('identity.heading', workspace=ws.name))}</h2>"
            + (f"<p class='rw-subtitle'><b>{html.escape(subtitle)}</b></p>" if subtitle else "")
            + f"<p>{html.escape(intro)}</p>"
        )
        self.name_input = W.Text(
            description=tr("identity.participant_name" if self.participant else "identity.add")
        )
        self.name_input.add_class("rw-respondent")
        self.name_input.style.description_width = "initial"
        self.name_input.layout.width = "100%"
        self.add_button = W.Button(
            description=tr("identity.start" if self.participant else "identity.add_button"),
            button_style="primary" if self.participant else "",
        )
        self.add_button.add_class("rw-start" if self.participant else "rw-add-me")
        self.add_button.on_click(lambda _b: self._after_typing(self.typed))
        rows: list[W.Widget] = [heading]
        self.people = W.Dropdown(options=[("", "")], description=tr("identity.pick"))
        self.people.add_class("rw-people-pick")
        self.people.style.description_width = "initial"
        self.pick_button = W.Button(description=tr("identity.continue"), button_style="primary")
        self.pick_button.add_class("rw-start")
        self.pick_button.on_click(lambda _b: self.picked())
        self.people.layout.flex = "1 1 auto"
        self.people.layout.width = "auto"
        self.pick_button.layout.width = "auto"
        self.pick_button.layout.flex = "0 0 auto"
        if not self.participant:
            known = store.people(ws.id)
            self.people.options = [(tr("identity.choose"), "")] + [(p.name, p.id) for p in known]
            if known:
                rows.append(W.HBox([self.people, self.pick_button]))
                rows[-1].add_class("rw-pick-row")
                rows[-1].layout.flex_flow = "row wrap"
                rows[-1].layout.align_items = "flex-end"
        rows += [self.name_input, W.HBox([self.add_button]), self.suggestions, self.notice]
        self._rows = [*rows, self.device]
        # the inputs show once the browser has said whether it was here before (no flicker of a
        # name form that then goes away); without an answer they show after a few seconds
        waiting = W.HTML(f"<p class='rw-opening'>{html.escape(tr('opening.opening'))}</p>")
        loop = kernel_loop()
        self.asked = loop is None
        if loop is None:
            self.children = self._rows
        else:
            self.children = [heading, waiting, self.device]
            loop.call_later(ASK_AFTER, self._ask)

    def _ask(self) -> None:
        """Show the name inputs (unless the person is already known)."""
        if not self.done and not self.asked:
            self.asked = True
            self.children = self._rows

    @staticmethod
    def _after_typing(action: Callable[[], None]) -> None:
        from ..app import after_typing

        after_typing(action)

    # ----- choosing ---------------------------------------------------------------------------
    def picked(self) -> None:
        """A facilitator chose their name from the list."""
        person_id = self.people.value
        if not person_id:
            self._say(self.tr("identity.give_name"))
            return
        self._guarded(lambda: self._chosen(self.store.person(person_id)))

    def typed(self, confirmed: bool = False) -> None:
        """A name was typed (or left blank by a participant)."""
        self._guarded(lambda: self._typed(self.name_input.value, confirmed))

    def _typed(self, text: str, confirmed: bool) -> None:
        ws = self.access.workspace
        if not text.strip():
            if not self.participant:
                self._say(self.tr("identity.give_name"))
                return
            self._chosen(self.store.join(ws.id, None, self.role))
            return
        matches = self.store.match_people(ws.id, text)
        same = [p for p in matches if name_key(p.name) == name_key(text)]
        if self.participant:
            if same:
                self._say(self.tr("identity.taken", name=same[0].name))
                return
            self._chosen(self.store.join(ws.id, text, self.role))
            return
        if same:
            self._chosen(same[0])
        elif matches and not confirmed:
            self._suggest(text, matches[:MAX_SUGGESTIONS])
        else:
            self._chosen(self.store.join(ws.id, text, self.role))

    def _suggest(self, text: str, people: list[Person]) -> None:
        buttons = []
        for person in people:
            button = W.Button(description=self.tr("identity.that_is_me", name=person.name))
            button.add_class("rw-did-you-mean")
            button.on_click(lambda _b, p=person: self._guarded(lambda: self._chosen(p)))
            buttons.append(button)
        new = W.Button(description=self.tr("identity.add_new", name=" ".join(text.split())))
        new.add_class("rw-add-new")
        new.on_click(lambda _b: self.typed(confirmed=True))
        question = W.HTML(f"<p>{html.escape(self.tr('identity.did_you_mean'))}</p>")
        self.suggestions.children = [question, *buttons, new]
        self.notice.value = ""

    def _chosen(self, person: Person, *, resumed: bool = False) -> None:
        if self.done:
            return
        self.done = True
        if not resumed:
            self.device.remember(self.store.claim_device(person.id))
        self.on_person(person)

    def _resume(self, secret: str) -> None:
        """The browser said what it holds: come back as that person, or ask who this is."""
        if self.done:
            return
        person = self.store.person_by_device(self.access.workspace.id, secret) if secret else None
        if person is not None:
            self._chosen(person, resumed=True)
        else:
            self._ask()

    def forget_device(self) -> None:
        """This browser no longer comes back as the person ("Not you?")."""
        self.device.forget()

    def _guarded(self, action: Callable[[], None]) -> None:
        try:
            action()
        except ReentryWorkbookError as exc:
            self.done = False
            self._say(str(exc))

    def _say(self, text: str) -> None:
        self.notice.value = f"<p class='rw-problem' role='alert'>⚠ {html.escape(text)}</p>"


def not_you(tr: Catalog, panel: IdentityPanel, ask_again: Callable[[], None]) -> W.Button:
    """ "Not you?": this browser forgets who it was, and the page asks again."""
    button = W.Button(description=tr("identity.not_you"), layout=W.Layout(width="auto"))
    button.add_class("rw-not-you")

    def clicked(_b: W.Button) -> None:
        panel.forget_device()
        ask_again()

    button.on_click(clicked)
    return button
