"""The ``reentry-workbook`` command line: check, serve, export, import, backup, schema."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from .messages import t

Handler = Callable[[argparse.Namespace], int]
PROG = "reentry-workbook"


class _Parser(argparse.ArgumentParser):
    """An argument parser whose mistakes end in one line and exit code 1."""

    def error(self, message: str) -> NoReturn:
        """Say what is wrong with the command line, in one line."""
        self.exit(1, t("cli.usage_error", prog=self.prog, message=message, main=PROG) + "\n")


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
        print(t("cli.no_templates"), file=sys.stderr)
        return 1
    problems = check_paths(paths)
    for problem in problems:
        print(problem)
    from .templates import upgrade_notes

    for note in upgrade_notes(paths):
        print(t("cli.note", note=note), file=sys.stderr)
    bad = len({p.file for p in problems})
    summary = t("cli.templates_valid", valid=len(paths) - bad, total=len(paths))
    more = t("cli.problems", n=len(problems)) if problems else ""
    print(summary + more, file=sys.stderr)
    return 1 if problems else 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from .schema import SCHEMA_FILE, schema_text, write_schema

    if args.write:
        print(t("cli.wrote", path=write_schema()))
        return 0
    if args.check:
        current = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""
        if current != schema_text():
            print(t("cli.out_of_date", path=SCHEMA_FILE, command="schema"))
            return 1
        print(t("cli.up_to_date", path=SCHEMA_FILE))
        return 0
    sys.stdout.write(schema_text())
    return 0


def _cmd_views(args: argparse.Namespace) -> int:
    from .catalog_doc import views_doc_path, views_markdown

    text = views_markdown()
    path = views_doc_path()
    if args.write:
        path.write_text(text, encoding="utf-8")
        print(t("cli.wrote", path=path))
        return 0
    if args.check:
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            print(t("cli.out_of_date", path=path, command="views"))
            return 1
        print(t("cli.up_to_date", path=path))
        return 0
    sys.stdout.write(text)
    return 0


def _cmd_notebook(args: argparse.Namespace) -> int:
    from .notebooks import stale_notebooks, write_all

    if args.write:
        for path in write_all():
            print(t("cli.wrote", path=path))
        return 0
    stale = stale_notebooks()
    for line in stale:
        print(line)
    if not stale:
        print(t("cli.notebooks_up_to_date"))
    return 1 if stale else 0


def _cmd_upgrade(args: argparse.Namespace) -> int:
    import yaml

    from . import strict_yaml
    from .model.upgrade import upgrade_v1
    from .templates import MAX_TEMPLATE_BYTES, read_text_file

    data, _ = strict_yaml.load(read_text_file(Path(args.file), MAX_TEMPLATE_BYTES, "templates"))
    if not isinstance(data, dict) or data.get("schema_version") != 1:
        print(t("cli.not_v1", file=args.file), file=sys.stderr)
        return 1
    text = yaml.safe_dump(upgrade_v1(data), sort_keys=False, allow_unicode=True, width=100)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(t("cli.wrote_upgrade", path=args.output), file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one subcommand per job."""
    parser = _Parser(
        prog=PROG,
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

    views = sub.add_parser("views", help="print or refresh docs/views.md, the list of views")
    group = views.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true", help="rewrite docs/views.md")
    group.add_argument("--check", action="store_true", help="fail if docs/views.md is stale")
    views.set_defaults(handler=_cmd_views)

    notebook = sub.add_parser("notebook", help="check or rewrite the pages' notebooks")
    notebook.add_argument("--write", action="store_true", help="rewrite every page's notebook")
    notebook.set_defaults(handler=_cmd_notebook)

    upgrade = sub.add_parser("upgrade", help="write a schema_version 1 template as version 2")
    upgrade.add_argument("file", help="the template to upgrade")
    upgrade.add_argument("--output", "-o", help="file to write (default: standard output)")
    upgrade.set_defaults(handler=_cmd_upgrade)

    from . import cli_data, cli_plan, serve

    cli_data.add_commands(sub)
    cli_plan.add_command(sub)
    serve.add_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code. Every failure ends in one line on stderr
    and exit code 1; the full story of an unexpected one goes to a log file."""
    from .errors import ReentryWorkbookError

    try:
        args = build_parser().parse_args(argv)
        handler: Handler = args.handler
        return handler(args)
    except ReentryWorkbookError as exc:
        return _fail(_one_line(str(exc)))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (e.g. "| head"): nothing left to say
        sys.stderr.close()
        return 1
    except SystemExit:
        raise
    except BaseException as exc:  # noqa: BLE001 - the one place that catches everything
        return _fail(_unexpected(exc))


def _one_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) <= 1:
        return lines[0] if lines else t("cli.failed")
    return t("cli.and_more_lines", first=lines[0], n=len(lines) - 1)


def _fail(message: str) -> int:
    print(t("cli.error", message=message), file=sys.stderr)
    return 1


def _unexpected(exc: BaseException) -> str:
    """One line about an error nobody planned for; the traceback goes to the log file."""
    if isinstance(exc, MemoryError | RecursionError):
        said = t("cli.too_large")
    elif isinstance(exc, OSError) and exc.strerror:
        said = f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror
    else:
        said = t("cli.unexpected", kind=type(exc).__name__)
    where = log_error(exc)
    return t("cli.details_in", said=said, where=where) if where else said


def log_error(exc: BaseException) -> str | None:
    """Append ``exc`` with its traceback to the per-user error log; its path, or None."""
    import datetime as dt
    import os
    import traceback

    import platformdirs

    try:
        folder = Path(platformdirs.user_log_dir("reentry-workbook"))
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = folder / "errors.log"
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as log:
            log.write(f"--- {dt.datetime.now().astimezone().isoformat()} {sys.argv!r}\n")
            log.write("".join(traceback.format_exception(exc)))
        return str(path)
    except (OSError, RecursionError):
        return None
