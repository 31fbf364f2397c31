"""Command-line subcommands about saved data: export, import, backup, where, link, people."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .messages import t

if TYPE_CHECKING:
    from .store import Store

P = TypeVar("P", bound=argparse.ArgumentParser)  # the main parser's class, whatever it is


def _store(args: argparse.Namespace, *, read_only: bool = False) -> Store:
    """The store of ``--db``; a reader never creates one (and opens read-only media as such)."""
    from .errors import StoreError
    from .store import open_store
    from .store.engine import absolute_url, location, sqlite_path

    url = absolute_url(args.db)
    path = sqlite_path(url)
    try:
        return open_store(url, read_only=read_only and path is not None and not path.exists())
    except StoreError as exc:  # the command line may say where the store is
        raise StoreError(f"{exc} ({location(url)})") from exc


def _cmd_export(args: argparse.Namespace) -> int:
    from .exchange import export_text, write_export

    store = _store(args, read_only=True)
    ws = store.find_workspace(args.workspace)
    if args.output in (None, "-"):
        sys.stdout.write(export_text(store, ws.id))
    else:
        written = write_export(store, ws.id, Path(args.output))
        print(t("cli.wrote_workspace", path=written, workspace=repr(ws.name)), file=sys.stderr)
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from .exchange import import_export, read_export

    if args.name is not None and not args.as_copy:
        print(t("cli.name_with_copy"), file=sys.stderr)
        return 1
    export = read_export(Path(args.file))  # checked completely before the store is opened
    report = import_export(
        _store(args), export, as_copy=args.as_copy, name=args.name, source=args.file
    )
    print(report.summary())
    return 0


def _cmd_backup(args: argparse.Namespace) -> int:
    from .backup import backup

    print(t("cli.wrote", path=backup(_store(args, read_only=True), args.destination)))
    return 0


def _cmd_where(args: argparse.Namespace) -> int:
    from .store.engine import absolute_url, location, sqlite_path

    url = absolute_url(args.db)  # parsed only: nothing is opened or created
    print(location(url))
    path = sqlite_path(url)
    if path is not None and not path.exists():
        print(t("cli.no_store_yet"), file=sys.stderr)
    return 0


def _cmd_link(args: argparse.Namespace) -> int:
    store = _store(args)
    ws = store.find_workspace(args.workspace)
    key = store.issue_key(ws.id, args.role, revoke_others=args.revoke_old)
    print(t("cli.link.new_key", role=args.role, workspace=repr(ws.name), key=key))
    print(t("cli.link.open_with", key=key))
    print(t("cli.link.shown_once"))
    if args.revoke_old:
        print(t("cli.link.older_revoked", role=args.role))
    return 0


def _cmd_workspaces(args: argparse.Namespace) -> int:
    store = _store(args, read_only=True)
    found = store.workspaces()
    if not found:
        print(t("cli.no_workspaces"), file=sys.stderr)
    for ws in found:
        demo = t("cli.demo") if ws.is_demo else t("cli.real")
        created = ws.created_at.strftime("%Y-%m-%d")
        people = store.people_count(ws.id)
        print(t("cli.workspace_line", name=ws.name, id=ws.id, demo=demo, created=created, n=people))
    return 0


def _cmd_people(args: argparse.Namespace) -> int:
    store = _store(args, read_only=True)
    ws = store.find_workspace(args.workspace)
    for p in store.people(ws.id):
        flags = [p.role, t("cli.counted") if p.counted else t("cli.not_counted")]
        flags += [t("cli.pseudonym")] * p.pseudonym + [t("cli.device_claimed")] * p.claimed
        print(f"{p.name}\t{p.id}\t{', '.join(flags)}")
    return 0


def add_commands(sub: argparse._SubParsersAction[P]) -> None:
    """Register the data subcommands on the main parser."""
    db_help = "database URL (default: $REENTRY_WORKBOOK_DB or the per-user SQLite file)"
    ws_help = "workspace name or id"

    export = sub.add_parser("export", help="write a workspace's answers and history to JSON")
    export.add_argument("--workspace", required=True, help=ws_help)
    export.add_argument("--format", choices=["json"], default="json", help="file format")
    export.add_argument("--output", "-o", help="file to write, private (default: standard output)")
    export.add_argument("--db", help=db_help)
    export.set_defaults(handler=_cmd_export)

    imp = sub.add_parser("import", help="merge an exported JSON file into its workspace")
    imp.add_argument("file", help="a file written by 'reentry-workbook export'")
    imp.add_argument(
        "--as-copy", action="store_true", help="import as a new workspace with new ids and keys"
    )
    imp.add_argument("--name", help="name of the copy (default: '<name> (copy)')")
    imp.add_argument("--db", help=db_help)
    imp.set_defaults(handler=_cmd_import)

    bak = sub.add_parser("backup", help="copy the SQLite store safely, even while in use")
    bak.add_argument("destination", help="file or folder for the copy (written private)")
    bak.add_argument("--db", help=db_help)
    bak.set_defaults(handler=_cmd_backup)

    where = sub.add_parser("where", help="print where answers are stored (creates nothing)")
    where.add_argument("--db", help=db_help)
    where.set_defaults(handler=_cmd_where)

    link = sub.add_parser("link", help="make a new key (link) that opens a workspace")
    link.add_argument("--workspace", required=True, help=ws_help)
    link.add_argument("--role", required=True, choices=["facilitator", "participant"])
    link.add_argument(
        "--revoke-old", action="store_true", help="older keys of the role stop working"
    )
    link.add_argument("--db", help=db_help)
    link.set_defaults(handler=_cmd_link)

    spaces = sub.add_parser("workspaces", help="list the workspaces in the store")
    spaces.add_argument("--db", help=db_help)
    spaces.set_defaults(handler=_cmd_workspaces)

    folks = sub.add_parser("people", help="list the people of a workspace")
    folks.add_argument("--workspace", required=True, help=ws_help)
    folks.add_argument("--db", help=db_help)
    folks.set_defaults(handler=_cmd_people)
