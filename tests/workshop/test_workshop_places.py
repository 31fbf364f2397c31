"""The room's places: the cap, places held while joining, idle sessions freed."""

from __future__ import annotations

from reentry_workbook.workshop.room import IDLE_SECONDS, Places, session_cap


def test_the_cap_has_a_margin():
    assert session_cap(20) == 24 and session_cap(1) == 3 and session_cap(30) == 36


def test_a_held_place_counts_until_swapped_or_released():
    places = Places(2)
    first, second = places.hold(), places.hold()
    assert first and second
    assert places.hold() is None and not places.has_room()
    places.release(second)
    places.swap(first, "person-1")
    assert places.count() == 1 and places.admit("person-1")
    assert places.admit("person-2") and not places.admit("person-3")
    assert places.admit("person-1")  # those in keep their place


def test_idle_sessions_free_their_place():
    now = [0.0]
    places = Places(1, clock=lambda: now[0])
    assert places.admit("a") and not places.admit("b")
    now[0] += IDLE_SECONDS + 1
    assert places.admit("b")
