import pytest
from django.urls import reverse

from eservice.cases.conftest import signed_in

pytestmark = pytest.mark.django_db
URL = reverse("cases:audit")


def test_oversight_staff_search_the_whole_log(
    oversight_user, officer_client, application, foreign_application
):
    officer_client.get(reverse("cases:case", args=[application.reference]))
    response = signed_in(oversight_user).get(URL, {"object": application.reference})
    entries = list(response.context["page"])
    assert entries and all(e.object_id == str(application.pk) for e in entries)
    assert any(e.action == "request.view" and e.actor == "officer" for e in entries)
    by_actor = signed_in(oversight_user).get(URL, {"actor": "officer"}).context["page"]
    assert all(e.actor == "officer" for e in by_actor)


def test_officers_cannot_search_the_whole_log(officer_client):
    assert officer_client.get(URL).status_code == 403
