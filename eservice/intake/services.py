"""Receiving a request: one path for every channel (web, e-mail, API).

Persist first, then acknowledge: the request, its answers, its attachments and the queued
acknowledgement are committed in one transaction before anyone is told "received".
"""

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePath
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum import damm

from eservice.catalogue.models import Service, ServiceVersion
from eservice.lib import audit
from eservice.lib.dates import buddhist_year
from eservice.lib.workdays import OfficeCalendar
from eservice.outreach.mail import queue_mail
from eservice.registry.models import Agency

from .models import Attachment, Draft, PostCount, Request

# What an applicant may attach: sniffed type -> the file name endings that may carry it.
# Anything else (programs, scripts, archives, unrecognisable content) is refused.
ALLOWED_TYPES: dict[str, tuple[str, ...]] = {
    "application/pdf": ("pdf",),
    "image/jpeg": ("jpg", "jpeg", "jpe"),
    "image/png": ("png",),
    "image/webp": ("webp",),
    "image/heic": ("heic", "heif"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx",),
    "application/vnd.oasis.opendocument.text": ("odt",),
}
ALLOWED_DESCRIPTION = gettext_lazy("PDF, JPEG, PNG, WebP, HEIC, DOCX, XLSX or ODT")


def new_reference(agency: Agency, when: datetime) -> str:
    """Agency code, Buddhist-era year, eight random digits and a Damm check digit, e.g.
    4120401-2569-48271593-6. Random, so references cannot be counted or guessed; the check
    digit catches any single mistyped digit and any swap of two neighbours. Uniqueness is
    the database's to enforce: submit() draws again on the rare clash."""
    year = buddhist_year(timezone.localtime(when).date())
    body = f"{agency.code}-{year}-{secrets.randbelow(10**8):08d}"
    return f"{body}-{damm.calc_check_digit(_digits(body))}"


def _digits(text: str) -> str:
    # Agency codes are digits today; letters, if a code ever has them, count as numbers.
    return "".join(str(int(c, 36)) for c in text if c.isalnum())


def is_valid_reference(reference: str) -> bool:
    body, _sep, check = reference.strip().rpartition("-")
    return bool(body) and check.isdigit() and damm.is_valid(_digits(body) + check)


def check_upload(upload: File, *, max_bytes: int | None = None) -> str:
    """The file's real type (sniffed from its content, not its name), or ValidationError
    saying what is wrong and what to send instead."""
    limit = max_bytes or settings.INTAKE_UPLOAD_MAX_BYTES
    name = PurePath(upload.name or "").name
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s MB; a file may be at most %(max)s MB. Send a smaller file.")
            % {"name": name, "size": _mb(upload.size or 0), "max": _mb(limit)},
            code="too_big",
        )
    if upload.size == 0:
        raise ValidationError(
            _("“%(name)s” is empty. Choose the file again.") % {"name": name}, code="empty"
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ValidationError(
            _("“%(name)s” is not a file type we accept. Send %(types)s.")
            % {"name": name, "types": ALLOWED_DESCRIPTION},
            code="bad_type",
        )
    ending = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ending not in ALLOWED_TYPES[kind.mime]:
        raise ValidationError(
            _(
                "“%(name)s” is named like a .%(ending)s file but its content is %(kind)s. "
                "Send the file in its real format with the right name."
            )
            % {"name": name, "ending": ending or "?", "kind": kind.extension.upper()},
            code="disguised",
        )
    return kind.mime


def _mb(size: int) -> str:
    return f"{size / 1_048_576:.1f}"


def store_attachment(
    upload: File,
    *,
    field_key: str = "",
    content_type: str | None = None,
    draft: Draft | None = None,
) -> Attachment:
    """Check, hash and store one file; returns an unsaved Attachment. The file is written
    before the database row is committed, so a committed row always has its file."""
    content_type = content_type or check_upload(upload)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    attachment = Attachment(
        field_key=field_key,
        name=PurePath(upload.name or "attachment").name[:255],
        content_type=content_type,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        draft=draft,
    )
    # Content-addressed: the same file twice is stored once.
    path = f"intake/attachments/{attachment.sha256[:2]}/{attachment.sha256}"
    if not default_storage.exists(path):
        upload.seek(0)
        path = default_storage.save(path, upload)
    attachment.file.name = path
    return attachment


def store_bytes(data: bytes, name: str, folder: str) -> str:
    """Keep raw bytes (an e-mail as received) under their hash; returns the stored name."""
    path = f"{folder}/{hashlib.sha256(data).hexdigest()}"
    if not default_storage.exists(path):
        path = default_storage.save(path, ContentFile(data, name=name))
    return path


def jsonable(answers: dict[str, Any]) -> dict[str, Any]:
    """Cleaned form data as JSON: dates as ISO, decimals as text, files by name and hash."""

    def one(value: Any) -> Any:
        if isinstance(value, datetime | date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, list | tuple | set):
            return [one(v) for v in value]
        if isinstance(value, Attachment):
            return {"file": value.name, "sha256": value.sha256}
        if isinstance(value, File):
            return {"file": PurePath(value.name or "").name}
        return value

    return {key: one(value) for key, value in answers.items()}


def published_version(service_id: int) -> ServiceVersion:
    """The version people apply under now: the service's published version, when the
    service takes applications online (its manual lists the channel and it has an e-form)."""
    service = (
        Service.objects.select_related("agency", "current_version").filter(pk=service_id).first()
    )
    if service is None or not service.can_apply_online() or service.current_version is None:
        raise Http404
    version = service.current_version
    version.service = service  # already loaded, with its agency
    return version


class TooManyPosts(Exception):
    """The web form's limit of posts per client address per minute was reached."""


def count_post(bucket: str) -> bool:
    """Count one post from a client address; whether it is over the minute's limit. Counted
    in the database, so every worker counts."""
    return PostCount.add(bucket) > settings.INTAKE_SUBMITS_PER_MINUTE


@dataclass
class Submission:
    """What any channel hands over once the input is valid."""

    agency: Agency
    service_version: ServiceVersion | None
    channel: str
    applicant_name: str
    applicant_email: str
    answers: dict[str, Any]
    idempotency_key: str
    attachments: list[Attachment]  # stored, unsaved (or saved on a draft)
    entered_at: datetime | None = None
    paper_requested: bool = False
    draft: Draft | None = None
    # For e-mail: thread the acknowledgement under the applicant's message.
    in_reply_to: str = ""
    # For the API: a hash of what was sent under the idempotency key.
    fingerprint: str = ""
    # For the web form: the rate limit's count, kept in the submission's transaction.
    post_bucket: str = ""


def submit(
    submission: Submission, *, http_request: HttpRequest | None = None
) -> tuple[Request, bool]:
    """Create the request and queue its acknowledgement, in one transaction. Returns
    (request, created); a repeated idempotency key returns the request made the first time.
    Callers look the key up first where a repeat is likely (web, API); the unique key is
    what guarantees it, so a repeat is found here without a query of its own."""
    entered_at = submission.entered_at or timezone.now()
    agency = submission.agency
    calendar = agency.calendar()
    request = Request(
        reference=new_reference(agency, entered_at),
        agency=agency,
        service_version=submission.service_version,
        channel=submission.channel,
        applicant_name=submission.applicant_name[:255],
        applicant_email=submission.applicant_email,
        answers=submission.answers,
        entered_at=entered_at,
        deemed_received_at=calendar.deemed_receipt(entered_at),
        paper_requested=submission.paper_requested,
        idempotency_key=submission.idempotency_key,
        fingerprint=submission.fingerprint,
    )
    # Attachments kept on a draft already have rows; the others are inserted here.
    on_draft = {a.pk for a in submission.attachments if a.pk}
    for _attempt in range(10):
        try:
            _save(request, submission, on_draft, calendar, http_request)
        except IntegrityError:
            # The same key again (or two identical submissions racing): the first is the
            # request.
            existing = Request.objects.filter(idempotency_key=submission.idempotency_key).first()
            if existing is not None:
                return existing, False
            if not Request.objects.filter(reference=request.reference).exists():
                raise
            request.reference = new_reference(agency, entered_at)  # a clash: draw again
            for attachment in submission.attachments:
                if attachment.pk not in on_draft:
                    attachment.pk = None  # its row went with the rollback
            continue
        return request, True
    raise RuntimeError("could not find a free reference number")  # pragma: no cover


def _save(
    request: Request,
    submission: Submission,
    on_draft: set[int],
    calendar: OfficeCalendar,
    http_request: HttpRequest | None,
) -> None:
    # Rendered before the transaction, so the write lock is held only for the writes.
    acknowledgement = (
        acknowledgement_mail(request, calendar, in_reply_to=submission.in_reply_to)
        if request.applicant_email
        else None
    )
    with transaction.atomic():
        if acknowledgement is not None:
            request.acknowledgement = queue_mail(**acknowledgement)
        request.save(force_insert=True)  # a repeated key fails here, before it is counted
        if submission.post_bucket and count_post(submission.post_bucket):
            raise TooManyPosts  # nothing of this submission is kept
        for attachment in submission.attachments:
            attachment.request = request
            attachment.draft = None
        if on_draft:
            Attachment.objects.filter(pk__in=on_draft).update(request=request, draft=None)
        new = [a for a in submission.attachments if a.pk not in on_draft]
        if new:
            Attachment.objects.bulk_create(new)
        if submission.draft is not None:
            Draft.objects.filter(pk=submission.draft.pk).update(submitted=request)
        audit.record(
            "request.submit",
            request=http_request,
            actor="" if http_request else submission.channel,
            obj=request,
            agency_id=submission.agency.pk,
            detail={"reference": request.reference, "channel": request.channel},
        )


def acknowledgement_mail(
    request: Request, calendar: OfficeCalendar, *, in_reply_to: str = ""
) -> dict[str, Any]:
    """The acknowledgement e-mail (queue_mail's arguments): the reference, both times, what
    happens next, the private tracking link and the receipt. Sent by the mail worker."""
    headers = {"Auto-Submitted": "auto-replied" if in_reply_to else "auto-generated"}
    if in_reply_to:
        headers["In-Reply-To"] = in_reply_to
        headers["References"] = in_reply_to
    subject, body = bilingual(
        lambda: _("Request received: %(reference)s") % {"reference": request.reference},
        "intake/email/acknowledgement.txt",
        {"application": request, **what_happens_next(request, calendar)},
    )
    return {
        "to": request.applicant_email,
        "subject": subject,
        "body": body,
        "reply_to": request.reply_address(),
        "headers": headers,
        "purpose": "acknowledgement",
    }


def bilingual(
    subject: Callable[[], str], template: str, context: dict[str, Any]
) -> tuple[str, str]:
    """A message in Thai, then English: whoever opens it can read it."""
    subjects, bodies = [], []
    for language in ("th", "en"):
        with translation.override(language):
            subjects.append(subject())
            bodies.append(render_to_string(template, context).strip())
    return " / ".join(subjects), "\n\n-----\n\n".join(bodies) + "\n"


def what_happens_next(request: Request, calendar: OfficeCalendar | None = None) -> dict[str, Any]:
    """The processing time from the service's manual and the date it points to."""
    service = request.service
    days = service.processing_days if service is not None else None
    due = None
    if days:
        due = (calendar or request.agency.calendar()).add_working_days(
            timezone.localtime(request.deemed_received_at).date(), days
        )
    return {"processing_days": days, "due_date": due, "service": service}
