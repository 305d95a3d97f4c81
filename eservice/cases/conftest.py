"""A small world for case handling: a service with a manual that lists required documents,
requests to the test agency and to another agency, and its staff in each role."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from conftest import PASSWORD

REQUIRED = ["สำเนาบัตรประจำตัวประชาชน", "แผนผังร้าน", "หนังสือยินยอมจากเจ้าของอาคาร"]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def service(agency: Any) -> Any:
    from eservice.catalogue.models import Service, ServiceVersion

    s = Service.objects.create(
        agency=agency,
        name_th="ใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหาร",
        name_en="Food shop licence",
        kind=Service.Kind.LICENCE,
        status=Service.Status.PUBLISHED,
        processing_days=10,
    )
    ServiceVersion.objects.create(
        service=s,
        number=1,
        manual={"documents": [{"name_th": name} for name in REQUIRED]},
        published_at=timezone.now(),
    )
    return s


def make_request(
    agency: Any, reference: str, *, service: Any = None, days_ago: int = 0, **kw: Any
) -> Any:
    from eservice.intake.models import Request

    at = timezone.now() - timedelta(days=days_ago)
    return Request.objects.create(
        reference=reference,
        agency=agency,
        service_version=service.versions.first() if service else None,
        channel=Request.Channel.WEB,
        applicant_name=kw.pop("applicant_name", "สมชาย ใจดี"),
        applicant_email=kw.pop("applicant_email", "somchai@example.com"),
        answers=kw.pop("answers", {"shop_name": "ร้านข้าวมันไก่"}),
        entered_at=at,
        deemed_received_at=agency.calendar().deemed_receipt(at),
        **kw,
    )


@pytest.fixture
def application(agency: Any, service: Any) -> Any:
    return make_request(agency, "BBT-2569-000001", service=service)


@pytest.fixture
def foreign_application(other_agency: Any) -> Any:
    return make_request(other_agency, "BRY-2569-000001", applicant_name="สมหญิง รักดี")


def user(agency: Any, username: str, role: str) -> Any:
    from eservice.identity.models import User

    return User.objects.create_user(username, password=PASSWORD, agency=agency, role=role)


@pytest.fixture
def colleague(agency: Any) -> Any:
    return user(agency, "colleague", "officer")


@pytest.fixture
def viewer(agency: Any) -> Any:
    return user(agency, "viewer", "viewer")


@pytest.fixture
def agency_admin(agency: Any) -> Any:
    return user(agency, "admin", "agency_admin")


@pytest.fixture
def foreign_officer(other_agency: Any) -> Any:
    return user(other_agency, "foreign", "officer")


def signed_in(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def officer_client(officer: Any) -> Client:
    return signed_in(officer)
