"""Where each agency stands: measured from what it does on the platform, raised by the
declarations oversight staff accepted (1.1: an agency already higher keeps its methods).

Oversight reads the other apps' records without them knowing. Those apps grow while this
one is in use, so every source is looked up by name and a missing model or field simply
measures nothing: the agency can still declare what it does.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models import Count, F, Max, Min, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from eservice.oversight.models import (
    AgencyStatus,
    DailyFigures,
    Declaration,
    Level,
    Step,
)

# Steps every service has; the others (identity, documents, fees, issuing) do not apply to
# every service, so they are shown but do not pull the overall level down.
CORE_STEPS = [Step.RECEIVE, Step.ACKNOWLEDGE, Step.CONSIDER, Step.NOTIFY, Step.ARCHIVE]

HANDLED = ["completed", "rejected", "withdrawn", "forwarded", "incomplete"]


def model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def has_fields(m: type[models.Model] | None, *paths: str) -> bool:
    """Whether every lookup path's first field exists (agency__x checks agency)."""
    if m is None:
        return False
    try:
        for path in paths:
            m._meta.get_field(path.split("__")[0])
    except FieldDoesNotExist:
        return False
    return True


Only = list[int] | None  # measure these agencies only; None for all


def agencies_with(label: str, agency: str, only: Only, **filters: Any) -> set[int]:
    m = model(label)
    if not has_fields(m, agency, *filters):
        return set()
    assert m is not None
    rows = m._default_manager.filter(**filters)
    if only is not None:
        rows = rows.filter(**{f"{agency}__in": only})
    return set(rows.values_list(agency, flat=True).distinct())


def requests(since: datetime, only: Only, **filters: Any) -> set[int]:
    return agencies_with("intake.Request", "agency_id", only, entered_at__gte=since, **filters)


def moved_to(since: datetime, only: Only, *statuses: str, **filters: Any) -> set[int]:
    """Agencies whose requests were moved to these states in the platform's workflow."""
    return agencies_with(
        "cases.Transition",
        "request__agency_id",
        only,
        at__gte=since,
        to_status__in=statuses,
        **filters,
    )


def verified_email(since: datetime, only: Only) -> set[int]:
    return agencies_with(
        "registry.Channel",
        "agency_id",
        only,
        kind__in=["central_email", "unit_email"],
        status="verified",
    )


def first_found(only: Only, candidates: Iterable[tuple[str, str, dict[str, Any]]]) -> set[int]:
    """The first candidate source that exists: apps still name their models as they land."""
    for label, agency, filters in candidates:
        m = model(label)
        if has_fields(m, agency, *filters):
            return agencies_with(label, agency, only, **filters)
    return set()


def signed_documents(since: datetime, only: Only) -> set[int]:
    return first_found(
        only,
        [("documents.Document", "agency_id", {"issued_at__gte": since, "signature_level__gt": ""})],
    )


def promptpay_account(since: datetime, only: Only) -> set[int]:
    """An account (PromptPay ID or biller ID) people can pay into: the beginner level."""
    return first_found(only, [("payments.PaymentAccount", "agency_id", {})])


def promptpay_payments(since: datetime, only: Only) -> set[int]:
    """Fees paid against a PromptPay QR invoice and matched automatically."""
    return first_found(
        only, [("payments.Invoice", "agency_id", {"paid_at__gte": since, "status": "paid"})]
    )


def verified_identity(since: datetime, only: Only) -> set[int]:
    """Requests to services whose manual requires a verified identity (IAL2: ThaID or the
    DOPA card check), which the platform enforces before it accepts them."""
    return first_found(
        only,
        [
            (
                "intake.Request",
                "agency_id",
                {
                    "entered_at__gte": since,
                    "service_version__service__identity_assurance__in": ["ial2", "ial3"],
                },
            )
        ],
    )


class Rule(NamedTuple):
    """A fact on the platform that shows an agency works at `level` for `step`."""

    step: str
    level: int
    text: str | Promise
    agencies: Callable[[datetime, Only], set[int]]


