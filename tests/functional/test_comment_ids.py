"""One comment-id parser for the site and the API: ASCII digits naming a
number the ``comments.id`` column can hold (1 to 2**31 - 1), else a 404 from
both, on every backend. Python's ``int()`` reads "²" and "٣" too, and the
databases refuse numbers beyond 32 bits, so either could become a 500."""

from __future__ import annotations

import pytest

from scratchpad.models import MAX_ID
from tests.support.factories import add_comment

NOT_IDS = [
    "%C2%B2",  # superscript two: a digit to str.isdigit(), not to int()
    "%D9%A3",  # Arabic-Indic three: int() reads it as 3
    "%EF%BC%91",  # fullwidth one
    str(MAX_ID + 1),
    "0",
    "-1",
    "+1",
    "1.0",
    " 1",
    "1e3",
    "99999999999",
    str(2**64),
    "9" * 5000,  # longer than int() converts at all
]


@pytest.fixture
def comment_id(dbsession, tm):
    """Comment 1, and comments 2 and 3 for what "²" and "٣" might be read as."""
    first = add_comment(dbsession, tm, "the first comment", None)
    for n in (2, 3):
        add_comment(dbsession, tm, f"comment {n}", None)
    return first


@pytest.mark.parametrize("name", NOT_IDS)
def test_the_site_answers_404_for_what_is_not_a_comment_id(testapp, comment_id, name):
    page = testapp.get(f"/comments/{name}/", status=404)
    assert "There is no page at this address." in page.text


@pytest.mark.parametrize("name", NOT_IDS)
def test_the_api_answers_404_for_what_is_not_a_comment_id(testapp, comment_id, name):
    response = testapp.get(f"/api/comments/{name}", status=404)
    assert response.json["error"]["code"] == "not_found"


@pytest.mark.parametrize("name", ["1", "01", "0000000001"])
def test_both_read_the_same_ids(testapp, comment_id, name):
    assert comment_id == 1
    assert "the first comment" in testapp.get(f"/comments/{name}/").text
    assert testapp.get(f"/api/comments/{name}").json["id"] == 1


def test_the_largest_id_is_looked_up_and_not_found(testapp, comment_id):
    testapp.get(f"/comments/{MAX_ID}/", status=404)
    testapp.get(f"/api/comments/{MAX_ID}", status=404)
