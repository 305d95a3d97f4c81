import pytest
from django.urls import reverse

from eservice.cases.models import Message

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_message_reaches_the_applicant_by_email_and_on_their_page(
    officer_client, application, smtp_server, tasks, client
):
    officer_client.post(
        reverse("cases:message", args=[application.reference]),
        {"body": "ขอเลื่อนนัดตรวจสถานที่เป็นวันพฤหัสบดี"},
    )
    assert Message.objects.get().direction == "out"
    tasks()
    (mail,) = smtp_server.mailbox.wait_for(1)
    assert "ขอเลื่อนนัดตรวจสถานที่เป็นวันพฤหัสบดี" in mail.get_body(("plain",)).get_content()
    assert mail["Reply-To"] == application.reply_address()
    page = client.get(reverse("cases:respond", args=[application.tracking_token()]))
    assert "ขอเลื่อนนัดตรวจสถานที่เป็นวันพฤหัสบดี" in page.content.decode()


def test_an_empty_message_is_not_sent(officer_client, application):
    response = officer_client.post(
        reverse("cases:message", args=[application.reference]), {"body": ""}, follow=True
    )
    assert not Message.objects.exists()
    assert list(response.context["messages"])
