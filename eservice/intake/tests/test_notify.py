import pytest

from eservice.intake.notify import notify
from eservice.intake.services import Submission, submit
from eservice.outreach.models import OutgoingMail


def request_for(agency, version, email):
    return submit(
        Submission(
            agency=agency,
            service_version=version,
            channel="web",
            applicant_name="สมชาย",
            applicant_email=email,
            answers={},
            idempotency_key=f"n:{email}",
            attachments=[],
        )
    )[0]


@pytest.mark.django_db(transaction=True)
def test_the_applicant_is_told_by_e_mail_with_the_private_link(
    agency, complaint, smtp_server, tasks
):
    request = request_for(agency, complaint, "somchai@example.com")
    assert notify(request, "ความคืบหน้า", "เจ้าหน้าที่กำลังตรวจสอบคำขอของท่าน") == ["email"]
    tasks()
    progress = [m for m in smtp_server.mailbox.wait_for(2) if m["Subject"] == "ความคืบหน้า"]
    assert len(progress) == 1
    body = progress[0].get_body(("plain",)).get_content()
    assert request.tracking_url() in body and request.reference in body
    assert progress[0]["Reply-To"] == request.reply_address()


@pytest.mark.django_db
def test_nobody_reachable_electronically_is_said_so(agency, complaint):
    request = request_for(agency, complaint, "")
    assert notify(request, "x", "y") == []
    assert not OutgoingMail.objects.exists()
