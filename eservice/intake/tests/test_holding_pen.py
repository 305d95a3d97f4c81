import pytest

from eservice.intake.mailin import receive_email
from eservice.intake.models import InboundEmail, Request
from eservice.intake.tests.test_mailin import mail
from eservice.outreach.models import OutgoingMail


@pytest.fixture
def held_bounce(agency):
    return receive_email(mail(f"{agency.code}@eservice.localhost", Precedence="bulk").as_bytes())


@pytest.mark.django_db
def test_officers_see_their_agencys_held_mail_only(client, officer, other_agency, held_bounce):
    other = receive_email(
        mail(
            f"{other_agency.code}@eservice.localhost",
            Precedence="bulk",
            message_id="<x@example.com>",
        ).as_bytes()
    )
    client.force_login(officer)
    page = client.get("/en/staff/intake/held/")
    assert f"/staff/intake/held/{held_bounce.pk}/" in page.text
    assert f"/staff/intake/held/{other.pk}/" not in page.text
    assert client.get(f"/en/staff/intake/held/{other.pk}/").status_code == 404


@pytest.mark.django_db
def test_strangers_are_sent_to_sign_in(client, held_bounce):
    assert client.get("/en/staff/intake/held/").status_code == 302


@pytest.mark.django_db
def test_an_officer_makes_held_mail_a_request(client, officer, held_bounce):
    client.force_login(officer)
    response = client.post(
        f"/en/staff/intake/held/{held_bounce.pk}/", {"action": "accept"}, follow=True
    )
    request = Request.objects.get()
    assert request.reference in response.text
    held_bounce.refresh_from_db()
    assert held_bounce.outcome == InboundEmail.Outcome.REQUEST
    assert OutgoingMail.objects.get().to == "somchai@example.com"


@pytest.mark.django_db
def test_dismissing_needs_a_reason_and_keeps_the_message(client, officer, held_bounce):
    client.force_login(officer)
    client.post(f"/en/staff/intake/held/{held_bounce.pk}/", {"action": "dismiss", "reason": ""})
    held_bounce.refresh_from_db()
    assert held_bounce.outcome == InboundEmail.Outcome.HELD
    client.post(f"/en/staff/intake/held/{held_bounce.pk}/", {"action": "dismiss", "reason": "spam"})
    held_bounce.refresh_from_db()
    assert held_bounce.outcome == InboundEmail.Outcome.DISMISSED
    assert held_bounce.raw.read()


@pytest.mark.django_db
def test_officers_read_why_mail_is_held_in_thai(client, officer, held_bounce):
    client.force_login(officer)
    page = client.get("/staff/intake/held/")
    assert "ข้อความอัตโนมัติ ไม่ตอบกลับ: รายชื่อผู้รับอีเมลหรืออีเมลจำนวนมาก" in page.text
    detail = client.get(f"/staff/intake/held/{held_bounce.pk}/")
    assert "ข้อความอัตโนมัติ ไม่ตอบกลับ: รายชื่อผู้รับอีเมลหรืออีเมลจำนวนมาก" in detail.text
