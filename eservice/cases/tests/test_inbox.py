from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from eservice.cases.conftest import make_request, signed_in
from eservice.cases.models import Case
from eservice.lib.models import AuditEntry

pytestmark = pytest.mark.django_db
URL = reverse("cases:inbox")


def test_it_lists_only_the_officers_own_agency(officer_client, application, foreign_application):
    page = officer_client.get(URL).content.decode()
    assert application.reference in page
    assert foreign_application.reference not in page
    assert "สมหญิง" not in page


def test_search_never_reaches_another_agency(officer_client, application, foreign_application):
    by_reference = officer_client.get(URL, {"q": foreign_application.reference, "view": "all"})
    by_name = officer_client.get(URL, {"q": "สมหญิง", "view": "all"})
    assert by_reference.context["page"].paginator.count == 0
    assert by_name.context["page"].paginator.count == 0


def test_it_finds_a_request_by_reference_or_applicant_name(officer_client, agency, service):
    make_request(agency, "BBT-2569-0001", service=service, applicant_name="มานี มีนา")
    make_request(agency, "BBT-2569-0002", service=service, applicant_name="ปิติ ชูใจ")
    by_name = officer_client.get(URL, {"q": "มานี"}).context["page"]
    by_reference = officer_client.get(URL, {"q": " bbt-2569-0002 "}).context["page"]
    assert [c.request.reference for c in by_name] == ["BBT-2569-0001"]
    assert [c.request.reference for c in by_reference] == ["BBT-2569-0002"]


def test_overdue_due_soon_mine_and_unassigned_filter_and_count(officer, agency, service):
    late = make_request(agency, "BBT-LATE", service=service, days_ago=40)
    soon = make_request(agency, "BBT-SOON", service=service)
    mine = make_request(agency, "BBT-MINE", service=service)
    Case.objects.filter(pk=soon.pk).update(due_on=timezone.localdate() + timedelta(days=1))
    Case.objects.filter(pk=mine.pk).update(assignee=officer)
    client = signed_in(officer)

    def refs(view: str) -> set[str]:
        page = client.get(URL, {"view": view})
        return {r for r in ("BBT-LATE", "BBT-SOON", "BBT-MINE") if r in page.content.decode()}

    assert refs("overdue") == {"BBT-LATE"}
    assert refs("due_soon") == {"BBT-SOON"}
    assert refs("mine") == {"BBT-MINE"}
    assert refs("unassigned") == {"BBT-LATE", "BBT-SOON"}
    counts = client.get(URL).context["counts"]
    assert counts == {"open": 3, "overdue": 1, "due_soon": 1, "mine": 1, "unassigned": 2}
    assert late.case.is_overdue()


def test_it_filters_by_status_and_service(officer, officer_client, agency, service):
    from eservice.cases.workflow import move

    make_request(agency, "BBT-NOSERVICE")
    checked = make_request(agency, "BBT-CHECKED", service=service)
    move(checked, "checking", actor=officer)

    def refs(**query: object) -> list[str]:
        page = officer_client.get(URL, query).context["page"]
        return sorted(c.request.reference for c in page)

    assert refs(service=service.pk) == ["BBT-CHECKED"]
    assert refs(status="checking") == ["BBT-CHECKED"]
    assert refs() == ["BBT-CHECKED", "BBT-NOSERVICE"]
    assert officer_client.get(URL).context["status_counts"] == {"submitted": 1, "checking": 1}


def test_it_pages_through_many_cases(officer_client, agency, service):
    for n in range(30):
        make_request(agency, f"BBT-{n:03}", service=service)
    first = officer_client.get(URL)
    second = officer_client.get(URL, {"page": 2})
    assert len(first.context["page"]) == 25
    assert len(second.context["page"]) == 5


def test_looking_at_the_inbox_is_logged(officer_client, application):
    officer_client.get(URL, {"q": "สมชาย"})
    entry = AuditEntry.objects.get(action="case.inbox")
    assert entry.actor == "officer" and entry.detail["q"] == "สมชาย"


def test_staff_without_an_agency_are_refused(oversight_user):
    assert signed_in(oversight_user).get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302
