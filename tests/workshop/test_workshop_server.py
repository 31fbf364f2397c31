"""The participant path over HTTP: keys, joining, saving, the room cap, XSRF, two tabs."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from workshop_helpers import PAGE, Phone, WorkshopCase

from reentry_workbook.workshop.routes import device_cookie

STATUS = "q_decision_makers_named"


class TestKeys(WorkshopCase):
    def test_a_wrong_key_gets_the_one_plain_page_and_no_hint(self):
        # a real key with its last character changed, never to itself: the key is random, and
        # one ending in "zz" (1 key in 4,096) made the old `key[:-2] + "zz"` the real key in CI
        near = self.key[:-1] + ("A" if self.key[-1] != "A" else "B")
        for key in ("nope", "x" * 300, "%C3%A9t%C3%A9", near):
            response = self.fetch(f"/join/{key}")
            assert response.code == 404
            assert "This link does not open a workspace" in response.text
            assert "Riverside" not in response.text

    def test_a_wrong_key_on_the_questions_and_the_save_saves_nothing(self):
        phone = Phone()
        assert self.join(phone, "Ana").code == 303
        assert self.fetch(f"/join/wrong/{PAGE}", phone=phone).code == 404
        token = self.xsrf_value(phone, f"{self.join_path()}/{PAGE}")
        body = json.dumps({"item": STATUS, "value": "yes"})
        headers = {"Content-Type": "application/json", "X-XSRFToken": token}
        response = self.fetch(f"/join/wrong/{PAGE}/answer", "POST", body, headers, phone)
        assert response.code == 403
        assert self.personal() == {}

    def test_a_page_that_is_not_in_the_workshop(self):
        phone = Phone()
        self.join(phone, "Ana")
        response = self.fetch(f"{self.join_path()}/no-such-page", phone=phone)
        assert response.code == 404
        assert "not part of this workshop" in response.text


class TestJoining(WorkshopCase):
    def test_join_with_a_name_then_the_questions_then_resume(self):
        phone = Phone()
        page = self.fetch(self.join_path(), phone=phone)
        assert page.code == 200
        assert "Riverside Reentry" in page.text and "Answer without a name" in page.text
        response = self.join(phone, "Ana Núñez")
        assert response.code == 303
        assert response.headers["Location"] == f"/join/{self.key}/{PAGE}"
        cookie = next(c for c in response.headers.get_all("Set-Cookie") if "rw_device_" in c)
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/join/" in cookie
        form = self.fetch(response.headers["Location"], phone=phone)
        assert form.code == 200
        assert "Answering as Ana Núñez" in form.text
        assert f'data-item="{STATUS}"' in form.text
        # coming back on the same phone goes straight to the questions
        again = self.fetch(self.join_path(), phone=phone)
        assert again.code == 302 and again.headers["Location"].endswith(f"/{PAGE}")

    def test_without_a_name_a_pseudonym_is_given(self):
        phone = Phone()
        self.join(phone)
        form = self.fetch(f"{self.join_path()}/{PAGE}", phone=phone)
        assert "Answering as Participant" in form.text

    def test_a_name_already_on_a_phone_asks_first(self):
        self.join(Phone(), "Ana")
        other = Phone()
        response = self.join(other, "ana")
        assert response.code == 200
        assert "Someone has already joined as ana" in response.text
        assert not any(k.startswith("rw_device_") for k in other.cookies)
        confirmed = self.join(other, "ana", same_person="yes")
        assert confirmed.code == 303

    def test_names_are_escaped_and_bad_names_refused_plainly(self):
        phone = Phone()
        self.join(phone, "<b>Bo</b>")
        form = self.fetch(f"{self.join_path()}/{PAGE}", phone=phone)
        assert "&lt;b&gt;Bo&lt;/b&gt;" in form.text and "<b>Bo</b>" not in form.text
        response = self.join(Phone(), "Eve\u202e")
        assert response.code == 400
        assert len(self.store.people(self.workspace.id)) == 1

    def test_the_questions_without_joining_lead_to_the_join_page(self):
        response = self.fetch(f"{self.join_path()}/{PAGE}")
        assert response.code == 302
        assert response.headers["Location"] == f"{self.join_path()}?page={PAGE}"

    def test_the_join_form_needs_the_xsrf_value(self):
        body = urlencode({"page": PAGE, "name": "Ana", "how": "named"})
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        response = self.fetch(self.join_path(), "POST", body, headers)
        assert response.code == 403
        assert self.store.people(self.workspace.id) == []


class TestSaving(WorkshopCase):
    def test_an_answer_is_saved_and_acknowledged(self):
        phone = Phone()
        self.join(phone, "Ana")
        response = self.answer(phone, STATUS, "yes")
        assert response.code == 200
        body = response.json()
        assert body["status"] == "saved" and body["message"] == "Saved"
        assert body["value"] == "yes" and body["revision"] == 1
        assert self.personal() == {"Ana": {STATUS: "yes"}}
        form = self.fetch(f"{self.join_path()}/{PAGE}", phone=phone).text
        assert 'value="&#34;yes&#34;" checked' in form

    def test_bad_values_get_one_plain_line_and_nothing_is_stored(self):
        phone = Phone()
        self.join(phone, "Ana")
        for item, value in (
            (STATUS, "maybe-not"),
            (STATUS, 3),
            ("no_such_item", "yes"),
            ("outreach_view", {"nope": 1}),
        ):
            response = self.answer(phone, item, value)
            assert response.code == 400, (item, value)
            body = response.json()
            assert body["status"] == "refused"
            assert body["message"] and "\n" not in body["message"]
        for raw in (b"not json", b"[1, 2]", b"{" * 5000, json.dumps({"item": 5}).encode()):
            response = self.answer(phone, "", None, raw=raw)
            assert response.code == 400
        assert self.personal() == {}

    def test_a_facilitator_only_item_cannot_be_answered_here(self):
        phone = Phone()
        self.join(phone, "Ana")
        q = self.room.page(PAGE)
        theirs = next(i.id for _, i in q.iter_items() if not q.for_participants(i))
        response = self.answer(phone, theirs, "x")
        assert response.code == 400 and response.json()["status"] == "refused"

    def test_the_save_needs_the_xsrf_value(self):
        phone = Phone()
        self.join(phone, "Ana")
        body = json.dumps({"item": STATUS, "value": "yes"})
        response = self.fetch(
            f"{self.join_path()}/{PAGE}/answer",
            "POST",
            body,
            {"Content-Type": "application/json"},
            phone,
        )
        assert response.code == 403
        assert response.json()["restart"] is True
        assert self.personal() == {}

    def test_two_tabs_are_one_person_and_a_clash_is_said_plainly(self):
        tab1 = Phone()
        self.join(tab1, "Ana")
        tab2 = Phone(dict(tab1.cookies))
        first = self.answer(tab1, STATUS, "yes", base=None).json()
        assert first["status"] == "saved"
        other = self.answer(tab2, "q_networks_found", "partly", base=None).json()
        assert other["status"] == "saved"  # different questions merge
        clash = self.answer(tab2, STATUS, "not_yet", base=None).json()  # tab2 never saw tab1's
        assert clash["status"] == "conflict"
        assert "another tab" in clash["message"] and clash["value"] == "yes"
        assert self.personal() == {"Ana": {STATUS: "yes", "q_networks_found": "partly"}}
        again = self.answer(tab2, STATUS, "not_yet", base=clash["revision"]).json()
        assert again["status"] == "saved"

    def test_a_matrix_answer(self):
        phone = Phone()
        self.join(phone, "Ana")
        response = self.answer(phone, "outreach_view", {})
        assert response.code == 200  # an empty matrix is no answer


class TestFullRoom(WorkshopCase):
    participants = 1  # three places: one and a margin of two

    def test_beyond_the_cap_a_polite_503_and_nothing_stored(self):
        phones = [Phone() for _ in range(3)]
        for phone in phones:
            assert self.join(phone, "").code == 303
        late = Phone()
        response = self.join(late, "Late Comer")
        assert response.code == 503
        assert "The room is full" in response.text and "Retry-After" in response.headers
        assert len(self.store.people(self.workspace.id)) == 3
        # those already in keep their place
        assert self.fetch(f"{self.join_path()}/{PAGE}", phone=phones[0]).code == 200


class TestDevice(WorkshopCase):
    def test_the_device_cookie_is_per_workspace(self):
        phone = Phone()
        self.join(phone, "Ana")
        assert device_cookie(self.workspace.id) in phone.cookies
        phone.cookies[device_cookie(self.workspace.id)] = "forged"
        response = self.fetch(f"{self.join_path()}/{PAGE}", phone=phone)
        assert response.code == 302  # an unknown secret is no one: join again
