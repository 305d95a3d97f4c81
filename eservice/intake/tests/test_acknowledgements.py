import pytest

from eservice.intake.services import Submission, submit
from eservice.outreach.models import OutgoingMail


def make(agency, version, key):
    return submit(
        Submission(
            agency=agency,
            service_version=version,
            channel="web",
            applicant_name="สมชาย",
            applicant_email=f"{key}@example.com",
            answers={},
            idempotency_key=key,
            attachments=[],
        )
    )[0]


@pytest.mark.django_db
def test_officers_see_acknowledgements_that_did_not_go_out(client, officer, agency, complaint):
    failed = make(agency, complaint, "failed")
    sent = make(agency, complaint, "sent")
    OutgoingMail.objects.filter(pk=failed.acknowledgement_id).update(
        status="failed", attempts=8, last_error="SMTPRecipientsRefused: 550 no such user"
    )
    OutgoingMail.objects.filter(pk=sent.acknowledgement_id).update(status="sent")
    client.force_login(officer)
    page = client.get("/en/staff/intake/acknowledgements/").text
    assert failed.reference in page and "550 no such user" in page
    assert sent.reference not in page
    assert sent.reference in client.get("/en/staff/intake/acknowledgements/?show=all").text


@pytest.mark.django_db
def test_officers_do_not_see_other_agencies_requests(client, officer, other_agency, complaint):
    from eservice.intake.conftest import make_service

    theirs = make(other_agency, make_service(other_agency, {}, "อื่น"), "theirs")
    client.force_login(officer)
    assert theirs.reference not in client.get("/en/staff/intake/acknowledgements/?show=all").text
