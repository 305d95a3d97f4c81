"""Reading held e-mails and receipts leaves an audit entry: who, what, which agency."""

import pytest

from eservice.intake.services import submit
from eservice.intake.tests.test_holding_pen import held_bounce  # noqa: F401 - fixture
from eservice.intake.tests.test_submit import submission
from eservice.lib.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_reading_the_holding_pen_is_audited(client, officer, agency, held_bounce):  # noqa: F811
    client.force_login(officer)
    assert client.get("/en/staff/intake/held/").status_code == 200

    entry = AuditEntry.objects.get(action="holding_pen.read")
    assert (entry.actor, entry.agency_id) == ("officer", agency.pk)
    assert entry.detail["messages"] == [held_bounce.pk]


def test_reading_a_receipt_is_audited(client, agency, shop_licence, media):
    application = submit(submission(agency, shop_licence))[0]
    response = client.get(f"/track/{application.tracking_token()}/receipt.pdf")
    assert response["Content-Type"] == "application/pdf"

    entry = AuditEntry.objects.get(action="receipt.read")
    assert (entry.actor, entry.agency_id) == ("applicant", agency.pk)
    assert (entry.object_type, entry.object_id) == ("intake.request", str(application.pk))
