"""An agency with no account: request, confirmation by mail, approval by oversight staff."""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from eservice.identity.models import User
from eservice.outreach.models import OutgoingMail
from eservice.registry.models import Channel, Claim

pytestmark = pytest.mark.django_db


def path_in_mail(to: str, purpose: str) -> str:
    body = OutgoingMail.objects.get(to=to, purpose=purpose).body
    found = re.search(r"https?://[^/\s]+(/\S+/)", body)
    assert found is not None
    return found[1]


def test_a_claim_is_confirmed_by_mail_then_approved(
    client: Client, other_agency: Any, oversight_user: Any
) -> None:
    url = reverse("registry:claim", args=[other_agency.code])
    sent = client.post(
        url,
        {"name": "สมศรี ใจดี", "position": "นักจัดการงานทั่วไป", "email": "saraban@bangrakyai.go.th"},
    )
    assert sent.status_code == 200
    claim = Claim.objects.get()
    assert claim.status == Claim.Status.AWAITING_EMAIL

    confirm = path_in_mail("saraban@bangrakyai.go.th", "registry.claim")
    client.post(confirm)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.AWAITING_APPROVAL
    assert client.post(confirm).status_code == 410  # once only

    client.force_login(oversight_user)
    assert "สมศรี ใจดี" in client.get(reverse("registry:claims")).content.decode()
    client.post(reverse("registry:decide_claim", args=[claim.pk]), {"decision": "approve"})
    client.logout()

    claim.refresh_from_db()
    assert (claim.status, claim.decided_by) == (Claim.Status.APPROVED, "oversight")
    channel = Channel.objects.get(agency=other_agency)
    assert (channel.address, channel.status) == ("saraban@bangrakyai.go.th", "verified")
    user = User.objects.get(username="saraban@bangrakyai.go.th")
    assert (user.agency, user.role, user.has_usable_password()) == (
        other_agency,
        "agency_admin",
        False,
    )

    welcome = path_in_mail("saraban@bangrakyai.go.th", "registry.welcome")
    new_password = "a-new-long-password-2569"
    client.post(welcome, {"new_password1": new_password, "new_password2": new_password})
    user.refresh_from_db()
    assert user.check_password(new_password)
    assert client.get(welcome).status_code == 410


def test_an_agency_with_officers_cannot_be_claimed(
    client: Client, officer: Any, agency: Any
) -> None:
    response = client.post(
        reverse("registry:claim", args=[agency.code]),
        {"name": "x", "position": "y", "email": "saraban@evil.example"},
    )

    assert not Claim.objects.exists()
    assert "มีเจ้าหน้าที่ในระบบแล้ว" in response.content.decode()


def test_a_claim_with_a_bad_address_says_what_to_fix(client: Client, other_agency: Any) -> None:
    response = client.post(
        reverse("registry:claim", args=[other_agency.code]),
        {"name": "x", "position": "y", "email": "saraban.bangrakyai.go.th"},
    )

    assert response.status_code == 400
    assert "ต้องมีเครื่องหมาย @" in response.content.decode()
    assert not OutgoingMail.objects.exists()


def test_a_rejected_claim_opens_no_account(
    client: Client, other_agency: Any, oversight_user: Any
) -> None:
    claim = Claim.objects.create(
        agency=other_agency, name="x", position="y", email="a@b.go.th", status="awaiting_approval"
    )
    client.force_login(oversight_user)

    client.post(reverse("registry:decide_claim", args=[claim.pk]), {"decision": "reject"})

    claim.refresh_from_db()
    assert claim.status == Claim.Status.REJECTED
    assert not User.objects.filter(username="a@b.go.th").exists()
    assert not Channel.objects.exists()


def test_officers_cannot_approve_claims(client: Client, officer: Any, other_agency: Any) -> None:
    claim = Claim.objects.create(
        agency=other_agency, name="x", position="y", email="a@b.go.th", status="awaiting_approval"
    )
    client.force_login(officer)

    assert (
        client.post(
            reverse("registry:decide_claim", args=[claim.pk]), {"decision": "approve"}
        ).status_code
        == 403
    )
    claim.refresh_from_db()
    assert claim.status == Claim.Status.AWAITING_APPROVAL


def test_a_claim_cannot_take_over_another_agencys_account(
    client: Client, other_agency: Any, officer: Any, oversight_user: Any
) -> None:
    User.objects.filter(pk=officer.pk).update(username="saraban@bangrakyai.go.th")
    claim = Claim.objects.create(
        agency=other_agency,
        name="x",
        position="y",
        email="saraban@bangrakyai.go.th",
        status="awaiting_approval",
    )
    client.force_login(oversight_user)

    response = client.post(
        reverse("registry:decide_claim", args=[claim.pk]), {"decision": "approve"}, follow=True
    )

    claim.refresh_from_db()
    assert claim.status == Claim.Status.AWAITING_APPROVAL
    assert "มีบัญชีผู้ใช้" in response.content.decode()
    officer.refresh_from_db()
    assert officer.agency_id != other_agency.pk
