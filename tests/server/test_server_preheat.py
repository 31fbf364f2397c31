"""A page is given a kernel started ahead (``serve --preheat``) only once that kernel has run its
whole notebook; a page asked for while it warms up starts its own, as without ``--preheat``."""

import asyncio

import pytest

from reentry_workbook.server.gate import kernel_ready_ahead

PAGE = "identify-community-members-and-networks.ipynb"


class Manager:
    """Voila's kernel manager as far as the check reads it: its pools by notebook path."""

    def __init__(self, pools):
        self._pools = pools


def _kernel(loop, state: str):
    """A pool entry as Voila keeps it: a future of {"task": the notebook's run, ...}."""
    entry = loop.create_future()
    if state == "starting":  # starting, or waiting out the refill delay
        return entry
    if state == "failed":
        entry.set_exception(RuntimeError("the kernel died while starting"))
        return entry
    run = loop.create_future()
    if state == "ready":
        run.set_result(([], None))
    elif state == "stopped":
        run.cancel()
    entry.set_result({"task": run, "kernel_id": "k1", "renderer": None})
    return entry


@pytest.mark.parametrize(
    ("states", "ready"),
    [
        (["ready"], True),
        (["ready", "starting"], True),
        (["running"], False),  # still running its notebook: the page would wait, or worse
        (["starting"], False),
        (["failed"], False),
        (["stopped"], False),
        (["starting", "ready"], False),  # Voila hands out the front one
        ([], False),
    ],
)
def test_only_a_kernel_that_has_run_its_notebook_is_handed_out(states, ready):
    loop = asyncio.new_event_loop()
    try:
        manager = Manager({PAGE: [_kernel(loop, s) for s in states]})
        assert kernel_ready_ahead(manager, PAGE) is ready
        assert kernel_ready_ahead(manager, "participant.ipynb") is False  # no pool of its own
        assert kernel_ready_ahead(manager, None) is False
        assert kernel_ready_ahead(object(), PAGE) is False  # a manager without pools
    finally:
        for entry in manager._pools[PAGE]:
            if entry.done() and not entry.cancelled() and entry.exception() is None:
                entry.result()["task"].cancel()
        loop.close()
