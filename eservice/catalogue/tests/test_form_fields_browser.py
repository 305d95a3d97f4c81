"""The e-form include in a real browser: the address lists fill in as the applicant chooses,
and a conditional question appears only when its condition is met."""

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from eservice.catalogue.conftest import EVERY_TYPE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_address_lists_fill_in_and_conditions_apply_in_the_preview(
    page, live_server, officer, ready_service
):
    ready_service.form_draft = EVERY_TYPE
    ready_service.save()
    page.goto(f"{live_server.url}/accounts/login/?next=/staff/services/{ready_service.pk}/form/")
    page.get_by_label("ชื่อผู้ใช้").fill("officer")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()

    # Without JavaScript these buttons send the form back to fill the next list; with it,
    # the lists fill in place and the buttons go away (once the script has run).
    expect(page.locator(".thai-address__refresh").first).to_be_hidden()
    page.locator("#id_home_province").select_option(label="นนทบุรี")
    page.locator("#id_home_district option", has_text="บางบัวทอง").first.wait_for(state="attached")
    page.locator("#id_home_district").select_option(label="บางบัวทอง")
    page.locator("#id_home_subdistrict option", has_text="บางบัวทอง").first.wait_for(
        state="attached"
    )
    page.locator("#id_home_subdistrict").select_option(label="บางบัวทอง")
    page.wait_for_function("document.querySelector('#id_home_postal_code').value === '11110'")

    other = page.locator("#id_other_type-group")
    expect(other).to_be_hidden()
    page.locator("label[for=id_shop_type_2]").click()
    expect(other).to_be_visible()
    page.locator("label[for=id_shop_type_0]").click()
    expect(other).to_be_hidden()
