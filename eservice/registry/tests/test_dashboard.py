"""The completeness dashboard for oversight staff."""

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from eservice.registry import channels
from eservice.registry.models import Agency, Channel, Snapshot
from eservice.registry.tasks import take_snapshot

pytestmark = pytest.mark.django_db


def register(code: str, address: str, verify: bool) -> None:
    channel = channels.add_channel(
        Agency.objects.get(code=code), "x", kind="central_email", address=address
    )
    if verify:
        channels.confirm_channel(channel.verifications.get())


def test_it_shows_the_true_shares_after_the_real_import(
    client: Client, oversight_user: Any, dla_register: Any
) -> None:
    register("4120401", "saraban@bangbuathong.go.th", verify=True)
    register("3120102", "saraban_03120102@dla.go.th", verify=True)
    register("6120405", "bangrakyai@gmail.com", verify=False)
    channels.add_channel(
        Agency.objects.get(code="2110101"), "x", kind="eservice", address="https://spao.go.th/"
    )
    client.force_login(oversight_user)

    response = client.get(reverse("registry:dashboard"))

    total = response.context["total"]
    assert total["total"] == 7849
    assert (total["any_channel"], total["verified_email"], total["free_mail"]) == (4, 2, 1)
    assert total["any_share"] == round(100 * 4 / 7849, 1)
    page = response.content.decode()
    assert (
        'id="share-verified">0.0%' in page
        or f'id="share-verified">{total["verified_share"]}%' in page
    )
    assert 'href="/agencies/?province=12&amp;verified=no"' in page  # who to chase there
    by_kind = dict(response.context["by_kind"])
    assert by_kind["เทศบาลเมือง"]["total"] == 195
    assert by_kind["เทศบาลเมือง"]["verified_email"] == 1
    assert by_kind["เทศบาลนคร"]["verified_email"] == 1
    by_province = dict(response.context["by_province"])
    assert by_province["นนทบุรี"]["verified_email"] == 2
    assert by_province["นนทบุรี"]["free_mail"] == 1


def test_the_trend_comes_from_daily_snapshots_and_downloads_as_csv(
    client: Client, oversight_user: Any, agency: Any, other_agency: Any
) -> None:
    take_snapshot.call()
    register(agency.code, "saraban@bangbuathong.go.th", verify=True)
    Snapshot.objects.update(day="2026-01-01")
    take_snapshot.call()
    client.force_login(oversight_user)

    trend = client.get(reverse("registry:dashboard")).context["trend"]
    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("registry:dashboard_csv")).content.decode("utf-8-sig"))
        )
    )

    assert [s["verified_share"] for _day, s in trend] == [0.0, 50.0]
    assert rows[0][:4] == ["group", "key", "name", "agencies"]
    assert ["total", "", "", "2", "1", "1", "0", "50.0", "50.0", "0.0"] in rows
    assert [r[0] for r in rows].count("day") == 2


def test_only_oversight_staff_see_it(client: Client, officer: Any) -> None:
    client.force_login(officer)
    assert client.get(reverse("registry:dashboard")).status_code == 403
    assert client.get(reverse("registry:dashboard_csv")).status_code == 403


def test_a_free_mail_address_counts_as_a_channel_but_not_as_verified(agency: Any) -> None:
    from eservice.registry.queries import completeness

    register(agency.code, "bbt@hotmail.com", verify=False)

    figures = completeness()["total"]
    assert figures == {"total": 1, "any_channel": 1, "verified_email": 0, "free_mail": 1}
    assert Channel.objects.get().domain_class == "free"


def test_addresses_that_need_attention_are_listed(
    client: Client, oversight_user: Any, agency: Any
) -> None:
    channel = channels.add_channel(agency, "x", kind="central_email", address="saraban@bbt.go.th")
    channels.needs_attention(channel, Channel.Attention.BOUNCED)
    client.force_login(oversight_user)

    page = client.get(reverse("registry:dashboard")).content.decode()

    assert "saraban@bbt.go.th (ส่งอีเมลยืนยันไม่สำเร็จ)" in page
