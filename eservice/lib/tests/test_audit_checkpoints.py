"""Signed checkpoints outside the database catch what the hash chain alone cannot: the
newest entries deleted with the head moved back, everything deleted, and checkpoints
forged or removed."""

import base64
import json
import logging
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from eservice.lib import audit, checkpoints
from eservice.lib.models import AuditEntry
from eservice.lib.tasks import write_audit_checkpoint

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def storage(settings: Any, tmp_path: Path) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }


def record(n: int) -> list[AuditEntry]:
    return [audit.record("request.view", actor="officer", detail={"n": i}) for i in range(n)]


def sql(statement: str, params: list[Any] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def verify_fails(match: str) -> None:
    with pytest.raises(CommandError, match=match):
        call_command("verify_audit")


def test_an_intact_log_with_checkpoints_verifies(caplog):
    record(3)
    with caplog.at_level(logging.INFO, logger="eservice.lib.checkpoints"):
        first = checkpoints.write()
    record(2)
    second = checkpoints.write()
    assert first is not None and second is not None
    assert (first.seq, first.entries, second.seq, second.entries) == (1, 3, 2, 5)
    # The same checkpoint is in the log, for whoever keeps the logs apart from the server.
    line = next(r.getMessage() for r in caplog.records if "audit checkpoint" in r.getMessage())
    assert json.loads(line.split(" ", 2)[2])["checkpoint"]["head"] == first.head

    assert checkpoints.write() is None  # the head has not moved: nothing new to anchor
    call_command("verify_audit")


def test_the_periodic_task_writes_a_checkpoint_only_when_the_log_grew(settings):
    assert ("eservice.lib.tasks.write_audit_checkpoint", 300) in settings.PERIODIC_TASKS
    record(2)
    assert write_audit_checkpoint.call() == 1
    assert write_audit_checkpoint.call() is None
    record(1)
    assert write_audit_checkpoint.call() == 2


def test_deleting_the_newest_entries_and_rewinding_the_head_is_reported():
    entries = record(5)
    checkpoints.write()
    kept = entries[2]
    sql("DELETE FROM lib_auditentry WHERE id > %s", [kept.pk])
    sql("UPDATE lib_audithead SET hash = %s", [kept.hash])

    verify_fails(
        f"Entries were deleted from the end of the audit log: checkpoint 1 .* recorded 5 "
        f"entries up to entry {entries[4].pk}, but the log ends at entry {kept.pk}"
    )


def test_deleting_the_newest_entries_is_reported_even_after_the_log_continued():
    entries = record(5)
    checkpoints.write()
    sql("DELETE FROM lib_auditentry WHERE id > %s", [entries[2].pk])
    sql("UPDATE lib_audithead SET hash = %s", [entries[2].hash])
    record(3)  # new entries chain onto the rewound head: the chain itself is valid

    verify_fails(f"Entry {entries[4].pk}, the newest when checkpoint 1 was made .* is gone")


def test_deleting_every_entry_and_the_head_is_reported():
    record(4)
    checkpoints.write()
    sql("DELETE FROM lib_auditentry")
    sql("DELETE FROM lib_audithead")

    verify_fails("checkpoint 1 .* recorded 4 entries .* but the log is empty")


@pytest.mark.parametrize("claimed_key", ["trusted", "own"])
def test_a_checkpoint_forged_with_another_key_is_reported(claimed_key):
    entries = record(5)
    real = checkpoints.write()
    assert real is not None
    # The attacker deletes the newest entries and rewrites the checkpoint to match.
    sql("DELETE FROM lib_auditentry WHERE id > %s", [entries[2].pk])
    sql("UPDATE lib_audithead SET hash = %s", [entries[2].hash])
    forger = Ed25519PrivateKey.generate()
    body = {
        "seq": 1,
        "entries": 3,
        "last_id": entries[2].pk,
        "head": entries[2].hash,
        "at": real.at,
        "key": (
            next(iter(checkpoints.public_keys()))
            if claimed_key == "trusted"
            else checkpoints.key_id(forger.public_key())
        ),
    }
    signature = forger.sign(json.dumps(body, sort_keys=True, separators=(",", ":")).encode())
    default_storage.delete(real.name)
    default_storage.save(
        real.name,
        ContentFile(
            json.dumps(
                {"checkpoint": body, "signature": base64.b64encode(signature).decode()}
            ).encode()
        ),
    )

    verify_fails(
        "invalid signature: it was forged or edited"
        if claimed_key == "trusted"
        else "which verify does not trust"
    )


def test_removing_a_checkpoint_in_the_middle_is_reported():
    written = []
    for _ in range(3):
        record(1)
        written.append(checkpoints.write())
    middle = written[1]
    assert middle is not None
    default_storage.delete(middle.name)

    verify_fails("Audit checkpoint 2 is missing .* checkpoint files were deleted")


def key_pair(folder: Path, name: str) -> tuple[Path, Path]:
    """An Ed25519 key as an operator makes one: private and public PEM files."""
    key = Ed25519PrivateKey.generate()
    private, public = folder / f"{name}.pem", folder / f"{name}.pub"
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return private, public


def test_verify_needs_only_the_public_keys_and_trusts_retired_ones(settings, tmp_path):
    old_private, old_public = key_pair(tmp_path, "old")
    new_private, new_public = key_pair(tmp_path, "new")
    settings.AUDIT_CHECKPOINT_KEY = old_private
    record(2)
    checkpoints.write()
    settings.AUDIT_CHECKPOINT_KEY = new_private  # the key is replaced
    record(1)
    checkpoints.write()
    # Whoever verifies holds no private key at all.
    settings.AUDIT_CHECKPOINT_KEY = tmp_path / "absent.pem"
    settings.AUDIT_CHECKPOINT_PUBLIC_KEYS = [old_public, new_public]
    call_command("verify_audit")

    settings.AUDIT_CHECKPOINT_PUBLIC_KEYS = [new_public]
    verify_fails("signed by key .* which verify does not trust")
