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
import mimetypes
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from email import policy
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

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
# Out-of-office and delivery-failure subjects of mailers that send no RFC 3834 header
# (Outlook and Exchange in English and Thai, Lotus Notes, Postfix, Exim, Gmail).
AUTO_REPLY_SUBJECT = re.compile(
    r"^(out of (the )?office|automatic reply|auto[- ]?reply|auto[- ]?response|autosvar"
    r"|vacation reply|(การ)?ตอบกลับอัตโนมัติ|ไม่อยู่ที่สำนักงาน)",
    re.IGNORECASE,
)
DELIVERY_REPORT_SUBJECT = re.compile(
    r"^(undeliverable|undelivered mail|delivery status notification|delivery failure"
    r"|mail delivery (failed|failure|system)|returned mail|failure notice|non.?delivery"
    r"|ไม่สามารถส่ง)",
    re.IGNORECASE,
)
REPORT_PARTS = {
    "message/delivery-status",
    "message/disposition-notification",
    "message/feedback-report",
    "text/rfc822-headers",
}
MAX_BODY = 100_000

# Why a message waits in the holding pen. Kept in English with the message (it is part of
# the evidence) and shown translated: the holding-pen pages translate the stored text.
NOT_READABLE = gettext_noop("could not be read")
REPLY_NOT_RECOGNISED = gettext_noop("reply address not recognised")
NO_AGENCY = gettext_noop("not addressed to a known agency address")
MANY_AGENCIES = gettext_noop("addressed to more than one agency: choose the agency it is for")
POSSIBLE_DUPLICATE = gettext_noop(
    "possible duplicate: an earlier message has the same Message-ID but different content"
)
NO_SENDER = gettext_noop("no usable sender address")
AUTO_SUBMITTED = gettext_noop("automatic message, not answered: Auto-Submitted header")
AUTO_BOUNCE = gettext_noop("automatic message, not answered: a bounce (empty sender)")
AUTO_REPORT = gettext_noop("automatic message, not answered: a delivery or read report")
AUTO_LIST = gettext_noop("automatic message, not answered: a mailing list or bulk mail")
AUTO_REPLY = gettext_noop("automatic message, not answered: an out-of-office or automatic reply")
AUTO_SYSTEM = gettext_noop("automatic message, not answered: sent by a mail system or no-reply")


@dataclass
class ParsedMail:
    subject: str = ""
    sender_name: str = ""
    sender: str = ""
    recipients: list[str] = field(default_factory=list)  # To and Cc
    delivered_to: list[str] = field(default_factory=list)  # Delivered-To, X-Original-To
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


def decode_words(value: str) -> str | None:
    """An ASCII header value with its RFC 2047 encoded-words decoded together, or None.
    Mailers split long Thai names into several words, sometimes inside a character; the
    standard parser decodes each word alone and breaks the vowel off ("ศรีส ุข")."""
    unfolded = value.replace("\r", "").replace("\n", "")
    if not unfolded.isascii():
        return None
    try:
        text = str(make_header(decode_header(unfolded)))
    except (LookupError, UnicodeError, HeaderParseError, ValueError):
        return None
    return unicodedata.normalize("NFC", " ".join(text.split()))


def raw_header(message: Message, name: str) -> str:
    return next((str(v) for k, v in message.raw_items() if k.lower() == name.lower()), "")


