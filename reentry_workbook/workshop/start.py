"""Starting a workshop with ``serve --workshop``: the room, its keys, and what is printed."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TextIO
from urllib.parse import urlencode

from ..errors import ReentryWorkbookError, StoreError
from ..model import Questionnaire
from .link import PARTICIPANT_MIB, WorkshopInfo, join_url, qr_terminal
from .room import Room, room_pages

DASHBOARD = "workshop.ipynb"
FACILITATOR_KERNELS = 2
"""Kernels a workshop's facilitator keeps running: the dashboard and the page in use."""


@dataclass(frozen=True)
class Workshop:
    """A prepared workshop: the room served, and the keys printed once."""

    room: Room
    workspace_id: str
    workspace_name: str
    participant_key: str
    facilitator_key: str
    pages: tuple[Questionnaire, ...]
    participants: int
    created: bool

    def info(self, server_url: str) -> WorkshopInfo:
        """What the dashboard kernel is told."""
        return WorkshopInfo(
            server_url,
            self.workspace_id,
            self.participant_key,
            tuple(q.id for q in self.pages),
            self.participants,
        )

    def preheat(self, catalog: Any) -> list[str]:
        """The notebooks to warm before people arrive: the dashboard and the first page's."""
        wanted = [DASHBOARD]
        page = next((p for p in catalog.pages if p.id == self.pages[0].id), None)
        if page is not None and page.workbook:
            wanted.append(page.workbook)
        return [nb for nb in wanted if catalog.notebook(nb) is not None]


def prepare(
    keys: Any,
    questionnaires: Sequence[Questionnaire],
    workspace: str | None,
    pages: Sequence[str],
    participants: int,
) -> Workshop:
    """The room over the server's store, for ``workspace`` (found by name or id, created when
    no workspace has a name like it), with a new participant key and facilitator key."""
    store = getattr(keys, "store", None)
    if store is None or not hasattr(store, "claim_device"):
        raise ReentryWorkbookError("--workshop needs the workbook's own store (not a test backend)")
    if participants < 1:
        raise ReentryWorkbookError("--participants must be at least 1")
    offered = room_pages(questionnaires, pages)
    if not offered:
        raise ReentryWorkbookError("no page asks participants anything: give --page")
    ws, created = _workspace(store, workspace)
    participant_key = store.issue_key(ws.id, "participant")
    facilitator_key = store.issue_key(ws.id, "facilitator")
    return Workshop(
        Room(store, offered, participants),
        ws.id,
        ws.name,
        participant_key,
        facilitator_key,
        tuple(offered),
        participants,
        created,
    )


def _workspace(store: Any, wanted: str | None) -> tuple[Any, bool]:
    if not wanted:
        real = [w for w in store.workspaces() if not w.is_demo]
        if len(real) == 1:
            return real[0], False
        raise ReentryWorkbookError(
            "--workshop needs --workspace NAME: the coalition whose workshop this is "
            "(a new name creates its workspace; 'reentry-workbook workspaces' lists them)"
        )
    try:
        return store.find_workspace(wanted), False
    except StoreError:
        if store.similar_workspaces(wanted):
            raise  # says which names are close: never a look-alike workspace
    return store.create_workspace(wanted).workspace, True


def memory_mib(participants: int, kernel_mib: int) -> int:
    """Memory the workshop needs: the facilitator's kernels and each participant's session."""
    return FACILITATOR_KERNELS * kernel_mib + participants * PARTICIPANT_MIB


def announce(
    workshop: Workshop, server_url: str, token: str, kernel_mib: int, out: TextIO = sys.stdout
) -> None:
    """Print the facilitator's dashboard link, the join link with its QR code, the memory."""
    page = workshop.pages[0].id
    params = {"key": workshop.facilitator_key, "page": page}
    if token:
        params["token"] = token
    dashboard = f"{server_url}voila/render/{DASHBOARD}?{urlencode(params)}"
    link = join_url(server_url, workshop.participant_key)
    made = " (a new workspace)" if workshop.created else ""
    print(f"Workshop for {workshop.workspace_name}{made}.", file=out)
    print(f"  Your dashboard (keep it to yourself): {dashboard}", file=out)
    print(f"  Participants join with:  {link}", file=out)
    print("  or by scanning this code with a phone camera:", file=out)
    qr_terminal(link, out)
    if len(workshop.pages) <= 3:
        titles = "; ".join(q.title for q in workshop.pages)
        print(f"  Questions offered: {titles}", file=out)
    else:
        print(
            f"  Questions offered: {len(workshop.pages)} pages; each participant chooses one. "
            "To ask one page's questions only, start again with --page and one of:",
            file=out,
        )
        for q in workshop.pages:
            print(f"    {q.id}  ({q.title})", file=out)
    cap = workshop.room.places.cap
    need = memory_mib(workshop.participants, kernel_mib)
    print(
        f"  Up to {cap} participants at once; this workshop needs about {need} MB of memory "
        f"({FACILITATOR_KERNELS} facilitator pages at {kernel_mib} MB, "
        f"{PARTICIPANT_MIB} MB per participant: phones need no kernel).",
        file=out,
        flush=True,
    )
