"""Which database errors are worth trying again, with the errors the real drivers raise,
wrapped as Django wraps them."""

import logging
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from django.db import IntegrityError, OperationalError, transaction

from eservice.lib import retry
from eservice.lib.retry import retry_transient

# Transactional: in the usual test transaction, every error would be left to the test.
pytestmark = pytest.mark.django_db(transaction=True)

POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


def as_django_raises(error: Exception) -> Exception:
    wrapper = IntegrityError if isinstance(error, sqlite3.IntegrityError) else OperationalError
    try:
        raise wrapper(*error.args) from error
    except Exception as wrapped:  # noqa: BLE001 - returned to the test
        return wrapped


def sqlite_error(tmp_path: Path, sql: str, *, locked: bool = True) -> Exception:
    """What running `sql` raises, while another connection holds the write lock if `locked`."""
    path = tmp_path / "db.sqlite3"
    with (
        closing(sqlite3.connect(path, isolation_level=None)) as holder,
        closing(sqlite3.connect(path, timeout=0, isolation_level=None)) as writer,
    ):
        holder.execute("CREATE TABLE IF NOT EXISTS agency (code TEXT UNIQUE)")
        holder.execute("INSERT OR IGNORE INTO agency VALUES ('lao')")
        if locked:
            holder.execute("BEGIN IMMEDIATE")
        try:
            writer.execute(sql)
        except sqlite3.Error as error:
            return as_django_raises(error)
    raise AssertionError(f"{sql} did not fail")


def postgresql_error(sql: str, *, terminated: bool) -> Exception:
    """What running `sql` raises, on a connection an administrator terminated if `terminated`."""
    with psycopg.connect(POSTGRES, autocommit=True) as victim, psycopg.connect(POSTGRES) as admin:
        if terminated:
            admin.execute("SELECT pg_terminate_backend(%s)", (victim.info.backend_pid,))
        try:
            victim.execute(sql)
        except psycopg.Error as error:
            return as_django_raises(error)
    raise AssertionError(f"{sql} did not fail")


def failing(times: int, error: Exception) -> tuple[Callable[[], str], list[int]]:
    attempts: list[int] = []

    def work() -> str:
        attempts.append(1)
        if len(attempts) <= times:
            raise error
        return "stored"

    return work, attempts


@pytest.fixture(autouse=True)
def short_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retry, "FIRST_PAUSE_SECONDS", 0.01)


def test_a_locked_sqlite_database_is_tried_again_until_it_answers(tmp_path, caplog):
    locked = sqlite_error(tmp_path, "INSERT INTO agency VALUES ('bkk')")
    work, attempts = failing(3, locked)

    with caplog.at_level(logging.WARNING, logger="eservice.lib.retry"):
        assert retry_transient(work, what="storing an e-mail") == "stored"

    assert len(attempts) == 4
    assert [r.getMessage().split(";")[0] for r in caplog.records] == [
        "storing an e-mail: database is locked"
    ] * 3


def test_a_terminated_postgresql_connection_is_tried_again():
    work, attempts = failing(2, postgresql_error("SELECT 1", terminated=True))

    assert retry_transient(work, what="scheduler") == "stored"
    assert len(attempts) == 3


@pytest.mark.parametrize(
    "error",
    [
        lambda tmp_path: sqlite_error(tmp_path, "INSERT INTO agency VALUES ('lao')", locked=False),
        lambda tmp_path: sqlite_error(tmp_path, "INSERT INTO agencies VALUES ('bkk')"),
        lambda tmp_path: postgresql_error(
            "SET statement_timeout = 10; SELECT pg_sleep(1)", terminated=False
        ),
    ],
    ids=["integrity error", "no such table", "statement timeout"],
)
def test_a_real_error_propagates_at_once(tmp_path, error):
    work, attempts = failing(1, error(tmp_path))

    with pytest.raises((IntegrityError, OperationalError)):
        retry_transient(work, what="test")
    assert len(attempts) == 1


def test_a_smtp_receiver_gives_up_and_lets_the_sender_retry(tmp_path):
    work, attempts = failing(1000, sqlite_error(tmp_path, "INSERT INTO agency VALUES ('bkk')"))

    with pytest.raises(OperationalError, match="database is locked"):
        retry_transient(work, what="storing an e-mail", give_up_after=0.2)
    assert 3 < len(attempts) < 10  # pauses of 0.01, 0.02, 0.04 ... seconds, with jitter


def test_inside_a_transaction_the_error_is_left_to_whoever_began_it(tmp_path):
    work, attempts = failing(1, sqlite_error(tmp_path, "INSERT INTO agency VALUES ('bkk')"))

    with transaction.atomic(), pytest.raises(OperationalError):
        retry_transient(work, what="test")
    assert len(attempts) == 1
