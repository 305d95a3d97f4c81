"""Oversight at national scale: the dashboard's p95 over 8,000 agencies and up to 1,000,000
requests (read from the daily figures) against a raw indexed query; a §22 notice to every
agency queued (target under 30 s) against a bare bulk insert of the same mail rows; and the
rate at which the worker delivers it to a local SMTP server (aiosmtpd) against Django
sending straight to the same server.

Run: .venv/bin/python bench/bench_oversight.py
Environment: BENCH_REQUESTS (default 1,000,000; generation stops early after
BENCH_GENERATE_SECONDS, default 45, and the count used is printed),
BENCH_DATABASE_URL=postgres://... to measure on PostgreSQL (an empty database).
"""

import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, free_port, report, setup_django  # noqa: E402

AGENCIES = 8_000
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "1000000"))
GENERATE_SECONDS = float(os.environ.get("BENCH_GENERATE_SECONDS", "45"))
PAGE_VIEWS = 60
DELIVERY_SECONDS = 15


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18]


def make_agencies() -> list[int]:
    import geothai

    from eservice.registry.models import Agency, Channel

    rng = random.Random(2565)
    provinces = [p.code for p in geothai.provinces()]
    kinds = [k for k, _ in Agency.Kind.choices]
    Agency.objects.bulk_create(
        [
            Agency(
                code=f"B{i:06}",
                name_th=f"หน่วยงานทดสอบ {i}",
                kind=rng.choice(kinds),
                province_code=rng.choice(provinces),
            )
            for i in range(AGENCIES)
        ],
        batch_size=2000,
    )
    ids = list(Agency.objects.values_list("pk", flat=True))
    # Most agencies have a verified central address, some announced, some listed.
    Channel.objects.bulk_create(
        [
            Channel(
                agency_id=pk,
                kind=Channel.Kind.CENTRAL_EMAIL,
                address=f"saraban@b{pk}.go.th",
                status=Channel.Status.VERIFIED,
                announced_on=datetime(2023, 8, 1).date() if rng.random() < 0.6 else None,
            )
            for pk in ids
            if rng.random() < 0.9
        ],
        batch_size=2000,
    )
    return ids


def make_requests(agency_ids: list[int]) -> int:
    """One INSERT ... SELECT over a generated series per batch: the database makes the rows
    itself, which is what lets a million of them fit in a benchmark run."""
    from django.db import connection, transaction

    from eservice.intake.models import Request

    fields = [f for f in Request._meta.concrete_fields if not f.primary_key]
    template = Request(
        reference="",
        agency_id=agency_ids[0],
        channel="web",
        applicant_name="สมชาย ใจดี",
        entered_at=datetime.now(tz=UTC),
        deemed_received_at=datetime.now(tz=UTC),
    )
    low, high = min(agency_ids), max(agency_ids)
    assert high - low + 1 == len(agency_ids), "agency ids are expected to be contiguous"
    sqlite = connection.vendor == "sqlite"
    when = (
        "strftime('%%Y-%%m-%%d %%H:%%M:%%f', 'now', '-' || (i %% 500000) || ' minutes')"
        if sqlite
        else "now() - (i %% 500000) * interval '1 minute'"
    )
    varying = {
        "reference": "'R' || " + ("printf('%%09d', i)" if sqlite else "lpad(i::text, 9, '0')"),
        "agency_id": f"{low} + "
        + (
            f"abs(random()) %% {len(agency_ids)}"
            if sqlite
            else f"floor(random() * {len(agency_ids)})::int"
        ),
        "channel": "CASE i %% 4 WHEN 0 THEN 'email' WHEN 1 THEN 'api' ELSE 'web' END",
        "status": "CASE i %% 5 WHEN 0 THEN 'submitted' WHEN 1 THEN 'considering' "
        "WHEN 2 THEN 'rejected' ELSE 'completed' END",
        "entered_at": when,
        "deemed_received_at": when,
    }
    expressions, params = [], []
    for f in fields:
        if f.attname in varying:
            expressions.append(varying[f.attname])
        else:
            expressions.append("%s")
            params.append(f.get_db_prep_save(f.pre_save(template, True), connection))
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    series = (
        "WITH RECURSIVE n(i) AS (SELECT %s UNION ALL SELECT i + 1 FROM n WHERE i < %s) "
        if sqlite
        else ""
    )
    source = "n" if sqlite else "generate_series(%s, %s) AS n(i)"
    made, batch = 0, 100_000
    start = time.perf_counter()
    with connection.cursor() as cursor:
        while made < REQUESTS and time.perf_counter() - start < GENERATE_SECONDS:
            last = min(made + batch, REQUESTS) - 1
            bounds = [made, last]
            sql = (
                f"{series}INSERT INTO {Request._meta.db_table} ({columns}) "
                f"SELECT {', '.join(expressions)} FROM {source}"
            )
            with transaction.atomic():
                cursor.execute(sql, bounds + params if sqlite else params + bounds)
            made = last + 1
    return made


