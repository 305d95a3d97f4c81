"""Demo accounts. The passwords are public: load_demo refuses to run in production."""

from typing import TextIO

from eservice.identity.models import User
from eservice.registry.models import Agency

DEMO_PASSWORD = "demo-password-2569"  # noqa: S105 - demo only, printed by make run

DEMO_USERS = [
    # username, role, agency code (None: oversight), superuser
    ("admin", User.Role.OVERSIGHT, None, True),
    ("oversight", User.Role.OVERSIGHT, None, False),
    ("officer", User.Role.OFFICER, "4120401", False),
    ("agencyadmin", User.Role.AGENCY_ADMIN, "4120401", False),
]


def load(out: TextIO) -> None:
    for username, role, agency_code, superuser in DEMO_USERS:
        agency = Agency.objects.filter(code=agency_code).first() if agency_code else None
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "agency": agency,
                "is_superuser": superuser,
                "is_staff": superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
    out.write(f"demo users: {', '.join(u[0] for u in DEMO_USERS)} (password {DEMO_PASSWORD})\n")
