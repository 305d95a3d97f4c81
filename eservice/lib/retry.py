"""Retry database work that failed only because the database was busy for a moment or the
connection dropped (ADR 0012).

The worker, its heartbeat, the scheduler and the SMTP receiver run for days. SQLite answers
"database is locked" when another process holds the write lock longer than the busy timeout;
PostgreSQL drops connections when it restarts, fails over or an operator terminates them.
Neither is a reason for a process to die: it waits a little and tries again.
"""

import logging
import random
import sqlite3
import time
from collections.abc import Callable

import psycopg
from django.db import DatabaseError, close_old_connections, connection

logger = logging.getLogger(__name__)

FIRST_PAUSE_SECONDS = 0.5
LONGEST_PAUSE_SECONDS = 30.0

_SQLITE_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
# PostgreSQL's "connection exception" class, and "admin shutdown", "crash shutdown" and
# "cannot connect now" (the server is stopping, recovering or starting).
_POSTGRES_GONE = {"57P01", "57P02", "57P03"}


def is_transient(error: BaseException) -> bool:
    """True when trying the same work again later may well succeed."""
    if not isinstance(error, DatabaseError):
        return False
    cause = error.__cause__
    if isinstance(cause, sqlite3.OperationalError):
        # The extended codes (BUSY_SNAPSHOT, LOCKED_SHAREDCACHE ...) keep the primary code
        # in their low byte.
        return cause.sqlite_errorcode & 0xFF in _SQLITE_BUSY
    if isinstance(cause, psycopg.OperationalError):
        # No SQLSTATE: the client lost or could not open the connection.
        state = cause.sqlstate
        return state is None or state.startswith("08") or state in _POSTGRES_GONE
    return False


def recover(error: DatabaseError, *, what: str, pause: float) -> None:
    """Log a transient error, and close the connection it broke so that the next try opens a
    new one (a connection that merely met a lock is kept)."""
    # On one line: psycopg's messages run over several.
    logger.warning("%s: %s; trying again in %.1f s", what, " ".join(str(error).split()), pause)
    close_old_connections()


def retry_transient[T](
    work: Callable[[], T], *, what: str, give_up_after: float | None = None
) -> T:
    """Do `work`; while it fails with a transient database error, wait (doubling the pause,
    with jitter, up to LONGEST_PAUSE_SECONDS) and do it again. Any other error propagates.
    Without `give_up_after` it never gives up; with it, the transient error is raised once
    that many seconds would have passed.

    `work` must be a whole transaction: inside an atomic block the error propagates, since
    only the caller can start that transaction again."""
    started = time.monotonic()
    attempt = 0
    while True:
        try:
            return work()
        except DatabaseError as error:
            if not is_transient(error) or connection.in_atomic_block:
                raise
            pause = min(LONGEST_PAUSE_SECONDS, FIRST_PAUSE_SECONDS * 2 ** min(attempt, 16))
            pause *= random.uniform(0.5, 1.0)  # noqa: S311 - jitter, not a secret
            if give_up_after is not None and time.monotonic() + pause - started > give_up_after:
                raise
            recover(error, what=what, pause=pause)
            time.sleep(pause)
            attempt += 1
