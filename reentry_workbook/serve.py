"""``reentry-workbook serve``: the workbook server for this computer or, when asked, the network."""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import shutil
import socket
import ssl
import sys
import tempfile
import webbrowser
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from .errors import ReentryWorkbookError
from .templates import shipped_folder

P = TypeVar("P", bound=argparse.ArgumentParser)  # the main parser's class, whatever it is

WORKBOOKS = ("identify-community-members-and-networks.ipynb", "participant.ipynb")
CULL_IDLE_SECONDS = 600
POOL_SIZE = 1
# The kernel replacing one a page has taken starts this long after: a replacement started at
# once runs its notebook (seconds of CPU) while the page that took the kernel is built, on a
# laptop's two cores. Pages asked for meanwhile start their own kernel (server/gate.py).
REFILL_DELAY_SECONDS = 5
KERNEL_MIB = 150  # a planning workbook kernel measured 143 MiB RSS (2026-11-29), rounded up
ENV_DB = "REENTRY_WORKBOOK_DB"


def workbooks_dir() -> Path:
    """The folder of shipped workbooks (installed or in a checkout); it holds no data."""
    return shipped_folder("workbooks")


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def voila_command(folder: Path, port: int, preheat: bool = True) -> list[str]:
    """Plain Voila on ``folder`` (no keys, no cap): kept for the benchmarks' baseline."""
    command = [
        sys.executable,
        "-m",
        "voila",
        str(folder),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
        "--MappingKernelManager.cull_interval=60",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaExecutor.timeout=300",
        "--VoilaExecutor.iopub_timeout=60",
    ]
    if preheat:
        command += [
            "--VoilaConfiguration.preheat_kernel=True",
            f"--VoilaConfiguration.default_pool_size={POOL_SIZE}",
            f"--VoilaKernelManager.fill_delay={REFILL_DELAY_SECONDS}",
        ]
    return command


def default_max_kernels() -> int:
    """As many page kernels as half the memory free now holds, between 4 and 40."""
    try:
        import psutil

        free_mib = psutil.virtual_memory().available / 2**20
    except (ImportError, OSError):
        return 12
    return max(4, min(40, int(free_mib / 2 / KERNEL_MIB)))


@dataclass(frozen=True)
class ServeOptions:
    """What ``reentry-workbook serve`` was asked to do."""

    port: int = 0
    db: str | None = None
    open_browser: bool = False
    host: str = "127.0.0.1"
    token: str | None = None
    certfile: str | None = None
    keyfile: str | None = None
    allow_hosts: tuple[str, ...] = ()
    max_kernels: int | None = None
    preheat: tuple[str, ...] = ()
    templates: Path | None = None
    keys_backend: str | None = None
    extra_config: dict[str, Any] = field(default_factory=dict)
    workshop: bool = False
    participants: int = 20
    workspace: str | None = None
    pages: tuple[str, ...] = ()


def absolute_db_url(db: str) -> str:
    """``db`` with a relative SQLite path made absolute here and ``~`` expanded, so kernels,
    which run in the served folder, open the same file."""
    import sqlalchemy as sa

    url = sa.make_url(db)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return db
    path = Path(url.database).expanduser()
    if not path.is_absolute():
        path = Path.cwd() / path
    return url.set(database=str(path)).render_as_string(hide_password=False)


def _check_tls(options: ServeOptions) -> None:
    if bool(options.certfile) != bool(options.keyfile):
        raise ReentryWorkbookError("HTTPS needs both --certfile and --keyfile")
    if options.certfile:
        try:
            ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(
                options.certfile, options.keyfile
            )
        except ssl.SSLError:
            raise ReentryWorkbookError(
                "cannot use the certificate and key: --certfile must be the certificate and "
                "--keyfile its private key, both PEM files that belong together"
            ) from None
        except OSError as exc:
            missing = next(
                (f for f in (options.certfile, options.keyfile) if f and not Path(f).is_file()),
                None,
            )
            where = f": {missing}" if missing else ""
            raise ReentryWorkbookError(
                f"cannot read the certificate or key ({exc.strerror or exc}){where}"
            ) from None


def _addresses(host: str, allowed: list[str]) -> list[str]:
    """The addresses other computers would use: the one given, or this machine's IPv4 ones."""
    import ipaddress

    if host not in ("0.0.0.0", "::"):  # noqa: S104 - comparing, not binding
        return [host]
    found = []
    for name in allowed:
        try:
            address = ipaddress.ip_address(name)
        except ValueError:
            continue
        if address.version == 4 and not address.is_loopback and not address.is_link_local:
            found.append(name)
    return found[:3] or [socket.gethostname()]


