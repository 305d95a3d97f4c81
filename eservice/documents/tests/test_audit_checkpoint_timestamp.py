"""With a timestamp server configured (SIGNING_TSA_URL), audit checkpoints carry an RFC 3161
token over their signature, and verify_audit checks that it stamps that checkpoint."""

import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from eservice.lib import audit, checkpoints

pytestmark = pytest.mark.django_db


def stored(checkpoint: checkpoints.Checkpoint) -> dict:
    with default_storage.open(checkpoint.name, "rb") as f:
        return json.loads(f.read())


def test_a_checkpoint_is_timestamped_and_its_token_checked(tsa_url):
    audit.record("request.view", actor="officer")
    first = checkpoints.write()
    audit.record("request.view", actor="officer")
    second = checkpoints.write()
    assert first is not None and second is not None
    assert stored(first)["timestamp"]
    call_command("verify_audit")

    # A genuine token, but for another checkpoint: it vouches for nothing here.
    document = stored(first)
    document["timestamp"] = stored(second)["timestamp"]
    default_storage.delete(first.name)
    default_storage.save(first.name, ContentFile(json.dumps(document).encode()))
    with pytest.raises(CommandError, match="timestamp that does not match"):
        call_command("verify_audit")
