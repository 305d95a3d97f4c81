import pytest

from eservice.cases.conftest import signed_in
from eservice.lib.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_the_api_lists_only_the_officers_agency(officer_client, application, foreign_application):
    response = officer_client.get("/api/cases/")
    assert response.status_code == 200
    assert [c["reference"] for c in response.json()] == [application.reference]


def test_the_api_search_never_reaches_another_agency(officer_client, foreign_application):
    response = officer_client.get(
        "/api/cases/", {"q": foreign_application.reference, "view": "all"}
    )
    assert response.json() == []


def test_one_case_with_its_history(officer_client, application):
    body = officer_client.get(f"/api/cases/{application.reference}").json()
    assert body["answers"] == {"shop_name": "ร้านข้าวมันไก่"}
    assert body["status"] == "submitted"
    assert AuditEntry.objects.filter(action="request.view", detail__api=True).exists()


def test_another_agencys_case_is_refused_in_both_languages(officer_client, foreign_application):
    response = officer_client.get(f"/api/cases/{foreign_application.reference}")
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "other_agency"
    assert error["message"]["en"] and error["message"]["th"]
    assert AuditEntry.objects.filter(action="case.refused").exists()


def test_the_api_needs_a_signed_in_officer(client, application):
    assert client.get("/api/cases/").status_code == 401


def test_oversight_staff_may_read_one_case(oversight_user, application):
    assert signed_in(oversight_user).get(f"/api/cases/{application.reference}").status_code == 200
