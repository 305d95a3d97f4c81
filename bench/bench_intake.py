"""Receiving requests: submissions/s (SQLite and PostgreSQL) and where a submission's time
goes, acknowledgements sent/s, e-mail parsed/s, and a kill test. Each figure beside a
baseline measured in the same run.

    .venv/bin/python bench/bench_intake.py            # every part
    .venv/bin/python bench/bench_intake.py kill       # one part

Each part runs in its own process, because Django can be set up once per process.
"""

import contextlib
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from common import PYTHON, ROOT, free_port, gunicorn, report, setup_django  # noqa: E402

POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
CSRF = "b" * 32  # a valid unmasked CSRF secret: the cookie and the form carry the same one
ENV = {
    "INTAKE_SUBMITS_PER_MINUTE": "100000000",
    "DJANGO_SETTINGS_MODULE": "eservice.settings",
    "LOG_LEVEL": "ERROR",
}

TEN_FIELDS = {
    "version": 1,
    "pages": [
        {
            "key": "main",
            "title": {"th": "คำขอ", "en": "Request"},
            "fields": [
                {"key": "shop_name", "type": "text", "label": {"th": "ชื่อร้าน", "en": "Shop"}},
                {"key": "owner", "type": "text", "label": {"th": "เจ้าของ", "en": "Owner"}},
                {"key": "seats", "type": "number", "label": {"th": "ที่นั่ง", "en": "Seats"}},
                {"key": "area", "type": "number", "label": {"th": "พื้นที่", "en": "Area"}},
                {"key": "opened", "type": "date", "label": {"th": "วันเปิด", "en": "Opened"}},
                {"key": "contact", "type": "email", "label": {"th": "อีเมล", "en": "E-mail"}},
                {"key": "phone", "type": "phone", "label": {"th": "โทร", "en": "Phone"}},
                {
                    "key": "kind",
                    "type": "choice",
                    "label": {"th": "ประเภท", "en": "Kind"},
                    "options": [
                        {"value": "restaurant", "label": {"th": "ร้านอาหาร", "en": "Restaurant"}},
                        {"value": "stall", "label": {"th": "แผงลอย", "en": "Stall"}},
                    ],
                },
                {"key": "fee", "type": "money", "label": {"th": "ค่าธรรมเนียม", "en": "Fee"}},
                {"key": "notes", "type": "long_text", "label": {"th": "หมายเหตุ", "en": "Notes"}},
            ],
        }
    ],
}
ANSWERS = {
    "shop_name": "ครัวป้าแดง",
    "owner": "สมหญิง รักดี",
    "seats": "24",
    "area": "80.5",
    "opened": "2569-01-15",
    "contact": "shop@example.com",
    "phone": "0812345678",
    "kind": "restaurant",
    "fee": "500",
    "notes": "เปิดทุกวัน 8.00-20.00 น.",
}
FORM = {
    "csrfmiddlewaretoken": CSRF,
    "applicant_name": "สมหญิง รักดี",
    "applicant_email": "somying@example.com",
    **ANSWERS,
    "opened": "15/01/2569",
    "declaration": "on",
    "action": "submit",
}


# --- The baseline: the same row inserted with one SQL statement, served the same way -------
# (gunicorn, 2 workers, Django with the project's settings and middleware: sessions, CSRF,
# locale...), so the ratio shows what the application adds on top of one INSERT.


def raw_insert(request: Any, service_id: int) -> Any:
    import secrets

    from django.db import connection
    from django.http import HttpResponseRedirect
    from django.utils import timezone

    now = timezone.now()
    answers = {k: request.POST.get(k, "") for k in ANSWERS}
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO intake_request (reference, agency_id, service_version_id, channel,"
            " applicant_name, applicant_email, answers, status, entered_at, deemed_received_at,"
            " paper_requested, idempotency_key, receipt_pdf, fingerprint) VALUES"
            " (%s, %s, %s, 'web', %s, %s, %s, 'submitted', %s, %s, false, %s, '', '')",
            [
                "RAW-" + secrets.token_hex(8),
                int(os.environ["BENCH_AGENCY"]),
                int(os.environ["BENCH_VERSION"]),
                request.POST.get("applicant_name", ""),
                request.POST.get("applicant_email", ""),
                json.dumps(answers, ensure_ascii=False),
                now,
                now,
                "raw:" + request.POST.get("key", ""),
            ],
        )
    return HttpResponseRedirect("/done")


