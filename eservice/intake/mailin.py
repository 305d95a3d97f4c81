"""Applying by e-mail (the beginner level): one function, receive_email(), that both the SMTP
receiver (`manage.py smtpd`) and the IMAP poller (`manage.py poll_imap`) call.

Each message is kept raw with its hash as evidence. It then becomes a request (a general
correspondence unless the subject names a published service), joins a request as a reply,
or waits in the holding pen for an officer. Nothing is dropped, and nothing automatic
(a bounce, an out-of-office reply, a mailing list) is ever answered, so mail cannot loop.
"""

import codecs
import hashlib
import hmac
import logging
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from eservice.catalogue.models import Service, ServiceVersion
from eservice.lib import audit
from eservice.registry.models import Agency, Channel

from .models import Attachment, InboundEmail, Request
from .services import Submission, store_attachment, store_bytes, submit

logger = logging.getLogger(__name__)

# Thai mail arrives labelled with names Python does not know.
CHARSETS = {
    "windows-874": "cp874",
    "x-windows-874": "cp874",
    "ms874": "cp874",
    "tis620": "tis-620",
    "x-tis620": "tis-620",
    "iso-ir-166": "tis-620",
}


def _thai_codecs(name: str) -> codecs.CodecInfo | None:
    # Registered once, so that headers (RFC 2047) decode as well as bodies.
    target = CHARSETS.get(name.replace("_", "-").lower())
    return codecs.lookup(target) if target else None


codecs.register(_thai_codecs)

AUTOMATIC_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
AUTOMATIC_SENDERS = {"mailer-daemon", "postmaster", "no-reply", "noreply", "do-not-reply"}
MAX_BODY = 100_000


@dataclass
class ParsedMail:
    subject: str = ""
    sender_name: str = ""
    sender: str = ""
    recipients: list[str] = field(default_factory=list)
    message_id: str = ""
    references: list[str] = field(default_factory=list)
    body: str = ""
    files: list[tuple[str, bytes]] = field(default_factory=list)
    automatic: str = ""  # why it is automatic, or ""


def decode_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = (part.get_content_charset() or "utf-8").lower()
    for candidate in (charset, "utf-8", "cp874"):
        try:
            return payload.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("utf-8", errors="replace")


def parse(raw: bytes, envelope_sender: str | None = None) -> ParsedMail:
    message: EmailMessage = BytesParser(policy=policy.default).parsebytes(raw)  # type: ignore[assignment]
    parsed = ParsedMail()
    parsed.subject = " ".join(str(message.get("Subject", "")).split())[:998]
    parsed.sender_name, parsed.sender = parseaddr(str(message.get("From", "")))
    parsed.sender = parsed.sender.strip().lower()
    parsed.recipients = [
        address.lower()
        for _name, address in getaddresses(
            [str(v) for h in ("To", "Cc", "Delivered-To") for v in message.get_all(h, [])]
        )
        if address
    ]
    parsed.message_id = str(message.get("Message-ID", "")).strip()[:998]
    parsed.references = " ".join(
        str(message.get(h, "")) for h in ("In-Reply-To", "References")
    ).split()
    parsed.automatic = automatic(message, envelope_sender)

    texts: list[str] = []
    html: list[str] = []
    images = 0
    for part in message.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        filename = part.get_filename()
        disposition = part.get_content_disposition()
        if (
            filename
            or disposition == "attachment"
            or (part.get_content_maintype() == "image" and kind != "image/svg+xml")
        ):
            if not filename:
                images += 1
                filename = f"image-{images}.{part.get_content_subtype()}"
            content = part.get_payload(decode=True)
            if isinstance(content, bytes):
                parsed.files.append((filename, content))
        elif kind == "text/plain":
            texts.append(decode_text(part))
        elif kind == "text/html":
            html.append(strip_tags(decode_text(part)))
    # Forwarded mail (message/rfc822) is walked into, so its text follows the covering note.
    parsed.body = ("\n\n".join(t.strip() for t in texts) or "\n\n".join(html)).strip()[:MAX_BODY]
    # NUL bytes are legal in mail but not in a PostgreSQL text column.
    for name in ("subject", "sender_name", "sender", "message_id", "body"):
        setattr(parsed, name, getattr(parsed, name).replace("\x00", ""))
    parsed.recipients = [r.replace("\x00", "") for r in parsed.recipients]
    parsed.references = [r.replace("\x00", "") for r in parsed.references]
    return parsed


