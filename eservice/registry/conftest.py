from pathlib import Path
from typing import Any

import pytest

DLA_FILE = Path(__file__).resolve().parent / "data" / "dla_local_admin_orgs.csv"


@pytest.fixture
def dla_register(db: Any) -> Any:
    """The real DLA file, imported as load_demo does."""
    from eservice.registry.importer import import_rows, read_rows

    return import_rows(read_rows(DLA_FILE.read_bytes(), DLA_FILE.name), source="dla")


@pytest.fixture
def viewer(agency: Any) -> Any:
    from eservice.identity.models import User

    return User.objects.create_user("viewer", agency=agency, role=User.Role.VIEWER)


@pytest.fixture
def other_officer(other_agency: Any) -> Any:
    from eservice.identity.models import User

    return User.objects.create_user(
        "other-officer", email="it@bangrakyai.go.th", agency=other_agency, role=User.Role.OFFICER
    )


@pytest.fixture(autouse=True)
def thai_first() -> Any:
    """Each test starts in the default language, whatever the previous one left active."""
    from django.utils import translation

    with translation.override("th"):
        yield
