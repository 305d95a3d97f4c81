"""Load demonstration data, idempotently: each app's demo.load() in INSTALLED_APPS order."""

from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Load demo agencies, services, users and requests. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo data is for development and demonstrations, not production.")
        for app in apps.get_app_configs():
            if not app.name.startswith("eservice."):
                continue
            try:
                demo = import_module(f"{app.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app.name}.demo":
                    raise
                continue
            with transaction.atomic():
                demo.load(self.stdout)
