"""The public directory: Thai search, filters, agency page, open-data export."""

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from eservice.registry import channels
from eservice.registry.models import Agency, Channel

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agency: Any, other_agency: Any) -> dict[str, Agency]:
    Agency.objects.filter(pk=agency.pk).update(province_code="12", district_code="1204")
    new_town = Agency.objects.create(
        code="5120402",
        name_th="เทศบาลตำบลบางบัวทองใหม่",
        kind=Agency.Kind.SUBDISTRICT_MUNICIPALITY,
        province_code="12",
        district_code="1204",
    )
    district = Agency.objects.create(
        code="DOPA-1204", name_th="ที่ว่าการอำเภอบางบัวทอง", kind=Agency.Kind.REGIONAL_OFFICE
    )
    Agency.objects.create(code="6999999", name_th="องค์การบริหารส่วนตำบลบางทอง", kind=Agency.Kind.SAO)
    Agency.objects.create(code="6888888", name_th="องค์การบริหารส่วนตำบลบัวใหญ่", kind=Agency.Kind.SAO)
    verified = channels.add_channel(
        agency, "officer", kind="central_email", address="saraban@bangbuathong.go.th"
    )
    channels.confirm_channel(verified.verifications.get())
    channels.add_channel(
        other_agency, "x", kind="central_email", address="saraban@bangrakyai.go.th"
    )
    return {"bbt": agency, "new_town": new_town, "district": district}


def names(response: Any) -> list[str]:
    return [a.name_th for a in response.context["page"]]


def test_it_finds_bangbuathong_as_a_word_and_inside_longer_names(
    client: Client, world: Any
) -> None:
    found = names(client.get(reverse("registry:directory"), {"q": "บางบัวทอง"}))

    assert set(found) == {"เทศบาลเมืองบางบัวทอง", "เทศบาลตำบลบางบัวทองใหม่", "ที่ว่าการอำเภอบางบัวทอง"}
    # Neither บางทอง nor บัวใหญ่ matches: the place name is one word, not บาง+บัว+ทอง.


def test_a_query_of_several_words_need_not_be_contiguous(client: Client, world: Any) -> None:
    # "เทศบาลบางบัวทอง" is not a substring of any name; its words are.
    found = names(client.get(reverse("registry:directory"), {"q": "เทศบาลบางบัวทอง"}))
    assert found == ["เทศบาลตำบลบางบัวทองใหม่", "เทศบาลเมืองบางบัวทอง"]

    short_form = names(client.get(reverse("registry:directory"), {"q": "อบต.บางรักใหญ่"}))
    assert short_form == ["องค์การบริหารส่วนตำบลบางรักใหญ่"]


def test_filters_narrow_the_list(client: Client, world: Any) -> None:
    url = reverse("registry:directory")

    assert names(client.get(url, {"q": "บางบัวทอง", "kind": "town_municipality"})) == [
        "เทศบาลเมืองบางบัวทอง"
    ]
    assert len(names(client.get(url, {"province": "12", "district": "1204"}))) == 2
    assert names(client.get(url, {"verified": "yes"})) == ["เทศบาลเมืองบางบัวทอง"]
    assert "เทศบาลเมืองบางบัวทอง" not in names(client.get(url, {"verified": "no"}))


def test_results_are_paginated(client: Client, db: Any) -> None:
    Agency.objects.bulk_create(
        Agency(
            code=f"X{i:03}",
            name_th=f"หน่วยงานทดสอบ {i:03}",
            kind=Agency.Kind.DEPARTMENT,
            search_text=f"หน่วยงานทดสอบ{i:03}",
        )
        for i in range(60)
    )

    first = client.get(reverse("registry:directory"), {"q": "ทดสอบ"})
    third = client.get(reverse("registry:directory"), {"q": "ทดสอบ", "page": "3"})

    assert first.context["page"].paginator.count == 60
    assert len(names(first)) == 25 and len(names(third)) == 10
    assert "page=2" in first.content.decode()


def test_the_agency_page_shows_only_verified_channels_and_credits_the_data(
    client: Client, world: Any, other_agency: Any
) -> None:
    page = client.get(reverse("registry:agency", args=["4120401"])).content.decode()
    assert "saraban@bangbuathong.go.th" in page
    assert "กรมส่งเสริมการปกครองท้องถิ่น (DLA Open Data)" in page

    pending = client.get(reverse("registry:agency", args=[other_agency.code])).content.decode()
    assert "saraban@bangrakyai.go.th" not in pending


def test_the_open_data_export_has_every_agency_and_the_attribution(
    client: Client, world: Any
) -> None:
    response = client.get(reverse("registry:export_csv"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    lines = text.splitlines()

    assert "กรมส่งเสริมการปกครองท้องถิ่น (DLA Open Data)" in lines[0]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[1:]))))
    assert len(rows) == Agency.objects.count()
    bbt = next(r for r in rows if r["code"] == "4120401")
    assert bbt["verified_email"] == "saraban@bangbuathong.go.th"

    data = json.loads(client.get(reverse("registry:export_json"), {"q": "บางบัวทอง"}).content)
    assert data["attribution"].startswith("กรมส่งเสริมการปกครองท้องถิ่น")
    assert data["count"] == 3 and data["next"] is None
    assert {r["code"] for r in data["results"]} == {"4120401", "5120402", "DOPA-1204"}


def test_a_channel_link_on_the_agency_page_needs_no_javascript(client: Client, world: Any) -> None:
    Channel.objects.create(
        agency=world["bbt"], kind="eservice", address="https://bbt.go.th/e", status="listed"
    )
    page = client.get(reverse("registry:agency", args=["4120401"])).content.decode()
    assert 'href="https://bbt.go.th/e"' in page


def test_public_endpoints_are_rate_limited(client: Client, world: Any, monkeypatch: Any) -> None:
    from eservice.registry import limits

    monkeypatch.setitem(limits.LIMITS, "search", (2, 60))
    monkeypatch.setitem(limits.LIMITS, "export", (1, 60))

    assert client.get(reverse("registry:directory")).status_code == 200
    assert client.get("/api/agencies/").status_code == 200
    assert client.get(reverse("registry:directory")).status_code == 429
    refused = client.get("/api/agencies/")
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert client.get(reverse("registry:export_json")).status_code == 200
    assert client.get(reverse("registry:export_csv")).status_code == 429
