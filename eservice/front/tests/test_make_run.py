"""`make run` as a newcomer starts it: every process under a supervisor, each one back within
seconds after a kill -9, the web answering throughout, and e-mail applications received."""

import os
import signal
import smtplib
import subprocess
import urllib.error
import urllib.request
from email.message import EmailMessage
from pathlib import Path

import pytest

from conftest import ROOT, database_url, free_port, wait_until
from eservice.intake.models import Request

pytestmark = pytest.mark.django_db(transaction=True)

PROGRAMS = [
    "web",
    "worker-mail:worker-mail-0",
    "worker-mail:worker-mail-1",
    "worker-default",
    "worker-bulk",
    "scheduler",
    "smtpd",
]


class Supervised:
    def __init__(self, var_dir: Path) -> None:
        self.port = free_port()
        self.smtp_port = free_port()
        self.env = {
            **os.environ,
            "PORT": str(self.port),
            "SMTP_PORT": str(self.smtp_port),
            "VAR_DIR": str(var_dir),
            "DATABASE_URL": database_url(),
        }
        self.log = (var_dir / "supervisord.out").open("wb")
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/supervisord"), "-c", str(ROOT / "supervisord.conf")],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def ctl(self, *args: str) -> str:
        result = subprocess.run(
            [str(ROOT / ".venv/bin/supervisorctl"), "-c", str(ROOT / "supervisord.conf"), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        return result.stdout.strip()

    def pid(self, program: str) -> int:
        text = self.ctl("pid", program)
        return int(text) if text.isdigit() else 0

    def get(self, path: str) -> int:
        try:
            url = f"http://127.0.0.1:{self.port}{path}"
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
                return int(response.status)
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return 0

    def output(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")

    def web_restarted(self) -> bool:
        listening = f"Listening at: http://127.0.0.1:{self.port} ({self.pid('web')})"
        return listening in self.output()

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(60)
        self.log.close()


@pytest.fixture
def supervised(tmp_path):
    running = Supervised(tmp_path)
    yield running
    if running.process.poll() is None:
        running.stop()


def test_every_process_comes_back_after_a_kill_and_the_web_serves_on(supervised, agency):
    assert wait_until(lambda: supervised.get("/healthz") == 200, 120), supervised.ctl("status")
    assert all(supervised.pid(p) for p in PROGRAMS), supervised.ctl("status")

    for program in PROGRAMS:
        old = supervised.pid(program)
        os.kill(old, signal.SIGKILL)
        assert wait_until(lambda p=program, o=old: supervised.pid(p) not in (0, o), 15), (
            program,
            supervised.ctl("status"),
        )
        if program == "web":
            # The killed master's workers serve on until they notice; then the new master's.
            # (the new one may fail to bind meanwhile and be started again): wait for a master
            # started after the kill to listen.
            assert wait_until(supervised.web_restarted, 45), supervised.output()[-3000:]
            assert supervised.get("/") == 200, supervised.output()[-3000:]
        else:
            status = supervised.get("/")
            assert status == 200, (program, status, supervised.output()[-3000:])
    assert wait_until(lambda: supervised.get("/healthz") == 200, 60), supervised.ctl("status")
    assert supervised.process.poll() is None

    # Applying by e-mail works out of the box, on the port make run prints.
    mail = EmailMessage()
    mail["From"] = "สมชาย <somchai@example.com>"
    mail["To"] = f"{agency.code}@eservice.localhost"
    mail["Subject"] = "ขอซ่อมไฟทาง"
    mail["Message-ID"] = "<make-run-1@example.com>"
    mail.set_content("ไฟทางหน้าบ้านดับมาหนึ่งสัปดาห์")
    assert wait_until(lambda: _accepts(supervised.smtp_port), 30)
    with smtplib.SMTP("127.0.0.1", supervised.smtp_port, timeout=30) as client:
        client.send_message(mail)
    assert Request.objects.filter(agency=agency, channel="email").count() == 1

    supervised.stop()
    assert supervised.process.returncode == 0
    assert supervised.get("/") == 0  # Ctrl-C (or TERM) stops everything


def _accepts(port: int) -> bool:
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=2):
            return True
    except OSError:
        return False
