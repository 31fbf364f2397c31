"""The ``reentry-workbook`` command line: check, serve, export, import, backup, schema."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

Handler = Callable[[argparse.Namespace], int]


def _cmd_check(args: argparse.Namespace) -> int:
    from .templates import check_paths, template_paths

    paths: list[Path] = []
    for given in args.paths or [None]:
        if given is None:
            paths.extend(template_paths())
        elif Path(given).is_dir():
            paths.extend(template_paths(Path(given)))
        else:
            paths.append(Path(given))
    if not paths:
        print("no template files found", file=sys.stderr)
        return 1
    problems = check_paths(paths)
    for problem in problems:
        print(problem)
    bad = len({p.file for p in problems})
    summary = f"{len(paths) - bad} of {len(paths)} template(s) valid"
    print(summary + (f"; {len(problems)} problem(s)" if problems else ""), file=sys.stderr)
    return 1 if problems else 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from .schema import SCHEMA_FILE, schema_text, write_schema

    if args.write:
        print(f"wrote {write_schema()}")
        return 0
    if args.check:
        current = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""
        if current != schema_text():
            print(f"{SCHEMA_FILE} is out of date: run 'reentry-workbook schema --write'")
            return 1
        print(f"{SCHEMA_FILE} is up to date")
        return 0
    sys.stdout.write(schema_text())
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one subcommand per job."""
    parser = argparse.ArgumentParser(
        prog="reentry-workbook",
        description="Planning workbooks for local reentry coalitions.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = sub.add_parser("check", help="validate questionnaire templates")
    check.add_argument(
        "paths", nargs="*", help="template files or folders (default: the shipped templates)"
    )
    check.set_defaults(handler=_cmd_check)

    schema = sub.add_parser("schema", help="print or refresh the template JSON Schema")
    group = schema.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true", help="rewrite the packaged schema file")
    group.add_argument("--check", action="store_true", help="fail if the packaged file is stale")
    schema.set_defaults(handler=_cmd_schema)

    from . import cli_data

    cli_data.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    from .errors import ReentryWorkbookError

    try:
        return handler(args)
    except ReentryWorkbookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
