from datetime import date

import pytest
from django.urls import reverse

from eservice.oversight.conftest import make_agency, make_compliant, receive
from eservice.oversight.measure import build_daily_figures, refresh_statuses

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures():
    a = make_agency("6100001", "อบต.หนึ่ง", province="12")
    b = make_agency("6100002", "อบต.สอง", province="12")
    c = make_agency("3100003", "เทศบาลนครสาม", kind="city_municipality", province="50")
    make_compliant(a)
    receive(a, channel="web", status="completed")
    receive(b, channel="email")
    refresh_statuses()
    build_daily_figures(date(2026, 11, 24))
    make_compliant(b)
    refresh_statuses()
    build_daily_figures(date(2026, 11, 25))
    return a, b, c


def test_the_dashboard_shows_real_shares_from_the_daily_figures(figures, oversight_client):
    response = oversight_client.get(reverse("oversight:overview"))
    total = response.context["total"]
    assert total["agencies"] == 3
    assert total["compliant"] == 2 and total["compliant_share"] == 66.7
    assert total["email_verified_share"] == 66.7
    assert total["requests_received"] == 2 and total["requests_handled"] == 1
    page = response.content.decode()
    assert "66.7%" in page
    # the chart's numbers are written out, so it reads without the bars
    assert 'class="ov-bar' in page and 'aria-hidden="true"' in page


def test_it_filters_by_kind_and_province(figures, oversight_client):
    response = oversight_client.get(reverse("oversight:overview"), {"province": "50"})
    assert response.context["total"]["agencies"] == 1
    assert response.context["total"]["compliant"] == 0
    response = oversight_client.get(reverse("oversight:overview"), {"kind": "sao"})
    assert response.context["total"]["agencies"] == 2


def test_the_trend_and_each_table_download_as_csv(figures, oversight_client):
    url = reverse("oversight:overview")
    trend = oversight_client.get(url, {"download": "trend"}).content.decode("utf-8-sig")
    assert trend.splitlines()[1:] == ["2026-11-24,3,0,1,2,1", "2026-11-25,3,0,2,2,1"]
    by_province = oversight_client.get(url, {"download": "province"}).content.decode("utf-8-sig")
    assert by_province.splitlines()[1].startswith("นนทบุรี,2,")
    by_kind = oversight_client.get(url, {"download": "kind"})
    assert by_kind["Content-Type"].startswith("text/csv")


def test_the_compliance_list_filters_by_kind_and_province(figures, oversight_client):
    response = oversight_client.get(reverse("oversight:compliance"), {"kind": "city_municipality"})
    page = response.content.decode()
    assert "เทศบาลนครสาม" in page and "อบต.หนึ่ง" not in page
    csv = oversight_client.get(
        reverse("oversight:compliance"), {"province": "12", "download": "csv"}
    ).content.decode("utf-8-sig")
    assert "อบต.หนึ่ง" not in csv  # compliant ones are not listed by default
    all_of_them = oversight_client.get(
        reverse("oversight:compliance"), {"compliance": "", "province": "12"}
    )
    assert all_of_them.context["page"].paginator.count == 2


def test_requests_decided_by_their_due_date_count_as_on_time(oversight_client):
    from datetime import timedelta

    from django.utils import timezone

    from eservice.cases.models import Case

    a = make_agency("6100009", "อบต.ตรงเวลา", province="12")
    early, late = receive(a, status="completed"), receive(a, status="completed")
    for request, days in ((early, -1), (late, 1)):
        case = Case.open_for(request)
        case.decided_at = timezone.now()
        case.due_on = timezone.localdate() + timedelta(days=-days)
        case.save()
    refresh_statuses()
    build_daily_figures()

    total = oversight_client.get(reverse("oversight:overview")).context["total"]
    assert (total["requests_handled"], total["requests_on_time"]) == (2, 1)
    assert total["on_time_share"] == 50.0


def test_download_links_keep_the_filters_but_not_the_page(figures, oversight_client):
    page = oversight_client.get(
        reverse("oversight:overview"), {"province": "12", "page": "2"}
    ).content.decode()
    assert 'href="?province=12&download=kind"' in page
