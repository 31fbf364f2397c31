"""DeviceKey: lets the same browser come back as the same person without typing a name again.

The kernel gives the browser a secret (``Store.claim_device``); the browser keeps it in
``localStorage`` under the workspace's id and sends it back when a page of that workspace opens.
The secret never appears in the page's address or in the widget's synced state.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import anywidget
import traitlets

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
MAX_SECRET = 200

SecretCallback = Callable[[str], None]


def storage_id(workspace_id: str) -> str:
    """The browser storage key of a workspace's device secret."""
    return "rw-device:" + hashlib.sha256(workspace_id.encode()).hexdigest()[:32]


class DeviceKey(anywidget.AnyWidget):
    """Invisible: sends the secret this browser holds for a workspace (or "") once shown, and
    keeps a new one when told to (``remember``)."""

    _esm = HERE / "device.js"
    storage_id = traitlets.Unicode("").tag(sync=True)

    def __init__(self, workspace_id: str, **kwargs: Any) -> None:
        super().__init__(storage_id=storage_id(workspace_id), **kwargs)
        self._callbacks: list[SecretCallback] = []
        self.layout.display = "none"
        self.on_msg(self._received)

    def on_secret(self, callback: SecretCallback) -> None:
        """Call ``callback(secret)`` when the browser says what it holds ("" for nothing)."""
        self._callbacks.append(callback)

    def remember(self, secret: str) -> None:
        """Keep ``secret`` in this browser for the workspace."""
        self.send({"type": "remember", "secret": secret})

    def forget(self) -> None:
        """Drop this browser's secret for the workspace."""
        self.send({"type": "forget"})

    def _received(self, _widget: Any, content: Any, _buffers: Iterable[Any]) -> None:
        if not isinstance(content, dict) or content.get("type") != "device":
            return
        secret = content.get("secret")
        if not isinstance(secret, str) or len(secret) > MAX_SECRET or not secret.isascii():
            secret = ""
        for callback in self._callbacks:
            try:
                callback(secret)
            except Exception:  # noqa: BLE001 - the name can still be picked by hand
                log.exception("resuming from a device secret failed")
