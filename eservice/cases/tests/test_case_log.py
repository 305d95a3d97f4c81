import pytest
from django.urls import reverse

from eservice.cases.workflow import move
from eservice.intake.models import Request

pytestmark = pytest.mark.django_db


def test_officers_see_who_did_and_looked_at_what_on_the_case(officer, officer_client, application):
    move(application, Request.Status.CHECKING, actor=officer, reason="เริ่มตรวจ")
    officer_client.get(reverse("cases:case", args=[application.reference]))
    response = officer_client.get(reverse("cases:log", args=[application.reference]))
    actions = [e.action for e in response.context["page"]]
    assert "request.move" in actions and "request.view" in actions


def test_another_agencys_case_log_is_refused(officer_client, foreign_application):
    response = officer_client.get(reverse("cases:log", args=[foreign_application.reference]))
    assert response.status_code == 403