def automatic(message: Message, envelope_sender: str | None) -> str:
    """Why this message must not be answered (RFC 3834 and common practice), or ""."""
    if envelope_sender is not None and envelope_sender.strip("<> ") == "":
        return "empty envelope sender (a bounce)"
    if str(message.get("Return-Path", "x")).strip() == "<>":
        return "empty Return-Path (a bounce)"
    submitted = str(message.get("Auto-Submitted", "no")).strip().lower()
    if submitted and submitted != "no":
        return f"Auto-Submitted: {submitted}"
    if str(message.get("Precedence", "")).strip().lower() in AUTOMATIC_PRECEDENCE:
        return f"Precedence: {message.get('Precedence')}"
    for header in ("List-Id", "List-Unsubscribe", "List-Post", "X-Autoreply", "X-Autorespond"):
        if message.get(header) is not None:
            return f"{header} header (a list or an auto-reply)"
    if message.get_content_type() == "multipart/report":
        return "delivery report"
    localpart = parseaddr(str(message.get("From", "")))[1].split("@")[0].lower()
    if localpart in AUTOMATIC_SENDERS:
        return f"sent by {localpart}"
    return ""


def agency_for(recipients: list[str]) -> Agency | None:
    """The agency the message was sent to: "<agency code>@INTAKE_EMAIL_DOMAIN" (where the
    SMTP receiver takes mail, or an agency's server forwards it), else an address the
    registry holds as the agency's verified e-mail channel (mail polled from that mailbox)."""
    domain = settings.INTAKE_EMAIL_DOMAIN.lower()
    codes = [
        address.rsplit("@", 1)[0]
        for address in recipients
        if address.endswith("@" + domain) and "+" not in address
    ]
    agency = Agency.objects.filter(code__in=codes).first() if codes else None
    if agency is None and recipients:
        matches = Q()
        for address in recipients:
            matches |= Q(address__iexact=address)
        channel = (
            Channel.objects.filter(
                matches, kind__in=Channel.EMAIL_KINDS, status=Channel.Status.VERIFIED
            )
            .select_related("agency")
            .first()
        )
        agency = channel.agency if channel is not None else None
    return agency


def request_replied_to(parsed: ParsedMail) -> tuple[Request | None, bool]:
    """(the request this message answers, whether it used a reply address at all). A reply
    address whose tag does not match is not trusted: it may be guessed or mistyped."""
    prefix = settings.INTAKE_REPLY_LOCALPART.lower() + "+"
    domain = "@" + settings.INTAKE_EMAIL_DOMAIN.lower()
    tagged = False
    for address in parsed.recipients:
        if address.startswith(prefix) and address.endswith(domain):
            tagged = True
            reference, _sep, tag = address[len(prefix) : -len(domain)].rpartition("-")
            found = Request.objects.filter(reference__iexact=reference).first()
            if found is not None and hmac.compare_digest(found.reply_tag(), tag):
                return found, True
    if parsed.references:
        found = Request.objects.filter(
            acknowledgement__message_id__in=parsed.references[-50:]
        ).first()
        if found is not None:
            return found, tagged
    return None, tagged


def matching_service(agency: Agency, subject: str) -> ServiceVersion | None:
    """The published version of the agency's service whose name the subject contains."""
    lowered = subject.lower()
    services = Service.objects.filter(
        agency=agency, status=Service.Status.PUBLISHED, current_version__isnull=False
    ).select_related("current_version")
    for service in services:
        names = [n.lower() for n in (service.name_th, service.name_en) if n]
        if any(name in lowered for name in names):
            return service.current_version
    return None


