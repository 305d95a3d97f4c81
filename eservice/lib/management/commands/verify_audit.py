from typing import Any

from django.core.management.base import BaseCommand, CommandError

from eservice.lib.audit import verify
from eservice.lib.models import AuditEntry


class Command(BaseCommand):
    help = (
        "Check that no audit entry was edited or deleted: the hash chain is intact and "
        "matches every signed checkpoint."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        problem = verify()
        if problem is not None:
            raise CommandError(problem)
        self.stdout.write(f"Audit log intact: {AuditEntry.objects.count()} entries.")
