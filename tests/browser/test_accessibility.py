"""Every page passes axe at WCAG 2.1 A and AA, logged out and logged in, and
the things axe cannot judge are checked by hand: landmarks, the skip link,
visible focus, titles, errors tied to their fields.

A new page adds its path to the lists below (and a helper to pages.py if it
has a form); the checks then cover it in both states, scripts on and off.
"""

from __future__ import annotations

from playwright.sync_api import expect

from .pages import ADMIN, ADMIN_PASSWORD

# Pages anyone can open, and the title that says where the reader is.
PUBLIC_PAGES = {
    "/": "Scratchpad: comments",
    "/login/": "Scratchpad: log in",
    "/logout/": "Scratchpad: log out",
    "/no-such-page/": "Scratchpad: not found",
    "/comments/1/": "Scratchpad: admin: “A comment, so the list is not empty.”",
    "/account/": "Scratchpad: log in",  # members only: the login form
    "/admin/": "Scratchpad: log in",  # admins only
}
# Pages that look different once logged in (as the admin, who wrote
# comment 1 and may also moderate it).
MEMBER_PAGES = {
    "/": "Scratchpad: comments",
    "/logout/": "Scratchpad: log out",
    "/no-such-page/": "Scratchpad: not found",
    "/comments/1/": "Scratchpad: admin: “A comment, so the list is not empty.”",
    "/comments/1/edit/": "Scratchpad: edit comment 1",
    "/comments/1/delete/": "Scratchpad: delete your comment",
    "/comments/1/remove/": "Scratchpad: remove a comment",
    "/account/": "Scratchpad: your account",
    "/account/password/": "Scratchpad: method not allowed",  # POST only
    "/admin/": "Scratchpad: admin",
    "/admin/users/": "Scratchpad: users",
    "/admin/users/1/": "Scratchpad: user admin",
    "/admin/reports/": "Scratchpad: reported comments",
    "/admin/held/": "Scratchpad: held comments",
    "/admin/removed/": "Scratchpad: removed comments",
    "/admin/audit/": "Scratchpad: audit log",
}


def check_page(site, title: str) -> None:
    expect(site.page).to_have_title(title)
    expect(site.page.locator("main")).to_have_count(1)
    expect(site.page.locator("h1")).to_have_count(1)
    expect(site.nav).to_have_count(1)
    site.assert_accessible()


def test_every_page_is_accessible_logged_out(site, live_server):
    live_server.add_comment("A comment, so the list is not empty.")
    for path, title in PUBLIC_PAGES.items():
        site.open(path)
        check_page(site, title)
    site.login(ADMIN, "wrong")  # the login form showing its error
    check_page(site, "Scratchpad: log in")


def test_every_page_is_accessible_logged_in(site):
    site.open("/")
    site.login(ADMIN, ADMIN_PASSWORD)
    site.post_comment("A comment, so the list is not empty.")
    for path, title in MEMBER_PAGES.items():
        site.open(path)
        check_page(site, title)
    site.open("/")
    site.post_comment("x" * 4_097)  # the comment form showing its error
    check_page(site, "Scratchpad: comments")
    site.screenshot("comment-error")
    site.logout()  # the front page with its "Logged out." message
    check_page(site, "Scratchpad: comments")


def test_each_comment_is_an_article_with_its_time(site):
    site.open("/")
    site.login(ADMIN, ADMIN_PASSWORD)
    site.post_comment("First")
    site.post_comment("Second")
    expect(site.main.locator("article")).to_have_count(2)
    for article in site.main.locator("article").all():
        expect(article.locator("time[datetime]")).to_have_count(1)


def test_the_skip_link_is_the_first_stop_and_jumps_to_the_content(site):
    site.open("/login/")
    site.page.keyboard.press("Tab")
    skip = site.page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    site.screenshot("skip-link")
    site.page.keyboard.press("Enter")
    expect(site.main).to_be_focused()
    site.page.keyboard.press("Tab")  # past the nav: the first field is next
    expect(site.page.get_by_label("Username")).to_be_focused()


def test_keyboard_focus_is_visible_on_links_fields_and_buttons(site):
    site.open("/login/")
    stops = 0
    for _ in range(8):  # bounded: skip link, nav links, fields, button
        site.page.keyboard.press("Tab")
        style = site.page.evaluate(
            """() => { const s = getComputedStyle(document.activeElement);
                       return [document.activeElement.tagName, s.outlineStyle,
                               parseFloat(s.outlineWidth), s.boxShadow]; }"""
        )
        tag, outline, width, shadow = style
        if tag == "BODY":
            break
        assert (outline != "none" and width >= 2) or shadow != "none", style
        stops += 1
    assert stops >= 5


def test_a_failed_login_marks_the_fields_and_focuses_the_first(site):
    site.open("/")
    site.login(ADMIN, "wrong")
    username = site.page.get_by_label("Username")
    password = site.page.get_by_label("Password")
    for field in (username, password):
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_attribute("aria-describedby", "login-error")
    expect(username).to_be_focused()
    expect(site.page.locator("#login-error")).to_be_visible()


def test_messages_after_actions_are_in_a_live_region(site):
    site.open("/")
    site.login(ADMIN, ADMIN_PASSWORD)
    site.post_comment("Hello")
    expect(site.flash).to_have_attribute("aria-live", "polite")
    expect(site.flash).to_have_text("Comment posted.")


def test_the_site_has_a_favicon(site):
    site.open("/")
    href = site.page.locator("link[rel=icon]").get_attribute("href")
    response = site.page.request.get(site.base_url + href)
    assert response.ok
    assert response.headers["content-type"].startswith("image/svg+xml")


def test_axe_runs_under_the_sites_content_security_policy(site):
    """The checks above would prove nothing if axe could not run: its script
    is injected by the test driver, and the page's CSP must not block it."""
    response = site.open("/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    site.assert_accessible()
    if site.javascript:  # axe ran in this very tab, under the CSP
        assert site.page.evaluate("typeof axe.run") == "function"
