"""An officer registers the central e-mail and verifies it through a real SMTP server."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from eservice.registry.models import Channel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_registers_and_verifies_an_address(
    page: Any, live_server: Any, smtp_server: Any, tasks: Any, officer: Any, agency: Any
) -> None:
    page.goto(f"{live_server.url}/accounts/login/?next=/agencies/{agency.code}/channels/")
    page.fill("input[name=username]", "officer")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()

    page.select_option("#id_kind", "central_email")
    page.fill("#id_address", "saraban@bangbuathong.go.th")
    page.fill("#id_announced_on", "2023-04-07")
    page.fill("#id_announcement_ref", "ประกาศเทศบาลเมืองบางบัวทอง ที่ 5/2566")
    page.get_by_role("button", name="ลงทะเบียนช่องทาง").click()
    page.get_by_text("saraban@bangbuathong.go.th").first.wait_for()
    expect(page.locator("body")).to_contain_text("รอการยืนยัน")

    tasks()
    (message,) = smtp_server.mailbox.wait_for(1)
    assert message["To"] == "saraban@bangbuathong.go.th"
    body = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://\S+/registry/verify/\S+/", body)
    assert link is not None
    path = link[0].split("/", 3)[3]

    page.goto(f"{live_server.url}/{path}")
    page.get_by_role("button", name="ยืนยัน").click()
    page.get_by_role("heading", name="ยืนยันที่อยู่แล้ว").wait_for()

    channel = Channel.objects.get(agency=agency)
    assert channel.status == Channel.Status.VERIFIED
    page.goto(f"{live_server.url}/agencies/{agency.code}/")
    expect(page.locator("body")).to_contain_text("saraban@bangbuathong.go.th")
    expect(page.locator("body")).to_contain_text("ยืนยันแล้ว")
