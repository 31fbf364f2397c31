"""Command-line subcommands that touch saved answers: export, import, backup, where."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _store(args: argparse.Namespace):  # noqa: ANN202 - Store, imported lazily
    from .store import open_store

    return open_store(args.db)


def _cmd_export(args: argparse.Namespace) -> int:
    from .exchange import export_text

    text = export_text(_store(args), args.workspace)
    if args.output in (None, "-"):
        sys.stdout.write(text + "\n")
    else:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from .exchange import import_export, read_export

    export = read_export(Path(args.file))  # checked completely before anything is written
    report = import_export(_store(args), export)
    print(report.summary())
    return 0


def _cmd_backup(args: argparse.Namespace) -> int:
    from .backup import backup

    print(f"wrote {backup(_store(args), args.destination)}")
    return 0


def _cmd_where(args: argparse.Namespace) -> int:
    print(_store(args).location)
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register the data subcommands on the main parser."""
    db_help = "database URL (default: $REENTRY_WORKBOOK_DB or the per-user SQLite file)"

    export = sub.add_parser("export", help="write a workspace's answers to a JSON file")
    export.add_argument("--workspace", required=True, help="workspace name")
    export.add_argument("--format", choices=["json"], default="json", help="file format")
    export.add_argument("--output", "-o", help="file to write (default: standard output)")
    export.add_argument("--db", help=db_help)
    export.set_defaults(handler=_cmd_export)

    imp = sub.add_parser("import", help="merge an exported JSON file into the store")
    imp.add_argument("file", help="a file written by 'reentry-workbook export'")
    imp.add_argument("--db", help=db_help)
    imp.set_defaults(handler=_cmd_import)

    bak = sub.add_parser("backup", help="copy the SQLite store safely, even while in use")
    bak.add_argument("destination", help="file or folder for the copy")
    bak.add_argument("--db", help=db_help)
    bak.set_defaults(handler=_cmd_backup)

    where = sub.add_parser("where", help="print where answers are stored")
    where.add_argument("--db", help=db_help)
    where.set_defaults(handler=_cmd_where)
