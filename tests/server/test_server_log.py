"""The server's request log never holds what opens data: no query string, no key in a path."""

import logging

import pytest

from reentry_workbook.server.app import log_request


class _Request:
    def __init__(self, uri: str):
        self.method = "GET"
        self.path = uri.split("?")[0]
        self.uri = uri

    def request_time(self) -> float:
        return 0.012


class _Handler:
    def __init__(self, uri: str, status: int):
        self.request = _Request(uri)
        self._status = status

    def get_status(self) -> int:
        return self._status


@pytest.mark.parametrize(
    ("uri", "status", "shown"),
    [
        (
            "/voila/render/reentry-map.ipynb?key=SECRETKEY123",
            403,
            "/voila/render/reentry-map.ipynb",
        ),
        ("/pages?key=SECRETKEY123", 200, "/pages"),
        ("/join/SECRETKEY123/reentry_map/answer", 400, "/join/…/reentry_map/answer"),
        ("/reentry/api/close/SECRETKEY123", 500, "/reentry/api/close/…"),
    ],
)
def test_keys_never_reach_the_log(caplog, uri, status, shown):
    with caplog.at_level(logging.INFO, logger="tornado.access"):
        log_request(_Handler(uri, status))
    (record,) = caplog.records
    assert "SECRETKEY123" not in record.getMessage()
    assert shown in record.getMessage() and str(status) in record.getMessage()
