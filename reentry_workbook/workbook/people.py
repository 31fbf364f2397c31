"""The people of a workspace in the facilitator's workbook: count my answers, rename, join."""

from __future__ import annotations

import html
import logging
from typing import TYPE_CHECKING, Any

import ipywidgets as W

from ..errors import ReentryWorkbookError

if TYPE_CHECKING:
    from ..store import Person
    from .core import Workbook

log = logging.getLogger(__name__)


def count_switch(wb: Workbook) -> W.Checkbox:
    """ "Count my own answers": facilitators are left out of the group's figures unless they
    choose to be in them (``Store.set_counted``)."""
    session = wb.session
    assert session is not None
    box = W.Checkbox(
        value=session.counted,
        description=wb.tr("people.count_mine"),
        tooltip=wb.tr("people.count_mine_tip"),
        indent=False,
    )
    box.add_class("rw-count-mine")

    def changed(change: dict[str, Any]) -> None:
        if wb.session is None or change["new"] == wb.session.counted:
            return
        try:
            wb.session.person_record = wb.store.set_counted(
                wb.session.person_record.id, bool(change["new"]), by=wb.session.author
            )
        except ReentryWorkbookError as exc:
            log.warning("could not change counting: %s", exc)
            box.value = wb.session.counted
            return
        wb.paint_all()

    box.observe(changed, names="value")
    return box


class PeoplePanel:
    """Everyone in the workspace, with rename and join (merge); the store keeps the history."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        tr = wb.tr
        self.listing = W.HTML("")
        self.listing.add_class("rw-people-list")
        self.rename_who = W.Dropdown(description=tr("people.rename_who"))
        self.rename_to = W.Text(description=tr("people.rename_to"))
        self.rename_button = W.Button(description=tr("people.rename_button"))
        self.rename_button.add_class("rw-rename")
        self.rename_button.on_click(lambda _b: self.rename())
        self.keep = W.Dropdown(description=tr("people.merge_keep"))
        self.other = W.Dropdown(description=tr("people.merge_other"))
        self.merge_button = W.Button(description=tr("people.merge_button"))
        self.merge_button.add_class("rw-merge")
        self.merge_button.on_click(lambda _b: self.merge())
        for box in (self.rename_who, self.rename_to, self.keep, self.other):
            box.style.description_width = "initial"
        self.rename_who.add_class("rw-rename-who")
        self.rename_to.add_class("rw-rename-to")
        self.keep.add_class("rw-merge-keep")
        self.other.add_class("rw-merge-other")
        self.notice = W.HTML("")
        self.notice.add_class("rw-notice")
        heading = W.HTML(
            f"<h3>{html.escape(tr('people.heading'))}</h3><p>{html.escape(tr('people.text'))}</p>"
        )
        rename = W.HBox([self.rename_who, self.rename_to, self.rename_button])
        merge = W.HBox([self.keep, self.other, self.merge_button])
        for row in (rename, merge):
            row.add_class("rw-people-row")
            row.layout.flex_flow = "row wrap"
        self.widget = W.VBox([heading, self.listing, rename, merge, self.notice])
        self.widget.add_class("rw-people")
        self.refresh()

    def _people(self) -> list[Person]:
        session = self.wb.session
        return [] if session is None else self.wb.store.people(session.workspace_id)

    def refresh(self) -> None:
        """Show the workspace's people as they are now."""
        tr = self.wb.tr
        people = self._people()
        rows = []
        for p in people:
            notes = [tr(f"people.{p.role}") if p.role in ("facilitator", "participant") else p.role]
            notes.append(tr("people.counted" if p.counted else "people.not_counted"))
            if p.pseudonym:
                notes.append(tr("people.anonymous"))
            rows.append(
                f"<li><b>{html.escape(p.name)}</b> <span class='rw-note'>"
                f"({html.escape(', '.join(notes))})</span></li>"
            )
        self.listing.value = (
            f"<ul>{''.join(rows)}</ul>" if rows else f"<p>{html.escape(tr('people.none'))}</p>"
        )
        options = [(tr("people.choose"), "")] + [(p.name, p.id) for p in people]
        for box in (self.rename_who, self.keep, self.other):
            kept = box.value if box.value in {p.id for p in people} else ""
            box.options = options
            box.value = kept

    def rename(self) -> None:
        """Give the chosen person the typed name (refused, in words, if someone has it)."""
        session = self.wb.session
        if session is None or not self.rename_who.value:
            self._say(self.wb.tr("people.pick_two"), problem=True)
            return
        old = self.rename_who.label
        try:
            person = self.wb.store.rename_person(
                self.rename_who.value, self.rename_to.value, by=session.author
            )
        except ReentryWorkbookError as exc:
            self._say(str(exc), problem=True)
            return
        self._changed(person)
        self.rename_to.value = ""
        self._say(self.wb.tr("people.renamed", old=old, new=person.name))

    def merge(self) -> None:
        """Join the second chosen person into the first (answers move; history kept)."""
        session = self.wb.session
        keep, other = self.keep.value, self.other.value
        if session is None or not keep or not other or keep == other:
            self._say(self.wb.tr("people.pick_two"), problem=True)
            return
        other_name = self.other.label
        try:
            person = self.wb.store.merge_people(keep, other, by=session.author)
        except ReentryWorkbookError as exc:
            self._say(str(exc), problem=True)
            return
        if session.person_record.id == other:
            session.person_record = person
        self._changed(person)
        self._say(self.wb.tr("people.merged", other=other_name, keep=person.name))

    def _changed(self, person: Person) -> None:
        session = self.wb.session
        if session is not None and session.person_record.id == person.id:
            from ..store import Author

            session.person_record = person
            session.author = Author(person.name, person.id)
        self.refresh()
        self.wb.paint_all()

    def _say(self, text: str, problem: bool = False) -> None:
        css = "rw-problem" if problem else "rw-done-note"
        role = " role='alert'" if problem else ""
        self.notice.value = f"<p class='{css}'{role}>{html.escape(text)}</p>"
