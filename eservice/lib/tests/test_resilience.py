"""The long-running processes of `make run` (the worker with its heartbeat, the scheduler and
the SMTP receiver) live through a database that stays locked longer than its busy timeout
(SQLite) or drops their connections (PostgreSQL), and carry on working afterwards (ADR 0012).

Each test runs the real processes against a fresh database of its own."""

import os
import smtplib
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import psycopg
import pytest

from conftest import ROOT, free_port, wait_until

pytestmark = pytest.mark.real_clock


class SQLiteDatabase:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.url = f"sqlite:///{path}"

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(self.path, timeout=30, isolation_level=None)) as db:
            return db.execute(sql).fetchall()


class PostgreSQLDatabase:
    def __init__(self, name: str) -> None:
        self.name = name
        self.url = f"postgres://postgres@127.0.0.1:5432/{name}"

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.url, autocommit=True) as db:
            cursor = db.execute(sql, params)
            return cursor.fetchall() if cursor.description else []


class Platform:
    """The worker, the scheduler and the SMTP receiver, started as `make run` starts them."""

    def __init__(self, database: SQLiteDatabase | PostgreSQLDatabase, var_dir: Path) -> None:
        self.database = database
        self.var_dir = var_dir
        self.smtp_port = free_port()
        self.env = {
            **os.environ,
            "DATABASE_URL": database.url,
            "VAR_DIR": str(var_dir),
            # Locked for longer than this, a write fails with "database is locked".
            "SQLITE_BUSY_TIMEOUT_SECONDS": "1",
        }
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    def migrate(self) -> None:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0", "--skip-checks"],
            cwd=ROOT,
            env=self.env,
            check=True,
        )

    def start(self) -> None:
        # (Without the system checks, which have nothing to do with this and take seconds.)
        commands = {
            "worker": ["worker", "--no-startup-delay", "--interval", "0.2", "--skip-checks"],
            "scheduler": ["scheduler", "--interval", "0.5", "--skip-checks"],
            "smtpd": ["smtpd", "--port", str(self.smtp_port)],
        }
        for name, args in commands.items():
            with (self.var_dir / f"{name}.log").open("wb") as log:
                self.processes[name] = subprocess.Popen(
                    [sys.executable, "manage.py", *args],
                    cwd=ROOT,
                    env=self.env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
        assert wait_until(self.accepts_mail, 30), self.logs()
        assert wait_until(lambda: self.heartbeat() is not None, 30), self.logs()
        # The periodic tasks enqueued on starting all run, so the worker is idle: waiting
        # for the next task, it meets whatever the database does next.
        assert wait_until(lambda: self.tasks_run() > 0 and self.tasks_waiting() == 0, 60), (
            self.logs()
        )

    def stop(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def log(self, name: str) -> str:
        return (self.var_dir / f"{name}.log").read_text(errors="replace")

    def logs(self) -> str:
        return "\n".join(f"--- {name}\n{self.log(name)[-3000:]}" for name in self.processes)

    def dead(self) -> list[str]:
        return [name for name, process in self.processes.items() if process.poll() is not None]

    def accepts_mail(self) -> bool:
        try:
            with smtplib.SMTP("127.0.0.1", self.smtp_port, timeout=2):
                return True
        except OSError:
            return False

    def send_application(self, message_id: str) -> None:
        mail = EmailMessage()
        mail["From"] = "สมชาย <somchai@example.com>"
        mail["To"] = "lao@eservice.localhost"
        mail["Subject"] = "ขอซ่อมไฟทาง"
        mail["Message-ID"] = message_id
        mail.set_content("ไฟทางหน้าบ้านดับมาหนึ่งสัปดาห์")
        with smtplib.SMTP("127.0.0.1", self.smtp_port, timeout=60) as client:
            client.send_message(mail)  # raises unless the answer is 250: stored

    def emails_stored(self) -> int:
        return int(self.database.query("SELECT count(*) FROM intake_inboundemail")[0][0])

    def heartbeat(self) -> Any:
        return self.database.query("SELECT max(seen_at) FROM lib_workerheartbeat")[0][0]

    def tasks_run(self) -> int:
        rows = self.database.query(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            # A periodic task that is quick and harmless.
            "WHERE task_path = 'eservice.lib.tasks.forget_old_heartbeats' "
            "AND status = 'SUCCESSFUL'"
        )
        return int(rows[0][0])

    def tasks_waiting(self) -> int:
        rows = self.database.query(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE status IN ('READY', 'RUNNING')"
        )
        return int(rows[0][0])

    def assert_still_working(self) -> None:
        """Every process alive; the heartbeat moves on; the scheduler enqueues a period it
        has not done (its record forgotten here) and the worker runs what it enqueued."""
        assert self.dead() == [], self.logs()
        beat, run = self.heartbeat(), self.tasks_run()
        self.database.query("DELETE FROM lib_scheduledrun")
        assert wait_until(lambda: self.heartbeat() != beat and self.tasks_run() > run, 20), (
            self.logs()
        )
        assert self.dead() == [], self.logs()


def retried(what: str, log: str, error: str = "") -> bool:
    return any(f"{what}: {error}" in line and "trying again" in line for line in log.splitlines())


@pytest.fixture
def sqlite_platform(tmp_path: Path) -> Iterator[Platform]:
    platform = Platform(SQLiteDatabase(tmp_path / "db.sqlite3"), tmp_path)
    platform.migrate()
    yield platform
    platform.stop()


@pytest.fixture
def postgresql_platform(tmp_path: Path) -> Iterator[Platform]:
    server = PostgreSQLDatabase("postgres")
    database = PostgreSQLDatabase(f"eservice_resilience_{os.getpid()}")
    server.query(f"DROP DATABASE IF EXISTS {database.name} WITH (FORCE)")
    server.query(f"CREATE DATABASE {database.name}")
    platform = Platform(database, tmp_path)
    try:
        platform.migrate()
        yield platform
    finally:
        platform.stop()
        server.query(f"DROP DATABASE {database.name} WITH (FORCE)")


def test_every_process_outlives_a_write_lock_longer_than_the_busy_timeout(sqlite_platform):
    platform = sqlite_platform
    platform.start()
    locked = threading.Event()

    def hold_the_write_lock() -> None:
        with closing(sqlite3.connect(platform.database.path, isolation_level=None)) as db:
            db.execute("BEGIN IMMEDIATE")
            locked.set()
            # Longer than a heartbeat's interval (5 s) plus the busy timeout (1 s), so every
            # process tries to write meanwhile.
            time.sleep(7)
            db.execute("COMMIT")

    holder = threading.Thread(target=hold_the_write_lock)
    holder.start()
    locked.wait(10)
    sent = time.monotonic()
    platform.send_application("<locked-1@example.com>")  # answered once stored
    waited = time.monotonic() - sent
    holder.join()

    assert waited > 5, "the message was stored while the database was locked?"
    assert platform.emails_stored() == 1
    for name, what in [
        ("worker", "worker"),
        ("worker", "heartbeat"),
        ("scheduler", "scheduler"),
        ("smtpd", "storing an e-mail"),
    ]:
        assert retried(what, platform.log(name), "database is locked"), platform.logs()
    platform.assert_still_working()


def test_every_process_outlives_its_postgresql_connections_being_terminated(
    postgresql_platform,
):
    platform = postgresql_platform
    platform.start()
    database = platform.database
    assert isinstance(database, PostgreSQLDatabase)

    terminated = database.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = %s AND pid <> pg_backend_pid()",
        database.name,
    )
    # The worker's, its heartbeat's and the scheduler's (smtpd connects per message).
    assert len(terminated) >= 3

    platform.send_application("<terminated-1@example.com>")
    assert platform.emails_stored() == 1
    platform.assert_still_working()
    # (Whatever psycopg makes of the closed connection, the retry is logged.)
    assert retried("scheduler", platform.log("scheduler")), platform.logs()
    assert retried("heartbeat", platform.log("worker")), platform.logs()
