"""The ``plan`` command: a workspace's coalition plan as a printable file (and its lists)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TypeVar

from .messages import t

P = TypeVar("P", bound=argparse.ArgumentParser)  # the main parser's class, whatever it is


def _cmd_plan(args: argparse.Namespace) -> int:
    from .cli_data import _store
    from .plan import from_store, write_files

    store = _store(args, read_only=True)
    ws = store.find_workspace(args.workspace)
    xlsx = Path(args.xlsx) if args.xlsx else None
    for path in write_files(from_store(store, ws.id), Path(args.output), xlsx):
        print(t("cli.wrote_plan", path=path, workspace=repr(ws.name)), file=sys.stderr)
    return 0


def add_command(sub: argparse._SubParsersAction[P]) -> None:
    """Register ``reentry-workbook plan`` on the main parser."""
    plan = sub.add_parser(
        "plan", help="write a workspace's coalition plan (all pages) as a printable HTML file"
    )
    plan.add_argument("--workspace", required=True, help="workspace name or id")
    plan.add_argument("--output", "-o", required=True, help="HTML file to write (private, 0600)")
    plan.add_argument("--xlsx", help="also write every list of the workspace to this Excel file")
    plan.add_argument(
        "--db", help="database URL (default: $REENTRY_WORKBOOK_DB or the per-user SQLite file)"
    )
    plan.set_defaults(handler=_cmd_plan)
