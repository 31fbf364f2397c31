"""Names are cleaned one way everywhere: trimmed, normalised, and spoofing characters refused."""

import pytest

from reentry_workbook import StoreError
from reentry_workbook.names import NameRefused, clean_name, name_key

pytestmark = pytest.mark.store


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Ana\x00", "the person name has a NUL character at character 4; type it again without it"),
        ("An\x07a", "the person name has a control character (U+0007) at character 3"),
        (
            "\u202eanA",
            "the person name has an invisible formatting character (U+202E) at character 1",
        ),
        (
            "Ana\u200b",
            "the person name has an invisible formatting character (U+200B) at character 4",
        ),
        ("A\u200fna", "invisible formatting character (U+200F)"),
        ("Ana\x85", "control character (U+0085)"),  # C1
        ("   ", "a person needs a name"),
        ("x" * 201, "a person name may be at most 200 characters"),
    ],
)
def test_refused(text, message):
    with pytest.raises(NameRefused) as info:
        clean_name(text, "person")
    assert message in str(info.value)
    assert isinstance(info.value, StoreError) and "\n" not in str(info.value)


def test_cleaned():
    assert clean_name("  Dana \t Whitfield \n", "person") == "Dana Whitfield"
    assert clean_name("Jose\u0301", "person") == "Jos\u00e9"  # NFC
    assert clean_name("🙂 Ana-María O'Neil", "person") == "🙂 Ana-María O'Neil"


def test_keys():
    assert name_key("  José  Núñez ") == name_key("jose nunez") == "jose nunez"
    assert name_key("José") == name_key("jose") == name_key("JOSE ")
    assert name_key("Straße") == name_key("STRASSE")
    assert name_key("Dana") != name_key("Dana Whitfield")
