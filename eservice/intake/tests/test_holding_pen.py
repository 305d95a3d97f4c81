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


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["viewer", "oversight"])
def test_viewers_and_oversight_staff_read_held_mail_but_cannot_act_on_it(
    client, agency, held_bounce, role
):
    from eservice.identity.models import User

    person = User.objects.create_user(role, agency=agency if role == "viewer" else None, role=role)
    client.force_login(person)
    url = f"/en/staff/intake/held/{held_bounce.pk}/"
    page = client.get(url)
    assert page.status_code == 200 and 'value="dismiss"' not in page.text

    assert client.post(url, {"action": "dismiss", "reason": "spam"}).status_code == 403
    assert client.post(url, {"action": "accept"}).status_code == 403
    held_bounce.refresh_from_db()
    assert held_bounce.outcome == InboundEmail.Outcome.HELD
    assert not Request.objects.exists()


@pytest.mark.django_db
def test_mail_that_reached_no_agency_is_dismissed_by_oversight_staff(client, oversight_user):
    stray = receive_email(mail("nobody@eservice.localhost").as_bytes())
    assert stray.outcome == InboundEmail.Outcome.HELD and stray.agency_id is None
    client.force_login(oversight_user)

    client.post(f"/en/staff/intake/held/{stray.pk}/", {"action": "dismiss", "reason": "spam"})

    stray.refresh_from_db()
    assert stray.outcome == InboundEmail.Outcome.DISMISSED
