import pytest
from django.core.management import call_command
from django.db import transaction

from eservice.lib import audit
from eservice.lib.models import AuditEntry


class Refused(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_an_entry_survives_the_rollback_of_the_action_it_records(agency):
    with pytest.raises(Refused), audit.action():
        agency.name_en = "Renamed"
        agency.save()
        audit.record("agency.rename", actor="officer", obj=agency, detail={"to": "Renamed"})
        raise Refused

    agency.refresh_from_db()
    assert agency.name_en != "Renamed"
    entry = AuditEntry.objects.get(action="agency.rename")
    assert entry.detail == {"to": "Renamed", "rolled_back": True}
    call_command("verify_audit")


@pytest.mark.django_db(transaction=True)
def test_a_committed_action_keeps_its_entries_once(agency):
    with audit.action():
        audit.record("agency.rename", actor="officer", obj=agency)
    assert AuditEntry.objects.filter(action="agency.rename").count() == 1
    assert "rolled_back" not in AuditEntry.objects.get().detail


@pytest.mark.django_db(transaction=True)
def test_a_rollback_asked_for_without_an_exception_keeps_the_entry_too(agency):
    with audit.action():
        audit.record("agency.rename", actor="officer", obj=agency)
        transaction.set_rollback(True)
    assert AuditEntry.objects.get().detail == {"rolled_back": True}


@pytest.mark.django_db(transaction=True)
def test_nested_actions_that_both_roll_back_keep_the_entries(agency):
    with pytest.raises(Refused), audit.action():
        audit.record("outer", actor="officer")
        with audit.action():
            audit.record("inner", actor="officer")
        raise Refused
    assert sorted(AuditEntry.objects.values_list("action", flat=True)) == ["inner", "outer"]
    call_command("verify_audit")
