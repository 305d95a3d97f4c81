"""Who may see and do what with a case, by the rules on User (can_read, can_act). A refusal
is logged: it is either a mistake or someone probing."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from eservice.cases.models import Case
from eservice.identity.models import User
from eservice.lib import audit


def refuse(request: HttpRequest, what: str, case: Case | None = None, **detail: Any) -> None:
    audit.record(
        "case.refused",
        request=request,
        obj=case.request if case is not None else None,
        agency_id=case.agency_id if case is not None else None,
        detail={"what": what, "path": request.path, "method": request.method, **detail},
    )
    raise PermissionDenied


def get_case(request: HttpRequest, reference: str, *, act: bool = False) -> Case:
    case = (
        Case.objects.select_related("request", "agency", "assignee", "service", "forwarded_to")
        .filter(request__reference=reference)
        .first()
    )
    if case is None:
        raise Http404
    user: User = request.user  # type: ignore[assignment]
    allowed = user.can_act(case.agency_id) if act else user.can_read(case.agency_id)
    if not allowed:
        refuse(request, "act" if act else "read", case)
    return case


def agency_staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in staff of an agency (admin, officer or viewer)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.agency_id is None:  # type: ignore[union-attr]
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
