"""The start page and the index of pages: no kernel, nothing revealed, XSRF on every form."""

import logging
from html import unescape
from urllib.parse import parse_qs, urlencode, urlparse

from server_helpers import ServerCase


def _links(html: str, cls: str) -> str:
    text = html.split(f'class="link-box {cls}"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0]
    return unescape(text)


class TestStartPage(ServerCase):
    def test_lists_nothing_about_existing_workspaces(self):
        self.keys.add("Coalition North")
        html = self.fetch("/").body.decode()
        assert "Start a new coalition workspace" in html
        assert "Open with your link" in html
        assert "Explore the fictional demo" in html
        assert "Coalition North" not in html
        assert self.server.kernel_manager.list_kernel_ids() == []

    def test_forms_need_the_xsrf_value(self):
        body = urlencode({"coalition": "A", "founder": "B"})
        response = self.fetch("/start", method="POST", body=body)
        assert response.code == 403
        assert "create" not in self.keys.calls

    def test_create_shows_both_links_once_and_they_work(self):
        response = self.post_form("/start", coalition="Riverside Reentry", founder="Ana")
        assert response.code == 200
        html = response.body.decode()
        assert "Riverside Reentry" in html and "is ready" in html
        assert "anyone who has it can read and edit" in html
        facilitator, participant = (
            _links(html, "rw-facilitator-link"),
            _links(html, "rw-participant-link"),
        )
        assert facilitator != participant
        fkey = parse_qs(urlparse(facilitator).query)["key"][0]
        pkey = parse_qs(urlparse(participant).query)["key"][0]
        assert self.keys.check(fkey).role == "facilitator"
        assert self.keys.check(pkey).role == "participant"
        assert facilitator.startswith(f"http://127.0.0.1:{self.get_http_port()}/pages?key=")

    def test_names_are_escaped(self):
        response = self.post_form("/start", coalition="<script>alert(1)</script>", founder="x")
        html = response.body.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    def test_a_bad_name_is_explained_and_the_form_kept(self):
        response = self.post_form("/start", coalition="   ", founder="Ana")
        assert response.code == 400
        html = response.body.decode()
        assert "the coalition needs a name" in html
        assert 'value="Ana"' in html

    def test_a_similar_name_warns_the_operator_only(self):
        self.keys.add("Coalition North")
        with self.assertLogs("reentry_workbook.store", logging.WARNING) as logs:
            response = self.post_form("/start", coalition="coalition  north", founder="Ana")
        assert "looks like existing" in logs.output[0]
        assert response.code == 200
        assert "Coalition North" not in response.body.decode()

    def test_open_with_a_pasted_link_or_key(self):
        key = self.keys.add("Coalition North")
        for pasted in (f"http://127.0.0.1:8866/pages?key={key}", key, f"  {key}  "):
            response = self.post_form("/open", link=pasted)
            assert response.code == 303
            assert response.headers["Location"] == "/pages?" + urlencode({"key": key})

    def test_open_with_a_wrong_link_says_the_one_generic_thing(self):
        self.keys.add("Coalition North")
        response = self.post_form("/open", link="Coalition North")
        assert response.code == 400
        assert "This link does not open a workspace" in response.body.decode()


class TestIndex(ServerCase):
    def test_facilitator_sees_every_page_with_progress_and_links(self):
        key = self.keys.add("Coalition North")
        grant = self.keys.check(key)
        self.keys.set_answers(
            grant.workspace_id,
            "identify_community_members_and_networks",
            {"q_networks_found": "partly"},
        )
        html = self.fetch_page("/pages", key=key).body.decode()
        assert "Coalition North" in html
        assert "Part 2: Building Broad Community Support" in html
        assert "required answers given" in html
        assert f"voila/render/identify-community-members-and-networks.ipynb?key={key}" in html
        assert "Participant link" in html

    def test_participant_sees_only_questions(self):
        key = self.keys.add("Coalition North", "participant")
        html = self.fetch_page("/pages", key=key).body.decode()
        assert "questions for you" in html
        stem = "identify-community-members-and-networks"
        assert f"voila/render/participant.ipynb?page={stem}&amp;key={key}" in html
        assert html.count("voila/render/participant.ipynb?page=") > 1  # one for each page
        assert "identify-community-members-and-networks.ipynb" not in html
        assert "required answers given" not in html

    def test_demo_index_needs_no_key(self):
        html = self.fetch_page("/pages", demo="1").body.decode()
        assert "identify-community-members-and-networks.ipynb?demo=1" in html

    def test_no_key_or_a_bad_key_goes_back_to_start(self):
        assert self.fetch_page("/pages").headers["Location"] == "/"
        assert self.fetch_page("/pages", key="bad").headers["Location"] == "/?link=unknown"

    def test_participant_link_for_a_page(self):
        key = self.keys.add("Coalition North")
        response = self.post_form(
            "/pages/participant-link", key=key, page="identify_community_members_and_networks"
        )
        html = response.body.decode()
        link = _links(html, "rw-participant-link")
        assert (
            "/voila/render/participant.ipynb?page=identify-community-members-and-networks&key="
            in link
        )
        new_key = parse_qs(urlparse(link).query)["key"][0]
        assert self.keys.check(new_key).role == "participant"

    def test_participants_cannot_make_participant_links(self):
        key = self.keys.add("Coalition North", "participant")
        response = self.post_form(
            "/pages/participant-link", key=key, page="identify_community_members_and_networks"
        )
        assert response.code == 403
        assert "You cannot open this page." in response.body.decode()


class TestWithToken(ServerCase):
    token = "s3cret-token"

    def test_pages_need_the_token_and_links_carry_it(self):
        assert self.fetch("/").code in (302, 403)
        assert self.fetch("/?token=s3cret-token").code == 200
        cookie = self.fetch("/?token=s3cret-token").headers.get_all("Set-Cookie")
        assert cookie
