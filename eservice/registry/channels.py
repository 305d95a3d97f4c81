"""Registering, changing and verifying an agency's channels, each change kept in the
history. Views check who may act (User.can_act) and then call these."""

from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eservice.lib import audit
from eservice.outreach.mail import queue_mail
from eservice.registry import addresses
from eservice.registry.models import Agency, Channel, ChannelChange, Verification

TRACKED = ("kind", "address", "unit", "announced_on", "announcement_ref")

VERIFY_MESSAGE = gettext_lazy(
    "%(agency)s registered this address as its channel (%(kind)s) in the register of "
    "official electronic channels.\n\nTo confirm that the address works and belongs to the "
    "agency, open this link within %(hours)s hours and press Confirm:\n\n%(link)s\n\n"
    "If you do not know about this, ignore this message; the address will not be counted "
    "as verified."
)


def in_thai(message: Any, params: dict[str, Any]) -> str:
    with translation.override("th"):
        return str(message) % params


def bilingual_text(message: Any, params: dict[str, Any]) -> str:
    """Mail goes out in Thai with the English below, since we do not know who reads it."""
    with translation.override("en"):
        english = str(message) % params
    return f"{in_thai(message, params)}\n\n-- English --\n\n{english}"


def actor_name(user: Any) -> str:
    return user.get_username() if user is not None and user.is_authenticated else "system"


def _value(v: Any) -> Any:
    return v.isoformat() if isinstance(v, date) else v


def _log(channel: Channel, action: str, actor: str, changes: dict[str, Any] | None = None) -> None:
    audit.record(
        f"registry.channel_{action}",
        actor=actor,
        obj=channel,
        agency_id=channel.agency_id,
        detail={"channel": str(channel), **(changes or {})},
    )
    ChannelChange.objects.create(
        agency_id=channel.agency_id,
        channel=channel,
        channel_label=str(channel)[:400],
        action=action,
        actor=actor,
        changes=changes or {},
    )


@transaction.atomic
def add_channel(agency: Agency, actor: str, **fields: Any) -> Channel:
    channel = Channel(agency=agency, **fields)
    prepare(channel)
    channel.save()
    _log(
        channel,
        ChannelChange.Action.ADDED,
        actor,
        {k: [None, _value(fields.get(k))] for k in fields},
    )
    if channel.is_email:
        send_verification(channel, actor)
    return channel


@transaction.atomic
def change_channel(channel: Channel, actor: str, **fields: Any) -> Channel:
    before = {k: getattr(channel, k) for k in TRACKED}
    for name, value in fields.items():
        setattr(channel, name, value)
    prepare(channel)
    changes = {
        k: [_value(before[k]), _value(getattr(channel, k))]
        for k in TRACKED
        if before[k] != getattr(channel, k)
    }
    if not changes:
        return channel
    readdress = "address" in changes or "kind" in changes
    if readdress:
        channel.status = Channel.Status.PENDING if channel.is_email else Channel.Status.LISTED
        channel.verified_at = None
        channel.attention = ""
        channel.verifications.usable().update(expires_at=timezone.now())
    channel.save()
    _log(channel, ChannelChange.Action.CHANGED, actor, changes)
    if readdress and channel.is_email:
        send_verification(channel, actor)
    return channel


@transaction.atomic
def remove_channel(channel: Channel, actor: str) -> None:
    _log(channel, ChannelChange.Action.REMOVED, actor, {"address": [channel.address, None]})
    channel.delete()


def prepare(channel: Channel) -> None:
    if channel.is_email:
        channel.address = addresses.normalise(channel.address)
        channel.domain_class = addresses.domain_class(channel.address)
        if not channel.pk:
            channel.status = Channel.Status.PENDING
    else:
        channel.address = channel.address.strip()
        channel.domain_class = ""
        channel.status = Channel.Status.LISTED


