from typing import TextIO

from django.core.management import call_command

from eservice.catalogue.models import Service
from eservice.documents import issuing


def load(out: TextIO) -> None:
    # Signing keys first, so that `make run` can issue signed documents straight away.
    call_command("make_demo_ca", verbosity=0)
    services = Service.objects.filter(document_templates__isnull=True).select_related("agency")
    made = [issuing.default_template(service) for service in services]
    out.write(f"demo CA and agency keys ready; document templates added: {len(made)}\n")
