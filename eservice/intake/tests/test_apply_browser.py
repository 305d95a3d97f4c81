"""The whole promise, end to end: apply online with an attachment, see the reference, get the
acknowledgement at a real SMTP server, and open the receipt PDF from its link."""

import re
import subprocess
import urllib.request

import pytest
from playwright.sync_api import expect

from eservice.intake.conftest import pdf_bytes
from eservice.intake.models import Attachment, Request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_applicant_applies_online_and_gets_the_receipt(
    page, live_server, shop_licence, smtp_server, tasks, settings, tmp_path
):
    settings.SITE_URL = live_server.url
    plan = tmp_path / "แผนผังร้าน.pdf"
    plan.write_bytes(pdf_bytes())

    page.goto(f"{live_server.url}/en/services/{shop_licence.service_id}/apply/")
    page.get_by_label("Your full name").fill("สมหญิง รักดี")
    page.get_by_label("Your e-mail address").fill("somying@example.com")
    page.get_by_label("Shop name").fill("ครัวป้าแดง")
    page.get_by_label("Seats").fill("abc")
    page.get_by_role("button", name="Continue", exact=True).click()
    # A mistake is explained at the top and next to the field; what was typed stays.
    expect(page.locator(".usa-alert--error")).to_be_visible()
    assert page.get_by_label("Shop name").input_value() == "ครัวป้าแดง"
    page.get_by_label("Seats").fill("12")
    page.get_by_role("button", name="Continue", exact=True).click()

    page.get_by_label("Floor plan").set_input_files(str(plan))
    page.get_by_role("button", name="Continue", exact=True).click()

    page.get_by_role("heading", name="Check your answers").wait_for()
    expect(page.locator("body")).to_contain_text("ครัวป้าแดง")
    # USWDS draws its own box: people (and the test) tick the label.
    page.locator("label[for=id_declaration]").click()
    assert page.locator("#id_declaration").is_checked()
    page.get_by_role("button", name="Submit the request").click()

    reference = page.locator("[data-reference]").inner_text().strip()
    application = Request.objects.get()
    assert reference == application.reference
    assert Attachment.objects.get(request=application).name == "แผนผังร้าน.pdf"

    # The page says the e-mail is on its way, and says it went once it has, without a reload.
    expect(page.locator("#acknowledgement")).to_contain_text("We are sending you an e-mail")
    tasks()
    [ack] = smtp_server.mailbox.wait_for(1)
    assert ack["To"] == "somying@example.com"
    expect(page.locator("#acknowledgement")).to_contain_text(
        "We sent you an e-mail", timeout=15_000
    )
    body = ack.get_body(("plain",)).get_content()
    assert reference in body
    receipt_link = re.search(r"http://\S+/receipt\.pdf", body)
    assert receipt_link is not None
    pdf = tmp_path / "receipt.pdf"
    with urllib.request.urlopen(receipt_link.group(0)) as response:  # noqa: S310 - loopback
        assert response.headers["Content-Type"] == "application/pdf"
        pdf.write_bytes(response.read())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert reference in text
    assert "แผนผังร้าน.pdf" in text


def test_the_form_works_at_320_pixels_without_javascript(browser, live_server, complaint):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{live_server.url}/services/{complaint.service_id}/apply/")
    page.locator("#id_applicant_name").fill("สมชาย")
    page.locator("#id_applicant_email").fill("somchai@example.com")
    page.locator("#id_subject").fill("เสียงดัง")
    page.locator("label[for=id_declaration]").click()
    page.locator("button[value=submit]").click()
    assert page.locator("[data-reference]").inner_text().strip() == Request.objects.get().reference
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320
    context.close()
