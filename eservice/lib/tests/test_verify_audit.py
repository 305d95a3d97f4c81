import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from eservice.lib import audit
from eservice.lib.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_an_untouched_log_verifies(agency):
    for n in range(3):
        audit.record("request.view", actor="officer", obj=agency, detail={"n": n})
    call_command("verify_audit")


def test_editing_an_entry_by_sql_is_detected(agency):
    for n in range(3):
        audit.record("request.view", actor="officer", obj=agency, detail={"n": n})
    middle = AuditEntry.objects.order_by("id")[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE lib_auditentry SET actor = %s WHERE id = %s", ["someone-else", middle.pk]
        )
    with pytest.raises(CommandError, match=f"entry {middle.pk}"):
        call_command("verify_audit")


def test_deleting_an_entry_by_sql_is_detected(agency):
    for n in range(3):
        audit.record("request.view", actor="officer", obj=agency, detail={"n": n})
    first = AuditEntry.objects.order_by("id").first()
    assert first is not None
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM lib_auditentry WHERE id = %s", [first.pk])
    with pytest.raises(CommandError, match="altered"):
        call_command("verify_audit")


def test_entries_cannot_be_changed_through_the_orm(agency):
    entry = audit.record("request.view", actor="officer", obj=agency)
    entry.actor = "someone-else"
    with pytest.raises(ValueError):
        entry.save()


def test_deleting_the_newest_entries_by_sql_is_detected(agency):
    for n in range(3):
        audit.record("request.view", actor="officer", obj=agency, detail={"n": n})
    last = AuditEntry.objects.order_by("id").last()
    assert last is not None
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM lib_auditentry WHERE id = %s", [last.pk])
    with pytest.raises(CommandError, match=r"Entries after entry \d+ .* were deleted"):
        call_command("verify_audit")
