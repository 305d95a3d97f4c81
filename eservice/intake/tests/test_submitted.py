"""The confirmation page says what happened to the acknowledgement e-mail, never more."""

import pytest

from eservice.intake.tests.test_apply import CONTACT, start
from eservice.outreach.models import OutgoingMail


def apply(client, complaint) -> str:
    key = start(client, complaint)
    response = client.post(
        f"/en/services/{complaint.service_id}/apply/",
        {"key": key, **CONTACT, "subject": "x", "declaration": "on", "action": "submit"},
    )
    assert response.status_code == 302
    return response["Location"]


def refresh(client, url):
    """What the page's script fetches every few seconds while the e-mail is queued."""
    return client.get(url, headers={"HX-Request": "true"}).text


@pytest.mark.django_db(transaction=True)
def test_the_page_says_sending_until_the_mail_has_gone_then_when_it_went(
    client, complaint, smtp_server, tasks
):
    url = apply(client, complaint)
    page = client.get(url).text
    assert "We are sending you an e-mail at somying@example.com" in page
    assert "We sent you" not in page
    assert 'aria-live="polite"' in page and "hx-get" in page

    tasks()
    assert smtp_server.mailbox.wait_for(1)[0]["To"] == "somying@example.com"
    fragment = refresh(client, url)
    assert "We sent you an e-mail at somying@example.com on" in fragment
    assert "hx-get" not in fragment  # sent: the page stops asking
    assert "We sent you an e-mail" in client.get(url).text


@pytest.mark.django_db(transaction=True)
def test_the_page_says_still_trying_when_the_mail_server_is_down(
    client, complaint, smtp_server, tasks
):
    url = apply(client, complaint)
    smtp_server.stop()
    tasks()
    mail = OutgoingMail.objects.get()
    assert mail.status == OutgoingMail.Status.QUEUED and mail.attempts == 1
    fragment = refresh(client, url)
    assert "We have not yet been able to send the e-mail" in fragment
    assert "hx-get" not in fragment


@pytest.mark.django_db
def test_the_page_says_so_when_the_mail_could_not_be_sent(client, complaint):
    url = apply(client, complaint)
    OutgoingMail.objects.update(status=OutgoingMail.Status.FAILED, attempts=8)
    page = client.get(url).text
    assert "We could not send an e-mail to somying@example.com" in page
    assert "Download the receipt" in page


@pytest.mark.django_db
def test_thai_first(client, complaint):
    url = apply(client, complaint).removeprefix("/en")
    assert "กำลังส่งอีเมล" in client.get(url).text
