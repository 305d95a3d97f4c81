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
pytestmark = pytest.mark.django_db


def test_an_officer_records_an_answer_that_came_another_way(officer, officer_client, application):
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
    officer_client.post(
        reverse("cases:record_answer", args=[application.reference]),
        {
            "answer": "ผู้ขอนำเอกสารมายื่นที่สำนักงาน",
            "documents": SimpleUploadedFile("plan.pdf", PDF, "application/pdf"),
        },
    )
    application.refresh_from_db()
    case.refresh_from_db()
    assert application.status == S.CHECKING
    assert case.deficiency.answered_via == "email"
    assert Attachment.objects.filter(request=application, field_key="deficiency-answer").exists()
    assert application.transitions.last().actor == officer
