"""What officers and applicants do to a case, one function per act. Each runs in
audit.action(), so what it records survives its own rollback, and each that acts on what an
officer saw checks the case's version first, so a stale page never overwrites a newer
change."""

from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from eservice.cases import notices
from eservice.cases.models import (
    DECIDED,
    Case,
    Deficiency,
    Message,
    Note,
)
from eservice.cases.workflow import Conflict, NotAllowed, move
from eservice.identity.models import User
from eservice.intake.models import InboundEmail, Request
from eservice.intake.services import store_attachment
from eservice.lib import audit
from eservice.registry.models import Agency

S = Request.Status
# Attachments sent in answer to the deficiency request, told apart from the first ones.
DEFICIENCY_ANSWER = "deficiency-answer"
ONCE_ONLY = _(
    "Documents were already requested once for this request, on %(date)s. The Licensing "
    "Facilitation Act B.E. 2558 allows an agency to ask for more documents only once: decide "
    "on the documents you have, or reject the request with reasons."
)


def claim(case: Case, version: int) -> None:
    """Go on only if nobody changed the case since the officer's page was drawn."""
    if not Case.objects.filter(pk=case.pk, version=version).update(version=F("version") + 1):
        raise Conflict(_("This case was changed by someone else. Reload it and try again."))
    case.version = version + 1


def assign(case: Case, actor: User, assignee: User | None, version: int) -> None:
    if assignee is not None and not assignee.can_act(case.agency_id):
        raise NotAllowed(_("Cases can be assigned only to active officers of this agency."))
    with audit.action():
        claim(case, version)
        Case.objects.filter(pk=case.pk).update(assignee=assignee)
        case.assignee = assignee
        audit.record(
            "case.assign",
            actor=actor.get_username(),
            obj=case.request,
            agency_id=case.agency_id,
            detail={"assignee": assignee.get_username() if assignee else None},
        )


def request_deficiencies(
    case: Case, actor: User, items: list[dict[str, str]], note: str, deadline: date, version: int
) -> Deficiency:
    existing = Deficiency.objects.filter(case=case).first()
    if existing is not None:
        raise NotAllowed(ONCE_ONLY % {"date": timezone.localdate(existing.requested_at)})
    if case.status != S.CHECKING:
        raise NotAllowed(_("Documents can be requested only while the request is being checked."))
    if not items:
        raise NotAllowed(_("Tick or add at least one document that is missing or wrong."))
    if deadline <= timezone.localdate():
        raise NotAllowed(_("The deadline must be a date after today."))
    try:
        with audit.action():
            claim(case, version)
            deficiency = Deficiency.objects.create(
                case=case, items=items, note=note, deadline=deadline, requested_by=actor
            )
            case.deficiency = deficiency
            move(
                case.request,
                S.DEFICIENCIES_REQUESTED,
                actor=actor,
                reason=note,
                expected=S.CHECKING,
            )
    except IntegrityError:
        # Two officers asking at the same moment: the database lets only one through.
        raise NotAllowed(ONCE_ONLY % {"date": timezone.localdate()}) from None
    return deficiency


def answer_deficiency(
    case: Case, answer: str, uploads: list[UploadedFile], via: str, actor: User | None = None
) -> None:
    """The applicant's answer (online, or by e-mail as recorded by an officer): the files,
    a message in the case, and the clock running again."""
    deficiency = case.deficiency
    if deficiency.answered_at is not None or case.status != S.DEFICIENCIES_REQUESTED:
        raise NotAllowed(_("This request for documents has already been answered."))
    with audit.action():
        for upload in uploads:
            attachment = store_attachment(upload, field_key=DEFICIENCY_ANSWER)
            attachment.request = case.request
            attachment.save()
        Deficiency.objects.filter(pk=deficiency.pk).update(
            answered_at=timezone.now(), answer=answer, answered_via=via
        )
        if answer:
            Message.objects.create(
                case=case, direction=Message.Direction.FROM_APPLICANT, body=answer, author=actor
            )
        audit.record(
            "deficiency.answer",
            actor=actor.get_username() if actor else "applicant",
            obj=case.request,
            agency_id=case.agency_id,
            detail={"via": via, "files": len(uploads)},
        )
        move(
            case.request,
            S.CHECKING,
            actor=actor,
            reason=str(_("The applicant answered the request for documents.")),
            expected=S.DEFICIENCIES_REQUESTED,
        )


