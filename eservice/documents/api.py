"""The public licence register and document status, for connected systems."""

from datetime import date, datetime

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema

from eservice.documents.forms import RegisterFilter
from eservice.documents.models import Document
from eservice.documents.views import register_query, register_rows
from eservice.lib.badinput import Offset
from eservice.lib.errors import ApiError

router = Router(tags=["documents"])


class Licence(Schema):
    id: str
    number: str
    title: str
    kind: str
    holder: str
    agency_code: str
    agency: str
    area: str
    issued_at: datetime
    valid_until: date | None
    status: str
    revoked_at: datetime | None
    revoked_reason: str
    verify_url: str


class RegisterQuery(Schema):
    holder: str = ""
    agency: str = ""
    kind: str = ""
    area: str = ""
    current: bool = False
    offset: Offset = 0
    limit: int = 100


@router.get("/register", response=list[Licence], summary="The public licence register (§13)")
def licence_register(request: HttpRequest, filters: Query[RegisterQuery]) -> list[dict]:
    form = RegisterFilter(filters.dict())
    limit = max(1, min(filters.limit, 1000))
    return register_rows(register_query(form)[filters.offset : filters.offset + limit])


@router.get("/{token}", response=Licence, summary="One document's status, as its QR page shows")
def document_status(request: HttpRequest, token: str) -> dict:
    document = Document.objects.select_related("agency").filter(token=token).first()
    if document is None:
        raise ApiError(404, "not_found", _("No document has this id."), field="token")
    return register_rows([document])[0]  # type: ignore[list-item]
