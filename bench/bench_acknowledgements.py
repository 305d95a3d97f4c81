"""Acknowledgements while heavy work runs (issue 13): the seconds from a submission to its
acknowledgement leaving (sent_at - entered_at), with the queues and workers of `make run`
(mail, default, bulk) and a local SMTP server (aiosmtpd).

The baseline is the same measure with nothing else to do. The loaded run starts the Cabinet
report and a 15-day notice to 8,000 agencies on the bulk queue, submits meanwhile, and kills
one of the two mail workers with SIGKILL once mid-run, starting a new one a second later as
supervisord does. Target: 99% of acknowledgements within 10 s.

Run: .venv/bin/python bench/bench_acknowledgements.py
Environment: BENCH_DATABASE_URL=postgres://... to measure on PostgreSQL (an empty database).
"""

import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_intake import ENV, counting_relay, submit_one, world  # noqa: E402
from bench_oversight import make_agencies  # noqa: E402
from common import ROOT, report, setup_django  # noqa: E402

SUBMISSIONS = 60
EVERY_SECONDS = 0.25
KILL_AT = 20  # the mail worker is killed after this many submissions of the loaded run


def p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[98]


class Workers:
    """The worker processes supervisord.conf starts: two for mail, one for each other queue."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.processes = {
            name: self.start(name.split("-")[0]) for name in ("mail-0", "mail-1", "default", "bulk")
        }

    def start(self, queue: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "worker", "--queue-name", queue]
            + ["--no-startup-delay"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def kill_and_restart(self, name: str) -> None:
        self.processes[name].send_signal(signal.SIGKILL)
        self.processes[name].wait()
        time.sleep(1)  # supervisord's restart takes about this long
        self.processes[name] = self.start(name.split("-")[0])

    def stop(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            process.wait(timeout=60)


def acknowledgement_seconds(
    workers: Workers, agency, version, run: str, count: int = SUBMISSIONS
) -> list[float]:
    """Submit `count` requests, one every EVERY_SECONDS, and wait for every
    acknowledgement to be sent; the seconds each one took, slowest first."""
    from eservice.intake.models import Request
    from eservice.outreach.models import OutgoingMail

    for i in range(count):
        submit_one(agency, version, f"{run}{i}@example.com", f"{run}:{i}")
        if run == "loaded" and i == KILL_AT:
            workers.kill_and_restart("mail-0")
        time.sleep(EVERY_SECONDS)
    requests = Request.objects.filter(applicant_email__startswith=run)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if not requests.exclude(acknowledgement__status=OutgoingMail.Status.SENT).exists():
            break
        time.sleep(0.5)
    return sorted(
        (
            (r.acknowledgement.sent_at - r.entered_at).total_seconds()
            if r.acknowledgement.sent_at
            else float("inf")
            for r in requests.select_related("acknowledgement")
        ),
        reverse=True,
    )


def main() -> None:
    setup_django(os.environ.get("BENCH_DATABASE_URL"))
    from django.db import connection

    from eservice.outreach.models import OutgoingMail
    from eservice.oversight.models import CabinetReport
    from eservice.oversight.tasks import make_scheduled_report, send_scheduled_notice

    make_agencies()
    agency, version = world()
    _, smtp, smtp_port = counting_relay()
    env = {**os.environ, **ENV, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port)}
    connection.close()
    workers = Workers(env)
    try:
        acknowledgement_seconds(workers, agency, version, "warm", count=1)  # workers started
        baseline = acknowledgement_seconds(workers, agency, version, "quiet")
        make_scheduled_report.enqueue()
        send_scheduled_notice.enqueue()
        start = time.monotonic()
        loaded = acknowledgement_seconds(workers, agency, version, "loaded")
        elapsed = time.monotonic() - start
        notices_sent = OutgoingMail.objects.filter(queue="bulk", status="sent").count()
        reports = CabinetReport.objects.exclude(pdf_th="").count()
        print(
            f"meanwhile ({elapsed:.0f} s, {connection.vendor}): {notices_sent:,} notice e-mails "
            f"sent, {reports} Cabinet report rendered; a mail worker killed once"
        )
        within = sum(1 for s in loaded if s <= 10) / len(loaded)
        print(f"acknowledgements within 10 s under load: {within:.0%} (target 99%)")
        print(
            "slowest five (s): loaded",
            [round(x, 1) for x in loaded[:5]],
            "quiet",
            [round(x, 1) for x in baseline[:5]],
        )
        median = statistics.median
        report("acknowledgement p50 under load", median(loaded), "s", median(baseline), False)
        report(
            "acknowledgement p99 under load (target < 10 s)", p99(loaded), "s", p99(baseline), False
        )
    finally:
        workers.stop()
        smtp.stop()


if __name__ == "__main__":
    main()
