"""Make the demo CA and a signing certificate for every agency that has none (idempotent)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from eservice.documents import keys
from eservice.registry.models import Agency


class Command(BaseCommand):
    help = "Create the demo certificate authority and per-agency demo signing keys in var/keys/."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--all",
            action="store_true",
            help="Every agency in the register, not only those with services or officers "
            "(the others get theirs the first time they sign).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.SIGNING_DEMO_CA:
            raise CommandError(
                "SIGNING_DEMO_CA is off (production): configure each agency's real key instead."
            )
        keys.demo_ca_pem()
        verbose = options["verbosity"] > 0
        chosen = Agency.objects.only("code", "name_th", "name_en")
        if not options["all"]:
            chosen = chosen.filter(Q(services__isnull=False) | Q(officers__isnull=False)).distinct()
        agencies = list(chosen)
        made = 0
        for n, agency in enumerate(agencies, 1):
            made += keys.make_agency_key(agency.code, agency.name_en or agency.code)
            if verbose and (n % 20 == 0 or n == len(agencies)):
                self.stdout.write(f"\r{n}/{len(agencies)} agencies", ending="")
        if verbose:
            self.stdout.write(
                f"\nDemo CA: {keys.ca_cert_path()}; {made} new agency key(s) in {keys.key_dir()}"
            )
