"""Rules for official e-mail addresses: syntax (internationalised domains included), the
class of the domain, the `saraban` naming advice, and a pluggable deliverability check.

The Regulation on Correspondence (No. 4, 2021) makes the central mailbox start with
`saraban`; local bodies often use `saraban_<code>@dla.go.th`. Free mail is allowed but
flagged, because nobody can tell who controls it.
"""

import re
import socket
from dataclasses import dataclass
from importlib import import_module
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DomainClass(models.TextChoices):
    DLA = "dla", _("Department of Local Administration (dla.go.th)")
    GOVERNMENT = "government", _("Government (go.th)")
    MILITARY = "military", _("Military (mi.th)")
    ACADEMIC = "academic", _("Academic (ac.th)")
    ORGANISATION = "organisation", _("Organisation (or.th)")
    FREE = "free", _("Free mail")
    OTHER = "other", _("Other domain")


FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.co.th",
        "outlook.com",
        "outlook.co.th",
        "live.com",
        "msn.com",
        "yahoo.com",
        "yahoo.co.th",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "mail.com",
        "zoho.com",
    }
)

_validate = EmailValidator(allowlist=[])


def normalise(address: str) -> str:
    """Trim and lower-case the domain; the local part is kept as typed."""
    address = address.strip()
    if "@" not in address:
        return address
    local, domain = address.rsplit("@", 1)
    return f"{local}@{domain.lower().rstrip('.')}"


def check_syntax(address: str) -> None:
    """Raise ValidationError (with a message that says what to fix) for a bad address.
    Thai domains are accepted: Django checks the IDNA form."""
    if "@" not in address:
        raise ValidationError(
            _("An e-mail address has an @, like saraban@example.go.th."), code="invalid"
        )
    try:
        _validate(address)
    except ValidationError:
        raise ValidationError(
            _(
                "This is not a valid e-mail address. Check for spaces, commas or a missing "
                "part, like saraban@example.go.th."
            ),
            code="invalid",
        ) from None


def domain_of(address: str) -> str:
    return address.rsplit("@", 1)[-1].lower() if "@" in address else ""


def domain_class(address: str) -> str:
    domain = domain_of(address)
    if domain == "dla.go.th" or domain.endswith(".dla.go.th"):
        return DomainClass.DLA
    for suffix, kind in (
        ("go.th", DomainClass.GOVERNMENT),
        ("mi.th", DomainClass.MILITARY),
        ("ac.th", DomainClass.ACADEMIC),
        ("or.th", DomainClass.ORGANISATION),
    ):
        if domain == suffix or domain.endswith("." + suffix):
            return kind
    if domain in FREE_MAIL_DOMAINS:
        return DomainClass.FREE
    return DomainClass.OTHER


def advice(address: str, *, central: bool) -> list[Promise]:
    """Advice shown beside the address; none of it blocks registration."""
    notes: list[Promise] = []
    kind = domain_class(address)
    if kind == DomainClass.FREE:
        notes.append(
            _(
                "This is a free mail service. It is accepted, but it is flagged in the register "
                "because nobody can tell who controls it. An address on your agency's go.th "
                "domain or on dla.go.th is better."
            )
        )
    elif kind == DomainClass.OTHER:
        notes.append(
            _(
                "This domain is not a Thai government domain (go.th, mi.th, ac.th, or.th). "
                "Check that your agency controls it."
            )
        )
    if central and not address.lower().startswith("saraban"):
        notes.append(
            _(
                "The Regulation on Correspondence asks for a central mailbox whose name starts "
                "with saraban, like saraban@example.go.th or saraban_01234567@dla.go.th."
            )
        )
    return notes


@dataclass(frozen=True)
class DomainCheck:
    ok: bool | None  # None: could not be checked (no network); never blocks
    detail: str = ""


class DomainChecker(Protocol):
    def __call__(self, domain: str) -> DomainCheck: ...


def _resolves(domain: str) -> bool | None:
    """True or False when DNS answered, None when it could not be asked."""
    try:
        socket.getaddrinfo(domain, 25, proto=socket.IPPROTO_TCP)
    except socket.gaierror as error:
        if error.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -5)):
            return False
        return None
    except OSError:
        return None
    return True


def resolve_domain(domain: str) -> DomainCheck:
    """Does the domain resolve at all? A soft check: a resolver with no way out answers
    "no such name" for everything, so a miss counts only if a known domain resolves."""
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return DomainCheck(False, "not a valid domain name")
    found = _resolves(ascii_domain)
    if found:
        return DomainCheck(True)
    if found is False and _resolves(settings.REGISTRY_DNS_PROBE):
        return DomainCheck(False, "the domain does not exist")
    return DomainCheck(None, "DNS is not reachable")


def no_check(domain: str) -> DomainCheck:
    return DomainCheck(None, "not checked")


def check_domain(address: str) -> DomainCheck:
    """Run the checker named in settings.REGISTRY_DOMAIN_CHECKER; any failure is 'unknown'."""
    module, _sep, name = settings.REGISTRY_DOMAIN_CHECKER.rpartition(".")
    checker: DomainChecker = getattr(import_module(module), name)
    try:
        return checker(domain_of(address))
    except Exception as error:  # noqa: BLE001 - a check must never break registration
        return DomainCheck(None, f"check failed: {type(error).__name__}")


EMAIL_IN_TEXT = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
