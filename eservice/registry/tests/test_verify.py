"""One-time verification links: they work once, expire, and cannot be guessed."""

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from eservice.outreach.models import OutgoingMail
from eservice.registry import channels
from eservice.registry.models import Channel, Verification

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(agency: Any) -> Channel:
    return channels.add_channel(
        agency, "officer", kind="central_email", address="saraban@bangbuathong.go.th"
    )


def link_path(channel: Channel) -> str:
    body = OutgoingMail.objects.filter(to=channel.address).latest("created_at").body
    url = re.search(r"https?://\S+/registry/verify/\S+/", body)
    assert url is not None
    return url[0].split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_the_link_verifies_the_address_once(client: Client, pending: Channel) -> None:
    path = link_path(pending)

    assert client.get(path).status_code == 200  # showing the page does not use the link
    pending.refresh_from_db()
    assert pending.status == Channel.Status.PENDING

    response = client.post(path)

    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.status == Channel.Status.VERIFIED
    assert pending.verified_at is not None
    assert pending.changes.filter(action="verified", actor=pending.address).exists()

    again = client.post(path)
    assert again.status_code == 410
    assert "already been used" in again.content.decode() or "ถูกใช้ไปแล้ว" in again.content.decode()


def test_an_expired_link_does_not_verify(client: Client, pending: Channel) -> None:
    path = link_path(pending)
    Verification.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = client.post(path)

    assert response.status_code == 410
    assert "หมดอายุ" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Channel.Status.PENDING


def test_a_guessed_or_altered_link_does_not_verify(client: Client, pending: Channel) -> None:
    path = link_path(pending)
    token = path.rstrip("/").rsplit("/", 1)[1]
    altered = path.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B"))

    assert client.post(altered).status_code == 410
    assert client.post("/registry/verify/1/").status_code == 410
    pending.refresh_from_db()
    assert pending.status == Channel.Status.PENDING


def test_only_a_hash_of_the_token_is_stored_and_tokens_are_long(pending: Channel) -> None:
    path = link_path(pending)
    token = path.rstrip("/").rsplit("/", 1)[1]
    stored = Verification.objects.get()

    assert len(token) >= 43  # 256 random bits
    assert token not in stored.token_hash
    assert not Verification.objects.filter(token_hash=token).exists()


def test_sending_a_new_link_retires_the_old_one(client: Client, pending: Channel) -> None:
    old = link_path(pending)
    channels.send_verification(pending, "officer")
    new = link_path(pending)

    assert client.post(old).status_code == 410
    assert client.post(new).status_code == 200


def test_reverification_falls_due_on_the_bangkok_date(pending, settings):
    settings.REGISTRY_REVERIFY_DAYS = 365
    # 20:00 UTC on 31 December is 03:00 on New Year's Day in Bangkok.
    pending.verified_at = datetime(2025, 12, 31, 20, 0, tzinfo=UTC)
    assert pending.reverify_due() == date(2027, 1, 1)
