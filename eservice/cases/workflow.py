"""The states a request moves through, and the only moves allowed between them.

Every move is checked against ALLOWED, applied only if the request is still in the state the
officer saw (so two officers acting at once never overwrite each other), recorded with who,
when and why, and written to the audit log.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from eservice.cases.models import Transition
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
    with transaction.atomic():
        changed = Request.objects.filter(pk=request.pk, status=current).update(status=to)
        if not changed:
            raise Conflict(_("This request was changed by someone else. Reload it and try again."))
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
    request.status = to
    return transition
