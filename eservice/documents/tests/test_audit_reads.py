"""Reading a list of documents leaves an audit entry: who, what, which agency."""

import pytest

from eservice.lib.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_reading_the_officers_documents_list_is_audited(client, officer, agency, licence):
    client.force_login(officer)
    assert licence.number in client.get("/en/staff/documents/").text

    entry = AuditEntry.objects.get(action="documents.read")
    assert (entry.actor, entry.agency_id) == ("officer", agency.pk)
    assert entry.detail["documents"] == [licence.pk]


def test_reading_the_applicants_documents_list_is_audited(
    client, agency, licence, approved_request
):
    assert (
        licence.number
        in client.get(f"/en/track/{approved_request.tracking_token()}/documents/").text
    )

    entry = AuditEntry.objects.get(action="documents.read")
    assert (entry.actor, entry.agency_id) == ("applicant", agency.pk)
    assert (entry.object_type, entry.object_id) == ("intake.request", str(approved_request.pk))
