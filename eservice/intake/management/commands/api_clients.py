"""Register, list and revoke the systems allowed to submit requests through the API.

manage.py api_clients add "Citizen Portal" [--agency 4120401]
manage.py api_clients list
manage.py api_clients revoke <prefix>
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from eservice.intake.models import ApiClient
from eservice.registry.models import Agency


class Command(BaseCommand):
    help = "Register, list and revoke API clients (connected systems)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="Register a client and print its key (shown once).")
        add.add_argument("name")
        add.add_argument("--agency", help="Agency code: the client may submit to it only.")
        sub.add_parser("list", help="Every client, with its key prefix and state.")
        revoke = sub.add_parser("revoke", help="Stop a key working at once.")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "add":
            agency = None
            if options["agency"]:
                agency = Agency.objects.filter(code=options["agency"]).first()
                if agency is None:
                    raise CommandError(f"No agency has the code {options['agency']}.")
            client, key = ApiClient.issue(options["name"], agency)
            self.stdout.write(f"Registered {client.name} ({client.key_prefix}). Its key:\n{key}")
            self.stdout.write("Store it now: it is not kept and cannot be shown again.")
        elif action == "list":
            for client in ApiClient.objects.order_by("name"):
                state = f"revoked {client.revoked_at:%Y-%m-%d}" if client.revoked_at else "active"
                self.stdout.write(f"{client.key_prefix}  {state:20}  {client.name}")
        else:
            changed = ApiClient.objects.filter(
                key_prefix=options["prefix"], revoked_at__isnull=True
            ).update(revoked_at=timezone.now())
            if not changed:
                raise CommandError(f"No active client has the prefix {options['prefix']}.")
            self.stdout.write(f"Revoked {options['prefix']}.")
