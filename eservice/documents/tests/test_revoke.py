import pytest

pytestmark = pytest.mark.django_db


def test_an_officer_revokes_with_a_reason_and_every_page_shows_it_at_once(client, officer, licence):
    client.force_login(officer)
    response = client.post(
        f"/en/staff/documents/{licence.token}/revoke", {"reason": "Shop closed"}, follow=True
    )
    assert b"The document is revoked" in response.content
    client.logout()
    verify = client.get(f"/en/documents/verify/{licence.token}/").content.decode()
    assert "Revoked" in verify and "Shop closed" in verify
    assert licence.number not in client.get("/en/licences/", {"current": "on"}).content.decode()
    from eservice.lib.models import AuditEntry

    assert AuditEntry.objects.filter(action="document.revoke", object_id=str(licence.pk)).exists()


def test_a_reason_is_required(client, officer, licence):
    client.force_login(officer)
    response = client.post(f"/en/staff/documents/{licence.token}/revoke", {"reason": ""})
    assert response.status_code == 400
    assert b"Reason for revoking" in response.content
    licence.refresh_from_db()
    assert licence.revoked_at is None


def test_another_agencys_officer_cannot_revoke_or_read(client, other_agency, licence):
    from eservice.identity.models import User

    stranger = User.objects.create_user("stranger", agency=other_agency, role="officer")
    client.force_login(stranger)
    assert (
        client.post(f"/staff/documents/{licence.token}/revoke", {"reason": "x"}).status_code == 403
    )
    assert client.get(f"/staff/documents/{licence.token}/pdf").status_code == 403
    licence.refresh_from_db()
    assert licence.revoked_at is None
