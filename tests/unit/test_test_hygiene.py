"""The tests themselves: no fixed sleep (only short waits inside a loop that polls for what it
waits for), no check that cannot fail, shipped notebooks and pages by parametrisation."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
FILES = sorted(p for p in TESTS.rglob("*.py") if p.name != Path(__file__).name)


def _sleeps_outside_a_loop(tree: ast.AST) -> list[int]:
    found = []

    def visit(node: ast.AST, in_loop: bool) -> None:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "sleep" and not in_loop:
                found.append(node.lineno)
        loop = in_loop or isinstance(node, ast.While | ast.For | ast.AsyncFor)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            loop = False
        for child in ast.iter_child_nodes(node):
            visit(child, loop)

    visit(tree, False)
    return found


def test_every_sleep_in_the_tests_is_a_poll_inside_a_loop():
    bad = {}
    for path in FILES:
        text = path.read_text().splitlines()
        lines = _sleeps_outside_a_loop(ast.parse("\n".join(text)))
        lines = [n for n in lines if "# not a wait:" not in text[n - 1]]
        if lines:
            bad[str(path.relative_to(TESTS))] = lines
    assert not bad


def test_no_check_that_cannot_fail_and_no_first_notebook_only():
    for path in FILES:
        text = path.read_text()
        for pattern in ('"Traceback" not in', "st_size > 0", "WORKBOOKS[0]", "PAGES[0]"):
            assert pattern not in text, f"{path.relative_to(TESTS)}: {pattern}"


def test_the_check_finds_a_fixed_sleep():
    assert _sleeps_outside_a_loop(ast.parse("import time\ntime.sleep(2)\n")) == [2]
    poll = "import time\nwhile not done():\n    time.sleep(0.1)\n"
    assert _sleeps_outside_a_loop(ast.parse(poll)) == []
