"""The small shared world every test may use: a real SMTP server on loopback, a real
Chromium driven by Playwright, the task worker run in-process, and a few accounts."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.db import connection

# Playwright's sync API runs an event loop in the test thread; the ORM calls tests make
# around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def thai_by_default() -> Iterator[None]:
    """Every test starts in Thai, the site's default: an English page requested by an
    earlier test leaves its language active in the thread, which would turn this test's
    reverse() into /en/ URLs."""
    from django.utils import translation

    translation.activate("th")
    yield
    translation.deactivate()


# A Wednesday at 10:00 in Bangkok, with working days all around it: tests of what happens
# on an ordinary working day pin the clock here, so that they pass at any hour of any day.
WORKING_DAY = "2026-11-25T10:00:00+07:00"


@pytest.fixture
def working_day() -> Iterator[Any]:
    """The clock set to WORKING_DAY, and running on from there."""
    import time_machine

    with time_machine.travel(WORKING_DAY, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def audit_checkpoints_apart(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each test's audit checkpoints in a folder of its own, signed with a test key: those
    the development scheduler wrote under var/ describe another database, and verify_audit
    would rightly report the test's log as missing their entries."""
    import uuid

    settings.AUDIT_CHECKPOINT_DIR = f"audit/test-checkpoints/{uuid.uuid4().hex}"
    settings.AUDIT_CHECKPOINT_KEY = tmp_path_factory.getbasetemp() / "audit-checkpoint.pem"
    settings.AUDIT_CHECKPOINT_PUBLIC_KEYS = []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Mailbox:
    """What the SMTP server received, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[Any] = []
        self.peers: list[Any] = []  # the client's (host, port): one per SMTP connection

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.envelopes.append(envelope)
        self.peers.append(session.peer)
        self.messages.append(
            message_from_bytes(envelope.original_content, policy=policy.default)  # type: ignore[arg-type]
        )
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 20.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


class SMTPServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.mailbox = Mailbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()
            self.controller = None


def route_mail_to(settings: Any, server: SMTPServer) -> None:
    """The platform's mail goes to this server for the rest of the test."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 10},
        }
    }


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SMTPServer]:
    """A real SMTP server (aiosmtpd) on loopback; the platform's mail goes to it."""
    server = SMTPServer()
    server.start()
    route_mail_to(settings, server)
    yield server
    server.stop()


def wait_until(condition: Any, timeout: float = 30.0) -> bool:
    """Whether `condition()` came true within `timeout` seconds (for other processes)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def run_tasks() -> None:
    """Run every task that is due, in this process, with the real database worker."""
    call_command(
        "db_worker", batch=True, queue_name="*", reload=False, startup_delay=False, verbosity=0
    )


@pytest.fixture
def tasks() -> Any:
    return run_tasks


def database_url() -> str:
    """The URL of the database this test is using, for processes the test starts."""
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def start_process(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """Start `manage.py ARGS` against the test database, as make run would."""
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url(), **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="th-TH")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def agency(db: Any) -> Any:
    from eservice.registry.models import Agency

    return Agency.objects.create(
        code="4120401",
        name_th="เทศบาลเมืองบางบัวทอง",
        name_en="Bang Bua Thong Town Municipality",
        kind=Agency.Kind.TOWN_MUNICIPALITY,
    )


@pytest.fixture
def other_agency(db: Any) -> Any:
    from eservice.registry.models import Agency

    return Agency.objects.create(
        code="6120405",
        name_th="องค์การบริหารส่วนตำบลบางรักใหญ่",
        name_en="Bang Rak Yai SAO",
        kind=Agency.Kind.SAO,
    )


PASSWORD = "a-long-test-password-2569"  # noqa: S105 - test accounts only


@pytest.fixture
def officer(agency: Any) -> Any:
    from eservice.identity.models import User

    return User.objects.create_user(
        "officer", password=PASSWORD, agency=agency, role=User.Role.OFFICER
    )


@pytest.fixture
def oversight_user(db: Any) -> Any:
    from eservice.identity.models import User

    return User.objects.create_user("oversight", password=PASSWORD, role=User.Role.OVERSIGHT)
