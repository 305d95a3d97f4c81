"""The audit log: who did what, when, from where; every view of personal data included.

Call record() from views and services. verify() walks the chain and reports the first entry
whose hash does not match, which is what an edit or a deletion by SQL leaves behind, and
checks the chain against the signed checkpoints kept outside the database (checkpoints.py),
which is what catches the newest entries deleted with the head moved back.

An action that changes data runs inside `with audit.action():` (a transaction). If the
action rolls back, the entries it recorded are written again after the rollback, marked
`rolled_back`, so the log keeps the attempt: it works the same on SQLite, where a second
connection could not write while the first holds the write lock, and on PostgreSQL.
"""

import hashlib
import ipaddress
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from eservice.lib import checkpoints
from eservice.lib.models import AuditEntry, AuditHead

GENESIS = "0" * 64
logger = logging.getLogger(__name__)

# The entries recorded inside the innermost audit.action() still running, to be written
# again if it rolls back.
_pending: ContextVar[list[dict[str, Any]] | None] = ContextVar("audit_pending", default=None)


def _digest(entry: AuditEntry) -> str:
    payload = json.dumps(
        [
            entry.previous_hash,
            entry.at.isoformat(),
            entry.actor,
            entry.ip,
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.agency_id,
            entry.detail,
        ],
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address: behind settings.TRUSTED_PROXIES proxies, the one the farthest
    of them saw (that many entries from the right of X-Forwarded-For, since each proxy
    appends its peer); entries further left are whatever the client chose to send."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR")
    hops = settings.TRUSTED_PROXIES
    if hops <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < hops:
        return remote  # not through all of them
    try:
        return str(ipaddress.ip_address(forwarded[-hops]))
    except ValueError:
        return remote


def record(
    action: str,
    *,
    request: HttpRequest | None = None,
    actor: str = "",
    obj: models.Model | None = None,
    agency_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    if not actor and request is not None:
        user = getattr(request, "user", None)
        actor = user.get_username() if user is not None and user.is_authenticated else "anonymous"
    fields = {
        "at": timezone.now(),
        "actor": actor or "system",
        "ip": client_ip(request),
        "action": action,
        "object_type": obj._meta.label_lower if obj is not None else "",
        "object_id": str(obj.pk) if obj is not None else "",
        "agency_id": agency_id,
        # Through JSON once, so the hash is computed over what the database gives back.
        "detail": json.loads(json.dumps(detail or {}, default=str)),
    }
    return _keep(fields)


def _keep(fields: dict[str, Any]) -> AuditEntry:
    pending = _pending.get()
    if pending is not None:
        pending.append(fields)
    return _write(fields)


def _write(fields: dict[str, Any]) -> AuditEntry:
    with transaction.atomic(savepoint=False):
        # One row holds the newest hash; locking it serialises writers, so the chain never
        # forks (locking the newest entry would not: a waiting writer would see a stale one).
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"hash": GENESIS}
        )
        entry = AuditEntry(**fields, previous_hash=head.hash)
        entry.hash = _digest(entry)
        entry.save()
        AuditHead.objects.filter(pk=1).update(hash=entry.hash)
    return entry


@contextmanager
def action() -> Iterator[None]:
    """A transaction whose audit entries outlive it."""
    pending: list[dict[str, Any]] = []
    token = _pending.set(pending)
    committed = False
    try:
        with transaction.atomic():
            yield
            committed = not transaction.get_rollback()
    finally:
        _pending.reset(token)
        outer = _pending.get()
        if not committed:
            _rewrite(pending)
        elif outer is not None:
            # Committed into an enclosing action: still undone if that one rolls back.
            outer.extend(pending)


def _rewrite(pending: list[dict[str, Any]]) -> None:
    outer = _pending.get()
    for fields in pending:
        fields = {**fields, "detail": {**fields["detail"], "rolled_back": True}}
        if connection.needs_rollback:
            # Inside an outer transaction that is failing too: its own rollback rewrites.
            if outer is not None:
                outer.append(fields)
            else:
                logger.error("Audit entry lost with a failed transaction: %s", fields)
            continue
        _keep(fields)


def verify() -> str | None:
    """What is wrong with the log, or None when it is intact: the first entry that breaks
    the chain, or the first checkpoint (kept outside the database) the log no longer
    matches, which is what deleting the newest entries and rewinding the head leaves. One
    pass over the entries, in id order."""
    try:
        marks = checkpoints.read_all()
    except checkpoints.Invalid as error:
        return str(error)
    pending = iter(marks)
    mark = next(pending, None)
    previous = GENESIS
    last = None
    entries = AuditEntry.objects.order_by("id").iterator(chunk_size=2000)
    for count, entry in enumerate(entries, start=1):
        if entry.previous_hash != previous or _digest(entry) != entry.hash:
            return (
                f"The audit log was altered at entry {entry.pk} ({entry.at:%Y-%m-%d %H:%M:%S}, "
                f"{entry.action}): it, the entry before it, or entries after it were edited or "
                "deleted."
            )
        while mark is not None and mark.last_id <= entry.pk:
            if mark.last_id != entry.pk:
                return (
                    f"Entry {mark.last_id}, the newest when checkpoint {mark.seq} was made "
                    f"({mark.at}), is gone: entries were deleted and the log continued after "
                    "them."
                )
            if mark.head != entry.hash or mark.entries != count:
                return (
                    f"Checkpoint {mark.seq} ({mark.at}) recorded {mark.entries} entries up to "
                    f"entry {mark.last_id}; the log now has {count}, or that entry changed: "
                    "the log up to it was rewritten."
                )
            mark = next(pending, None)
        previous = entry.hash
        last = entry
    if mark is not None:
        now = f"ends at entry {last.pk}" if last is not None else "is empty"
        return (
            f"Entries were deleted from the end of the audit log: checkpoint {mark.seq} "
            f"({mark.at}) recorded {mark.entries} entries up to entry {mark.last_id}, but the "
            f"log {now}."
        )
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and head.hash != previous:
        if last is None:
            return "All audit entries were deleted: the head names an entry that is gone."
        return (
            f"Entries after entry {last.pk} ({last.at:%Y-%m-%d %H:%M:%S}) were deleted: the "
            "head names an entry that is gone."
        )
    return None