RULES = [
    Rule(
        Step.RECEIVE,
        Level.BEGINNER,
        _("A verified central e-mail address in the register, or requests received by e-mail"),
        lambda since, only: verified_email(since, only) | requests(since, only, channel="email"),
    ),
    Rule(
        Step.RECEIVE,
        Level.STANDARD,
        _("Requests received through the platform's online forms"),
        lambda since, only: requests(since, only, channel="web"),
    ),
    Rule(
        Step.RECEIVE,
        Level.ADVANCED,
        _("Requests received from a connected system by API"),
        lambda since, only: requests(since, only, channel="api"),
    ),
    Rule(
        Step.ACKNOWLEDGE,
        Level.BEGINNER,
        _("Requests received by e-mail answered with their receipt number"),
        lambda since, only: requests(since, only, channel="email", acknowledgement__isnull=False),
    ),
    Rule(
        Step.ACKNOWLEDGE,
        Level.STANDARD,
        _("Online requests acknowledged automatically with their request number"),
        lambda since, only: requests(
            since, only, channel__in=["web", "api"], acknowledgement__isnull=False
        ),
    ),
    Rule(
        Step.VERIFY_IDENTITY,
        Level.STANDARD,
        _("Requests to services that require a verified identity (ThaID or ID-card check)"),
        verified_identity,
    ),
    Rule(
        Step.CHECK_DOCUMENTS,
        Level.BEGINNER,
        _("Requests checked on the platform, deficiencies recorded once"),
        lambda since, only: moved_to(since, only, "checking", "deficient"),
    ),
    Rule(
        Step.CONSIDER,
        Level.STANDARD,
        _("Requests considered and decided in the platform's electronic workflow"),
        lambda since, only: moved_to(since, only, "considering", "approved", "rejected"),
    ),
    Rule(
        Step.PAY,
        Level.BEGINNER,
        _("A PromptPay or bank account for fees, published on the platform"),
        promptpay_account,
    ),
    Rule(
        Step.PAY,
        Level.STANDARD,
        _("Fees paid by PromptPay QR with automatic confirmation"),
        promptpay_payments,
    ),
    Rule(
        Step.ISSUE,
        Level.STANDARD,
        _("Digitally signed documents issued"),
        signed_documents,
    ),
    Rule(
        Step.NOTIFY,
        Level.STANDARD,
        _("Applicants told of every change of state by e-mail and on their tracking page"),
        lambda since, only: moved_to(
            since, only, *HANDLED, "considering", request__applicant_email__gt=""
        ),
    ),
    Rule(
        Step.ARCHIVE,
        Level.STANDARD,
        _("Completed requests kept as electronic case files"),
        lambda since, only: moved_to(since, only, "completed"),
    ),
]


def rules_for(step: str, level: int) -> list[Rule]:
    return [r for r in RULES if r.step == step and r.level == level]


def activity_since(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.OVERSIGHT_ACTIVITY_DAYS)


def measured_levels(since: datetime, only: Only = None) -> dict[int, dict[str, int]]:
    levels: dict[int, dict[str, int]] = defaultdict(dict)
    for rule in RULES:
        for agency_id in rule.agencies(since, only):
            current = levels[agency_id].get(rule.step, 0)
            levels[agency_id][rule.step] = max(current, rule.level)
    return levels


def declared_levels(agency_ids: Iterable[int] | None = None) -> dict[int, dict[str, int]]:
    accepted = Declaration.objects.filter(status=Declaration.Status.ACCEPTED)
    if agency_ids is not None:
        accepted = accepted.filter(agency_id__in=list(agency_ids))
    levels: dict[int, dict[str, int]] = defaultdict(dict)
    for row in accepted.values("agency_id", "step").annotate(level=Max("level")):
        levels[row["agency_id"]][row["step"]] = row["level"]
    return levels


def combine(measured: dict[str, int], declared: dict[str, int]) -> dict[str, dict[str, int]]:
    return {
        step: {
            "measured": measured.get(step, 0),
            "declared": declared.get(step, 0),
            "level": max(measured.get(step, 0), declared.get(step, 0)),
        }
        for step in Step.values
    }


def readiness(agency_id: int) -> dict[str, dict[str, int]]:
    """One agency's levels now, measured live: its own page never waits for the nightly run."""
    measured = measured_levels(activity_since(), [agency_id]).get(agency_id, {})
    return combine(measured, declared_levels([agency_id]).get(agency_id, {}))


def overall(steps: dict[str, dict[str, int]]) -> int:
    return min(steps[step]["level"] for step in CORE_STEPS)