def _urlpatterns() -> list[Any]:
    from django.conf.urls.i18n import i18n_patterns
    from django.urls import path

    return i18n_patterns(path("services/<int:service_id>/apply/", raw_insert))


def raw_application(environ: dict[str, Any], start_response: Any) -> Any:
    """The project's WSGI application with this module's one URL instead of the project's."""
    handler = getattr(raw_application, "handler", None)
    if handler is None:
        import django
        from django.conf import settings
        from django.core.handlers.wsgi import WSGIHandler

        django.setup()
        settings.ROOT_URLCONF = "bench.bench_intake"
        handler = raw_application.handler = WSGIHandler()  # type: ignore[attr-defined]
    return handler(environ, start_response)


def __getattr__(name: str) -> Any:
    # Django imports this module as the URLconf of the baseline server.
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)


def world() -> tuple[Any, Any]:
    from django.utils import timezone

    from eservice.catalogue.models import Service, ServiceVersion
    from eservice.registry.models import Agency

    agency = Agency.objects.create(
        code="4120401", name_th="เทศบาลเมืองบางบัวทอง", kind="town_municipality"
    )
    service = Service.objects.create(
        agency=agency, name_th="ใบอนุญาตร้านอาหาร", status="published", processing_days=15
    )
    version = ServiceVersion.objects.create(
        service=service,
        number=1,
        form=TEN_FIELDS,
        manual={"channels": ["online"]},
        published_at=timezone.now(),
    )
    service.current_version = version
    service.save(update_fields=["current_version"])
    return agency, version


def submit_one(agency: Any, version: Any, email: str, key: str, **more: Any) -> None:
    """A valid 10-field request, submitted in this process as the web form would."""
    from eservice.intake.services import Submission, submit

    submit(
        Submission(
            agency=agency,
            service_version=version,
            channel="web",
            applicant_name="สมหญิง รักดี",
            applicant_email=email,
            answers=ANSWERS,
            idempotency_key=key,
            attachments=[],
            **more,
        )
    )


def warm_up(url: str, path: str) -> None:
    """Both workers load every module (the first request imports the views) before timing."""
    import urllib.request

    for n in range(4):
        data = urllib.parse.urlencode({**FORM, "key": f"warm-up-request-{n:08d}"}).encode()
        request = urllib.request.Request(
            url + path, data, {"Cookie": f"csrftoken={CSRF}", "Referer": url + "/"}
        )
        # The redirect target of the baseline does not exist: a 404 is expected.
        with contextlib.suppress(urllib.error.HTTPError):
            urllib.request.urlopen(request, timeout=60).read()  # noqa: S310 - loopback


