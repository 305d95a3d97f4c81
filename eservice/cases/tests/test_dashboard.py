from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from eservice.cases.conftest import make_request, signed_in
from eservice.cases.models import Case

pytestmark = pytest.mark.django_db
URL = reverse("cases:dashboard")


def test_it_shows_open_overdue_and_average_time_against_the_manual(
    officer_client, agency, service, other_agency
):
    make_request(agency, "BBT-OPEN", service=service)
    make_request(agency, "BBT-LATE", service=service, days_ago=40)
    fast = make_request(agency, "BBT-FAST", service=service)
    slow = make_request(agency, "BBT-SLOW", service=service)
    Case.objects.filter(pk=fast.pk).update(
        status="completed", is_open=False, decided_at=timezone.now(), days_taken=4
    )
    Case.objects.filter(pk=slow.pk).update(
        status="completed", is_open=False, decided_at=timezone.now(), days_taken=16
    )
    make_request(other_agency, "BRY-X", days_ago=40)

    response = officer_client.get(URL)
    (row,) = response.context["rows"]
    assert (row["open"], row["overdue"], row["decided"]) == (2, 1, 2)
    assert row["average_days"] == 10.0
    assert row["service__processing_days"] == 10
    assert row["late_decisions"] == 1
    assert response.context["counts"]["overdue"] == 1


def test_results_told_late_are_listed_with_how_late(officer_client, agency, service):
    told_late = make_request(agency, "BBT-TOLDLATE", service=service)
    decided = timezone.now() - timedelta(days=12)
    Case.objects.filter(pk=told_late.pk).update(
        status="rejected", is_open=False, decided_at=decided, result_notified_at=timezone.now()
    )
    response = officer_client.get(URL)
    (case,) = response.context["late_notices"]
    assert case.notice_lateness_days() == 5
    assert "BBT-TOLDLATE" in response.content.decode()


def test_oversight_staff_without_an_agency_have_no_agency_dashboard(oversight_user):
    assert signed_in(oversight_user).get(URL).status_code == 403
