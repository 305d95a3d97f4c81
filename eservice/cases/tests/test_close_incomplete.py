from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from eservice.cases import services
from eservice.cases.models import Case, Deficiency
from eservice.cases.workflow import move
from eservice.intake.models import Request

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
        timezone.localdate() + timedelta(days=5),
        case.version,
    )
    return application


def close(client, application):
    case = Case.objects.get(pk=application.pk)
    return client.post(
        reverse("cases:close_incomplete", args=[application.reference]),
        {"version": case.version, "reason": "ไม่ได้รับเอกสารภายในกำหนด"},
        follow=True,
    )


@pytest.mark.django_db
def test_before_the_deadline_the_request_cannot_be_closed(officer_client, waiting):
    response = close(officer_client, waiting)
    waiting.refresh_from_db()
    assert waiting.status == S.DEFICIENCIES_REQUESTED
    assert any("ดำเนินการภายในวันที่" in str(m) for m in response.context["messages"])


@pytest.mark.django_db(transaction=True)
def test_after_the_deadline_it_is_closed_as_incomplete_and_the_applicant_is_told(
    officer_client, waiting, smtp_server, tasks
):
    Deficiency.objects.update(deadline=timezone.localdate() - timedelta(days=1))
    page = officer_client.get(reverse("cases:case", args=[waiting.reference])).content.decode()
    assert reverse("cases:close_incomplete", args=[waiting.reference]) in page
    close(officer_client, waiting)
    waiting.refresh_from_db()
    assert waiting.status == S.CLOSED_INCOMPLETE
    tasks()
    messages = smtp_server.mailbox.wait_for(2)
    last = messages[-1].get_body(("plain",)).get_content()
    assert "ไม่ได้รับเอกสารภายในกำหนด" in last