# --- §20/§22 duties ----------------------------------------------------------------------------

DUTIES = {
    "channel_announced": _("Announce the agency's electronic channel, with its date (§20)"),
    "email_verified": _("Register and verify the agency's central e-mail address"),
    "services_published": _("Publish the agency's services with their public manuals"),
    "services_on_portal": _("List the agency's services on the Citizen Portal or Biz Portal"),
}


def duties_facts() -> dict[str, dict[int, Any]]:
    """Per duty, per agency: the fact, or no entry for an agency without it. A duty whose
    source is not on the platform yet is absent from the result."""
    facts: dict[str, dict[int, Any]] = {}
    channel = model("registry.Channel")
    if has_fields(channel, "announced_on", "agency", "status", "kind"):
        assert channel is not None
        facts["channel_announced"] = dict(
            channel._default_manager.filter(announced_on__isnull=False)
            .values("agency_id")
            .annotate(first=Min("announced_on"))
            .values_list("agency_id", "first")
        )
        facts["email_verified"] = {a: True for a in verified_email(timezone.now(), None)}
        facts["services_on_portal"] = dict(
            channel._default_manager.filter(
                kind__in=["citizen_portal", "biz_portal"], status__in=["listed", "verified"]
            )
            .values("agency_id")
            .annotate(n=Count("pk"))
            .values_list("agency_id", "n")
        )
    service = model("catalogue.Service")
    if has_fields(service, "agency", "status"):
        assert service is not None
        facts["services_published"] = dict(
            service._default_manager.filter(status="published")
            .values("agency_id")
            .annotate(n=Count("pk"))
            .values_list("agency_id", "n")
        )
        portal_flags = [
            f for f in ("on_citizen_portal_since", "on_biz_portal_since") if has_fields(service, f)
        ]
        if portal_flags:
            listed = Q()
            for flag in portal_flags:
                listed |= Q(**{f"{flag}__isnull": False})
            # A listing in the register (registry channel) and flagged services are two views
            # of the same fact: count the larger, never both.
            on_portal = facts.setdefault("services_on_portal", {})
            for agency_id, n in (
                service._default_manager.filter(listed, status="published")
                .values("agency_id")
                .annotate(n=Count("pk"))
                .values_list("agency_id", "n")
            ):
                on_portal[agency_id] = max(on_portal.get(agency_id, 0), n)
    return facts


def missing_duties(status: AgencyStatus) -> list[str]:
    """The duties required (settings.OVERSIGHT_DUTIES) that the agency has not met; a duty
    the platform cannot measure yet is not held against anyone."""
    # email_verified is None exactly when the register of channels is not there to ask.
    channels_known = status.email_verified is not None
    unmet = {
        "channel_announced": channels_known and status.channel_announced_on is None,
        "email_verified": status.email_verified is False,
        "services_published": not status.services_published,
        "services_on_portal": status.services_on_portal == 0,
    }
    return [duty for duty in settings.OVERSIGHT_DUTIES if unmet.get(duty)]


def request_figures(since: datetime) -> dict[int, dict[str, int]]:
    m = model("intake.Request")
    figures: dict[int, dict[str, int]] = defaultdict(dict)
    if not has_fields(m, "agency", "status", "entered_at"):
        return figures
    assert m is not None
    rows = (
        m._default_manager.filter(entered_at__gte=since)
        .values("agency_id")
        .annotate(received=Count("pk"), handled=Count("pk", filter=Q(status__in=HANDLED)))
    )
    for row in rows:
        figures[row["agency_id"]] = {"received": row["received"], "handled": row["handled"]}
    # "On time": decided by the due date of the legal clock that case handling keeps.
    case = model("cases.Case")
    if has_fields(case, "agency", "due_on", "decided_at"):
        assert case is not None
        for agency_id, n in (
            case._default_manager.filter(decided_at__gte=since, decided_at__date__lte=F("due_on"))
            .values("agency_id")
            .annotate(n=Count("pk"))
            .values_list("agency_id", "n")
        ):
            figures[agency_id]["on_time"] = n
        for row in figures.values():
            row.setdefault("on_time", 0)
    return figures


# --- refreshing --------------------------------------------------------------------------------


