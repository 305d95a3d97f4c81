"""Heavy work has a worker of its own (make run starts one per queue): a report or a notice to
every agency waits on "bulk", and the "mail" worker, which sends acknowledgements, never
picks one up. Acknowledgements once waited minutes behind the Cabinet report's PDF."""

from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from eservice.lib.management.commands.scheduler import enqueue_due

pytestmark = pytest.mark.django_db(transaction=True)

# Periodic tasks that walk every agency, every channel or every open case.
HEAVY = [
    "eservice.oversight.tasks.take_daily_figures",
    "eservice.oversight.tasks.send_scheduled_notice",
    "eservice.oversight.tasks.make_scheduled_report",
    "eservice.registry.tasks.expire_verifications",
    "eservice.registry.tasks.reverify_yearly",
    "eservice.registry.tasks.chase_missing_channels",
    "eservice.registry.tasks.take_snapshot",
    "eservice.cases.tasks.send_progress_notices",
]

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


def queues() -> dict[str, str]:
    return dict(DBTaskResult.objects.values_list("task_path", "queue_name"))


def test_the_scheduler_puts_each_heavy_task_on_bulk_and_nothing_on_mail():
    enqueued = enqueue_due(NOW)

    assert set(HEAVY) <= set(enqueued)
    on = queues()
    assert {path: on[path] for path in HEAVY} == dict.fromkeys(HEAVY, "bulk")
    assert "mail" not in on.values()


def test_a_report_asked_for_on_the_page_waits_on_bulk(oversight_user, client):
    client.force_login(oversight_user)

    client.post(reverse("oversight:reports"))

    assert queues() == {"eservice.oversight.tasks.make_scheduled_report": "bulk"}


def test_the_mail_worker_sends_the_acknowledgement_and_leaves_the_report(agency, smtp_server):
    from eservice.intake.models import Request
    from eservice.intake.services import Submission, submit
    from eservice.oversight.models import CabinetReport

    enqueue_due(NOW)  # the report, the notice and the rest, all waiting
    request, _ = submit(
        Submission(
            agency=agency,
            service_version=None,
            channel=Request.Channel.WEB,
            applicant_name="สมชาย ใจดี",
            applicant_email="somchai@example.com",
            answers={},
            idempotency_key="web:queues",
            attachments=[],
        )
    )

    call_command(
        "db_worker", batch=True, queue_name="mail", reload=False, startup_delay=False, verbosity=0
    )

    assert [m["To"] for m in smtp_server.mailbox.messages] == ["somchai@example.com"]
    assert request.reference in smtp_server.mailbox.messages[0]["Subject"]
    assert not CabinetReport.objects.exists()
    waiting = DBTaskResult.objects.filter(status="READY").values_list("task_path", flat=True)
    assert set(HEAVY) <= set(waiting)
