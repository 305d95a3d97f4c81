"""The audit log: who did what, when, from where; every view of personal data included.

Call record() from views and services. verify() walks the chain and reports the first entry
whose hash does not match, which is what an edit or a deletion by SQL leaves behind.
"""

import hashlib
import json
from typing import Any

from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from eservice.lib.models import AuditEntry

GENESIS = "0" * 64


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
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR")


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
    with transaction.atomic():
        # Locking the newest entry serialises writers, so the chain never forks.
        last = AuditEntry.objects.select_for_update().order_by("-id").only("hash").first()
        entry = AuditEntry(
            at=timezone.now(),
            actor=actor or "system",
            ip=client_ip(request),
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            agency_id=agency_id,
            detail=detail or {},
            previous_hash=last.hash if last else GENESIS,
        )
        entry.hash = _digest(entry)
        entry.save()
    return entry


def verify() -> AuditEntry | None:
    """The first entry that breaks the chain, or None when the log is intact."""
    previous = GENESIS
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.previous_hash != previous or _digest(entry) != entry.hash:
            return entry
        previous = entry.hash
    return None
