"""The channels page of one agency: who may register and change what."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from eservice.lib.models import AuditEntry
from eservice.outreach.models import OutgoingMail
from eservice.registry import channels
from eservice.registry.models import Channel, ChannelChange, Closure

pytestmark = pytest.mark.django_db


def manage_url(agency: Any) -> str:
    return reverse("registry:manage", args=[agency.code])


def test_an_officer_registers_the_central_email_and_a_link_is_queued(
    client: Client, officer: Any, agency: Any
) -> None:
    client.force_login(officer)

    response = client.post(
        manage_url(agency),
        {"kind": "central_email", "address": " saraban@BangBuaThong.go.th ", "unit": ""},
        follow=True,
    )

    assert "saraban@bangbuathong.go.th" in response.content.decode()
    channel = Channel.objects.get(agency=agency)
    assert (channel.address, channel.status, channel.domain_class) == (
        "saraban@bangbuathong.go.th",
        Channel.Status.PENDING,
        "government",
    )
    mail = OutgoingMail.objects.get(purpose="registry.verify")
    assert mail.to == "saraban@bangbuathong.go.th"
    assert "/registry/verify/" in mail.body
    actions = list(ChannelChange.objects.values_list("action", "actor"))
    assert ("added", "officer") in actions and ("link_sent", "officer") in actions
    audited = AuditEntry.objects.filter(action="registry.channel_added", agency_id=agency.pk)
    assert audited.get().actor == "officer"


def test_it_accepts_a_thai_domain_and_flags_free_mail_with_advice(
    client: Client, officer: Any, agency: Any
) -> None:
    client.force_login(officer)
    client.post(
        manage_url(agency),
        {"kind": "unit_email", "address": "kongchang@บางบัวทอง.ไทย", "unit": "กองช่าง"},
    )
    client.post(manage_url(agency), {"kind": "central_email", "address": "bbt.office@gmail.com"})

    page = client.get(manage_url(agency)).content.decode()

    assert Channel.objects.filter(address="kongchang@บางบัวทอง.ไทย").exists()
    free = Channel.objects.get(address="bbt.office@gmail.com")
    assert free.is_free_mail
    assert "free mail service" in page or "อีเมลฟรี" in page
    assert "saraban" in page  # the naming advice for a central mailbox


def test_a_bad_address_gets_a_clear_error_and_nothing_is_saved(
    client: Client, officer: Any, agency: Any
) -> None:
    client.force_login(officer)

    response = client.post(
        reverse("registry:manage", args=[agency.code]),
        {"kind": "central_email", "address": "saraban@bangbuathong,go.th"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "usa-alert--error" in page
    assert "ที่อยู่อีเมลไม่ถูกต้อง" in page
    assert not Channel.objects.exists()


def test_an_officer_cannot_touch_another_agencys_channels(
    client: Client, officer: Any, other_agency: Any
) -> None:
    theirs = channels.add_channel(
        other_agency, "other", kind="central_email", address="saraban@bangrakyai.go.th"
    )
    client.force_login(officer)

    assert client.get(manage_url(other_agency)).status_code == 403
    assert (
        client.post(
            manage_url(other_agency), {"kind": "central_email", "address": "x@evil.example"}
        ).status_code
        == 403
    )
    edit = reverse("registry:edit_channel", args=[other_agency.code, theirs.pk])
    assert (
        client.post(edit, {"kind": "central_email", "address": "saraban@evil.example"}).status_code
        == 403
    )
    remove = reverse("registry:remove_channel", args=[other_agency.code, theirs.pk])
    assert client.post(remove).status_code == 403
    # Nor through their own agency's URL with the other agency's channel id.
    sneaky = reverse("registry:remove_channel", args=["4120401", theirs.pk])
    assert client.post(sneaky).status_code == 404

    theirs.refresh_from_db()
    assert theirs.address == "saraban@bangrakyai.go.th"
    assert Channel.objects.count() == 1


def test_a_viewer_reads_only_and_a_stranger_must_sign_in(
    client: Client, viewer: Any, agency: Any
) -> None:
    assert client.get(manage_url(agency)).status_code == 302
    client.force_login(viewer)
    assert client.get(manage_url(agency)).status_code == 403


def test_oversight_staff_do_not_register_channels_in_an_agencys_name(
    client: Client, oversight_user: Any, other_agency: Any
) -> None:
    client.force_login(oversight_user)

    response = client.post(
        manage_url(other_agency),
        {"kind": "eservice", "address": "https://bangrakyai.go.th/eservice"},
    )

    assert response.status_code == 403
    assert not Channel.objects.filter(agency=other_agency).exists()


def test_changing_the_address_needs_a_new_verification_and_is_kept_in_history(
    client: Client, officer: Any, agency: Any
) -> None:
    channel = channels.add_channel(
        agency, "officer", kind="central_email", address="saraban@bangbuathong.go.th"
    )
    channels.confirm_channel(channel.verifications.get())
    client.force_login(officer)

    client.post(
        reverse("registry:edit_channel", args=[agency.code, channel.pk]),
        {
            "kind": "central_email",
            "address": "saraban@bbt.go.th",
            "announced_on": "2023-02-01",
            "announcement_ref": "ประกาศ ที่ 3/2566",
        },
    )

    channel.refresh_from_db()
    assert (channel.address, channel.status, channel.verified_at) == (
        "saraban@bbt.go.th",
        Channel.Status.PENDING,
        None,
    )
    change = channel.changes.get(action="changed")
    assert change.actor == "officer"
    assert change.changes["address"] == ["saraban@bangbuathong.go.th", "saraban@bbt.go.th"]
    assert change.changes["announced_on"] == [None, "2023-02-01"]
    history = client.get(manage_url(agency)).content.decode()
    assert "saraban@bangbuathong.go.th → saraban@bbt.go.th" in history


def test_removing_a_channel_keeps_its_history(client: Client, officer: Any, agency: Any) -> None:
    channel = channels.add_channel(agency, "officer", kind="eservice", address="https://bbt.go.th/")
    client.force_login(officer)

    client.post(reverse("registry:remove_channel", args=[agency.code, channel.pk]))

    assert not Channel.objects.exists()
    assert ChannelChange.objects.filter(action="removed", agency=agency).count() == 1


def test_office_hours_and_closures_feed_the_agency_calendar(
    client: Client, officer: Any, agency: Any
) -> None:
    from datetime import date, datetime

    from eservice.lib.workdays import BANGKOK

    client.force_login(officer)
    hours = {f"opens_{d}": "08:00" for d in range(5)} | {f"closes_{d}": "16:00" for d in range(5)}
    client.post(reverse("registry:office_hours", args=[agency.code]), hours)
    client.post(
        reverse("registry:add_closure", args=[agency.code]),
        {"day": "2026-12-01", "reason": "Moving office"},
    )

    agency.refresh_from_db()
    calendar = agency.calendar()
    assert Closure.objects.get(agency=agency).day == date(2026, 12, 1)
    # 16:30 on Monday 30 Nov is after closing: deemed received at the next office time,
    # skipping the closure on Tuesday.
    entered = datetime(2026, 11, 30, 16, 30, tzinfo=BANGKOK)
    assert calendar.deemed_receipt(entered) == datetime(2026, 12, 2, 8, 0, tzinfo=BANGKOK)


def test_office_hours_that_close_before_they_open_are_refused(
    client: Client, officer: Any, agency: Any
) -> None:
    client.force_login(officer)
    with translation.override("en"):
        url = reverse("registry:office_hours", args=[agency.code])

    response = client.post(url, {"opens_0": "16:00", "closes_0": "08:00"})

    assert response.status_code == 400
    assert "The office must close after it opens." in response.content.decode()
