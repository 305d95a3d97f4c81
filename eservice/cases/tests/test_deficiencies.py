from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from eservice.cases.conftest import REQUIRED
from eservice.cases.models import Case, Deficiency
from eservice.cases.workflow import move
from eservice.intake.models import Request
from eservice.lib.models import AuditEntry

S = Request.Status


def url(application):
    return reverse("cases:deficiencies", args=[application.reference])


def ask(client, application, **data):
    case = Case.objects.get(pk=application.pk)
    form = {
        "version": case.version,
        "documents": [REQUIRED[1]],
        "problem": "missing",
        "other": "ใบรับรองแพทย์ของผู้สัมผัสอาหาร",
        "note": "กรุณาส่งภายในกำหนด",
        "deadline": (timezone.localdate() + timedelta(days=14)).isoformat(),
        **data,
    }
    return client.post(url(application), form, follow=True)


@pytest.fixture
def checking(officer, application):
    move(application, S.CHECKING, actor=officer)
    return application


@pytest.mark.django_db
def test_the_form_lists_the_manuals_required_documents(officer_client, checking):
    page = officer_client.get(url(checking)).content.decode()
    for document in REQUIRED:
        assert document in page
    assert "ขอเอกสารเพิ่มเติมจากผู้ยื่นคำขอได้เพียงครั้งเดียว" in page


@pytest.mark.django_db(transaction=True)
def test_the_applicant_gets_the_list_with_a_deadline_and_the_clock_stops(
    officer_client, checking, smtp_server, tasks
):
    ask(officer_client, checking)
    checking.refresh_from_db()
    case = Case.objects.get(pk=checking.pk)
    assert checking.status == S.DEFICIENCIES_REQUESTED
    assert case.is_paused and not case.is_overdue()
    deficiency = Deficiency.objects.get(case=case)
    assert [i["document"] for i in deficiency.items] == [
        REQUIRED[1],
        "ใบรับรองแพทย์ของผู้สัมผัสอาหาร",
    ]
    tasks()
    (mail,) = smtp_server.mailbox.wait_for(1)
    body = mail.get_body(("plain",)).get_content()
    assert REQUIRED[1] in body and "ใบรับรองแพทย์ของผู้สัมผัสอาหาร" in body
    assert reverse("cases:respond", args=[checking.tracking_token()]) in body
    assert "กรุณาส่งภายในกำหนด" in body


@pytest.mark.django_db
def test_a_second_request_for_documents_is_refused_with_the_legal_reason(
    officer_client, officer, checking
):
    ask(officer_client, checking)
    case = Case.objects.get(pk=checking.pk)
    Deficiency.objects.filter(case=case).update(answered_at=timezone.now())
    move(checking, S.CHECKING, actor=officer, expected=S.DEFICIENCIES_REQUESTED)

    page = officer_client.get(url(checking), follow=True)
    again = ask(officer_client, checking)
    messages = [str(m) for m in again.context["messages"]] + [
        str(m) for m in page.context["messages"]
    ]
    assert any("ขอเอกสารเพิ่มเติมได้เพียงครั้งเดียว" in m for m in messages)
    assert Deficiency.objects.filter(case=case).count() == 1
    checking.refresh_from_db()
    assert checking.status == S.CHECKING


@pytest.mark.django_db
def test_nothing_ticked_and_a_past_deadline_are_explained(officer_client, checking):
    response = ask(
        officer_client,
        checking,
        documents=[],
        other="",
        deadline=timezone.localdate().isoformat(),
    )
    errors = response.context["form"].errors
    assert "deadline" in errors and "__all__" in errors
    assert not Deficiency.objects.exists()


@pytest.mark.django_db
def test_an_officer_of_another_agency_cannot_ask(foreign_officer, checking):
    from eservice.cases.conftest import signed_in

    response = ask(signed_in(foreign_officer), checking)
    assert response.status_code == 403
    assert not Deficiency.objects.exists()
    assert AuditEntry.objects.filter(action="case.refused", actor="foreign").exists()
