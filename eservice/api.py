"""The JSON API at /api/, documented at /api/docs and /api/openapi.json.

Each app adds its own router here."""

from eservice.cases.api import router as cases
from eservice.catalogue.api import router as catalogue
from eservice.documents.api import router as documents
from eservice.intake.api import router as intake
from eservice.lib import errors
from eservice.lib.health import database_ok, live_workers
from eservice.oversight.api import router as oversight
from eservice.payments.api import router as payments
from eservice.registry.api import router as registry

api = errors.Api(
    title="eservice API",
    version="1",
    description=(
        "Electronic public services under the Thai Electronic Public Service Act B.E. 2565. "
        "Errors carry a message in Thai and in English."
    ),
    openapi_url="/openapi.json",
    docs_url="/docs",
)


@api.get("/health", tags=["platform"], summary="Database and worker status")
def health(request) -> dict[str, bool | int]:  # type: ignore[no-untyped-def]
    return {"database": database_ok(), "workers": live_workers()}


api.add_router("/agencies", registry)
api.add_router("/services", catalogue)
api.add_router("/requests", intake)
api.add_router("/cases", cases)
api.add_router("/documents", documents)
api.add_router("/payments", payments)
api.add_router("/oversight", oversight)
