"""Signed checkpoints of the audit chain, kept outside the database.

The hash chain shows an entry edited or deleted in the middle, but whoever can write to the
database can also delete the newest entries and move AuditHead back, or delete everything:
what is left is a valid, shorter chain. A checkpoint says, under a key the database does not
hold, "the log had N entries, the newest id I with hash H, at time T". It is written to
storage (never overwritten) and to the log, and timestamped by the RFC 3161 server when one
is configured. audit.verify() checks the chain against every checkpoint.

Checkpoints are numbered from 1 without gaps, so removing one from the middle is seen too.
"""

import base64
import hashlib
import json
import logging
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from asn1crypto import cms, tsp
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from eservice.lib.aio import run_sync
from eservice.lib.models import AuditEntry, AuditHead

logger = logging.getLogger(__name__)


class Invalid(Exception):
    """The checkpoints themselves were tampered with; the message says how."""


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    entries: int  # how many entries the log had, up to and including last_id
    last_id: int
    head: str
    at: str
    name: str  # where it is stored


# --- The key -----------------------------------------------------------------------------


@cache
def _private_key(path: Path) -> Ed25519PrivateKey:
    if not path.exists():
        if settings.PRODUCTION:
            raise ImproperlyConfigured(
                f"The audit checkpoint key {path} does not exist (AUDIT_CHECKPOINT_KEY)."
            )
        # Development makes its own, kept out of git under var/ like the secret key.
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as f:
            f.write(pem)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"The audit checkpoint key {path} is not an Ed25519 key.")
    return key


