import pytest
from django.urls import reverse

from eservice.cases.conftest import signed_in
from eservice.cases.models import Case
from eservice.lib.models import AuditEntry

pytestmark = pytest.mark.django_db


def assign(client, application, assignee, version=None):
    case = Case.objects.get(pk=application.pk)
    return client.post(
        reverse("cases:assign", args=[application.reference]),
        {"assignee": assignee, "version": version or case.version},
        follow=True,
    )


def test_an_officer_takes_a_case_and_reassigns_it(officer_client, officer, colleague, application):
    assign(officer_client, application, "me")
    assert Case.objects.get(pk=application.pk).assignee == officer
    assign(officer_client, application, str(colleague.pk))
    assert Case.objects.get(pk=application.pk).assignee == colleague
    assert AuditEntry.objects.filter(action="case.assign").count() == 2


def test_it_unassigns(officer_client, officer, application):
    assign(officer_client, application, "me")
    assign(officer_client, application, "")
    assert Case.objects.get(pk=application.pk).assignee is None


def test_an_officer_of_another_agency_is_refused_as_assignee_and_it_is_logged(
    officer_client, foreign_officer, application
):
    response = assign(officer_client, application, str(foreign_officer.pk))
    assert response.status_code == 403
    assert Case.objects.get(pk=application.pk).assignee is None
    assert AuditEntry.objects.get(action="case.refused").detail["what"] == (
        "assignee from another agency"
    )


def test_a_stale_page_does_not_overwrite_a_newer_assignment(officer, colleague, application):
    stale = Case.objects.get(pk=application.pk).version
    assign(signed_in(colleague), application, "me", version=stale)
    response = assign(signed_in(officer), application, "me", version=stale)
    assert Case.objects.get(pk=application.pk).assignee == colleague
    assert any("เปลี่ยนแปลงโดยผู้อื่น" in str(m) for m in response.context["messages"])


def test_another_agencys_case_cannot_be_assigned(officer_client, foreign_application):
    response = assign(officer_client, foreign_application, "me")
    assert response.status_code == 403
    assert Case.objects.get(pk=foreign_application.pk).assignee is None