def receive_email(
    raw: bytes, *, recipients: list[str] | None = None, envelope_sender: str | None = None
) -> InboundEmail:
    """Keep the message and act on it. The same bytes twice (an SMTP retry, a second poll)
    are recognised by their hash and change nothing. Raises only when the database or the
    file store fails, so that the sender (or the poller) tries again later."""
    digest = hashlib.sha256(raw).hexdigest()
    existing = InboundEmail.objects.filter(sha256=digest).first()
    if existing is not None:
        return existing
    received_at = timezone.now()
    record = InboundEmail(
        sha256=digest,
        received_at=received_at,
        outcome=InboundEmail.Outcome.HELD,
        recipients=", ".join(recipients or []),
    )
    record.raw.name = store_bytes(raw, "message.eml", f"intake/mail/{received_at:%Y/%m}")
    try:
        parsed = parse(raw, envelope_sender)
    except Exception as error:  # noqa: BLE001 - whatever breaks the parser, a person looks
        logger.warning("Unreadable e-mail %s: %s", digest, error)
        return _hold(record, f"could not be read: {type(error).__name__}")
    record.sender = parsed.sender[:320]
    record.subject = parsed.subject
    record.message_id = parsed.message_id
    record.body = parsed.body
    if recipients:
        parsed.recipients = [r.lower() for r in recipients] + parsed.recipients
    record.recipients = ", ".join(dict.fromkeys(parsed.recipients))[:5000]

    with transaction.atomic():
        replied, tagged = request_replied_to(parsed)
        if replied is not None:
            return _join(record, replied, parsed)
        if tagged:
            return _hold(record, "reply address not recognised")
        agency = agency_for(parsed.recipients)
        record.agency = agency
        if agency is None:
            return _hold(record, "not addressed to a known agency address")
        if parsed.automatic:
            return _hold(record, f"automatic message, not answered: {parsed.automatic}")
        try:
            validate_email(parsed.sender)
        except ValidationError:
            return _hold(record, "no usable sender address")
        return _make_request(record, agency, parsed)


def _hold(record: InboundEmail, reason: str) -> InboundEmail:
    record.outcome = InboundEmail.Outcome.HELD
    record.reason = reason[:255]
    record.save()
    return record


def _files(parsed: ParsedMail) -> tuple[list[Attachment], list[dict[str, str]]]:
    kept, refused = [], []
    for name, content in parsed.files:
        upload = ContentFile(content, name=name)
        try:
            kept.append(store_attachment(upload, field_key="email"))
        except ValidationError as error:
            # The raw message keeps the file as evidence; the officer sees why it is not used.
            refused.append({"name": name, "reason": " ".join(error.messages)})
    return kept, refused


def _make_request(record: InboundEmail, agency: Agency, parsed: ParsedMail) -> InboundEmail:
    files, refused = _files(parsed)
    answers: dict[str, Any] = {"subject": parsed.subject, "message": parsed.body}
    if refused:
        answers["refused_attachments"] = refused
    request, _created = submit(
        Submission(
            agency=agency,
            service_version=matching_service(agency, parsed.subject),
            channel=Request.Channel.EMAIL,
            applicant_name=parsed.sender_name or parsed.sender,
            applicant_email=parsed.sender,
            answers=answers,
            idempotency_key=f"email:{record.sha256}",
            attachments=files,
            entered_at=record.received_at,
            in_reply_to=parsed.message_id,
        )
    )
    record.request = request
    record.outcome = InboundEmail.Outcome.REQUEST
    record.save()
    return record


def _join(record: InboundEmail, request: Request, parsed: ParsedMail) -> InboundEmail:
    files, refused = _files(parsed)
    for attachment in files:
        attachment.request = request
    Attachment.objects.bulk_create(files)
    record.request = request
    record.agency_id = request.agency_id
    record.outcome = InboundEmail.Outcome.REPLY
    record.reason = "; ".join(f"{r['name']}: {r['reason']}" for r in refused)[:255]
    record.save()
    audit.record(
        "request.reply_received",
        actor="email",
        obj=request,
        agency_id=request.agency_id,
        detail={"from": parsed.sender, "attachments": len(files)},
    )
    return record


def accept_held(record: InboundEmail, agency: Agency, *, actor: str) -> InboundEmail:
    """An officer decides that held mail is an application to `agency`: it becomes a request
    exactly as if it had arrived at the agency's address (acknowledged, unless automatic)."""
    with record.raw.open("rb") as f:
        parsed = parse(f.read())
    try:
        validate_email(parsed.sender)
    except ValidationError:
        raise ValidationError(
            _("This message has no usable sender address, so it cannot become a request.")
        ) from None
    with transaction.atomic():
        record.agency = agency
        record.reason = ""
        _make_request(record, agency, parsed)
        audit.record(
            "inbound.accept",
            actor=actor,
            obj=record,
            agency_id=agency.pk,
            detail={"reference": record.request.reference if record.request else ""},
        )
    return record


def dismiss_held(record: InboundEmail, *, actor: str, reason: str) -> None:
    InboundEmail.objects.filter(pk=record.pk).update(
        outcome=InboundEmail.Outcome.DISMISSED, reason=reason[:255]
    )
    audit.record(
        "inbound.dismiss",
        actor=actor,
        obj=record,
        agency_id=record.agency_id,
        detail={"reason": reason},
    )
