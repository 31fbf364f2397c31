"""SaveGuard: an honest save status, a browser-side journal of typed text, and the close beacon."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import anywidget
import traitlets

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
ENV_CLOSE = "REENTRY_WORKBOOK_CLOSE"  # set by the workbook server for each kernel it starts
MAX_RESTORE = 500  # entries accepted from one "put them back"
MAX_TEXT = 20_000  # characters of one restored value
STATES = ("idle", "saving", "saved", "error")

RestoreCallback = Callable[[dict[str, str]], None]
Lookup = Callable[[list[str]], Mapping[str, Any]]


def journal_id(page_id: str, workspace: str = "", person: str = "") -> str:
    """The browser storage key of one page's journal for one workspace and person."""
    digest = hashlib.sha256("\x1f".join((page_id, workspace, person)).encode()).hexdigest()
    return f"rw-journal:{digest[:32]}"


def close_target(env: Mapping[str, str] | None = None) -> tuple[str, str]:
    """(address, secret) the page posts to when it is closed, or ("", "") outside the server."""
    env = os.environ if env is None else env
    kernel_id, _, secret = env.get(ENV_CLOSE, "").partition(" ")
    if not kernel_id or not secret:
        return "", ""
    base = env.get("VOILA_SERVER_URL") or env.get("VOILA_BASE_URL") or "/"
    return f"{base.rstrip('/')}/reentry/api/close/{kernel_id}", secret


def _plain(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    return None


class SaveGuard(anywidget.AnyWidget):
    """Shows the save status; in the browser it also notices a lost connection within seconds,
    keeps what is typed in ``localStorage`` until the kernel confirms it saved, offers it back
    after a reload (``on_restore``), and closes its kernel when the page is left."""

    _esm = HERE / "guard.js"
    _css = HERE / "guard.css"
    page_id = traitlets.Unicode("").tag(sync=True)
    journal_id = traitlets.Unicode("").tag(sync=True)
    status_text = traitlets.Unicode("").tag(sync=True)
    status_state = traitlets.Unicode("idle").tag(sync=True)
    close_url = traitlets.Unicode("").tag(sync=True)
    close_secret = traitlets.Unicode("").tag(sync=True)
    beat_ms = traitlets.Int(2000).tag(sync=True)
    lost_ms = traitlets.Int(6000).tag(sync=True)

    def __init__(self, page_id: str, *, workspace: str = "", person: str = "", **kwargs: Any):
        url, secret = close_target()
        super().__init__(
            page_id=page_id,
            journal_id=journal_id(page_id, workspace, person),
            close_url=url,
            close_secret=secret,
            **kwargs,
        )
        self._restore_callbacks: list[RestoreCallback] = []
        self._lookup: Lookup | None = None
        self.on_msg(self._received)

    @property
    def value(self) -> str:
        """The status text shown (what the save status said before this widget existed)."""
        return self.status_text

    # ----- kernel side: status and confirmations ----------------------------------------------
    def show(self, text: str, state: str = "idle") -> None:
        """Show ``text``; ``state`` is one of idle, saving, saved, error."""
        self.status_state = state if state in STATES else "idle"
        self.status_text = text

    def confirm(self, values: Mapping[str, Any]) -> None:
        """Tell the browser these field values reached the store: it forgets them."""
        plain = {str(k): p for k, v in values.items() if (p := _plain(v)) is not None}
        if plain:
            self.send({"type": "confirm", "values": plain})

    def on_restore(self, callback: RestoreCallback) -> None:
        """Call ``callback({field_key: text})`` when the person puts unsaved text back."""
        self._restore_callbacks.append(callback)

    def on_lookup(self, lookup: Lookup) -> None:
        """``lookup(field_keys)`` gives the saved values, so the browser offers back only what
        differs from them."""
        self._lookup = lookup

    # ----- messages from the browser ------------------------------------------------------------
    def _received(self, _widget: Any, content: Any, _buffers: Iterable[Any]) -> None:
        if not isinstance(content, dict):
            return
        kind = content.get("type")
        if kind == "ping":
            self.send({"type": "pong", "n": content.get("n")})
        elif kind == "hello":
            self._hello(content.get("entries"))
        elif kind == "restore":
            self._restore(content.get("values"))

    def _hello(self, entries: Any) -> None:
        keys = (
            [k for k in entries if isinstance(k, str)][:MAX_RESTORE]
            if isinstance(entries, dict)
            else []
        )
        known: dict[str, str] = {}
        if self._lookup is not None and keys:
            try:
                found = self._lookup(keys)
            except Exception:  # noqa: BLE001 - offering everything back is the safe side
                log.exception("looking up saved values failed")
                found = {}
            known = {k: p for k, v in found.items() if (p := _plain(v)) is not None}
        self.send({"type": "known", "values": known})

    def _restore(self, values: Any) -> None:
        if not isinstance(values, dict):
            return
        clean = {
            k: v[:MAX_TEXT]
            for k, v in list(values.items())[:MAX_RESTORE]
            if isinstance(k, str) and isinstance(v, str)
        }
        for callback in self._restore_callbacks:
            try:
                callback(dict(clean))
            except Exception:  # noqa: BLE001 - one failing callback must not stop the others
                log.exception("putting typed text back failed")
                self.show(
                    "⚠ Could not put your text back; it is still kept in this browser.", "error"
                )


def field_values(answers: Mapping[str, Any], keys: Iterable[str] | None = None) -> dict[str, str]:
    """Answers as the browser's journal keys them: ``item`` for a question, ``item/record/
    column`` for each text or number cell of a list; only ``keys`` when given."""
    out: dict[str, str] = {}
    for item_id, value in answers.items():
        if value is None:
            out[item_id] = ""
        elif (text := _plain(value)) is not None:
            out[item_id] = text
        elif isinstance(value, list):
            for record in value:
                if not isinstance(record, dict) or not record.get("_id"):
                    continue
                for column, cell in record.items():
                    if column != "_id" and (text := _plain(cell)) is not None:
                        out[f"{item_id}/{record['_id']}/{column}"] = text
    if keys is not None:
        wanted = set(keys)
        out = {k: v for k, v in out.items() if k in wanted}
    return out


def restored_answers(values: Mapping[str, str], current: Mapping[str, Any]) -> dict[str, Any]:
    """Typed text put back (``{field key: text}``) as whole answers: a question's text, or its
    list with the typed cells set (a record not in the list is added with its id)."""
    out: dict[str, Any] = {}
    for key, text in values.items():
        item_id, *rest = key.split("/")
        if not rest:
            out[item_id] = text
            continue
        if len(rest) != 2:
            continue
        record_id, column = rest
        records = out.get(item_id)
        if records is None:
            existing = current.get(item_id)
            records = [dict(r) for r in existing] if isinstance(existing, list) else []
        target = next((r for r in records if r.get("_id") == record_id), None)
        if target is None:
            target = {"_id": record_id}
            records.append(target)
        target[column] = text
        out[item_id] = records
    return out
