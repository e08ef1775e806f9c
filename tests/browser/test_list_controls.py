"""Edit and Delete right in the list of comments, for one's own comments
only, working with scripts off as well as on (the list itself is shared by
every viewer; each viewer's controls come from the comments' ACL)."""

from __future__ import annotations

from playwright.sync_api import expect

from scratchpad.models import Comment

ALICE, ALICE_PASSWORD = "alice", "alice's browser password"


def test_an_author_edits_and_deletes_from_the_list(site, live_server):
    live_server.add_user(ALICE, ALICE_PASSWORD)
    live_server.add_comment("The admin's words")  # someone else's comment
    site.open("/")  # seen anonymously first: the shared list is kept
    expect(site.main.get_by_role("link", name="Edit")).to_have_count(0)
    site.login(ALICE, ALICE_PASSWORD)
    site.post_comment("First draft")

    mine, theirs = site.comments.last, site.comments.first
    expect(mine.get_by_role("link", name="Edit")).to_have_count(1)
    expect(theirs.get_by_role("link", name="Edit")).to_have_count(0)
    expect(theirs.get_by_role("link", name="Delete")).to_have_count(0)
    site.screenshot("1-own-controls")

    with site.page.expect_navigation():
        mine.get_by_role("link", name="Edit").click()
    site.comment_box.fill("Second draft")
    site.submit("Save changes")
    site.open("/")
    expect(site.comments.last.locator(".comment-content")).to_have_text("Second draft")

    with site.page.expect_navigation():
        site.comments.last.get_by_role("link", name="Delete").click()
    site.submit("Delete comment")
    expect(site.flash).to_have_text("Comment deleted.")
    expect(site.comments).to_have_count(1)
    expect(site.comments.first.locator(".comment-content")).to_have_text(
        "The admin's words"
    )
    assert live_server.count(Comment) == 1
    site.screenshot("2-deleted-from-the-list")