def main() -> None:
    setup_django(os.environ.get("BENCH_DATABASE_URL"))
    from django.db import connection
    from django.test import Client

    from eservice.identity.models import User
    from eservice.outreach.models import OutgoingMail
    from eservice.oversight import notices
    from eservice.oversight.measure import build_daily_figures, refresh_statuses
    from eservice.oversight.models import NoticeDelivery

    agency_ids = make_agencies()
    start = time.perf_counter()
    made = make_requests(agency_ids)
    print(
        f"generated: {AGENCIES:,} agencies, {made:,} requests "
        f"in {time.perf_counter() - start:.1f} s ({connection.vendor})",
        flush=True,
    )

    start = time.perf_counter()
    refresh_statuses()
    build_daily_figures()
    print(f"nightly measurement and figures: {time.perf_counter() - start:.1f} s", flush=True)

    staff = User.objects.create_user("bench-oversight", role=User.Role.OVERSIGHT)
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(staff)
    rng = random.Random(7)
    filters = [{}, {"kind": "sao"}, {"province": "12"}, {"kind": "department", "province": "10"}]
    client.get("/oversight/")  # templates and translations loaded, as on a warm server
    timings, baseline = [], []
    for i in range(PAGE_VIEWS):
        start = time.perf_counter()
        response = client.get("/oversight/", filters[i % len(filters)])
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
        agency = rng.choice(agency_ids)
        start = time.perf_counter()
        with connection.cursor() as cursor:
            # The floor: one indexed count on the requests table for one agency.
            cursor.execute(
                "SELECT status, COUNT(*) FROM intake_request WHERE agency_id = %s GROUP BY status",
                [agency],
            )
            cursor.fetchall()
        baseline.append((time.perf_counter() - start) * 1000)
    report(
        f"oversight dashboard p95 ({AGENCIES:,} agencies, {made:,} requests, {connection.vendor})",
        p95(timings),
        "ms",
        p95(baseline),
        higher_is_better=False,
    )

    # The notice: written and queued to every agency, as the worker would, batch by batch.
    start = time.perf_counter()
    notice = notices.create_notice({})
    while notices.send_batch(notice.pk, 500):
        pass
    queued = time.perf_counter() - start
    copies = NoticeDelivery.objects.filter(notice=notice).count()
    assert copies == AGENCIES
    with_mail = OutgoingMail.objects.count()
    print(f"notice copies queued: {with_mail:,} e-mails, {copies - with_mail:,} without address")

    from eservice.outreach.models import OutgoingMail as Mail

    start = time.perf_counter()
    Mail.objects.bulk_create(
        [
            Mail(to=f"x{i}@example.go.th", subject="s", body="b", queue="bulk")
            for i in range(copies)
        ],
        batch_size=1000,
    )
    raw = time.perf_counter() - start
    Mail.objects.filter(to__startswith="x", to__endswith="@example.go.th").delete()
    report(f"notice to {AGENCIES:,} agencies queued (target < 30 s)", queued, "s", raw, False)

    deliver(with_mail)


def deliver(queued: int) -> None:
    """Run the real worker on the bulk queue against a local aiosmtpd for a few seconds."""
    import smtplib

    from aiosmtpd.controller import Controller
    from django.db import connection

    from eservice.outreach.models import OutgoingMail

    class Count:
        received = 0

        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            Count.received += 1
            return "250 OK"

    port = free_port()
    smtp = Controller(Count(), hostname="127.0.0.1", port=port)
    smtp.start()
    try:
        start = time.perf_counter()
        for i in range(200):
            # The floor: plain smtplib, one connection per message as the mail task opens.
            with smtplib.SMTP("127.0.0.1", port, timeout=10) as relay:
                relay.sendmail(
                    "a@eservice.localhost", [f"x{i}@example.go.th"], b"Subject: s\r\n\r\nb"
                )
        direct = 200 / (time.perf_counter() - start)

        env = {
            **os.environ,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(port),
            "DATABASE_URL": os.environ["DATABASE_URL"],
        }
        connection.close()
        worker = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "worker", "--queue-name", "bulk"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Timed from the first message the worker delivers: its start-up is not delivery.
        deadline = time.perf_counter() + 60
        while Count.received == 0 and time.perf_counter() < deadline:
            time.sleep(0.01)
        before = Count.received
        start = time.perf_counter()
        time.sleep(DELIVERY_SECONDS)
        elapsed = time.perf_counter() - start
        delivered = Count.received - before
        worker.terminate()
        worker.wait(timeout=30)
        sent = OutgoingMail.objects.filter(status=OutgoingMail.Status.SENT).count()
        print(f"delivered in {elapsed:.0f} s: {delivered:,} of {queued:,} ({sent:,} marked sent)")
        report(
            "notice delivery rate to local SMTP (one worker)",
            delivered / elapsed,
            "messages/s",
            direct,
        )
    finally:
        smtp.stop()


if __name__ == "__main__":
    main()
