import pytest
from django.urls import reverse

from eservice.cases.conftest import make_request
from eservice.cases.models import Case
from eservice.cases.workflow import move
from eservice.intake.models import Request

S = Request.Status
pytestmark = pytest.mark.django_db


def test_a_result_sent_by_post_is_recorded_by_the_officer(officer, officer_client, agency, service):
    paper = make_request(agency, "BBT-PAPER", service=service, paper_requested=True)
    move(paper, S.CHECKING, actor=officer)
    move(paper, S.REJECTED, actor=officer, reason="ขาดคุณสมบัติ")
    case = Case.objects.get(pk=paper.pk)
    assert case.decided_at and case.result_notified_at is None
    page = officer_client.get(reverse("cases:case", args=[paper.reference])).content.decode()
    assert reverse("cases:notified", args=[paper.reference]) in page

    officer_client.post(
        reverse("cases:notified", args=[paper.reference]), {"how": "ไปรษณีย์ลงทะเบียน EMS"}
    )
    case.refresh_from_db()
    assert case.result_notified_at is not None
    assert case.notice_lateness_days() == 0


def test_nothing_to_record_before_a_decision(officer_client, application):
    response = officer_client.post(
        reverse("cases:notified", args=[application.reference]), {"how": "โทรศัพท์"}, follow=True
    )
    assert Case.objects.get(pk=application.pk).result_notified_at is None
    assert list(response.context["messages"])
