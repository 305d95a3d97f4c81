import threading

import pytest
from django.db import connection
from django.urls import reverse

from eservice.cases import services
from eservice.cases.conftest import make_request, signed_in
from eservice.cases.models import Case
from eservice.cases.workflow import Conflict, move
from eservice.intake.models import Request
from eservice.lib.models import AuditEntry

S = Request.Status


def post(client, application, **data):
    case = Case.objects.get(pk=application.pk)
    form = {"version": case.version, "expected": case.status, **data}
    return client.post(reverse("cases:act", args=[application.reference]), form, follow=True)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.django_db
def test_an_officer_moves_a_request_on_and_it_is_recorded(officer_client, application):
    response = post(officer_client, application, to=S.CHECKING)
    application.refresh_from_db()
    assert application.status == S.CHECKING
    assert application.case.status == S.CHECKING
    assert response.status_code == 200
    transition = application.transitions.get()
    assert (transition.actor.username, transition.to_status) == ("officer", "checking")


@pytest.mark.django_db(transaction=True)
def test_a_rejection_needs_reasons_and_the_applicant_is_told_them(
    officer, officer_client, application, smtp_server, tasks
):
    move(application, S.CHECKING, actor=officer)
    without = post(officer_client, application, to=S.REJECTED)
    application.refresh_from_db()
    assert application.status == S.CHECKING
    assert any("โปรดระบุเหตุผล" in m for m in messages_of(without))

    post(officer_client, application, to=S.REJECTED, reason="ที่ตั้งอยู่ในเขตห้ามจำหน่ายอาหาร")
    application.refresh_from_db()
    assert application.status == S.REJECTED
    tasks()
    (mail,) = smtp_server.mailbox.wait_for(1)
    body = mail.get_body(("plain",)).get_content()
    assert mail["To"] == "somchai@example.com"
    assert "ที่ตั้งอยู่ในเขตห้ามจำหน่ายอาหาร" in body
    assert application.tracking_url() in body
    case = Case.objects.get(pk=application.pk)
    assert case.decided_at is not None and case.result_notified_at is not None
    assert case.notice_lateness_days() == 0


@pytest.mark.django_db
def test_a_move_the_state_machine_forbids_is_refused_with_an_explanation(
    officer_client, application
):
    response = post(officer_client, application, to=S.COMPLETED)
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert any("ไม่สามารถเปลี่ยนเป็น" in m for m in messages_of(response))
    assert AuditEntry.objects.filter(action="case.not_allowed").exists()


@pytest.mark.django_db
def test_a_forged_state_is_refused_and_logged(officer_client, application):
    response = post(officer_client, application, to="granted-by-hacker")
    assert response.status_code == 403
    entry = AuditEntry.objects.get(action="case.refused")
    assert entry.detail["what"] == "forged state"
    assert entry.detail["post"]["to"] == "granted-by-hacker"


@pytest.mark.django_db
def test_a_form_for_another_agencys_case_is_refused_and_logged(officer, foreign_application):
    client = signed_in(officer)
    response = client.post(
        reverse("cases:act", args=[foreign_application.reference]),
        {"version": 1, "expected": "submitted", "to": "checking"},
    )
    foreign_application.refresh_from_db()
    assert response.status_code == 403
    assert foreign_application.status == S.SUBMITTED
    assert AuditEntry.objects.filter(
        action="case.refused", object_id=str(foreign_application.pk), actor="officer"
    ).exists()


@pytest.mark.django_db
def test_a_viewer_cannot_act(viewer, application):
    response = post(signed_in(viewer), application, to=S.CHECKING)
    application.refresh_from_db()
    assert response.status_code == 403
    assert application.status == S.SUBMITTED


@pytest.mark.django_db
def test_of_two_officers_on_the_same_page_the_second_is_told_the_case_changed(
    officer, colleague, application
):
    first, second = signed_in(officer), signed_in(colleague)
    seen = {"version": application.case.version, "expected": S.SUBMITTED}
    url = reverse("cases:act", args=[application.reference])
    first.post(url, {**seen, "to": S.CHECKING})
    response = second.post(url, {**seen, "to": S.WITHDRAWN, "reason": "โทรมาถอน"}, follow=True)
    application.refresh_from_db()
    assert application.status == S.CHECKING
    assert any("เปลี่ยนแปลงโดยผู้อื่น" in m for m in messages_of(response))
    assert application.transitions.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_officers_acting_at_the_same_moment_never_lose_an_update(
    officer, colleague, agency, service
):
    application = make_request(agency, "BBT-RACE", service=service)
    version = Case.objects.get(pk=application.pk).version
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def act(person, to: str) -> None:
        try:
            barrier.wait()
            case = Case.objects.get(pk=application.pk)
            services.assign(case, person, person, version)
            outcomes[person.username] = "done"
        except Conflict:
            outcomes[person.username] = "conflict"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(officer, "a")),
        threading.Thread(target=act, args=(colleague, "b")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values()) == ["conflict", "done"]
    winner = next(name for name, outcome in outcomes.items() if outcome == "done")
    case = Case.objects.get(pk=application.pk)
    assert case.assignee is not None and case.assignee.username == winner
    assert case.version == version + 1
