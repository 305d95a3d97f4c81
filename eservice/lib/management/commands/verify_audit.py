from typing import Any

from django.core.management.base import BaseCommand, CommandError

from eservice.lib.audit import verify
from eservice.lib.models import AuditEntry


class Command(BaseCommand):
    help = "Check that no audit entry was edited or deleted (the hash chain is intact)."

    def handle(self, *args: Any, **options: Any) -> None:
        broken = verify()
        if broken is not None:
            raise CommandError(
                f"The audit log was altered at entry {broken.pk} ({broken.at:%Y-%m-%d %H:%M:%S}, "
                f"{broken.action}): it, the entry before it, or entries after it were edited or "
                "deleted."
            )
        self.stdout.write(f"Audit log intact: {AuditEntry.objects.count()} entries.")
