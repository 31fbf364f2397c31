"""The Host header check: every request, websockets included, must name this server."""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections.abc import Iterable
from typing import Any

from tornado import httputil, web

log = logging.getLogger(__name__)

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
REFUSED = "This server does not answer to that address (Host header refused).\n"


def host_name(host_header: str) -> str:
    """The name or address in a Host header, lower case, without port, brackets or final dot."""
    value = host_header.strip().lower()
    if value.startswith("["):  # [::1]:8866
        return value[1:].split("]", 1)[0]
    if value.count(":") > 1:  # a bare IPv6 address
        return value
    return value.rsplit(":", 1)[0].rstrip(".") if ":" in value else value.rstrip(".")


def is_loopback(name: str) -> bool:
    """True for localhost names and loopback addresses."""
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def machine_names(bound: str) -> set[str]:
    """Names and addresses this machine answers to on the network it serves (``bound``: the
    address given to ``--host``; 0.0.0.0 or :: means every interface)."""
    names: set[str] = set()
    hostname = socket.gethostname().lower()
    names.update({hostname, f"{hostname}.local"})
    try:
        names.add(socket.getfqdn().lower())
    except OSError:
        pass
    if bound not in ("0.0.0.0", "::", ""):  # noqa: S104 - comparing, not binding
        names.add(bound.lower())
        return names
    try:
        import psutil

        for addrs in psutil.net_if_addrs().values():
            for addr in addrs:
                if addr.family in (socket.AF_INET, socket.AF_INET6):
                    names.add(addr.address.split("%", 1)[0].lower())
    except (ImportError, OSError) as exc:
        log.warning("cannot list this machine's addresses: %s", exc)
    try:
        for info in socket.getaddrinfo(hostname, None):
            names.add(str(info[4][0]).lower())
    except OSError:
        pass
    return names


class HostPolicy:
    """Which Host header values this server accepts (immutable once built)."""

    def __init__(self, extra: Iterable[str] = ()) -> None:
        self.names = frozenset(host_name(h) for h in extra if h.strip())

    def allows(self, host_header: str | None) -> bool:
        """True when the header names this server."""
        if not host_header:
            return False
        name = host_name(host_header)
        return is_loopback(name) or name in self.names


class HostRefusedHandler(web.RequestHandler):
    """Answers 403 in one line to any method."""

    def prepare(self) -> None:
        """Refuse before anything else runs."""
        log.warning("Refused a request for %s with Host %r", self.request.path, self.request.host)
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(REFUSED)


class HostCheckedApplication(web.Application):
    """A tornado application that refuses requests whose Host header is not this server's."""

    def __init__(self, *args: Any, host_policy: HostPolicy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.host_policy = host_policy

    def find_handler(
        self, request: httputil.HTTPServerRequest, **kwargs: Any
    ) -> web._HandlerDelegate:
        """Route as usual, unless the Host header names someone else."""
        if not self.host_policy.allows(request.headers.get("Host")):
            return self.get_handler_delegate(request, HostRefusedHandler)
        return super().find_handler(request, **kwargs)
