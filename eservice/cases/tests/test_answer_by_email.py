from datetime import timedelta
from email.message import EmailMessage

import pytest
from django.utils import timezone

from eservice.cases import services
from eservice.cases.models import Case
from eservice.cases.workflow import move
from eservice.intake.mailin import receive_email
from eservice.intake.models import Request

S = Request.Status
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def waiting(officer, application):
    move(application, S.CHECKING, actor=officer)
    case = Case.objects.get(pk=application.pk)
    services.request_deficiencies(
        case,
        officer,
        [{"document": "แผนผังร้าน", "problem": "missing", "note": ""}],
        "",
        timezone.localdate() + timedelta(days=10),
        case.version,
    )
    return application


def reply(application, text: str) -> bytes:
    message = EmailMessage()
    message["From"] = f"สมชาย ใจดี <{application.applicant_email}>"
    message["To"] = application.reply_address()
    message["Subject"] = f"Re: {application.reference}"
    message["Message-ID"] = "<reply-1@example.com>"
    message.set_content(text)
    return message.as_bytes()


def test_a_reply_to_the_request_for_documents_is_the_applicants_answer(waiting):
    receive_email(reply(waiting, "แผนผังร้านอยู่ในไฟล์แนบครับ"), recipients=[waiting.reply_address()])
    waiting.refresh_from_db()
    case = Case.objects.get(pk=waiting.pk)
    assert waiting.status == S.CHECKING
    assert case.deficiency.answered_via == "email"
    assert "แผนผังร้านอยู่ในไฟล์แนบครับ" in case.deficiency.answer
    assert not case.is_paused


def test_a_reply_when_nothing_is_asked_changes_no_state(officer, application):
    move(application, S.CHECKING, actor=officer)
    receive_email(reply(application, "สอบถามความคืบหน้า"), recipients=[application.reply_address()])
    application.refresh_from_db()
    assert application.status == S.CHECKING
