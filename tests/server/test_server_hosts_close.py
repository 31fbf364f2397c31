"""The Host check (pages and websockets alike) and the close beacon's endpoint."""

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor

import pytest
from server_helpers import FLAGSHIP, ServerCase

from reentry_workbook.server.hosts import HostPolicy, host_name, is_loopback
from reentry_workbook.server.kernels import ENV_CLOSE, PageKernelManager, close_secret

KID = "0b0b0b0b-1111-2222-3333-444444444444"


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("127.0.0.1:8866", "127.0.0.1"),
        ("LOCALHOST", "localhost"),
        ("[::1]:8866", "::1"),
        ("example.org.:80", "example.org"),
        ("::1", "::1"),
    ],
)
def test_host_name(header, name):
    assert host_name(header) == name


def test_host_policy():
    policy = HostPolicy(["laptop.local", "192.168.1.20"])
    for ok in (
        "127.0.0.1:1",
        "localhost",
        "[::1]:2",
        "127.8.9.10",
        "laptop.local:8866",
        "192.168.1.20:8866",
        "app.localhost",
    ):
        assert policy.allows(ok), ok
    for bad in ("evil.example", "192.168.1.21", "", None, "laptop.local.evil.example"):
        assert not policy.allows(bad), bad
    assert is_loopback("::1") and not is_loopback("10.0.0.1")


class TestHostHeader(ServerCase):
    def test_forged_host_is_refused_everywhere(self):
        key = self.keys.add("Coalition North")
        for path in (
            "/",
            "/pages?demo=1",
            f"{FLAGSHIP}?key={key}",
            "/voila/static/voila.js",
            f"/api/kernels/{KID}/channels",
            f"/reentry/api/close/{KID}",
        ):
            response = self.fetch(path, headers={"Host": "rebind.attacker.example"})
            assert response.code == 403, path
            assert response.body.decode().strip() == (
                "This server does not answer to that address (Host header refused)."
            )
        assert self.rendered == []

    def test_websocket_upgrade_with_forged_host_is_refused(self):
        headers = {
            "Host": "rebind.attacker.example",
            "Upgrade": "websocket",
            "Connection": "Upgrade",
            "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        }
        response = self.fetch(f"/api/kernels/{KID}/channels", headers=headers)
        assert response.code == 403


class FakeKernels:
    def __init__(self):
        self.ids = [KID]
        self.shut = []

    def list_kernel_ids(self):
        return list(self.ids)

    async def shutdown_kernel(self, kid):
        self.shut.append(kid)
        self.ids.remove(kid)


class TestCloseBeacon(ServerCase):
    def setUp(self):
        super().setUp()
        self.fake = FakeKernels()
        self.app.settings["kernel_manager"] = self.fake

    def _post(self, kid, secret):
        return self.fetch(
            f"/reentry/api/close/{kid}",
            method="POST",
            body=f"secret={secret}",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

    def test_the_right_secret_closes_the_kernel_without_cookie_or_xsrf(self):
        secret = close_secret(self.server.close_key, KID)
        assert self._post(KID, secret).code == 204
        assert self.fake.shut == [KID]
        assert self._post(KID, secret).code == 204  # already gone: nothing to do

    def test_a_wrong_secret_closes_nothing(self):
        other = close_secret(os.urandom(32), KID)
        for secret in ("", "x", other, close_secret(self.server.close_key, KID + "0")):
            assert self._post(KID, secret).code == 403
        assert self._post("../etc", "x").code in (403, 404)
        assert self.fake.shut == []

    def test_voilas_own_beacon_is_answered_and_ignored(self):
        response = self.fetch(f"/voila/api/shutdown/{KID}", method="POST", body="")
        assert response.code == 204
        assert self.fake.shut == []


def test_each_kernel_gets_its_close_secret(tmp_path, monkeypatch):
    from traitlets.config import Configurable

    class Parent(Configurable):
        close_key = b"k" * 32

    seen = {}

    async def fake_start(self, *, kernel_id=None, **kwargs):
        seen.update(kernel_id=kernel_id, env=kwargs["env"])
        return kernel_id

    monkeypatch.setattr(PageKernelManager.__mro__[1], "start_kernel", fake_start)
    km = PageKernelManager(parent=Parent(), connection_dir=str(tmp_path), root_dir=str(tmp_path))
    with ThreadPoolExecutor(1) as thread:  # a loop of its own, whatever runs in this thread
        kid = thread.submit(asyncio.run, km.start_kernel(env={"A": "1"})).result()
    assert kid == seen["kernel_id"]
    assert seen["env"]["A"] == "1"
    assert seen["env"][ENV_CLOSE] == f"{kid} {close_secret(Parent.close_key, kid)}"
