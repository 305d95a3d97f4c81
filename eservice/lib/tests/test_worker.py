"""The real worker process, started as `make run` starts it, against the test database."""

import signal
import time

import pytest

from conftest import start_process, wait_until
from eservice.lib.models import WorkerHeartbeat
from eservice.outreach.models import OutgoingMail

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(smtp_server):
    process = start_process(
        "worker",
        "--no-startup-delay",
        "--interval",
        "0.2",
        env={"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_server.port)},
    )
    assert wait_until(WorkerHeartbeat.objects.exists, timeout=90), "the worker never reported in"
    yield process
    if process.poll() is None:
        process.kill()
        process.wait()


def test_a_task_enqueued_by_a_request_is_run_by_the_worker(
    client, oversight_user, worker, smtp_server
):
    client.force_login(oversight_user)

    response = client.post("/staff/outbox/test/", {"to": "saraban@example.go.th"})

    assert response.status_code == 302
    received = smtp_server.mailbox.wait_for(1, timeout=30)
    assert [m["To"] for m in received] == ["saraban@example.go.th"]
    assert wait_until(lambda: OutgoingMail.objects.get().status == OutgoingMail.Status.SENT)


def test_healthz_is_ok_while_the_worker_runs_and_503_once_it_stops(client, worker):
    ok = client.get("/healthz")
    assert ok.status_code == 200
    assert ok.json() == {"status": "ok", "database": "ok", "worker": "ok", "workers": 1}

    worker.send_signal(signal.SIGTERM)
    worker.wait(timeout=60)

    down = client.get("/healthz")
    assert down.status_code == 503
    assert down.json()["worker"] == "down"


def test_a_killed_worker_counts_as_down_once_its_heartbeat_is_stale(client, worker, settings):
    worker.kill()  # no goodbye: the row stays behind
    worker.wait()
    settings.WORKER_STALE_AFTER_SECONDS = 1
    time.sleep(1.5)

    assert client.get("/healthz").status_code == 503
