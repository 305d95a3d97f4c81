import pytest
from django.urls import reverse

from conftest import PASSWORD
from eservice.cases.conftest import signed_in
from eservice.identity.models import User
from eservice.lib.models import AuditEntry

pytestmark = pytest.mark.django_db
URL = reverse("cases:officers")


def test_an_agency_admin_adds_an_officer_to_their_own_agency(agency_admin, agency):
    response = signed_in(agency_admin).post(
        URL,
        {
            "username": "somsri",
            "first_name": "สมศรี",
            "last_name": "ขยันงาน",
            "email": "somsri@bangbuathong.go.th",
            "role": "officer",
            "password": PASSWORD,
        },
    )
    assert response.status_code == 302
    new = User.objects.get(username="somsri")
    assert (new.agency, new.role) == (agency, "officer")
    assert new.check_password(PASSWORD)
    assert AuditEntry.objects.filter(action="officer.create").exists()


def test_a_taken_name_and_a_short_password_are_explained(agency_admin, officer):
    response = signed_in(agency_admin).post(
        URL,
        {
            "username": "officer",
            "first_name": "a",
            "last_name": "b",
            "email": "x@y.th",
            "role": "officer",
            "password": "short",
        },
    )
    errors = response.context["form"].errors
    assert "username" in errors and "password" in errors


def test_an_agency_admin_stops_an_officer_who_then_cannot_act(agency_admin, officer, application):
    signed_in(agency_admin).post(URL, {"deactivate": officer.pk})
    officer.refresh_from_db()
    assert not officer.is_active
    assert AuditEntry.objects.filter(action="officer.deactivate").exists()


def test_an_admin_cannot_stop_another_agencys_officer(agency_admin, foreign_officer):
    response = signed_in(agency_admin).post(URL, {"deactivate": foreign_officer.pk})
    foreign_officer.refresh_from_db()
    assert response.status_code == 403
    assert foreign_officer.is_active
    assert AuditEntry.objects.filter(action="case.refused").exists()


def test_an_officer_cannot_manage_officers(officer_client):
    assert officer_client.get(URL).status_code == 403
