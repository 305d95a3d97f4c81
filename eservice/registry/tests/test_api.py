"""/api/agencies: search and detail, paginated, with bilingual errors."""

from typing import Any

import pytest
from django.test import Client

from eservice.registry import channels

pytestmark = pytest.mark.django_db


def test_it_searches_in_thai_and_paginates(client: Client, agency: Any, other_agency: Any) -> None:
    response = client.get("/api/agencies/", {"q": "บางบัวทอง"})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["items"][0]["code"] == "4120401"
    assert body["items"][0]["verified"] is False


def test_the_detail_lists_verified_channels_only(client: Client, agency: Any) -> None:
    verified = channels.add_channel(agency, "o", kind="central_email", address="saraban@bbt.go.th")
    channels.confirm_channel(verified.verifications.get())
    channels.add_channel(agency, "o", kind="unit_email", address="it@bbt.go.th", unit="IT")

    body = client.get("/api/agencies/4120401").json()

    assert [c["address"] for c in body["channels"]] == ["saraban@bbt.go.th"]
    assert body["verified"] is True
    assert "DLA Open Data" in body["attribution"]


def test_a_bad_filter_is_explained_in_thai_and_english(client: Client, db: Any) -> None:
    response = client.get("/api/agencies/", {"kind": "club"})

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_kind" and error["field"] == "kind"
    assert error["message"]["en"].startswith("Unknown kind of agency")
    assert error["message"]["th"].startswith("ไม่รู้จักประเภทหน่วยงาน")


def test_an_unknown_agency_is_404(client: Client, db: Any) -> None:
    assert client.get("/api/agencies/NOPE").status_code == 404