def key_id(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_keys() -> dict[str, Ed25519PublicKey]:
    """The keys verify trusts: the configured public halves (the current one and those
    retired, so older checkpoints still verify), or by default the signing key's own."""
    keys = []
    for path in settings.AUDIT_CHECKPOINT_PUBLIC_KEYS:
        key = serialization.load_pem_public_key(Path(path).read_bytes())
        if not isinstance(key, Ed25519PublicKey):
            raise ImproperlyConfigured(f"{path} is not an Ed25519 public key.")
        keys.append(key)
    if not keys:
        keys = [_private_key(Path(settings.AUDIT_CHECKPOINT_KEY)).public_key()]
    return {key_id(k): k for k in keys}


# --- Writing -----------------------------------------------------------------------------


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def _timestamp(signature: bytes) -> str | None:
    if not settings.SIGNING_TSA_URL:
        return None
    from pyhanko.sign.timestamps.aiohttp_client import HTTPTimeStamper

    token = run_sync(
        HTTPTimeStamper(settings.SIGNING_TSA_URL).async_timestamp(
            hashlib.sha256(signature).digest(), "sha256"
        )
    )
    return base64.b64encode(token.dump()).decode()


def write() -> Checkpoint | None:
    """Anchor the chain as it stands; nothing when it has not grown since the last one."""
    head = AuditHead.objects.filter(pk=1).values_list("hash", flat=True).first()
    newest = _newest()
    if head is None or (newest is not None and newest.head == head):
        return None
    last_id = AuditEntry.objects.filter(hash=head).values_list("id", flat=True).first()
    if last_id is None:
        logger.error("Audit head %s names no entry: not anchored; run verify_audit.", head)
        return None
    # Writers append in turn under the head's lock, so once an entry is the committed head
    # every entry before it is committed too: this count cannot change under us.
    key = _private_key(Path(settings.AUDIT_CHECKPOINT_KEY))
    seq = newest.seq + 1 if newest else 1
    at = timezone.now().isoformat()
    body = {
        "seq": seq,
        "entries": AuditEntry.objects.filter(id__lte=last_id).count(),
        "last_id": last_id,
        "head": head,
        "at": at,
        "key": key_id(key.public_key()),
    }
    signature = key.sign(_canonical(body))
    document = {"checkpoint": body, "signature": base64.b64encode(signature).decode()}
    timestamp = _timestamp(signature)
    if timestamp:
        document["timestamp"] = timestamp
    line = json.dumps(document, sort_keys=True)
    name = f"{settings.AUDIT_CHECKPOINT_DIR}/{at[:10]}/{seq:012d}.json"
    if default_storage.exists(name):
        raise Invalid(f"Audit checkpoint {name} already exists; it is never overwritten.")
    saved = default_storage.save(name, ContentFile(line.encode()))
    if saved != name:
        # Another writer took this number in the meantime: keep theirs, drop ours.
        default_storage.delete(saved)
        raise Invalid(f"Audit checkpoint {name} was written by another process meanwhile.")
    logger.info("audit checkpoint %s", line)
    return _checkpoint(body, name)


# --- Reading -----------------------------------------------------------------------------


def _listdir(path: str) -> tuple[list[str], list[str]]:
    # Not storage.exists(): on S3 a folder is only a prefix, and "exists" says no.
    try:
        return default_storage.listdir(path)
    except FileNotFoundError:
        return [], []


def _names() -> list[str]:
    """Stored checkpoint files, oldest first (folders by day, files by number)."""
    root = settings.AUDIT_CHECKPOINT_DIR
    return [
        f"{root}/{day}/{file}"
        for day in sorted(_listdir(root)[0])
        for file in sorted(_listdir(f"{root}/{day}")[1])
    ]


def _newest() -> Checkpoint | None:
    root = settings.AUDIT_CHECKPOINT_DIR
    for day in sorted(_listdir(root)[0], reverse=True):
        files = sorted(_listdir(f"{root}/{day}")[1])
        if files:
            # Only its number and head are needed: checking it is verify's job, and a key
            # changed since must not stop the anchoring.
            return _read(f"{root}/{day}/{files[-1]}", keys=None)
    return None


def _checkpoint(body: dict[str, Any], name: str) -> Checkpoint:
    return Checkpoint(
        seq=body["seq"],
        entries=body["entries"],
        last_id=body["last_id"],
        head=body["head"],
        at=body["at"],
        name=name,
    )


def _read(name: str, keys: dict[str, Ed25519PublicKey] | None) -> Checkpoint:
    """The checkpoint stored under name, its signature and timestamp checked against keys
    (unless None)."""
    try:
        with default_storage.open(name, "rb") as f:
            document = json.loads(f.read())
        body = document["checkpoint"]
        checkpoint = _checkpoint(body, name)
        if keys is None:
            return checkpoint
        signature = base64.b64decode(document["signature"])
        key = keys.get(body["key"])
        if key is None:
            raise Invalid(
                f"Audit checkpoint {name} is signed by key {body['key']}, which verify does not "
                "trust (AUDIT_CHECKPOINT_PUBLIC_KEYS): it was forged or the key was replaced."
            )
        key.verify(signature, _canonical(body))
    except InvalidSignature:
        raise Invalid(
            f"Audit checkpoint {name} has an invalid signature: it was forged or edited."
        ) from None
    except (ValueError, KeyError, TypeError) as error:
        raise Invalid(f"Audit checkpoint {name} cannot be read ({error}): it was edited.") from None
    if "timestamp" in document:
        _check_timestamp(name, document["timestamp"], signature)
    return checkpoint


def _check_timestamp(name: str, encoded: str, signature: bytes) -> None:
    """The token's signature is intact and it stamps this checkpoint's signature. Whether
    the timestamp server is trusted is for whoever relies on the time to judge."""
    from pyhanko.sign.validation.generic_cms import validate_tst_signed_data
    from pyhanko_certvalidator import ValidationContext

    try:
        signed_data = cms.ContentInfo.load(base64.b64decode(encoded))["content"]
        info = signed_data["encap_content_info"]["content"].parsed
        if not isinstance(info, tsp.TSTInfo):
            raise ValueError("not a timestamp token")
        status = run_sync(
            validate_tst_signed_data(
                signed_data,
                ValidationContext(trust_roots=[]),
                lambda algorithm: hashlib.new(algorithm, signature).digest(),
            )
        )
    except Exception as error:  # noqa: BLE001 - any failure to parse means it was altered
        raise Invalid(f"Audit checkpoint {name} has an unreadable timestamp ({error}).") from None
    if not status["intact"] or not status["valid"]:
        raise Invalid(f"Audit checkpoint {name} has a timestamp that does not match it.")


def read_all() -> list[Checkpoint]:
    """Every checkpoint, oldest first, each signature checked and none missing."""
    keys: dict[str, Ed25519PublicKey] | None = None
    checkpoints: list[Checkpoint] = []
    for name in _names():
        keys = keys if keys is not None else public_keys()
        checkpoint = _read(name, keys)
        expected = checkpoints[-1].seq + 1 if checkpoints else 1
        if checkpoint.seq > expected:
            raise Invalid(
                f"Audit checkpoint {expected} is missing (the next one found is "
                f"{checkpoint.seq}, {name}): checkpoint files were deleted."
            )
        if checkpoint.seq < expected:
            raise Invalid(f"Audit checkpoint {name} repeats number {checkpoint.seq}.")
        checkpoints.append(checkpoint)
    return checkpoints
