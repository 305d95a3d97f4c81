"""Queue and send e-mail. Callers use queue_mail(); only the task calls deliver()."""

from __future__ import annotations

import contextlib
import email.policy
import logging
from email.charset import Charset
from email.header import Header
from email.message import EmailMessage, Message
from email.policy import Policy
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from eservice.outreach.models import OutgoingMail

logger = logging.getLogger(__name__)


def queue_mail(
    to: str,
    subject: str,
    body: str,
    *,
    html_body: str = "",
    reply_to: str = "",
    headers: dict[str, str] | None = None,
    purpose: str = "general",
    bulk: bool = False,
) -> OutgoingMail:
    """Record the message and enqueue its sending in the caller's transaction: if the
    caller rolls back, nothing is sent; if it commits, the message will be sent."""
    from eservice.outreach.tasks import wake_sender

    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "localhost"
    # No savepoint inside the caller's transaction: a failure here fails the caller anyway.
    with transaction.atomic(savepoint=False):
        mail = OutgoingMail.objects.create(
            to=to,
            subject=subject,
            body=body,
            html_body=html_body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            reply_to=reply_to,
            headers=headers or {},
            purpose=purpose,
            queue="bulk" if bulk else "mail",
            message_id=make_msgid(domain=domain),
        )
        wake_sender(mail.queue)
    return mail


class StoredMessage(EmailMultiAlternatives):
    """An outgoing message as the worker sends it: Django's message, put together under the
    standard library's compat32 policy instead of Django's, which parses every header it
    sets. That is three times faster, and the worker builds one for every message it sends;
    the relay gets the same headers, in UTF-8 (RFC 2047 for Thai)."""

    def message(self, *, policy: Policy[Message[str, str]] | None = None) -> EmailMessage:
        if self.cc or self.bcc or self.attachments:
            raise ValueError("A stored message goes to its To addresses, as text and HTML only.")
        taken = {"from", "to", "cc", "bcc", "reply-to", "date"} & {
            name.lower() for name in self.extra_headers
        }
        if taken:
            raise ValueError(f"Set {', '.join(sorted(taken))} by its argument, not as a header.")
        legacy = email.policy.compat32.clone(linesep=(policy or email.policy.default).linesep)
        message = _text(str(self.body), "plain", legacy)
        if self.alternatives:
            text, message = message, EmailMessage(policy=legacy)
            message["MIME-Version"] = "1.0"
            message["Content-Type"] = "multipart/alternative"
            message.attach(text)
            for content, mimetype in self.alternatives:
                message.attach(_text(str(content), mimetype.split("/", 1)[1], legacy))
        message["Subject"] = _header("Subject", str(self.subject))
        message["From"] = _address(self.from_email)
        message["To"] = ", ".join(_address(to) for to in self.to)
        if self.reply_to:
            message["Reply-To"] = ", ".join(_address(to) for to in self.reply_to)
        message["Date"] = format_datetime(timezone.now())
        for name, value in self.extra_headers.items():
            message[name] = _header(name, str(value))
        return message


def _text(content: str, subtype: str, policy: Policy[Any]) -> EmailMessage:
    charset = Charset("utf-8")
    if all(len(line.encode()) <= 998 for line in content.splitlines()):
        charset.body_encoding = None  # type: ignore[assignment]  # 8bit, as Django sends it
    part = EmailMessage(policy=policy)
    part.set_payload(content, charset)  # else base64: SMTP limits a line to 998 bytes
    if subtype != "plain":
        part.set_type(f"text/{subtype}")
    return part


def _header(name: str, value: str) -> Any:  # compat32 takes a Header for non-ASCII text
    value = " ".join(value.splitlines())  # a line break would start a header of its own
    return value if value.isascii() else Header(value, "utf-8", header_name=name)


def _address(value: str) -> str:
    name, address = parseaddr(value)
    local, at, domain = address.rpartition("@")
    if not (local and at and domain) or not local.isascii():
        raise ValueError(f"Cannot send to {value!r}: not an e-mail address this relay takes.")
    address = f"{local}@{domain.encode('idna').decode('ascii')}"
    if name.isascii():
        return formataddr((name, address))
    # Header splits a long Thai name into encoded words of at most 75 characters (RFC 2047).
    return f"{Header(name, 'utf-8').encode()} <{address}>"


def deliver(mail: OutgoingMail) -> None:
    """Hand one message to the relay (or the local outbox) of settings.MAILERS. Raises on
    failure."""
    headers = {"Message-ID": mail.message_id, **mail.headers}
    message = StoredMessage(
        subject=mail.subject,
        body=mail.body,
        from_email=mail.from_email or settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
        reply_to=[mail.reply_to] if mail.reply_to else None,
        headers=headers,
    )
    if mail.html_body:
        message.attach_alternative(mail.html_body, "text/html")
    try:
        sent = _relay().send_messages([message])
    except Exception:
        # The relay may have closed an idle connection: one more try on a fresh one.
        _forget_relay()
        sent = _relay().send_messages([message])
    if sent != 1:
        raise RuntimeError("The mail relay did not accept the message.")


# One open connection to the relay per worker process, reused from message to message:
# opening an SMTP session per message costs more than sending it.
_relay_cache: dict[str, Any] = {}


def _relay() -> BaseEmailBackend:
    config = repr(settings.MAILERS.get("default"))
    if _relay_cache.get("config") != config:
        _forget_relay()
        backend = mailers.default
        backend.open()
        _relay_cache.update(config=config, backend=backend)
    return _relay_cache["backend"]


def _forget_relay() -> None:
    backend = _relay_cache.pop("backend", None)
    _relay_cache.pop("config", None)
    if backend is not None:
        with contextlib.suppress(Exception):
            backend.close()


def record_failure(mail: OutgoingMail, error: Exception) -> None:
    """Keep the reason, and set the next attempt or give up."""
    mail.attempts += 1
    mail.last_error = f"{type(error).__name__}: {error}"[:2000]
    if mail.attempts >= settings.MAIL_MAX_ATTEMPTS:
        mail.status = OutgoingMail.Status.FAILED
        logger.warning("Gave up on mail %s after %s attempts", mail.pk, mail.attempts)
    else:
        mail.next_attempt_at = timezone.now() + mail.retry_delay()
    # Only while still queued: should a lease have run out and another worker sent it
    # meanwhile, a late failure must not undo that.
    OutgoingMail.objects.filter(pk=mail.pk, status=OutgoingMail.Status.QUEUED).update(
        attempts=mail.attempts,
        last_error=mail.last_error,
        status=mail.status,
        next_attempt_at=mail.next_attempt_at,
    )