def link(path_name: str, token: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_URL + reverse(path_name, args=[token])


def link_for_agency(agency: Agency) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_URL + reverse("registry:agency", args=[agency.code])


def send_verification(channel: Channel, actor: str) -> Verification:
    """A one-time link to the address; older links for the channel stop working."""
    channel.verifications.usable().update(expires_at=timezone.now())
    verification, token = Verification.issue(
        Verification.Purpose.CHANNEL, channel.address, channel=channel
    )
    params = {
        "agency": channel.agency.name_th,
        "kind": channel.get_kind_display(),
        "hours": settings.REGISTRY_VERIFICATION_HOURS,
        "link": link("registry:verify", token),
    }
    subject = in_thai(gettext_lazy("Confirm the e-mail address of %(agency)s"), params)
    body = bilingual_text(VERIFY_MESSAGE, params)
    verification.mail = queue_mail(channel.address, subject, body, purpose="registry.verify")
    verification.save(update_fields=["mail"])
    _log(channel, ChannelChange.Action.LINK_SENT, actor)
    from eservice.registry.tasks import check_channel_domain

    transaction.on_commit(lambda: check_channel_domain.enqueue(channel.pk))
    return verification


class LinkError(Exception):
    """Why a one-time link cannot be used; the message is for the person holding it."""


def redeem(token: str, purpose: str) -> Verification:
    """Use a one-time link: raises LinkError when it is unknown, used or expired."""
    with transaction.atomic():
        found = Verification.find(token, purpose)
        if found is None:
            raise LinkError(_("This link is not valid. Check that you copied all of it."))
        verification = Verification.objects.select_for_update().get(pk=found.pk)
        if verification.used_at is not None:
            raise LinkError(_("This link has already been used. Each link works only once."))
        if verification.is_expired:
            raise LinkError(_("This link has expired. Ask the agency's officer to send a new one."))
        verification.used_at = timezone.now()
        verification.save(update_fields=["used_at"])
    return verification


@transaction.atomic
def confirm_channel(verification: Verification) -> Channel:
    channel = Channel.objects.select_for_update().get(pk=verification.channel_id or 0)
    channel.status = Channel.Status.VERIFIED
    channel.verified_at = timezone.now()
    channel.attention = ""
    channel.save(update_fields=["status", "verified_at", "attention", "updated_at"])
    _log(channel, ChannelChange.Action.VERIFIED, verification.email)
    return channel


def needs_attention(channel: Channel, reason: str) -> None:
    channel.status = Channel.Status.NEEDS_ATTENTION
    channel.attention = reason
    channel.save(update_fields=["status", "attention", "updated_at"])
    _log(channel, ChannelChange.Action.NEEDS_ATTENTION, "system", {"reason": reason})


CLAIM_SUBJECT = gettext_lazy("Confirm a request to manage %(agency)s")
# Fixed text: nothing the person asking typed goes into it, so the form cannot be used to
# send their words in the platform's name.
CLAIM_MESSAGE = gettext_lazy(
    "Someone asked, through the register of official electronic channels, to manage the "
    "electronic channels of %(agency)s with an account sent to this address, the agency's "
    "central e-mail in the register.\n\n"
    "If your agency asked for it, open this link within %(hours)s hours and press Confirm:"
    "\n\n%(link)s\n\nOversight staff then check the request and approve it. If nobody at "
    "your agency asked, ignore this message: nothing happens without the link."
)
WELCOME_SUBJECT = gettext_lazy("Your account for %(agency)s is ready")
WELCOME_MESSAGE = gettext_lazy(
    "Your request to manage %(agency)s was approved, and %(address)s is registered and "
    "verified as its central e-mail.\n\nSet your password with this link within %(hours)s "
    "hours, then sign in with the user name %(username)s:\n\n%(link)s"
)


@transaction.atomic
def approve_claim(claim: Any, actor: str) -> Any:
    """The claimant's address was confirmed by its link; approval registers it as the
    agency's verified central e-mail and opens an account for the claimant."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=claim.email,
        defaults={
            "email": claim.email,
            "agency": claim.agency,
            "role": user_model.Role.AGENCY_ADMIN,
            "first_name": claim.name[:150],
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    channel = Channel.objects.filter(
        agency=claim.agency, kind=Channel.Kind.CENTRAL_EMAIL, address=claim.email
    ).first() or add_channel_quietly(claim.agency, actor, claim.email)
    channel.status = Channel.Status.VERIFIED
    channel.verified_at = timezone.now()
    channel.attention = ""
    channel.save(update_fields=["status", "verified_at", "attention", "updated_at"])
    _log(channel, ChannelChange.Action.VERIFIED, claim.email, {"claim": claim.pk})
    verification, token = Verification.issue(Verification.Purpose.ACCOUNT, claim.email, claim=claim)
    params = {
        "agency": claim.agency.name_th,
        "address": claim.email,
        "username": user.get_username(),
        "hours": settings.REGISTRY_VERIFICATION_HOURS,
        "link": link("registry:welcome", token),
    }
    verification.mail = queue_mail(
        claim.email,
        in_thai(WELCOME_SUBJECT, params),
        bilingual_text(WELCOME_MESSAGE, params),
        purpose="registry.welcome",
    )
    verification.save(update_fields=["mail"])
    return user


def add_channel_quietly(agency: Agency, actor: str, address: str) -> Channel:
    """A central e-mail whose address is already confirmed: no new link."""
    channel = Channel(agency=agency, kind=Channel.Kind.CENTRAL_EMAIL, address=address)
    prepare(channel)
    channel.save()
    _log(channel, ChannelChange.Action.ADDED, actor, {"address": [None, address]})
    return channel
