from eservice.documents.testing import (  # noqa: F401 - fixtures
    approved_request,
    key_dir,
    licence,
    licence_service,
    signing_setup,
)
