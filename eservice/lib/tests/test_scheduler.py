from datetime import UTC, datetime, timedelta

import pytest
from django_tasks_db.models import DBTaskResult

from eservice.lib.management.commands.scheduler import enqueue_due

pytestmark = pytest.mark.django_db


def test_two_schedulers_in_the_same_period_enqueue_each_job_once(settings):
    settings.PERIODIC_TASKS = [("eservice.lib.tasks.forget_old_heartbeats", 3600)]
    now = datetime(2026, 11, 25, 10, 15, tzinfo=UTC)

    first = enqueue_due(now)
    second = enqueue_due(now + timedelta(minutes=30))  # same hour: another scheduler's turn

    assert first == ["eservice.lib.tasks.forget_old_heartbeats"]
    assert second == []
    assert DBTaskResult.objects.count() == 1


def test_the_next_period_enqueues_again(settings):
    settings.PERIODIC_TASKS = [("eservice.lib.tasks.forget_old_heartbeats", 3600)]
    now = datetime(2026, 11, 25, 10, 59, tzinfo=UTC)

    enqueue_due(now)
    enqueue_due(now + timedelta(minutes=2))

    assert DBTaskResult.objects.count() == 2


def test_a_long_period_is_enqueued_once_however_often_the_old_rows_are_cleaned(settings):
    """A 60-day job was enqueued again every hour once its period started more than 30 days
    ago: the hourly clean-up dropped the row that said it had run."""
    import time_machine

    from eservice.lib.tasks import forget_old_heartbeats

    report = "eservice.oversight.tasks.make_scheduled_report"
    settings.PERIODIC_TASKS = [(report, 60 * 86400)]
    start = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    enqueued = []
    for hours in range(0, 59 * 24, 12):  # a scheduler start and a clean-up twice a day
        now = start + timedelta(hours=hours)
        with time_machine.travel(now, tick=False):
            forget_old_heartbeats.call()
            enqueued += enqueue_due(now)
    assert len(enqueued) <= 2  # the period in progress, and the next if it began meanwhile
    assert DBTaskResult.objects.filter(task_path=report).count() == len(enqueued)
