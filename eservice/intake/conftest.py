"""A small world for intake tests: a published service with a two-page e-form (one page
asks for an attachment), and files that are, or pretend to be, what an applicant sends."""

from typing import Any

import pytest
from django.utils import timezone

SHOP_FORM: dict[str, Any] = {
    "version": 1,
    "pages": [
        {
            "key": "shop",
            "title": {"th": "ร้านค้า", "en": "Shop"},
            "fields": [
                {"key": "shop_name", "type": "text", "label": {"th": "ชื่อร้าน", "en": "Shop name"}},
                {
                    "key": "seats",
                    "type": "number",
                    "label": {"th": "จำนวนที่นั่ง", "en": "Seats"},
                    "min": 0,
                    "max": 500,
                },
            ],
        },
        {
            "key": "documents",
            "title": {"th": "เอกสาร", "en": "Documents"},
            "fields": [
                {
                    "key": "floor_plan",
                    "type": "file",
                    "label": {"th": "แผนผังร้าน", "en": "Floor plan"},
                    "accept": ["pdf", "jpg", "png"],
                    "max_size_mb": 5,
                }
            ],
        },
    ],
}

ONE_PAGE_FORM: dict[str, Any] = {
    "version": 1,
    "pages": [
        {
            "key": "main",
            "title": {"th": "คำร้อง", "en": "Request"},
            "fields": [
                {"key": "subject", "type": "text", "label": {"th": "เรื่อง", "en": "Subject"}},
                {
                    "key": "details",
                    "type": "long_text",
                    "label": {"th": "รายละเอียด", "en": "Details"},
                    "required": False,
                },
            ],
        }
    ],
}


def make_service(agency: Any, form: dict[str, Any], name: str, days: int | None = 15) -> Any:
    from eservice.catalogue.models import Service, ServiceVersion

    service = Service.objects.create(
        agency=agency,
        name_th=name,
        name_en="Food shop licence",
        kind=Service.Kind.LICENCE,
        status=Service.Status.PUBLISHED,
        processing_days=days,
    )
    version = ServiceVersion.objects.create(
        service=service,
        number=1,
        form=form,
        manual={"channels": ["online", "email"]},
        published_at=timezone.now(),
    )
    service.current_version = version
    service.save(update_fields=["current_version"])
    return version


@pytest.fixture
def shop_licence(agency: Any) -> Any:
    """The published version of a two-page service with an attachment."""
    return make_service(agency, SHOP_FORM, "ใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหาร")


@pytest.fixture
def complaint(agency: Any) -> Any:
    """The published version of a one-page service."""
    return make_service(agency, ONE_PAGE_FORM, "ร้องเรียนเหตุรำคาญ", days=None)


def pdf_bytes() -> bytes:
    """A real (tiny) PDF."""
    from eservice.lib.pdf import render_pdf

    return render_pdf("<p>floor plan</p>")


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    """Uploaded and generated files in a temporary folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    return tmp_path / "media"
