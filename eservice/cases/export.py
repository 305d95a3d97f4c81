"""The case file as an archive package (§17): a PDF summary, every attachment, the messages,
the notes, the history and the audit log, with a manifest of SHA-256 hashes so a copy can be
checked later."""

import hashlib
import io
import json
import zipfile
from pathlib import PurePath

from django.template.loader import render_to_string
from django.utils import timezone, translation

from eservice.cases.models import Case
from eservice.intake.models import Attachment
from eservice.lib.models import AuditEntry
from eservice.lib.pdf import render_pdf


def _jsonable(rows: list[dict[str, object]]) -> bytes:
    return json.dumps(rows, ensure_ascii=False, indent=2, default=str).encode()


def summary_pdf(case: Case, log: list[AuditEntry]) -> bytes:
    with translation.override("th"):
        html = render_to_string(
            "cases/summary.html",
            {
                "case": case,
                "application": case.request,
                "answers": sorted((case.request.answers or {}).items()),
                "transitions": case.request.transitions.select_related("actor"),
                "messages": case.messages.all(),
                "deficiency": getattr(case, "deficiency", None),
                "made_at": timezone.now(),
                "log_count": len(log),
            },
        )
    return render_pdf(html)


def build(case: Case) -> bytes:
    log = list(
        AuditEntry.objects.filter(object_type="intake.request", object_id=str(case.pk)).order_by(
            "id"
        )
    )
    files: dict[str, bytes] = {"summary.pdf": summary_pdf(case, log)}
    for item in Attachment.objects.filter(request=case.request).order_by("id"):
        with item.file.open("rb") as f:
            files[f"attachments/{item.pk}-{PurePath(item.name).name}"] = f.read()
    files["messages.json"] = _jsonable(
        [
            {"at": m.at, "direction": m.direction, "author": str(m.author or ""), "body": m.body}
            for m in case.messages.select_related("author")
        ]
    )
    files["notes.json"] = _jsonable(
        [
            {"at": n.at, "author": str(n.author), "body": n.body}
            for n in case.notes.select_related("author")
        ]
    )
    files["history.json"] = _jsonable(
        [
            {
                "at": t.at,
                "from": t.from_status,
                "to": t.to_status,
                "actor": str(t.actor or "system"),
                "reason": t.reason,
            }
            for t in case.request.transitions.select_related("actor")
        ]
    )
    files["audit-log.json"] = _jsonable(
        [
            {
                "id": e.pk,
                "at": e.at,
                "actor": e.actor,
                "ip": e.ip,
                "action": e.action,
                "detail": e.detail,
                "previous_hash": e.previous_hash,
                "hash": e.hash,
            }
            for e in log
        ]
    )
    manifest = {
        "reference": case.request.reference,
        "agency": case.agency.code,
        "made_at": timezone.now().isoformat(),
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
        z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    return out.getvalue()
