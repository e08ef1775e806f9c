"""REL-05: a successful POST answers 303 to a relative address on this site,
so reloading the next page does not post again."""

from __future__ import annotations


def test_post_comment_redirects_with_303(testapp, make_user, count_rows):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    before = count_rows()
    response = testapp.post_comment("hello")
    assert response.status_int == 303
    location = response.headers["Location"]
    assert location.startswith("/") or location.startswith("http://localhost/")
    page = response.follow()
    assert page.request.method == "GET"
    assert "hello" in page.text
    page = testapp.get(page.request.path)  # "reload"
    assert count_rows() == before + 1