def _announce(urls: list[str], token: str, options: ServeOptions, location: str, cap: int) -> None:
    suffix = f"?token={token}" if token else ""
    print("reentry-workbook is running. Open in your browser:")
    print(f"  Start page:      {urls[0]}{suffix}")
    for other in urls[1:]:
        print(f"  (also)           {other}{suffix}")
    demo = f"{urls[0]}pages?demo=1" + (f"&token={token}" if token else "")
    print(f"  Fictional demo:  {demo}")
    print(f"Answers are saved in {location}")
    print(
        "A coalition opens its workspace with its link. A lost link is replaced with: "
        "reentry-workbook link --workspace NAME --role facilitator"
    )
    print(f"Up to {cap} pages can be open at once (each takes about {KERNEL_MIB} MB of memory).")
    if options.host in ("127.0.0.1", "localhost", "::1"):
        print("Only this computer can open these pages. Press Ctrl+C to stop.", flush=True)
        return
    print("Other computers on this network can open these pages with the token in the address.")
    if not options.certfile:
        print(
            "WARNING: the connection is not encrypted: anyone on this network can read what is "
            "typed. Give --certfile and --keyfile to use HTTPS."
        )
    print("Press Ctrl+C to stop.", flush=True)


def serve(options: ServeOptions) -> int:
    """Run the workbook server until interrupted (Ctrl+C or SIGTERM)."""
    from .server.access import open_keys
    from .server.app import WorkbookServer
    from .server.catalog import build_catalog, shipped_questionnaires
    from .server.custom import ENV_TEMPLATES, prepare
    from .server.hosts import HostPolicy, is_loopback, machine_names

    _check_tls(options)
    network = not is_loopback(options.host)
    db = absolute_db_url(options.db) if options.db else None
    if db:
        os.environ[ENV_DB] = db  # kernels inherit the server's environment
    keys = open_keys(db, options.keys_backend)  # fails early, in words, if the store cannot open
    location = str(getattr(getattr(keys, "store", keys), "location", "the configured database"))
    questionnaires = shipped_questionnaires()
    folder, private = workbooks_dir(), None
    if options.templates:
        custom = prepare(options.templates, folder, {q.id for q in questionnaires})
        for message in custom.messages:
            print(f"--templates: {message}", file=sys.stderr)
        folder = private = custom.folder
        questionnaires += list(custom.questionnaires)
        os.environ[ENV_TEMPLATES] = str(options.templates.resolve())
    try:
        catalog = build_catalog(folder, questionnaires)
        workshop = None
        if options.workshop:
            from .workshop import start

            workshop = start.prepare(
                keys, questionnaires, options.workspace, options.pages, options.participants
            )
            options = replace(
                options,
                preheat=tuple(dict.fromkeys([*options.preheat, *workshop.preheat(catalog)])),
            )
        unknown = [nb for nb in options.preheat if catalog.notebook(nb) is None]
        if unknown:
            raise ReentryWorkbookError(f"--preheat: no notebook {', '.join(unknown)}")
        token = options.token or (secrets.token_urlsafe(24) if network else "")
        allowed = list(options.allow_hosts)
        if network:
            allowed += sorted(machine_names(options.host))
        cap = options.max_kernels or default_max_kernels()
        port = options.port or free_port()
        config = {
            "Voila": {
                "ip": options.host,
                "port": port,
                "port_retries": 0,
                "open_browser": False,
                "root_dir": str(folder),
                "token": token,
                "connection_dir_root": tempfile.gettempdir(),
            },
            "WorkbookServer": {
                "max_kernels": cap,
                "preheat_notebooks": list(options.preheat),
                "certfile": options.certfile or "",
                "keyfile": options.keyfile or "",
            },
            "VoilaConfiguration": {
                "show_tracebacks": False,
                "strip_sources": True,
                "allow_template_override": "NO",
            },
            "VoilaExecutor": {"timeout": 300, "iopub_timeout": 60},
            "MappingKernelManager": {
                "cull_idle_timeout": CULL_IDLE_SECONDS,
                "cull_interval": 60,
            },
            "VoilaKernelManager": {"fill_delay": REFILL_DELAY_SECONDS},
            **options.extra_config,
        }
        scheme = "https" if options.certfile else "http"
        shown = _addresses(options.host, allowed) if network else ["127.0.0.1"]
        urls = [f"{scheme}://{_url_host(h)}:{port}/" for h in shown]
        if workshop is not None:
            from .workshop.link import ENV_WORKSHOP

            os.environ[ENV_WORKSHOP] = workshop.info(urls[0]).to_env()  # for the dashboard

        def ready(_server: WorkbookServer) -> None:
            _announce(urls, token, options, location, cap)
            if workshop is not None:
                from .workshop.start import announce

                announce(workshop, urls[0], token, KERNEL_MIB)
            if options.open_browser:
                webbrowser.open(urls[0] + (f"?token={token}" if token else ""))

        from traitlets.config import Config

        server = WorkbookServer(
            keys=keys,
            catalog=catalog,
            host_policy=HostPolicy(allowed),
            on_ready=ready,
            workshop=workshop.room if workshop else None,
            config=Config(config),
        )
        server.initialize(argv=[])
        _quiet_logs()
        server.start()
        return 0
    finally:
        if private is not None:
            shutil.rmtree(private, ignore_errors=True)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _quiet_logs() -> None:
    """Our own messages on the terminal, like Voila's."""
    ours = logging.getLogger("reentry_workbook")
    if not ours.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(
            logging.Formatter("[reentry-workbook %(asctime)s] %(message)s", "%H:%M:%S")
        )
        ours.addHandler(handler)
        ours.setLevel(logging.INFO)
        ours.propagate = False