def wrk_post(url: str, path: str, run: str, seconds: int = 4) -> tuple[float, float, float, int]:
    """(requests/s, p50 ms, p99 ms, failed responses) for POSTs of the 10-field form, each
    with a fresh idempotency key."""
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `make bench` installs it (apt-get install wrk)")
    before, after = urllib.parse.urlencode({**FORM, "key": "KEYSPLIT"}).split("KEYSPLIT")
    script = Path(tempfile.mkdtemp()) / "post.lua"
    script.write_text(
        f"""
local threads = {{}}
function setup(thread) thread:set("id", #threads + 1); table.insert(threads, thread) end
function init(args) run = args[1]; counter = 0 end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "csrftoken={CSRF}"
wrk.headers["Referer"] = "{url}/"
request = function()
  counter = counter + 1
  local key = string.format("%s-t%d-%012d", run, id, counter)
  return wrk.format(nil, "{path}", nil, {json.dumps(before)} .. key .. {json.dumps(after)})
end
"""
    )
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            "-c8",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(script),
            url,
            "--",
            run,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]

    def percentile(p: str) -> float:
        value, unit = re.search(rf"{p}%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    failed = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rps, percentile("50"), percentile("99"), int(failed.group(1)) if failed else 0


def part_submissions(database: str) -> None:
    database_url = setup_django(None if database == "sqlite" else _fresh_postgres())
    try:
        _submissions(database, database_url)
    finally:
        if database != "sqlite":
            _drop_postgres(database_url)


def _submissions(database: str, database_url: str) -> None:
    agency, version = world()
    env = {
        **ENV,
        "DATABASE_URL": database_url,
        "BENCH_AGENCY": str(agency.pk),
        "BENCH_VERSION": str(version.pk),
    }
    path = f"/en/services/{version.service_id}/apply/"
    with gunicorn("bench.bench_intake:raw_application", env=env) as url:
        warm_up(url, path)
        wrk_post(url, path, "rawwarm", seconds=1)
        base = wrk_post(url, path, "raw")
    with gunicorn("eservice.wsgi:application", env=env) as url:
        warm_up(url, path)
        wrk_post(url, path, "warm", seconds=1)
        real = wrk_post(url, path, "real")
    from eservice.intake.models import Request

    made = Request.objects.exclude(reference__startswith="RAW-").count()
    label = "SQLite" if database == "sqlite" else "PostgreSQL"
    report(f"web submissions, 10 fields, {label}", real[0], "req/s", base[0])
    report(f"web submission p50, {label}", real[1], "ms", base[1], higher_is_better=False)
    report(f"web submission p99, {label}", real[2], "ms", base[2], higher_is_better=False)
    print(f"  ({made} requests made, {real[3]} failed responses; baseline {base[3]} failed)")
    if real[3] or base[3]:
        raise SystemExit("failed responses: the figures above do not count")


def _fresh_postgres() -> str:
    import psycopg

    name = f"es_intake_bench_{os.getpid()}"
    with psycopg.connect(POSTGRES, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return POSTGRES.rsplit("/", 1)[0] + "/" + name


def _drop_postgres(url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(POSTGRES, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


# --- Acknowledgements: the mail worker against a bare smtplib loop -------------------------


class Counter:
    def __init__(self) -> None:
        self.count = 0
        self.ids: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.count += 1
        found = re.search(rb"^Message-ID:\s*(\S+)", envelope.original_content, re.M | re.I)
        self.ids.append(found.group(1).decode() if found else "")
        return "250 OK"


def counting_relay() -> tuple[Counter, Any, int]:
    """A local SMTP server (aiosmtpd, in a thread) that counts what it receives: (counter,
    controller to stop, port)."""
    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    counter = Counter()
    port = free_port()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    return counter, controller, port


def part_acknowledgements() -> None:
    setup_django()
    import smtplib

    from django.core.management import call_command
    from django.test import override_settings

    from eservice.outreach.models import OutgoingMail

    agency, version = world()
    count = 500
    for n in range(count):
        submit_one(agency, version, f"a{n}@example.com", f"ack:{n}")
    counter, controller, port = counting_relay()
    mailers = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    try:
        with override_settings(MAILERS=mailers):
            # Baseline: the same messages, built the same way, over one connection.
            from eservice.outreach.mail import StoredMessage

            messages = [
                StoredMessage(
                    m.subject,
                    m.body,
                    m.from_email,
                    [m.to],
                    reply_to=[m.reply_to] if m.reply_to else None,
                    headers={"Message-ID": m.message_id, **m.headers},
                ).message()
                for m in OutgoingMail.objects.all()
            ]
            # The best of three: a short loop is at the mercy of the machine's other work.
            rates = []
            for _round in range(3):
                started = time.perf_counter()
                with smtplib.SMTP("127.0.0.1", port) as client:
                    for message in messages:
                        client.send_message(message)
                rates.append(count / (time.perf_counter() - started))
            baseline = max(rates)
            counter.count = 0
            started = time.perf_counter()
            call_command(
                "db_worker",
                batch=True,
                queue_name="*",
                reload=False,
                startup_delay=False,
                verbosity=0,
            )
            elapsed = time.perf_counter() - started
    finally:
        controller.stop()
    sent = OutgoingMail.objects.filter(status="sent").count()
    report("acknowledgements sent by the worker", sent / elapsed, "msg/s", baseline)
    print(f"  ({sent} of {count} sent; {counter.count} received by the SMTP server)")


def part_steady() -> None:
    """Submissions at a steady rate (BENCH_RATE, default 100/s) for 5 s while the worker
    sends: how long each acknowledgement waited to leave."""
    database_url = setup_django()
    from eservice.outreach.models import OutgoingMail

    agency, version = world()
    counter, controller, port = counting_relay()
    env = {
        **os.environ,
        **ENV,
        "DATABASE_URL": database_url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
    }
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "worker", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    rate = int(os.environ.get("BENCH_RATE", "100"))

    def one(n: int) -> None:
        submit_one(agency, version, f"s{n}@example.com", f"steady:{n}")

    one(-1)  # the first render imports every template library: not part of the rate
    started = time.perf_counter()
    made = 0
    while time.perf_counter() - started < 5:
        due = int((time.perf_counter() - started) * rate)
        while made < due:
            one(made)
            made += 1
        time.sleep(0.001)
    offered = made / (time.perf_counter() - started)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and OutgoingMail.objects.exclude(status="sent").exists():
        time.sleep(0.5)
    worker.terminate()
    worker.wait(10)
    controller.stop()
    waits = sorted(
        (m.sent_at - m.created_at).total_seconds()
        for m in OutgoingMail.objects.filter(status="sent")
    )
    if not waits:
        raise SystemExit("no acknowledgement was sent")
    made += 1  # with the warm-up
    within = sum(w <= 10 for w in waits) / made
    p99 = waits[min(len(waits) - 1, int(len(waits) * 0.99))]
    print(
        f"acknowledgements at a steady {offered:.0f} submissions/s (asked {rate}/s): "
        f"{within:.0%} left within 10 s, p50 {waits[len(waits) // 2]:.1f} s, p99 {p99:.1f} s "
        f"({len(waits)} of {made} sent)",
        flush=True,
    )


# --- E-mail intake: parsing --------------------------------------------------------------


def sample_mail() -> bytes:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "=?utf-8?b?4Liq4Lih4LiK4Liy4Lii?= <somchai@example.com>"
    message["To"] = "4120401@eservice.localhost"
    message["Subject"] = "ขอใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหาร"
    message["Message-ID"] = "<bench@example.com>"
    message.set_content("เรียน นายกเทศมนตรี\n\nขอยื่นคำขอใบอนุญาต รายละเอียดตามเอกสารแนบ\n" * 20)
    message.add_alternative("<p>เรียน นายกเทศมนตรี</p>" * 20, subtype="html")
    message.add_attachment(
        b"%PDF-1.4\n" + b"0" * 50_000, maintype="application", subtype="pdf", filename="ใบคำขอ.pdf"
    )
    return message.as_bytes()


def part_parse() -> None:
    setup_django()
    from email import message_from_bytes, policy

    from eservice.intake.mailin import parse

    raw = sample_mail()
    rounds = 200
    started = time.perf_counter()
    for _ in range(rounds):
        message = message_from_bytes(raw, policy=policy.default)
        for part in message.walk():
            part.get_payload(decode=True)
    baseline = rounds / (time.perf_counter() - started)
    started = time.perf_counter()
    for _ in range(rounds):
        parse(raw)
    rate = rounds / (time.perf_counter() - started)
    report("e-mail messages parsed (Thai, HTML, PDF attached)", rate, "msg/s", baseline)


# --- Kill test -----------------------------------------------------------------------------


def part_kill() -> None:
    """SIGKILL the web server and the worker in the middle of a load, restart both, and check
    that every confirmed request exists with its attachment and no acknowledgement went twice."""
    database_url = setup_django()
    import http.client
    import uuid

    agency, version = world()
    counter, controller, smtp_port = counting_relay()
    web_port = free_port()
    env = {
        **os.environ,
        **ENV,
        "DATABASE_URL": database_url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
    }
    pdf = b"%PDF-1.4\n%kill test\n" + os.urandom(2048)

    def start() -> tuple[subprocess.Popen[bytes], subprocess.Popen[bytes]]:
        web = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "eservice.wsgi:application",
                "--bind",
                f"127.0.0.1:{web_port}",
                "--workers",
                "2",
                "--log-level",
                "error",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        worker = subprocess.Popen(
            [PYTHON, "manage.py", "worker", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                http.client.HTTPConnection("127.0.0.1", web_port, timeout=1).request("HEAD", "/")
                break
            except OSError:
                time.sleep(0.1)
        warm_up(f"http://127.0.0.1:{web_port}", f"/en/services/{version.service_id}/apply/")
        return web, worker

    confirmed: dict[str, str] = {}  # reference -> attachment sha256
    errors = [0]
    stop = threading.Event()

    def applicant(n: int) -> None:
        import hashlib

        while not stop.is_set():
            key = uuid.uuid4().hex
            boundary = "----bench" + key
            fields = {**FORM, "key": key}
            part = '--{}\r\nContent-Disposition: form-data; name="{}"\r\n\r\n{}\r\n'
            body = b"".join(part.format(boundary, k, v).encode() for k, v in fields.items())
            content = pdf + key.encode()
            body += (
                f'--{boundary}\r\nContent-Disposition: form-data; name="notes_file";'
                f' filename="plan.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
            ).encode()
            body += content + f"\r\n--{boundary}--\r\n".encode()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", web_port, timeout=10)
                connection.request(
                    "POST",
                    f"/en/services/{version.service_id}/apply/",
                    body,
                    {
                        "Content-Type": f"multipart/form-data; boundary={boundary}",
                        "Cookie": f"csrftoken={CSRF}",
                        "Referer": f"http://127.0.0.1:{web_port}/",
                    },
                )
                response = connection.getresponse()
                response.read()
                location = response.getheader("Location", "")
                if response.status != 302 or "/submitted/" not in location:
                    errors[0] += 1
                    if errors[0] == 1:
                        print(f"  first refused submission: HTTP {response.status}", flush=True)
                    continue
                connection.request("GET", location)
                page = connection.getresponse()
                text = page.read().decode()
                found = re.search(r"data-reference>([^<]+)<", text)
                if page.status == 200 and found:
                    confirmed[found.group(1).strip()] = hashlib.sha256(content).hexdigest()
            except (OSError, http.client.HTTPException):
                errors[0] += 1  # the server was killed under this request: not confirmed
                time.sleep(0.05)

    version.form = {
        **TEN_FIELDS,
        "pages": [
            {
                **TEN_FIELDS["pages"][0],
                "fields": [
                    *TEN_FIELDS["pages"][0]["fields"],
                    {
                        "key": "notes_file",
                        "type": "file",
                        "label": {"th": "แผนผัง", "en": "Plan"},
                        "accept": ["pdf"],
                        "max_size_mb": 5,
                    },
                ],
            }
        ],
    }
    version.save()
    web, worker = start()
    threads = [threading.Thread(target=applicant, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(6)
    for process in (web, worker):
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    killed_at = len(confirmed)
    time.sleep(1)
    web, worker = start()
    time.sleep(5)
    stop.set()
    for thread in threads:
        thread.join()

    from eservice.intake.models import Attachment, Request
    from eservice.outreach.models import OutgoingMail

    deadline = time.monotonic() + 30
    while (
        time.monotonic() < deadline
        and OutgoingMail.objects.filter(status="queued", next_attempt_at__lte=time_now()).exists()
    ):
        time.sleep(0.5)
    for process in (web, worker):
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()
    controller.stop()

    missing = [r for r in confirmed if not Request.objects.filter(reference=r).exists()]
    bad_files = [
        r
        for r, digest in confirmed.items()
        if not Attachment.objects.filter(request__reference=r, sha256=digest).exists()
        or not Attachment.objects.get(request__reference=r).file.storage.exists(
            Attachment.objects.get(request__reference=r).file.name
        )
    ]
    duplicates = len(counter.ids) - len(set(counter.ids))
    leased = OutgoingMail.objects.filter(status="queued").count()
    sent = OutgoingMail.objects.filter(status="sent").count()
    print(
        f"kill test: {len(confirmed)} confirmed ({killed_at} before the kill), "
        f"{len(missing)} missing, {len(bad_files)} without their attachment, "
        f"{duplicates} acknowledgements sent twice, {sent} sent, "
        f"{leased} held by the killed worker's lease (sent after it expires), "
        f"{errors[0]} submissions cut off by the kill (never confirmed)",
        flush=True,
    )
    if missing or bad_files or duplicates:
        raise SystemExit("kill test FAILED")


# --- Where a submission's time goes: in one process, without the load tool --------------


def part_breakdown() -> None:
    """Milliseconds per submission, the whole of it and its main parts, beside the baseline
    (the Django stack and one raw INSERT), all called in this process on SQLite. Shows what
    the 0.40 goal leaves for the application's own work."""
    import io

    os.environ.update(ENV)
    setup_django()
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.urls import clear_url_caches

    from eservice.intake import apply, services
    from eservice.intake.models import Draft, PostCount, Request

    agency, version = world()
    os.environ.update(BENCH_AGENCY=str(agency.pk), BENCH_VERSION=str(version.pk))
    path = f"/en/services/{version.service_id}/apply/"
    keys = iter(range(10**9))

    def post() -> dict[str, Any]:
        body = urllib.parse.urlencode({**FORM, "key": f"breakdown-{next(keys):012d}"}).encode()
        return {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": path,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "HTTP_HOST": "127.0.0.1:8000",
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "HTTP_COOKIE": f"csrftoken={CSRF}",
            "HTTP_REFERER": "http://127.0.0.1:8000/",
        }

    def per_call(work: Any, count: int = 500) -> float:
        for _n in range(20):
            work()
        started = time.perf_counter()
        for _n in range(count):
            work()
        return (time.perf_counter() - started) / count * 1000

    def served(handler: Any) -> Any:
        def one() -> None:
            statuses: list[str] = []
            b"".join(handler(post(), lambda status, headers, info=None: statuses.append(status)))
            if statuses != ["302 Found"]:
                raise SystemExit(f"a submission was answered {statuses}, not a redirect")

        return one

    whole = per_call(served(WSGIHandler()))
    request = Request.objects.exclude(reference__startswith="RAW-").first()
    assert request is not None
    calendar = agency.calendar()
    flow = apply.Flow(version)
    data = {**FORM, "key": "x" * 30}

    def forms() -> None:
        checked = [
            apply.ContactForm(data),
            apply._page_form(flow, 0, None, data, {}),
            apply.DeclarationForm(data),
        ]
        assert all(form is not None and form.is_valid() for form in checked)

    def save() -> None:
        submit_one(
            agency,
            version,
            "somying@example.com",
            f"breakdown-save-{next(keys)}",
            post_bucket=PostCount.bucket_of("127.0.0.2"),
        )

    rendering = per_call(lambda: services.acknowledgement_mail(request, calendar))
    parts = {
        "the service and its agency looked up": per_call(
            lambda: services.published_version(version.service_id)
        ),
        "the idempotency key and the draft looked up": per_call(
            lambda: (
                Request.objects.filter(idempotency_key="web:none").first(),
                Draft.objects.filter(key="none").first(),
            )
        ),
        "the three forms built and validated": per_call(forms),
        "the acknowledgement rendered (Thai and English)": rendering,
        "the rows written in one transaction (request, case, audit entry, mail, count)": (
            per_call(save) - rendering
        ),
    }
    settings.ROOT_URLCONF = "bench.bench_intake"  # last: the parts above reverse URLs
    clear_url_caches()
    raw = per_call(served(WSGIHandler()))
    print(f"a submission in process: {whole:.2f} ms (baseline, stack and one INSERT: {raw:.2f} ms)")
    for name, ms in parts.items():
        print(f"  of which {name}: {ms:.2f} ms")
    rest = whole - raw - sum(parts.values())
    print(f"  and {rest:.2f} ms more: the view's own work, the redirect")


def time_now() -> Any:
    from django.utils import timezone

    return timezone.now()


PARTS = {
    "sqlite": lambda: part_submissions("sqlite"),
    "postgres": lambda: part_submissions("postgres"),
    "acks": part_acknowledgements,
    "steady": part_steady,
    "parse": part_parse,
    "kill": part_kill,
    "breakdown": part_breakdown,
}


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--part":
        PARTS[sys.argv[2]]()
        return 0
    failed = 0
    for name in sys.argv[1:] or list(PARTS):
        failed |= subprocess.run([PYTHON, __file__, "--part", name], cwd=ROOT).returncode
    return failed


if __name__ == "__main__":
    sys.exit(main())
