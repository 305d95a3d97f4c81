"""A small world for oversight tests: agencies in provinces, requests, and the facts that
make an agency compliant, made the way the other apps record them."""

import itertools
from datetime import date
from typing import Any

import pytest
from django.utils import timezone

_numbers = itertools.count(1)


def make_agency(code: str, name: str, kind: str = "sao", province: str = "12") -> Any:
    from eservice.registry.models import Agency

    return Agency.objects.create(
        code=code, name_th=name, name_en=f"{name} (en)", kind=kind, province_code=province
    )


def receive(agency: Any, channel: str = "web", **fields: Any) -> Any:
    """A request that entered the agency's system through `channel`."""
    from eservice.intake.models import Request

    now = timezone.now()
    return Request.objects.create(
        reference=f"T{next(_numbers):08d}",
        agency=agency,
        channel=channel,
        applicant_name="สมชาย ใจดี",
        entered_at=now,
        deemed_received_at=now,
        **fields,
    )


def make_compliant(agency: Any, email: str | None = None) -> None:
    """Channel announced, e-mail verified, a service published and listed on the portal."""
    from eservice.catalogue.models import Service
    from eservice.registry.models import Channel

    Channel.objects.create(
        agency=agency,
        kind=Channel.Kind.CENTRAL_EMAIL,
        address=email or f"saraban@{agency.code}.go.th",
        status=Channel.Status.VERIFIED,
        verified_at=timezone.now(),
        announced_on=date(2023, 8, 1),
    )
    Channel.objects.create(
        agency=agency,
        kind=Channel.Kind.CITIZEN_PORTAL,
        address=f"https://citizen.go.th/{agency.code}",
        status=Channel.Status.LISTED,
    )
    Service.objects.create(agency=agency, name_th="ขออนุญาตก่อสร้าง", status="published")


def verified_email(agency: Any, email: str) -> None:
    """Only the address registered and verified; nothing else done."""
    from eservice.registry.models import Channel

    Channel.objects.create(
        agency=agency,
        kind=Channel.Kind.CENTRAL_EMAIL,
        address=email,
        status=Channel.Status.VERIFIED,
        verified_at=timezone.now(),
    )


@pytest.fixture
def officer_client(client: Any, officer: Any) -> Any:
    client.force_login(officer)
    return client


@pytest.fixture
def oversight_client(client: Any, oversight_user: Any) -> Any:
    client.force_login(oversight_user)
    return client


@pytest.fixture(autouse=True)
def thai_first() -> Any:
    """A request to /en/ leaves English active in the test's thread; each test starts in
    Thai, the site's default, so reverse() gives the Thai addresses."""
    from django.utils import translation

    with translation.override("th"):
        yield