def add_command(sub: argparse._SubParsersAction[P]) -> None:
    """Register ``serve`` on the main parser."""
    cmd = sub.add_parser(
        "serve",
        help="start the workbooks as a web app (this computer only, unless --host is given)",
    )
    cmd.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    cmd.add_argument(
        "--db", help="database URL (default: $REENTRY_WORKBOOK_DB or the per-user SQLite file)"
    )
    cmd.add_argument("--open", action="store_true", help="open the start page in a browser")
    cmd.add_argument(
        "--host",
        default=None,
        help="address to listen on: 127.0.0.1 (default, this computer only), or 0.0.0.0 for "
        "every network this computer is on (a token is then required)",
    )
    cmd.add_argument("--token", help="the access token (default beyond this computer: a new one)")
    cmd.add_argument("--certfile", help="TLS certificate (PEM) to serve HTTPS")
    cmd.add_argument("--keyfile", help="TLS private key (PEM) to serve HTTPS")
    cmd.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="another name people use to reach this computer (repeatable)",
    )
    cmd.add_argument(
        "--max-kernels",
        type=int,
        default=None,
        metavar="N",
        help="most pages open at once (default: from the memory free now)",
    )
    cmd.add_argument(
        "--preheat",
        action="append",
        default=[],
        metavar="NOTEBOOK",
        help="keep a kernel ready ahead of time for this notebook (repeatable)",
    )
    cmd.add_argument(
        "--templates", type=Path, metavar="DIR", help="also serve the custom templates in DIR"
    )
    cmd.add_argument(
        "--workshop",
        action="store_true",
        help="run a workshop: participants join from their phones on this network by a link or "
        "QR code (listens on this computer's network address unless --host is given)",
    )
    cmd.add_argument(
        "--participants", type=int, default=20, metavar="N", help="people expected (default 20)"
    )
    cmd.add_argument("--workspace", metavar="NAME", help="the coalition whose workshop this is")
    cmd.add_argument(
        "--page",
        action="append",
        default=[],
        metavar="ID",
        help="a page whose questions the workshop asks (repeatable; default: every page with "
        "questions for participants)",
    )
    cmd.add_argument("--keys-backend", help=argparse.SUPPRESS)  # tests: "module:factory"
    cmd.set_defaults(handler=_cmd_serve)


def _cmd_serve(args: argparse.Namespace) -> int:
    if args.max_kernels is not None and args.max_kernels < 1:
        raise ReentryWorkbookError("--max-kernels must be at least 1")
    if not 0 <= args.port <= 65535:
        raise ReentryWorkbookError("--port must be between 1 and 65535 (or 0 for a free one)")
    host = args.host or "127.0.0.1"
    if args.workshop and args.host is None:
        from .workshop.link import lan_address

        host = lan_address() or "127.0.0.1"
        if host == "127.0.0.1":
            print("This computer is on no network: the workshop is open on this computer only.")
    return serve(
        ServeOptions(
            port=args.port,
            db=args.db,
            open_browser=args.open,
            host=host,
            token=args.token,
            certfile=args.certfile,
            keyfile=args.keyfile,
            allow_hosts=tuple(args.allow_host),
            max_kernels=args.max_kernels,
            preheat=tuple(args.preheat),
            templates=args.templates,
            keys_backend=args.keys_backend,
            workshop=args.workshop,
            participants=args.participants,
            workspace=args.workspace,
            pages=tuple(args.page),
        )
    )
