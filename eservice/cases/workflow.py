"""The states a request moves through, and the only moves allowed between them.

Every move is checked against ALLOWED, applied only if the request is still in the state the
officer saw (so two officers acting at once never overwrite each other), recorded with who,
when and why, written to the audit log, and told to the applicant where the applicant
should know. The case's clock stops while the agency waits for the applicant.
"""

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eservice.cases import notices
from eservice.cases.models import CLOSED, DECIDED, PAUSED, Case, Transition
from eservice.identity.models import User
from eservice.intake.models import Request
from eservice.lib import audit

S = Request.Status

ALLOWED: dict[str, set[str]] = {
    S.SUBMITTED: {S.CHECKING, S.FORWARDED, S.WITHDRAWN},
    S.CHECKING: {S.DEFICIENCIES_REQUESTED, S.CONSIDERING, S.REJECTED, S.FORWARDED, S.WITHDRAWN},
    S.DEFICIENCIES_REQUESTED: {S.CHECKING, S.CLOSED_INCOMPLETE, S.WITHDRAWN},
    S.CONSIDERING: {S.APPROVED, S.REJECTED, S.WITHDRAWN},
    S.APPROVED: {S.AWAITING_FEE, S.ISSUING, S.COMPLETED},
    S.AWAITING_FEE: {S.PAID, S.WITHDRAWN},
    S.PAID: {S.ISSUING},
    S.ISSUING: {S.COMPLETED},
    S.COMPLETED: set(),
    S.REJECTED: set(),
    S.WITHDRAWN: set(),
    S.FORWARDED: set(),
    S.CLOSED_INCOMPLETE: set(),
}


class NotAllowed(Exception):
    """The state machine does not allow this move; the message says why."""


class Conflict(Exception):
    """Someone else changed the request since it was read."""


def move(
    request: Request,
    to: str,
    *,
    actor: User | None,
    reason: str = "",
    expected: str | None = None,
) -> Transition:
    """Move `request` to state `to`. `expected` is the state the actor saw (default: the
    state of the object passed in)."""
    current = expected or request.status
    if to not in ALLOWED.get(current, set()):
        raise NotAllowed(
            _("A request that is “%(current)s” cannot become “%(to)s”.")
            % {"current": S(current).label, "to": S(to).label}
        )
    with audit.action():
        changed = Request.objects.filter(pk=request.pk, status=current).update(status=to)
        if not changed:
            raise Conflict(_("This request was changed by someone else. Reload it and try again."))
        request.status = to
        case = Case.open_for(request)
        case.request = request
        _run_clock(case, current, to)
        transition = Transition.objects.create(
            request=request, from_status=current, to_status=to, actor=actor, reason=reason
        )
        audit.record(
            "request.move",
            actor=actor.get_username() if actor else "system",
            obj=request,
            agency_id=request.agency_id,
            detail={"from": current, "to": to, "reason": reason},
        )
        notices.status_changed(case, transition)
    return transition


def _run_clock(case: Case, current: str, to: str) -> None:
    now = timezone.now()
    if to in PAUSED and case.paused_since is None:
        case.paused_since = now
    elif current in PAUSED and to not in PAUSED and case.paused_since is not None:
        case.paused_days += case.calendar().working_days_between(
            timezone.localdate(case.paused_since), timezone.localdate(now)
        )
        case.paused_since = None
        case.due_on = case.compute_due_on()
    if to in DECIDED and case.decided_at is None:
        case.decided_at = now
        case.days_taken = case.working_days_used(now)
    case.status = to
    case.is_open = to not in CLOSED
    fields = ["status", "is_open", "paused_since", "paused_days", "due_on", "decided_at"]
    Case.objects.filter(pk=case.pk).update(
        version=F("version") + 1,
        days_taken=case.days_taken,
        **{f: getattr(case, f) for f in fields},
    )
    case.refresh_from_db(fields=["version"])
