"""Mail bodies hold applicants' private links: reading one leaves an audit entry."""

import pytest

from eservice.lib.models import AuditEntry
from eservice.outreach.mail import queue_mail

pytestmark = pytest.mark.django_db


def test_reading_a_message_in_the_outbox_is_audited(client, oversight_user):
    mail = queue_mail("saraban@example.go.th", "ตอบรับคำขอ", "ติดตามคำขอที่ https://example/track/x/")
    client.force_login(oversight_user)
    assert "https://example/track/x/" in client.get(f"/staff/outbox/{mail.pk}/").text

    entry = AuditEntry.objects.get(action="outgoing_mail.read")
    assert entry.actor == "oversight"
    assert (entry.object_type, entry.object_id) == ("outreach.outgoingmail", str(mail.pk))
    assert entry.agency_id is None  # the outbox is the platform's, not an agency's