class HtmlText(HTMLParser):
    """The readable text of an HTML mail: entities decoded, styles and scripts left out,
    a line for each block."""

    HIDDEN = {"script", "style", "title", "template"}
    BLOCKS = {
        *("p", "div", "br", "tr", "li", "ul", "ol", "table", "blockquote", "pre", "hr"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer"),
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.pieces.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.pieces.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.pieces.append(re.sub(r"\s+", " ", data))

    @classmethod
    def text(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        parser.close()
        lines = (line.strip() for line in "".join(parser.pieces).split("\n"))
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def unnamed_file(kind: str, content: bytes, counts: Counter[str]) -> str:
    """A name for a part sent without one, by what it is: image-1.png, attachment-2.pdf."""
    stem = "image" if kind.startswith("image/") else "attachment"
    sniffed = filetype.guess(content[:8192])
    extension = (
        sniffed.extension
        if sniffed
        else (mimetypes.guess_extension(kind) or "").lstrip(".")
        or ("txt" if kind.split("/")[0] in ("text", "message") else "bin")
    )
    counts[stem] += 1
    return f"{stem}-{counts[stem]}.{extension}"


def parse(raw: bytes, envelope_sender: str | None = None) -> ParsedMail:
    message: EmailMessage = BytesParser(policy=policy.default).parsebytes(raw)  # type: ignore[assignment]
    parsed = ParsedMail()
    subject = decode_words(raw_header(message, "Subject"))
    parsed.subject = (subject or " ".join(str(message.get("Subject", "")).split()))[:998]
    parsed.sender_name, parsed.sender = parseaddr(str(message.get("From", "")))
    raw_name, _address = parseaddr(raw_header(message, "From"))
    parsed.sender_name = decode_words(raw_name) or parsed.sender_name
    parsed.sender = parsed.sender.strip().lower()

    def addresses(*headers: str) -> list[str]:
        values = [str(v) for h in headers for v in message.get_all(h, [])]
        return [address.lower() for _name, address in getaddresses(values) if address]

    parsed.recipients = addresses("To", "Cc")
    parsed.delivered_to = addresses("Delivered-To", "X-Original-To")
    parsed.message_id = str(message.get("Message-ID", "")).strip()[:998]
    parsed.references = " ".join(
        str(message.get(h, "")) for h in ("In-Reply-To", "References")
    ).split()
    parsed.automatic = automatic(message, envelope_sender, parsed.subject)

    texts: list[str] = []
    html: list[str] = []
    counts: Counter[str] = Counter()
    for part in message.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        filename = part.get_filename()
        as_file = filename or part.get_content_disposition() == "attachment"
        if part.get_content_maintype() == "multipart":
            # A multipart whose boundary is missing or wrong: its text, as it came.
            texts.append(decode_text(part))
        elif kind == "text/plain" and not as_file:
            texts.append(decode_text(part))
        elif kind == "text/html" and not as_file:
            source = decode_text(part)
            html.append(HtmlText.text(source))
            if source.strip():
                # The HTML keeps what plain text loses (tables, links); the byte-order
                # mark makes a browser read it as UTF-8 whatever charset it declares.
                counts["message"] += 1
                name = (
                    "message.html"
                    if counts["message"] == 1
                    else f"message-{counts['message']}.html"
                )
                parsed.files.append((name, ("\ufeff" + source).encode()))
        else:
            # Everything else is a file, named or not (a PDF, a calendar invitation, a
            # CSV, an inline image, a report's parts): nothing in a message is dropped.
            content = part.get_payload(decode=True)
            if isinstance(content, bytes):
                parsed.files.append((filename or unnamed_file(kind, content, counts), content))
    # Forwarded mail (message/rfc822) is walked into, so its text follows the covering note.
    parsed.body = ("\n\n".join(t.strip() for t in texts) or "\n\n".join(html)).strip()[:MAX_BODY]
    # NUL bytes are legal in mail but not in a PostgreSQL text column.
    for name in ("subject", "sender_name", "sender", "message_id", "body"):
        setattr(parsed, name, getattr(parsed, name).replace("\x00", ""))
    parsed.recipients = [r.replace("\x00", "") for r in parsed.recipients]
    parsed.delivered_to = [r.replace("\x00", "") for r in parsed.delivered_to]
    parsed.references = [r.replace("\x00", "") for r in parsed.references]
    return parsed


def automatic(message: Message, envelope_sender: str | None, subject: str) -> str:
    """Why this message must not be answered (RFC 3834 and common practice), or ""."""
    if envelope_sender is not None and envelope_sender.strip("<> ") == "":
        return AUTO_BOUNCE
    if str(message.get("Return-Path", "x")).strip() == "<>":
        return AUTO_BOUNCE
    submitted = str(message.get("Auto-Submitted", "no")).strip().lower()
    if submitted and submitted != "no":
        return AUTO_SUBMITTED
    if message.get_content_type() == "multipart/report" or any(
        part.get_content_type() in REPORT_PARTS for part in message.walk()
    ):
        return AUTO_REPORT
    if DELIVERY_REPORT_SUBJECT.match(subject):
        return AUTO_REPORT
    if str(message.get("Precedence", "")).strip().lower() in AUTOMATIC_PRECEDENCE:
        return AUTO_LIST
    if any(message.get(h) is not None for h in ("List-Id", "List-Unsubscribe", "List-Post")):
        return AUTO_LIST
    # Exchange marks its out-of-office replies only with X-Auto-Response-Suppress.
    if any(
        message.get(h) is not None
        for h in ("X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress")
    ):
        return AUTO_REPLY
    if AUTO_REPLY_SUBJECT.match(subject):
        return AUTO_REPLY
    localpart = parseaddr(str(message.get("From", "")))[1].split("@")[0].lower()
    if localpart in AUTOMATIC_SENDERS:
        return AUTO_SYSTEM
    return ""


def agencies_for(recipients: list[str]) -> list[Agency]:
    """The agencies the message was sent to: "<agency code>@INTAKE_EMAIL_DOMAIN" in any
    case (where the SMTP receiver takes mail, or an agency's server forwards it), or an
    address the registry holds as an agency's verified e-mail channel (a polled mailbox)."""
    if not recipients:
        return []
    domain = "@" + settings.INTAKE_EMAIL_DOMAIN.lower()
    matches = Q(pk__in=[])
    for address in recipients:
        if address.endswith(domain) and "+" not in address:
            matches |= Q(code__iexact=address.removesuffix(domain))
        matches |= Q(
            channels__address__iexact=address,
            channels__kind__in=Channel.EMAIL_KINDS,
            channels__status=Channel.Status.VERIFIED,
        )
    return list(Agency.objects.filter(matches).distinct().order_by("code"))


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
    """Keep the message and act on it. `recipients` are the envelope's (RCPT TO): they, not
    the To header, say where the message was delivered. The same bytes twice (an SMTP
    retry, a second poll) are recognised by their hash and change nothing. Raises only when
    the database or the file store fails, so that the sender (or the poller) tries again."""
    digest = hashlib.sha256(raw).hexdigest()
    existing = InboundEmail.objects.filter(sha256=digest).first()
    if existing is not None:
        return existing
    received_at = timezone.now()
    envelope = [r.strip("<> ").lower() for r in recipients or []]
    record = InboundEmail(
        sha256=digest,
        received_at=received_at,
        outcome=InboundEmail.Outcome.HELD,
        recipients=", ".join(envelope),
    )
    record.raw.name = store_bytes(raw, "message.eml", f"intake/mail/{received_at:%Y/%m}")
    try:
        parsed = parse(raw, envelope_sender)
    except Exception as error:  # noqa: BLE001 - whatever breaks the parser, a person looks
        logger.warning("Unreadable e-mail %s: %s", digest, error)
        return _hold(record, NOT_READABLE)
    record.sender = parsed.sender[:320]
    record.subject = parsed.subject
    record.message_id = parsed.message_id
    record.body = parsed.body
    shown = envelope + parsed.delivered_to + parsed.recipients
    record.recipients = ", ".join(dict.fromkeys(shown))[:5000]

    with transaction.atomic():
        earlier = (
            InboundEmail.objects.filter(message_id=parsed.message_id).order_by("pk").first()
            if parsed.message_id
            else None
        )
        if earlier is not None:
            # Same Message-ID, other bytes: resent with changes, or forged to look resent.
            record.agency_id = earlier.agency_id
            return _hold(record, POSSIBLE_DUPLICATE)
        # Where the message was delivered: the envelope (SMTP), else the delivery headers
        # the mailbox's server added (IMAP), else the To and Cc the sender wrote.
        if envelope:
            parsed.recipients = envelope
            agencies = agencies_for(envelope)
        else:
            agencies = agencies_for(parsed.delivered_to) or agencies_for(parsed.recipients)
            parsed.recipients = parsed.delivered_to + parsed.recipients
        replied, tagged = request_replied_to(parsed)
        if replied is not None:
            return _join(record, replied, parsed)
        if tagged:
            return _hold(record, REPLY_NOT_RECOGNISED)
        if len(agencies) > 1:
            return _hold(record, MANY_AGENCIES)
        if not agencies:
            return _hold(record, NO_AGENCY)
        record.agency = agencies[0]
        if parsed.automatic:
            return _hold(record, parsed.automatic)
        try:
            validate_email(parsed.sender)
        except ValidationError:
            return _hold(record, NO_SENDER)
        return _make_request(record, agencies[0], parsed)


def _hold(record: InboundEmail, reason: str) -> InboundEmail:
    record.outcome = InboundEmail.Outcome.HELD
    record.reason = reason[:255]
    record.save()
    return record


# Text a message carries that the upload rules (for documents) do not list: calendar
# invitations, CSV, plain text, the HTML version of the message. Officers always download
# them (never shown in the browser), so they are kept when the content really is text.
TEXT_FILES = {
    "txt": "text/plain",
    "csv": "text/csv",
    "ics": "text/calendar",
    "html": "text/html",
    "htm": "text/html",
}


def _store_file(name: str, content: bytes) -> Attachment:
    upload = ContentFile(content, name=name)
    try:
        return store_attachment(upload, field_key="email")
    except ValidationError as error:
        text_kind = TEXT_FILES.get(name.rsplit(".", 1)[-1].lower()) if "." in name else None
        is_text = filetype.guess(content[:8192]) is None and b"\x00" not in content
        if error.code != "bad_type" or text_kind is None or not is_text:
            raise
        return store_attachment(upload, field_key="email", content_type=text_kind)


def _files(parsed: ParsedMail) -> tuple[list[Attachment], list[dict[str, str]]]:
    kept, refused = [], []
    for name, content in parsed.files:
        try:
            kept.append(_store_file(name, content))
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
