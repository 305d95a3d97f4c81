import pytest

from eservice.outreach.mail import queue_mail
from eservice.outreach.models import OutgoingMail

pytestmark = pytest.mark.django_db


def test_oversight_staff_read_the_outbox(client, oversight_user):
    queue_mail("saraban@example.go.th", "ตอบรับคำขอ", "เนื้อความ")
    client.force_login(oversight_user)

    page = client.get("/staff/outbox/")

    assert page.status_code == 200
    assert "ตอบรับคำขอ" in page.text
    assert "รอส่ง" in page.text  # status shown in Thai


def test_officers_cannot_read_the_outbox(client, officer):
    client.force_login(officer)
    assert client.get("/staff/outbox/").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/staff/outbox/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_bad_test_address_is_refused_with_a_message(client, oversight_user):
    client.force_login(oversight_user)
    response = client.post("/staff/outbox/test/", {"to": "not-an-address"})
    assert response.status_code == 400
    assert "name@example.go.th" in response.text
    assert OutgoingMail.objects.count() == 0
