"""The join link: its address on the local network, its QR code, and what the dashboard is told."""

from __future__ import annotations

import json
import os
import socket
from dataclasses import asdict, dataclass
from typing import TextIO

ENV_WORKSHOP = "REENTRY_WORKBOOK_WORKSHOP"
PARTICIPANT_MIB = 1
"""Server memory per participant session: an estimate (a session is a cookie, a place in the
room and a few rows), not yet measured; benchmarks/workshop_capacity.py measures it."""


def lan_address() -> str | None:
    """This machine's address on the local network (the one its default route uses), or None
    when it has none. Nothing is sent: connecting a UDP socket only picks the route."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere
            address = str(sock.getsockname()[0])
        except OSError:
            return None
    return None if address.startswith(("127.", "0.")) else address


def join_url(server_url: str, key: str) -> str:
    """The address participants open: ``server_url`` ends with a slash."""
    return f"{server_url}join/{key}"


def qr_svg(url: str, scale: int = 6) -> str:
    """The QR code of ``url`` as an inline SVG element (dark on white, with its quiet zone)."""
    import segno

    return str(segno.make(url, error="m").svg_inline(scale=scale, dark="#111", light="#fff"))


def qr_terminal(url: str, out: TextIO) -> None:
    """The QR code of ``url`` drawn in the terminal."""
    import segno

    segno.make(url, error="m").terminal(out=out, compact=True)


@dataclass(frozen=True)
class WorkshopInfo:
    """What the server tells the facilitator's dashboard kernel (through its environment)."""

    server_url: str
    workspace_id: str
    join_key: str
    pages: tuple[str, ...]
    participants: int

    def to_env(self) -> str:
        """As the environment variable's value."""
        return json.dumps(asdict(self))


def workshop_info() -> WorkshopInfo | None:
    """What the server told this kernel, or None outside a workshop server."""
    raw = os.environ.get(ENV_WORKSHOP)
    if not raw:
        return None
    try:
        data = json.loads(raw)
        return WorkshopInfo(
            str(data["server_url"]),
            str(data["workspace_id"]),
            str(data["join_key"]),
            tuple(str(p) for p in data["pages"]),
            int(data["participants"]),
        )
    except (ValueError, KeyError, TypeError):
        return None