def close_incomplete(case: Case, actor: User, reason: str, version: int) -> None:
    deficiency = getattr(case, "deficiency", None)
    if deficiency is None or case.status != S.DEFICIENCIES_REQUESTED:
        raise NotAllowed(_("Only a request waiting for documents can be closed as incomplete."))
    if not deficiency.is_past_deadline():
        raise NotAllowed(
            _("The applicant has until %(date)s to answer. Close the request after that date.")
            % {"date": deficiency.deadline}
        )
    with audit.action():
        claim(case, version)
        move(case.request, S.CLOSED_INCOMPLETE, actor=actor, reason=reason, expected=case.status)


def forward(
    case: Case,
    actor: User,
    version: int,
    *,
    unit: str = "",
    agency: Agency | None = None,
    reason: str = "",
) -> None:
    """§10 ¶2: to the competent unit inside the agency, or, when another agency is
    competent, close the request and tell the applicant which agency."""
    with audit.action():
        claim(case, version)
        if agency is not None:
            if agency.pk == case.agency_id:
                raise NotAllowed(_("Choose another agency, or forward to a unit of this one."))
            Case.objects.filter(pk=case.pk).update(forwarded_to=agency)
            case.forwarded_to = agency
            move(case.request, S.FORWARDED, actor=actor, reason=reason, expected=case.status)
            return
        Case.objects.filter(pk=case.pk).update(unit=unit, assignee=None)
        case.unit, case.assignee = unit, None
        Note.objects.create(
            case=case,
            author=actor,
            body=str(_("Forwarded to %(unit)s.") % {"unit": unit})
            + (f"\n{reason}" if reason else ""),
        )
        audit.record(
            "case.forward_unit",
            actor=actor.get_username(),
            obj=case.request,
            agency_id=case.agency_id,
            detail={"unit": unit, "reason": reason},
        )


def send_message(case: Case, actor: User, body: str) -> Message:
    with audit.action():
        message = Message.objects.create(
            case=case, direction=Message.Direction.TO_APPLICANT, body=body, author=actor
        )
        audit.record(
            "case.message", actor=actor.get_username(), obj=case.request, agency_id=case.agency_id
        )
        notices.send(
            case,
            "message",
            # Translators: subject of an officer's message to the applicant.
            gettext_noop("Message about your request %(reference)s"),
            {"body": body},
        )
    return message


def add_note(case: Case, actor: User, body: str) -> Note:
    with audit.action():
        note = Note.objects.create(case=case, author=actor, body=body)
        audit.record(
            "case.note", actor=actor.get_username(), obj=case.request, agency_id=case.agency_id
        )
    return note


def record_result_notified(case: Case, actor: User, how: str) -> None:
    """The result reached the applicant some other way (by post, in person)."""
    if case.status not in DECIDED or case.result_notified_at is not None:
        raise NotAllowed(_("There is no result waiting to be notified."))
    with audit.action():
        now = timezone.now()
        Case.objects.filter(pk=case.pk).update(result_notified_at=now)
        case.result_notified_at = now
        audit.record(
            "case.result_notified",
            actor=actor.get_username(),
            obj=case.request,
            agency_id=case.agency_id,
            detail={"how": how},
        )


def answer_by_email(inbound_id: int) -> None:
    """The applicant replied by e-mail to the request for documents (intake has joined the
    reply and its files to the request)."""
    inbound = InboundEmail.objects.select_related("request").get(pk=inbound_id)
    assert inbound.request is not None
    case = Case.open_for(inbound.request)
    deficiency = Deficiency.objects.filter(case=case, answered_at=None).first()
    if deficiency is None or case.status != S.DEFICIENCIES_REQUESTED:
        return
    try:
        answer_deficiency(case, inbound.body, [], via=Deficiency.Via.EMAIL)
    except (NotAllowed, Conflict):
        # Answered online or by an officer meanwhile: the reply stays on the request.
        return
