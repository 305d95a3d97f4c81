import pytest

from eservice.documents.models import Document

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reissued_licence_supersedes_the_old_one(client, officer, licence, tasks):
    client.force_login(officer)
    response = client.post(f"/en/staff/documents/{licence.token}/reissue", follow=True)
    assert b"A new version is being signed" in response.content
    tasks()
    newer = Document.objects.exclude(pk=licence.pk).get(kind="licence")
    licence.refresh_from_db()
    assert licence.superseded_by == newer and newer.is_signed
    page = client.get(f"/en/documents/verify/{licence.token}/").content.decode()
    assert "Superseded" in page and newer.token in page
    register = client.get("/en/licences/", {"current": "on"}).content.decode()
    assert newer.token in register and licence.token not in register


def test_a_revoked_document_is_not_reissued(client, officer, licence):
    from django.utils import timezone

    licence.revoked_at = timezone.now()
    licence.save()
    client.force_login(officer)
    response = client.post(f"/en/staff/documents/{licence.token}/reissue", follow=True)
    assert b"Only a valid document issued from a template can be reissued." in response.content