def refresh_statuses(now: datetime | None = None) -> int:
    """Measure every agency and store where it stands. Returns the number of agencies."""
    from eservice.registry.models import Agency

    now = now or timezone.now()
    since = activity_since(now)
    measured = measured_levels(since)
    declared = declared_levels()
    facts = duties_facts()
    figures = request_figures(since)
    measurable_on_time = has_fields(model("cases.Case"), "agency", "due_on", "decided_at")
    province_field = "province_code" if has_fields(Agency, "province_code") else None

    rows = []
    fields = ["pk", "kind"] + ([province_field] if province_field else [])
    # Bodies section 4 leaves out are not measured, so no list or notice ever names them.
    agencies = Agency.objects.filter(outside_the_act=False).only(*fields)
    for agency in agencies.iterator(chunk_size=2000):
        steps = combine(measured.get(agency.pk, {}), declared.get(agency.pk, {}))
        request = figures.get(agency.pk, {})
        status = AgencyStatus(
            agency_id=agency.pk,
            kind=agency.kind,
            province=getattr(agency, province_field) if province_field else "",
            steps=steps,
            overall=overall(steps),
            channel_announced_on=facts.get("channel_announced", {}).get(agency.pk),
            email_verified=(
                agency.pk in facts["email_verified"] if "email_verified" in facts else None
            ),
            services_published=facts.get("services_published", {}).get(agency.pk, 0),
            services_on_portal=(
                facts["services_on_portal"].get(agency.pk, 0)
                if "services_on_portal" in facts
                else None
            ),
            requests_received=request.get("received", 0),
            requests_handled=request.get("handled", 0),
            requests_on_time=request.get("on_time", 0) if measurable_on_time else None,
            measured_at=now,
            compliant=False,
        )
        status.compliant = not missing_duties(status)
        rows.append(status)

    update = [f.name for f in AgencyStatus._meta.concrete_fields if f.name != "agency"]
    with transaction.atomic():
        AgencyStatus.objects.bulk_create(
            rows,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["agency"],
            update_fields=update,
        )
        AgencyStatus.objects.exclude(measured_at=now).delete()  # agencies removed
    return len(rows)


ALL = "*"  # the kind or province of a roll-up row: every kind, every province
COUNTS = [
    "agencies",
    "standard_or_above",
    "compliant",
    "channel_announced",
    "email_verified",
    "with_services",
    "services_published",
    "services_on_portal",
    "requests_received",
    "requests_handled",
    "requests_on_time",
]


def build_daily_figures(day: date | None = None) -> int:
    """Aggregate AgencyStatus into one row per kind and province, plus roll-ups for every
    kind in a province, every province of a kind and the whole country, so that any view
    of the dashboard reads ready rows and sums nothing."""
    day = day or timezone.localdate()
    groups: dict[tuple[str, str], DailyFigures] = {}

    def group(kind: str, province: str) -> DailyFigures:
        g = groups.get((kind, province))
        if g is None:
            g = groups[(kind, province)] = DailyFigures(
                day=day, kind=kind, province=province, by_level={}, by_step={}
            )
        return g

    for s in AgencyStatus.objects.iterator(chunk_size=2000):
        facts = {
            "agencies": 1,
            "standard_or_above": int(s.overall >= Level.STANDARD),
            "compliant": int(s.compliant),
            "channel_announced": int(s.channel_announced_on is not None),
            "email_verified": int(bool(s.email_verified)),
            "with_services": int(s.services_published > 0),
            "services_published": s.services_published,
            "services_on_portal": s.services_on_portal or 0,
            "requests_received": s.requests_received,
            "requests_handled": s.requests_handled,
            "requests_on_time": s.requests_on_time or 0,
        }
        levels = {step: str(s.level_of(step)) for step in Step.values}
        for key in ((s.kind, s.province), (s.kind, ALL), (ALL, s.province), (ALL, ALL)):
            g = group(*key)
            for name, value in facts.items():
                setattr(g, name, getattr(g, name) + value)
            g.by_level[str(s.overall)] = g.by_level.get(str(s.overall), 0) + 1
            for step, level in levels.items():
                per_step = g.by_step.setdefault(step, {})
                per_step[level] = per_step.get(level, 0) + 1
    with transaction.atomic():
        DailyFigures.objects.filter(day=day).delete()
        DailyFigures.objects.bulk_create(groups.values(), batch_size=1000)
    return len(groups)
