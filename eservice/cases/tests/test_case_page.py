import pytest
from django.urls import reverse

from eservice.cases import services
from eservice.cases.conftest import signed_in
from eservice.lib.models import AuditEntry

pytestmark = pytest.mark.django_db


def url(application):
    return reverse("cases:case", args=[application.reference])


def test_it_shows_the_answers_the_due_date_and_the_history(officer_client, application):
    page = officer_client.get(url(application)).content.decode()
    assert "ร้านข้าวมันไก่" in page
    assert 'id="due"' in page
    assert "Ask for missing documents" not in page  # only while checking


def test_every_view_is_logged(officer_client, application):
    officer_client.get(url(application))
    entry = AuditEntry.objects.get(action="request.view")
    assert (entry.actor, entry.object_id, entry.agency_id) == (
        "officer",
        str(application.pk),
        application.agency_id,
    )
    assert entry.ip == "127.0.0.1"


def test_an_officer_of_another_agency_is_refused_and_it_is_logged(foreign_officer, application):
    response = signed_in(foreign_officer).get(url(application))
    assert response.status_code == 403
    refusal = AuditEntry.objects.get(action="case.refused")
    assert refusal.actor == "foreign" and refusal.agency_id == application.agency_id
    assert not AuditEntry.objects.filter(action="request.view").exists()


def test_a_viewer_reads_but_gets_no_forms(viewer, application):
    page = signed_in(viewer).get(url(application)).content.decode()
    assert "ร้านข้าวมันไก่" in page
    assert "ท่านดูเรื่องนี้ได้ แต่ไม่สามารถดำเนินการได้" in page
    assert reverse("cases:act", args=[application.reference]) not in page


def test_oversight_staff_may_read_any_case(oversight_user, application):
    assert signed_in(oversight_user).get(url(application)).status_code == 200


def test_internal_notes_show_to_officers_only(officer, officer_client, application):
    services.add_note(application.case, officer, "ผู้ขอเคยยื่นคำขอซ้ำ")
    services.send_message(application.case, officer, "กรุณารอผลภายใน 10 วันทำการ")
    assert "ผู้ขอเคยยื่นคำขอซ้ำ" in officer_client.get(url(application)).content.decode()
    applicant_page = officer_client.get(
        reverse("cases:respond", args=[application.tracking_token()])
    ).content.decode()
    assert "กรุณารอผลภายใน 10 วันทำการ" in applicant_page
    assert "ผู้ขอเคยยื่นคำขอซ้ำ" not in applicant_page


def test_an_unknown_reference_is_not_found(officer_client):
    assert officer_client.get(reverse("cases:case", args=["NOPE"])).status_code == 404
