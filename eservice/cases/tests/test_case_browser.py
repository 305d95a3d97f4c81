"""The officer's promise, end to end in a real browser: a request arrives, the officer
checks it and asks for documents once, the applicant answers online from the link in the
e-mail while the clock stands still, the officer approves and completes it, and every
notice reaches the applicant's mailbox. Then someone edits the audit log by SQL, and
verify_audit says so."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from playwright.sync_api import expect

from conftest import PASSWORD
from eservice.cases.conftest import PDF, REQUIRED
from eservice.cases.models import Case
from eservice.intake.models import Request
from eservice.intake.services import Submission, submit
from eservice.lib.models import AuditEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
S = Request.Status


def bodies(smtp_server, count: int) -> list[str]:
    return [m.get_body(("plain",)).get_content() for m in smtp_server.mailbox.wait_for(count)]


def test_a_request_goes_from_submission_through_a_deficiency_to_completion(
    page, browser, live_server, officer, agency, service, smtp_server, tasks, settings, tmp_path
):
    settings.SITE_URL = live_server.url
    application, _ = submit(
        Submission(
            agency=agency,
            service_version=service.versions.get(),
            channel=Request.Channel.WEB,
            applicant_name="สมชาย ใจดี",
            applicant_email="somchai@example.com",
            answers={"shop_name": "ร้านข้าวมันไก่"},
            idempotency_key="browser-1",
            attachments=[],
        )
    )
    base = f"{live_server.url}/en"

    # The officer signs in and finds the new request at the top of the inbox.
    page.goto(f"{base}/accounts/login/?next=/en/cases/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name=application.reference).click()
    expect(page.locator("body")).to_contain_text("ร้านข้าวมันไก่")

    # USWDS draws its own radios and checkboxes: people click the label.
    page.locator("label[for=to-checking]").click()
    page.get_by_role("button", name="Save the new state").click()
    page.get_by_role("link", name=re.compile("Ask for missing documents")).click()
    page.locator("label", has_text=REQUIRED[1]).click()
    page.get_by_label("Notes to the applicant").fill("แผนผังต้องแสดงตำแหน่งอ่างล้างมือ")
    page.get_by_role("button", name="Send the request to the applicant").click()
    page.locator("#due").get_by_text("Paused").wait_for()
    case = Case.objects.get(pk=application.pk)
    assert case.is_paused and case.status == S.DEFICIENCIES_REQUESTED
    used_before = case.working_days_used()

    # The applicant gets the list with a link, and answers online with the document.
    tasks()
    acknowledgement, deficiency_notice = bodies(smtp_server, 2)
    assert application.reference in acknowledgement
    assert REQUIRED[1] in deficiency_notice
    assert "แผนผังต้องแสดงตำแหน่งอ่างล้างมือ" in deficiency_notice
    link = re.search(r"http://\S+/respond/\S+/", deficiency_notice)
    assert link is not None
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(PDF)
    applicant = browser.new_page()
    assert "/en/" not in link.group(0)  # links in mail are in Thai, the default
    applicant.goto(link.group(0).replace("/respond/", "/en/respond/"))
    applicant.get_by_label("Your answer").fill("แนบแผนผังใหม่แล้วครับ")
    applicant.locator("input[type=file]").set_input_files(str(plan))
    applicant.get_by_role("button", name="Send my answer").click()
    applicant.get_by_text("Your answer has reached the agency").wait_for()
    applicant.close()

    # The clock runs again, and did not count the wait.
    case.refresh_from_db()
    assert not case.is_paused and case.status == S.CHECKING
    assert case.working_days_used() == used_before

    page.reload()
    expect(page.locator("body")).to_contain_text("แนบแผนผังใหม่แล้วครับ")
    expect(page.locator("body")).to_contain_text("plan.pdf")
    for state in ("considering", "approved", "completed"):
        page.locator(f"label[for=to-{state}]").click()
        page.get_by_role("button", name="Save the new state").click()
        page.get_by_text("Saved.").wait_for()
    application.refresh_from_db()
    assert application.status == S.COMPLETED

    tasks()
    notices = bodies(smtp_server, 4)
    assert len(notices) == 4
    assert "Approved" in notices[2] and "Completed" in notices[3]
    assert all(application.tracking_url() in body for body in notices[1:])
    case.refresh_from_db()
    assert case.result_notified_at is not None and case.notice_lateness_days() == 0

    # The record nobody can rewrite.
    call_command("verify_audit")
    entry = AuditEntry.objects.filter(action="request.move").order_by("id")[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE lib_auditentry SET actor = %s WHERE id = %s", ["someone-else", entry.pk]
        )
    with pytest.raises(CommandError, match=f"entry {entry.pk}"):
        call_command("verify_audit")
