import pytest
from django.utils import timezone

from eservice.cases.workflow import Conflict, NotAllowed, move
from eservice.intake.models import Request
from eservice.lib.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(agency):
    now = timezone.now()
    return Request.objects.create(
        reference="T-1",
        agency=agency,
        channel=Request.Channel.WEB,
        applicant_name="สมชาย ใจดี",
        entered_at=now,
        deemed_received_at=now,
    )


def test_an_allowed_move_is_recorded_with_who_and_why(application, officer):
    transition = move(application, Request.Status.CHECKING, actor=officer, reason="เริ่มตรวจ")

    application.refresh_from_db()
    assert application.status == Request.Status.CHECKING
    assert (transition.from_status, transition.to_status) == ("submitted", "checking")
    assert transition.actor == officer
    assert AuditEntry.objects.filter(action="request.move", object_id=str(application.pk)).exists()


def test_a_move_the_state_machine_does_not_allow_is_refused(application, officer):
    with pytest.raises(NotAllowed, match="ไม่สามารถเปลี่ยนเป็น"):
        move(application, Request.Status.COMPLETED, actor=officer)
    application.refresh_from_db()
    assert application.status == Request.Status.SUBMITTED


def test_the_second_of_two_simultaneous_moves_is_told_the_request_changed(application, officer):
    seen_by_second_officer = Request.objects.get(pk=application.pk)
    move(application, Request.Status.CHECKING, actor=officer)

    with pytest.raises(Conflict):
        move(seen_by_second_officer, Request.Status.FORWARDED, actor=officer)

    application.refresh_from_db()
    assert application.status == Request.Status.CHECKING
