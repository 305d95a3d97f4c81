from datetime import timedelta

import pytest
from django.utils import timezone

from eservice.cases.conftest import make_request
from eservice.cases.models import Case
from eservice.cases.tasks import send_progress_notices
from eservice.outreach.models import OutgoingMail

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_open_request_gets_a_progress_notice_every_7_days(
    working_day, agency, service, smtp_server, tasks
):
    old = make_request(agency, "BBT-OLD", service=service, days_ago=8)
    make_request(agency, "BBT-NEW", service=service, days_ago=2)
    make_request(agency, "BBT-PAPER", service=service, days_ago=8, paper_requested=True)
    done = make_request(agency, "BBT-DONE", service=service, days_ago=8)
    Case.objects.filter(pk=done.pk).update(decided_at=timezone.now(), status="approved")

    assert send_progress_notices.call() == 1
    assert send_progress_notices.call() == 0  # not again within 7 days
    tasks()
    (mail,) = smtp_server.mailbox.wait_for(1)
    assert "BBT-OLD" in mail["Subject"]
    assert old.tracking_url() in mail.get_body(("plain",)).get_content()
    assert OutgoingMail.objects.get().queue == "bulk"

    Case.objects.filter(pk=old.pk).update(progress_notified_at=timezone.now() - timedelta(days=7))
    assert send_progress_notices.call() == 1


def test_the_task_is_scheduled(settings):
    assert ("eservice.cases.tasks.send_progress_notices", 3600) in settings.PERIODIC_TASKS
