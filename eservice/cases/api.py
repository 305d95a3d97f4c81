"""Cases for connected systems and scripts, with the same rule as the pages: a signed-in
officer sees only the cases of their own agency, and every read is logged."""

from datetime import date, datetime

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema
from ninja.security import django_auth

from eservice.cases import queries
from eservice.cases.models import Case
from eservice.identity.models import User
from eservice.lib import audit
from eservice.lib.badinput import PageNumber
from eservice.lib.errors import ApiError

router = Router(tags=["cases"], auth=django_auth)


class CaseOut(Schema):
    reference: str
    status: str
    applicant_name: str
    service: str | None
    due_on: date
    paused: bool
    overdue: bool
    assignee: str | None
    deemed_received_at: datetime


class TransitionOut(Schema):
    at: datetime
    from_status: str
    to_status: str
    actor: str | None
    reason: str


class CaseDetailOut(CaseOut):
    answers: dict[str, object]
    history: list[TransitionOut]


def _out(case: Case) -> dict[str, object]:
    return {
        "reference": case.request.reference,
        "status": case.status,
        "applicant_name": case.request.applicant_name,
        "service": str(case.service) if case.service else None,
        "due_on": case.due_on,
        "paused": case.is_paused,
        "overdue": case.is_overdue(),
        "assignee": case.assignee.get_username() if case.assignee else None,
        "deemed_received_at": case.request.deemed_received_at,
    }


def _agency_of(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if user.agency is None:
        raise ApiError(403, "no_agency", _("Only an agency's staff can list its cases."))
    return user


@router.get("/", response=list[CaseOut], summary="Your agency's cases, most urgent first")
def list_cases(
    request: HttpRequest,
    view: str = "open",
    status: str = "",
    q: str = "",
    page: PageNumber = 1,
) -> list[dict[str, object]]:
    user = _agency_of(request)
    assert user.agency is not None
    f = queries.InboxFilter.from_query({"view": view, "status": status, "q": q})
    start = (page - 1) * queries.PAGE_SIZE
    cases = list(
        queries.inbox(user.agency, user, f).select_related("request")[
            start : start + queries.PAGE_SIZE
        ]
    )
    audit.record(
        "case.inbox", request=request, agency_id=user.agency_id, detail={"api": True, "q": q}
    )
    return [_out(c) for c in cases]


@router.get("/{reference}", response=CaseDetailOut, summary="One case with its history")
def get_case(request: HttpRequest, reference: str) -> dict[str, object]:
    user: User = request.user  # type: ignore[assignment]
    case = (
        Case.objects.select_related("request", "service", "assignee")
        .filter(request__reference=reference)
        .first()
    )
    if case is None:
        raise ApiError(404, "not_found", _("There is no case with this reference."))
    if not user.can_read(case.agency_id):
        audit.record(
            "case.refused",
            request=request,
            obj=case.request,
            agency_id=case.agency_id,
            detail={"what": "read", "path": request.path, "api": True},
        )
        raise ApiError(403, "other_agency", _("This case belongs to another agency."))
    audit.record(
        "request.view",
        request=request,
        obj=case.request,
        agency_id=case.agency_id,
        detail={"api": True},
    )
    history = [
        {
            "at": t.at,
            "from_status": t.from_status,
            "to_status": t.to_status,
            "actor": t.actor.get_username() if t.actor else None,
            "reason": t.reason,
        }
        for t in case.request.transitions.select_related("actor")
    ]
    return {**_out(case), "answers": case.request.answers or {}, "history": history}
