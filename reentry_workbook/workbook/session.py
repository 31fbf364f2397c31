"""Where one page's answers live for one person: the workspace's shared plan and their own.

The session knows what the store holds (the base each edit started from), turns a page's new
answers into record-by-record changes, and takes in what others saved meanwhile.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..kinds import RECORD_ID
from ..model import Questionnaire, TableItem
from ..store import (
    Author,
    Change,
    Conflict,
    DeleteRecord,
    MoveRecord,
    Person,
    SetAnswer,
    SetFields,
    Snapshot,
    Store,
    Workspace,
)
from ..store.order import place
from .merge import diff, rebase

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class Taken:
    """What others saved since the last look: new values of this page's items (already merged
    with what is being typed here), and whether anyone's personal answers changed."""

    items: dict[str, Any] = field(default_factory=dict)
    group: bool = False


def _value(snapshot: Snapshot, item_id: str, table: bool) -> Any:
    if table:
        records = snapshot.records.get(item_id, ())
        return [{RECORD_ID: r.record_id, **dict(r.fields)} for r in records] or None
    found = snapshot.answers.get(item_id)
    return None if found is None else found.value


class PageSession:
    """One page, one person: loads, saves (sending only what changed) and polls for others."""

    def __init__(
        self,
        store: Store,
        q: Questionnaire,
        workspace: Workspace,
        person: Person,
        *,
        role: str,
        round: int = 1,
    ) -> None:
        self.store = store
        self.q = q
        self.workspace_ws = workspace
        self.person_record = person
        self.role = role
        self.round = round
        self.is_demo = workspace.is_demo
        self.author = Author(person.name, person.id)
        self.plan_id = store.plan_response(workspace.id, q.id, q.version)
        self.mine_id = store.personal_response(workspace.id, person.id, q.id, q.version, round)
        self._tables = {i.id for _, i in q.iter_items() if isinstance(i, TableItem)}
        self._base: dict[str, Any] = {}
        self._revisions: dict[tuple[str, str | None], int] = {}
        self._positions: dict[tuple[str, str], float] = {}
        self.unresolved: dict[tuple[str, str | None, str | None], Conflict] = {}
        # what an edit being typed here started from, when others changed the same thing
        # meanwhile: the save then meets their change as a conflict instead of overwriting it
        self._held: dict[tuple[str, str, str], Any] = {}
        self._held_revisions: dict[str, int | None] = {}
        self.seq = store.latest_seq(workspace.id, q.id)
        self._others: tuple[tuple[Any, ...], pd.DataFrame] | None = None
        self._read(self.plan_id)
        self._read(self.mine_id)

    @classmethod
    def by_names(
        cls,
        store: Store,
        q: Questionnaire,
        workspace: str,
        person: str,
        *,
        role: str = "facilitator",
        is_demo: bool = False,
        round: int = 1,
    ) -> PageSession:
        """Open by names: for JupyterLab and scripts on the computer that holds the data (a
        served page never does this; it opens a workspace by its key)."""
        ws = store.workspace(store.workspace_id(workspace, is_demo=is_demo))
        who = store.join(ws.id, person, role)
        return cls(store, q, ws, who, role=role, round=round)

    # ----- who and where ------------------------------------------------------------------
    @property
    def workspace(self) -> str:
        """The workspace's name."""
        return self.workspace_ws.name

    @property
    def workspace_id(self) -> str:
        """The workspace's id."""
        return self.workspace_ws.id

    @property
    def person(self) -> str:
        """The person's name."""
        return self.person_record.name

    @property
    def counted(self) -> bool:
        """Whether this person's own answers count in the group's figures."""
        return self.person_record.counted

    def is_plan(self, item_id: str) -> bool:
        """Whether an item is part of the shared plan."""
        return self.q.scope_of(self.q.item(item_id)) == "plan"

    def response_of(self, item_id: str) -> str:
        """The response an item is saved in."""
        return self.plan_id if self.is_plan(item_id) else self.mine_id

    # ----- reading --------------------------------------------------------------------------
    def _read(self, response_id: str) -> None:
        snapshot = self.store.snapshot(response_id)
        for item_id in self.q.items:
            if self.response_of(item_id) != response_id:
                continue
            self._base[item_id] = _value(snapshot, item_id, item_id in self._tables)
            if item_id in self._tables:
                for rec in snapshot.records.get(item_id, ()):
                    self._revisions[(item_id, rec.record_id)] = rec.revision
                    self._positions[(item_id, rec.record_id)] = rec.position
            elif item_id in snapshot.answers:
                self._revisions[(item_id, None)] = snapshot.answers[item_id].revision

    def load(self) -> dict[str, Any]:
        """The plan's answers and this person's own, as one answer set for the page."""
        return {k: v for k, v in self._base.items() if v is not None}

    # ----- writing --------------------------------------------------------------------------
    def _changes(self, item_id: str, value: Any) -> list[Change]:
        response = self.response_of(item_id)
        if item_id not in self._tables:
            if (item_id, None, None) in self.unresolved or value == self._base.get(item_id):
                return []
            revision = self._held_revisions.pop(item_id, self._revisions.get((item_id, None)))
            return [SetAnswer(response, item_id, value, revision)]
        base = self._base.get(item_id) or []
        delta = diff(base, value)
        out: list[Change] = []
        old = {str(r[RECORD_ID]): r for r in base}
        current = {
            rid: self._positions[(item_id, rid)] for rid in old if (item_id, rid) in self._positions
        }
        order = place(delta.order, current)
        last = max(current.values(), default=0.0)
        kept = [i for i, rid in enumerate(delta.order) if rid in old]
        tail = [rid for rid in delta.order[(kept[-1] + 1 if kept else 0) :] if rid in delta.added]
        stamp = (time.time() % 100_000) / 100_000
        for n, rid in enumerate(tail):
            # added at the end: after everything saved so far, in the order people added them,
            # even when two pages add at the same moment
            order[rid] = last + 1 + n + stamp
        for rid, fields in delta.added.items():
            out.append(SetFields(response, item_id, rid, fields, None, order.get(rid)))
        for rid, fields in delta.changed.items():
            wanted = {k: v for k, v in fields.items() if (item_id, rid, k) not in self.unresolved}
            if wanted:
                base_fields = {k: v for k, v in old[rid].items() if k != RECORD_ID}
                for key in wanted:
                    if (item_id, rid, key) in self._held:
                        held = self._held.pop((item_id, rid, key))
                        if held is None:
                            base_fields.pop(key, None)
                        else:
                            base_fields[key] = held
                out.append(SetFields(response, item_id, rid, wanted, base_fields))
        for rid in delta.deleted:
            out.append(DeleteRecord(response, item_id, rid, self._revisions.get((item_id, rid))))
        for rid in delta.moved:
            if rid in order:
                out.append(MoveRecord(response, item_id, rid, order[rid]))
        return out

    def save(self, changes: Mapping[str, Any]) -> dt.datetime:
        """Save what changed, record by record; conflicts wait in ``unresolved`` for the
        person to choose (nothing of theirs or of ours is lost)."""
        wanted = [c for item_id, value in changes.items() for c in self._changes(item_id, value)]
        if not wanted:
            return dt.datetime.now(dt.UTC)
        result = self.store.save(wanted, self.author)
        for conflict in result.conflicts:
            self.unresolved[(conflict.item_id, conflict.record_id, conflict.field)] = conflict
        for response in {c.response_id for c in wanted}:
            self._read(response)
        self.seq = max(self.seq, result.seq)
        return result.committed_at

    def keep_mine(self, conflict: Conflict, value: Any) -> dt.datetime:
        """Resolve a conflict in favour of this person's value (theirs stays in history)."""
        self.unresolved.pop((conflict.item_id, conflict.record_id, conflict.field), None)
        if conflict.record_id is None:
            change: Change = SetAnswer(
                conflict.response_id,
                conflict.item_id,
                value,
                self._revisions.get((conflict.item_id, None)),
            )
        else:
            current = {str(r[RECORD_ID]): r for r in self._base.get(conflict.item_id) or []}.get(
                conflict.record_id, {}
            )
            base = {k: v for k, v in current.items() if k != RECORD_ID}
            change = SetFields(
                conflict.response_id,
                conflict.item_id,
                conflict.record_id,
                {conflict.field or "": value},
                base,
            )
        result = self.store.save([change], self.author)
        self._read(conflict.response_id)
        return result.committed_at

    def take_theirs(self, conflict: Conflict) -> None:
        """Resolve a conflict in favour of the stored value."""
        self.unresolved.pop((conflict.item_id, conflict.record_id, conflict.field), None)

    # ----- others' changes ------------------------------------------------------------------
    def poll(self, local: Mapping[str, Any], pending: set[str]) -> Taken:
        """What others saved since the last look, merged into ``local`` (the page's current
        answers); items with unsaved edits keep them, and lists are merged record by record."""
        changes = self.store.changes_since(self.workspace_id, self.q.id, self.seq)
        self.seq = max(self.seq, changes.seq)
        taken = Taken()
        touched: set[str] = set()
        for response_id in [c.response_id for c in changes.answers] + [
            c.response_id for c in changes.records
        ]:
            if response_id in (self.plan_id, self.mine_id):
                touched.add(response_id)
            else:
                taken.group = True
        for response in touched:
            before = dict(self._base)
            revisions = dict(self._revisions)
            self._read(response)
            for item_id in self.q.items:
                if self.response_of(item_id) != response or before.get(item_id) == self._base.get(
                    item_id
                ):
                    continue
                theirs = self._base.get(item_id)
                if item_id in self._tables:
                    self._hold_fields(item_id, before.get(item_id), local.get(item_id), theirs)
                    taken.items[item_id] = (
                        rebase(before.get(item_id), local.get(item_id), theirs) or None
                    )
                elif item_id not in pending:
                    taken.items[item_id] = theirs
                else:  # being typed here: its save must meet their change
                    self._held_revisions.setdefault(item_id, revisions.get((item_id, None)))
        return taken

    def _hold_fields(self, item_id: str, base: Any, mine: Any, theirs: Any) -> None:
        """Fields edited here (not saved yet) that others changed too: keep what the edit
        started from, so saving it reports the conflict."""
        local, other = diff(base, mine), diff(base, theirs)
        start = {str(r[RECORD_ID]): r for r in base or [] if isinstance(r, dict)}
        for rid, fields in local.changed.items():
            for key, value in fields.items():
                changed = other.changed.get(rid, {})
                if key in changed and changed[key] != value:
                    self._held.setdefault((item_id, rid, key), start.get(rid, {}).get(key))

    # ----- everyone's answers and other pages ---------------------------------------------------
    def group_frame(self, mine: Mapping[str, Any]) -> pd.DataFrame:
        """Everyone's counted personal answers on this page (long form) for this round, with
        this person's current answers in place of what is saved."""
        import pandas as pd

        from ..scoring import answers_to_frame

        frame = self._others_frame()
        if self.counted:
            own = {k: v for k, v in mine.items() if k in self.q.items and not self.is_plan(k)}
            frame = pd.concat(
                [frame, answers_to_frame(own, self.person, self.round)], ignore_index=True
            )
        return frame.reset_index(drop=True)

    def _others_frame(self) -> pd.DataFrame:
        """Everyone else's saved answers, read again only when the store has a newer change on
        this page or its people changed (a name, who is counted, a merge): two small queries
        instead of the answers' join on every repaint after this person's own answer."""
        from ..scoring import ANSWER_COLUMNS
        from ..store.frames import personal_frame

        key = (
            self.round,
            self.person_record.id,
            self.store.latest_seq(self.workspace_id, self.q.id),
            tuple(self.store.people(self.workspace_id)),
        )
        if self._others is None or self._others[0] != key:
            frame = personal_frame(self.store, self.workspace_id, self.q.id, rounds=[self.round])
            frame = frame[frame["person_id"] != self.person_record.id]
            self._others = (key, frame.rename(columns={"person": "respondent"})[ANSWER_COLUMNS])
        return self._others[1]

    def other_page(self, page_id: str) -> dict[str, Any]:
        """Another page's shared plan in this workspace (empty if nobody has opened it)."""
        from ..store.frames import plan_answers

        return plan_answers(self.store, self.workspace_id, page_id)
