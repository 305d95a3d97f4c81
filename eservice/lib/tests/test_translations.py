"""Thai first: every string a user can meet has a Thai translation."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(ROOT.glob("**/locale/th/LC_MESSAGES/django.po"))


def test_there_are_thai_catalogues():
    assert len(CATALOGUES) >= 4


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_has_a_thai_translation(path):
    po = polib.pofile(str(path))
    missing = [e.msgid for e in po if e.msgid and not e.translated()]
    assert missing == [], f"untranslated in {path}: {missing[:10]}"
