"""The key gate and the kernel cap in front of Voila's notebook pages."""

from urllib.parse import quote

from server_helpers import FLAGSHIP, PARTICIPANT, ServerCase


class TestGate(ServerCase):
    def test_names_alone_open_nothing_and_start_no_kernel(self):
        self.keys.add("Coalition North")
        query = "?workspace=" + quote("Coalition North") + "&respondent=JD"
        for path in (FLAGSHIP, PARTICIPANT):
            response = self.fetch(path + query)
            assert response.code == 302
            assert response.headers["Location"] == "/"
        response = self.fetch(FLAGSHIP + query + "&demo=0")
        assert response.code == 302
        assert self.rendered == []
        assert self.server.kernel_manager.list_kernel_ids() == []

    def test_unknown_or_malformed_key_goes_to_the_start_page_with_one_message(self):
        self.keys.add("Coalition North")
        for key in ("nope", "x" * 500, "ключ", "' OR 1=1 --"):
            response = self.fetch_page(FLAGSHIP, key=key)
            assert response.code == 302
            assert response.headers["Location"] == "/?link=unknown"
        start = self.fetch("/?link=unknown")
        assert "This link does not open a workspace" in start.body.decode()
        assert self.rendered == []

    def test_facilitator_key_opens_the_workbook_and_the_questions(self):
        key = self.keys.add("Coalition North", "facilitator")
        assert self.fetch_page(FLAGSHIP, key=key).body == b"RENDERED"
        assert self.fetch_page(PARTICIPANT, key=key).body == b"RENDERED"
        assert self.rendered == [
            "identify-community-members-and-networks.ipynb",
            "participant.ipynb",
        ]

    def test_participant_key_cannot_open_the_facilitator_page(self):
        key = self.keys.add("Coalition North", "participant")
        response = self.fetch_page(FLAGSHIP, key=key)
        assert response.code == 403
        assert "cannot open this page" in response.body.decode()
        assert self.rendered == []
        assert self.fetch_page(PARTICIPANT, key=key).body == b"RENDERED"

    def test_demo_opens_without_a_key(self):
        assert self.fetch_page(FLAGSHIP, demo="1").body == b"RENDERED"

    def test_unknown_notebook_is_not_found(self):
        key = self.keys.add("Coalition North")
        for path in ("/voila/render/nope.ipynb", "/voila/render/../../etc/passwd"):
            response = self.fetch_page(path, key=key)
            assert response.code == 404
        assert self.rendered == []

    def test_no_notebook_listing(self):
        for path in ("/voila/tree", "/voila/api/contents", "/voila/api/contents/"):
            assert self.fetch(path).code == 404


class TestCap(ServerCase):
    max_kernels = 2

    def test_beyond_the_cap_a_polite_page_and_no_kernel(self):
        km = self.server.kernel_manager
        km.list_kernel_ids = lambda: ["a", "b"]
        response = self.fetch_page(FLAGSHIP, demo="1")
        assert response.code == 503
        assert response.headers["Retry-After"] == "60"
        text = response.body.decode()
        assert "The workbook is busy: 2 pages are open." in text
        assert "Close a tab you no longer use, or try again in a minute." in text
        assert self.rendered == []

    def test_below_the_cap_pages_open_and_release_their_place(self):
        self.server.kernel_manager.list_kernel_ids = lambda: ["a"]
        assert self.fetch_page(FLAGSHIP, demo="1").body == b"RENDERED"
        assert self.server.places.starting == 0

    def test_kernels_waiting_in_a_pool_do_not_count(self):
        km = self.server.kernel_manager
        km.list_kernel_ids = lambda: ["a", "b"]
        km._pools = {"identify-community-members-and-networks.ipynb": [object()]}
        assert self.fetch_page(FLAGSHIP, demo="1").body == b"RENDERED"
