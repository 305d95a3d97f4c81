from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from eservice.cases import services
from eservice.cases.conftest import PDF
from eservice.cases.models import Case
from eservice.cases.workflow import move
from eservice.intake.models import Attachment, Request

S = Request.Status


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


def url(application):
    return reverse("cases:respond", args=[application.tracking_token()])


@pytest.mark.django_db
def test_the_applicant_sees_what_is_missing(client, waiting):
    page = client.get(url(waiting)).content.decode()
    assert "แผนผังร้าน" in page


@pytest.mark.django_db
def test_answering_online_sends_the_files_and_restarts_the_clock(client, waiting):
    # The applicant took two weeks: those days do not count against the agency.
    paused_at = timezone.now() - timedelta(days=14)
    Case.objects.filter(pk=waiting.pk).update(paused_since=paused_at)
    due_before = Case.objects.get(pk=waiting.pk).due_on

    response = client.post(
        url(waiting),
        {
            "answer": "แนบแผนผังร้านมาแล้วครับ",
            "documents": SimpleUploadedFile("plan.pdf", PDF, "application/pdf"),
        },
        follow=True,
    )
    assert response.status_code == 200
    waiting.refresh_from_db()
    case = Case.objects.get(pk=waiting.pk)
    assert waiting.status == S.CHECKING
    assert not case.is_paused
    assert case.paused_days >= 8
    assert case.due_on > due_before
    assert case.deficiency.answered_via == "web"
    (attachment,) = Attachment.objects.filter(request=waiting)
    assert attachment.name == "plan.pdf"
    assert case.messages.get().body == "แนบแผนผังร้านมาแล้วครับ"
    assert "แนบแผนผังร้านมาแล้วครับ" in response.content.decode()


@pytest.mark.django_db
def test_a_file_that_is_not_a_document_is_refused_with_what_to_send(client, waiting):
    response = client.post(
        url(waiting),
        {"documents": SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["documents"]
    waiting.refresh_from_db()
    assert waiting.status == S.DEFICIENCIES_REQUESTED


@pytest.mark.django_db
def test_an_empty_answer_is_explained(client, waiting):
    response = client.post(url(waiting), {"answer": ""})
    assert response.context["form"].errors["__all__"]


@pytest.mark.django_db
def test_a_guessed_link_finds_nothing(client, waiting):
    assert client.get(reverse("cases:respond", args=["BBT-2569-000001:forged"])).status_code == 404


@pytest.mark.django_db
def test_once_answered_the_form_is_gone(client, waiting):
    client.post(url(waiting), {"answer": "ส่งแล้ว"})
    page = client.get(url(waiting)).content.decode()
    assert 'name="answer"' not in page


@pytest.mark.django_db(transaction=True)
def test_the_applicant_withdraws_online_and_is_told(client, application, smtp_server, tasks):
    client.post(url(application), {"withdraw": "1"})
    application.refresh_from_db()
    assert application.status == S.SUBMITTED  # not without confirming

    client.post(url(application), {"withdraw": "1", "confirm": "yes"})
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN
    assert not Case.objects.get(pk=application.pk).is_open
    tasks()
    (mail,) = smtp_server.mailbox.wait_for(1)
    assert application.reference in mail["Subject"]
    assert 'name="withdraw"' not in client.get(url(application)).content.decode()
