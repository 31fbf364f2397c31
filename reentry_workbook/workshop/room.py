"""A workshop room: who may join, the session cap, and saving one participant answer."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..answers import context, item_messages, normalize_answer, visible_items
from ..errors import AnswerError, ReentryWorkbookError
from ..messages import t
from ..model import ItemBase, Questionnaire, TableItem, TableTarget
from ..store import AccessDenied, Author, Person, SetAnswer, Store
from .rounds import current_round

JOIN_ROLES = ("participant", "facilitator")
IDLE_SECONDS = 30 * 60
"""A participant session unused this long no longer holds a place in the room."""


def session_cap(participants: int) -> int:
    """Places in the room for ``participants`` expected: a margin for late arrivals and
    people who change phones."""
    return participants + max(2, participants // 5)


def asked_items(q: Questionnaire) -> list[ItemBase]:
    """The items a participant answers on the light form (the template's participant and
    both-audience items, lists included so that the form can say where they are added)."""
    return [item for _, item in q.iter_items() if q.for_participants(item)]


def has_questions(q: Questionnaire) -> bool:
    """Whether a page asks participants anything they can answer on the light form."""
    return any(not isinstance(i, TableItem) for i in asked_items(q))


class PlanLookup:
    """Pick lists read the workspace's shared plan (this page's or another page's lists)."""

    def __init__(self, store: Store, workspace_id: str, page_id: str) -> None:
        self.store = store
        self.workspace_id = workspace_id
        self.page_id = page_id
        self.plans: dict[str, dict[str, Any]] = {}

    def records(self, target: TableTarget) -> list[dict[str, Any]]:
        """The plan's current records of a list, in list order."""
        from ..store.frames import plan_answers

        page = target.page or self.page_id
        if page not in self.plans:
            self.plans[page] = plan_answers(self.store, self.workspace_id, page)
        value = self.plans[page].get(target.table) or []
        return [dict(r) for r in value if isinstance(r, Mapping)]


@dataclass(frozen=True)
class Saved:
    """What became of one posted answer: ``status`` is saved, conflict or refused."""

    status: str
    message: str
    value: Any = None
    revision: int | None = None
    visible: tuple[str, ...] = ()


@dataclass
class Places:
    """Participant sessions in the room, each with when it was last used (thread-safe)."""

    cap: int
    clock: Callable[[], float] = time.monotonic
    seen: dict[str, float] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _prune(self, now: float) -> None:
        for pid in [p for p, at in self.seen.items() if now - at > IDLE_SECONDS]:
            del self.seen[pid]

    def has_room(self) -> bool:
        """Whether a new person could join now."""
        with self.lock:
            self._prune(self.clock())
            return len(self.seen) < self.cap

    def admit(self, person_id: str) -> bool:
        """Hold (or refresh) a place for a person; False when the room is full."""
        with self.lock:
            now = self.clock()
            self._prune(now)
            if person_id not in self.seen and len(self.seen) >= self.cap:
                return False
            self.seen[person_id] = now
            return True

    def hold(self) -> str | None:
        """Keep a place for someone about to join (None when the room is full); ``swap`` it
        for their person once they exist, or ``release`` it."""
        placeholder = f"joining:{uuid.uuid4()}"
        return placeholder if self.admit(placeholder) else None

    def swap(self, placeholder: str, person_id: str) -> None:
        """The held place becomes the person's."""
        with self.lock:
            self.seen.pop(placeholder, None)
            self.seen[person_id] = self.clock()

    def release(self, placeholder: str) -> None:
        """Give a held place back."""
        with self.lock:
            self.seen.pop(placeholder, None)

    def count(self) -> int:
        """Sessions holding a place now."""
        with self.lock:
            self._prune(self.clock())
            return len(self.seen)


