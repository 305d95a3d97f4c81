import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import PASSWORD
from eservice.oversight.conftest import make_agency, make_compliant
from eservice.oversight.measure import build_daily_figures, refresh_statuses

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, username):
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_the_dashboard_works_at_320_px_without_javascript(browser, live_server, oversight_user):
    make_compliant(make_agency("6100001", "อบต.หนึ่ง", province="12"))
    make_agency("6100002", "อบต.สอง", province="50")
    refresh_statuses()
    build_daily_figures()

    context = browser.new_context(
        locale="th-TH", viewport={"width": 320, "height": 640}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        sign_in(page, live_server, "oversight")
        page.goto(live_server.url + reverse("oversight:overview"))
        expect(page.get_by_role("heading", name="แดชบอร์ดระดับประเทศ")).to_be_visible()
        expect(page.locator("body")).to_contain_text("50.0%")
        # filtering is a plain form: it works without script
        page.select_option("#id_province", "50")
        page.get_by_role("button", name="แสดง").click()
        page.wait_for_url("**province=50**")
        page.wait_for_load_state()  # the URL changes before the new page is parsed
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"the page scrolls sideways: {width}px"
    finally:
        context.close()


def test_an_officer_declares_a_method_on_a_phone(browser, live_server, officer):
    context = browser.new_context(locale="th-TH", viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        sign_in(page, live_server, "officer")
        page.goto(live_server.url + reverse("oversight:my_readiness"))
        expect(page.get_by_role("heading", name="ความพร้อมด้านวิธีการทางอิเล็กทรอนิกส์")).to_be_visible()
        page.select_option("#id_step", "pay")
        page.select_option("#id_level", "2")
        page.get_by_role("button", name="ส่งการแจ้ง").click()
        # no evidence: the error summary says what to fix, nothing is saved
        expect(page.locator("#form-errors")).to_be_visible()
        assert "ต้องมีหลักฐาน" in page.locator("#form-errors").inner_text()
        page.fill("#id_evidence_url", "https://www.bangbuathong.go.th/promptpay")
        page.get_by_role("button", name="ส่งการแจ้ง").click()
        expect(page.locator("body")).to_contain_text("ส่งการแจ้งแล้ว")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"the page scrolls sideways: {width}px"
    finally:
        context.close()
