"""The home page in a real browser: Thai first, English on request, usable at 320 px."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_in_thai_then_english(live_server, page):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.locator("h1").inner_text() == "บริการภาครัฐ ทางออนไลน์"
    # Sarabun is the typeface Thai readers expect; it must actually load.
    assert page.evaluate("document.fonts.check('16px Sarabun')")

    page.get_by_role("link", name="English").click()

    expect(page).to_have_url(live_server.url + "/en/")
    expect(page.locator("h1")).to_have_text("Government services, online")
    page.get_by_role("link", name="ภาษาไทย").click()
    expect(page.locator("h1")).to_have_text("บริการภาครัฐ ทางออนไลน์")


def test_keyboard_users_can_skip_to_the_content(live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "ข้ามไปยังเนื้อหาหลัก"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_nothing_scrolls_sideways_on_a_320_px_screen(live_server, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    small = context.new_page()
    small.goto(live_server.url + "/")
    overflow = small.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    assert overflow <= 0
