from eservice.documents.testing import (  # noqa: F401 - fixtures
    approved_request,
    key_dir,
    licence,
    licence_service,
    signing_setup,
    tsa_url,
)
from eservice.lib.testing import local_server, secret  # noqa: F401 - fixtures
