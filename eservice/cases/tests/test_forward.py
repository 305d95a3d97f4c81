import pytest
from django.urls import reverse

from eservice.cases.models import Case
from eservice.intake.models import Request

S = Request.Status


def forward(client, application, **data):
    case = Case.objects.get(pk=application.pk)
    return client.post(
        reverse("cases:forward", args=[application.reference]),
        {"version": case.version, "unit": "", "agency_code": "", "reason": "", **data},
        follow=True,
    )


@pytest.mark.django_db
def test_forwarding_to_a_unit_keeps_the_request_and_leaves_a_note(officer_client, application):
    forward(officer_client, application, unit="กองสาธารณสุขและสิ่งแวดล้อม")
    case = Case.objects.get(pk=application.pk)
    application.refresh_from_db()
    assert case.unit == "กองสาธารณสุขและสิ่งแวดล้อม"
    assert application.status == S.SUBMITTED
    assert "กองสาธารณสุขและสิ่งแวดล้อม" in case.notes.get().body


@pytest.mark.django_db(transaction=True)
def test_forwarding_to_the_competent_agency_closes_and_tells_the_applicant_which(
    officer_client, application, other_agency, smtp_server, tasks
):
    forward(
        officer_client,
        application,
        agency_code=other_agency.code,
        reason="ที่ตั้งร้านอยู่ในเขต อบต.บางรักใหญ่",
    )
    application.refresh_from_db()
    case = Case.objects.get(pk=application.pk)
    assert application.status == S.FORWARDED
    assert case.forwarded_to == other_agency and not case.is_open
    tasks()
    (mail,) = smtp_server.mailbox.wait_for(1)
    body = mail.get_body(("plain",)).get_content()
    assert other_agency.name_th in body
    assert "ที่ตั้งร้านอยู่ในเขต อบต.บางรักใหญ่" in body


@pytest.mark.django_db
def test_both_or_neither_destination_is_explained(officer_client, application, other_agency):
    response = forward(officer_client, application)
    assert any("อย่างใดอย่างหนึ่ง" in str(m) for m in response.context["messages"])
    response = forward(officer_client, application, agency_code="0000000", reason="x")
    assert any("0000000" in str(m) for m in response.context["messages"])
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
