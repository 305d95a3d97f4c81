"""Import from the web for oversight staff: upload, progress, dry-run report, apply."""

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from eservice.registry.models import Agency, ImportJob

pytestmark = pytest.mark.django_db(transaction=True)

DLA_FILE = Path(__file__).resolve().parents[1] / "data" / "dla_local_admin_orgs.csv"


def upload(client: Client, content: bytes, name: str, apply: bool = False) -> Any:
    data: dict[str, Any] = {"file": SimpleUploadedFile(name, content)}
    if apply:
        data["apply"] = "on"
    return client.post(reverse("registry:import"), data)


def test_a_dry_run_shows_the_report_then_the_same_file_is_applied(
    client: Client, oversight_user: Any, tasks: Any
) -> None:
    client.force_login(oversight_user)

    response = upload(client, DLA_FILE.read_bytes(), "dla.csv")
    job = ImportJob.objects.get()
    assert response.url == reverse("registry:import_job", args=[job.pk])
    waiting = client.get(response.url).content.decode()
    assert "<progress" in waiting and 'http-equiv="refresh"' in waiting

    tasks()
    page = client.get(response.url).content.decode()
    assert Agency.objects.count() == 0
    assert "อ่านข้อมูล 7849 แถว" in page
    assert "หน่วยงานใหม่ 7849 แห่ง" in page
    assert "ถูกโปรแกรมตารางคำนวณแปลงเป็นวันที่" in page  # a correction, with its reason
    job.refresh_from_db()
    assert job.percent == 100

    upload(client, DLA_FILE.read_bytes(), "dla.csv", apply=True)
    tasks()
    assert Agency.objects.count() == 7849


def test_it_refuses_other_files_and_strangers(
    client: Client, oversight_user: Any, officer: Any
) -> None:
    client.force_login(officer)
    assert client.get(reverse("registry:import")).status_code == 403

    client.force_login(oversight_user)
    response = upload(client, b"\x89PNG\r\n\x1a\n", "agencies.png")
    assert response.status_code == 400
    assert "โปรดอัปโหลดไฟล์ .csv หรือ .xlsx" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_without_the_needed_columns_fails_and_changes_nothing(
    client: Client, oversight_user: Any, tasks: Any, agency: Any
) -> None:
    client.force_login(oversight_user)

    upload(client, "ชื่อ,ที่อยู่\nก,ข\n".encode(), "agencies.csv", apply=True)
    tasks()

    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    page = client.get(reverse("registry:import_job", args=[job.pk])).content.decode()
    assert "code, name_th" in page
    assert list(Agency.objects.values_list("code", flat=True)) == [agency.code]
