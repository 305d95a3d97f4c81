"""Background work: 15-day reminders, expiry, bounces, yearly re-verification."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from eservice.outreach.models import OutgoingMail
from eservice.registry import channels
from eservice.registry.models import Agency, Channel, Reminder, Verification
from eservice.registry.tasks import (
    chase_missing_channels,
    expire_verifications,
    reverify_yearly,
)

pytestmark = pytest.mark.django_db


def test_agencies_without_a_verified_email_are_reminded_every_15_days(
    agency: Any, other_agency: Any, other_officer: Any
) -> None:
    Agency.objects.filter(pk=agency.pk).update(contact_email="clerk@bbt.example")
    Agency.objects.create(code="NOBODY", name_th="หน่วยงานที่ไม่รู้ที่อยู่", kind="sao")

    assert chase_missing_channels.call() == 2
    assert set(Reminder.objects.values_list("agency__code", "to")) == {
        ("4120401", "clerk@bbt.example"),
        ("6120405", "it@bangrakyai.go.th"),
    }
    mail = OutgoingMail.objects.get(to="clerk@bbt.example")
    assert mail.queue == "bulk" and "saraban" in mail.body and "/agencies/4120401/" in mail.body

    assert chase_missing_channels.call() == 0  # not again within 15 days

    Reminder.objects.update(sent_at=timezone.now() - timedelta(days=15, minutes=1))
    assert chase_missing_channels.call() == 2


def test_reminders_stop_once_an_address_is_verified(agency: Any) -> None:
    channel = channels.add_channel(
        agency, "officer", kind="central_email", address="saraban@bangbuathong.go.th"
    )
    assert chase_missing_channels.call() == 1  # the pending address itself is reminded
    channels.confirm_channel(channel.verifications.get())
    Reminder.objects.update(sent_at=timezone.now() - timedelta(days=30))

    assert chase_missing_channels.call() == 0


def test_an_expired_link_makes_the_channel_need_attention(agency: Any) -> None:
    channel = channels.add_channel(agency, "o", kind="central_email", address="saraban@bbt.go.th")
    assert expire_verifications.call() == 0
    Verification.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    assert expire_verifications.call() == 1

    channel.refresh_from_db()
    assert (channel.status, channel.attention) == ("needs_attention", "expired")
    assert expire_verifications.call() == 0


def test_an_undeliverable_link_makes_the_channel_need_attention(agency: Any) -> None:
    channel = channels.add_channel(agency, "o", kind="central_email", address="saraban@bbt.go.th")
    OutgoingMail.objects.update(status=OutgoingMail.Status.FAILED)

    expire_verifications.call()

    channel.refresh_from_db()
    assert (channel.status, channel.attention) == ("needs_attention", "bounced")


def test_verified_addresses_are_confirmed_again_after_a_year(agency: Any) -> None:
    channel = channels.add_channel(agency, "o", kind="central_email", address="saraban@bbt.go.th")
    channels.confirm_channel(channel.verifications.get())
    assert reverify_yearly.call() == 0

    Verification.objects.update(created_at=timezone.now() - timedelta(days=367))
    Channel.objects.update(verified_at=timezone.now() - timedelta(days=366))
    assert reverify_yearly.call() == 1
    assert reverify_yearly.call() == 0  # this year's link is out
    channel.refresh_from_db()
    assert channel.status == Channel.Status.VERIFIED  # still counts until the link expires

    Verification.objects.filter(used_at__isnull=True).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    expire_verifications.call()
    channel.refresh_from_db()
    assert (channel.status, channel.attention) == ("needs_attention", "expired")


def test_the_domain_check_fails_soft(agency: Any, settings: Any) -> None:
    from eservice.registry.tasks import check_channel_domain

    channel = channels.add_channel(agency, "o", kind="central_email", address="saraban@bbt.go.th")
    settings.REGISTRY_DOMAIN_CHECKER = "eservice.registry.addresses.no_check"
    assert check_channel_domain.call(channel.pk) == "not checked"

    settings.REGISTRY_DOMAIN_CHECKER = "eservice.registry.tests.test_reminders.broken_checker"
    assert check_channel_domain.call(channel.pk).startswith("check failed")
    settings.REGISTRY_DOMAIN_CHECKER = "eservice.registry.tests.test_reminders.no_such_domain"
    check_channel_domain.call(channel.pk)

    channel.refresh_from_db()
    assert (channel.status, channel.attention) == ("needs_attention", "bounced")


def broken_checker(domain: str) -> Any:
    raise OSError("network unreachable")


def no_such_domain(domain: str) -> Any:
    from eservice.registry.addresses import DomainCheck

    return DomainCheck(False, "the domain does not exist")


def test_staff_see_who_was_reminded_when(
    client: Any, officer: Any, oversight_user: Any, agency: Any
) -> None:
    from django.urls import reverse

    Agency.objects.filter(pk=agency.pk).update(contact_email="clerk@bbt.example")
    chase_missing_channels.call()

    client.force_login(officer)
    assert (
        "clerk@bbt.example"
        in client.get(reverse("registry:manage", args=[agency.code])).content.decode()
    )
    client.force_login(oversight_user)
    dashboard = client.get(reverse("registry:dashboard")).content.decode()
    assert "clerk@bbt.example" in dashboard and agency.name_th in dashboard
