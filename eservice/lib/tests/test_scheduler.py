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