class Room:
    """The workshop pages of one server and the store they save to."""

    def __init__(
        self, store: Store, questionnaires: Sequence[Questionnaire], participants: int
    ) -> None:
        self.store = store
        self.pages: dict[str, Questionnaire] = {q.id: q for q in questionnaires}
        self.places = Places(session_cap(participants))

    def check(self, key: str) -> tuple[str, str]:
        """(workspace id, workspace name) a join key opens; AccessDenied otherwise."""
        if not key or len(key) > 200 or not key.isascii():
            raise AccessDenied()
        access = self.store.open_by_key(key)
        if access.role not in JOIN_ROLES:
            raise AccessDenied()
        return access.workspace.id, access.workspace.name

    def page(self, page_id: str) -> Questionnaire | None:
        """A workshop page by id."""
        return self.pages.get(page_id)

    def join(self, workspace_id: str, name: str | None) -> tuple[Person, str]:
        """A participant (a pseudonym for a blank name) and a new secret for their device."""
        person = self.store.join(workspace_id, name or None, "participant")
        return person, self.store.claim_device(person.id)

    def person(self, workspace_id: str, secret: str) -> Person | None:
        """Whose device this is (None for no or an unknown secret)."""
        if not secret or len(secret) > 200 or not secret.isascii():
            return None
        return self.store.person_by_device(workspace_id, secret)

    def response(self, workspace_id: str, person: Person, q: Questionnaire) -> tuple[str, int]:
        """The person's response for the current round, and the round."""
        rnd = current_round(self.store, workspace_id, q.id)
        rid = self.store.personal_response(workspace_id, person.id, q.id, q.version, rnd)
        return rid, rnd

    def answers(
        self, workspace_id: str, person: Person, q: Questionnaire
    ) -> tuple[dict[str, Any], dict[str, int], int]:
        """The person's answers this round (only those that still fit), their revisions, the
        round."""
        rid, rnd = self.response(workspace_id, person, q)
        snap = self.store.snapshot(rid)
        values: dict[str, Any] = {}
        revisions: dict[str, int] = {}
        ctx = context(q, PlanLookup(self.store, workspace_id, q.id))
        for item_id, versioned in snap.answers.items():
            revisions[item_id] = versioned.revision
            item = q.items.get(item_id)
            if item is None or versioned.value is None:
                continue
            try:
                values[item_id] = normalize_answer(q, item, versioned.value, ctx)
            except AnswerError:
                continue  # an answer the template no longer takes: kept in history only
        return values, revisions, rnd

    def save(
        self,
        workspace_id: str,
        person: Person,
        q: Questionnaire,
        item_id: str,
        value: Any,
        base: int | None,
    ) -> Saved:
        """Check one answer through the kind rules and save it to the person's response."""
        item = q.items.get(item_id)
        if item is None or not q.for_participants(item) or isinstance(item, TableItem):
            return Saved("refused", t("workshop.form.not_asked"))
        ctx = context(q, PlanLookup(self.store, workspace_id, q.id))
        try:
            clean = normalize_answer(q, item, value, ctx)
        except AnswerError as exc:
            return Saved("refused", _plain(exc.problems))
        problems = item_messages(q, item, clean, ctx) if clean is not None else []
        if problems:
            return Saved("refused", problems[0])
        rid, _ = self.response(workspace_id, person, q)
        result = self.store.save(
            [SetAnswer(rid, item_id, clean, base)], Author(person.name, person.id)
        )
        answers, _, _ = self.answers(workspace_id, person, q)
        shown = tuple(sorted(visible_items(q, answers)))
        if result.conflicts:
            theirs = result.conflicts[0].theirs
            snap = self.store.snapshot(rid).answers.get(item_id)
            return Saved(
                "conflict",
                t("workshop.form.conflict"),
                theirs,
                snap.revision if snap else None,
                shown,
            )
        revision = result.revisions.get((rid, item_id, None))
        if revision is None:
            revision = next(iter(result.revisions.values()), None)
        return Saved("saved", t("workshop.form.saved"), clean, revision, shown)


def _plain(problems: Sequence[str]) -> str:
    """The first problem without the item id the kind rules put in front of it."""
    text = problems[0] if problems else t("workshop.form.not_saved")
    head, sep, rest = text.partition(": ")
    return rest if sep and " " not in head else text


def room_pages(
    questionnaires: Sequence[Questionnaire], wanted: Sequence[str]
) -> list[Questionnaire]:
    """The pages a workshop offers: those named (in that order), else every page with
    questions for participants; unknown names refused in words."""
    by_id: Mapping[str, Questionnaire] = {q.id: q for q in questionnaires}
    if not wanted:
        return [q for q in questionnaires if has_questions(q)]
    unknown = [w for w in wanted if w not in by_id]
    if unknown:
        raise ReentryWorkbookError(
            f"--page: no page {', '.join(unknown)}; pages with questions for participants: "
            + ", ".join(q.id for q in questionnaires if has_questions(q))
        )
    empty = [w for w in wanted if not has_questions(by_id[w])]
    if empty:
        raise ReentryWorkbookError(f"--page: {', '.join(empty)} asks participants nothing")
    return [by_id[w] for w in wanted]
