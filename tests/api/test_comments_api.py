"""The JSON API's comment endpoints: reading, paging, writing, refusing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update
from zope.sqlalchemy import mark_changed

from scratchpad.comments.validation import CommentRejected, validate_comment
from scratchpad.models import MAX_ID, Comment, utcnow
from tests.support.client import client
from tests.support.factories import add_comments


def content_of(dbsession, tm, comment_id):
    tm.abort()
    tm.begin()
    return dbsession.scalar(select(Comment.content).where(Comment.id == comment_id))


def test_empty_list(api):
    assert api.call("GET", "/api/comments", status=200).json == {
        "comments": [],
        "next": None,
    }


def test_list_is_newest_first_and_pages_by_id(api, dbsession, tm):
    ids = add_comments(dbsession, tm, 5, first=0, posted=None)
    first = api.call("GET", "/api/comments?limit=2", status=200).json
    assert [c["id"] for c in first["comments"]] == [ids[4], ids[3]]
    assert first["next"] == f"/api/comments?before={ids[3]}&limit=2"
    second = api.call("GET", first["next"], status=200).json
    assert [c["id"] for c in second["comments"]] == [ids[2], ids[1]]
    last = api.call("GET", second["next"], status=200).json
    assert [c["id"] for c in last["comments"]] == [ids[0]]
    assert last["next"] is None


def test_a_before_beyond_every_id_starts_at_the_newest(api, dbsession, tm):
    ids = add_comments(dbsession, tm, 2, first=0, posted=None)
    page = api.call("GET", f"/api/comments?before={MAX_ID}", status=200).json
    assert [c["id"] for c in page["comments"]] == ids[::-1]


def test_default_page_is_50_and_limit_is_capped_at_200(api, dbsession, tm):
    add_comments(dbsession, tm, 205, first=0, posted=None)
    assert len(api.call("GET", "/api/comments", status=200).json["comments"]) == 50
    page = api.call("GET", "/api/comments?limit=1000", status=200).json
    assert len(page["comments"]) == 200
    assert page["next"].endswith("&limit=200")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("before=abc", "before"),
        ("before=0", "before"),
        ("limit=0", "limit"),
        ("limit=-5", "limit"),
        ("limit=1e3", "limit"),
        ("before=" + "9" * 30, "before"),
        (f"before={MAX_ID + 1}", "before"),
        ("before=%C2%B2", "before"),
    ],
)
def test_bad_paging_parameters_are_a_400_naming_the_field(api, query, field):
    error = api.call("GET", f"/api/comments?{query}", status=400).json["error"]
    assert error["code"] == "bad_request"
    assert field in error["fields"]


def test_one_comment_with_its_time_and_commenter(api, dbsession, tm, make_user):
    make_user("bob")
    posted = datetime(2017, 10, 13, 16, 36, tzinfo=UTC)
    [comment_id] = add_comments(
        dbsession, tm, 1, username="bob", posted=posted, first=0
    )
    body = api.call("GET", f"/api/comments/{comment_id}", status=200).json
    assert body == {
        "id": comment_id,
        "content": "comment 0",
        "posted": "2017-10-13T16:36:00Z",
        "commenter": "bob",
        "edited": None,
        "removed": None,
    }


def test_legacy_comment_has_null_time_and_commenter(api, dbsession, tm):
    [comment_id] = add_comments(dbsession, tm, 1, first=0, posted=None)
    body = api.call("GET", f"/api/comments/{comment_id}", status=200).json
    assert body["posted"] is None and body["commenter"] is None


@pytest.mark.parametrize(
    "path",
    [
        "/api/comments/999",
        "/api/comments/abc",
        "/api/comments/%C2%B2",
        "/api/comments/99999999999",
        "/api/comments/" + "9" * 5000,
        "/api/x",
    ],
)
def test_unknown_addresses_are_json_404s(testapp, path):
    response = testapp.get(path, status=404)
    assert response.content_type == "application/json"
    assert response.json["error"]["code"] == "not_found"


def test_posting_with_a_token(api, make_token, count_rows):
    token = make_token("alice")
    response = api.call(
        "POST",
        "/api/comments",
        token=token,
        json={"content": "Hi\r\nthere"},
        status=201,
    )
    assert response.json["commenter"] == "alice"
    assert response.json["content"] == "Hi\nthere"
    assert response.json["posted"].endswith("Z")
    assert response.headers["Location"].endswith(f"/api/comments/{response.json['id']}")
    assert count_rows(Comment) == 1


def test_posting_without_a_token_is_a_401_challenge(api, count_rows):
    response = api.call("POST", "/api/comments", json={"content": "x"}, status=401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert count_rows(Comment) == 0


def test_an_invalid_token_is_a_401(api, make_token, count_rows):
    make_token("alice")
    response = api.call(
        "POST", "/api/comments", token="sp_wrong", json={"content": "x"}, status=401
    )
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    assert count_rows(Comment) == 0


def test_a_logged_in_browser_cannot_write_to_the_api(
    api, testapp, make_user, count_rows
):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    token = testapp.get_csrf_token("/")
    api.call(
        "POST",
        "/api/comments",
        json={"content": "x"},
        headers={"X-CSRF-Token": token},
        status=401,
    )
    assert count_rows(Comment) == 0


def test_a_read_only_token_reads_but_cannot_write(
    api, make_token, dbsession, tm, count_rows
):
    token = make_token("alice", read_only=True)
    [comment_id] = add_comments(
        dbsession, tm, 1, username="alice", first=0, posted=None
    )
    api.call("GET", "/api/comments", token=token, status=200)
    error = api.call(
        "POST", "/api/comments", token=token, json={"content": "x"}, status=403
    ).json["error"]
    assert error["message"] == "This API token is read-only."
    api.call(
        "PATCH",
        f"/api/comments/{comment_id}",
        token=token,
        json={"content": "y"},
        status=403,
    )
    api.call("DELETE", f"/api/comments/{comment_id}", token=token, status=403)
    assert count_rows(Comment) == 1
    assert content_of(dbsession, tm, comment_id) == "comment 0"


SITE = object()  # the site's own message for this text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"content": "   "}, SITE),
        ({"content": "x" * 4097}, SITE),
        ({"content": 5}, "'content' must be a string."),
        ({}, "'content' must be a string."),
        (
            {"content": "x", "commenter": "bob"},
            "The body has fields a comment does not have.",
        ),
        (
            {"content": "a\x00b"},
            "Comments must be Unicode text without NUL characters.",
        ),
    ],
)
def test_invalid_comments_are_a_422_with_the_sites_message(
    api, make_token, count_rows, body, message
):
    token = make_token()
    error = api.call("POST", "/api/comments", token=token, json=body, status=422).json
    if message is SITE:  # exactly what the HTML form says for the same text
        with pytest.raises(CommentRejected) as refused:
            validate_comment(body["content"])
        message = str(refused.value)
        assert message.startswith(("Please write", "Comments can be at most 4096"))
    assert error["error"]["message"] == message
    assert error["error"]["fields"]
    assert count_rows(Comment) == 0


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b'{"content": ', "application/json", 400),
        (b'["content"]', "application/json", 400),
        (b'{"content": "\xff"}', "application/json", 400),
        (b"[" * 60000, "application/json", 400),
        (b"content=hello", "application/x-www-form-urlencoded", 415),
        (b'{"content": "' + b"x" * 70000 + b'"}', "application/json", 413),
    ],
)
def test_malformed_bodies_are_refused(
    api, make_token, count_rows, body, content_type, status
):
    token = make_token()
    api.call(
        "POST",
        "/api/comments",
        token=token,
        params=body,
        headers={"Content-Type": content_type},
        status=status,
    )
    assert count_rows(Comment) == 0


def test_author_edits_and_deletes_their_comment(
    api, make_token, dbsession, tm, count_rows
):
    token = make_token("alice")
    [comment_id] = add_comments(
        dbsession, tm, 1, username="alice", posted=utcnow(), first=0
    )
    path = f"/api/comments/{comment_id}"
    same = api.call("PATCH", path, token=token, json={"content": "comment 0"})
    assert same.json["edited"] is None  # unchanged text is no edit
    edited = api.call("PATCH", path, token=token, json={"content": "new"}, status=200)
    assert edited.json["content"] == "new"
    assert edited.json["edited"] is not None
    assert content_of(dbsession, tm, comment_id) == "new"
    api.call("DELETE", path, token=token, status=204)
    assert count_rows(Comment) == 0
    api.call("GET", path, status=404)


def test_others_may_not_edit_or_delete(api, make_token, dbsession, tm, count_rows):
    make_token("alice")
    token = make_token("mallory")
    [comment_id] = add_comments(
        dbsession, tm, 1, username="alice", first=0, posted=None
    )
    path = f"/api/comments/{comment_id}"
    api.call("PATCH", path, token=token, json={"content": "pwned"}, status=403)
    api.call("DELETE", path, token=token, status=403)
    api.call("DELETE", path, status=401)
    assert content_of(dbsession, tm, comment_id) == "comment 0"
    assert count_rows(Comment) == 1


def test_an_invalid_edit_changes_nothing(api, make_token, dbsession, tm):
    token = make_token("alice")
    [comment_id] = add_comments(
        dbsession, tm, 1, username="alice", posted=utcnow(), first=0
    )
    api.call(
        "PATCH",
        f"/api/comments/{comment_id}",
        token=token,
        json={"content": ""},
        status=422,
    )
    assert content_of(dbsession, tm, comment_id) == "comment 0"


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PUT", "/api/comments", "GET, HEAD, POST"),
        ("POST", "/api/comments/1", "GET, HEAD, PATCH, DELETE"),
        ("DELETE", "/api/openapi.json", "GET, HEAD"),
    ],
)
def test_other_methods_are_a_json_405(testapp, dbsession, tm, method, path, allow):
    add_comments(dbsession, tm, 1, first=0, posted=None)
    response = testapp.request(path, method=method, status=405)
    assert response.json["error"]["code"] == "method_not_allowed"
    assert response.headers["Allow"] == allow


def test_an_unexpected_failure_is_a_json_500_without_traceback(
    testapp, dbsession, tm, monkeypatch
):
    from scratchpad.api import views

    [comment_id] = add_comments(dbsession, tm, 1, first=0, posted=None)
    monkeypatch.setattr(views, "comment_json", lambda comment: 1 / 0)
    response = testapp.get(f"/api/comments/{comment_id}", status=500)
    assert response.content_type == "application/json"
    assert response.json["error"]["code"] == "server_error"
    assert "Traceback" not in response.text and "ZeroDivision" not in response.text


def test_a_database_failure_is_a_json_503(testapp, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from scratchpad.api import views

    def fail(*args):
        raise OperationalError("SELECT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(views, "next_page", fail)
    monkeypatch.setattr(views, "page_params", fail)
    response = testapp.get("/api/comments", status=503)
    assert response.json["error"]["code"] == "unavailable"
    assert response.headers["Retry-After"]
    assert "server closed" not in response.text


def test_the_openapi_document_is_served_and_is_openapi_3_1(api):
    from scratchpad.api.openapi import openapi_document

    document = api.call("GET", "/api/openapi.json", status=200).json
    assert document == openapi_document()
    assert document["openapi"].startswith("3.1")
    operations = {
        (path, method) for path, item in document["paths"].items() for method in item
    }
    assert ("/api/comments", "post") in operations
    assert ("/api/comments/{id}", "patch") in operations


def test_edits_end_with_the_sites_edit_window(api, make_token, dbsession, tm):
    token = make_token("alice")
    long_ago = utcnow() - timedelta(days=1)
    [comment_id] = add_comments(
        dbsession, tm, 1, username="alice", posted=long_ago, first=0
    )
    path = f"/api/comments/{comment_id}"
    api.call("PATCH", path, token=token, json={"content": "late"}, status=403)
    assert content_of(dbsession, tm, comment_id) == "comment 0"
    api.call("DELETE", path, token=token, status=204)  # deleting has no window


def test_a_removed_comment_shows_no_text_and_cannot_be_changed(
    api, make_token, dbsession, tm
):
    token = make_token("alice")
    [comment_id] = add_comments(
        dbsession, tm, 1, username="alice", posted=utcnow(), first=0
    )
    dbsession.execute(update(Comment).values(removed=utcnow()))
    mark_changed(dbsession)
    tm.commit()
    tm.begin()
    path = f"/api/comments/{comment_id}"
    body = api.call("GET", path, status=200).json
    assert body["content"] is None and body["removed"] is not None
    assert api.call("GET", "/api/comments").json["comments"][0]["content"] is None
    api.call("PATCH", path, token=token, json={"content": "back"}, status=403)
    api.call("DELETE", path, token=token, status=403)


def test_posting_follows_the_sites_flood_control(api, make_token, count_rows):
    token = make_token("alice")
    api.call("POST", "/api/comments", token=token, json={"content": "one"}, status=201)
    error = api.call(
        "POST", "/api/comments", token=token, json={"content": "one"}, status=409
    ).json["error"]
    assert error["message"].startswith("You posted this comment a moment ago")
    for n in range(4):  # the default limit is 5 a minute
        api.call("POST", "/api/comments", token=token, json={"content": f"{n}"})
    response = api.call(
        "POST", "/api/comments", token=token, json={"content": "six"}, status=429
    )
    assert int(response.headers["Retry-After"]) >= 1
    assert "kept below" not in response.json["error"]["message"]
    assert count_rows(Comment) == 5


def test_api_edits_and_deletes_refresh_cached_pages(
    api, app, make_token, dbsession, tm
):
    token = make_token("alice")
    first, _ = add_comments(
        dbsession, tm, 2, username="alice", posted=utcnow(), first=0
    )
    visitor = client(app)
    etag = visitor.get("/").headers["ETag"]
    path = f"/api/comments/{first}"
    api.call("PATCH", path, token=token, json={"content": "api words"}, status=200)
    page = visitor.get("/", headers={"If-None-Match": etag}, status=200)
    assert "api words" in page.text
    etag = page.headers["ETag"]
    api.call("DELETE", path, token=token, status=204)
    page = visitor.get("/", headers={"If-None-Match": etag}, status=200)
    assert "api words" not in page.text
