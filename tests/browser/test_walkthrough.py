"""What a person sees, at 1280 and 375 px, scripts on and off: the account
page's sections and tokens, destructive buttons that look it, landing on a
new comment, the edit page, a removed comment's placeholder, an admin's
reset link. Every page
axe-clean and without sideways scrolling."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from scratchpad.models import ApiToken
from tests.support.live import LiveServer, free_port

from .pages import ADMIN, ADMIN_PASSWORD

WIDTHS = {
    "wide": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 375, "height": 740}, "is_mobile": True},
}
DANGER = "rgb(163, 38, 28)"  # --danger in site.css


@pytest.fixture(params=list(WIDTHS))
def width(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def admin(new_site, javascript, width):
    site = new_site(javascript=javascript, **WIDTHS[width])
    site.open("/")
    site.login(ADMIN, ADMIN_PASSWORD)
    return site


def looks_right(site, step: str) -> None:
    """No sideways scroll, axe-clean, and a screenshot to look at."""
    assert not site.has_horizontal_scroll(), step
    site.assert_accessible()
    site.screenshot(step)


def box(locator):
    found = locator.bounding_box()
    assert found is not None
    return found


def style(locator, name: str) -> str:
    return locator.evaluate(f"e => getComputedStyle(e)[{name!r}]")


def beside(control, label) -> None:
    """A radio button or check box on its label's line, to its left."""
    mark, text = box(control), box(label)
    assert mark["x"] + mark["width"] <= text["x"]
    assert abs((mark["y"] + mark["height"] / 2) - (text["y"] + text["height"] / 2)) < 12


def test_the_account_page_and_a_new_token(admin, live_server):
    site = admin
    with site.page.expect_navigation():
        site.nav.get_by_role("link", name="Account").click()
    headings = site.main.locator("h2")
    expect(headings).to_contain_text(["Change your password", "API tokens"])
    for name in ("Read-only", "Read-write"):
        radio = site.main.get_by_label(name)
        beside(radio, site.main.locator(f"label[for={radio.get_attribute('id')}]"))
    box_ = site.main.locator("#password_revoke_tokens")
    beside(box_, site.main.locator("label[for=password_revoke_tokens]"))
    looks_right(site, "1-account")

    site.main.get_by_label("Read-write").check()
    site.submit("Create a token")
    expect(site.page).to_have_url(live_server.url + "/account/")  # a 303
    token = site.main.locator("#new-token-value")
    expect(token).to_have_text(re.compile(r"^sp_[A-Za-z0-9_-]{43}$"))
    right = box(token)["x"] + box(token)["width"]
    assert right <= site.page.viewport_size["width"]
    wrap = site.main.locator(".table-wrap")  # the whole table shows: no scroll
    assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth")
    table = site.main.locator("#tokens")
    assert style(table, "borderCollapse") == "collapse"
    assert style(table.locator("th").first, "borderBottomStyle") == "solid"
    looks_right(site, "2-token")

    site.page.reload()  # a GET: no second token, and the first is not shown
    expect(site.main.locator("#new-token-value")).to_have_count(0)
    expect(site.main.locator("#tokens tbody tr")).to_have_count(1)
    assert live_server.count(ApiToken) == 1
    for name in ("Revoke", "Log out everywhere", "Delete my account"):
        button = site.main.get_by_role("button", name=re.compile(f"^{name}"))
        assert style(button, "backgroundColor") == DANGER, name
    assert (
        style(site.main.get_by_role("button", name="Create a token"), "backgroundColor")
        != DANGER
    )


def test_a_post_lands_on_it_and_its_page_marks_the_dangerous_buttons(admin):
    site = admin
    for n in range(4):  # enough to push the newest below the fold on a phone
        site.post_comment(f"Comment number {n}\n" + "Some words. " * 30)
    expect(site.page).to_have_url(re.compile(r"/#comment-\d+$"))
    newest = site.page.url.rsplit("#", 1)[1]
    expect(site.page.locator(f"#{newest}")).to_be_in_viewport()
    expect(site.page.locator(f"#{newest}")).to_contain_text("Comment number 3")

    site.open_comment(3)
    expect(site.page).to_have_title(
        "Scratchpad: admin: “Comment number 3 Some words. Some…”"
    )
    actions = site.main.locator(".comment-actions a")
    expect(actions).to_have_text(["Edit", "Delete", "Remove as moderator"])
    edit = actions.nth(0)
    for link in actions.all():
        assert style(link, "textDecorationLine") == "none"
    for link in actions.all()[1:]:
        assert style(link, "backgroundColor") == DANGER
    assert style(edit, "backgroundColor") != DANGER
    # One line each: "Remove as moderator" is as tall as "Edit".
    assert box(actions.nth(2))["height"] == box(edit)["height"]
    looks_right(site, "comment-page")


def test_the_edit_page_and_a_removed_comment(admin, javascript):
    site = admin
    site.post_comment("Kept")
    site.post_comment("To be removed")
    site.open_comment(1)
    site.main.get_by_role("link", name="Edit").click()
    site.page.wait_for_url(re.compile(r"/edit/$"))
    expect(site.main.locator("#contents-hint")).to_have_text(
        "Plain text, at most 4,096 characters."
    )
    count = site.main.locator("#contents-count")
    if javascript:
        expect(count).to_have_text("4,083 characters left")
        site.comment_box.press_sequentially("!")
        expect(count).to_have_text("4,082 characters left")
    else:
        expect(count).to_be_hidden()
    save = box(site.main.get_by_role("button", name="Save changes"))
    cancel = box(site.main.get_by_role("link", name="Cancel"))
    apart = cancel["x"] - (save["x"] + save["width"])
    below = cancel["y"] - (save["y"] + save["height"])
    assert apart >= 12 or below >= 8  # the two do not touch
    looks_right(site, "edit")

    site.open("/")
    site.open_comment(1)
    site.main.get_by_role("link", name="Remove as moderator").click()
    site.submit("Remove comment")
    site.open("/")
    kept, removed = site.comments.nth(0), site.comments.nth(1)
    expect(removed).to_contain_text("This comment was removed by a moderator.")

    def text_top(article) -> float:
        return box(article.locator(".comment-content"))["y"] - box(article)["y"]

    assert text_top(removed) == text_top(kept)
    looks_right(site, "removed")


def test_an_admin_makes_a_reset_link(new_site, database_template, javascript, width):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = LiveServer.on_copy_of(
        database_template, port=port, **{"scratchpad.base_url": base}
    )
    try:
        server.add_user("carol", "carol-password-1")
        site = new_site(javascript=javascript, server=server, **WIDTHS[width])
        site.open("/")
        site.login(ADMIN, ADMIN_PASSWORD)
        site.open("/admin/users/")
        with site.page.expect_navigation():
            site.main.get_by_role("link", name="carol").click()
        site.submit("Make a reset link")
        expect(site.flash).to_contain_text("A password-reset link for carol was made")
        link = site.main.locator("#reset-link-value")
        expect(link).to_have_text(re.compile(re.escape(base) + r"/reset/\S+/$"))
        assert box(link)["x"] + box(link)["width"] <= site.page.viewport_size["width"]
        looks_right(site, "reset-link")
        url = link.text_content()
        site.page.reload()
        expect(site.main.locator("#reset-link-value")).to_have_count(0)
        site.logout()
        site.page.goto(url)  # the link works, once
        expect(site.page).to_have_title(re.compile("new password"))
    finally:
        server.stop()
